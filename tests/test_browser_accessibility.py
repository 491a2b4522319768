"""axe-core on every page, in Dutch and English, against a bare Streamlit page served in the same run.

Streamlit's own frame (sidebar, toolbar, navigation) has violations the app cannot fix; the bare
page measures them, so the test asserts that the app adds none of its own (docs/accessibility.md
lists the counts). axe-core comes from the npm registry: `.ci/run` installs it and names its
axe.min.js in WIJKMONITOR_AXE; locally, do the same (see the statement).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from dashboard.views import session
from tests.test_browser import no_exception_box

from .conftest import free_port, running, unavailable

AXE_VARIABLE = "WIJKMONITOR_AXE"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SERIOUS = {"serious", "critical"}
FILTERS = "van=2015-01&tot=2015-05"
PAGES = {  # URL path → a heading in Dutch and in English ("" is Overzicht, the default page)
    "": ("Overzicht", "Overview"),
    "contacten": ("Contacten", "Contacts"),
    "wijkprofiel": ("Wijkprofiel", "District profile"),
    "hulpvragen": ("Hulpvragen", "Questions"),
    "teams": ("Teams", "Teams"),
    "wachttijden": ("Wachttijden", "Waiting times"),
    "tevredenheid": ("Tevredenheid", "Satisfaction"),
    "persbriefing": ("Persbriefing", "Press briefing"),
    "over-de-data": ("Over de data", "About the data"),
    "bestaat-niet": ("Pagina niet gevonden", "Page not found"),  # our page for a path that leads nowhere
}
BARE_PAGE = 'import streamlit as st\n\nst.title("Kale pagina")\nst.write("Een zin tekst.")\n'


@pytest.fixture(scope="session")
def axe() -> Path:
    path = os.environ.get(AXE_VARIABLE)
    if not path or not Path(path).is_file():
        unavailable(f"{AXE_VARIABLE} does not name axe-core's axe.min.js (npm install axe-core)")
    return Path(path)


@pytest.fixture(scope="session")
def bare_server(tmp_path_factory):
    """A bare Streamlit page (a title and a sentence) served like the app."""
    folder = tmp_path_factory.mktemp("bare")
    script = folder / "bare.py"
    script.write_text(BARE_PAGE)
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
               "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    with running(command, folder / "serve.log", "the bare Streamlit page", port, cwd=folder) as url:
        yield url


# Where the app's own content lives: the page body and the filters; the rest is Streamlit's frame.
OWN = '[data-testid="stMainBlockContainer"], [data-testid="stSidebarUserContent"]'
RUN_AXE = """async ([tags, own]) => {
    const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
    return result.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => ({
        target: n.target.join(' '),
        own: !!document.querySelector(n.target[0])?.closest(own),
        colours: (n.any[0]?.data?.fgColor || '') + ' on ' + (n.any[0]?.data?.bgColor || '')}))}));
}"""


def violations(page, axe: Path) -> dict[str, list[dict]]:
    """Serious and critical violations by rule id, each with its elements: where (``own``: in the
    app's content) and, for colour contrast, the colours axe measured. All violations, by impact,
    go to the output for the statement's table (pytest -s)."""
    page.add_script_tag(path=str(axe))
    found = page.evaluate(RUN_AXE, [TAGS, OWN])
    print(f"\naxe on {page.url}: " + ", ".join(f"{v['id']} ({v['impact']}): {len(v['nodes'])}" for v in found))
    return {v["id"]: v["nodes"] for v in found if v["impact"] in SERIOUS}


def added_by_the_app(found: dict[str, list[dict]], bare: dict[str, list[dict]]) -> dict[str, list[str]]:
    """What the app adds to Streamlit's own violations: a rule the bare page does not break, and
    for colour contrast also an element of the app's content in colours that the bare page's
    content does not fail with (Streamlit's own text style is Streamlit's)."""
    added = {}
    for rule, nodes in found.items():
        if rule not in bare:
            added[rule] = [n["target"] for n in nodes]
        elif rule == "color-contrast":
            streamlits = {n["colours"] for n in bare[rule] if n["own"]}
            ours = [n["target"] for n in nodes if n["own"] and n["colours"] not in streamlits]
            if ours:
                added[rule] = ours
    return added


def settled(page, heading: str) -> None:
    page.get_by_role("heading", name=heading).first.wait_for(timeout=60_000)
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"], [data-testid=\"stSpinner\"]')",
                           timeout=60_000)
    page.wait_for_timeout(500)  # plotly draws its SVG text a moment after the element appears


@pytest.fixture(scope="session")
def bare(bare_server, axe, browser) -> dict[str, list[str]]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="nl-NL")
    page = context.new_page()
    page.goto(bare_server)
    settled(page, "Kale pagina")
    found = violations(page, axe)
    context.close()
    return found


def test_only_the_apps_own_elements_in_new_colours_count_against_it():
    frame = {"target": "nav a", "own": False, "colours": "#999 on #fff"}
    caption = {"target": "main p", "own": True, "colours": "#777 on #fff"}
    bare = {"color-contrast": [frame]}
    assert added_by_the_app({"color-contrast": [frame]}, bare) == {}
    assert added_by_the_app({"color-contrast": [frame, caption]}, bare) == {"color-contrast": ["main p"]}
    assert added_by_the_app({"color-contrast": [caption]}, {"color-contrast": [frame, caption]}) == {}
    assert added_by_the_app({"label": [frame]}, bare) == {"label": ["nav a"]}


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("path", list(PAGES))
def test_the_app_adds_no_serious_violation_to_streamlits_own(server, page, axe, bare, path, lang):
    page.goto(f"{server}/{path}?{FILTERS}" + ("&taal=en" if lang == "en" else ""))
    settled(page, PAGES[path][lang == "en"])
    found = violations(page, axe)
    assert added_by_the_app(found, bare) == {}
    assert page.evaluate("document.documentElement.lang") == lang  # WCAG 3.1.1
    assert page.title() == f"{PAGES[path][lang == 'en']} · Wijkmonitor"  # WCAG 2.4.2
    levels = page.evaluate("[...document.querySelectorAll('.stMain h1, .stMain h2, .stMain h3, .stMain h4')]"
                           ".filter(h => h.offsetParent).map(h => +h.tagName[1])")
    assert levels[0] == 1 and levels.count(1) == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:]))  # 1.3.1
    assert no_exception_box(page)


SESSION = "themasessie?van=2015-01&tot=2015-05&thema=jeugd"
SESSION_TITLE = ("Themasessie", "Theme session")


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_view_of_a_session_adds_a_serious_violation(server, browser, axe, bare, lang):
    """Each view of a session at a council room's screen size: one page load per language, the
    arrow key to the next view (as a presenter steps), axe-core on each."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="nl-NL")
    try:
        page = context.new_page()
        page.goto(f"{server}/{SESSION}" + ("&taal=en" if lang == "en" else ""))
        for index in range(len(session.KEYS)):
            position = f"Beeld {index + 1} van 7" if lang == "nl" else f"View {index + 1} of 7"
            page.get_by_text(position).first.wait_for(timeout=60_000)
            settled(page, SESSION_TITLE[lang == "en"] + " ")
            assert added_by_the_app(violations(page, axe), bare) == {}, session.KEYS[index]
            assert page.evaluate("document.documentElement.lang") == lang
            assert page.title() == f"{SESSION_TITLE[lang == 'en']} · Wijkmonitor"
            page.keyboard.press("ArrowRight")
        assert no_exception_box(page)
    finally:
        context.close()
