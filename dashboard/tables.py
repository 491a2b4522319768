"""Tables for screen and download, built from published figures only."""

from __future__ import annotations

import pandas as pd

from dashboard import format as fmt
from queries.contacts import KeyFigures
from queries.periods import parse_month

GROUPS = {
    "contacts": "Totaal",
    "short_interventions": "Uitkomst",
    "dossiers": "Uitkomst",
    "channel": "Kanaal",
    "theme": "Thema",
    "team": "Dossiers per wijkteamgebied",
}


def key_figures(periods: list[KeyFigures], for_screen: bool) -> pd.DataFrame:
    """One row per key figure, one column per period.

    On screen every cell is Dutch text ("1.234", "<5"); for download a published count stays a
    number and only a suppressed one is text, so a spreadsheet can add it up.
    """
    first = periods[0]
    rows = first.cells[first.cells.index.get_level_values("measure").isin(list(GROUPS))]
    table = pd.DataFrame(
        {
            "Groep": [GROUPS[measure] for measure, _ in rows.index],
            "Kerncijfer": list(rows["label_nl"]),
        }
    )
    for figures in periods:
        column = []
        for measure, code in rows.index:
            value = figures.value(measure, code)
            column.append(_count(figures, measure, code) if for_screen or value is None else value)
        table[fmt.period(figures.period)] = pd.Series(column, dtype=object)
    return table


def _count(figures: KeyFigures, measure: str, code: str) -> str:
    return fmt.count(figures.value(measure, code), figures.status(measure, code), figures.rules.min_count)


def monthly(figures: KeyFigures, unit: str) -> pd.DataFrame:
    codes = figures.parts("month")["code"]
    return pd.DataFrame(
        {"Maand": [fmt.month(parse_month(c)) for c in codes], unit: [_count(figures, "month", c) for c in codes]}
    )


def parts(figures: KeyFigures, measure: str, heading: str, unit: str) -> pd.DataFrame:
    rows = figures.parts(measure)
    return pd.DataFrame(
        {
            heading: list(rows["label_nl"]),
            unit: [_count(figures, measure, c) for c in rows["code"]],
            "Aandeel": [fmt.percent(figures.share(measure, c)) for c in rows["code"]],
        }
    )


AREA_COLUMNS = {  # column in contacts.by_area → heading
    "contacts": "Contacten",
    "short_interventions": "Korte interventies",
    "dossiers": "Dossiers geopend",
}


def by_area(frame: pd.DataFrame, min_count: int, for_screen: bool) -> pd.DataFrame:
    """One row per area (and the rest and the total), the counts with their marks, the rates."""
    table = pd.DataFrame({"Gebied": list(frame["name"])})
    for measure, heading in AREA_COLUMNS.items():
        values, statuses = frame[measure], frame[f"{measure}_status"]
        table[heading] = pd.Series(
            [
                fmt.count(None if pd.isna(v) else int(v), s, min_count) if for_screen or pd.isna(v) else int(v)
                for v, s in zip(values, statuses)
            ],
            dtype=object,
        )
    inhabitants = [fmt.optional(v) for v in frame["inhabitants"]]
    rates = [fmt.optional(v) for v in frame["per_1000"]]
    shares = [fmt.optional(v) for v in frame["short_share"]]
    if for_screen:
        table["Inwoners"] = [fmt.number(v) for v in inhabitants]
        table["Per 1.000 inwoners"] = [fmt.number(v, 1) for v in rates]
        table["Korte interventie"] = [fmt.percent(v) for v in shares]
    else:
        table["Inwoners"] = [None if v is None else int(v) for v in inhabitants]
        table["Per 1.000 inwoners"] = [None if v is None else round(v, 1) for v in rates]
        table["Korte interventie (%)"] = [None if v is None else round(v * 100, 1) for v in shares]
    return table
