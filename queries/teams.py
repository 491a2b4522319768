"""The teams' workload: dossiers opened, closed and open, staff, caseload per fte against the norm,
case weight and integrated plans, per team area and month.

Caseload rolls up as a ratio of sums: the open dossiers of the teams together over their fte
together, never an average of the teams' ratios (a small team would weigh as much as a large one).
New dossiers come from contact_month, rolled up to the team area of the district they came from;
the rest from caseload_month. Every count is published through the cell-key method before any
ratio is taken; a count derived as a difference (dossiers outside the chosen theme, households
without an integrated plan) has the difference of the keys, as its records are the difference.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import and_, func, or_, select

from queries import categories
from queries.areas import team_of_area
from queries.database import Database
from queries.cellkeys import KEY_MODULUS, ckey, key_sum
from queries.disclosure import DisclosureRules, publish, share
from queries.periods import Period, month_key, months_between
from queries.schema import area, area_ancestor, caseload_month, contact_month, team_norm

ALL_TEAMS = ""  # code of the teams in view together
ALL_MONTHS = ""  # the whole period
UNREGISTERED = "unregistered"  # status of case weight before the teams registered it
CASELOAD_NORM = "dossiers_per_fte"
WEIGHTS = ("weight_1", "weight_2", "weight_3")
# Counts per team and month. With a theme or channel chosen, the new dossiers split into those
# within it ("selected") and the rest; "no_plan": multi-problem households without one integrated plan.
FLOWS = ("new", "closed")
SELECTED = ("selected", "unselected")
STOCKS = ("open_dossiers", *WEIGHTS, "multi_problem", "integrated_plans", "no_plan")


@dataclass(frozen=True)
class Norm:
    code: str
    value: float
    label_nl: str
    label_en: str
    unit_nl: str
    unit_en: str
    source: str


def norm(db: Database, code: str = CASELOAD_NORM) -> Norm | None:
    """A norm from data/team_norms.csv as loaded, or None when the municipality states none."""
    rows = db.read(select(team_norm).where(team_norm.c.code == code))
    if rows.empty:
        return None
    row = rows.iloc[0]
    return Norm(row["code"], float(row["value"]), row["label_nl"], row["label_en"], row["unit_nl"], row["unit_en"], row["source"])


@dataclass(frozen=True)
class TeamFigures:
    """Published workload figures of the team areas in view.

    ``teams``: code and name of each team area, then ALL_TEAMS ("Alle wijkteams") when there is
    more than one. ``monthly``: one row per team (ALL_TEAMS included) and month with every count
    (NA where hidden or, for case weight, not registered), its ``<count>_status``, ``fte``,
    ``staff``, ``caseload`` (open dossiers per fte), ``over_norm`` and ``integrated_share``.
    ``summary``: one row per team for the whole period: flows summed, stocks and caseload at the
    period's last month, ``months_over_norm``, the case weight mix as shares and ``integrated_share``;
    with a theme or channel chosen also ``selected_share``, the part of the new dossiers within it.
    """

    period: Period
    teams: pd.DataFrame
    monthly: pd.DataFrame
    summary: pd.DataFrame
    norm: Norm | None
    rules: DisclosureRules

    @property
    def has_total(self) -> bool:
        return ALL_TEAMS in set(self.teams["code"])


def team_figures(
    db: Database,
    area_code: str,
    period: Period,
    rules: DisclosureRules,
    theme: str | None = None,
    channel: str | None = None,
) -> TeamFigures:
    """Workload of the team areas within ``area_code``, or of the team area a district belongs to.

    ``theme`` and ``channel`` choose which new dossiers count as ``selected``; the workload itself
    is registered per team, not per theme or channel.
    """
    teams = teams_in_view(db, area_code)
    codes = list(teams["code"])
    caseload = _caseload(db, codes, period)
    months = [month_key(m) for m in months_between(period.first, period.last)]
    facts = pd.DataFrame([(t, m) for t in codes for m in months], columns=["team_code", "month"])
    facts = facts.merge(caseload, on=["team_code", "month"], how="left")
    facts = facts.merge(_new_dossiers(db, codes, period, None, None), on=["team_code", "month"], how="left")
    flows = FLOWS
    if theme is not None or channel:
        flows = (*FLOWS, *SELECTED)
        types = categories.question_types(db)
        theme_types = list(types.loc[types["theme_code"] == theme, "code"]) if theme else None
        selected = _new_dossiers(db, codes, period, theme_types, channel).rename(
            columns={"new": "selected", ckey("new"): ckey("selected")})
        facts = facts.merge(selected, on=["team_code", "month"], how="left")
    opened = [c for f in ("new", "selected") if f in facts for c in (f, ckey(f))]
    facts[opened] = facts[opened].fillna(0)
    if "selected" in facts:
        _difference(facts, "unselected", "new", "selected")
    _difference(facts, "no_plan", "multi_problem", "integrated_plans")

    groups = codes + ([ALL_TEAMS] if len(codes) > 1 else [])
    published, status = publish(_cells(facts, codes, groups, months, flows), rules)
    measure_norm = norm(db)
    monthly = _monthly(facts, groups, months, published, status, measure_norm, flows)
    summary = _summary(monthly, groups, months, published, status, flows)
    names = teams.set_index("code")["name"].to_dict() | {ALL_TEAMS: "Alle wijkteams"}
    listed = pd.DataFrame({"code": groups, "name": [names[g] for g in groups]})
    return TeamFigures(period, listed, monthly, summary, measure_norm, rules)


def teams_in_view(db: Database, area_code: str) -> pd.DataFrame:
    """Team areas beneath ``area_code`` or above it (a district's own team), by name."""
    return db.read(
        select(area.c.code, area.c.name)
        .where(
            area.c.level == "team",
            or_(
                area.c.code.in_(select(area_ancestor.c.area_code).where(area_ancestor.c.ancestor_code == area_code)),
                area.c.code.in_(select(area_ancestor.c.ancestor_code).where(area_ancestor.c.area_code == area_code)),
            ),
        )
        .order_by(area.c.name)
    )


def _caseload(db: Database, teams: list[str], period: Period) -> pd.DataFrame:
    frame = db.read(
        select(caseload_month).where(caseload_month.c.team_code.in_(teams), caseload_month.c.month.between(period.first, period.last))
    )
    frame["month"] = frame["month"].map(month_key)
    frame["fte"] = frame["fte"].astype(float)
    return frame.rename(columns={"dossiers_closed": "closed", ckey("dossiers_closed"): ckey("closed")})


def _difference(facts: pd.DataFrame, name: str, whole: str, part: str) -> None:
    facts[name] = facts[whole] - facts[part]
    facts[ckey(name)] = (facts[ckey(whole)] - facts[ckey(part)]) % KEY_MODULUS


def _new_dossiers(db: Database, teams: list[str], period: Period, types: list[str] | None, channel: str | None) -> pd.DataFrame:
    """Dossiers opened per team area and month, from the contacts of the districts in it."""
    team = team_of_area()
    conditions = [team.c.team_code.in_(teams), contact_month.c.month.between(period.first, period.last)]
    if types is not None:
        conditions.append(contact_month.c.question_type.in_(types))
    if channel:
        conditions.append(contact_month.c.channel == channel)
    frame = db.read(
        select(team.c.team_code, contact_month.c.month, func.sum(contact_month.c.dossiers_opened).label("new"),
               key_sum(contact_month.c.dossiers_opened_ckey, ckey("new")))
        .join(team, and_(team.c.area_code == contact_month.c.area_code))
        .where(*conditions)
        .group_by(team.c.team_code, contact_month.c.month)
    )
    frame["month"] = frame["month"].map(month_key)
    return frame


def _cells(facts: pd.DataFrame, teams: list[str], groups: list[str], months: list[str], flows: tuple[str, ...]):
    """Cells (team, month or ALL_MONTHS, measure) -> (count, cell key)."""
    cells: dict[tuple, tuple[int, int]] = {}
    rows = {(r["team_code"], r["month"]): r for r in facts.to_dict("records")}
    registered = facts["weight_1"].notna().groupby(facts["month"]).all().to_dict()  # by every team
    stocks = {m: [x for x in STOCKS if x not in WEIGHTS or registered[m]] for m in months}

    def total(parts: list[tuple]) -> tuple[int, int]:
        return sum(cells[p][0] for p in parts), sum(cells[p][1] for p in parts) % KEY_MODULUS

    for t in teams:
        for m in months:
            row = rows[(t, m)]
            # Only what the team registered that month: no caseload row is no figure, not zero.
            for x in [*flows, *(STOCKS if pd.notna(row["open_dossiers"]) else [])]:
                if pd.notna(row[x]):
                    cells[(t, m, x)] = int(row[x]), int(row[ckey(x)])
    if len(groups) > len(teams):
        for m in months:
            # A roll-up over fewer teams than listed would mislead: no total for such a month.
            complete = all((t, m, "open_dossiers") in cells for t in teams)
            for x in [*(f for f in flows if all((t, m, f) in cells for t in teams)), *(stocks[m] if complete else [])]:
                cells[(ALL_TEAMS, m, x)] = total([(t, m, x) for t in teams])
    for g in groups:
        for x in flows:
            cells[(g, ALL_MONTHS, x)] = total([(g, m, x) for m in months if (g, m, x) in cells])
    return cells


def _value(published: dict, key) -> object:
    value = published.get(key)
    return pd.NA if value is None else value


def _ratio(part, whole):
    return pd.NA if pd.isna(part) or pd.isna(whole) or not whole else part / whole


def _monthly(facts, groups, months, published, status, measure_norm: Norm | None, flows) -> pd.DataFrame:
    fte = facts.groupby("month")["fte"].sum(min_count=1)
    staff = facts.groupby("month")["staff"].sum(min_count=1)
    own = {(r["team_code"], r["month"]): r for r in facts[["team_code", "month", "fte", "staff"]].to_dict("records")}
    rows = []
    for g in groups:
        for m in months:
            row = {"team_code": g, "month": m}
            for x in (*flows, *STOCKS):
                key = (g, m, x)
                row[x] = _value(published, key)
                row[f"{x}_status"] = status.get(key, UNREGISTERED if x in WEIGHTS else "")
            if g == ALL_TEAMS:
                row["fte"], row["staff"] = fte.get(m), staff.get(m)
            else:
                row["fte"], row["staff"] = own[(g, m)]["fte"], own[(g, m)]["staff"]
            rows.append(row)
    frame = pd.DataFrame(rows)
    for x in (*flows, *STOCKS, "staff"):
        frame[x] = frame[x].astype("Int64")
    frame["fte"] = frame["fte"].astype("Float64")
    frame["caseload"] = pd.array([_ratio(o, f) for o, f in zip(frame["open_dossiers"], frame["fte"])], dtype="Float64")
    frame["over_norm"] = (frame["caseload"] > measure_norm.value).fillna(False) if measure_norm else False
    frame["integrated_share"] = pd.array(
        [share(i, n) for i, n in zip(frame["integrated_plans"], frame["multi_problem"])], dtype="Float64"
    )
    return frame


def _summary(monthly: pd.DataFrame, groups, months, published, status, flows) -> pd.DataFrame:
    last = monthly[monthly["month"] == months[-1]].set_index("team_code")
    rows = []
    for g in groups:
        row = {"team_code": g}
        for x in flows:
            row[x], row[f"{x}_status"] = _value(published, (g, ALL_MONTHS, x)), status[(g, ALL_MONTHS, x)]
        for x in (*STOCKS, "fte", "staff", "caseload", "over_norm", "integrated_share"):
            row[x] = last.loc[g, x]
            if x in STOCKS:
                row[f"{x}_status"] = last.loc[g, f"{x}_status"]
        for w in WEIGHTS:
            row[f"{w}_share"] = share(last.loc[g, w], last.loc[g, "open_dossiers"])
        if "selected" in flows:  # the team's share of the chosen theme or channel, of published counts
            row["selected_share"] = share(row["selected"], row["new"])
        row["months_over_norm"] = int(monthly.loc[monthly["team_code"] == g, "over_norm"].sum())
        rows.append(row)
    frame = pd.DataFrame(rows)
    for x in (*flows, *STOCKS, "staff"):
        frame[x] = frame[x].astype("Int64")
    for x in ("fte", "caseload", "integrated_share", *(f"{w}_share" for w in WEIGHTS), "selected_share"):
        if x in frame:
            frame[x] = frame[x].astype("Float64")
    return frame
