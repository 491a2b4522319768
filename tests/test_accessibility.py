"""WCAG 2.1 criteria the app controls, checked on what the pages draw (AppTest) and on the palettes:

- 1.1.1 every plotly chart has its text alternative next to it (the table with the same numbers,
  or a sentence), and every map its ``alt`` text and the table of all areas;
- 1.4.1 colour never carries meaning alone: series are named in a legend or labelled, a colour that
  marks something within one series comes with a pattern or words; and the palettes stay apart
  under simulated protanopia, deuteranopia and tritanopia.

Colour-vision deficiency is simulated with Machado, Oliveira and Fernandes (2009) at full severity,
and colour difference measured as CIEDE2000, both from ColorAide (a maintained, dependency-free
colour library; the reasons and thresholds are in docs/accessibility.md).
"""

from __future__ import annotations

import itertools
import json
import re

import pytest
from coloraide import Color
from streamlit.testing.v1 import AppTest

from dashboard import i18n
from dashboard.views import contacts, style
from queries import areas as area_queries
from queries import contacts as contact_queries
from queries.periods import Period

from .conftest import APP

DEFICIENCIES = ("protan", "deutan", "tritan")
CATEGORICAL = 10.0  # ΔE2000 between colours that name categories: "perceptible at a glance" and beyond
SEQUENTIAL = 3.0  # between neighbouring classes of the map's ordered scale (which also has words and a table)

# Every page, in a period that has every kind of figure (surveys from 2016, waiting times).
PAGES = ["pages/overzicht.py", "pages/contacten.py", "pages/wijkprofiel.py", "pages/hulpvragen.py", "pages/teams.py",
         "pages/wachttijden.py", "pages/tevredenheid.py", "pages/persbriefing.py", "pages/over_de_data.py"]
LINK = {"gebied": "WK060606", "van": "2016-01", "tot": "2016-12"}


@pytest.fixture(scope="module")
def drawn(sqlite_demo_url) -> dict[tuple[str, str], AppTest]:
    """Every page in Dutch and English, run once for all tests of this module."""
    runs = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WIJKMONITOR_DATABASE_URL", sqlite_demo_url)
        patch.setenv("WIJKMONITOR_PROTECTION", "public")
        for lang in ("nl", "en"):
            i18n.activate(lang)
            test = AppTest.from_file(str(APP), default_timeout=60)
            test.query_params["taal"] = lang
            test.run()
            for page in PAGES:
                test.query_params.clear()
                test.query_params.update(LINK, taal=lang)
                test.switch_page(page).run()
                assert not test.exception, (page, [e.value for e in test.exception])
                runs[page, lang] = _snapshot(test)
    i18n.activate(i18n.DEFAULT)
    return runs


def _snapshot(test: AppTest) -> list[tuple[str, object]]:
    """The page's elements in reading order, each as (type, element), with each block's children
    following the block; an element's alternative is what follows it in the same block."""
    found = []

    def walk(node):
        children = list(getattr(node, "children", {}).values())
        for index, child in enumerate(children):
            found.append((child.type, child, children[index + 1] if index + 1 < len(children) else None))
            walk(child)

    walk(test.main)
    return found


def _dataframes(node) -> list:
    if node is None:
        return []
    own = [node] if node.type == "dataframe" else []
    return own + [frame for child in getattr(node, "children", {}).values() for frame in _dataframes(child)]


def _text(node) -> str:
    return getattr(node, "value", None) or getattr(getattr(node, "proto", None), "body", "") or ""


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_chart_has_its_table_or_sentence_next_to_it(drawn, page, lang):
    charts = 0
    for kind, element, following in drawn[page, lang]:
        if kind != "plotly_chart":
            continue
        charts += 1
        tables = _dataframes(following) if following is not None and following.type == "expander" else []
        sentence = _text(following) if following is not None and following.type == "caption" else ""
        assert tables or re.search(r"\d", sentence), (page, json.loads(element.proto.spec)["layout"].get("title"))
        assert all(len(frame.value) > 0 for frame in tables)
    expected = {"pages/wijkprofiel.py": 0, "pages/over_de_data.py": 0}
    assert (charts == 0) == (expected.get(page, 1) == 0), f"{page}: {charts} charts"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_map_has_its_alt_text_and_the_table_of_all_areas(drawn, lang):
    elements = drawn["pages/contacten.py", lang]
    kinds = [kind for kind, _, _ in elements]
    (deck,) = [element for kind, element, _ in elements if kind == "deck_gl_json_chart"]
    words = {"nl": "De tabel onder de kaart geeft dezelfde cijfers", "en": "table below the map"}
    assert words[lang] in deck.proto.alt
    assert "dataframe" in kinds[kinds.index("deck_gl_json_chart"):]


def _traces_with_data(spec: dict) -> list[dict]:
    """The traces a reader tells apart: those with values; not the text-only marks of hidden figures,
    nor drawing without data (a map's hatching and outline, which answer no hover)."""
    return [t for t in spec["data"] if t.get("mode") != "text" and (t.get("hoverinfo") != "skip" or t.get("name"))
            and any(v is not None for v in (t.get("x") or t.get("y") or t.get("z") or []))]


