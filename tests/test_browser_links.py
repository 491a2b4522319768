"""A copied link in a fresh browser: the page's own choices come back with the sidebar's."""

from __future__ import annotations

from contextlib import contextmanager

import pytest

from .test_browser import no_exception_box
from .test_pages import registered_pages

pytestmark = pytest.mark.browser


def _settled(page, heading: str) -> str:
    """The page's text once the run has drawn everything: the same twice, 0.6 s apart (the
    elements arrive over the websocket, which networkidle does not see)."""
    page.get_by_role("heading", name=heading).first.wait_for(timeout=60_000)
    page.wait_for_load_state("networkidle")
    text = None
    for _ in range(50):
        page.wait_for_timeout(600)
        now = page.inner_text('[data-testid="stMain"]')
        if now == text:
            return now
        text = now
    return text


@contextmanager
def _fresh(browser, url: str, heading: str):
    """``url`` opened in a new browser context (no cookies, no session), with its settled text."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="nl-NL")
    try:
        other = context.new_page()
        other.set_default_timeout(60_000)
        other.goto(url)
        yield other, _settled(other, heading)
    finally:
        context.close()


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

    with _fresh(browser, copied, "Wachttijden · Wijk Nieuwland") as (other, after):
        chosen = other.locator('[data-testid="stSelectbox"]', has_text="Voorziening")
        # The chosen option is shown in the box's input, not as its text.
        assert chosen.get_by_role("combobox").input_value() == "Jeugdhulp: besluit"
        assert after == before  # the same headings, sentences and figures
        assert other.url == copied and no_exception_box(other)


def _dialogs(page) -> list[str]:
    return page.locator('[role="dialog"]').all_inner_texts()


def test_a_path_that_leads_nowhere_gets_our_page_with_the_way_on(server, page):
    """Streamlit's own answer is an English dialog over the home page. (The very first visit after a
    server start still gets it: docs/accessibility.md; so the home page is visited first.)"""
    page.set_default_timeout(60_000)
    page.goto(f"{server}/?van=2015-01&tot=2015-05")
    page.get_by_role("heading", name="Overzicht · Hele gemeente Schiedam").wait_for()
    for taal, title, pages in (("en", "Page not found", ["Overview", "Contacts", "About the data"]),
                               ("nl", "Pagina niet gevonden", ["Overzicht", "Contacten", "Over de data"])):
        page.goto(f"{server}/bestaat-niet?taal={taal}&van=2015-01&tot=2015-05")
        page.get_by_role("heading", name=title).wait_for()
        links = page.locator('[data-testid="stMain"] [data-testid="stPageLink"] a')
        count = len(registered_pages())  # one link to each page of the navigation
        links.nth(count - 1).wait_for()
        named = links.all_inner_texts()  # the icon's name, then the page's
        assert links.count() == count and all(any(t.endswith(name) for t in named) for name in pages)
        assert "‘bestaat-niet’" in page.inner_text('[data-testid="stMain"]')
        assert page.title() == f"{title} · Wijkmonitor" and not _dialogs(page)
    page.get_by_role("radio", name="English").click()  # a rerun on our page keeps it
    page.get_by_role("heading", name="Page not found").wait_for()
    assert not _dialogs(page)
    links.filter(has_text="Contacts").click()
    page.wait_for_url(lambda url: "/contacten?" in url)
    page.get_by_role("heading", name="Contacts · Whole municipality of Schiedam").wait_for()
    assert "van=2015-01" in page.url and not _dialogs(page) and no_exception_box(page)


def test_the_home_page_by_its_own_name_opens_at_the_root_with_the_link(server, page):
    page.set_default_timeout(60_000)
    page.goto(f"{server}/overzicht?gebied=WK060606&van=2015-01&tot=2015-05")
    _settled(page, "Overzicht · Wijk Nieuwland")
    assert page.url == f"{server}/?gebied=WK060606&van=2015-01&tot=2015-05" and not _dialogs(page)


def test_a_pages_buttons_come_back_in_a_fresh_browser_and_a_stray_parameter_does_not(server, browser, page):
    page.set_default_timeout(60_000)
    page.goto(f"{server}/contacten?gebied=WK060606&van=2015-01&tot=2015-05&thma=jeugd")
    page.get_by_text("De parameter ‘thma’ uit de link hoort niet bij deze pagina en is weggelaten.").wait_for()
    page.wait_for_url(lambda url: "thma" not in url)
    page.get_by_role("radio", name="Dossiers").click()
    page.wait_for_url(lambda url: "maat=dossiers" in url)
    page.get_by_role("radio", name="Wijkteamgebieden").click()
    page.wait_for_url(lambda url: "niveau=team" in url)
    before = _settled(page, "Contacten · Wijk Nieuwland")
    assert "Alle wijkteamgebieden" in before and "uit de link" not in before
    copied = page.url

    with _fresh(browser, copied, "Contacten · Wijk Nieuwland") as (other, after):
        assert other.get_by_role("radio", name="Dossiers").get_attribute("aria-checked") == "true"
        assert after == before  # the same headings, sentences and figures
        assert other.url == copied and no_exception_box(other)
