"""Persbriefing in a real Chromium: the factsheet PDF downloads from the page and is the one-page,
tagged A4 of the chosen period."""

from __future__ import annotations

import pikepdf
import pytest
from pypdf import PdfReader

from dashboard import format as fmt
from queries import contacts
from queries.periods import Period

pytestmark = pytest.mark.browser


def test_the_factsheet_pdf_downloads_from_the_page(server, page, sqlite_demo_db, rules, tmp_path):
    page.goto(f"{server}/persbriefing?van=2015-01&tot=2015-05")
    button = page.get_by_role("button", name="Download als PDF (A4)")
    button.wait_for(timeout=60_000)
    assert page.get_by_role("heading", name="Persbriefing · Hele gemeente Schiedam").is_visible()
    with page.expect_download(timeout=90_000) as started:  # the first PDF starts the charts' browser
        button.click()
    download = started.value
    assert download.suggested_filename == "wijkmonitor-persbriefing-GM0606-2015-01-2015-05.pdf"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    reader = PdfReader(path)
    assert len(reader.pages) == 1
    figures = contacts.key_figures(sqlite_demo_db, "GM0606", Period.parse("2015-01", "2015-05"), rules)
    text = reader.pages[0].extract_text()
    assert f"{fmt.number(figures.value('contacts'))} keer contact" in text
    with pikepdf.open(path) as document:
        assert "/StructTreeRoot" in document.Root and str(document.Root.Lang) == "nl-NL"
    assert page.locator('[data-testid="stException"]').count() == 0
