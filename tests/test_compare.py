"""The sentence rule itself (docs/sentences.md): thresholds, symmetry, quantifiers, hidden figures."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard import i18n
from dashboard.views import compare
from dashboard.views.compare import HIDDEN, HIGHER, LOWER, OVERLAP, SAME, TOO_FEW, TOO_SMALL

counts = st.integers(min_value=0, max_value=100_000)
shares = st.floats(min_value=0, max_value=1)


@settings(max_examples=300, deadline=None)
@given(counts, counts)
def test_a_named_change_of_counts_meets_every_condition_and_swaps_with_its_sides(now, earlier):
    verdict = compare.counts(now, earlier)
    if verdict.named:
        assert min(now, earlier) >= compare.MIN_BASE
        assert abs(now - earlier) >= compare.RELATIVE * min(now, earlier) and abs(now - earlier) > 6
        assert verdict.direction == (HIGHER if now > earlier else LOWER)
    assert compare.counts(earlier, now).direction == -verdict.direction


@settings(max_examples=300, deadline=None)
@given(shares, shares, counts, counts)
def test_a_named_difference_of_shares_is_beyond_the_threshold_and_the_protection(a, b, base_a, base_b):
    verdict = compare.shares(a, b, base_a, base_b)
    if verdict.named:
        assert min(base_a, base_b) >= compare.MIN_BASE and abs(a - b) >= compare.POINTS
        assert abs(a - b) > 3 * ((1 + a) / base_a + (1 + b) / base_b)
    assert compare.shares(b, a, base_b, base_a).direction == -verdict.direction


def test_the_protection_alone_cannot_make_a_difference():
    assert compare.counts(103, 97) == compare.Verdict(SAME, TOO_FEW)  # below the base
    assert compare.counts(1003, 997).reason == TOO_SMALL  # 0.6%
    assert compare.rates(10.25, 9.75, 100, 100).reason == TOO_SMALL  # 5% apart, but all of it may be protection
    assert compare.rates(12.0, 10.0, 1200, 1000).direction == HIGHER


def test_the_district_profile_case_69_against_67_percent_on_29_cases_is_not_a_difference():
    assert compare.shares(0.69, 0.67, 29, 2400) == compare.Verdict(SAME, TOO_FEW)


def test_hidden_and_missing_figures_are_never_compared():
    assert compare.counts(None, 500).reason == HIDDEN
    assert compare.rates(float("nan"), 4.0, 100, 100).reason == HIDDEN
    assert compare.intervals(None, (1, 2)).reason == HIDDEN


def test_survey_results_differ_only_when_their_intervals_do_not_overlap():
    assert compare.intervals((7.6, 8.4), (7.0, 7.5)).direction == HIGHER
    assert compare.intervals((6.5, 7.1), (7.2, 7.8)).direction == LOWER
    assert compare.intervals((7.0, 7.6), (7.5, 8.0)) == compare.Verdict(SAME, OVERLAP)


def test_quantifiers_count_only_what_is_shown():
    nieuwland = compare.tally([True, True, None, True, None, None, False])  # 4 shown, one of them below
    assert (nieuwland.shown, nieuwland.hidden, nieuwland.quantifier) == (4, 3, compare.MORE_THAN_HALF)
    assert compare.tally([True, None, None]).quantifier == compare.MORE_THAN_HALF  # one shown: not "all"
    assert compare.tally([True, True]).quantifier == compare.ALL
    assert compare.tally([False, None]).quantifier == compare.NONE
    assert compare.tally([None, None]).quantifier is None
    assert compare.tally([True, False]).quantifier == compare.HALF_OR_FEWER


def test_ranking_needs_two_shown_figures():
    assert not compare.may_rank(1) and compare.may_rank(2)


def test_hidden_figures_are_named_in_both_languages():
    assert compare.hidden_note(0) == ""
    assert compare.hidden_note(1) == "1 cijfer is niet getoond omdat het op te weinig waarnemingen rust."
    assert compare.hidden_note(3).startswith("3 cijfers zijn niet getoond")
    with i18n.language("en"):
        assert compare.hidden_note(3) == "3 figures are not shown because they rest on too few observations."
        assert compare.too_few() == "too few to call a difference (fewer than 100 observations)"


def test_two_percentage_points_are_two_points_in_floating_point_too():
    assert compare.shares(0.69, 0.67, 5000, 5000).direction == HIGHER
