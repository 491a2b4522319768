"""Disclosure control: no small count ever leaves the query layer, and no suppressed count can be
worked out from a published total.

The recovery check here is independent of the module's own interval arithmetic: it enumerates,
with sets, every value a suppressed cell could take given what a reader sees.
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from queries import areas, contacts
from queries.disclosure import (
    PROTECTING,
    SHOWN,
    SMALL,
    DisclosureRules,
    Relation,
    publish,
    round_count,
    suppress,
)
from queries.periods import Period, add_months

counts = st.one_of(st.integers(0, 6), st.integers(0, 60))  # many small counts, some large ones
min_counts = st.integers(2, 10)


def possible_values(cell, relation: Relation, values, status, min_count) -> set[int]:
    """Every value ``cell`` could have for a reader who knows the published total and cells, that a
    small count lies in 1..min_count-1 and that a protecting cell is at least 1."""
    hidden = [p for p in relation.parts if status[p] != SHOWN]
    remainder = values[relation.total] - sum(values[p] for p in relation.parts if status[p] == SHOWN)

    def candidates(part):
        return range(1, min_count) if status[part] == SMALL else range(1, remainder + 1)

    sums = {0}
    for other in hidden:
        if other != cell:
            sums = {s + v for s in sums for v in candidates(other) if s + v <= remainder}
    return {v for v in candidates(cell) if remainder - v in sums}


def one_table(parts: list[int]) -> tuple[dict, list[Relation]]:
    values = {("part", i): v for i, v in enumerate(parts)} | {("total",): sum(parts)}
    return values, [Relation(("total",), [("part", i) for i in range(len(parts))])]


def cross_table(rows: list[list[int]]) -> tuple[dict, list[Relation]]:
    """A table with row totals, column totals and a grand total, as pages show them."""
    values, relations = {}, []
    width = len(rows[0])
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            values[(r, c)] = v
        values[(r, "total")] = sum(row)
        relations.append(Relation((r, "total"), [(r, c) for c in range(width)]))
    for c in range(width):
        values[("total", c)] = sum(row[c] for row in rows)
        relations.append(Relation(("total", c), [(r, c) for r in range(len(rows))]))
    values[("total", "total")] = sum(map(sum, rows))
    relations.append(Relation(("total", "total"), [(r, "total") for r in range(len(rows))]))
    relations.append(Relation(("total", "total"), [("total", c) for c in range(width)]))
    return values, relations


def assert_protected(values, relations, status, min_count):
    for key, value in values.items():
        if status[key] == SHOWN:
            assert not 0 < value < min_count, f"{key}={value} published"
    for relation in relations:
        if status[relation.total] != SHOWN:
            continue
        for cell in relation.parts:
            if status[cell] == SMALL:
                seen = possible_values(cell, relation, values, status, min_count)
                assert values[cell] in seen
                assert seen == set(range(1, min_count)), f"{cell}={values[cell]} narrowed to {sorted(seen)}"


@settings(max_examples=400)
@given(st.lists(counts, min_size=1, max_size=8), min_counts)
def test_one_table_hides_small_counts_and_cannot_be_worked_back(parts, min_count):
    values, relations = one_table(parts)
    assert_protected(values, relations, suppress(values, relations, min_count), min_count)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(1, 5).flatmap(lambda w: st.lists(st.lists(counts, min_size=w, max_size=w), min_size=1, max_size=5)), min_counts)
def test_cross_tables_with_margins_are_protected_on_every_row_and_column(rows, min_count):
    values, relations = cross_table(rows)
    assert_protected(values, relations, suppress(values, relations, min_count), min_count)


def valid(min_count: int, round_to: int) -> bool:
    return round_count(min_count, round_to) >= min_count


@given(st.lists(counts, min_size=1, max_size=8), min_counts, st.sampled_from([1, 5, 10]))
def test_published_values_are_never_small_and_are_rounded(parts, min_count, round_to):
    assume(valid(min_count, round_to))
    values, relations = one_table(parts)
    published, status = publish(values, relations, DisclosureRules(min_count=min_count, round_to=round_to))
    for key, value in published.items():
        if value is None:
            assert status[key] in (SMALL, PROTECTING)
        else:
            assert not 0 < value < min_count
            assert value % round_to == 0
            assert abs(value - values[key]) <= round_to // 2


def test_the_classic_cases():
    # 2+3 of 5: a reader learns nothing beyond "1 to 4" for either, so nothing more is hidden.
    values, relations = one_table([2, 3])
    assert suppress(values, relations, 5) == {("part", 0): SMALL, ("part", 1): SMALL, ("total",): SHOWN}
    # 1+1+30: two ones add up to 2, which gives both away; the 30 is hidden too.
    values, relations = one_table([1, 1, 30])
    assert suppress(values, relations, 5)[("part", 2)] == PROTECTING
    # 3 next to 120 and 40: the smallest other cell protects it.
    values, relations = one_table([3, 120, 40])
    status = suppress(values, relations, 5)
    assert status[("part", 2)] == PROTECTING and status[("part", 1)] == SHOWN
    # 4+4 with nothing else: only hiding the total protects them.
    values, relations = one_table([4, 4])
    assert suppress(values, relations, 5)[("total",)] == PROTECTING


@pytest.mark.parametrize(("value", "rounded"), [(0, 0), (2, 0), (3, 5), (7, 5), (8, 10), (12, 10), (13, 15)])
def test_rounding_to_five_goes_half_up(value, rounded):
    assert round_count(value, 5) == rounded


def test_rules_refuse_settings_that_would_publish_small_counts():
    with pytest.raises(ValueError):
        DisclosureRules(min_count=1)
    with pytest.raises(ValueError):
        DisclosureRules(round_to=0)
    with pytest.raises(ValueError, match="would be published as 5"):
        DisclosureRules(min_count=6, round_to=5)  # a 6 would be rounded to 5
    assert DisclosureRules(min_count=8, round_to=5).min_count == 8  # 8 rounds to 10


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), min_count=st.integers(2, 12), round_to=st.sampled_from([1, 5]))
def test_key_figures_from_the_database_are_protected(sqlite_demo_db, data, min_count, round_to):
    """Through the real query layer, for any area, period and rules."""
    assume(valid(min_count, round_to))
    codes = list(areas.areas(sqlite_demo_db)["code"])
    first = add_months(Period.parse("2015-01", "2015-01").first, data.draw(st.integers(0, 130)))
    length = data.draw(st.integers(0, 12))
    period = Period(first, min(add_months(first, length), Period.parse("2025-12", "2025-12").last))
    rules = DisclosureRules(min_count=min_count, round_to=round_to)
    figures = contacts.key_figures(sqlite_demo_db, data.draw(st.sampled_from(codes)), period, rules)
    shown = figures.cells[figures.cells["status"] == SHOWN]["value"]
    hidden = figures.cells[figures.cells["status"] != SHOWN]["value"]
    assert not ((shown > 0) & (shown < min_count)).any()
    assert (shown % round_to == 0).all()
    assert hidden.isna().all()


def test_rates_built_on_a_suppressed_count_are_hidden(sqlite_demo_db, rules):
    # Nieuw Mathenesse is an industrial area with a handful of inhabitants and contacts.
    figures = contacts.key_figures(sqlite_demo_db, "WK060605", Period.parse("2015-01", "2015-05"), rules)
    assert figures.status("contacts") == SMALL
    assert figures.contacts_per_1000 is None
    assert figures.share("short_interventions") is None
    assert pd.isna(figures.cells.loc[("channel", "telefoon"), "value"])
