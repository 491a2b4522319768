"""The contacts map in a real headless Chromium: polygons drawn, the area from the link selected,
and a click on the map choosing an area."""

from __future__ import annotations

import io
import math

import pytest
from PIL import Image

from dashboard.views import contacts as contacts_view
from queries import areas, geometry

from .test_browser import no_exception_box

pytestmark = pytest.mark.browser
MAP = '[data-testid="stDeckGlJsonChart"]'


def open_map(page, url: str):
    page.goto(url)
    page.wait_for_selector(f"{MAP} canvas", timeout=60_000)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1500)  # deck.gl draws after the data arrive
    return page.locator(MAP)


def colours(element) -> dict[tuple[int, int, int], int]:
    image = Image.open(io.BytesIO(element.screenshot())).convert("RGB")
    return {colour: count for count, colour in image.getcolors(maxcolors=image.width * image.height)}


def share_near(counts: dict, hex_colour: str, tolerance: int = 12) -> float:
    target = [int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]
    near = sum(n for c, n in counts.items() if all(abs(a - b) <= tolerance for a, b in zip(c, target)))
    return near / sum(counts.values())


def test_the_map_draws_its_polygons(server, page):
    deck = open_map(page, f"{server}/contacten?van=2015-01&tot=2015-05")
    counts = colours(deck)
    filled = sum(share_near(counts, colour) for colour in contacts_view.BLUES)
    assert filled > 0.15, f"only {filled:.0%} of the map is drawn in the palette"
    assert share_near(counts, contacts_view.NOT_PUBLISHED) > 0.005  # the two small districts, hatched grey
    assert no_exception_box(page)


def test_the_area_from_the_link_is_the_selected_one(server, page):
    deck = open_map(page, f"{server}/contacten?van=2015-01&tot=2015-05&gebied=WK060606")
    assert page.get_by_role("heading", name="Contacten · Wijk Nieuwland").is_visible()
    assert share_near(colours(deck), contacts_view.SELECTED, tolerance=30) > 0.002  # its orange outline
    assert no_exception_box(page)


def test_clicking_an_area_on_the_map_selects_it(server, page, sqlite_demo_db):
    deck = open_map(page, f"{server}/contacten?van=2015-01&tot=2015-05")
    municipality = areas.shapes(sqlite_demo_db, "municipality").set_index("code").loc["GM0606", "geometry"]
    state = contacts_view.fit_view(geometry.from_geojson(municipality).bounds)  # as the page computes it
    shapes = areas.shapes(sqlite_demo_db, "district").set_index("code")
    box = deck.bounding_box()
    lon, lat = geometry.label_point(geometry.from_geojson(shapes.loc["WK060604", "geometry"]))  # Zuid
    x, y = pixel(lon, lat, state, box["width"], box["height"])
    page.mouse.click(box["x"] + x, box["y"] + y)
    # the address changes in place (no navigation), so wait for it rather than for a page load
    page.wait_for_function("() => location.search.includes('gebied=WK060604')", timeout=30_000)
    page.get_by_role("heading", name="Contacten · Wijk Zuid").wait_for(timeout=30_000)
    assert no_exception_box(page)


def pixel(lon: float, lat: float, state, width: float, height: float) -> tuple[float, float]:
    """Where deck.gl's Web-Mercator view puts a point (512 pixels for the world at zoom 0)."""
    scale = 512 * 2**state.zoom

    def y_of(latitude: float) -> float:
        return scale * (1 - math.log(math.tan(math.pi / 4 + math.radians(latitude) / 2)) / math.pi) / 2

    x = width / 2 + (lon - state.longitude) * scale / 360
    return x, height / 2 + y_of(lat) - y_of(state.latitude)
