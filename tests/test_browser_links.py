"""A copied link in a fresh browser: the page's own choices come back with the sidebar's."""

from __future__ import annotations

import pytest

from .test_browser import no_exception_box

pytestmark = pytest.mark.browser


def _settled(page, heading: str) -> str:
    page.get_by_role("heading", name=heading).first.wait_for(timeout=60_000)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1_500)
    return page.inner_text('[data-testid="stMain"]')


def test_a_copied_link_opens_the_same_choices_in_a_fresh_browser(server, browser, page):
    page.set_default_timeout(60_000)
    page.goto(f"{server}/wachttijden?gebied=WK060606&van=2016-01&tot=2016-12")
    _settled(page, "Wachttijden · Wijk Nieuwland")
    page.locator('[data-testid="stSelectbox"]', has_text="Voorziening").click()
    page.get_by_role("option", name="Jeugdhulp: besluit").click()
    page.wait_for_url(lambda url: "voorziening=jeugdhulp" in url, timeout=60_000)
    before = _settled(page, "Wachttijden · Wijk Nieuwland")
    assert "Bron: Awb, art. 4:13 lid 2" in before
    copied = page.url

    fresh = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="nl-NL")
    try:
        other = fresh.new_page()
        other.set_default_timeout(60_000)
        other.goto(copied)
        after = _settled(other, "Wachttijden · Wijk Nieuwland")
        chosen = other.locator('[data-testid="stSelectbox"]', has_text="Voorziening")
        # The chosen option is shown in the box's input, not as its text.
        assert chosen.get_by_role("combobox").input_value() == "Jeugdhulp: besluit"
        assert after == before  # the same headings, sentences and figures
        assert other.url == copied and no_exception_box(other)
    finally:
        fresh.close()
