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


# Question types and the teams' workload (pages Hulpvragen and Teams)

NOT_REGISTERED = "niet geregistreerd"


def _cell(value, status: str, min_count: int, for_screen: bool):
    """A published count as Dutch text on screen and as a number in a download; a hidden or
    unregistered one as its mark in both, never as zero."""
    if status == "unregistered":
        return NOT_REGISTERED
    if pd.isna(value) or for_screen:
        return fmt.count(None if pd.isna(value) else int(value), status, min_count)
    return int(value)


def _share(value, for_screen: bool, decimals: int = 1):
    if pd.isna(value):
        return fmt.MISSING if for_screen else None
    return fmt.percent(float(value), decimals) if for_screen else round(float(value), 4)


def _decimal(value, for_screen: bool, decimals: int = 1):
    if pd.isna(value):
        return fmt.MISSING if for_screen else None
    return fmt.number(float(value), decimals) if for_screen else round(float(value), decimals)


def area_shares(by_area: pd.DataFrame, min_count: int, for_screen: bool) -> pd.DataFrame:
    """One row per area: its contacts and, per category, the contacts and their share."""
    rows = []
    for name, group in by_area.groupby("name", sort=False):
        first = group.iloc[0]
        row = {"Gebied": name, "Contacten": _cell(first["area_contacts"], first["area_status"], min_count, for_screen)}
        for r in group.itertuples():
            row[f"{r.label_nl}: contacten"] = _cell(r.contacts, r.status, min_count, for_screen)
            row[f"{r.label_nl}: aandeel"] = _share(r.share, for_screen)
        rows.append(row)
    return pd.DataFrame(rows).astype(object)


def theme_trend(trend: pd.DataFrame, min_count: int, heading: str) -> pd.DataFrame:
    now = trend[trend["which"] == "now"]
    earlier = trend[trend["which"] == "earlier"]
    # (month, contacts, status) a year earlier per (category, position): a dict, not a .loc per row
    before = dict(zip(zip(earlier["category"], earlier["position"]), zip(earlier["month"], earlier["contacts"], earlier["status"])))
    rows = []
    for r in now.itertuples():
        row = {heading: r.label_nl, "Maand": fmt.month(r.month), "Contacten": _cell(r.contacts, r.status, min_count, True)}
        if (r.category, r.position) in before:
            month, contacts, status = before[(r.category, r.position)]
            row["Een jaar eerder"] = fmt.month(month)
            row["Contacten een jaar eerder"] = _cell(contacts, status, min_count, True)
        rows.append(row)
    return pd.DataFrame(rows)


def per_category(per_category: pd.DataFrame, min_count: int, heading: str, has_earlier: bool, for_screen: bool) -> pd.DataFrame:
    """Contacts, their share, short interventions, dossiers and the share that became a dossier, per
    category, now and (where known) a year earlier."""
    table = pd.DataFrame({heading: per_category["label_nl"]})
    for which, suffix in (("now", ""), ("earlier", " (jaar eerder)")) if has_earlier else (("now", ""),):
        for measure, label in (("contacts", "Contacten"), ("short_interventions", "Korte interventies"), ("dossiers", "Dossiers")):
            table[label + suffix] = [
                _cell(v, s, min_count, for_screen)
                for v, s in zip(per_category[f"{measure}_{which}"], per_category[f"{measure}_{which}_status"])
            ]
        table["Aandeel in alle vragen" + suffix] = [_share(v, for_screen) for v in per_category[f"share_{which}"]]
        table["Werd een dossier" + suffix] = [_share(v, for_screen) for v in per_category[f"dossier_share_{which}"]]
    if has_earlier:
        changes = [
            fmt.change(None if pd.isna(n) else int(n), None if pd.isna(e) else int(e))
            for n, e in zip(per_category["contacts_now"], per_category["contacts_earlier"])
        ]
        table["Verandering contacten"] = [c or fmt.MISSING for c in changes]
    return table.astype(object)


def team_summary(figures, names: dict, selected_label: str | None, for_screen: bool) -> pd.DataFrame:
    """One row per team for the whole period: flows summed, the rest at the end of the period."""
    min_count = figures.rules.min_count
    s = figures.summary
    table = pd.DataFrame({"Wijkteam": [names[c] for c in s["team_code"]]})

    def counts(column: str) -> list:
        return [_cell(v, st, min_count, for_screen) for v, st in zip(s[column], s[f"{column}_status"])]

    table["Nieuwe dossiers"] = counts("new")
    if selected_label:
        table[f"Nieuw, {selected_label}"] = counts("selected")
    table["Afgesloten dossiers"] = counts("closed")
    table["Open dossiers (eind)"] = counts("open_dossiers")
    table["Fte (eind)"] = [_decimal(v, for_screen) for v in s["fte"]]
    table["Dossiers per fte"] = [_decimal(v, for_screen) for v in s["caseload"]]
    if figures.norm:
        table["Boven de norm"] = ["ja" if o else "nee" for o in s["over_norm"]]
        table["Maanden boven de norm"] = list(s["months_over_norm"])
    for column, label in (("weight_1", "Licht"), ("weight_2", "Midden"), ("weight_3", "Zwaar")):
        table[f"Zwaarte: {label.lower()}"] = [
            NOT_REGISTERED if st == "unregistered" else _share(v, for_screen, 0)
            for v, st in zip(s[f"{column}_share"], s[f"{column}_status"])
        ]
    table["Multiprobleemhuishoudens"] = counts("multi_problem")
    table["Met één plan"] = counts("integrated_plans")
    table["Aandeel met één plan"] = [_share(v, for_screen) for v in s["integrated_share"]]
    return table.astype(object)


def caseload_per_month(figures, names: dict) -> pd.DataFrame:
    """Dossiers per fte per month and team; a month above the norm carries ▲."""
    monthly = figures.monthly
    table = pd.DataFrame({"Maand": [fmt.month(parse_month(m)) for m in dict.fromkeys(monthly["month"])]})
    for code in figures.teams["code"]:
        rows = monthly[monthly["team_code"] == code]
        table[names[code]] = [
            _decimal(v, True) + (" ▲" if o else "") for v, o in zip(rows["caseload"], rows["over_norm"])
        ]
    return table


def team_months(monthly: pd.DataFrame, min_count: int, selected_label: str | None) -> pd.DataFrame:
    """One team (or the teams together) per month."""
    table = pd.DataFrame({"Maand": [fmt.month(parse_month(m)) for m in monthly["month"]]})

    def counts(column: str) -> list:
        return [_cell(v, st, min_count, True) for v, st in zip(monthly[column], monthly[f"{column}_status"])]

    table["Nieuwe dossiers"] = counts("new")
    if selected_label:
        table[f"Nieuw, {selected_label}"] = counts("selected")
    table["Afgesloten dossiers"] = counts("closed")
    table["Open dossiers"] = counts("open_dossiers")
    table["Fte"] = [_decimal(v, True) for v in monthly["fte"]]
    table["Dossiers per fte"] = [_decimal(v, True) for v in monthly["caseload"]]
    table["Multiprobleemhuishoudens"] = counts("multi_problem")
    table["Met één plan"] = counts("integrated_plans")
    table["Aandeel met één plan"] = [_share(v, True) for v in monthly["integrated_share"]]
    return table