def _named_in_legend(trace: dict, spec: dict) -> bool:
    """Named in a shown legend: by itself, or by a trace of the same name that stands for it (the
    panels of small multiples show their series once)."""
    if not spec["layout"].get("showlegend", True) or not trace.get("name"):
        return False
    return any(t.get("name") == trace["name"] and t.get("showlegend", True) for t in spec["data"])


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_colour_never_tells_series_apart_alone(drawn, page, lang):
    for kind, element, _ in drawn[page, lang]:
        if kind != "plotly_chart":
            continue
        spec = json.loads(element.proto.spec)
        traces = _traces_with_data(spec)
        if len(traces) > 1:  # several series: each named in the legend, or labelled on the chart
            assert all(_named_in_legend(t, spec) or t.get("text") for t in traces), (page, [t.get("name") for t in traces])
        for trace in traces:
            colours = (trace.get("marker") or {}).get("color")
            if isinstance(colours, list) and len(set(colours)) > 1:
                # Colours that differ within one series mean something (above the norm): a pattern
                # or the words beside each bar must differ with them.
                patterns = ((trace.get("marker") or {}).get("pattern") or {}).get("shape") or [""] * len(colours)
                texts = trace.get("text") or [""] * len(colours)
                for (c1, p1, t1), (c2, p2, t2) in itertools.combinations(zip(colours, patterns, texts), 2):
                    if c1 != c2:
                        assert p1 != p2 or re.sub(r"[\d.,\s]", "", t1) != re.sub(r"[\d.,\s]", "", t2), (page, c1, c2)


def _seen(colour: str, deficiency: str | None) -> Color:
    colour = Color(colour)
    return colour if deficiency is None else colour.filter(deficiency, method="machado").convert("srgb").fit("srgb")


def _difference(one: str, other: str, deficiency: str | None) -> float:
    return _seen(one, deficiency).delta_e(_seen(other, deficiency), method="2000")


# Colours a reader must tell apart where they stand together: the chart palette among itself, the
# norm's vermilion against it and the primary blue, the two parts of a stacked bar, the selected
# area's outline against the map's blues.
TOGETHER = [
    *itertools.combinations(style.PALETTE, 2),
    *((style.OVER_NORM, colour) for colour in (*style.PALETTE, style.PRIMARY)),
    (style.PRIMARY, style.LIGHT),
    (style.PRIMARY, style.EARLIER),
    *((contacts.SELECTED, colour) for colour in contacts.BLUES),
]


@pytest.mark.parametrize("deficiency", [None, *DEFICIENCIES])
@pytest.mark.parametrize(("one", "other"), TOGETHER)
def test_colours_that_stand_together_stay_apart_for_every_colour_vision(one, other, deficiency):
    assert _difference(one, other, deficiency) >= CATEGORICAL


@pytest.mark.parametrize("deficiency", [None, *DEFICIENCIES])
def test_the_maps_classes_stay_ordered_and_apart_for_every_colour_vision(deficiency):
    """An ordered scale must read as one: each class darker than the one before and visibly
    different from it, the unpublished grey and 'no data' apart from every class."""
    seen = [_seen(c, deficiency) for c in contacts.BLUES]
    lightness = [c.convert("lab")["lightness"] for c in seen]
    assert lightness == sorted(lightness, reverse=True)
    assert all(_difference(a, b, deficiency) >= SEQUENTIAL for a, b in zip(contacts.BLUES, contacts.BLUES[1:]))
    for special in (contacts.NOT_PUBLISHED, contacts.NO_DATA):
        assert min(_difference(special, c, deficiency) for c in contacts.BLUES) >= SEQUENTIAL


def test_the_simulation_is_the_published_one():
    """Machado et al. (2009), full protanopia, on sRGB primaries: the matrix's columns (in linear
    light) as the paper's table gives them, so a changed library cannot pass silently."""
    red = Color("srgb-linear", [1, 0, 0]).filter("protan", method="machado").convert("srgb-linear")
    assert [round(v, 3) for v in red[:3]] == [0.152, 0.115, -0.004]


def test_the_map_names_every_class_in_words_and_hatches_what_is_not_published(sqlite_demo_db, rules):
    period = Period.parse("2015-01", "2015-05")
    # One theme by one channel: small counts, some of them hidden.
    rows = contact_queries.by_area(sqlite_demo_db, "district", period, rules, theme="wonen", channel="huisarts")
    shapes = area_queries.shapes(sqlite_demo_db, "district")
    choropleth = contacts.choropleth(rows, shapes, contacts.DEFAULT_MEASURE, "district", period, rules.min_count, None)
    legend = choropleth.legend_html
    assert legend.count("<div>") >= 2 and "niet gepubliceerd" in legend
    assert "repeating-linear-gradient" in legend  # the legend's swatch is hatched like the map
    assert re.search(r"\d", legend)  # class bounds in figures, not colours alone
    layers = json.loads(choropleth.deck.to_json())["layers"]
    assert "niet-gepubliceerd" in [layer["id"] for layer in layers]  
