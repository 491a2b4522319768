"""The Contacten view without Streamlit: the map of the chosen measure (rows, legend, tooltip texts,
title, alternative text), the outcome bars, the trend and the table of all areas, in Dutch and in
English. (The map's classes, colours and view are in test_maps.py.)"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from dashboard.views import cells, exports
from dashboard import format as fmt
from dashboard import i18n
from dashboard.views import contacts as view
from queries import areas, contacts
from queries.disclosure import SMALL, DisclosureRules
from queries.rates import MIN_POPULATION
from queries.periods import Period

JAN_MAY_2015 = Period.parse("2015-01", "2015-05")
LAST_QUARTER = Period.parse("2025-10", "2025-12")
EXACT = DisclosureRules(protection="internal")


def features(deck) -> dict[str, dict]:
    layer = next(layer for layer in json.loads(deck.to_json())["layers"] if layer["id"] == view.LAYER)
    return {f["properties"]["code"]: f["properties"] for f in layer["data"]["features"]}


# Choices and titles

def test_measures_and_levels_are_named_in_the_active_language():
    assert view.measure_buttons() == {"contacten": "Contacten", "per-1000": "Per 1.000 inwoners", "dossiers": "Dossiers",
                                      "korte-interventie": "Korte interventie"}
    assert view.level_buttons(["team", "district"]) == {"team": "Wijkteamgebieden", "district": "Wijken"}
    assert view.map_title("per-1000", "district") == "Contacten per 1.000 inwoners per wijk"
    assert view.all_areas_title("neighbourhood") == "Alle buurten"
    with i18n.language("en"):
        assert view.measure_buttons()["per-1000"] == "Per 1,000 inhabitants"
        assert view.level_buttons(["team", "district", "neighbourhood"]) == {
            "team": "Team areas", "district": "Districts", "neighbourhood": "Neighbourhoods"}
        assert view.map_title("dossiers", "team") == "Cases opened per team area"
        assert view.all_areas_title("district") == "All districts"
    assert view.default_level(["team", "district"]) == "district" and view.default_level(["team"]) == "team"


# The map of a measure

@pytest.mark.parametrize("measure, column, text", [
    ("contacten", "contacts", lambda v: fmt.number(v)),
    ("per-1000", "per_1000", lambda v: fmt.number(v, 1)),
    ("korte-interventie", "short_share", lambda v: fmt.percent(v)),
])
def test_each_measure_maps_the_query_value_of_each_district(sqlite_demo_db, measure, column, text):
    rows = contacts.by_area(sqlite_demo_db, "district", JAN_MAY_2015, EXACT)
    shapes = areas.shapes(sqlite_demo_db, "district")
    shown = features(view.choropleth(rows, shapes, measure, "district", JAN_MAY_2015, EXACT.min_count).deck)
    districts = rows[rows["kind"] == "area"].set_index("code")
    assert set(shown) == set(districts.index)
    for code, properties in shown.items():
        if pd.isna(districts.loc[code, column]):  # a rate over too few people does not exist
            assert column == "per_1000" and districts.loc[code, "population"] < MIN_POPULATION
            assert properties["value"] is None and properties["text"] == "geen cijfer: bevolking te klein of onbekend"
            continue
        assert properties["value"] == pytest.approx(float(districts.loc[code, column]))
        assert properties["text"] == text(float(districts.loc[code, column]))


def test_a_measure_built_on_a_hidden_count_is_hidden_too(sqlite_demo_db, rules):
    """Industriegebied (January–May 2015): 6 contacts shown, its short interventions hidden, so its
    share of short interventions is not published; Nieuw Mathenesse's contacts are hidden."""
    rows = contacts.by_area(sqlite_demo_db, "district", JAN_MAY_2015, rules)
    shapes = areas.shapes(sqlite_demo_db, "district")
    on_map = view.map_rows(rows, shapes, "korte-interventie", rules.min_count).set_index("code")
    assert on_map.loc["WK060608", "status"] == SMALL and pd.isna(on_map.loc["WK060608", "value"])
    assert on_map.loc["WK060605", "status"] == SMALL
    assert on_map.loc["WK060606", "status"] == "" and on_map.loc["WK060606", "text"] == fmt.percent(
        float(rows.set_index("code").loc["WK060606", "short_share"]))
    counts = view.map_rows(rows, shapes, "contacten", rules.min_count).set_index("code")
    assert counts.loc["WK060608", "text"] == "6" and counts.loc["WK060608", "status"] == ""
    with i18n.language("en"):
        shown = features(view.choropleth(rows, shapes, "korte-interventie", "district", JAN_MAY_2015, rules.min_count).deck)
    assert shown["WK060608"]["text"] == "too few observations"
    assert shown["WK060606"]["text"] == fmt.percent(float(rows.set_index("code").loc["WK060606", "short_share"]), lang="en")


