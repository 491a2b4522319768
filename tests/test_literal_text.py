"""Text from outside is text: hostile names of areas, categories, sources and files are shown as
written on every page (no Markdown, HTML, LaTeX, emoji or links), and come out of every download
as text that no spreadsheet evaluates."""

from __future__ import annotations

import io
import json
import re
import string
import zipfile
from pathlib import Path

import geopandas
import openpyxl
import pandas as pd
import pytest
import streamlit as st
from shapely.geometry import box
from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from dashboard import literal
from dashboard.cli import main
from dashboard.filters import area_label
from dashboard.views import exports
from queries.database import Database
from tests.conftest import copy_of
from tests.reading import as_read, strings_in
from tests.test_pages import APP, plotly_specs, registered_pages

LINK = "[klik](https://evil.example)"
BOLD = "**vet**"
TAG = "<b>x</b>"
IMAGE = "<img src=x onerror=alert(1)>"
FORMULA = '=HYPERLINK("http://evil.example","y")'
COLOUR = ":red[x]"
LATEX = "$x^2$"
HOSTILE = [LINK, BOLD, TAG, IMAGE, FORMULA, "+1+1", "@SUM(A1)", "-2+3", COLOUR, LATEX,
           ":smile: :material/home:", "www.evil.example a@b.example", "# kop", "- lijst", "1. een",
           "&lt;b&gt; &amp;", "`code`", "~~weg~~", "|a|b|", "a\\*b\\", "%{y} %{customdata[0]}"]
PUNCTUATION = set(string.punctuation)


# The escaping functions on their own

@pytest.mark.parametrize("name", HOSTILE)
def test_markdown_reads_back_as_written(name):
    escaped = literal.md(name)
    assert as_read(escaped) == name
    # Every ASCII punctuation character carries its backslash: none can open a construct.
    for i, character in enumerate(escaped):
        if character in PUNCTUATION and character != "\\":
            assert escaped[i - 1] == "\\", (name, escaped, i)


def test_markdown_breaks_bare_links_invisibly():
    assert literal.md(LINK) == "\\[klik\\]\\(https\\:\u2060\\/\\/evil\\.example\\)"
    assert literal.md("www.evil.example a@b.example") == "www\u2060\\.evil\\.example a\\@\u2060b\\.example"
    assert literal.md("Oud-West (ADL)") == "Oud\\-West \\(ADL\\)"  # ordinary names: only escapes


def test_markdown_keeps_a_name_on_one_line():
    assert literal.md("a\n\n    b\r\n# c") == "a     b \\# c"
    assert literal.md(None) == ""


@pytest.mark.parametrize("name, shown", [
    (TAG, "&lt;b&gt;x&lt;/b&gt;"),
    (IMAGE, "&lt;img src=x onerror=alert(1)&gt;"),
    ("<a href='https://evil.example'>x</a>", "&lt;a href='https://evil.example'&gt;x&lt;/a&gt;"),
    ("a<br>b", "a&lt;br&gt;b"),
    ("&lt;", "&amp;lt;"),  # plotly decodes entities: a name holding one must keep it
    ("%{y}", "&#37;{y}"),  # not a hover-template variable
    ("Oost", "Oost"),
])
def test_plotly_text(name, shown):
    assert literal.plotly_text(name) == shown


def test_html_text():
    assert literal.html_text(IMAGE) == "&lt;img src=x onerror=alert(1)&gt;"
    assert literal.html_text('"x"') == "&quot;x&quot;"


@pytest.mark.parametrize("value", [FORMULA, "+1+1", "@SUM(A1)", "-2+3", "=1", " =1", "  +1+1", "\t=1", "\tx", "\rx",
                                   "\n=1", "-A1", "+", "-"])
def test_formulas_are_recognised(value):
    assert literal.is_formula(value)


@pytest.mark.parametrize("value", ["-2", "+1", "-1,5", "-2.5", "-1e3", " -7 ", "Oost", "", "a=b", "e-mail", "x@y.nl",
                                   3, -2, 1.5, None])
def test_numbers_and_ordinary_text_are_not_formulas(value):
    assert not literal.is_formula(value)


