"""views/session.py and the map's label placement (views/contacts.py) without Streamlit: the steps,
the link and its QR code, each step composed from the pages' views on the demo, labels that never
cover one another, and the presenter's lines under the comparison rule."""

from __future__ import annotations

import itertools
import json
import math
import random
from dataclasses import dataclass
from datetime import date

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard import format as fmt
from dashboard import i18n
from dashboard.press import QuerySource
from dashboard.views import compare, contacts, overview, session
from dashboard.views.selection import Selection
from dashboard.views.style import wrap
from queries import categories, questions, surveys, teams, waits
from queries.periods import Period
from queries.rates import INHABITANTS

from .claims import claims

PERIOD = Period(date(2015, 1, 1), date(2015, 5, 1))
SCREEN = (1920, 1080)


class QueryData(QuerySource):
    """``session.Source`` on the query layer: the calls ``dashboard.data`` makes, without its cache."""

    def question_figures(self, area_code, period, level, theme, channel):
        return questions.question_figures(self.db, area_code, period, level, self.protection, theme, channel)

    def team_figures(self, area_code, period, theme, channel):
        return teams.team_figures(self.db, area_code, period, self.protection, theme, channel)

    def services(self, theme=None):
        return categories.services(self.db, theme)

    def wait_times(self, area_code, period, theme=None):
        return waits.waits(self.db, area_code, period, self.protection, theme)

    def survey_waves(self, survey):
        return surveys.waves(self.db, survey)

    def survey_questions(self, survey):
        return surveys.questions(self.db, survey)

    def survey_results(self, survey, area_codes, group_codes, first_wave, last_wave):
        return surveys.results(self.db, survey, list(area_codes), list(group_codes), first_wave, last_wave, self.protection)

    def peer_groups(self):
        return surveys.peer_groups(self.db)


@pytest.fixture(scope="module")
def source(sqlite_demo_db) -> QueryData:
    from queries.disclosure import DisclosureRules

    return QueryData(sqlite_demo_db, DisclosureRules())


def selection_of(source: QueryData, theme: str, area: str = "GM0606", period: Period = PERIOD) -> Selection:
    areas = source.area_list().set_index("code")
    labels = source.themes().set_index("code")[i18n.label_column()]
    return Selection(period, area, areas.loc[area, "name"], areas.loc[area, "level"], "GM0606", theme, labels[theme])


# The steps and the link

def test_the_steps_in_order_with_their_neighbours_and_position():
    assert session.KEYS == ["kerncijfers", "kaart", "verloop", "hulpvragen", "wachttijden", "tevredenheid", "teams"]
    assert session.neighbours("kerncijfers") == (None, "kaart")
    assert session.neighbours("wachttijden") == ("hulpvragen", "tevredenheid")
    assert session.neighbours("teams") == ("tevredenheid", None)
    assert session.position("verloop") == "Beeld 3 van 7"
    with i18n.language("en"):
        assert session.position("verloop") == "View 3 of 7"
        assert list(session.step_labels().values()) == ["Key figures", "Map", "Trend", "Questions", "Waiting times",
                                                        "Satisfaction", "Teams"]


def test_a_link_carries_the_filters_and_the_step_in_a_fixed_order_and_nothing_else():
    params = {"stap": "kaart", "taal": "en", "thema": "jeugd", "tot": "2015-05", "van": "2015-01", "gebied": "WK060606",
              "maat": "dossiers", "kanaal": ""}
    assert session.link("https://wijkmonitor.example.nl/", params) == (
        "https://wijkmonitor.example.nl/themasessie?gebied=WK060606&van=2015-01&tot=2015-05&thema=jeugd&taal=en&stap=kaart")
    assert session.link("http://127.0.0.1:8520", {}) == "http://127.0.0.1:8520/themasessie"


@pytest.mark.parametrize(("page_url", "root"), [
    ("http://127.0.0.1:8520/themasessie?thema=jeugd&stap=kaart", "http://127.0.0.1:8520"),
    ("https://example.nl/wijkmonitor/themasessie/", "https://example.nl/wijkmonitor"),
    ("https://example.nl/", "https://example.nl"),
    ("", ""),
])
def test_the_apps_root_from_a_pages_address(page_url, root):
    assert session.root_of(page_url) == root


