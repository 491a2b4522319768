"""Contacten: the map of one measure per area, how far contacts went per team area, the trend of
an area against the municipality, and the table of all areas. Published results in (the rows of
``queries.contacts.by_area`` and ``monthly_rate``, area shapes), a pydeck map, plotly figures,
tables and texts out; no Streamlit.

The map is drawn as a statistics office draws a thematic map: a few classes of a colour-blind-safe
sequential palette (ColorBrewer Blues) with their bounds in the legend, and areas whose figure is
not published in grey with diagonal hatching, labelled "te weinig waarnemingen", so they are never
read as a low value. No basemap: the map must work without calls to a tile service, and the shapes
carry the information. In the charts a hidden count gets no bar, only its mark
(``style.mark_hidden``).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk
import shapely
from pydeck.bindings.json_tools import default_serialize

from dashboard import format as fmt
from dashboard.i18n import N_, _, ngettext
from dashboard.literal import html_text, plotly_text
from dashboard.views import cells, compare, rates
from dashboard.views.areas import in_area
from dashboard.views.style import LIGHT, MARK, PRIMARY, TEXT, layout, mark_hidden, month_axis, wrap
from queries import geometry
from queries.contacts import OUTCOMES, REMAINDER
from queries.periods import Period, add_months
from queries.rates import INHABITANTS, MIN_POPULATION, has_rate

# Choices: what the map shows, and at which level

@dataclass(frozen=True)
class Measure:
    column: str  # in the rows of contacts.by_area
    button: str  # N_: the choice above the map
    title: str  # N_: the map's title and legend heading
    counts_under: tuple[str, ...]  # the counts it is built on: where one is hidden, so is the measure


MEASURES = {  # URL value → measure
    "contacten": Measure("contacts", N_("Contacten"), N_("Contacten"), ("contacts",)),
    # Its words follow the theme's population base (views/rates.py): see button() and title().
    "per-1000": Measure("per_1000", "", "", ("contacts",)),
    "dossiers": Measure("dossiers", N_("Dossiers"), N_("Dossiers geopend"), ("dossiers",)),
    "korte-interventie": Measure("short_share", N_("Korte interventie"), N_("Aandeel korte interventie"),
                                 ("contacts", "short_interventions")),
}
DEFAULT_MEASURE = "contacten"
LEVELS = {"team": N_("Wijkteamgebieden"), "district": N_("Wijken"), "neighbourhood": N_("Buurten")}
ONE_OF = {"team": N_("wijkteamgebied"), "district": N_("wijk"), "neighbourhood": N_("buurt")}
ALL_OF = {"team": N_("Alle wijkteamgebieden"), "district": N_("Alle wijken"), "neighbourhood": N_("Alle buurten")}
# The row of contacts that no area of the level holds, as queries.contacts names it.
REMAINDER_NAMES = (N_("Zonder wijkteamgebied"), N_("Zonder wijk"), N_("Zonder buurt"))


def measure_buttons(base: str = INHABITANTS) -> dict[str, str]:
    """The choices above the map; the rate names the theme's population base."""
    return {key: rates.heading(base) if measure.column == "per_1000" else _(measure.button)
            for key, measure in MEASURES.items()}


def measure_title(measure: str, base: str = INHABITANTS) -> str:
    """'Contacten per 1.000 jongeren (0–17 jaar)': a map's title and legend heading."""
    return rates.title(base) if MEASURES[measure].column == "per_1000" else _(MEASURES[measure].title)


def level_buttons(levels: list[str]) -> dict[str, str]:
    """The levels the data can be counted by, named in the active language."""
    return {level: _(LEVELS[level]) for level in levels}


def default_level(levels: list[str]) -> str:
    return "district" if "district" in levels else levels[0]


def map_title(measure: str, level: str, base: str = INHABITANTS) -> str:
    """'Contacten per wijk'."""
    return _("{measure} per {area}").format(measure=measure_title(measure, base), area=_(ONE_OF[level]))


def all_areas_title(level: str) -> str:
    return _(ALL_OF[level])


def area_name(name: str, kind: str) -> str:
    """An area's name as written, or the remainder row's name in the active language."""
    return _(name) if kind == REMAINDER else name


# The map

LAYER = "gebieden"  # the pickable layer; its id is how a selection names it
# ColorBrewer "Blues" (sequential, colour-blind safe, readable in greyscale), without its
# near-white end, which would be lost against the page.
BLUES = ["#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"]
NOT_PUBLISHED = "#d9d9d9"
HATCH = "#7f7f7f"
OUTLINE = "#ffffff"
SELECTED = "#e6550d"  # orange against blue: the selected area stands out for every kind of colour vision
NOT_PUBLISHED_TEXT = N_("te weinig waarnemingen")
NO_DATA = "#f4f4f4"  # a figure that does not exist (no population known, say): no hatching, not secret
NO_DATA_TEXT = N_("geen cijfer: bevolking te klein of onbekend")  # only a rate can not exist
LABELLED_AREAS = 30  # with more areas names would cover the map; the tooltip still names each
LABEL_SIZE = 15  # pixels: readable on a page and from the back of a room alike
LABEL_WRAP = 16  # characters per line of a long name


@dataclass(frozen=True)
class Legend:
    """Class bounds (ascending, one more than the colours) and their labels."""

    bounds: list[float]
    colours: list[str]
    labels: list[str]