def test_the_legend_title_alt_text_in_dutch_and_english(sqlite_demo_db, rules):
    rows = contacts.by_area(sqlite_demo_db, "district", JAN_MAY_2015, rules)
    shapes = areas.shapes(sqlite_demo_db, "district")
    dutch = view.choropleth(rows, shapes, "contacten", "district", JAN_MAY_2015, rules.min_count)
    assert dutch.title == "Contacten per wijk"
    assert dutch.alt == ("Kaart: contacten per gebied, januari–mei 2015. De tabel onder de kaart geeft dezelfde cijfers.")
    assert "<b>Contacten</b>" in dutch.legend_html and " tot en met 713</div>" in dutch.legend_html
    assert "te weinig waarnemingen (niet gepubliceerd)" in dutch.legend_html  # Nieuw Mathenesse is hidden
    assert "geen gegevens" not in dutch.legend_html
    with i18n.language("en"):
        english = view.choropleth(rows, shapes, "contacten", "district", JAN_MAY_2015, rules.min_count)
    assert english.title == "Contacts per district"
    assert english.alt == "Map: contacts per area, January–May 2015. The table below the map gives the same figures."
    assert "<b>Contacts</b>" in english.legend_html and " to 713</div>" in english.legend_html
    assert " to under " in english.legend_html and "too few observations (not published)" in english.legend_html


def test_legend_bounds_of_shares_and_rates_read_as_their_measure():
    scale = view.legend([0.58, 0.7, 0.765, 0.8], lambda v: view.bound("korte-interventie", v))
    assert scale.labels == ["58% tot 70%", "70% tot 76,5%", "76,5% tot en met 80%"]
    with i18n.language("en"):
        scale = view.legend([31.5, 40.0, 57.5], lambda v: view.bound("per-1000", v))
    assert scale.labels == ["31.5 to under 40", "40 to 57.5"]


def test_a_rate_without_population_is_no_data_not_hidden():
    square = '{"type":"Polygon","coordinates":[[[4.0,52.0],[4.01,52.0],[4.01,52.01],[4.0,52.01],[4.0,52.0]]]}'
    rows = pd.DataFrame({
        "code": ["BU1"], "name": ["Zonder inwonertal"], "kind": ["area"], "contacts": [40], "contacts_status": [""],
        "short_interventions": [30], "short_interventions_status": [""], "dossiers": [10], "dossiers_status": [""],
        "population": pd.array([None], dtype="Int64"), "per_1000": pd.array([None], dtype="Float64"), "short_share": [0.75],
    })
    shapes = pd.DataFrame({"code": ["BU1"], "geometry": [square], "geometry_source": ["CBS"]})
    chosen = view.choropleth(rows, shapes, "per-1000", "neighbourhood", JAN_MAY_2015, 5)
    no_rate = "geen cijfer: bevolking te klein of onbekend"
    assert features(chosen.deck)["BU1"]["text"] == no_rate
    assert no_rate in chosen.legend_html and "niet gepubliceerd" not in chosen.legend_html
    assert view.schematic_note(shapes) is None


def test_a_schematic_map_says_so(sqlite_demo_db):
    note = view.schematic_note(areas.shapes(sqlite_demo_db, "district"))
    assert note.startswith("**Schematische kaart.**")
    with i18n.language("en"):
        assert view.schematic_note(areas.shapes(sqlite_demo_db, "district")).startswith("**Schematic map.**")


# From contact to dossier

def test_issue_12_wot_zuid_does_not_seem_to_have_zero_dossiers(sqlite_demo_db, rules):
    """October–December 2025, in person: WOT Zuid had 25 contacts, 22 short interventions and a few
    dossiers ("<5"). The hidden part had no bar and its mark was written inside that missing bar,
    so nothing showed: the bar read as no dossiers at all."""
    teams = contacts.by_area(sqlite_demo_db, "team", LAST_QUARTER, rules, channel="persoonlijk")
    zuid = teams.set_index("code").loc["WOT-ZUID"]
    assert zuid["dossiers_status"] == SMALL and zuid["short_interventions"] == 22
    figure, table = view.outcomes(teams, rules.min_count)
    short, dossiers = figure.data
    names = list(short.y)
    assert "Schiedam" not in names  # the total would dwarf the teams
    row = names.index("WOT Zuid")
    assert dossiers.x[row] is None and dossiers.text[row] == ""  # no bar, and no text inside a bar that is not there
    marks = {a.y: a for a in figure.layout.annotations}
    assert marks["WOT Zuid"].text == "dossiers <5"
    assert marks["WOT Zuid"].x == 22 and marks["WOT Zuid"].xanchor == "left"  # right after the short interventions
    assert cells.screen(table).set_index("Gebied").loc["WOT Zuid", "Dossiers geopend"] == "<5"
    with i18n.language("en"):
        figure, table = view.outcomes(teams, rules.min_count)
    assert {a.y: a.text for a in figure.layout.annotations}["WOT Zuid"] == "cases <5"
    assert [trace.name for trace in figure.data] == ["Short intervention", "Case"]
    assert "Without team area" in list(figure.data[0].y)
    assert cells.screen(table).set_index("Area").loc["WOT Zuid", "Cases opened"] == "<5"