def test_the_qr_code_is_an_svg_of_the_link_that_differs_per_link():
    first = session.qr_svg("https://example.nl/themasessie?thema=jeugd")
    assert first.startswith("<svg") and "<?xml" not in first and 'stroke="#0e1117"' in first
    assert first == session.qr_svg("https://example.nl/themasessie?thema=jeugd")  # the same view, the same code
    assert first != session.qr_svg("https://example.nl/themasessie?thema=jeugd&stap=kaart")


def test_the_theme_picker_offers_the_headline_themes_only(source):
    assert session.theme_options(source.themes()) == {"schulden": "Schulden en inkomen", "wonen": "Wonen",
                                                      "jeugd": "Jeugd en opvoeding"}


# Each step, composed from the pages' views

@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("theme", ["jeugd", "schulden", "wonen"])
def test_every_step_has_a_title_a_line_and_large_type(source, theme, lang):
    with i18n.language(lang):
        selection = selection_of(source, theme, "WK060606")
        for step in session.KEYS:
            view = session.compose(source, selection, step)
            assert view.step == step and view.title and view.line, step
            if view.figure is not None and step != "kaart":
                assert view.figure.layout.font.size == session.TEXT_SIZE, step
                assert view.figure.layout.xaxis.tickfont.size == session.TEXT_SIZE, step
                assert view.table is not None and len(view.table), step


def test_the_key_figures_step_shows_the_overviews_tiles(source):
    selection = selection_of(source, "jeugd")
    view = session.compose(source, selection, "kerncijfers")
    now = source.key_figures("GM0606", PERIOD, "jeugd", None)
    year_earlier = None  # the demo begins in January 2015
    assert [t.value for t in view.tiles] == [t.value for t in overview.tiles(now, None, year_earlier)]
    contacts_now = fmt.number(now.value("contacts"))
    assert view.tiles[0].value == contacts_now
    assert view.line.startswith(f"In januari–mei 2015 namen inwoners uit Schiedam {contacts_now} keer contact op")


def test_the_youth_themes_rates_are_per_1000_young_people_in_the_map_the_trend_and_their_lines(source):
    selection = selection_of(source, "jeugd")
    for step in ("kaart", "verloop"):
        view = session.compose(source, selection, step)
        assert "per 1.000 jongeren (0–17 jaar)" in view.title and "per 1.000 jongeren (0–17 jaar)" in view.line, step
        assert "inwoners" not in view.line, step
    with i18n.language("en"):
        assert "per 1,000 young people" in session.compose(source, selection, "kaart").line


def test_the_waiting_times_step_shows_the_themes_services_only(source):
    view = session.compose(source, selection_of(source, "jeugd"), "wachttijden")
    youth = source.services("jeugd")
    assert view.title == "Voorzieningen bij het thema jeugd en opvoeding"
    assert list(view.beside.iloc[:, 0]) == list(youth["label_nl"])
    assert len(youth) < len(source.services())


def test_the_map_step_is_the_contacts_map_of_the_rate_per_district(source):
    view = session.compose(source, selection_of(source, "schulden"), "kaart")
    areas = source.contacts_by_area("district", PERIOD, "schulden", None)
    assert view.title == "Contacten per 1.000 inwoners per wijk"
    assert view.fixed_width and view.figure.layout.width == session.MAP_WIDTH
    assert list(view.table.iloc[:, 0][:9]) == list(areas["name"][:9])
    assert view.alt.startswith("Kaart: contacten per 1.000 inwoners per wijk, januari–mei 2015.")
    assert view.line == contacts.highest_rate(areas, "district")


# Labels that never cover one another

def label_boxes(figure) -> list[tuple[float, float, float, float]]:
    """The screen boxes of a map figure's name labels, read back from the figure."""
    layout = figure.layout
    canvas = (layout.width - layout.margin.l - layout.margin.r, layout.height - layout.margin.t - layout.margin.b)
    frame = contacts.MapFrame(tuple(layout.xaxis.range), tuple(layout.yaxis.range), canvas, layout.yaxis.scaleratio)
    boxes = []
    for note in layout.annotations:
        x, y = frame.pixel(note.x, note.y)
        if note.showarrow:
            x, y = x + note.ax, y + note.ay
        w, h = contacts.label_box(note.text, note.font.size)
        boxes.append((x - w / 2, y - h / 2, x + w / 2, y + h / 2))
    return boxes


