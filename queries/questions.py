"""What residents come to the teams with: contacts by theme (or, within one theme, by life domain)
per area, per month against the same months a year earlier, and how often a question became a dossier.

Every count is published through the cell-key method (queries/disclosure.py): the district ×
category table with its row and column totals, the months of the chosen area, and its contacts,
short interventions and dossiers per category, for the period and the year before.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import func, select

from queries import areas, categories, loads
from queries.contacts import REMAINDER, TOTAL
from queries.database import Database
from queries.cellkeys import KEY_MODULUS, ckey, key_sum
from queries.disclosure import DisclosureRules, publish, share
from queries.periods import Period, month_key, months_between
from queries.schema import area, area_ancestor, contact_month

NOW, EARLIER = "now", "earlier"
ALL = ""  # all categories, or the whole period
MEASURES = ("contacts", "short_interventions", "dossiers")
REMAINDER_NAMES = {"team": "Zonder wijkteamgebied", "district": "Zonder wijk", "neighbourhood": "Zonder buurt"}


@dataclass(frozen=True)
class QuestionFigures:
    """The published figures of the Hulpvragen page.

    ``categories``: the themes, or the life domains of the chosen theme (code, label_nl, label_en).
    ``by_area``: one row per area of ``level`` × category, then the remainder and the municipality
    (``kind`` area, remainder, total): contacts, status, the row total and the share of the
    category in the row. ``trend``: contacts per category and month for ``period`` (``which``
    NOW) and the same months a year earlier (EARLIER), aligned by ``position``. ``per_category``:
    one row per category and a last row for all of them (code ALL), with contacts, short
    interventions and dossiers per period, the share in all contacts and the share that became a
    dossier. Shares come from published counts only; a share built on a hidden count is NA.
    """

    area_code: str
    period: Period
    earlier: Period | None
    level: str
    categories: pd.DataFrame
    by_area: pd.DataFrame
    trend: pd.DataFrame
    per_category: pd.DataFrame
    rules: DisclosureRules


def question_figures(
    db: Database,
    area_code: str,
    period: Period,
    level: str,
    rules: DisclosureRules,
    theme: str | None = None,
    channel: str | None = None,
) -> QuestionFigures:
    types = categories.question_types(db)
    if theme is None:
        cats, category_of = categories.themes(db), dict(zip(types["code"], types["theme_code"]))
    else:
        types = types[types["theme_code"] == theme]
        cats, category_of = types[["code", "label_nl", "label_en"]], {c: c for c in types["code"]}
    cats = cats.reset_index(drop=True)
    first_month = loads.contact_months(db)[0]
    earlier = period.year_earlier() if period.year_earlier().first >= first_month else None
    periods = {NOW: period} | ({EARLIER: earlier} if earlier else {})
    filters = (list(types["code"]), channel)

    cells: dict[tuple, tuple[int, int]] = {}
    for which, p in periods.items():
        facts = _area_facts(db, area_code, p, *filters).assign(category=lambda f: f["question_type"].map(category_of))
        _add_area_cells(cells, area_code, which, p, facts, list(cats["code"]))
    rows = _level_rows(db, level, period, category_of, *filters)
    _add_level_cells(cells, rows)
    published, status = publish(cells, rules)

    def value(key):
        return published[key] if published[key] is not None else pd.NA

    return QuestionFigures(
        area_code,
        period,
        earlier,
        level,
        cats,
        _by_area(rows, cats, value, status),
        _trend(area_code, periods, cats, value, status),
        _per_category(area_code, periods, cats, value, status),
        rules,
    )


def _area_facts(db: Database, area_code: str, period: Period, types: list[str], channel: str | None) -> pd.DataFrame:
    """The chosen area's contacts, short interventions and dossiers per month and question type."""
    return db.read(
        select(
            contact_month.c.month,
            contact_month.c.question_type,
            *(func.sum(contact_month.c[c]).label(m) for m, c in zip(MEASURES, _COLUMNS)),
            *(key_sum(contact_month.c[ckey(c)], ckey(m)) for m, c in zip(MEASURES, _COLUMNS)),
        )
        .join(area_ancestor, area_ancestor.c.area_code == contact_month.c.area_code)
        .where(area_ancestor.c.ancestor_code == area_code, *_conditions(period, types, channel))
        .group_by(contact_month.c.month, contact_month.c.question_type)
    )


