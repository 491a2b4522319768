"""Hulpvragen and Teams in a real headless Chromium: Dutch charts, and the theme kept in the address
when going from one page to another."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .test_browser import no_exception_box

pytestmark = pytest.mark.browser
WAIT = 120_000  # ms; a busy CI machine draws a page of plotly charts slowly


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    """Where the screenshots go: WIJKMONITOR_SCREENSHOTS to keep them, else a temporary folder."""
    folder = os.environ.get("WIJKMONITOR_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


def open_page(page, url: str, charts: int):
    page.set_viewport_size({"width": 1400, "height": 3200})
    page.goto(url)
    page.wait_for_function(f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {charts}", timeout=WAIT)
    page.wait_for_load_state("networkidle")
    return page


def chart_text(page) -> str:
    return " ".join(page.locator(".js-plotly-plot").all_inner_texts()) + " ".join(
        page.locator(".js-plotly-plot text").all_text_contents()
    )


def test_hulpvragen_draws_dutch_charts(server, page, shots):
    open_page(page, f"{server}/hulpvragen?van=2025-10&tot=2025-12", charts=3)
    page.screenshot(path=shots / "hulpvragen.png", full_page=True)
    text = chart_text(page)
    for label in ("Schulden en inkomen", "Overige levensgebieden", "Hele gemeente Schiedam", "okt 2025", "een jaar eerder"):
        assert label in text, label
    assert "Oct" not in text
    assert no_exception_box(page)


def test_teams_draws_dutch_charts_with_the_norm(server, page, shots):
    open_page(page, f"{server}/teams?van=2025-10&tot=2025-12", charts=5)
    page.screenshot(path=shots / "teams.png", full_page=True)
    text = chart_text(page)
    for label in ("open dossiers per fte", "norm 25 per fte", "boven de norm", "Alle wijkteams", "nieuwe dossiers", "zwaar"):
        assert label in text, label
    assert "Dec" not in text
    assert no_exception_box(page)


def test_the_theme_stays_in_the_address_on_another_page(server, page, shots):
    open_page(page, f"{server}/hulpvragen?van=2016-01&tot=2016-06&thema=wonen", charts=3)
    assert "thema=wonen" in page.url
    page.locator('[data-testid="stSidebarNav"] a', has_text="Teams").click()
    page.wait_for_url("**/teams?**", timeout=WAIT)
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length >= 5", timeout=WAIT)
    page.wait_for_url("**thema=wonen**", timeout=WAIT)
    assert "thema Wonen" in page.inner_text("body")
    page.screenshot(path=shots / "teams-thema-wonen.png", full_page=True)
    assert no_exception_box(page)