def class_bounds(values: list[float], classes: int = 5, whole: bool = False) -> list[float]:
    """Quantile classes with bounds rounded to two significant digits, as a reader can take them in;
    whole numbers for counts (``whole``: "0 tot 2,8" means nothing for people).

    Quantiles give every class some areas, which suits the skewed counts of areas of unequal size.
    Fewer classes when there are few distinct values.
    """
    values = sorted(v for v in values if v is not None and not math.isnan(v))
    if not values:
        return []
    low, high = values[0], values[-1]
    if low == high:
        return [low, high]
    inner = [_nice(q) for q in np.quantile(values, np.linspace(0, 1, min(classes, len(set(values))) + 1)[1:-1])]
    inner = sorted({float(math.ceil(b)) if whole else b for b in inner})
    inner = [b for b in inner if low < b <= high]
    return [low, *inner, high]


def _nice(value: float) -> float:
    if value == 0:
        return 0.0
    digits = 1 - int(math.floor(math.log10(abs(value))))
    return round(value, digits)


def legend(bounds: list[float], text) -> Legend:
    """Colours and labels for ``bounds``; ``text`` formats one bound ('1.234' or '12,5%')."""
    count = len(bounds) - 1
    colours = _spread(count)
    labels = [
        (_("{low} tot en met {high}") if i == count - 1 else _("{low} tot {high}")).format(
            low=text(bounds[i]), high=text(bounds[i + 1]))
        for i in range(count)
    ]
    return Legend(bounds, colours, labels)


def _spread(count: int) -> list[str]:
    """``count`` colours of the palette, light to dark, as far apart as the palette allows."""
    if count <= 0:
        return []
    return [BLUES[round(i * (len(BLUES) - 1) / max(count - 1, 1))] for i in range(count)] if count > 1 else [BLUES[2]]


def colour_of(value: float | None, scale: Legend) -> str:
    if value is None or not scale.colours:
        return NOT_PUBLISHED
    index = int(np.searchsorted(scale.bounds[1:-1], value, side="right"))
    return scale.colours[min(index, len(scale.colours) - 1)]


def deck(areas: pd.DataFrame, scale: Legend, selected_shape: str | None = None, height_px: int = 520) -> pdk.Deck:
    """The map. ``areas``: code, name, geometry (GeoJSON), value (None when there is none to show),
    status (why a value is missing: a disclosure mark, or "" when the figure does not exist) and
    text (the value as shown); ``selected_shape``: GeoJSON of the chosen area, outlined and zoomed
    to with its surroundings, whatever level the map shows. Without it the map shows all areas."""
    shapes = shapely.from_geojson(areas["geometry"].to_numpy())
    values = [None if pd.isna(v) else float(v) for v in areas["value"]]
    secret = [value is None and bool(status) for value, status in zip(values, areas["status"])]
    not_published, no_data = _(NOT_PUBLISHED_TEXT), _(NO_DATA_TEXT)
    features = [
        {
            "type": "Feature",
            "geometry": json.loads(row.geometry),
            "properties": {
                "code": row.code,
                "name": row.name,
                "value": value,
                "text": row.text if value is not None else not_published if hidden else no_data,
                "fill": _rgba(NO_DATA if value is None and not hidden else colour_of(value, scale)),
            },
        }
        for row, value, hidden in zip(areas.itertuples(), values, secret)
    ]
    min_x, min_y, max_x, max_y = shapely.total_bounds(shapes)
    spacing = max(max_x - min_x, max_y - min_y) / 80  # the same hatching on large and small areas
    hatched = [
        {"path": line}
        for shape, hidden in zip(shapes, secret)
        if hidden
        for line in geometry.hatch(shape, spacing)
    ]
    if selected_shape:
        view = fit_view(geometry.from_geojson(selected_shape).bounds, height_px=height_px, margin=1.0)
    else:
        view = fit_view((min_x, min_y, max_x, max_y), height_px=height_px)
    labels, leaders = _deck_labels(shapely.point_on_surface(shapes), list(areas["name"]), view.zoom)
    # deck.gl draws only the characters it was given (ASCII by default): add the names' own, such as ë.
    # In double quotes, which pydeck strips, or it would read the string as an expression.
    characters = '"' + "".join(sorted((set("".join(areas["name"])) | {chr(c) for c in range(32, 127)}) - {'"'})) + '"'
    layers = [
        pdk.Layer(
            "GeoJsonLayer",
            {"type": "FeatureCollection", "features": features},
            id=LAYER,
            pickable=True,
            stroked=True,
            filled=True,
            get_fill_color="properties.fill",
            get_line_color=_rgba(OUTLINE),
            line_width_min_pixels=1,
            auto_highlight=True,
            highlight_color=[230, 85, 13, 90],
        ),
        pdk.Layer("PathLayer", hatched, id="niet-gepubliceerd", get_path="path", get_color=_rgba(HATCH),
                  width_min_pixels=1, pickable=False),
    ]
    if selected_shape:
        layers.append(
            pdk.Layer("GeoJsonLayer", json.loads(selected_shape), id="selectie", filled=False, stroked=True,
                      get_line_color=_rgba(SELECTED), line_width_min_pixels=3, pickable=False)
        )
    layers.append(
        pdk.Layer("LineLayer", leaders, id="naamlijnen", get_source_position="source", get_target_position="target",
                  get_color=_rgba(MARK), get_width=1.5, width_units="'pixels'", pickable=False)
    )
    layers.append(  # the names as the plotly map writes them: dark on a white box, where they cover no other
        pdk.Layer("TextLayer", labels, id="namen", get_position="position", get_text="name", get_size=LABEL_SIZE,
                  get_color=_rgba(TEXT), font_family="'Source Sans Pro, Helvetica, Arial, sans-serif'",
                  background=True, get_background_color=[255, 255, 255, 225], background_padding=[4, 2],
                  line_height=1.15, character_set=characters, get_alignment_baseline="'center'", pickable=False)
    )
    return _CompactDeck(
        layers=layers,
        initial_view_state=view,
        map_provider=None,  # and no map_style: Streamlit then draws no basemap either
        # Streamlit fills in {name} and {text} HTML-escaped (checked in Chromium): names show as written.
        tooltip={"html": "<b>{name}</b><br/>{text}", "style": {"fontSize": "14px"}},
    )


