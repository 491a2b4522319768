"""Survey results: intervals against reference values, and roll-ups against sums computed here
from survey_result, on SQLite and PostgreSQL."""

from __future__ import annotations

import math

import numpy as np
import pytest
from sqlalchemy import select

from queries import demo, surveys
from queries.disclosure import DisclosureRules
from queries.schema import survey_result

# Two-sided 95% quantiles of Student's t from a printed table.
T_TABLE = {1: 12.706, 2: 4.303, 3: 3.182, 5: 2.571, 9: 2.262, 10: 2.228, 29: 2.045, 49: 2.010, 55: 2.004, 120: 1.980}
PEERS = ["PEER-A", "PEER-B", "PEER-C", "PEER-D", "PEER-E"]
TEAMS = list(demo.STAFF_RESPONDENTS_2015)


def test_wilson_interval_matches_the_reference_value():
    low, high = surveys.wilson(8, 10)
    assert (round(low, 4), round(high, 4)) == (0.4902, 0.9433)
    assert surveys.wilson(0, 20)[0] == 0 and 0 < surveys.wilson(0, 20)[1] < 0.2
    assert surveys.wilson(20, 20)[1] == 1
    assert surveys.wilson(0, 0) is None


@pytest.mark.parametrize("df, expected", T_TABLE.items())
def test_t_quantile_matches_the_printed_table(df, expected):
    assert surveys.t_quantile(0.975, df) == pytest.approx(expected, abs=6e-4)


def test_mean_interval_from_parts_matches_the_record_level_computation():
    marks = np.array([6, 7, 7, 8, 5, 9, 6, 7, 8, 6])
    mean, low, high = surveys.mean_interval(len(marks), marks.sum(), (marks**2).sum())
    half = T_TABLE[9] * marks.std(ddof=1) / math.sqrt(len(marks))
    assert mean == marks.mean()
    assert (low, high) == pytest.approx((marks.mean() - half, marks.mean() + half), abs=1e-3)


def test_overlapping_intervals_are_no_difference():
    assert surveys.difference(7.2, 7.8, 6.9, 7.3) == 0
    assert surveys.difference(6.8, 7.4, 6.1, 6.5) == 1
    assert surveys.difference(5.0, 5.5, 5.6, 6.0) == -1


def parts(db, survey: str, wave: int, area_codes: list[str]) -> dict[str, dict]:
    rows = db.read(select(survey_result).where(
        survey_result.c.survey == survey, survey_result.c.wave == wave, survey_result.c.area_code.in_(area_codes)
    ))
    return {q: group[["n", "n_positive", "sum_score", "sum_sq"]].sum().astype(int).to_dict() for q, group in rows.groupby("question")}


def test_the_municipality_and_the_peer_group_roll_up_exactly_from_the_parts(demo_db, rules):
    result = surveys.results(demo_db, "medewerkers", ["GM0606"], ["wot2015"], 2019, 2019, rules).set_index(["code", "question"])
    for code, members in (("GM0606", TEAMS), ("wot2015", PEERS)):
        for question, summed in parts(demo_db, "medewerkers", 2019, members).items():
            row = result.loc[(code, question)]
            n = summed["n"]
            mean = summed["sum_score"] / n
            sd = math.sqrt((summed["sum_sq"] - n * mean**2) / (n - 1))
            # Scores leave the query layer as shown: a mark to one decimal (so they give no exact number of respondents back).
            assert abs(row["respondents"] - n) <= 3 and row["value"] == round(mean, 1)
            t = T_TABLE[55] if n == 56 else T_TABLE[120] if n > 150 else None
            low, high = mean - t * sd / math.sqrt(n), mean + t * sd / math.sqrt(n)
            assert (row["low"], row["high"]) == pytest.approx((round(low, 1), round(high, 1)), abs=0.1 + 1e-9)


def test_a_share_agreeing_has_the_wilson_interval_of_its_summed_parts(demo_db, rules):
    exact = DisclosureRules(protection="internal")
    result = surveys.results(demo_db, "clienten", ["GM0606", "WOT-OOST"], ["wot2015"], 2020, 2020, exact).set_index(["code", "question"])
    public = surveys.results(demo_db, "clienten", ["GM0606", "WOT-OOST"], ["wot2015"], 2020, 2020, rules).set_index(["code", "question"])
    for code, members in (("GM0606", TEAMS), ("WOT-OOST", ["WOT-OOST"]), ("wot2015", PEERS)):
        for question, summed in parts(demo_db, "clienten", 2020, members).items():
            k, n = summed["n_positive"], summed["n"]
            p, z = k / n, 1.959964
            centre = (p + z * z / (2 * n)) / (1 + z * z / n)
            half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
            row = result.loc[(code, question)]
            assert row["value"] == round(p, 2)  # whole percentages, as shown
            assert (row["low"], row["high"]) == (round(centre - half, 2), round(centre + half, 2))
            # Public: from the perturbed positives over the published respondents, each within 3.
            shown = public.loc[(code, question)]
            assert abs(shown["value"] - p) <= 6 / (n - 3) + 0.005


def test_the_2015_marks_are_exactly_the_published_ones(demo_db, rules):
    result = surveys.results(demo_db, "medewerkers", ["GM0606"], ["wot2015"], 2015, 2015, rules).set_index(["code", "question"])
    for question, (own, peer) in demo.STAFF_SURVEY_2015.items():
        assert result.loc[("GM0606", question), "value"] == pytest.approx(own, abs=1e-12)
        assert result.loc[("wot2015", question), "value"] == pytest.approx(peer, abs=1e-12)


def test_too_few_respondents_give_no_score(demo_db):
    team = "WOT-ZUID"  # seven respondents in 2015
    exact = DisclosureRules(protection="internal", min_respondents=10)
    strict = surveys.results(demo_db, "medewerkers", [team], [], 2015, 2015, exact)
    assert (strict["respondents"] == 7).all() and not strict["shown"].any()
    assert strict[["value", "low", "high"]].isna().all(axis=None)
    lenient = surveys.results(demo_db, "medewerkers", [team], [], 2015, 2015, DisclosureRules(protection="internal", min_respondents=5))
    assert lenient["shown"].all() and lenient["value"].notna().all()
    # At the public level the threshold applies to the published number of respondents.
    public = surveys.results(demo_db, "medewerkers", [team], [], 2015, 2015, DisclosureRules(min_respondents=10))
    assert (public["shown"] == (public["respondents"].fillna(0) >= 10)).all()
    assert public.loc[~public["shown"], ["value", "low", "high"]].isna().all(axis=None)