def no_two_overlap(boxes) -> bool:
    return not any(contacts._overlaps(a, b, 0) for a, b in itertools.combinations(boxes, 2))


@pytest.mark.parametrize("level", ["district", "team"])
def test_no_two_names_on_the_session_map_overlap_at_1920_by_1080(source, level):
    areas = source.contacts_by_area(level, PERIOD, "jeugd", None)
    shapes = source.shapes(level)
    figure = contacts.map_figure(areas, shapes, "per-1000", 5, None, height=session.MAP_HEIGHT,
                                 width=session.MAP_WIDTH, text_size=session.TEXT_SIZE)
    assert session.MAP_WIDTH < SCREEN[0] and session.MAP_HEIGHT < SCREEN[1]
    boxes = label_boxes(figure)
    assert len(boxes) == len(contacts.map_rows(areas, shapes, "per-1000", 5))  # every area named
    assert no_two_overlap(boxes)
    assert any(note.showarrow for note in figure.layout.annotations) or level == "team"  # West moves off Nieuwland


@pytest.mark.parametrize("level", ["district", "team"])
def test_the_contacts_pages_deck_map_places_its_names_the_same_way(source, level):
    """The names on the Contacten page's map (pydeck) at the map's zoom: readable, none on another."""
    areas = source.contacts_by_area(level, PERIOD, None, None)
    choropleth = contacts.choropleth(areas, source.shapes(level), "contacten", level, PERIOD, 5)
    spec = json.loads(choropleth.deck.to_json())
    layer = next(layer for layer in spec["layers"] if layer["id"] == "namen")
    assert layer["getSize"] == contacts.LABEL_SIZE and layer["background"] is True
    world = 512 * 2 ** spec["initialViewState"]["zoom"]
    boxes = []
    for label in layer["data"]:
        lon, lat = label["position"]
        x, y = lon / 360 * world, -contacts._mercator(lat) / (2 * math.pi) * world
        w, h = contacts.label_box(label["name"].replace("\n", "<br>"))
        boxes.append((x - w / 2, y - h / 2, x + w / 2, y + h / 2))
    assert len(boxes) == len(contacts.map_rows(areas, source.shapes(level), "contacten", 5))
    assert no_two_overlap(boxes)


def test_a_label_stays_on_its_point_when_it_is_free_and_moves_with_a_leader_when_not():
    placed = contacts.place_labels([(100, 100), (300, 100), (104, 102)], [(60, 20)] * 3, (400, 300))
    assert not placed[0].moved and not placed[1].moved
    assert placed[2].moved and no_two_overlap([p.box for p in placed])


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=2, max_value=40), st.integers(min_value=0, max_value=10_000))
def test_a_crowded_set_gets_labels_that_never_overlap_and_stay_on_the_screen(count, seed):
    randomness = random.Random(seed)
    points = [(900 + randomness.uniform(-150, 150), 500 + randomness.uniform(-100, 100)) for _ in range(count)]
    names = ["".join(randomness.choice("abcdefghij klmnop") for _ in range(randomness.randint(3, 30))) for _ in range(count)]
    sizes = [contacts.label_box(wrap(n, contacts.LABEL_WRAP), session.TEXT_SIZE) for n in names]
    placed = contacts.place_labels(points, sizes, SCREEN)
    boxes = [p.box for p in placed if p is not None]
    assert no_two_overlap(boxes)
    assert all(b[0] >= 0 and b[1] >= 0 and b[2] <= SCREEN[0] and b[3] <= SCREEN[1] for b in boxes)
    if count <= 30:  # the most a map labels (contacts.LABELLED_AREAS): room enough on a screen for each
        assert None not in placed


# The presenter's lines under the rule

@dataclass
class Figures:
    """What the trend line reads of ``queries.contacts.KeyFigures``."""

    period: Period
    contacts_per_1000: float | None
    contacts: int | None
    base: str = INHABITANTS

    def value(self, measure):
        return self.contacts


def check_claims(text: str, lang: str, allowed: set[str]) -> None:
    made = claims(text, lang)
    assert made <= allowed, (text, made, allowed)