_COLUMNS = ("contacts", "short_interventions", "dossiers_opened")


def _conditions(period: Period, types: list[str], channel: str | None) -> list:
    return [
        contact_month.c.month.between(period.first, period.last),
        contact_month.c.question_type.in_(types),
        *([contact_month.c.channel == channel] if channel else []),
    ]


def _cell(sums, measure: str, at=None) -> tuple[int, int]:
    """(count, cell key) of ``measure`` from summed facts, at one index label or over all rows."""
    if at is None:
        return int(sums[measure].sum()), int(sums[ckey(measure)].sum()) % KEY_MODULUS
    if at not in sums.index:
        return 0, 0
    return int(sums.at[at, measure]), int(sums.at[at, ckey(measure)]) % KEY_MODULUS


def _add_area_cells(cells, area_code, which, period, facts, cats) -> None:
    """Cells (area, which, month or ALL, category or ALL, measure) of the chosen area."""
    months = [month_key(m) for m in months_between(period.first, period.last)]
    facts = facts.assign(month=facts["month"].map(month_key))
    per_month = facts.groupby(["month", "category"])[["contacts", "contacts_ckey"]].sum()
    per_category = facts.groupby("category")[[c for m in MEASURES for c in (m, ckey(m))]].sum()
    for cat in cats:
        for m in months:
            cells[(area_code, which, m, cat, "contacts")] = _cell(per_month, "contacts", (m, cat))
        for measure in MEASURES:
            cells[(area_code, which, ALL, cat, measure)] = _cell(per_category, measure, cat)
    for measure in MEASURES:
        cells[(area_code, which, ALL, ALL, measure)] = _cell(facts, measure)


def _level_rows(db: Database, level: str, period: Period, category_of: dict, types: list[str], channel) -> pd.DataFrame:
    """Contacts per area of ``level`` (kind area), the contacts no such area holds (remainder) and the
    municipality (total), per category: columns code, name, kind, category, contacts."""
    home = areas.home_municipality(db)
    anc = area.alias("anc")
    conditions = _conditions(period, types, channel)
    under_home = select(area_ancestor.c.area_code).where(area_ancestor.c.ancestor_code == home)
    per_area = db.read(
        select(anc.c.code, contact_month.c.question_type, func.sum(contact_month.c.contacts).label("contacts"),
               key_sum(contact_month.c.contacts_ckey))
        .join(area_ancestor, area_ancestor.c.area_code == contact_month.c.area_code)
        .join(anc, anc.c.code == area_ancestor.c.ancestor_code)
        .where(anc.c.level == level, area_ancestor.c.area_code.in_(under_home), *conditions)
        .group_by(anc.c.code, contact_month.c.question_type)
    )
    whole = db.read(
        select(contact_month.c.question_type, func.sum(contact_month.c.contacts).label("contacts"),
               key_sum(contact_month.c.contacts_ckey))
        .join(area_ancestor, area_ancestor.c.area_code == contact_month.c.area_code)
        .where(area_ancestor.c.ancestor_code == home, *conditions)
        .group_by(contact_month.c.question_type)
    )
    both = ["contacts", "contacts_ckey"]
    per_area = per_area.assign(category=per_area["question_type"].map(category_of)).groupby(["code", "category"])[both].sum()
    whole = whole.assign(category=whole["question_type"].map(category_of)).groupby("category")[both].sum()
    cats = sorted(set(category_of.values()))
    names = areas.shapes(db, level)[["code", "name"]]
    home_name = areas.areas(db).set_index("code").loc[home, "name"]
    rows = []
    for row in names.itertuples():
        rows += [(row.code, row.name, "area", c, *_cell(per_area, "contacts", (row.code, c))) for c in cats]
    for c in cats:
        in_areas = [r for r in rows if r[3] == c and r[2] == "area"]
        count, key = _cell(whole, "contacts", c)
        # The remainder holds the municipality's records less the areas': so do its count and key.
        rows.append((REMAINDER, REMAINDER_NAMES[level], REMAINDER, c,
                     count - sum(r[4] for r in in_areas), (key - sum(r[5] for r in in_areas)) % KEY_MODULUS))
    rows += [(home, home_name, TOTAL, c, *_cell(whole, "contacts", c)) for c in cats]
    frame = pd.DataFrame(rows, columns=["code", "name", "kind", "category", "contacts", "key"])
    # The remainder is shown only where some contacts have no area of this level.
    has_remainder = frame.loc[frame["kind"] == REMAINDER, "contacts"].sum() > 0
    return frame if has_remainder else frame[frame["kind"] != REMAINDER]


