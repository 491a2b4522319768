"""The dashboard as people use it: `wijkmonitor serve` on a free port, in a real headless Chromium."""

from __future__ import annotations

import pytest

from dashboard import format as fmt
from queries import contacts
from queries.periods import Period

from .conftest import serving

pytestmark = pytest.mark.browser

def open_dashboard(page, url: str):
    page.goto(url)
    page.wait_for_selector('[data-testid="stMetric"]', timeout=60_000)
    page.wait_for_load_state("networkidle")
    return page


def tiles(page) -> dict[str, str]:
    shown = {}
    for metric in page.locator('[data-testid="stMetric"]').all():
        label = metric.locator('[data-testid="stMetricLabel"]').inner_text().strip()
        shown[label] = metric.locator('[data-testid="stMetricValue"]').inner_text().strip()
    return shown


def published(db, rules, area: str, measure: str) -> str:
    """What the page must show: the query layer's published figure for January-May 2015."""
    return fmt.number(contacts.key_figures(db, area, Period.parse("2015-01", "2015-05"), rules).value(measure))


def no_exception_box(page) -> bool:
    return page.locator('[data-testid="stException"]').count() == 0


def test_a_page_opened_first_after_the_start_works(sqlite_demo_url, sqlite_demo_db, rules, tmp_path, page):
    """The first visit after a server start goes straight to a page's own address."""
    with serving(sqlite_demo_url, tmp_path) as fresh:
        open_dashboard(page, f"{fresh}/overzicht?van=2015-01&tot=2015-05")
        assert tiles(page)["Contacten"] == published(sqlite_demo_db, rules, "GM0606", "contacts")
        assert no_exception_box(page)


def test_the_overview_shows_the_key_figures(server, page, sqlite_demo_db, rules):
    open_dashboard(page, server)
    figures = contacts.key_figures(sqlite_demo_db, "GM0606", Period.parse("2025-10", "2025-12"), rules)
    shown = tiles(page)
    assert shown["Contacten"] == fmt.number(figures.value("contacts"))
    assert shown["Dossiers geopend"] == fmt.number(figures.value("dossiers"))
    assert "Demogegevens" in page.inner_text("body")
    assert no_exception_box(page)
    assert "van=2025-10" in page.url and "gebied=GM0606" in page.url


def test_a_link_with_filters_opens_that_view(server, page, sqlite_demo_db, rules):
    open_dashboard(page, f"{server}/?van=2015-01&tot=2015-05&gebied=WOT-NIEUWLAND")
    assert page.get_by_role("heading", name="Overzicht · WOT Nieuwland").is_visible()
    assert tiles(page)["Dossiers geopend"] == published(sqlite_demo_db, rules, "WOT-NIEUWLAND", "dossiers")
    assert no_exception_box(page)


def test_an_unknown_district_in_the_link_gives_a_dutch_notice(server, page, sqlite_demo_db, rules):
    open_dashboard(page, f"{server}/?gebied=WK069999&van=2015-01&tot=2015-05")
    notice = page.locator('[data-testid="stAlert"]', has_text="uit de link bestaat niet")
    assert notice.is_visible()
    assert tiles(page)["Contacten"] == published(sqlite_demo_db, rules, "GM0606", "contacts")
    assert no_exception_box(page)


def test_choosing_an_area_puts_it_in_the_address(server, page, sqlite_demo_db, rules):
    dossiers = published(sqlite_demo_db, rules, "WOT-ZUID", "dossiers")
    open_dashboard(page, f"{server}/?van=2015-01&tot=2015-05")
    page.locator('[data-testid="stSelectbox"]', has_text="Gebied").click()
    page.get_by_role("option", name="WOT Zuid").click()
    page.wait_for_url("**gebied=WOT-ZUID**", timeout=30_000)
    page.wait_for_function(
        """(value) => [...document.querySelectorAll('[data-testid="stMetricValue"]')].some(e => e.innerText.trim() === value)""",
        arg=dossiers,
    )
    assert no_exception_box(page)
