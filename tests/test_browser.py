"""The dashboard as people use it: `wijkmonitor serve` on a free port, in a real headless Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from dashboard import format as fmt
from queries import contacts
from queries.periods import Period

from .conftest import unavailable

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(sqlite_demo_url, tmp_path_factory):
    port = free_port()
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    environment = dict(os.environ, WIJKMONITOR_DATABASE_URL=sqlite_demo_url, STREAMLIT_SERVER_PORT=str(port))
    command = [str(Path(sys.executable).with_name("wijkmonitor")), "serve", "--server.address", "127.0.0.1"]
    with log.open("w") as output:
        process = subprocess.Popen(command, env=environment, stdout=output, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"wijkmonitor serve did not start:\n{log.read_text()}")
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)
    assert "Traceback" not in log.read_text(), log.read_text()


@pytest.fixture(scope="module")
def browser():
    if not shutil.which(CHROMIUM):
        unavailable(f"{CHROMIUM} is not installed (Debian package chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="nl-NL")
    yield context.new_page()
    context.close()


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


def no_exception_box(page) -> bool:
    return page.locator('[data-testid="stException"]').count() == 0


def test_a_page_opened_first_after_the_start_works(server, page):
    """The first visit after a server start goes straight to a page's own address."""
    open_dashboard(page, f"{server}/overzicht?van=2015-01&tot=2015-05")
    assert tiles(page)["Contacten"] == "3.300"
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


def test_a_link_with_filters_opens_that_view(server, page):
    open_dashboard(page, f"{server}/?van=2015-01&tot=2015-05&gebied=WOT-NIEUWLAND")
    assert page.get_by_role("heading", name="Overzicht · WOT Nieuwland").is_visible()
    assert tiles(page)["Dossiers geopend"] == "171"
    assert no_exception_box(page)


def test_an_unknown_district_in_the_link_gives_a_dutch_notice(server, page):
    open_dashboard(page, f"{server}/?gebied=WK069999&van=2015-01&tot=2015-05")
    notice = page.locator('[data-testid="stAlert"]', has_text="uit de link bestaat niet")
    assert notice.is_visible()
    assert tiles(page)["Contacten"] == "3.300"
    assert no_exception_box(page)


def test_choosing_an_area_puts_it_in_the_address(server, page):
    open_dashboard(page, f"{server}/?van=2015-01&tot=2015-05")
    page.locator('[data-testid="stSelectbox"]', has_text="Gebied").click()
    page.get_by_role("option", name="WOT Zuid").click()
    page.wait_for_url("**gebied=WOT-ZUID**", timeout=30_000)
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stMetricValue"]')].some(e => e.innerText.trim() === '95')"""
    )
    assert no_exception_box(page)
