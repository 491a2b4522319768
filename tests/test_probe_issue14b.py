"""Probe of issue 14, part 2 (the Themasessie, complete links): attacks and a sceptical first
user's findings, kept as regression tests. The ones still open are strict xfails for the lead."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit
from datetime import date

import pytest

from dashboard import i18n
from dashboard.views import session
from queries import config
from queries.periods import Period

from .test_pages_session import STEP_KEY, button, link_params, opened, step_heading
from .test_view_session import QueryData, selection_of


# Links

def test_a_session_link_without_its_theme_keeps_its_step_until_the_theme_is_chosen(app):
    """/themasessie?stap=kaart (a link whose theme was lost, or `thema=` left empty): the picker
    stopped before the step was declared, so tidy_link dropped `stap` with the notice that it 'does
    not belong to this page', and after choosing the theme the session began at Kerncijfers."""
    test = opened(app, stap="kaart", van="2015-01", tot="2015-05")
    notices = [w.value for w in test.warning]
    assert not [n for n in notices if "stap" in n], notices
    assert link_params(test).get("stap") == "kaart"
    button(test, "sessie_thema_jeugd").click().run()
    assert not test.exception
    assert test.session_state[STEP_KEY] == "kaart"
    assert link_params(test)["stap"] == "kaart"
    with i18n.language("nl"):
        assert step_heading(test).startswith("Contacten per 1.000 jongeren")


def test_an_empty_theme_in_a_link_means_all_themes_without_a_notice_of_an_unreadable_value(app):
    test = opened(app, thema="", van="2015-01", tot="2015-05")
    assert not [w.value for w in test.warning if "onleesbaar" in w.value]


@pytest.mark.parametrize("value", ["javascript:alert(1)", "[klik](https://elders.example)", "wijkmonitor.example.nl"])
def test_a_public_url_that_is_no_web_address_is_refused(value):
    """The QR code and the shown link start with this setting; a value that is not an http(s)
    address (a typo without scheme, a javascript: URL, Markdown) gives phones something that is
    not the dashboard. It comes from the administrator, so it should be refused with one line."""
    with pytest.raises(config.ConfigError, match="moet een webadres zijn dat begint met https://"):
        config.public_url({config.PUBLIC_URL_VARIABLE: value})


def test_serve_refuses_to_start_with_a_public_url_that_is_no_web_address(run, monkeypatch):
    monkeypatch.setenv("WIJKMONITOR_PUBLIC_URL", "wijkmonitor.example.nl")
    monkeypatch.setattr("os.execve", lambda *args: pytest.fail("serve started Streamlit"))
    code, out, err = run("serve")
    assert code == 2
    assert "WIJKMONITOR_PUBLIC_URL moet een webadres zijn" in err and "'wijkmonitor.example.nl'" in err


# Presenter lines

def test_a_presenter_line_is_at_most_three_sentences(sqlite_demo_db, rules):
    """'One or two sentences to say out loud' (docs/themasessie.md). The Hulpvragen step takes the
    page's whole summary: for youth over 2024 it names the two largest types, the strongest rise,
    a fall and the type most often a case, in four sentences a presenter cannot say in one go."""
    source = QueryData(sqlite_demo_db, rules)
    for theme in ("jeugd", "schulden", "wonen"):
        for period in (Period(date(2024, 1, 1), date(2024, 12, 1)), Period(date(2025, 12, 1), date(2025, 12, 1))):
            chosen = selection_of(source, theme, "GM0606", period)
            for step in session.KEYS:
                line = session.compose(source, chosen, step).line
                assert len(re.findall(r"[.!?](?:\s|$)", line)) <= 3, (theme, period, step, line)


# History

@pytest.mark.browser
def test_back_in_the_browser_returns_to_the_previous_step_of_the_session(server, browser):
    """Each step is one history entry, but Back does not go back: the browser moves to ?stap=kaart,
    the rerun's page_choice keeps the session's own step (verloop) and writes it into the link
    again, which also cuts off the Forward entries. Every page choice (Voorziening, Vraag, Maat)
    has the same: only the sidebar's filters follow Back."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="nl-NL")
    try:
        page = context.new_page()
        page.goto(f"{server}/themasessie?thema=jeugd&van=2015-01&tot=2015-05&stap=kaart")
        page.locator(".stMain h2").filter(has_text="per wijk").first.wait_for(timeout=60_000)
        page.wait_for_timeout(1_500)  # the run that drew the view has finished
        page.get_by_role("button", name="Volgende").click()
        page.wait_for_function("() => location.search.includes('stap=verloop')", timeout=30_000)
        page.locator(".stMain h2").filter(has_text="Verloop").first.wait_for(timeout=60_000)
        page.go_back()
        page.wait_for_timeout(5_000)  # the rerun after Back, and whatever it writes into the link
        step = parse_qs(urlsplit(page.url).query).get("stap")
        assert (step, page.locator(".stMain h2").first.inner_text()[:7]) == (["kaart"], "Contact")
    finally:
        context.close()


# Presentation

@pytest.mark.parametrize("lang, expected", [("nl", "Wachttijd per maand · Jeugdhulp: besluit"),
                                            ("en", "Waiting time per month · Youth care: decision")])
def test_the_waiting_time_chart_of_the_session_names_its_service(sqlite_demo_db, rules, lang, expected):
    """The session's Wachttijden view draws one of the theme's three services per month, without
    saying which: for youth in Nieuwland the line beside it names Jeugd-ggz (above the norm), the
    chart is Jeugdhulp: besluit, and its only label is 'Norm: 8 weken'."""
    with i18n.language(lang):
        source = QueryData(sqlite_demo_db, rules)
        view = session.compose(source, selection_of(source, "jeugd", "WK060606"), "wachttijden")
        assert view.figure.layout.title.text == expected


# Keyboard

FOCUSED = """() => { const e = document.activeElement, box = e.getBoundingClientRect();
    return {text: (e.innerText || e.getAttribute('aria-label') || '').trim().slice(0, 40), left: box.left, right: box.right,
            inSidebar: !!e.closest('[data-testid="stSidebar"]')}; }"""


@pytest.mark.browser
def test_a_closed_sidebar_takes_no_tab_stops_and_opens_again_with_its_filters(server, browser):
    """The Themasessie closes the sidebar, which Streamlit only moves off screen: Tab went through its
    eleven page links, the language switch and five filters at x = -294, invisible, before reaching
    the first control of the view (WCAG 2.4.3, 2.4.7)."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="nl-NL")
    try:
        page = context.new_page()
        page.goto(f"{server}/themasessie?thema=wonen&van=2015-01&tot=2015-05")
        page.get_by_role("button", name="Volgende").wait_for(timeout=60_000)
        page.wait_for_timeout(1_500)
        stops = []
        for _ in range(6):
            page.keyboard.press("Tab")
            stops.append(page.evaluate(FOCUSED))
        assert not [stop for stop in stops if stop["inSidebar"] or stop["right"] <= 0], stops
        assert "Kerncijfers" in [stop["text"] for stop in stops]  # the row of steps (Vorige is off on the first)
        page.locator('[data-testid="stExpandSidebarButton"]').first.click()
        page.wait_for_function("() => document.querySelector('[data-testid=\"stSidebar\"]').getBoundingClientRect().left >= 0")
        theme = page.locator('[data-testid="stSidebar"]').get_by_label("Thema")
        theme.focus()
        assert page.evaluate(FOCUSED)["inSidebar"] and page.evaluate(FOCUSED)["left"] >= 0
    finally:
        context.close()
