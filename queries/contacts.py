"""Contacts with the teams: how many, through which channel, about which theme, with what outcome."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import and_, func, select

from queries import areas, categories, rates
from queries.areas import team_of_area
from queries.database import Database
from queries import cellkeys
from queries.cellkeys import ckey, key_sum
from queries.disclosure import DisclosureRules, publish_counts, publish_frame, share
from queries.periods import Period, month_key, months_between, parse_month
from queries.schema import AREA_LEVELS, area, area_ancestor, contact_month

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
    ``population`` is the area's population of ``base`` (queries/rates.py: young people aged 0-17
    for the youth theme, else inhabitants) in the year of the period's last month.
    """

    area_code: str
    period: Period
    theme: str | None
    channel: str | None
    cells: pd.DataFrame
    population: int | None
    rules: DisclosureRules
    base: str = rates.INHABITANTS

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
        """Contacts per 1,000 of the theme's population base (``base``)."""
        return rates.per_1000(self.value("contacts"), self.population)

    def share(self, measure: str, code: str = "") -> float | None:
        """The part as a share of its total, from published counts; None when either is not published."""
        value = share(self.value(measure, code), self.value(PART_OF[measure]))
        return None if value is pd.NA else value


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
    published = publish_frame(cells, "value", "key", rules)
    base = rates.base(db, theme)
    people = areas.population(db, period.last.year, base).get(area_code)
    return KeyFigures(area_code, period, theme, channel, published, None if pd.isna(people) else int(people), rules, base)


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
            *_sums(),
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
        return pd.DataFrame({"code": [""], "label_nl": [label_nl], "label_en": [label_en],
                             "value": [int(facts[column].sum())], "key": cellkeys.reduce([facts[ckey(column)].sum()])})

    def parts(categories: pd.DataFrame, by: str) -> pd.DataFrame:
        sums = facts.groupby(by)[["contacts", "contacts_ckey"]].sum()
        return categories.assign(value=categories["code"].map(sums["contacts"]).fillna(0).astype(int),
                                 key=cellkeys.reduce(categories["code"].map(sums["contacts_ckey"]).fillna(0)))

    months = [month_key(m) for m in months_between(period.first, period.last)]
    frames = {
        "contacts": totals("Contacten", "Contacts", "contacts"),
        "short_interventions": totals("Korte interventies", "Short interventions", "short_interventions"),
        "dossiers": totals("Dossiers", "Cases", "dossiers"),
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
    sums = facts.groupby("team_code")[["dossiers", "dossiers_ckey"]].sum()
    codes = list(teams["code"]) + ([NO_TEAM] if NO_TEAM in sums.index else [])
    names = dict(zip(teams["code"], teams["name"]))
    rows = [
        {
            "code": code,
            "label_nl": names.get(code, "Zonder wijkteamgebied" if code == NO_TEAM else code),
            "label_en": names.get(code, "Without team area" if code == NO_TEAM else code),
            "value": int(sums["dossiers"].get(code, 0)),
            "key": int(sums["dossiers_ckey"].get(code, 0)) % cellkeys.KEY_MODULUS,
        }
        for code in codes
    ]
    return pd.DataFrame(rows, columns=["code", "label_nl", "label_en", "value", "key"])


def _sums() -> list:
    """Contacts, short interventions and dossiers with their key sums, as the pages name them."""
    columns = {"contacts": contact_month.c.contacts, "short_interventions": contact_month.c.short_interventions,
               "dossiers": contact_month.c.dossiers_opened}
    keys = {"contacts": contact_month.c.contacts_ckey, "short_interventions": contact_month.c.short_interventions_ckey,
            "dossiers": contact_month.c.dossiers_opened_ckey}
    return [expression for name in columns for expression in
            (func.coalesce(func.sum(columns[name]), 0).label(name), key_sum(keys[name], ckey(name)))]


def levels(db: Database) -> list[str]:
    """The area levels below the municipality that contacts can be counted by, from large to small:
    those of the areas contacts are registered on and of the areas above them."""
    registered = select(contact_month.c.area_code).distinct().subquery()
    present = db.read(
        select(area.c.level).distinct()
        .join(area_ancestor, area_ancestor.c.ancestor_code == area.c.code)
        .where(area_ancestor.c.area_code.in_(select(registered.c.area_code)))
    )
    return [level for level in AREA_LEVELS[1:] if level in set(present["level"])]


OUTCOMES = ("contacts", "short_interventions", "dossiers")
REMAINDER, TOTAL = "remainder", "total"  # row kinds besides "area"


def by_area(
    db: Database,
    level: str,
    period: Period,
    rules: DisclosureRules,
    theme: str | None = None,
    channel: str | None = None,
) -> pd.DataFrame:
    """Contacts, short interventions and dossiers per area of ``level``, published.

    One row per area (kind "area"), one for contacts that no area of that level holds (kind
    "remainder"), and the municipality (kind "total"). Protected as one cross table: each row
    adds up (contacts = short interventions + dossiers) and each column adds up to the total.
    Columns per measure: the published value and ``<measure>_status``; then ``population`` (of
    ``base``, the theme's population base: queries/rates.py), ``per_1000`` and ``short_share``
    from the published counts.
    """
    home = areas.home_municipality(db)
    types = categories.question_types(db)
    if theme is not None:
        types = types[types["theme_code"] == theme]
    anc = area.alias("anc")
    conditions = [
        contact_month.c.month.between(period.first, period.last),
        contact_month.c.question_type.in_(list(types["code"])),
        *([contact_month.c.channel == channel] if channel else []),
    ]
    sums = _sums()
    per_area = db.read(
        select(anc.c.code, *sums)
        .join(area_ancestor, area_ancestor.c.area_code == contact_month.c.area_code)
        .join(anc, anc.c.code == area_ancestor.c.ancestor_code)
        .where(anc.c.level == level, area_ancestor.c.area_code.in_(_under(home)), *conditions)
        .group_by(anc.c.code)
    ).set_index("code")
    total = db.read(
        select(*sums).join(area_ancestor, area_ancestor.c.area_code == contact_month.c.area_code)
        .where(area_ancestor.c.ancestor_code == home, *conditions)
    ).fillna(0).iloc[0]

    tree = areas.areas(db)
    names = tree.loc[tree["level"] == level, ["code", "name"]].sort_values("name")
    frame = names.assign(kind="area").set_index("code")
    columns = [c for m in OUTCOMES for c in (m, ckey(m))]
    for column in columns:
        frame[column] = per_area[column].reindex(frame.index).fillna(0).astype("int64")
    # The remainder's records are the total's less the areas': its key is the difference modulo 2**32.
    remainder = {c: int(total[c]) - int(frame[c].sum()) for c in columns}
    frame.loc[REMAINDER] = {"name": _REMAINDER_NAMES[level], "kind": REMAINDER, **remainder}
    frame.loc[home] = {"name": tree.set_index("code").loc[home, "name"], "kind": TOTAL, **{c: int(total[c]) for c in columns}}
    for measure in OUTCOMES:
        frame[measure], frame[f"{measure}_status"] = publish_counts(
            frame[measure].to_numpy(), cellkeys.reduce(frame[ckey(measure)]), rules)
    frame = frame.drop(columns=[ckey(m) for m in OUTCOMES])

    base = rates.base(db, theme)
    frame["base"] = base
    frame["population"] = areas.population(db, period.last.year, base).reindex(frame.index).astype("Int64")
    frame.loc[REMAINDER, "population"] = pd.NA
    frame["per_1000"] = rates.per_1000_column(frame["contacts"], frame["population"])
    frame["short_share"] = (frame["short_interventions"] / frame["contacts"].replace(0, pd.NA)).astype("Float64")
    return frame.reset_index()


_REMAINDER_NAMES = {
    "team": "Zonder wijkteamgebied",
    "district": "Zonder wijk",
    "neighbourhood": "Zonder buurt",
}


def _under(code: str):
    return select(area_ancestor.c.area_code).where(area_ancestor.c.ancestor_code == code)


def monthly_rate(
    db: Database,
    area_code: str,
    period: Period,
    rules: DisclosureRules,
    theme: str | None = None,
    channel: str | None = None,
) -> pd.DataFrame:
    """Published contacts per month in the area, and per 1,000 of the theme's population base in that year.

    Columns: month (date), contacts (None where suppressed), status, base, population, per_1000. The
    counts are those of ``key_figures`` for the same selection, so they agree with every other
    figure shown beside them.
    """
    figures = key_figures(db, area_code, period, rules, theme, channel)
    months = figures.parts("month")
    years = sorted({int(code[:4]) for code in months["code"]})
    population = {year: areas.population(db, year, figures.base).get(area_code) for year in years}
    frame = pd.DataFrame(
        {
            "month": [parse_month(code) for code in months["code"]],
            "contacts": months["value"].astype("Int64"),
            "status": months["status"],
            "base": figures.base,
            "population": pd.array([population[int(code[:4])] for code in months["code"]], dtype="Int64"),
        }
    )
    frame["per_1000"] = rates.per_1000_column(frame["contacts"], frame["population"])
    return frame
