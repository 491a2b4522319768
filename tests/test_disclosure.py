"""The cell-key method: the perturbation table's properties, record and cell keys, the rules.

The attacks on published figures (subtracting totals across levels, pages and periods) are in
tests/test_disclosure_attacks.py.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from queries import areas, cellkeys, contacts, ptable
from queries.cellkeys import KEY_MODULUS, record_keys
from queries.disclosure import INTERNAL, SHOWN, SMALL, DisclosureRules, perturb, publish, publish_counts
from queries.periods import Period, add_months

TABLE = ptable.load()
counts = st.one_of(st.integers(0, 10), st.integers(0, 100_000))
keys = st.integers(0, KEY_MODULUS - 1)


@given(counts, keys, st.integers(2, 10))
def test_perturbation_never_publishes_a_small_count(count, key, min_count):
    values, status = publish_counts([count], [key], DisclosureRules(min_count=min_count))
    if status[0] == SMALL:
        assert pd.isna(values[0])
    else:
        assert not 0 < values[0] < min_count


@given(counts, keys)
def test_perturbation_keeps_zero_stays_within_the_deviation_and_blocks_one_and_two(count, key):
    published = int(perturb([count], [key])[0])
    assert abs(published - count) <= TABLE.max_deviation
    assert published >= 0 and published not in (1, 2)
    if count == 0:
        assert published == 0


@given(counts, keys)
def test_the_same_count_and_key_always_get_the_same_value(count, key):
    assert perturb([count], [key])[0] == perturb([count, count], [key, key])[1]


def test_the_noise_has_mean_zero_and_the_documented_variance():
    rows = pd.read_csv(ptable.PTABLE_FILE)
    for i, row in rows.groupby("i"):
        d = row["j"] - row["i"]
        assert abs(float(row["p"] @ d)) < 1e-6, f"count {i} is biased"
        if i >= 1:
            assert float(row["p"] @ (d * d)) == pytest.approx(ptable.VARIANCE, abs=1e-3)
    assert TABLE.max_deviation == ptable.MAX_DEVIATION


def test_the_stored_table_is_what_the_builder_makes():
    """data/ptable.csv is built by `python -m queries.ptable`; the two may not drift apart."""
    stored = pd.read_csv(ptable.PTABLE_FILE)
    pd.testing.assert_frame_equal(stored, ptable.build(), check_exact=False, atol=1e-8)


def test_keys_spread_evenly_so_noise_follows_the_table():
    """Drawn through real record keys, the noise of a large count follows its row's probabilities."""
    keys = record_keys(b"a test secret of enough length", "contacts", range(200_000))
    noise = perturb(np.full(len(keys), 50), keys) - 50
    row = TABLE.rows[TABLE.rows["i"] == TABLE.largest_row]
    for n, p in zip(row["j"] - row["i"], row["p"]):
        assert (noise == n).mean() == pytest.approx(p, abs=0.005)


def test_every_small_count_leaves_at_least_two_possibilities():
    for published in range(0, 12):
        possible = TABLE.possible(published)
        if possible:
            assert len(possible) >= 2, f"{published} gives away {possible}"


def test_record_keys_are_keyed_stable_and_in_range():
    secret = b"a test secret of enough length"
    first = record_keys(secret, "contacts", ["a", "b", "c"])
    assert list(first) == list(record_keys(secret, "contacts", ["a", "b", "c"]))
    assert list(first) != list(record_keys(b"another secret of enough length", "contacts", ["a", "b", "c"]))
    assert list(first) != list(record_keys(secret, "waits", ["a", "b", "c"]))
    assert ((first >= 0) & (first < KEY_MODULUS)).all()


def test_internal_publishes_exact_counts():
    values, status = publish_counts([0, 1, 4, 845], [5, 6, 7, 8], DisclosureRules(protection=INTERNAL))
    assert list(values) == [0, 1, 4, 845] and list(status) == [SHOWN] * 4


def test_rules_refuse_settings_that_would_publish_small_counts():
    with pytest.raises(ValueError):
        DisclosureRules(min_count=1)
    with pytest.raises(ValueError, match="beschermingsniveau"):
        DisclosureRules(protection="open")


def test_publish_gives_none_for_small_cells():
    published, status = publish({"a": (845, 1234), "b": (0, 0)}, DisclosureRules())
    assert status["b"] == SHOWN and published["b"] == 0
    assert abs(published["a"] - 845) <= TABLE.max_deviation


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), min_count=st.integers(2, 12))
def test_key_figures_from_the_database_are_protected(sqlite_demo_db, data, min_count):
    """Through the real query layer, for any area, period and threshold."""
    codes = list(areas.areas(sqlite_demo_db)["code"])
    first = add_months(Period.parse("2015-01", "2015-01").first, data.draw(st.integers(0, 130)))
    length = data.draw(st.integers(0, 12))
    period = Period(first, min(add_months(first, length), Period.parse("2025-12", "2025-12").last))
    rules = DisclosureRules(min_count=min_count)
    figures = contacts.key_figures(sqlite_demo_db, data.draw(st.sampled_from(codes)), period, rules)
    exact = contacts.key_figures(sqlite_demo_db, figures.area_code, period, DisclosureRules(protection=INTERNAL))
    shown = figures.cells[figures.cells["status"] == SHOWN]["value"]
    assert not ((shown > 0) & (shown < min_count)).any()
    assert figures.cells[figures.cells["status"] != SHOWN]["value"].isna().all()
    both = figures.cells[["value"]].join(exact.cells[["value"]].rename(columns={"value": "value_exact"})).dropna()
    assert ((both["value"] - both["value_exact"]).abs() <= TABLE.max_deviation).all()
    assert (both.loc[both["value_exact"] == 0, "value"] == 0).all()


def test_rates_built_on_a_hidden_count_are_hidden(sqlite_demo_db, rules):
    # Nieuw Mathenesse is an industrial area with a handful of inhabitants and contacts.
    figures = contacts.key_figures(sqlite_demo_db, "WK060605", Period.parse("2015-01", "2015-05"), rules)
    assert figures.status("contacts") == SMALL
    assert figures.contacts_per_1000 is None
    assert figures.share("short_interventions") is None


def test_cell_keys_add_up_in_sql_exactly_as_the_records_do(sqlite_demo_db):
    """The municipality's key is the sum of its districts' and its remainder's, modulo 2**32."""
    from sqlalchemy import select

    from queries.schema import contact_month

    rows = sqlite_demo_db.read(select(contact_month.c.area_code, contact_month.c.contacts_ckey,
                                      contact_month.c.short_interventions_ckey, contact_month.c.dossiers_opened_ckey))
    assert ((rows["short_interventions_ckey"] + rows["dossiers_opened_ckey"]) % KEY_MODULUS == rows["contacts_ckey"]).all()
    assert int(cellkeys.reduce([rows["contacts_ckey"].sum()])[0]) == int(rows["contacts_ckey"].sum()) % KEY_MODULUS


def test_a_share_of_published_counts_never_exceeds_one():
    """Part and whole deviate separately: 6 of 5 was shown as 120% in a district's housing questions."""
    from queries.disclosure import share

    assert share(6, 5) == 1.0 and share(3, 6) == 0.5
    assert share(None, 5) is pd.NA and share(3, 0) is pd.NA