def _deck_labels(points, names: list[str], zoom: float) -> tuple[list[dict], list[dict]]:
    """The deck's name labels, placed as ``place_labels`` places them at the map's zoom (the screen's
    scale does not depend on the width the page gives the map), and the leader lines of the ones
    that had to move off their area's point. None with more areas than a map can name."""
    if len(names) > LABELLED_AREAS:
        return [], []
    world = 512 * 2**zoom  # pixels around the world in Web Mercator at this zoom
    pixels = [(p.x / 360 * world, -_mercator(p.y) / (2 * math.pi) * world) for p in points]
    texts = [wrap(name, LABEL_WRAP) for name in names]
    margin = 400  # room around the points: a label may stand beside an area on the map's edge
    left, top = min(x for x, _y in pixels) - margin, min(y for _x, y in pixels) - margin
    canvas = (max(x for x, _y in pixels) - left + margin, max(y for _x, y in pixels) - top + margin)
    spots = place_labels([(x - left, y - top) for x, y in pixels], [label_box(t) for t in texts], canvas)
    labels, leaders = [], []
    for (x, y), point, text, spot in zip(pixels, points, texts, spots):
        if spot is None:
            continue
        lon, lat = (x + spot.dx) / world * 360, math.degrees(2 * math.atan(math.exp(-(y + spot.dy) / world * 2 * math.pi))
                                                             - math.pi / 2)
        labels.append({"position": [round(lon, 6), round(lat, 6)], "name": text.replace("<br>", "\n")})
        if spot.moved:
            leaders.append({"source": [round(point.x, 6), round(point.y, 6)], "target": [round(lon, 6), round(lat, 6)]})
    return labels, leaders


class _CompactDeck(pdk.Deck):
    """pydeck pretty-prints its JSON through Python's slow pure-Python encoder; Streamlit sends that
    text to the browser. Compact JSON is the same map in a third fewer bytes and a fraction of the
    time (most of the page's run time with 500 neighbourhoods, see docs/deployment.md)."""

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))


def fit_view(
    bounds: tuple[float, float, float, float], width_px: int = 700, height_px: int = 520, margin: float = 0.3
) -> pdk.ViewState:
    """The view that shows ``bounds`` (lon_min, lat_min, lon_max, lat_max) whole, ``margin`` zoom
    levels further out (1: the area fills about half the map, its neighbours the rest).

    Web-Mercator zoom: at zoom z the world is 512·2^z pixels wide in deck.gl.
    """
    min_x, min_y, max_x, max_y = bounds
    centre_lat = (min_y + max_y) / 2
    span_x = max(max_x - min_x, 1e-4)
    span_y = max(_mercator(max_y) - _mercator(min_y), 1e-6)
    zoom_x = math.log2(width_px * 360 / (512 * span_x))
    zoom_y = math.log2(height_px * 2 * math.pi / (512 * span_y))
    zoom = min(zoom_x, zoom_y) - margin
    return pdk.ViewState(longitude=(min_x + max_x) / 2, latitude=centre_lat, zoom=round(zoom, 2), pitch=0, bearing=0)


