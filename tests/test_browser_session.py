"""The Themasessie in Chromium at 1920×1080, as a presenter and a council member use it: a keyboard
alone walks the session from the first view to the last, and the link shown on a view opens that
view, with its filters and numbers, in a fresh browser."""

from __future__ import annotations

import pytest

from dashboard.views import session
from tests.test_browser import no_exception_box
from tests.test_view_session import QueryData, selection_of

pytestmark = pytest.mark.browser

SCREEN = {"width": 1920, "height": 1080}
LINK = "themasessie?van=2015-01&tot=2015-05&thema=jeugd&gebied=WK060606"


@pytest.fixture(scope="module")
def headings(sqlite_demo_db, rules) -> dict[str, str]:
    """Each step's heading as views/session.py composes it for the link's filters (Dutch)."""
    source = QueryData(sqlite_demo_db, rules)
    chosen = selection_of(source, "jeugd", "WK060606")
    return {step: session.compose(source, chosen, step).title for step in session.KEYS}


@pytest.fixture(scope="module")
def screen(browser):
    """One page at the size of a council room's screen, for the module."""
    context = browser.new_context(viewport=SCREEN, locale="nl-NL")
    yield context.new_page()
    context.close()


def view_heading(page, text: str) -> str:
    """The view's heading (h2) once it starts with ``text``, and the page has finished drawing."""
    heading = page.locator(".stMain h2").filter(has_text=text).first
    heading.wait_for(timeout=60_000)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"], [data-testid=\"stSpinner\"]')",
                           timeout=60_000)
    return heading.inner_text()


def shown(page) -> dict[str, str]:
    """What a view shows in words and numbers: its presenter's line, its table and the page title."""
    return {
        "title": page.locator(".stMain h1").first.inner_text(),
        "line": page.locator(".st-key-session-line").inner_text(),
        "table": page.locator(".stMain [data-testid='stTable']").first.inner_text(),
    }


def test_a_keyboard_alone_walks_the_session_from_the_first_view_to_the_last(server, screen, headings):
    screen.goto(f"{server}/{LINK}")
    seen = []
    for index, step in enumerate(session.KEYS):
        seen.append(view_heading(screen, headings[step]))
        assert f"Beeld {index + 1} van 7" in screen.locator(".stMain [data-testid='stCaptionContainer']").first.inner_text()
        if index + 1 < len(session.KEYS):
            screen.keyboard.press("ArrowRight")
    assert seen == [headings[step] for step in session.KEYS]
    screen.wait_for_url("**stap=teams**")
    screen.keyboard.press("ArrowRight")  # past the last view: it stays
    screen.keyboard.press("ArrowLeft")
    view_heading(screen, headings["tevredenheid"])
    screen.wait_for_url("**stap=tevredenheid**")
    assert no_exception_box(screen)


def test_the_link_on_a_view_opens_it_with_its_filters_and_numbers_in_a_fresh_browser(server, browser, screen, headings):
    screen.goto(f"{server}/{LINK}&stap=wachttijden")
    view_heading(screen, headings["wachttijden"])
    first = shown(screen)
    address = screen.locator(".st-key-session-link code").inner_text()
    assert address == f"{server}/{LINK.replace('&gebied=WK060606', '')}&stap=wachttijden".replace(
        "themasessie?", "themasessie?gebied=WK060606&")
    fresh = browser.new_context(viewport=SCREEN, locale="nl-NL")
    try:
        member = fresh.new_page()
        member.goto(address)
        view_heading(member, headings["wachttijden"])
        assert shown(member) == first
        assert first["title"] == "Themasessie Jeugd en opvoeding · Wijk Nieuwland"
        assert "Wijk Nieuwland" not in first["table"] and "%" in first["table"]
        assert "in de wijk Nieuwland" in first["line"]
        assert no_exception_box(member)
    finally:
        fresh.close()
