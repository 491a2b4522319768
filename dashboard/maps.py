"""The choropleth: values per area in, a pydeck map out, no Streamlit, so it can be tested on its own.

Drawn as a statistics office draws a thematic map: a few classes of a colour-blind-safe sequential
palette (ColorBrewer Blues) with their bounds in the legend, and areas whose figure is not
published in grey with diagonal hatching, labelled "te weinig waarnemingen", so they are never
read as a low value. No basemap: the map must work without calls to a tile service, and the
shapes carry the information.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pydeck as pdk
import shapely
from pydeck.bindings.json_tools import default_serialize

from dashboard.literal import html_text
from queries import geometry

LAYER = "gebieden"  # the pickable layer; its id is how a selection names it
# ColorBrewer "Blues" (sequential, colour-blind safe, readable in greyscale), without its
# near-white end, which would be lost against the page.
BLUES = ["#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"]
NOT_PUBLISHED = "#d9d9d9"
HATCH = "#7f7f7f"
OUTLINE = "#ffffff"
SELECTED = "#e6550d"  # orange against blue: the selected area stands out for every kind of colour vision
NOT_PUBLISHED_TEXT = "te weinig waarnemingen"
NO_DATA = "#f4f4f4"  # a figure that does not exist (no population known, say): no hatching, not secret
NO_DATA_TEXT = "geen gegevens"
LABELLED_AREAS = 30  # with more areas names would cover the map; the tooltip still names each


@dataclass(frozen=True)
class Legend:
    """Class bounds (ascending, one more than the colours) and their labels."""

    bounds: list[float]
    colours: list[str]
    labels: list[str]


def class_bounds(values: list[float], classes: int = 5) -> list[float]:
    """Quantile classes with bounds rounded to two significant digits, as a reader can take them in.

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
    inner = sorted({b for b in inner if low < b <= high})
    return [low, *inner, high]


def _nice(value: float) -> float:
    if value == 0:
        return 0.0
    digits = 1 - int(math.floor(math.log10(abs(value))))
    return round(value, digits)


def legend(bounds: list[float], text) -> Legend:
    """Colours and Dutch labels for ``bounds``; ``text`` formats one bound ('1.234' or '12,5%')."""
    count = len(bounds) - 1
    colours = _spread(count)
    labels = [
        f"{text(bounds[i])} tot en met {text(bounds[i + 1])}" if i == count - 1 else f"{text(bounds[i])} tot {text(bounds[i + 1])}"
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
    features = [
        {
            "type": "Feature",
            "geometry": json.loads(row.geometry),
            "properties": {
                "code": row.code,
                "name": row.name,
                "value": value,
                "text": row.text if value is not None else NOT_PUBLISHED_TEXT if hidden else NO_DATA_TEXT,
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
    points = shapely.point_on_surface(shapes)  # inside the shape, unlike a centroid
    labels = [{"position": [round(p.x, 6), round(p.y, 6)], "name": name} for p, name in zip(points, areas["name"])]
    if len(labels) > LABELLED_AREAS:
        labels = []
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
        view = fit_view(geometry.from_geojson(selected_shape).bounds, height_px=height_px, margin=1.0)
    else:
        view = fit_view((min_x, min_y, max_x, max_y), height_px=height_px)
    if selected_shape:
        layers.append(
            pdk.Layer("GeoJsonLayer", json.loads(selected_shape), id="selectie", filled=False, stroked=True,
                      get_line_color=_rgba(SELECTED), line_width_min_pixels=3, pickable=False)
        )
    layers.append(
        pdk.Layer("TextLayer", labels, id="namen", get_position="position", get_text="name", get_size=13,
                  get_color=[28, 30, 33], font_family="'Source Sans Pro, Helvetica, Arial, sans-serif'",
                  outline_width=2, outline_color=[255, 255, 255, 230], font_settings={"sdf": True},
                  word_break="'break-word'", max_width=9,
                  character_set=characters, get_alignment_baseline="'center'", pickable=False)
    )
    return _CompactDeck(
        layers=layers,
        initial_view_state=view,
        map_provider=None,  # and no map_style: Streamlit then draws no basemap either
        # Streamlit fills in {name} and {text} HTML-escaped (checked in Chromium): names show as written.
        tooltip={"html": "<b>{name}</b><br/>{text}", "style": {"fontSize": "14px"}},
    )


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
    lines = [f"<div>{swatch.format(colour)}{label}</div>" for colour, label in zip(scale.colours, scale.labels)]
    if unpublished:
        hatched = f"repeating-linear-gradient(45deg,{HATCH} 0 1px,{NOT_PUBLISHED} 1px 5px)"
        lines.append(f"<div>{swatch.format(hatched)}{NOT_PUBLISHED_TEXT} (niet gepubliceerd)</div>")
    if missing:
        lines.append(f"<div>{swatch.format(NO_DATA)}{NO_DATA_TEXT}</div>")
    return f'<div style="font-size:0.9rem;line-height:1.7"><b>{html_text(title)}</b>{"".join(lines)}</div>'
