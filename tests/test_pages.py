"""Every page under Streamlit's AppTest: it runs, and it shows what the query layer returns."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import format as fmt
from queries import contacts
from queries.periods import Period

APP = Path(__file__).resolve().parent.parent / "dashboard" / "app.py"


def registered_pages() -> list[str]:
    """The page files the entry script puts in the navigation."""
    tree = ast.parse(APP.read_text(encoding="utf-8"))
    return [
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "Page"
    ]


def metrics(test: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in test.metric}


def plotly_specs(test: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in test.get("plotly_chart")]


def test_every_page_file_is_in_the_navigation():
    pages = {path.relative_to(APP.parent).as_posix() for path in (APP.parent / "pages").glob("*.py")}
    assert set(registered_pages()) == pages


@pytest.mark.parametrize("page", registered_pages())
def test_every_page_runs_without_exception(app, page):
    test = app(van="2015-01", tot="2015-05")
    test.switch_page(page).run()
    assert not test.exception, [e.value for e in test.exception]
    assert any("Demogegevens" in info.body for info in test.info)


def test_overview_shows_the_published_figures(app):
    test = app(van="2015-01", tot="2015-05", exact=True)
    assert not test.exception
    shown = metrics(test)
    assert shown["Contacten"] == "3.300"
    assert shown["Dossiers geopend"] == "845"
    assert shown["Korte interventie"] == "74,4%"
    teams = next(s for s in plotly_specs(test) if "WOT Nieuwland" in s["data"][0]["y"])
    per_team = dict(zip(teams["data"][0]["y"], teams["data"][0]["x"]))
    assert per_team["WOT Nieuwland"] == 171 and per_team["Zonder wijkteamgebied"] == 37
    assert "3.300 keer contact" in test.markdown[0].value


def test_overview_default_is_the_latest_quarter_with_values_from_the_query_layer(app, sqlite_demo_db, rules):
    test = app()
    assert dict(test.query_params) == {"van": ["2025-10"], "tot": ["2025-12"], "gebied": ["GM0606"]} or dict(
        test.query_params
    ) == {"van": "2025-10", "tot": "2025-12", "gebied": "GM0606"}
    period = Period.parse("2025-10", "2025-12")
    now = contacts.key_figures(sqlite_demo_db, "GM0606", period, rules)
    before = contacts.key_figures(sqlite_demo_db, "GM0606", period.year_earlier(), rules)
    shown = metrics(test)
    assert shown["Contacten"] == fmt.number(now.value("contacts"))
    assert shown["Dossiers geopend"] == fmt.number(now.value("dossiers"))
    assert shown["Per 1.000 inwoners"] == fmt.number(now.contacts_per_1000, 1)
    contacts_tile = next(m for m in test.metric if m.label == "Contacten")
    assert contacts_tile.delta == fmt.change(now.value("contacts"), before.value("contacts"))


def test_a_district_from_the_link_is_selected(app, sqlite_demo_db, rules):
    test = app(gebied="WK060606", van="2015-01", tot="2015-05")
    figures = contacts.key_figures(sqlite_demo_db, "WK060606", Period.parse("2015-01", "2015-05"), rules)
    assert test.selectbox[0].value == "WK060606"
    assert metrics(test)["Contacten"] == fmt.number(figures.value("contacts"))
    assert test.title[0].value == "Overzicht · Wijk Nieuwland"


def test_small_counts_are_shown_as_marks(app):
    test = app(gebied="WK060605", van="2015-01", tot="2015-05")
    assert metrics(test)["Contacten"] == "<5"
    assert metrics(test)["Per 1.000 inwoners"] == fmt.MISSING
    channels = next(s for s in plotly_specs(test) if "Anders" in s["data"][0]["y"])
    bars = channels["data"][0]
    assert all(t in ("", "0") for t in bars["text"])  # three contacts: none shows as a number
    hidden = [y for y, x in zip(bars["y"], bars["x"]) if x is None]  # a hidden count has no bar, not a 0
    assert hidden and [a["text"] for a in channels["layout"]["annotations"]] == ["<5"] * len(hidden)
    assert [a["y"] for a in channels["layout"]["annotations"]] == hidden
    assert any("privacy" in caption.value for caption in test.caption)


def test_an_unknown_district_in_the_link_gives_a_dutch_notice(app):
    test = app(gebied="WK069999", van="2015-01", tot="2015-05", exact=True)
    assert not test.exception
    assert any("‘WK069999’ uit de link bestaat niet" in w.body for w in test.warning)
    assert metrics(test)["Contacten"] == "3.300"
    assert test.query_params["gebied"] in ("GM0606", ["GM0606"])


def test_a_period_outside_the_data_gives_a_dutch_notice(app):
    test = app(van="2009-01", tot="2009-12")
    assert any("kan niet worden getoond" in w.body for w in test.warning)
    assert not test.exception


def test_changing_a_filter_updates_the_link(app):
    test = app(van="2015-01", tot="2015-05", exact=True)
    test.selectbox[0].select("WOT-ZUID").run()
    assert test.query_params["gebied"] in ("WOT-ZUID", ["WOT-ZUID"])
    assert metrics(test)["Dossiers geopend"] == "95"


def test_an_unreachable_database_gives_a_dutch_message(app, monkeypatch):
    monkeypatch.setenv("WIJKMONITOR_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    test = app()
    assert not test.exception
    assert any("niet bereikbaar" in error.body for error in test.error)


def test_a_period_cannot_end_before_it_starts(app):
    test = app(van="2015-01", tot="2015-05")
    start, end = test.selectbox[1], test.selectbox[2]
    assert (start.label, end.label) == ("Van", "Tot en met")
    start.select(Period.parse("2016-03", "2016-03").first).run()
    assert test.query_params["van"] in ("2016-03", ["2016-03"])
    assert test.query_params["tot"] in ("2016-03", ["2016-03"])
    assert test.caption[0].value.startswith("Maart 2016")


def test_the_theme_and_channel_from_the_link_filter_the_figures(app, sqlite_demo_db, rules):
    test = app(van="2015-01", tot="2015-05", thema="schulden", kanaal="telefoon")
    figures = contacts.key_figures(sqlite_demo_db, "GM0606", Period.parse("2015-01", "2015-05"), rules, "schulden", "telefoon")
    assert metrics(test)["Contacten"] == fmt.number(figures.value("contacts"))
    assert figures.value("contacts") < figures.value("channel", "telefoon") + 1 < 2863
    assert "thema Schulden en inkomen · kanaal Telefonisch via de zorgcentrale" in test.caption[0].value
    assert "over schulden en inkomen" in test.markdown[0].value
    assert test.query_params["thema"] in ("schulden", ["schulden"])


def test_an_unknown_theme_in_the_link_gives_a_dutch_notice(app):
    test = app(thema="astrologie", van="2015-01", tot="2015-05", exact=True)
    assert any("Het thema ‘astrologie’ uit de link bestaat niet" in w.body for w in test.warning)
    assert metrics(test)["Contacten"] == "3.300"
    assert "thema" not in test.query_params
