"""The contacts map: classes and legend, the deck sent to the browser, and the page around it."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest
from sqlalchemy import text

from dashboard import format as fmt
from dashboard.views import contacts as contacts_view
from queries import areas, contacts
from queries.disclosure import DisclosureRules
from queries.periods import Period

PUBLISHED = Period.parse("2015-01", "2015-05")


def test_class_bounds_cover_the_values_and_are_rounded():
    values = [327.0, 346.0, 366.0, 418.0, 499.0, 527.0, 713.0]
    bounds = contacts_view.class_bounds(values)
    assert bounds[0] == 327.0 and bounds[-1] == 713.0
    assert bounds == sorted(set(bounds))
    assert all(b == contacts_view._nice(b) for b in bounds[1:-1])  # two significant digits inside
    assert len(bounds) - 1 <= 5


def test_few_distinct_values_give_few_classes():
    assert contacts_view.class_bounds([4.0, 4.0, 9.0]) == [4.0, 9.0]
    assert contacts_view.class_bounds([7.0, 7.0]) == [7.0, 7.0]
    assert contacts_view.class_bounds([]) == []


def test_every_value_falls_in_the_class_whose_label_contains_it():
    values = [1.0, 2.0, 3.0, 10.0, 11.0, 50.0, 120.0, 121.0]
    scale = contacts_view.legend(contacts_view.class_bounds(values), lambda v: fmt.number(v))
    for value in values:
        colour = contacts_view.colour_of(value, scale)
        index = scale.colours.index(colour)
        low, high = scale.bounds[index], scale.bounds[index + 1]
        assert low <= value <= high
        assert value < high or index == len(scale.colours) - 1
    assert contacts_view.colour_of(None, scale) == contacts_view.NOT_PUBLISHED
    assert scale.labels[-1].endswith("tot en met 121")
    assert scale.colours[0] == contacts_view.BLUES[0] and scale.colours[-1] == contacts_view.BLUES[-1]


def test_the_view_fits_the_area():
    schiedam = (4.350, 51.896, 4.416, 51.960)
    view = contacts_view.fit_view(schiedam, width_px=700, height_px=520)
    assert (view.longitude, view.latitude) == pytest.approx((4.383, 51.928))
    # at that zoom the whole height fits in 520 pixels, and one zoom level more would not
    # deck.gl's world is 512 pixels wide at zoom 0: 78,271.52 m per pixel at the equator
    metres_per_pixel = 78271.52 * math.cos(math.radians(51.928)) / 2**view.zoom
    height_metres = (51.960 - 51.896) * 111_320
    assert height_metres / metres_per_pixel < 520 < 2 * height_metres / metres_per_pixel


def deck_json(rows: pd.DataFrame, shapes: pd.DataFrame) -> dict:
    on_map = rows[rows["kind"] == "area"].merge(shapes[["code", "geometry"]], on="code")
    on_map = on_map.assign(
        value=[fmt.optional(v) for v in on_map["contacts"]],
        status=on_map["contacts_status"],
        text=[fmt.number(fmt.optional(v)) for v in on_map["contacts"]],
    )
    scale = contacts_view.legend(contacts_view.class_bounds(list(on_map["value"].dropna())), fmt.number)
    return json.loads(contacts_view.deck(on_map, scale).to_json())


def features(deck: dict) -> dict[str, dict]:
    layer = next(layer for layer in deck["layers"] if layer["id"] == contacts_view.LAYER)
    return {f["properties"]["code"]: f["properties"] for f in layer["data"]["features"]}


def test_the_deck_holds_one_feature_per_district_with_the_query_value(sqlite_demo_db, rules):
    rows = contacts.by_area(sqlite_demo_db, "district", PUBLISHED, rules)
    shown = features(deck_json(rows, areas.shapes(sqlite_demo_db, "district")))
    districts = rows[rows["kind"] == "area"].set_index("code")
    assert set(shown) == set(districts.index) and len(shown) == 9
    for code, properties in shown.items():
        expected = districts.loc[code, "contacts"]
        if pd.isna(expected):
            assert properties["value"] is None and properties["text"] == contacts_view.NOT_PUBLISHED_TEXT
            assert properties["fill"] == contacts_view._rgba(contacts_view.NOT_PUBLISHED)
        else:
            assert properties["value"] == expected and properties["text"] == fmt.number(expected)
    assert shown["WK060606"]["value"] == 713  # Nieuwland, January-May 2015


def test_suppressed_areas_carry_no_number_and_are_hatched(sqlite_demo_db, rules):
    rows = contacts.by_area(sqlite_demo_db, "district", PUBLISHED, rules, theme="schulden", channel="politie")
    deck = deck_json(rows, areas.shapes(sqlite_demo_db, "district"))
    hidden = [p for p in features(deck).values() if p["value"] is None]
    assert hidden, "the filter leaves small counts"
    for properties in hidden:
        assert properties["text"] == contacts_view.NOT_PUBLISHED_TEXT
        assert not any(ch.isdigit() for ch in properties["text"])
    hatch = next(layer for layer in deck["layers"] if layer["id"] == "niet-gepubliceerd")
    assert len(hatch["data"]) >= len(hidden)


def test_no_published_count_on_the_map_is_small(sqlite_demo_db, rules):
    for level in ("team", "district"):
        rows = contacts.by_area(sqlite_demo_db, level, PUBLISHED, rules, theme="wonen", channel="huisarts")
        for properties in features(deck_json(rows, areas.shapes(sqlite_demo_db, level))).values():
            assert properties["value"] is None or properties["value"] == 0 or properties["value"] >= rules.min_count


def page_deck(test) -> dict:
    (chart,) = test.get("deck_gl_json_chart")
    return json.loads(chart.proto.json)


def test_the_page_maps_the_chosen_measure_per_area(app, sqlite_demo_db, rules):
    test = app(van="2015-01", tot="2015-05", maat="per-1000", niveau="team", exact=True, page="pages/contacten.py")
    assert not test.exception, [e.value for e in test.exception]
    rows = contacts.by_area(sqlite_demo_db, "team", PUBLISHED, DisclosureRules(protection="internal")).set_index("code")
    shown = features(page_deck(test))
    assert set(shown) == {c for c in rows.index if rows.loc[c, "kind"] == "area"}
    for code, properties in shown.items():
        assert properties["value"] == pytest.approx(float(rows.loc[code, "per_1000"]))
        assert properties["text"] == fmt.number(float(rows.loc[code, "per_1000"]), 1)
    assert test.query_params["maat"] in ("per-1000", ["per-1000"])
    table = test.dataframe[-1].value.set_index("Gebied")
    assert table.loc["WOT Nieuwland", "Dossiers geopend"] == "171"
    assert table.loc["Zonder wijkteamgebied", "Dossiers geopend"] == "37"
    assert table.loc["Schiedam", "Contacten"] == "3.300"


def test_the_page_follows_the_filters_and_zooms_to_the_area(app, sqlite_demo_db, rules):
    test = app(van="2015-01", tot="2015-05", gebied="WK060606", thema="jeugd")
    test.switch_page("pages/contacten.py").run()
    assert not test.exception
    rows = contacts.by_area(sqlite_demo_db, "district", PUBLISHED, rules, theme="jeugd").set_index("code")
    deck = page_deck(test)
    assert features(deck)["WK060606"]["value"] == rows.loc["WK060606", "contacts"]
    outline = next(layer for layer in deck["layers"] if layer["id"] == "selectie")
    lon, lat = deck["initialViewState"]["longitude"], deck["initialViewState"]["latitude"]
    nieuwland = areas.shapes(sqlite_demo_db, "district").set_index("code").loc["WK060606"]
    assert outline["data"] == json.loads(nieuwland["geometry"])
    min_x, min_y, max_x, max_y = _bounds(outline["data"])
    assert min_x <= lon <= max_x and min_y <= lat <= max_y
    whole = app(van="2015-01", tot="2015-05")
    whole.switch_page("pages/contacten.py").run()
    assert deck["initialViewState"]["zoom"] > page_deck(whole)["initialViewState"]["zoom"]


def _bounds(geojson: dict) -> tuple[float, float, float, float]:
    points = []

    def walk(part):
        if isinstance(part[0], (int, float)):
            points.append(part)
        else:
            for inner in part:
                walk(inner)

    walk(geojson["coordinates"])
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def test_an_unknown_measure_in_the_link_gives_a_dutch_notice(app):
    test = app(van="2015-01", tot="2015-05", maat="inkomen", page="pages/contacten.py")
    assert any("‘inkomen’ uit de link bestaat niet" in w.body for w in test.warning)
    assert "maat" not in test.query_params  # the default measure stays out of the link


def test_the_trend_compares_the_area_with_the_municipality(app, sqlite_demo_db):
    rules = DisclosureRules(protection="internal")
    test = app(van="2025-01", tot="2025-12", gebied="WOT-ZUID", exact=True)
    test.switch_page("pages/contacten.py").run()
    lines = next(json.loads(c.proto.spec) for c in test.get("plotly_chart") if json.loads(c.proto.spec)["data"][0]["type"] == "scatter")
    names = [trace["name"] for trace in lines["data"]]
    assert names == ["WOT Zuid", "Hele gemeente Schiedam"]
    expected = contacts.monthly_rate(sqlite_demo_db, "WOT-ZUID", Period.parse("2025-01", "2025-12"), rules)
    assert lines["data"][0]["y"] == pytest.approx(list(expected["per_1000"].astype(float)))
    # January 2025 worked out here from the fact tables: the team's districts, their 2025 population
    (contacts_january, inhabitants), = sqlite_demo_db.engine.connect().execute(text("""
        SELECT (SELECT SUM(c.contacts) FROM contact_month c JOIN area a ON a.code = c.area_code
                WHERE a.team_code = 'WOT-ZUID' AND c.month = '2025-01-01'),
               (SELECT SUM(p.inhabitants) FROM area_population p JOIN area a ON a.code = p.area_code
                WHERE a.team_code = 'WOT-ZUID' AND p.year = 2025)
    """)).all()
    assert lines["data"][0]["y"][0] == pytest.approx(contacts_january / inhabitants * 1000)


def test_a_missing_figure_is_not_drawn_as_a_secret_one():
    square = '{"type":"Polygon","coordinates":[[[4.0,52.0],[4.01,52.0],[4.01,52.01],[4.0,52.01],[4.0,52.0]]]}'
    other = square.replace("4.0,", "4.02,").replace("4.01,", "4.03,")
    frame = pd.DataFrame({
        "code": ["BU1", "BU2"], "name": ["Zonder inwonertal", "Klein"], "geometry": [square, other],
        "value": [None, None], "status": ["", "small"], "text": ["–", "<5"],
    })
    deck = json.loads(contacts_view.deck(frame, contacts_view.legend([], fmt.number)).to_json())
    shown = features(deck)
    assert (shown["BU1"]["text"], shown["BU1"]["fill"]) == (contacts_view.NO_DATA_TEXT, contacts_view._rgba(contacts_view.NO_DATA))
    assert (shown["BU2"]["text"], shown["BU2"]["fill"]) == (contacts_view.NOT_PUBLISHED_TEXT, contacts_view._rgba(contacts_view.NOT_PUBLISHED))
    hatch = next(layer for layer in deck["layers"] if layer["id"] == "niet-gepubliceerd")
    assert all(4.02 <= x <= 4.03 for line in hatch["data"] for x, _ in line["path"])  # only the secret one
