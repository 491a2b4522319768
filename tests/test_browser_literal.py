"""Hostile names in a real headless Chromium: shown as written, no link to the outside, no tag
obeyed, no script run; and the downloads a user gets hold them as inert text."""

from __future__ import annotations

import io
import re

import openpyxl
import pandas as pd
import pytest

from dashboard import literal
from tests.conftest import serving
from tests.test_browser import no_exception_box
from tests.test_literal_text import (
    CHANNEL, DISTRICT, FORMULA, GEO_FILE, LINK, LOADED_FILE, NAMES, hostile_database,
)

pytestmark = pytest.mark.browser
PERIOD = "van=2015-01&tot=2015-05"


@pytest.fixture(scope="module")
def hostile_server(sqlite_demo_url, tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile-serve")
    url, _ = hostile_database(sqlite_demo_url, folder)
    with serving(url, folder) as server:
        yield server


@pytest.fixture
def watched(page):
    """The page, with every dialog (an alert from an injected onerror) recorded."""
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    return page


def open_page(page, url: str) -> None:
    page.goto(url)
    page.locator("h1").first.wait_for(timeout=60_000)
    page.wait_for_load_state("networkidle")


def shown(locator) -> str:
    """The text a reader sees (the word joiners that break bare links are invisible)."""
    return locator.inner_text().replace(literal.WORD_JOINER, "").strip()


def assert_nothing_obeyed(page) -> None:
    main = page.locator('[data-testid="stMain"]')
    assert page.locator('a[href*="evil.example"]').count() == 0
    assert page.locator('img[src="x"]').count() == 0
    # **vet** and <b>x</b> obeyed would be an element holding just that word
    assert main.locator("b, strong").filter(has_text=re.compile(r"^\s*vet\s*$")).count() == 0
    assert main.locator("b, strong").filter(has_text=re.compile(r"^\s*x\s*$")).count() == 0
    assert page.dialogs == []
    assert no_exception_box(page)


def test_a_hostile_area_name_shows_as_written(hostile_server, watched):
    open_page(watched, f"{hostile_server}/overzicht?gebied={DISTRICT}&{PERIOD}")
    assert shown(watched.locator("h1").first) == f"Overzicht · Wijk {NAMES[DISTRICT]}"
    sentence = watched.locator('[data-testid="stMarkdownContainer"]').filter(has_text="contact op met de wijkteams")
    assert f"uit de wijk {NAMES[DISTRICT]}" in shown(sentence.first)
    # plotly draws the hostile channel's tags as text
    watched.locator(".js-plotly-plot text").filter(has_text="Telefoon").first.wait_for(timeout=30_000)
    labels = watched.locator(".js-plotly-plot text").all_text_contents()
    assert CHANNEL in labels
    assert watched.locator(".js-plotly-plot a").count() == 0
    assert_nothing_obeyed(watched)


def test_the_map_tooltip_shows_the_name_as_written(hostile_server, watched):
    open_page(watched, f"{hostile_server}/contacten?gebied={DISTRICT}&{PERIOD}")
    assert shown(watched.locator("h1").first) == f"Contacten · Wijk {NAMES[DISTRICT]}"
    canvas = watched.locator('[data-testid="stDeckGlJsonChart"] canvas').first
    canvas.wait_for(timeout=30_000)
    watched.wait_for_timeout(1500)
    box = canvas.bounding_box()
    watched.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # the chosen area is centred
    tooltip = watched.locator(".deck-tooltip")
    tooltip.wait_for(state="visible", timeout=10_000)
    assert shown(tooltip).startswith(NAMES[DISTRICT])
    assert tooltip.locator("a, img, b b").count() == 0
    assert_nothing_obeyed(watched)


def test_the_load_log_shows_file_names_as_written(hostile_server, watched):
    open_page(watched, f"{hostile_server}/over-de-data?{PERIOD}")
    watched.get_by_role("heading", name="Laadlogboek").wait_for(timeout=60_000)
    log = shown(watched.locator('[data-testid="stTable"]').first)
    assert LOADED_FILE in log and GEO_FILE in log
    assert_nothing_obeyed(watched)


def download(page, button, folder, name: str):
    with page.expect_download(timeout=30_000) as started:
        button.click()
    path = folder / name
    started.value.save_as(path)
    return path


def assert_inert(path, names: list[str]) -> pd.DataFrame:
    sheet = openpyxl.load_workbook(path).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    for name in names:
        hits = [cell for cell in cells if cell.value == name]
        assert hits, name
        assert all(cell.data_type == "s" and cell.quotePrefix == literal.is_formula(name) for cell in hits)
    return pd.read_excel(path)


def test_downloads_hold_hostile_names_as_text(hostile_server, watched, tmp_path):
    open_page(watched, f"{hostile_server}/contacten?{PERIOD}")
    button = watched.get_by_role("button", name="Download als Excel").last  # the table of all districts
    table = assert_inert(download(watched, button, tmp_path, "contacten.xlsx"), list(NAMES.values()))
    assert set(NAMES.values()) <= set(table["Gebied"])
    assert pd.api.types.is_numeric_dtype(table["Contacten"]) and table["Contacten"].notna().any()  # counts stay numbers
    about = pd.read_excel(tmp_path / "contacten.xlsx", sheet_name="Toelichting").set_index("Onderwerp")["Waarde"]
    link = about["Link naar deze weergave"]
    assert link.startswith(f"{hostile_server}/contacten?") and "van=2015-01" in link  # opens this view again
    button = watched.get_by_role("button", name="Download als CSV").last
    csv = download(watched, button, tmp_path, "contacten.csv").read_bytes()
    assert csv.startswith(b"\xef\xbb\xbf")
    rows = pd.read_csv(io.BytesIO(csv), sep=";", decimal=",", encoding="utf-8-sig")
    assert "'" + FORMULA in set(rows["Gebied"]) and not any(literal.is_formula(v) for v in rows["Gebied"])

    open_page(watched, f"{hostile_server}/over-de-data?{PERIOD}")
    button = watched.get_by_role("button", name="Download het laadlogboek als Excel")
    log = assert_inert(download(watched, button, tmp_path, "laadlogboek.xlsx"), [LOADED_FILE])
    assert LOADED_FILE in set(log["Bestand"]) and FORMULA in LOADED_FILE and LINK in LOADED_FILE
    assert_nothing_obeyed(watched)