def _mercator(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def _rgba(colour: str, alpha: int = 255) -> list[int]:
    return [int(colour[i : i + 2], 16) for i in (1, 3, 5)] + [alpha]


def legend_html(scale: Legend, title: str, unpublished: bool, missing: bool = False) -> str:
    """The legend as HTML: a swatch and its class bounds per line, the hatched grey swatch for
    unpublished figures and the pale one for figures that do not exist, when the map has them."""
    swatch = '<span style="display:inline-block;width:1.1em;height:1.1em;margin-right:.5em;vertical-align:-.2em;' \
             'border:1px solid #bbb;background:{}"></span>'
    lines = [f"<div>{swatch.format(colour)}{html_text(label)}</div>" for colour, label in zip(scale.colours, scale.labels)]
    if unpublished:
        hatched = f"repeating-linear-gradient(45deg,{HATCH} 0 1px,{NOT_PUBLISHED} 1px 5px)"
        text = _("te weinig waarnemingen (niet gepubliceerd)")
        lines.append(f"<div>{swatch.format(hatched)}{html_text(text)}</div>")
    if missing:
        lines.append(f"<div>{swatch.format(NO_DATA)}{html_text(_(NO_DATA_TEXT))}</div>")
    return f'<div style="font-size:0.9rem;line-height:1.7"><b>{html_text(title)}</b>{"".join(lines)}</div>'


# The map of the chosen measure: what the page showed before as its own computation

def shown(measure: str, value: float | None, status: str, min_count: int) -> str:
    """One figure of ``measure`` as the map's tooltip and the legend write it."""
    column = MEASURES[measure].column
    if column == "per_1000":
        return fmt.number(value, 1)
    if column == "short_share":
        return fmt.percent(value)
    return fmt.count(None if value is None else int(value), status, min_count)


def bound(measure: str, value: float) -> str:
    """A class bound in the legend, with a decimal only where it has one."""
    if MEASURES[measure].column == "short_share":
        return fmt.percent(value, 0 if round(value * 100, 1) == round(value * 100) else 1)
    return fmt.number(value, 0 if value == round(value) else 1)


def _scale(on_map: pd.DataFrame, measure: str) -> Legend:
    """The classes of the values on the map, and their legend."""
    counts = MEASURES[measure].column in ("contacts", "dossiers")
    return legend(class_bounds(list(on_map["value"].dropna()), whole=counts), lambda v: bound(measure, v))


def map_rows(areas: pd.DataFrame, shapes: pd.DataFrame, measure: str, min_count: int) -> pd.DataFrame:
    """The areas of ``contacts.by_area`` that have a shape, with what ``deck`` draws: value (None
    where there is none), status (the mark of a hidden count under it, or "" where the figure
    does not exist, a rate without a known population) and text."""
    chosen = MEASURES[measure]
    on_map = areas[areas["kind"] == "area"].merge(shapes.set_index("code")[["geometry"]], left_on="code", right_index=True)
    on_map = on_map[on_map["geometry"].notna()]
    marks = on_map[[f"{c}_status" for c in chosen.counts_under]].to_numpy().tolist()
    statuses = [next((m for m in row if m), "") for row in marks]
    if chosen.column == "per_1000":  # over too few people there is no rate, whatever its count's mark
        statuses = [s if has_rate(p) else "" for s, p in zip(statuses, on_map["population"])]
    values = [fmt.optional(v) for v in on_map[chosen.column]]
    return on_map.assign(value=values, status=statuses,
                         text=[shown(measure, v, s, min_count) for v, s in zip(values, statuses)])


@dataclass(frozen=True)
class Choropleth:
    deck: pdk.Deck
    legend_html: str
    title: str  # 'Contacten per wijk'
    alt: str  # what the map shows, for screen readers


def choropleth(areas: pd.DataFrame, shapes: pd.DataFrame, measure: str, level: str, period: Period, min_count: int,
               selected_shape: str | None = None) -> Choropleth:
    """The map of ``measure`` per area of ``level``, its legend, title and alternative text."""
    on_map = map_rows(areas, shapes, measure, min_count)
    scale = _scale(on_map, measure)
    missing = on_map["value"].isna()
    base = rates.of(areas)
    title = measure_title(measure, base)
    return Choropleth(
        deck=deck(on_map, scale, selected_shape),
        legend_html=legend_html(scale, title, bool((missing & (on_map["status"] != "")).any()),
                                bool((missing & (on_map["status"] == "")).any())),
        title=map_title(measure, level, base),
        alt=_("Kaart: {measure} per gebied, {period}. De tabel onder de kaart geeft dezelfde cijfers.").format(
            measure=title[:1].lower() + title[1:], period=fmt.period(period)),
    )


def map_figure(areas: pd.DataFrame, shapes: pd.DataFrame, measure: str, min_count: int,
               selected_shape: str | None = None, height: int = 520, width: int | None = None,
               text_size: int = LABEL_SIZE) -> go.Figure:
    """The same map as ``choropleth`` drawn by plotly, for images and print (a deck cannot be
    rendered without a browser's WebGL): the same classes, colours, hatching of unpublished
    areas and outline of the chosen one, the legend beside it, no basemap. Longitude is scaled by
    the cosine of the map's latitude, as a local equirectangular projection: a town looks as on
    the deck's Web Mercator map.

    With a ``width`` (pixels) the figure has that size, its legend beside the map, and the areas'
    names are placed so that none covers another (``place_labels``); without one it fills its
    container and names stand on their areas."""
    on_map = map_rows(areas, shapes, measure, min_count)
    scale = _scale(on_map, measure)
    shapes_ = shapely.from_geojson(on_map["geometry"].to_numpy())
    values = [None if pd.isna(v) else float(v) for v in on_map["value"]]
    secret = [value is None and bool(status) for value, status in zip(values, on_map["status"])]
    fills = [NOT_PUBLISHED if hidden else NO_DATA if value is None else colour_of(value, scale)
             for value, hidden in zip(values, secret)]
    figure = go.Figure()
    names = {**dict(zip(scale.colours, scale.labels)), NOT_PUBLISHED: _("te weinig waarnemingen (niet gepubliceerd)"),
             NO_DATA: _(NO_DATA_TEXT)}
    for colour in [*scale.colours, NOT_PUBLISHED, NO_DATA]:  # one trace per class: the legend in class order
        rings = [ring for shape, fill in zip(shapes_, fills) if fill == colour for ring in _rings(shape)]
        if rings:
            figure.add_trace(go.Scatter(x=_joined(rings, 0), y=_joined(rings, 1), mode="lines", fill="toself",
                                        fillcolor=colour, line={"color": OUTLINE, "width": 1}, name=wrap(plotly_text(names[colour]), 28),
                                        hoverinfo="skip"))
    if any(secret):
        min_x, min_y, max_x, max_y = shapely.total_bounds(shapes_)
        spacing = max(max_x - min_x, max_y - min_y) / 80  # the deck's hatching
        lines = [list(line) for shape, hidden in zip(shapes_, secret) if hidden for line in geometry.hatch(shape, spacing)]
        figure.add_trace(go.Scatter(x=_joined(lines, 0), y=_joined(lines, 1), mode="lines", showlegend=False,
                                    line={"color": HATCH, "width": 0.6}, hoverinfo="skip"))
    if selected_shape:
        rings = _rings(shapely.from_geojson(selected_shape))
        figure.add_trace(go.Scatter(x=_joined(rings, 0), y=_joined(rings, 1), mode="lines", showlegend=False,
                                    line={"color": SELECTED, "width": 3}, hoverinfo="skip"))
    points = shapely.point_on_surface(shapes_)
    texts = [row.text if value is not None else _(NOT_PUBLISHED_TEXT) if hidden else _(NO_DATA_TEXT)
             for row, value, hidden in zip(on_map.itertuples(), values, secret)]
    labelled = len(on_map) <= LABELLED_AREAS
    placed = width is not None and labelled  # names as annotations, placed in screen space
    figure.add_trace(go.Scatter(
        x=shapely.get_x(points), y=shapely.get_y(points), mode="text" if labelled and not placed else "markers",
        text=[wrap(plotly_text(n), 16) for n in on_map["name"]] if labelled and not placed else None,
        textfont={"color": TEXT, "size": 11}, marker={"opacity": 0}, showlegend=False,
        customdata=[[plotly_text(n), plotly_text(t)] for n, t in zip(on_map["name"], texts)],
        hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>",
    ))
    min_x, min_y, max_x, max_y = shapely.total_bounds(shapes_)
    ratio = 1 / math.cos(math.radians((min_y + max_y) / 2))
    title = measure_title(measure, rates.of(areas))
    if width is None:
        pad = 0.12 * (max_x - min_x)  # room for the names of areas on the edge
        figure.update_xaxes(visible=False, range=[min_x - pad, max_x + pad])
        figure.update_yaxes(visible=False, scaleanchor="x", scaleratio=ratio)
        layout(figure, height, legend_y=-0.02)  # under the map: the map keeps the width
        figure.update_layout(legend={"title": {"text": plotly_text(title) + " ", "side": "top"}})
        return figure
    layout(figure, height, legend_y=1)
    figure.update_layout(font={"size": text_size})
    # The legend's room, reserved: left to itself plotly would widen the margin for a long entry and
    # shrink the map under labels placed for its size.
    entries = [title, *(trace.name for trace in figure.data if trace.name)]
    legend_width = min(width // 2, int(0.6 * (text_size + 2) * max(len(e) for e in entries)) + 80)
    canvas = (width - 16 - legend_width, height - 16)
    # A map narrower than the room it has: the legend moves in beside it, the map to the middle.
    needed = MapFrame.around((min_x, min_y, max_x, max_y), ratio, canvas).needed_width((min_x, max_x)) + 24 * text_size
    side = max(0.0, (canvas[0] - needed) / 2)
    canvas = (canvas[0] - 2 * side, canvas[1])
    figure.update_layout(width=width, margin={"l": 8 + side, "r": 8 + side + legend_width, "t": 8, "b": 8,
                                              "autoexpand": False}, legend={
        "orientation": "v", "x": 1.02, "xanchor": "left", "y": 0.5, "yanchor": "middle", "font": {"size": text_size + 2},
        "title": {"text": plotly_text(title), "side": "top", "font": {"size": text_size + 2}}})
    frame = MapFrame.around((min_x, min_y, max_x, max_y), ratio, canvas)
    figure.update_xaxes(visible=False, range=frame.x_range)
    figure.update_yaxes(visible=False, range=frame.y_range, scaleanchor="x", scaleratio=ratio)
    if placed:
        names = [wrap(plotly_text(n), LABEL_WRAP) for n in on_map["name"]]
        spots = place_labels([frame.pixel(p.x, p.y) for p in points], [label_box(n, text_size) for n in names],
                             frame.canvas)
        for point, name, spot in zip(points, names, spots):
            if spot is not None:
                figure.add_annotation(x=point.x, y=point.y, text=name, ax=spot.dx, ay=spot.dy, showarrow=spot.moved,
                                      arrowhead=0, arrowwidth=1.5, arrowcolor=MARK, standoff=2,
                                      font={"size": text_size, "color": TEXT}, bgcolor="rgba(255,255,255,0.88)",
                                      borderpad=2)
    return figure


@dataclass(frozen=True)
class MapFrame:
    """A map's axes ranges fitted to a plot area of ``canvas`` pixels, and the pixel of a point."""

    x_range: tuple[float, float]
    y_range: tuple[float, float]
    canvas: tuple[float, float]
    ratio: float  # one unit of y is ``ratio`` units of x on screen

    @classmethod
    def around(cls, bounds: tuple[float, float, float, float], ratio: float, canvas: tuple[float, float],
               margin: float = 0.06) -> MapFrame:
        """The frame that shows ``bounds`` whole, ``margin`` of it free on each side."""
        min_x, min_y, max_x, max_y = bounds
        span_x, span_y = max(max_x - min_x, 1e-6), max(max_y - min_y, 1e-6)
        scale = min(canvas[0] / (span_x * (1 + 2 * margin)), canvas[1] / (span_y * ratio * (1 + 2 * margin)))
        centre_x, centre_y = (min_x + max_x) / 2, (min_y + max_y) / 2
        half_x, half_y = canvas[0] / (2 * scale), canvas[1] / (2 * scale * ratio)
        return cls((centre_x - half_x, centre_x + half_x), (centre_y - half_y, centre_y + half_y), canvas, ratio)

    def needed_width(self, x_bounds: tuple[float, float]) -> float:
        """The pixels the map itself takes across, its margin included."""
        scale = self.canvas[0] / (self.x_range[1] - self.x_range[0])
        return (x_bounds[1] - x_bounds[0]) * scale * 1.12

    def pixel(self, x: float, y: float) -> tuple[float, float]:
        """Screen pixels from the plot area's top left corner, y down."""
        scale = self.canvas[0] / (self.x_range[1] - self.x_range[0])
        return (x - self.x_range[0]) * scale, (self.y_range[1] - y) * scale * self.ratio


def _rings(shape) -> list[list[tuple[float, float]]]:
    """The outer rings of a (multi)polygon's parts, each as coordinates."""
    return [list(part.exterior.coords) for part in getattr(shape, "geoms", [shape]) if not part.is_empty]


def _joined(lines: list, axis: int) -> list[float | None]:
    """One coordinate of many lines in one list, the lines separated by None (plotly's gap)."""
    joined: list[float | None] = []
    for line in lines:
        joined += [point[axis] for point in line] + [None]
    return joined


def schematic_note(shapes: pd.DataFrame) -> str | None:
    """A note under a map drawn from schematic shapes (Markdown), or None for real boundaries."""
    if not any(str(source).startswith("schematisch") for source in shapes["geometry_source"].dropna()):
        return None
    return _("**Schematische kaart.** De vlakken liggen rond de middelpunten van de wijken en zijn geen echte grenzen. "
             "Laad de CBS-wijkkaart met `wijkmonitor import-geo`.")


# From contact to dossier, per area

OUTCOME_PARTS = (("short_interventions", LIGHT, N_("Korte interventie")), ("dossiers", PRIMARY, N_("Dossier")))


def _hidden_part(measure: str, mark: str) -> str:
    """'dossiers <5': a hidden part of a stacked bar, named, since it has no colour of its own."""
    if measure == "dossiers":
        return _("dossiers {mark}").format(mark=mark)
    return _("korte interventies {mark}").format(mark=mark)


def outcome_bars(rows: pd.DataFrame, min_count: int) -> go.Figure:
    """Per area, contacts split into short interventions and dossiers: how far contacts go.

    ``rows``: name, kind, short_interventions, dossiers and their ``_status`` columns. A hidden part
    gets no bar; its mark, with what it counts, stands right after the parts that are drawn, so an
    area never seems to have no dossiers when it has a few.
    """
    names = [plotly_text(area_name(n, k)) for n, k in zip(rows["name"], rows["kind"])]
    figure = go.Figure()
    drawn = [0] * len(rows)
    hidden: list[list[str]] = [[] for _row in range(len(rows))]
    for measure, colour, label in OUTCOME_PARTS:
        values = [None if pd.isna(v) else int(v) for v in rows[measure]]
        texts = [fmt.count(v, s, min_count) for v, s in zip(values, rows[f"{measure}_status"])]
        for i, (value, text) in enumerate(zip(values, texts)):
            if value is None:
                hidden[i].append(_hidden_part(measure, text))
            else:
                drawn[i] += value
        label = _(label)
        figure.add_trace(
            go.Bar(
                y=names,
                x=values,
                name=label,
                orientation="h",
                marker_color=colour,
                text=["" if v is None else t for v, t in zip(values, texts)],
                textposition="inside",
                insidetextanchor="middle",
                textfont={"color": TEXT if colour == LIGHT else "white"},
                customdata=texts,
                hovertemplate=f"%{{y}} · {plotly_text(label)}: %{{customdata}}<extra></extra>",
            )
        )
    for name, base, parts in zip(names, drawn, hidden):
        if parts:
            mark_hidden(figure, [name], [" · ".join(parts)], horizontal=True, base=base)
    figure.update_layout(barmode="stack")
    figure.update_yaxes(autorange="reversed", gridcolor="white")
    figure.update_xaxes(tickformat=",d", title_text=_("contacten"))
    layout(figure, 90 + 34 * len(rows), legend_y=1.02)
    figure.update_layout(legend_traceorder="normal")
    return figure


def outcome_intro() -> str:
    return _("Elk contact eindigt met een korte interventie of met een dossier: hulp die meer vraagt dan een paar "
             "gesprekken.")


def outcomes(teams: pd.DataFrame, min_count: int) -> tuple[go.Figure, pd.DataFrame]:
    """The outcome bars of the team areas (and contacts without one) with their table; the
    municipality's row is left out, it would dwarf the rest."""
    rows = teams[teams["kind"] != "total"]
    return outcome_bars(rows, min_count), by_area_table(rows, min_count)


# The trend against the municipality

def rate_lines(series: dict[str, pd.DataFrame], unit: str) -> go.Figure:
    """One line per area through the months. ``series``: name → frame with month and per_1000
    (missing where the count is not published: the line breaks there instead of dropping to zero)."""
    figure = go.Figure()
    for (name, frame), colour in zip(series.items(), (PRIMARY, "#7f7f7f")):
        name = plotly_text(name)
        values = [None if pd.isna(v) else float(v) for v in frame["per_1000"]]
        figure.add_trace(
            go.Scatter(
                x=list(frame["month"]),
                y=values,
                name=name,
                mode="lines+markers",
                line={"color": colour, "width": 3 if colour == PRIMARY else 2, "dash": "solid" if colour == PRIMARY else "dash"},
                customdata=[[fmt.month(m), fmt.number(v, 1)] for m, v in zip(frame["month"], values)],
                hovertemplate=f"{name}, %{{customdata[0]}}: %{{customdata[1]}} {plotly_text(unit)}<extra></extra>",
            )
        )
    month_axis(figure, list(next(iter(series.values()))["month"]))
    figure.update_yaxes(rangemode="tozero", tickformat=",.1f")
    return layout(figure, 320, legend_y=1.02)


def trend_period(period: Period, first_month) -> Period:
    """``period``, or the twelve months up to its end when it is shorter (a trend needs its
    seasons), as far back as the data go (``first_month``)."""
    return Period(min(period.first, max(add_months(period.last, -11), first_month)), period.last)


def trend_title(period: Period, base: str = INHABITANTS) -> str:
    return _("Verloop: {rate}, {period}").format(rate=rates.contacts_per(base), period=fmt.period(period))


def trend(series: dict[str, pd.DataFrame]) -> tuple[go.Figure, pd.DataFrame]:
    """Contacts per 1,000 of the theme's population base per month, one line per area (the chosen
    one first), and the same numbers as a table."""
    first = next(iter(series.values()))
    table = pd.DataFrame({_("Maand"): [fmt.month(m) for m in first["month"]]})
    for name, frame in series.items():
        table[name] = pd.Series([cells.decimal(v, 1) for v in frame["per_1000"]], dtype=object)
    return rate_lines(series, rates.contacts_per(rates.of(first))), table


# The table of all areas

AREA_COLUMNS = {  # column in contacts.by_area → heading
    "contacts": N_("Contacten"),
    "short_interventions": N_("Korte interventies"),
    "dossiers": N_("Dossiers geopend"),
}


def by_area_table(frame: pd.DataFrame, min_count: int) -> pd.DataFrame:
    """One row per area (and the rest and the total), the counts with their marks, the rates
    (``views.cells``: text on screen, numbers in a file)."""
    table = pd.DataFrame({_("Gebied"): [area_name(n, k) for n, k in zip(frame["name"], frame["kind"])]})
    for measure, heading in AREA_COLUMNS.items():
        values, statuses = frame[measure], frame[f"{measure}_status"]
        table[_(heading)] = pd.Series([cells.count(v, s, min_count) for v, s in zip(values, statuses)], dtype=object)
    base = rates.of(frame)
    table[rates.population(base)] = pd.Series([cells.decimal(v, 0) for v in frame["population"]], dtype=object)
    table[rates.heading(base)] = pd.Series([cells.decimal(v, 1) for v in frame["per_1000"]], dtype=object)
    table[_("Korte interventie")] = pd.Series([cells.share(v) for v in frame["short_share"]], dtype=object)
    return table


def has_marks(frame: pd.DataFrame) -> bool:
    """Whether any count in the rows of ``contacts.by_area`` is hidden (the page explains the marks)."""
    return bool((frame[[f"{m}_status" for m in OUTCOMES]] != "").any().any())


# Labels on a map: placed in screen space so that none covers another



@dataclass(frozen=True)
class Placed:
    """Where a label goes: its centre ``dx``, ``dy`` pixels from its area's point (y down), and the
    box it takes there. Moved off its point (``moved``), it gets a leader line back to the point."""

    dx: float
    dy: float
    box: tuple[float, float, float, float]  # left, top, right, bottom in screen pixels

    @property
    def moved(self) -> bool:
        return (self.dx, self.dy) != (0, 0)


def label_box(text: str, size: float = LABEL_SIZE) -> tuple[float, float]:
    """The width and height in pixels a label of ``text`` (lines split by <br>) takes: a generous
    estimate of a sans-serif's glyphs, with the padding of its background box."""
    lines = text.split("<br>")
    return 0.58 * size * max(len(line) for line in lines) + 8, 1.3 * size * len(lines) + 6


def _overlaps(a: tuple, b: tuple, gap: float) -> bool:
    return a[0] < b[2] + gap and b[0] < a[2] + gap and a[1] < b[3] + gap and b[1] < a[3] + gap


def place_labels(points: list[tuple[float, float]], sizes: list[tuple[float, float]],
                 canvas: tuple[float, float], gap: float = 2) -> list[Placed | None]:
    """Greedy placement: each label, in the order given, on its point if that box is free, else at
    the nearest free spot of rings around it (the ring's distance growing with the label's height),
    inside the ``canvas`` (width, height). None for a label that finds no free spot: it is left
    off, and the map's hover still names its area. ``points`` are screen pixels, y down."""
    width, height = canvas
    placed: list[tuple] = []
    out: list[Placed | None] = []
    directions = [(0, -1), (0, 1), (1, 0), (-1, 0), (1, -1), (-1, -1), (1, 1), (-1, 1)]
    for (x, y), (w, h) in zip(points, sizes):
        found = None
        steps = [(0.0, 0.0)] + [(ux * (w / 2 + 12) * ring / 2 if ux else 0.0, uy * (h / 2 + 12) * ring / 2 if uy else 0.0)
                                for ring in range(1, 13) for ux, uy in directions]
        for dx, dy in steps:
            box = (x + dx - w / 2, y + dy - h / 2, x + dx + w / 2, y + dy + h / 2)
            inside = box[0] >= 0 and box[1] >= 0 and box[2] <= width and box[3] <= height
            if inside and not any(_overlaps(box, other, gap) for other in placed):
                found = Placed(round(dx, 1), round(dy, 1), box)
                placed.append(box)
                break
        out.append(found)
    return out


# The presenter's lines of the Themasessie's map and trend (views/session.py)

def _rate_words(base: str) -> str:
    """'contacten per 1.000 inwoners', or per 1,000 young people for the youth theme."""
    return rates.contacts_per(base)


def highest_rate(areas: pd.DataFrame, level: str) -> str:
    """Which area of ``level`` had the most contacts per 1,000 (of the theme's base), against the whole
    municipality (Markdown). "The highest" needs at least two rates shown (``compare.may_rank``);
    "higher than" the municipality needs ``compare.rates``; hidden rates are counted, not dropped
    in silence. ``areas``: the rows of ``contacts.by_area``."""
    rows = areas[areas["kind"] == "area"]
    known = rows[rows["per_1000"].notna()]
    without = ~rows["population"].map(has_rate).astype(bool)  # no rate at all, rather than a hidden one
    hidden = int((rows["per_1000"].isna() & (rows["contacts_status"] != "") & ~without).sum())
    notes = (compare.hidden_note(hidden), no_rate_note(int(without.sum())))
    values = {"measure": _rate_words(rates.of(areas))}
    if not compare.may_rank(len(known)):
        if known.empty:
            said = _("Per {area} is het aantal {measure} niet te tonen.").format(area=_(ONE_OF[level]), **values)
        else:
            row = known.iloc[0]
            said = _("Alleen {place} is het aantal {measure} te tonen: {value}.").format(
                place=in_area(level, row["name"]), value=fmt.number(float(row["per_1000"]), 1), **values)
        return " ".join(s for s in (said, *notes) if s)
    top = known.loc[known["per_1000"].astype(float).idxmax()]
    total = areas[areas["kind"] == "total"]
    total_rate = float(total["per_1000"].iloc[0]) if len(total) and pd.notna(total["per_1000"].iloc[0]) else None
    total_base = float(total["contacts"].iloc[0]) if len(total) and pd.notna(total["contacts"].iloc[0]) else None
    values |= {"place": in_area(level, top["name"]), "value": fmt.number(float(top["per_1000"]), 1),
               "total": fmt.number(total_rate, 1) if total_rate is not None else ""}
    top_base = float(top["contacts"]) if pd.notna(top["contacts"]) else None
    verdict = compare.rates(float(top["per_1000"]), total_rate, top_base, total_base)
    if verdict.direction == compare.HIGHER:
        said = _("Het aantal {measure} lag het hoogst {place}: {value}, hoger dan in de hele gemeente ({total}).")
    elif verdict.direction == compare.LOWER:
        said = _("Het aantal {measure} lag het hoogst {place}: {value}, lager dan in de hele gemeente ({total}).")
    elif verdict.reason == compare.HIDDEN:
        said = _("Het aantal {measure} lag het hoogst {place}: {value}.")
    elif verdict.reason == compare.TOO_FEW:
        said = _("Het aantal {measure} lag het hoogst {place}: {value}; in de hele gemeente {total}, {reason}.")
        values["reason"] = compare.too_few()
    else:
        said = _("Het aantal {measure} lag het hoogst {place}: {value}; in de hele gemeente {total}, een verschil dat "
                 "te klein is om te noemen.")
    return " ".join(s for s in (said.format(**values), *notes) if s)


def no_rate_note(n: int) -> str:
    """The clause for areas without a rate per 1,000 because their population is too small or not
    known (``queries.rates.has_rate``): not hidden, but not there; empty when there are none."""
    if not n:
        return ""
    return ngettext("{n} gebied heeft geen cijfer per 1.000: de bevolking is te klein (minder dan {min}) of niet bekend.",
                    "{n} gebieden hebben geen cijfer per 1.000: de bevolking is te klein (minder dan {min}) of niet bekend.",
                    n).format(n=n, min=fmt.number(MIN_POPULATION))


def rate_against_a_year_earlier(now, year_earlier) -> str:
    """Contacts per 1,000 (of the theme's base) in the period against the same period a year earlier
    (Markdown), the change named only where ``compare.rates`` allows it. ``now`` and
    ``year_earlier``: ``queries.contacts.KeyFigures`` (``year_earlier`` None before the data)."""
    period = fmt.period(now.period)
    rate = now.contacts_per_1000
    values = {"period": period, "measure": _rate_words(now.base)}
    if rate is None:
        return _("Het aantal {measure} in {period} is {hidden}.").format(hidden=compare.hidden_figure(), **values)
    values["rate"] = fmt.number(rate, 1)
    if year_earlier is None:
        return _("In {period}: {rate} {measure}. Van een jaar eerder zijn er geen gegevens.").format(**values)
    earlier = year_earlier.contacts_per_1000
    verdict = compare.rates(rate, earlier, now.value("contacts"), year_earlier.value("contacts"))
    values["earlier"] = fmt.number(earlier, 1) if earlier is not None else ""
    if verdict.reason == compare.HIDDEN:
        template = _("In {period}: {rate} {measure}. Het cijfer van een jaar eerder is {hidden}.")
        values["hidden"] = compare.hidden_figure()
    elif verdict.direction == compare.HIGHER:
        template = _("In {period}: {rate} {measure}, meer dan een jaar eerder ({earlier}).")
    elif verdict.direction == compare.LOWER:
        template = _("In {period}: {rate} {measure}, minder dan een jaar eerder ({earlier}).")
    elif verdict.reason == compare.TOO_FEW:
        template = _("In {period}: {rate} {measure}; een jaar eerder {earlier}, {reason}.")
        values["reason"] = compare.too_few()
    else:
        template = _("In {period}: {rate} {measure}, ongeveer evenveel als een jaar eerder ({earlier}): het verschil is "
                     "te klein om te noemen.")
    return template.format(**values)