# Downloads: the one writer of files

def test_excel_download_holds_no_formula_and_keeps_numbers(tmp_path):
    names = [FORMULA, "+1+1", "@SUM(A1)", "-2+3", " =1+1", "Oost", "-2"]
    table = pd.DataFrame({"Gebied": names, "Contacten": [10, 20, 30, 40, 50, 60, 70],
                          "Aandeel": [0.5, None, 0.25, 1.0, 0.0, 0.1, 0.2], "=1+1": ["a"] * 7})
    content = exports.xlsx(table, exports.About())
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml  # no formula element anywhere

    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    header, *rows = list(sheet.iter_rows())
    assert [c.value for c in header] == list(table.columns)
    assert header[3].data_type == "s" and header[3].quotePrefix
    for row, name in zip(rows, names):
        assert row[0].value == name and row[0].data_type == "s"
        assert row[0].quotePrefix == literal.is_formula(name)  # marked as text for Excel where it matters
        assert row[1].data_type == "n" and isinstance(row[1].value, int)
    assert rows[0][2].value == 0.5 and rows[0][2].data_type == "n"

    back = pd.read_excel(io.BytesIO(content))
    assert list(back["Gebied"]) == names
    assert pd.api.types.is_integer_dtype(back["Contacten"]) and list(back["Contacten"]) == [10, 20, 30, 40, 50, 60, 70]
    assert pd.api.types.is_float_dtype(back["Aandeel"])


# Every page, on a database whose names are hostile

DISTRICT = "WK060601"
NEIGHBOURHOOD = "BU06060199"
NAMES = {  # area code → name
    DISTRICT: f"{LINK} {BOLD} {TAG}",
    "WK060602": FORMULA,
    "WK060603": "+1+1",
    "WK060604": "@SUM(A1)",
    "WK060605": "-2+3",
}
TEAM_NAME = f"{IMAGE} {COLOUR} {LATEX}"
THEME = "**Wonen** [x](https://evil.example)"
CHANNEL = "<b>Telefoon</b> :material/home:"
SERVICE = "<i>Intake</i> # kop"
SOURCE = "[bron](https://evil.example)"
NORM_TEXT = "**binnen** 2 weken"
QUESTION = "<b>De geboden hulp</b>"
TEAM_NORM = "**Norm** <b>x</b>"
POPULATION_SOURCE = IMAGE
LOADED_FILE = f"{LINK} {FORMULA}.csv"
LOAD_MESSAGE = f"{BOLD} {TAG} :red[rood]"
GEO_FILE = f"buurten {IMAGE} [k](www.evil.example) {BOLD}.geojson"  # a file name cannot hold "/"
NEIGHBOURHOOD_NAME = "- lijst =1+1 :smile:"
EVERY_NAME = [*NAMES.values(), TEAM_NAME, THEME, CHANNEL, SERVICE, SOURCE, NORM_TEXT, QUESTION, TEAM_NORM,
              POPULATION_SOURCE, LOADED_FILE, LOAD_MESSAGE, GEO_FILE, NEIGHBOURHOOD_NAME]