def test_every_hidden_part_is_named_where_the_drawn_parts_end():
    rows = pd.DataFrame({
        "name": ["WOT A", "WOT B", "Zonder wijkteamgebied"], "kind": ["area", "area", "remainder"],
        "short_interventions": pd.array([120, None, None], dtype="Int64"), "dossiers": pd.array([40, 30, None], dtype="Int64"),
        "short_interventions_status": ["", SMALL, SMALL], "dossiers_status": ["", "", SMALL],
    })
    figure = view.outcome_bars(rows, 5)
    marks = [(a.y, a.x, a.text) for a in figure.layout.annotations]
    assert marks == [("WOT B", 30, "korte interventies <5"),
                     ("Zonder wijkteamgebied", 0, "korte interventies <5 · dossiers <5")]
    assert list(figure.data[0].x) == [120, None, None] and list(figure.data[1].x) == [40, 30, None]


# The trend and the table of all areas

def test_the_trend_has_a_line_and_a_column_per_area(sqlite_demo_db, rules):
    period = Period.parse("2025-01", "2025-12")
    zuid = contacts.monthly_rate(sqlite_demo_db, "WOT-ZUID", period, rules)
    whole = contacts.monthly_rate(sqlite_demo_db, "GM0606", period, rules)
    figure, table = view.trend({"WOT Zuid": zuid, "Hele gemeente Schiedam": whole})
    assert [t.name for t in figure.data] == ["WOT Zuid", "Hele gemeente Schiedam"]
    assert list(figure.data[0].y) == pytest.approx(list(zuid["per_1000"].astype(float)))
    assert list(table.columns) == ["Maand", "WOT Zuid", "Hele gemeente Schiedam"]
    assert cells.screen(table).iloc[0].tolist() == ["januari 2025", fmt.number(float(zuid["per_1000"].iloc[0]), 1),
                                      fmt.number(float(whole["per_1000"].iloc[0]), 1)]
    assert view.trend_title(period) == "Verloop: contacten per 1.000 inwoners, 2025"
    with i18n.language("en"):
        figure, table = view.trend({"WOT Zuid": zuid})
        assert view.trend_title(Period.parse("2025-03", "2025-12")) == "Trend: contacts per 1,000 inhabitants, March–December 2025"
    assert table.columns[0] == "Month" and table.iloc[0, 0] == "January 2025"
    assert "contacts per 1,000 inhabitants" in figure.data[0].hovertemplate


def test_the_table_of_all_areas_on_screen_and_for_download(sqlite_demo_db):
    rows = contacts.by_area(sqlite_demo_db, "team", JAN_MAY_2015, EXACT)
    screen = cells.screen(view.by_area_table(rows, 5)).set_index("Gebied")
    assert list(screen.columns) == ["Contacten", "Korte interventies", "Dossiers geopend", "Inwoners", "Per 1.000 inwoners",
                                    "Korte interventie"]
    assert screen.loc["WOT Nieuwland", "Dossiers geopend"] == "171"
    assert screen.loc["Zonder wijkteamgebied", "Dossiers geopend"] == "37"
    assert screen.loc["Schiedam", "Contacten"] == "3.300"
    download = exports.frame(view.by_area_table(rows, 5)).set_index("Gebied")
    assert download.loc["Schiedam", "Contacten"] == 3300 and "Korte interventie (%)" in download.columns
    assert download.loc["Schiedam", "Korte interventie (%)"] == float(screen.loc["Schiedam", "Korte interventie"][:-1].replace(",", "."))
    with i18n.language("en"):
        english = cells.screen(view.by_area_table(rows, 5)).set_index("Area")
    assert english.loc["Without team area", "Cases opened"] == "37"
    assert english.loc["Schiedam", "Contacts"] == "3,300"
    assert list(english.columns)[3:] == ["Inhabitants", "Per 1,000 inhabitants", "Short intervention"]
    assert not view.has_marks(rows)
    assert view.has_marks(contacts.by_area(sqlite_demo_db, "district", JAN_MAY_2015, DisclosureRules()))


def test_count_classes_have_whole_bounds():
    """A count map of a few small numbers said '0 tot 2,8': a count has no decimals."""
    assert view.class_bounds([0, 1, 2, 3, 5, 8, 13], whole=True) == [0, 2.0, 3.0, 5.0, 8.0, 13]
    assert all(b == int(b) for b in view.class_bounds([0, 0, 1, 3, 4, 9, 31], whole=True))
    assert any(b != int(b) for b in view.class_bounds([0, 0, 1, 3, 4, 9, 31]))  # rates keep their decimals
