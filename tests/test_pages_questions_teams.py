"""The pages Hulpvragen and Teams under AppTest, and the theme filter carried to every page."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from dashboard import format as fmt
from queries import questions, teams
from queries.disclosure import DisclosureRules
from queries.periods import Period
from queries.schema import caseload_month

from tests.reading import as_read

from .test_pages import plotly_specs, registered_pages

HULPVRAGEN, TEAMS = "pages/hulpvragen.py", "pages/teams.py"


def param(test, name: str):
    value = test.query_params.get(name)
    return value[0] if isinstance(value, list) else value


def theme_box(test):
    return next(box for box in test.selectbox if box.label == "Thema")


@pytest.mark.parametrize("page", registered_pages())
def test_the_theme_from_the_link_is_applied_on_every_page(app, page):
    test = app(thema="wonen", van="2016-01", tot="2016-06")
    test.switch_page(page).run()
    assert not test.exception, [e.value for e in test.exception]
    assert theme_box(test).value == "wonen"
    assert param(test, "thema") == "wonen"
    if page == "pages/over_de_data.py":  # definitions and the load log: nothing there has a theme
        return
    # waiting times and surveys have no theme: those pages say the filter does not apply to them
    assert "thema Wonen" in test.caption[0].value or any("gelden hier niet" in c.value for c in test.caption)


@pytest.mark.parametrize("start, then", [(HULPVRAGEN, TEAMS), (TEAMS, "pages/overzicht.py"), ("pages/overzicht.py", HULPVRAGEN)])
def test_a_theme_chosen_on_one_page_stays_on_the_next(app, start, then):
    test = app(van="2016-01", tot="2016-06")
    test.switch_page(start).run()
    theme_box(test).select("jeugd").run()
    test.switch_page(then).run()
    assert not test.exception
    assert theme_box(test).value == "jeugd" and param(test, "thema") == "jeugd"
    assert "thema Jeugd en opvoeding" in test.caption[0].value


def test_hulpvragen_shows_the_shares_of_the_query_layer(app, sqlite_demo_db):
    test = app(van="2016-01", tot="2016-06")
    test.switch_page(HULPVRAGEN).run()
    figures = questions.question_figures(sqlite_demo_db, "GM0606", Period.parse("2016-01", "2016-06"), "district", DisclosureRules())
    heatmap = next(s for s in plotly_specs(test) if s["data"][0]["type"] == "heatmap")
    texts = {(y, x.replace("<br>", " ")): t for y, row in zip(heatmap["data"][0]["y"], heatmap["data"][0]["text"])
             for x, t in zip(heatmap["data"][0]["x"], row)}
    nieuwland = figures.by_area.query("code == 'WK060606' and category == 'schulden'").iloc[0]
    assert texts[("Nieuwland", "Schulden en inkomen")] == fmt.percent(nieuwland["share"], 0)
    assert ("Hele gemeente Schiedam", "Wonen") in texts
    top = figures.per_category.query("code == 'schulden'").iloc[0]
    assert f"{fmt.percent(top['share_now'])} over schulden en inkomen ({fmt.number(int(top['contacts_now']))})" in test.markdown[0].value
    assert test.title[0].value == "Hulpvragen · Hele gemeente Schiedam"


def test_hulpvragen_per_team_area_and_small_counts_as_marks(app):
    test = app(gebied="WK060605", van="2024-03", tot="2024-05", thema="overig")
    test.switch_page(HULPVRAGEN).run()
    assert not test.exception
    specs = plotly_specs(test)
    heatmap = next(s for s in specs if s["data"][0]["type"] == "heatmap")
    assert any("<5" in row or "0" in row for row in heatmap["data"][0]["text"])
    assert any("privacy" in c.value for c in test.caption)
    test.get("button_group")[0].set_value("team").run()
    heatmap = next(s for s in plotly_specs(test) if s["data"][0]["type"] == "heatmap")
    assert "WOT Nieuwland" in heatmap["data"][0]["y"]


def test_teams_shows_caseload_as_a_ratio_of_sums_against_the_norm(app, sqlite_demo_db):
    test = app(van="2025-10", tot="2025-12", exact=True)
    test.switch_page(TEAMS).run()
    assert not test.exception
    last = sqlite_demo_db.read(select(caseload_month).where(caseload_month.c.month == Period.parse("2025-12", "2025-12").first))
    caseload = last["open_dossiers"].sum() / last["fte"].sum()
    assert f"{fmt.number(caseload, 1)} dossiers per fte" in test.markdown[0].value
    norm = teams.norm(sqlite_demo_db)
    assert any(norm.source in as_read(c.value) and "Caseloadnorm" in c.value for c in test.caption)
    lines = next(s for s in plotly_specs(test) if s["data"][0].get("mode") == "lines+markers" and "WOT Zuid" in [d["name"] for d in s["data"]])
    assert any(shape.get("y0") == norm.value for shape in lines["layout"]["shapes"])
    assert "boven de norm" in [d["name"] for d in lines["data"]]
    table = test.dataframe[-1].value.set_index("Wijkteam")
    assert table.loc["Alle wijkteams", "Dossiers per fte"] == fmt.number(caseload, 1)


def test_teams_before_case_weight_was_registered_says_so(app):
    test = app(gebied="WOT-ZUID", van="2015-01", tot="2015-05")
    test.switch_page(TEAMS).run()
    assert not test.exception
    table = test.dataframe[-1].value
    assert table["Zwaarte: zwaar"].tolist() == ["niet geregistreerd"]
    mix = next(s for s in plotly_specs(test) if s["layout"].get("barmode") == "stack")
    assert any(a["text"] == "niet geregistreerd" for a in mix["layout"]["annotations"])


def test_hulpvragen_with_one_question_type_shows_counts_per_area_not_100_percent(app, sqlite_demo_db, youth_of_one_type):
    """Issue 12: with the youth theme, Hulpvragen showed "100%" in every district (then it held one type;
    a municipality's own file may still give a theme one)."""
    test = app(van="2025-10", tot="2025-12", thema="jeugd")
    test.switch_page(HULPVRAGEN).run()
    assert not test.exception
    specs = plotly_specs(test)
    assert not any(s["data"][0]["type"] == "heatmap" for s in specs)
    figures = questions.question_figures(sqlite_demo_db, "GM0606", Period.parse("2025-10", "2025-12"), "district", DisclosureRules(),
                                         theme="jeugd")
    nieuwland = figures.by_area.query("code == 'WK060606'").iloc[0]
    bars = next(s for s in specs if "Nieuwland" in s["data"][0].get("y", []))
    assert dict(zip(bars["data"][0]["y"], bars["data"][0]["x"]))["Nieuwland"] == nieuwland["contacts"]
    assert any("bevat één soort vraag" in c.value for c in test.caption)
    assert "100%" not in " ".join(str(t) for s in specs for t in s["data"][0].get("text", []))
    assert test.markdown[0].value.startswith("In oktober–december 2025 stelden inwoners uit Schiedam ")
    assert "sterkst" not in test.markdown[0].value


def test_hulpvragen_in_english(app, sqlite_demo_db):
    test = app(van="2016-01", tot="2016-06", taal="en")
    test.switch_page(HULPVRAGEN).run()
    assert not test.exception
    figures = questions.question_figures(sqlite_demo_db, "GM0606", Period.parse("2016-01", "2016-06"), "district", DisclosureRules())
    total = int(figures.per_category["contacts_now"].iloc[-1])
    assert test.title[0].value.startswith("Questions · ")
    assert test.markdown[0].value.startswith(f"In January–June 2016 residents from Schiedam asked {fmt.number(total, lang='en')} questions: ")
    assert "," in fmt.number(total, lang="en")
    heatmap = next(s for s in plotly_specs(test) if s["data"][0]["type"] == "heatmap")
    assert "Debts<br>and income" in heatmap["data"][0]["x"] or "Debts and<br>income" in heatmap["data"][0]["x"]
    assert [h.value for h in test.header][:3] == ["Share by theme, by district", "Trend by theme", "How often did a question lead to a case?"]
    assert "Theme" in test.dataframe[-1].value.columns


def test_teams_in_english(app):
    test = app(van="2025-10", tot="2025-12", taal="en")
    test.switch_page(TEAMS).run()
    assert not test.exception
    assert test.title[0].value.startswith("Teams · ")
    assert test.markdown[0].value.startswith("At the end of December 2025 the 6 teams together had ")
    assert " of the 6 teams were above it: " in test.markdown[0].value
    assert any("**Caseload norm: 25 open cases per FTE.** Source: " in as_read(c.value) for c in test.caption)
    table = test.dataframe[-1].value.set_index("Team")
    assert "All teams" in table.index and set(table["Above the norm"]) <= {"yes", "no"}
    lines = next(s for s in plotly_specs(test) if s["data"][0].get("mode") == "lines+markers" and "WOT Zuid" in [d["name"] for d in s["data"]])
    assert "above the norm" in [d["name"] for d in lines["data"]]


def test_teams_with_a_theme_shows_every_teams_share_also_for_one_district(app, sqlite_demo_db):
    """Issue 14: a theme has the teams' share of it; a district sees its own team among all teams."""
    period = Period.parse("2025-01", "2025-12")
    figures = teams.team_figures(sqlite_demo_db, "GM0606", period, DisclosureRules(), theme="jeugd")
    expected = figures.summary.set_index("team_code")["selected_share"]
    for language, heading, team in (("nl", "Aandeel in de nieuwe dossiers: thema Jeugd en opvoeding", "Wijkteam"),
                                    ("en", "Share of new cases: theme Youth and parenting", "Team")):
        test = app(gebied="WK060606", van="2025-01", tot="2025-12", thema="jeugd", taal=language)
        test.switch_page(TEAMS).run()
        assert not test.exception
        assert heading in [h.value for h in test.header]
        bars = next(s for s in plotly_specs(test) if any("<b>WOT Nieuwland</b>" in str(y) for y in s["data"][0].get("y", [])))
        assert len(bars["data"][0]["x"]) == 6
        assert sorted(bars["data"][0]["x"]) == pytest.approx(sorted(expected.drop(index=teams.ALL_TEAMS)))
        sentence = next(m.value for m in test.markdown if m.value.startswith(("Van de ", "Of the ")))
        assert fmt.percent(float(expected["WOT-NIEUWLAND"]), lang=language) in sentence
        caption = next(c.value for c in test.caption if c.value.startswith(("Open dossiers", "Open cases")))
        assert "WOT Nieuwland" in caption and "samen" not in caption and "together" not in caption