def hostile_database(sqlite_demo_url: str, folder: Path) -> tuple[str, str]:
    """A copy of the demo whose names are hostile: neighbourhoods (and their file's name) loaded
    through `wijkmonitor import-geo`, the rest set as a municipality's own files could set them.
    Returns its URL and the team code of the hostile district."""
    url = copy_of(sqlite_demo_url, folder)
    database = Database(url)
    with database.engine.begin() as connection:
        for code, name in NAMES.items():
            connection.execute(text("UPDATE area SET name = :name WHERE code = :code"), {"name": name, "code": code})
        team = connection.execute(text("SELECT team_code FROM area WHERE code = :c"), {"c": DISTRICT}).scalar_one()
        lon, lat = connection.execute(text("SELECT centroid_lon, centroid_lat FROM area WHERE code = :c"), {"c": DISTRICT}).one()
        for statement, values in [
            ("UPDATE area SET name = :v WHERE code = :c", {"v": TEAM_NAME, "c": team}),
            ("UPDATE theme SET label_nl = :v WHERE code = 'wonen'", {"v": THEME}),
            ("UPDATE channel SET label_nl = :v WHERE code = 'telefoon'", {"v": CHANNEL}),
            ("UPDATE service SET label_nl = :v, source = :s, norm_nl = :n WHERE code = 'wijkteam_intake'",
             {"v": SERVICE, "s": SOURCE, "n": NORM_TEXT}),
            ("UPDATE survey_question SET label_nl = :v WHERE code = 'geboden_hulp'", {"v": QUESTION}),
            ("UPDATE team_norm SET label_nl = :v, source = :s", {"v": TEAM_NORM, "s": SOURCE}),
            ("UPDATE area_population SET source = :v", {"v": POPULATION_SOURCE}),
            ("UPDATE load_log SET file_name = :v, message = :m WHERE kind = 'demo'", {"v": LOADED_FILE, "m": LOAD_MESSAGE}),
        ]:
            connection.execute(text(statement), values)
    database.dispose()
    written = folder / "buurten.geojson"  # GDAL cannot create a file with such a name; it can read one
    geopandas.GeoDataFrame(
        {"buurtcode": [NEIGHBOURHOOD], "buurtnaam": [NEIGHBOURHOOD_NAME]},
        geometry=[box(lon - 0.002, lat - 0.002, lon + 0.002, lat + 0.002)], crs="EPSG:4326",
    ).to_file(written, driver="GeoJSON")
    geojson = written.rename(folder / GEO_FILE)
    assert main(["import-geo", str(geojson), "--level", "neighbourhood", "--db", url]) == 0
    # A load now stores such a name as a neutral label; databases from before kept names as given.
    database = Database(url)
    with database.engine.begin() as connection:
        connection.execute(text("UPDATE load_log SET file_name = :v WHERE id = (SELECT MAX(id) FROM load_log)"), {"v": GEO_FILE})
        connection.execute(text("UPDATE area SET geometry_source = :v WHERE geometry_source LIKE 'export%'"),
                           {"v": f"{GEO_FILE} (CBS wijk- en buurtkaart)"})
    database.dispose()
    return url, team


@pytest.fixture(scope="module")
def hostile(sqlite_demo_url, tmp_path_factory):
    return hostile_database(sqlite_demo_url, tmp_path_factory.mktemp("hostile"))


@pytest.fixture
def hostile_app(hostile, monkeypatch):
    url, _ = hostile
    monkeypatch.setenv("WIJKMONITOR_DATABASE_URL", url)
    st.cache_data.clear()
    st.cache_resource.clear()

    def run(page: str, **params) -> AppTest:
        test = AppTest.from_file(str(APP), default_timeout=60)
        for key, value in params.items():
            test.query_params[key] = value
        test.run()
        test.switch_page(page).run()
        assert not test.exception, [e.value for e in test.exception]
        return test

    return run


def markdown_bodies(test: AppTest) -> list[str]:
    """Everything on the page that Streamlit reads as Markdown."""
    bodies = [e.value for kind in ("title", "header", "subheader", "markdown", "caption") for e in getattr(test, kind)]
    bodies += [e.body for kind in ("info", "warning", "error", "success") for e in getattr(test, kind)]
    for table in test.table:
        frame = table.value.reset_index()
        bodies += [str(v) for v in frame.to_numpy().ravel()]
    return bodies


def plotly_strings(test: AppTest) -> list[str]:
    return [text for spec in plotly_specs(test) for text in strings_in(spec)]


def assert_all_literal(test: AppTest) -> None:
    """No hostile name reaches a renderer as it was written: in Markdown only escaped, in plotly
    only with its tags and % as entities."""
    bodies = markdown_bodies(test)
    assert bodies
    for body in bodies:
        for name in EVERY_NAME:
            assert name not in body, (name, body)
        for piece in ("](http", "**vet**", "<b>", "<img", ":red[", "$x^2$", "www.evil", "https://"):
            assert not re.search(r"(?<!\\)" + re.escape(piece), body), (piece, body)  # unescaped
    for value in plotly_strings(test):
        for piece in ("<b>x", "<img", "<i>", "<b>Telefoon", "<b>De geboden"):
            assert piece not in value, (piece, value)


