"""The page "Over de data" in Chromium: reached from the navigation, with the load log readable."""

from __future__ import annotations

import pytest

from tests.test_browser import no_exception_box, open_dashboard

pytestmark = pytest.mark.browser


def test_over_de_data_from_the_navigation(server, page):
    open_dashboard(page, f"{server}/?van=2015-01&tot=2015-05")
    page.get_by_role("link", name="Over de data").click()
    page.get_by_role("heading", name="Laadlogboek").wait_for(timeout=60_000)
    assert "/over-de-data" in page.url
    log = page.locator('[data-testid="stTable"]').first
    assert "demo Schiedam (seed 20150707)" in log.inner_text()
    assert "januari 2015 – december 2025" in log.inner_text()
    assert no_exception_box(page)
