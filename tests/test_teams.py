"""The teams' workload: roll-up of caseload per fte as a ratio of sums, new dossiers from the
contacts, case weight not yet registered, the norm from the data, and disclosure control."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from sqlalchemy import select

from queries import teams
from queries.disclosure import SHOWN, DisclosureRules
from queries.periods import Period, month_key
from queries.schema import caseload_month, contact_month

from .test_questions import DISTRICTS, THEME_OF, _csv

PERIOD = Period.parse("2015-10", "2016-03")  # case weight is registered from January 2016
EXACT = DisclosureRules(protection="internal")  # to compare with independent computations


def _month(value) -> str:
    return month_key(value if isinstance(value, date) else date.fromisoformat(str(value)[:10]))


def raw_caseload(db, period: Period) -> pd.DataFrame:
    frame = db.read(select(caseload_month).where(caseload_month.c.month.between(period.first, period.last)))
    return frame.assign(month=frame["month"].map(_month))


@pytest.fixture(scope="module")
def municipality(demo_db):
    return teams.team_figures(demo_db, "GM0606", PERIOD, EXACT)


def test_caseload_of_all_teams_is_the_sum_of_dossiers_over_the_sum_of_fte(demo_db, municipality):
    facts = raw_caseload(demo_db, PERIOD)
    sums = facts.groupby("month")[["open_dossiers", "fte"]].sum()
    mean_of_ratios = (facts["open_dossiers"] / facts["fte"]).groupby(facts["month"]).mean()
    together = municipality.monthly[municipality.monthly["team_code"] == teams.ALL_TEAMS].set_index("month")
    for month, row in sums.iterrows():
        assert together.loc[month, "open_dossiers"] == row["open_dossiers"]
        assert together.loc[month, "fte"] == pytest.approx(row["fte"])
        assert together.loc[month, "caseload"] == pytest.approx(row["open_dossiers"] / row["fte"])
    # The test can tell the two apart: an average of the teams' ratios gives other numbers.
    assert (abs(together["caseload"].astype(float) - mean_of_ratios) > 0.05).any()
    last = municipality.summary.set_index("team_code").loc[teams.ALL_TEAMS]
    assert last["caseload"] == pytest.approx(sums.iloc[-1]["open_dossiers"] / sums.iloc[-1]["fte"])


def test_every_team_has_its_own_figures(demo_db, municipality):
    facts = raw_caseload(demo_db, PERIOD).set_index(["team_code", "month"])
    assert set(municipality.teams["code"]) == {*facts.index.get_level_values(0), teams.ALL_TEAMS}
    for row in municipality.monthly[municipality.monthly["team_code"] != teams.ALL_TEAMS].itertuples():
        fact = facts.loc[(row.team_code, row.month)]
        assert row.open_dossiers == fact["open_dossiers"] and row.closed == fact["dossiers_closed"]
        assert row.caseload == pytest.approx(fact["open_dossiers"] / fact["fte"])
        assert row.integrated_share == pytest.approx(fact["integrated_plans"] / fact["multi_problem"])


def test_new_dossiers_per_team_come_from_the_contacts_of_its_districts(demo_db, municipality):
    contacts = demo_db.read(select(contact_month).where(contact_month.c.month.between(PERIOD.first, PERIOD.last)))
    contacts = contacts.assign(team=contacts["area_code"].map(DISTRICTS), month=contacts["month"].map(_month))
    expected = contacts.dropna(subset=["team"]).groupby(["team", "month"])["dossiers_opened"].sum()
    monthly = municipality.monthly.set_index(["team_code", "month"])
    for (team, month), value in expected.items():
        assert monthly.loc[(team, month), "new"] == value
    summary = municipality.summary.set_index("team_code")
    assert summary.loc[teams.ALL_TEAMS, "new"] == expected.sum()
    # Dossiers without a team area are no team's workload.
    assert summary.loc[teams.ALL_TEAMS, "new"] < contacts["dossiers_opened"].sum()


def test_new_dossiers_within_a_theme_are_counted_apart(demo_db):
    figures = teams.team_figures(demo_db, "WOT-ZUID", PERIOD, EXACT, theme="schulden")
    contacts = demo_db.read(select(contact_month).where(contact_month.c.month.between(PERIOD.first, PERIOD.last)))
    mine = contacts[(contacts["area_code"].map(DISTRICTS) == "WOT-ZUID") & (contacts["question_type"].map(THEME_OF) == "schulden")]
    summary = figures.summary.iloc[0]
    assert list(figures.teams["code"]) == ["WOT-ZUID"] and not figures.has_total
    assert summary["selected"] == mine["dossiers_opened"].sum()
    assert summary["selected"] < summary["new"]


def test_case_weight_before_registration_is_not_registered_rather_than_zero(municipality):
    monthly = municipality.monthly
    before = monthly[monthly["month"] < "2016-01"]
    after = monthly[monthly["month"] >= "2016-01"]
    for weight in teams.WEIGHTS:
        assert before[weight].isna().all() and (before[f"{weight}_status"] == teams.UNREGISTERED).all()
        assert after[weight].notna().all() and (after[f"{weight}_status"] == SHOWN).all()
    assert (after["weight_1"] + after["weight_2"] + after["weight_3"] == after["open_dossiers"]).all()


def test_the_case_weight_mix_at_the_period_end(demo_db, municipality):
    facts = raw_caseload(demo_db, PERIOD)
    last = facts[facts["month"] == month_key(PERIOD.last)]
    summary = municipality.summary.set_index("team_code")
    total = last[["weight_1", "weight_2", "weight_3"]].sum()
    for weight in teams.WEIGHTS:
        assert summary.loc[teams.ALL_TEAMS, f"{weight}_share"] == pytest.approx(total[weight] / last["open_dossiers"].sum())
    assert summary.loc[teams.ALL_TEAMS, "integrated_share"] == pytest.approx(
        last["integrated_plans"].sum() / last["multi_problem"].sum()
    )


def test_the_norm_comes_from_the_data_with_its_source(demo_db):
    row = next(r for r in _csv("team_norms.csv") if r["code"] == teams.CASELOAD_NORM)
    norm = teams.norm(demo_db)
    assert norm.value == float(row["value"]) and norm.source == row["source"] and "inspecties" in norm.source


def test_months_above_the_norm_are_marked(demo_db):
    period = Period.parse("2023-01", "2023-12")
    figures = teams.team_figures(demo_db, "GM0606", period, EXACT)
    facts = raw_caseload(demo_db, period)
    norm = float(next(r for r in _csv("team_norms.csv") if r["code"] == teams.CASELOAD_NORM)["value"])
    expected = facts.assign(over=facts["open_dossiers"] / facts["fte"] > norm).set_index(["team_code", "month"])["over"]
    monthly = figures.monthly.set_index(["team_code", "month"])
    assert expected.any() and not expected.all()
    for key, over in expected.items():
        assert bool(monthly.loc[key, "over_norm"]) == over
    summary = figures.summary.set_index("team_code")
    for team, count in expected.groupby(level=0).sum().items():
        assert summary.loc[team, "months_over_norm"] == count


def test_a_district_shows_its_own_team(demo_db):
    assert list(teams.teams_in_view(demo_db, "WK060602")["code"]) == ["WOT-CENTRUMWEST"]
    assert list(teams.teams_in_view(demo_db, "WOT-OOST")["code"]) == ["WOT-OOST"]
    assert len(teams.teams_in_view(demo_db, "GM0606")) == 6


@pytest.mark.parametrize("rules", [DisclosureRules(min_count=40), DisclosureRules(min_count=8)])
def test_no_small_count_is_published_and_no_ratio_from_a_hidden_one(demo_db, rules):
    figures = teams.team_figures(demo_db, "GM0606", Period.parse("2015-01", "2015-06"), rules, theme="jeugd")
    monthly = figures.monthly
    counts = [c for c in monthly if f"{c}_status" in monthly]
    values = pd.concat([monthly[c] for c in counts] + [figures.summary[c] for c in counts if c in figures.summary]).dropna().astype(int)
    assert not ((values > 0) & (values < rules.min_count)).any()
    hidden = monthly[monthly["open_dossiers_status"] != SHOWN]
    assert hidden["caseload"].isna().all()
    if rules.min_count == 40:
        assert (monthly["selected_status"] != SHOWN).any()  # the check has something to check
    shown = monthly[monthly["caseload"].notna()]
    assert (shown["caseload"] == shown["open_dossiers"] / shown["fte"]).all()