rates = st.one_of(st.none(), st.floats(min_value=0, max_value=80, allow_nan=False))
bases = st.one_of(st.none(), st.integers(min_value=0, max_value=3000))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(rates, bases), min_size=0, max_size=8), rates, bases, st.sampled_from(["nl", "en"]))
def test_the_maps_line_claims_only_what_the_rule_allows(rows, total_rate, total_base, lang):
    names = [f"Wijk{i}" for i in range(len(rows))]
    frame = pd.DataFrame({
        "name": [*names, "Schiedam"], "kind": ["area"] * len(rows) + ["total"],
        "per_1000": pd.array([r for r, _b in rows] + [total_rate], dtype="Float64"),
        "contacts": pd.array([None if r is None else b for r, b in rows] + [total_base], dtype="Int64"),
        "contacts_status": ["<5" if r is None else "" for r, _b in rows] + [""],
        "population": [1000] * (len(rows) + 1),  # every area large enough for a rate: a missing one is hidden
    })
    with i18n.language(lang):
        text = contacts.highest_rate(frame, "district")
    known = [(r, b) for r, b in rows if r is not None]
    allowed = set()
    if compare.may_rank(len(known)):
        allowed.add("rank")
        top_rate, top_base = max(known, key=lambda rb: rb[0])
        verdict = compare.rates(top_rate, total_rate, top_base, total_base)
        allowed |= {compare.HIGHER: {"higher"}, compare.LOWER: {"lower"}, compare.SAME: set()}[verdict.direction]
    check_claims(text, lang, allowed)
    hidden = sum(1 for r, _b in rows if r is None)
    if hidden:
        with i18n.language(lang):
            assert compare.hidden_note(hidden) in text


@settings(max_examples=150, deadline=None)
@given(rates, bases, st.one_of(st.none(), st.tuples(rates, bases)), st.sampled_from(["nl", "en"]))
def test_the_trends_line_claims_only_what_the_rule_allows(rate, base, earlier, lang):
    now = Figures(PERIOD, rate, base)
    year_earlier = None if earlier is None else Figures(PERIOD.year_earlier(), *earlier)
    with i18n.language(lang):
        text = contacts.rate_against_a_year_earlier(now, year_earlier)
    allowed = set()
    if rate is not None and year_earlier is not None:
        verdict = compare.rates(rate, year_earlier.contacts_per_1000, base, year_earlier.contacts)
        allowed = {compare.HIGHER: {"rise"}, compare.LOWER: {"fall"}, compare.SAME: set()}[verdict.direction]
    check_claims(text, lang, allowed)


def test_a_district_far_above_the_municipality_is_called_higher_and_the_highest():
    frame = pd.DataFrame({"name": ["Nieuwland", "Oost", "Schiedam"], "kind": ["area", "area", "total"],
                          "per_1000": [12.0, 6.0, 7.0], "contacts": [600, 300, 2000], "contacts_status": ["", "", ""],
                          "population": [50_000, 50_000, 285_000]})
    assert contacts.highest_rate(frame, "district") == (
        "Het aantal contacten per 1.000 inwoners lag het hoogst in de wijk Nieuwland: 12,0, hoger dan in de hele "
        "gemeente (7,0).")
    with i18n.language("en"):
        assert contacts.highest_rate(frame, "district") == (
            "The number of contacts per 1,000 inhabitants was highest in the district Nieuwland: 12.0, higher than in "
            "the municipality as a whole (7.0).")


def test_an_area_without_a_rate_is_named_apart_from_a_hidden_one():
    """The probe of issue 14: industrial districts of 80 and 140 inhabitants have no rate; the map's
    line said their rates rested on too few observations."""
    frame = pd.DataFrame({"name": ["Nieuwland", "Oost", "Industrie", "Haven", "Schiedam"],
                          "kind": ["area", "area", "area", "area", "total"],
                          "per_1000": pd.array([12.0, 6.0, None, None, 7.0], dtype="Float64"),
                          "contacts": pd.array([600, 300, 4, None, 2000], dtype="Int64"),
                          "contacts_status": ["", "", "", "<5", ""], "population": [50_000, 50_000, 80, 140, 285_000]})
    text = contacts.highest_rate(frame, "district")
    assert compare.hidden_note(1) not in text and compare.hidden_note(2) not in text
    assert text.endswith("2 gebieden hebben geen cijfer per 1.000: de bevolking is te klein (minder dan 300) of niet bekend.")
