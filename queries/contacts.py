"""Contacts with the teams: how many, through which channel, about which theme, with what outcome."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import and_, func, select

from queries import categories
from queries.areas import team_of_area
from queries.database import Database
from queries.disclosure import DisclosureRules, Relation, publish_frame
from queries.periods import Period, month_key, months_between
from queries.schema import area, area_ancestor, area_population, contact_month

NO_TEAM = ""  # code of the part "without a team area"
# The total each measure is a part of.
PART_OF = {
    "short_interventions": "contacts",
    "dossiers": "contacts",
    "channel": "contacts",
    "theme": "contacts",
    "question_type": "contacts",
    "month": "contacts",
    "team": "dossiers",
}


@dataclass(frozen=True)
class KeyFigures:
    """The published key figures of one area and period.

    ``cells`` has one row per published number, indexed by (measure, code): the totals
    ``contacts``, ``short_interventions`` and ``dossiers`` (code ""), and the parts ``channel``,
    ``theme``, ``question_type`` (the life domains, only those of the chosen theme), ``team``
    (dossiers per team area) and ``month`` (contacts per month). Columns: label_nl, label_en,
    value (None where suppressed) and status. All of them are protected together, because they
    are shown together. ``theme`` and ``channel`` restrict every figure to one theme or channel.
    """

    area_code: str
    period: Period
    theme: str | None
    channel: str | None
    cells: pd.DataFrame
    inhabitants: int | None
    rules: DisclosureRules

    def value(self, measure: str, code: str = "") -> int | None:
        value = self.cells.loc[(measure, code), "value"]
        return None if pd.isna(value) else int(value)

    def status(self, measure: str, code: str = "") -> str:
        return str(self.cells.loc[(measure, code), "status"])

    def parts(self, measure: str) -> pd.DataFrame:
        """Rows of one measure (code, labels, value, status); empty when the area has none."""
        rows = self.cells[self.cells.index.get_level_values("measure") == measure]
        return rows.reset_index("code").reset_index(drop=True)

    @property
    def contacts_per_1000(self) -> float | None:
        contacts = self.value("contacts")
        if contacts is None or not self.inhabitants:
            return None
        return contacts / self.inhabitants * 1000

    def share(self, measure: str, code: str = "") -> float | None:
        """The part as a share of its total, from published counts; None when either is not published."""
        part, total = self.value(measure, code), self.value(PART_OF[measure])
        return None if part is None or not total else part / total


def key_figures(
    db: Database,
    area_code: str,
    period: Period,
    rules: DisclosureRules,
    theme: str | None = None,
    channel: str | None = None,
) -> KeyFigures:
    types = categories.question_types(db)
    if theme is not None:
        types = types[types["theme_code"] == theme]
    facts = _facts(db, area_code, period, list(types["code"]), channel)
    cells = _cells(db, area_code, period, facts, types)
    parts = ("channel", "theme", "question_type", "month", "team")
    relations = [
        Relation(("contacts", ""), [("short_interventions", ""), ("dossiers", "")]),
        *(Relation((PART_OF[m], ""), [k for k in cells.index if k[0] == m]) for m in parts),
    ]
    published = publish_frame(cells, "value", relations, rules)
    inhabitants = _inhabitants(db, area_code, period.last.year)
    return KeyFigures(area_code, period, theme, channel, published, inhabitants, rules)


def _facts(db: Database, area_code: str, period: Period, types: list[str], channel: str | None) -> pd.DataFrame:
    """Contacts of the area and period summed per month, question type, channel and team area."""
    teams = team_of_area()
    conditions = [
        area_ancestor.c.ancestor_code == area_code,
        contact_month.c.month.between(period.first, period.last),
        contact_month.c.question_type.in_(types),
    ]
    if channel is not None:
        conditions.append(contact_month.c.channel == channel)
    return db.read(
        select(
            contact_month.c.month,
            contact_month.c.question_type,
            contact_month.c.channel,
            teams.c.team_code,
            func.sum(contact_month.c.contacts).label("contacts"),
            func.sum(contact_month.c.short_interventions).label("short_interventions"),
            func.sum(contact_month.c.dossiers_opened).label("dossiers"),
        )
        .join(area_ancestor, area_ancestor.c.area_code == contact_month.c.area_code)
        .outerjoin(teams, teams.c.area_code == contact_month.c.area_code)
        .where(*conditions)
        .group_by(contact_month.c.month, contact_month.c.question_type, contact_month.c.channel, teams.c.team_code)
    )


def _cells(db: Database, area_code: str, period: Period, facts: pd.DataFrame, types: pd.DataFrame) -> pd.DataFrame:
    facts = facts.assign(
        theme=facts["question_type"].map(types.set_index("code")["theme_code"]),
        team_code=facts["team_code"].fillna(NO_TEAM),
        month=facts["month"].map(month_key),
    )

    def totals(label_nl: str, label_en: str, column: str) -> pd.DataFrame:
        return pd.DataFrame({"code": [""], "label_nl": [label_nl], "label_en": [label_en], "value": [int(facts[column].sum())]})

    def parts(categories: pd.DataFrame, by: str) -> pd.DataFrame:
        sums = facts.groupby(by)["contacts"].sum()
        return categories.assign(value=categories["code"].map(sums).fillna(0).astype(int))

    months = [month_key(m) for m in months_between(period.first, period.last)]
    frames = {
        "contacts": totals("Contacten", "Contacts", "contacts"),
        "short_interventions": totals("Korte interventies", "Short interventions", "short_interventions"),
        "dossiers": totals("Dossiers", "Dossiers", "dossiers"),
        "channel": parts(categories.channels(db), "channel"),
        "theme": parts(categories.themes(db), "theme"),
        "question_type": parts(types[["code", "label_nl", "label_en"]], "question_type"),
        "team": _dossiers_per_team(db, area_code, facts),
        "month": parts(pd.DataFrame({"code": months, "label_nl": months, "label_en": months}), "month"),
    }
    cells = pd.concat(frames, names=["measure", "row"]).reset_index("row", drop=True)
    return cells.set_index("code", append=True)


def _dossiers_per_team(db: Database, area_code: str, facts: pd.DataFrame) -> pd.DataFrame:
    """Dossiers per team area within the area, and those without a team area where the area has
    contacts that no team area holds. Empty for a district: its dossiers are its team's."""
    teams = db.read(
        select(area.c.code, area.c.name)
        .join(area_ancestor, and_(area_ancestor.c.area_code == area.c.code, area_ancestor.c.ancestor_code == area_code))
        .where(area.c.level == "team")
        .order_by(area.c.name)
    )
    sums = facts.groupby("team_code")["dossiers"].sum()
    codes = list(teams["code"]) + ([NO_TEAM] if NO_TEAM in sums.index else [])
    names = dict(zip(teams["code"], teams["name"]))
    rows = [
        {
            "code": code,
            "label_nl": names.get(code, "Zonder wijkteamgebied" if code == NO_TEAM else code),
            "label_en": names.get(code, "Without team area" if code == NO_TEAM else code),
            "value": int(sums.get(code, 0)),
        }
        for code in codes
    ]
    return pd.DataFrame(rows, columns=["code", "label_nl", "label_en", "value"])


def _inhabitants(db: Database, area_code: str, year: int) -> int | None:
    """Inhabitants of the area in ``year``, or in the latest earlier year known."""
    rows = db.read(
        select(area_population.c.year, func.sum(area_population.c.inhabitants).label("inhabitants"))
        .join(area_ancestor, area_ancestor.c.area_code == area_population.c.area_code)
        .where(area_ancestor.c.ancestor_code == area_code, area_population.c.year <= year)
        .group_by(area_population.c.year)
        .order_by(area_population.c.year.desc())
        .limit(1)
    )
    return None if rows.empty else int(rows["inhabitants"].iloc[0])
