"""Wachttijden and Tevredenheid in a real headless Chromium: the norm lines and the intervals are
drawn, and a screenshot of each page is kept for people to look at."""

from __future__ import annotations

import pytest

from .test_browser import no_exception_box

pytestmark = pytest.mark.browser


def open_charts(page, url: str, charts: int):
    # The page scrolls inside Streamlit's main block: a tall viewport shows all of it, so that the
    # screenshot holds every chart and a chooser's list opens on screen.
    page.set_viewport_size({"width": 1400, "height": 3200})
    page.set_default_timeout(60_000)  # a loaded test machine renders seven charts slowly
    page.goto(url)
    page.wait_for_function(f"document.querySelectorAll('.js-plotly-plot').length >= {charts}", timeout=60_000)
    page.wait_for_load_state("networkidle")
    return page


def screenshot(page, directory, name: str):
    path = directory / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    assert path.stat().st_size > 50_000
    return path


def test_waiting_times_show_the_norm_line_with_its_source(server, page, tmp_path_factory):
    open_charts(page, f"{server}/wachttijden?van=2019-01&tot=2025-12", 4)
    page.locator('[data-testid="stSelectbox"]', has_text="Voorziening").click()
    page.get_by_role("option", name="Jeugdhulp: besluit").click()
    page.wait_for_function("[...document.querySelectorAll('.annotation-text')].some(e => e.textContent === 'norm 8 weken')",
                           timeout=60_000)
    body = page.inner_text("body")
    assert "Bron: Awb, art. 4:13 lid 2" in body and "▲ boven de norm" in body
    # The dashed norm line, one per chart that has a day axis.
    assert page.locator(".js-plotly-plot path[style*='stroke-dasharray']").count() >= 2
    assert no_exception_box(page)
    screenshot(page, tmp_path_factory.mktemp("screenshots"), "wachttijden")


def test_satisfaction_shows_intervals_and_the_2015_comparison(server, page, tmp_path_factory):
    open_charts(page, f"{server}/tevredenheid?van=2015-01&tot=2015-05", 3)
    body = page.inner_text("body")
    assert "hoger dan vergelijkbare gemeenten op ‘Inbedding van de teams in de wijk’ (7,1 tegen 6,3)" in body
    assert "geen duidelijk verschil" in body
    assert page.locator(".js-plotly-plot g.errorbar").count() >= 10
    assert no_exception_box(page)
    screenshot(page, tmp_path_factory.mktemp("screenshots"), "tevredenheid")