def _add_level_cells(cells, rows: pd.DataFrame) -> None:
    """The area × category table of the period with its row totals."""
    for row in rows.itertuples():
        cells[(row.code, NOW, ALL, row.category, "contacts")] = (row.contacts, row.key)
    for code, group in rows.groupby("code", sort=False):
        cells[(code, NOW, ALL, ALL, "contacts")] = (int(group["contacts"].sum()), int(group["key"].sum()) % KEY_MODULUS)


def _by_area(rows: pd.DataFrame, cats: pd.DataFrame, value, status) -> pd.DataFrame:
    labels = cats.set_index("code")["label_nl"]
    order = {code: i for i, code in enumerate(cats["code"])}
    frame = rows.assign(
        _order=rows["category"].map(order),
        label_nl=rows["category"].map(labels),
        contacts=[value((r.code, NOW, ALL, r.category, "contacts")) for r in rows.itertuples()],
        status=[status[(r.code, NOW, ALL, r.category, "contacts")] for r in rows.itertuples()],
        area_contacts=[value((r.code, NOW, ALL, ALL, "contacts")) for r in rows.itertuples()],
        area_status=[status[(r.code, NOW, ALL, ALL, "contacts")] for r in rows.itertuples()],
    )
    frame["share"] = pd.array([share(p, t) for p, t in zip(frame["contacts"], frame["area_contacts"])], dtype="Float64")
    frame["contacts"] = frame["contacts"].astype("Int64")
    frame["area_contacts"] = frame["area_contacts"].astype("Int64")
    frame = frame.sort_values(["_order"], kind="stable").sort_values(
        "kind", key=lambda k: k.map({"area": 0, REMAINDER: 1, TOTAL: 2}), kind="stable"
    )
    return frame.drop(columns=["_order", "key"]).reset_index(drop=True)


def _trend(area_code: str, periods: dict[str, Period], cats: pd.DataFrame, value, status) -> pd.DataFrame:
    rows = []
    for which, p in periods.items():
        for position, month in enumerate(months_between(p.first, p.last)):
            for cat in cats.itertuples():
                key = (area_code, which, month_key(month), cat.code, "contacts")
                rows.append((which, position, month, cat.code, cat.label_nl, value(key), status[key]))
    frame = pd.DataFrame(rows, columns=["which", "position", "month", "category", "label_nl", "contacts", "status"])
    frame["contacts"] = frame["contacts"].astype("Int64")
    return frame


def _per_category(area_code: str, periods: dict[str, Period], cats: pd.DataFrame, value, status) -> pd.DataFrame:
    frame = pd.concat([cats, pd.DataFrame({"code": [ALL], "label_nl": ["Totaal"], "label_en": ["Total"]})], ignore_index=True)
    for which in (NOW, EARLIER):
        for measure in MEASURES:
            keys = [(area_code, which, ALL, code, measure) for code in frame["code"]]
            frame[f"{measure}_{which}"] = pd.array([value(k) if which in periods else pd.NA for k in keys], dtype="Int64")
            frame[f"{measure}_{which}_status"] = [status[k] if which in periods else "" for k in keys]
        contacts = frame[f"contacts_{which}"]
        total = contacts.iloc[-1]
        frame[f"share_{which}"] = pd.array([share(c, total) for c in contacts], dtype="Float64")
        frame[f"dossier_share_{which}"] = pd.array(
            [share(d, c) for d, c in zip(frame[f"dossiers_{which}"], contacts)], dtype="Float64"
        )
    return frame
