"""Issue 14, with the youth theme: rates per 1,000 young people aged 0-17 that say so, and no view that
breaks a theme down into a single category at 100%."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from dashboard import format as fmt
from dashboard import i18n
from dashboard.views import cells, contacts as contacts_view, overview, profile
from queries import contacts, rates
from queries.disclosure import DisclosureRules
from queries.periods import Period

from .reading import as_read
from .test_pages import metrics

PERIOD = Period.parse("2024-01", "2024-12")
YOUTH = {"nl": "per 1.000 jongeren (0–17 jaar)", "en": "per 1,000 young people (aged 0–17)"}


def youth_in(db, code: str, year: int) -> int:
    """Young people aged 0-17 in a district, straight from the table the municipality fills."""
    with db.engine.connect() as connection:
        return connection.execute(text("SELECT youth_0_17 FROM area_population WHERE area_code = :c AND year = :y"),
                                  {"c": code, "y": year}).scalar_one()


def test_the_youth_theme_counts_per_young_person_and_the_others_per_inhabitant(sqlite_demo_db):
    assert rates.base(sqlite_demo_db, "jeugd") == rates.YOUTH == "youth_0_17"
    assert {rates.base(sqlite_demo_db, t) for t in (None, "schulden", "wonen", "overig")} == {rates.INHABITANTS}


def test_a_districts_youth_rate_is_its_published_contacts_per_1000_young_people(sqlite_demo_db, rules):
    youth = youth_in(sqlite_demo_db, "WK060606", 2024)
    figures = contacts.key_figures(sqlite_demo_db, "WK060606", PERIOD, rules, theme="jeugd")
    assert figures.base == "youth_0_17" and figures.population == youth
    assert figures.contacts_per_1000 == pytest.approx(figures.value("contacts") / youth * 1000)
    rows = contacts.by_area(sqlite_demo_db, "district", PERIOD, rules, theme="jeugd").set_index("code")
    assert rows.loc["WK060606", "per_1000"] == pytest.approx(rows.loc["WK060606", "contacts"] / youth * 1000)
    assert rows.loc["WK060606", "contacts"] == figures.value("contacts")  # one published value on every page
    everyone = contacts.by_area(sqlite_demo_db, "district", PERIOD, rules).set_index("code")
    assert everyone.loc["WK060606", "population"] > 3 * youth  # without a theme: inhabitants
    monthly = contacts.monthly_rate(sqlite_demo_db, "WK060606", PERIOD, rules, theme="jeugd")
    assert list(monthly["per_1000"]) == pytest.approx([c / youth * 1000 for c in monthly["contacts"]])


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_view_of_a_youth_rate_says_young_people(sqlite_demo_db, rules, lang):
    now = contacts.key_figures(sqlite_demo_db, "WK060606", PERIOD, rules, theme="jeugd")
    whole = contacts.key_figures(sqlite_demo_db, "GM0606", PERIOD, rules, theme="jeugd")
    rows = contacts.by_area(sqlite_demo_db, "district", PERIOD, rules, theme="jeugd")
    monthly = contacts.monthly_rate(sqlite_demo_db, "WK060606", PERIOD, rules, theme="jeugd")
    with i18n.language(lang):
        unit = YOUTH[lang]
        heading = unit[0].upper() + unit[1:]
        tile = overview.tiles(now, None, None)[1]
        assert tile.label == heading and tile.value == fmt.number(now.contacts_per_1000, 1)
        table = cells.screen(contacts_view.by_area_table(rows, rules.min_count))
        assert heading in table.columns and ("Jongeren (0–17 jaar)" if lang == "nl" else "Young people (aged 0–17)") in table.columns
        assert contacts_view.measure_buttons("youth_0_17")["per-1000"] == heading
        assert unit in contacts_view.map_title("per-1000", "district", "youth_0_17").lower()
        assert unit in contacts_view.trend_title(PERIOD, "youth_0_17")
        figure, _table = contacts_view.trend({"Nieuwland": monthly})
        assert unit in figure.data[0].hovertemplate
        line = profile.contacts(now, whole)[0]
        assert f"{fmt.number(now.contacts_per_1000, 1)} {unit}" in as_read(profile.sentence(line, "district", "Nieuwland"))
        inhabitants = contacts.key_figures(sqlite_demo_db, "WK060606", PERIOD, rules, theme="schulden")
        assert "1" in overview.tiles(inhabitants, None, None)[1].label and "0–17" not in overview.tiles(inhabitants, None, None)[1].label


def single_category_at_100(test) -> list[str]:
    """Tables on screen whose breakdown has one category, shown at 100%."""
    found = []
    for frame in test.dataframe:
        table = frame.value
        shares = [c for c in table.columns if str(c).startswith(("Aandeel", "Share"))]
        body = table[~table.iloc[:, 0].astype(str).isin(["Totaal", "Total"])]
        for column in shares:
            values = [str(v) for v in body[column]]
            if len(values) == 1 and values[0] in ("100%", "100,0%", "100.0%"):
                found.append(f"{list(table.columns)[:2]}: {column}")
        if "Onderwerp" in table.columns:  # Wijkprofiel: the breakdown is a group of rows
            group = table[table["Onderwerp"] == "Waarover gingen de vragen?"]
            if len(group) == 1 and str(group["Waarde"].iloc[0]).startswith("100"):
                found.append("Wijkprofiel: Waarover gingen de vragen?")
    return found


def breakdowns(test) -> int:
    """How many categories the page breaks the theme down into, in its tables."""
    counts = [0]
    for frame in test.dataframe:
        table = frame.value
        if "Onderwerp" in table.columns:
            counts.append(int((table["Onderwerp"] == "Waarover gingen de vragen?").sum()))
        elif any(str(c).startswith("Aandeel") for c in table.columns):
            counts.append(len(table[~table.iloc[:, 0].astype(str).isin(["Totaal", "Total"])]))
    return max(counts)


@pytest.mark.parametrize(("page", "params"), [
    (None, {}),
    ("pages/contacten.py", {}),
    ("pages/hulpvragen.py", {}),
    ("pages/hulpvragen.py", {"vergelijk": "team"}),
    ("pages/wijkprofiel.py", {"gebied": "WK060606"}),
    ("pages/persbriefing.py", {}),
])
def test_with_the_youth_theme_no_page_breaks_down_into_one_category_at_100_percent(app, page, params):
    test = app(van="2024-01", tot="2024-12", thema="jeugd", **params)
    if page:
        test.switch_page(page).run()
    assert not test.exception, [e.value for e in test.exception]
    assert single_category_at_100(test) == []
    if page in (None, "pages/hulpvragen.py", "pages/wijkprofiel.py"):
        assert breakdowns(test) >= 3  # the breakdown is there, by the theme's question types


def test_the_factsheet_names_where_the_young_people_come_from(sqlite_demo_db):
    from dashboard.views import factsheet
    assert "bevolkingsregister van de gemeente" in factsheet.source_line("youth_0_17")
    assert "CBS Kerncijfers" in factsheet.source_line("inhabitants")
    with i18n.language("en"):
        assert "young people (aged 0–17)" in factsheet.source_line("youth_0_17")


def test_overview_with_the_youth_theme_says_young_people_in_english(app, sqlite_demo_db, rules):
    test = app(van="2024-01", tot="2024-12", thema="jeugd", taal="en")
    assert not test.exception
    figures = contacts.key_figures(sqlite_demo_db, "GM0606", PERIOD, rules, theme="jeugd")
    assert metrics(test)["Per 1,000 young people (aged 0–17)"] == fmt.number(figures.contacts_per_1000, 1, lang="en")


def test_debts_and_housing_stay_above_half_of_all_questions_in_every_year_of_the_demo(sqlite_demo_db):
    exact = DisclosureRules(protection="internal")
    for year in range(2015, 2026):
        figures = contacts.key_figures(sqlite_demo_db, "GM0606", Period.parse(f"{year}-01", f"{year}-12"), exact)
        assert figures.value("theme", "schulden") + figures.value("theme", "wonen") > figures.value("contacts") / 2, year
