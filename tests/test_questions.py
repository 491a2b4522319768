"""Question types per area and over time: shares, trends and dossier shares against an independent
computation from the fact table, on SQLite and PostgreSQL, and protected as one set."""

from __future__ import annotations

import csv
from datetime import date

import pandas as pd
import pytest
from sqlalchemy import select

from queries import questions
from queries.config import DATA_DIR
from queries.disclosure import SHOWN, DisclosureRules
from queries.periods import Period
from queries.schema import contact_month

PERIOD = Period.parse("2016-01", "2016-06")  # with a year earlier in the data
EXACT = DisclosureRules(protection="internal")  # to compare with independent sums; protection has its own tests


def _csv(name: str) -> list[dict]:
    with open(DATA_DIR / name, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


THEME_OF = {row["code"]: row["theme_code"] for row in _csv("question_types.csv")}
DISTRICTS = {row["code"]: row["team_code"] for row in _csv("areas.csv") if row["level"] == "district"}


def raw(db, period: Period) -> pd.DataFrame:
    """Contact rows of the period, straight from the fact table, with their theme."""
    frame = db.read(select(contact_month).where(contact_month.c.month.between(period.first, period.last)))
    frame["month"] = frame["month"].map(lambda m: m if isinstance(m, date) else date.fromisoformat(str(m)[:10]))
    return frame.assign(theme=frame["question_type"].map(THEME_OF))


@pytest.fixture(scope="module")
def municipality(demo_db):
    return questions.question_figures(demo_db, "GM0606", PERIOD, "district", EXACT)


def test_shares_per_district_equal_an_independent_computation(demo_db, municipality):
    facts = raw(demo_db, PERIOD)
    in_district = facts[facts["area_code"].isin(DISTRICTS)]
    counts = in_district.groupby(["area_code", "theme"])["contacts"].sum()
    totals = in_district.groupby("area_code")["contacts"].sum()
    shown = municipality.by_area[(municipality.by_area["kind"] == "area") & municipality.by_area["share"].notna()]
    assert len(shown) >= 20  # most districts are large enough to be published
    for row in shown.itertuples():
        assert row.contacts == counts.get((row.code, row.category), 0)
        assert row.share == pytest.approx(counts.get((row.code, row.category), 0) / totals[row.code])
    whole = municipality.by_area[municipality.by_area["kind"] == "total"].set_index("category")
    by_theme = facts.groupby("theme")["contacts"].sum()
    for theme, row in whole.iterrows():
        assert row["contacts"] == by_theme[theme]
        assert row["share"] == pytest.approx(by_theme[theme] / facts["contacts"].sum())


def test_contacts_without_a_district_form_the_remainder(demo_db, municipality):
    facts = raw(demo_db, PERIOD)
    remainder = municipality.by_area[municipality.by_area["kind"] == "remainder"]
    assert set(remainder["name"]) == {"Zonder wijk"}
    expected = facts[~facts["area_code"].isin(DISTRICTS)].groupby("theme")["contacts"].sum()
    for row in remainder[remainder["status"] == SHOWN].itertuples():
        assert row.contacts == expected.get(row.category, 0)


def test_trend_per_theme_and_a_year_earlier_equal_an_independent_computation(demo_db, municipality):
    assert municipality.earlier == Period.parse("2015-01", "2015-06")
    for which, period in (("now", PERIOD), ("earlier", municipality.earlier)):
        expected = raw(demo_db, period).groupby(["month", "theme"])["contacts"].sum()
        rows = municipality.trend[municipality.trend["which"] == which]
        assert len(rows) == 6 * 4 and (rows["status"] == SHOWN).all()
        for row in rows.itertuples():
            assert row.contacts == expected[(row.month, row.category)]
            assert row.month.month == period.first.month + row.position


def test_share_that_became_a_dossier_per_theme_equals_an_independent_computation(demo_db, municipality):
    per = municipality.per_category.set_index("code")
    for which, period in (("now", PERIOD), ("earlier", municipality.earlier)):
        sums = raw(demo_db, period).groupby("theme")[["contacts", "dossiers_opened", "short_interventions"]].sum()
        for theme, row in sums.iterrows():
            assert per.loc[theme, f"dossiers_{which}"] == row["dossiers_opened"]
            assert per.loc[theme, f"short_interventions_{which}"] == row["short_interventions"]
            assert per.loc[theme, f"dossier_share_{which}"] == pytest.approx(row["dossiers_opened"] / row["contacts"])
        assert per.loc[questions.ALL, f"contacts_{which}"] == sums["contacts"].sum()


def test_within_one_theme_the_life_domains_are_the_categories(demo_db):
    figures = questions.question_figures(demo_db, "WOT-NIEUWLAND", PERIOD, "team", EXACT, theme="overig")
    domains = [row["code"] for row in _csv("question_types.csv") if row["theme_code"] == "overig"]
    assert list(figures.categories["code"]) == domains
    facts = raw(demo_db, PERIOD)
    mine = facts[(facts["area_code"].map(DISTRICTS) == "WOT-NIEUWLAND") & (facts["theme"] == "overig")]
    expected = mine.groupby("question_type")["contacts"].sum()
    per = figures.per_category.set_index("code")
    for domain in domains:
        if per.loc[domain, "contacts_now_status"] == SHOWN:
            assert per.loc[domain, "contacts_now"] == expected.get(domain, 0)
    assert per.loc[questions.ALL, "contacts_now"] == expected.sum()


def test_the_year_earlier_is_left_out_before_the_data_start(demo_db):
    figures = questions.question_figures(demo_db, "GM0606", Period.parse("2015-01", "2015-05"), "district", DisclosureRules())
    assert figures.earlier is None
    assert set(figures.trend["which"]) == {"now"}
    assert figures.per_category["contacts_earlier"].isna().all()


@pytest.mark.parametrize("rules", [DisclosureRules(), DisclosureRules(min_count=8)])
@pytest.mark.parametrize("area_code", ["WK060605", "WK060608", "GM0606"])
def test_no_small_count_and_no_share_from_a_hidden_count_is_published(demo_db, rules, area_code):
    figures = questions.question_figures(demo_db, area_code, Period.parse("2024-03", "2024-05"), "district", rules, theme="overig")
    counts = pd.concat([
        figures.by_area["contacts"], figures.by_area["area_contacts"], figures.trend["contacts"],
        *(figures.per_category[c] for c in figures.per_category if c.split("_")[0] in ("contacts", "short", "dossiers")
          and not c.endswith("status") and "share" not in c),
    ]).dropna().astype(int)
    assert not ((counts > 0) & (counts < rules.min_count)).any()
    hidden = figures.by_area[(figures.by_area["status"] != SHOWN) | (figures.by_area["area_status"] != SHOWN)]
    assert hidden["share"].isna().all()
    per = figures.per_category
    assert per.loc[per["dossiers_now_status"] != SHOWN, "dossier_share_now"].isna().all()
    shown = figures.by_area[figures.by_area["share"].notna()]
    assert (shown["share"] == shown["contacts"] / shown["area_contacts"]).all()  # from the published counts


def test_one_count_is_protected_alike_wherever_the_page_shows_it(demo_db):
    """A district's contacts per theme appear in the district table and in its own figures: the
    same cell, so one value and one status, never hidden in one place and shown in the other."""
    for code in ("WK060605", "WK060608", "WK060606"):
        figures = questions.question_figures(demo_db, code, Period.parse("2024-03", "2024-05"), "district", DisclosureRules())
        row = figures.by_area[figures.by_area["code"] == code].set_index("category")
        per = figures.per_category.set_index("code")
        for theme in row.index:
            assert row.loc[theme, "status"] == per.loc[theme, "contacts_now_status"]
            assert pd.isna(row.loc[theme, "contacts"]) == pd.isna(per.loc[theme, "contacts_now"])
            if not pd.isna(row.loc[theme, "contacts"]):
                assert row.loc[theme, "contacts"] == per.loc[theme, "contacts_now"]