@pytest.mark.parametrize("page", registered_pages())
@pytest.mark.parametrize("params", [
    {"gebied": DISTRICT},
    {"gebied": DISTRICT, "thema": "wonen", "kanaal": "telefoon"},
], ids=["district", "theme-and-channel"])
def test_every_page_shows_hostile_names_literally(hostile_app, page, params):
    test = hostile_app(page, van="2015-01", tot="2015-05", **params)
    assert_all_literal(test)
    title = test.title[0].value
    if page != "pages/over_de_data.py":
        assert literal.md(area_label("district", NAMES[DISTRICT])) in title
        assert as_read(title).endswith(" · Wijk " + NAMES[DISTRICT])


@pytest.mark.parametrize("page", registered_pages())
def test_a_hostile_team_and_neighbourhood_are_literal_too(hostile, hostile_app, page):
    _, team = hostile
    for area in (team, NEIGHBOURHOOD):
        test = hostile_app(page, van="2015-01", tot="2015-05", gebied=area)
        assert_all_literal(test)


def test_overview_sentence_and_charts_name_the_area_as_written(hostile_app):
    test = hostile_app("pages/overzicht.py", van="2015-01", tot="2015-05", gebied=DISTRICT)
    sentence = test.markdown[0].value
    assert f"uit de wijk {literal.md(NAMES[DISTRICT])}" in sentence
    assert f"uit de wijk {NAMES[DISTRICT]}" in as_read(sentence)
    # The channel bars name the hostile channel with its tags as entities.
    channels = next(s for s in plotly_specs(test) if any("Telefoon" in str(y) for y in s["data"][0].get("y", [])))
    assert literal.plotly_text(CHANNEL) in channels["data"][0]["y"]


def test_contacts_page_keeps_names_plain_in_tables_and_the_map(hostile_app):
    test = hostile_app("pages/contacten.py", van="2015-01", tot="2015-05", gebied=DISTRICT)
    # Data frames are plain text: the name as written, nothing added.
    areas = next(frame.value for frame in test.dataframe if "Gebied" in frame.value.columns and NAMES[DISTRICT] in set(frame.value["Gebied"]))
    assert set(NAMES.values()) <= set(areas["Gebied"])
    # The trend's legend names the area as plotly text.
    trend = next(s for s in plotly_specs(test) if any(t.get("mode") == "lines+markers" for t in s["data"]))
    assert literal.plotly_text(area_label("district", NAMES[DISTRICT])) in [t["name"] for t in trend["data"]]
    # The map: names as data, the tooltip's template unchanged (Streamlit escapes what it fills in).
    chart = test.get("deck_gl_json_chart")[0].proto
    deck = json.loads(chart.json)
    assert json.loads(chart.tooltip)["html"] == "<b>{name}</b><br/>{text}"
    features = next(layer for layer in deck["layers"] if layer["id"] == "gebieden")["data"]["features"]
    assert NAMES[DISTRICT] in [f["properties"]["name"] for f in features]


def test_over_de_data_shows_file_names_and_sources_literally(hostile_app):
    test = hostile_app("pages/over_de_data.py", van="2015-01", tot="2015-05")
    log = next(t.value.reset_index() for t in test.table if "Bestand" in t.value.reset_index().columns)
    shown = {as_read(v) for v in log["Bestand"]}
    assert LOADED_FILE in shown and GEO_FILE in shown
    assert literal.md(LOADED_FILE) in set(log["Bestand"])
    assert literal.md(LOAD_MESSAGE) in set(log["Toelichting"])
    sources = next(m.value for m in test.markdown if "Kaartvlakken" in m.value)
    assert literal.md(POPULATION_SOURCE) in sources and GEO_FILE in as_read(sources)
    norms = next(t.value.reset_index() for t in test.table if "Dienst" in t.value.reset_index().columns)
    assert literal.md(SERVICE) in set(norms["Dienst"]) and literal.md(SOURCE) in set(norms["Bron"])
