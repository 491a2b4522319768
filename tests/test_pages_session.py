"""The page Themasessie under AppTest: every step of a session, for each headline theme and in both
languages; stepping with the buttons moves the step and the link; a link opens at its step with its
filters; an unknown step gets the links' notice and the first step; without a theme the page asks
for one."""

from __future__ import annotations

import base64

import pytest

from dashboard import i18n
from dashboard.views import session

from .reading import as_read, shown_texts
from .test_pages import plotly_specs
from .test_pages_english import dutch_left
from .test_view_session import QueryData, selection_of

PAGE = "pages/themasessie.py"
PERIOD = {"van": "2015-01", "tot": "2015-05"}
STEP_KEY = "sessie_stap"


def opened(app, **params):
    """The session opened from a link with ``params``, as a browser opens /themasessie?…: AppTest
    must run the home page first, which should not see (and tidy away) the session's parameters."""
    test = app(**{k: v for k, v in params.items() if k == "taal"})
    test.query_params.clear()
    for name, value in params.items():
        test.query_params[name] = value
    test.switch_page(PAGE).run()
    assert not test.exception, [e.value for e in test.exception]
    return test


def button(test, key: str):
    return next(b for b in test.button if b.key == key)


def step_heading(test) -> str:
    return test.header[0].value


def link_params(test) -> dict[str, str]:
    return {name: (v[-1] if isinstance(v, list) else v) for name, v in test.query_params.items()}


@pytest.mark.parametrize("taal", ["nl", "en"])
@pytest.mark.parametrize("thema", ["jeugd", "schulden", "wonen"])
def test_every_step_renders_for_each_theme_in_both_languages(app, sqlite_demo_db, rules, thema, taal):
    with i18n.language(taal):  # each step's heading as views/session.py composes it from the query layer
        source = QueryData(sqlite_demo_db, rules)
        chosen = selection_of(source, thema)  # January–May 2015, as PERIOD
        headings = {step: session.compose(source, chosen, step).title for step in session.KEYS}
    test = opened(app, thema=thema, taal=taal, **PERIOD)
    for index, step in enumerate(session.KEYS):
        assert test.session_state[STEP_KEY] == step
        assert not test.exception, (step, [e.value for e in test.exception])
        assert step_heading(test) == headings[step]
        caption = " ".join(c.value for c in test.caption)
        assert (f"Beeld {index + 1} van 7" if taal == "nl" else f"View {index + 1} of 7") in caption
        assert test.markdown, step  # the presenter's line
        if taal == "en":
            assert dutch_left(shown_texts(test)) == [], step
        if index + 1 < len(session.KEYS):
            button(test, "sessie_volgende").click().run()
    assert button(test, "sessie_volgende").disabled


def test_stepping_with_the_buttons_changes_the_step_and_the_link(app):
    test = opened(app, thema="schulden", **PERIOD)
    assert button(test, "sessie_vorige").disabled
    assert "stap" not in test.query_params  # the first step is the default: not in the link
    button(test, "sessie_volgende").click().run()
    assert test.session_state[STEP_KEY] == "kaart" and link_params(test)["stap"] == "kaart"
    assert step_heading(test) == "Contacten per 1.000 inwoners per wijk"
    button(test, "sessie_volgende").click().run()
    assert link_params(test)["stap"] == "verloop"
    button(test, "sessie_vorige").click().run()
    assert link_params(test)["stap"] == "kaart"
    button(test, "sessie_vorige").click().run()
    assert "stap" not in test.query_params and test.session_state[STEP_KEY] == "kerncijfers"


def test_a_link_opens_the_session_at_its_step_with_its_filters(app, sqlite_demo_db, rules):
    source = QueryData(sqlite_demo_db, rules)
    expected = session.compose(source, selection_of(source, "jeugd", "WK060606"), "wachttijden")
    test = opened(app, stap="wachttijden", thema="jeugd", gebied="WK060606", **PERIOD)
    assert test.session_state[STEP_KEY] == "wachttijden"
    assert test.session_state["filter_gebied"] == "WK060606" and test.session_state["filter_thema"] == "jeugd"
    assert test.title[0].value == "Themasessie Jeugd en opvoeding · Wijk Nieuwland"
    assert step_heading(test) == expected.title
    assert test.markdown[0].value == expected.line
    assert "in de wijk Nieuwland" in as_read(test.markdown[0].value)  # the presenter's line
    assert not test.warning
    params = link_params(test)
    assert {k: params[k] for k in ("stap", "thema", "gebied", "van", "tot")} == {
        "stap": "wachttijden", "thema": "jeugd", "gebied": "WK060606", **PERIOD}


def test_the_shown_link_and_qr_code_carry_the_filters_and_the_step(app):
    test = opened(app, stap="kaart", thema="schulden", taal="en", **PERIOD)
    shown = [c.value for c in test.code if "themasessie" in c.value]
    assert shown == ["/themasessie?gebied=GM0606&van=2015-01&tot=2015-05&thema=schulden&taal=en&stap=kaart"]
    image = test.get("image")[0].proto.imgs[0]
    assert image.url == "data:image/svg+xml;base64," + base64.b64encode(session.qr_svg(shown[0]).encode()).decode()
    assert image.alt == f"QR code: open this view on your own device with the link {shown[0]}"


def test_the_public_address_setting_is_the_links_root(app, monkeypatch):
    monkeypatch.setenv("WIJKMONITOR_PUBLIC_URL", "https://wijkmonitor.example.nl/")
    test = opened(app, stap="teams", thema="wonen", **PERIOD)
    assert [c.value for c in test.code if "themasessie" in c.value] == [
        "https://wijkmonitor.example.nl/themasessie?gebied=GM0606&van=2015-01&tot=2015-05&thema=wonen&stap=teams"]


@pytest.mark.parametrize(("taal", "notice"), [
    ("nl", "Beeld ‘bestaat-niet’ uit de link bestaat niet. U ziet nu: Kerncijfers."),
    ("en", "View ‘bestaat-niet’ from the link does not exist. You are now seeing: Key figures."),
])
def test_an_unknown_step_gets_the_notice_and_the_first_step(app, taal, notice):
    test = opened(app, stap="bestaat-niet", thema="jeugd", taal=taal, **PERIOD)
    assert [w.value for w in test.warning] == [notice]
    assert test.session_state[STEP_KEY] == "kerncijfers"
    assert "stap" not in test.query_params


def test_without_a_theme_the_page_asks_for_one_and_the_choice_goes_in_the_link(app):
    test = opened(app, **PERIOD)
    assert STEP_KEY not in test.session_state
    assert "Kies het thema" in " ".join(m.value for m in test.markdown)
    assert not plotly_specs(test)
    button(test, "sessie_thema_jeugd").click().run()
    assert not test.exception
    assert test.session_state["filter_thema"] == "jeugd" and link_params(test)["thema"] == "jeugd"
    assert step_heading(test) == "Kerncijfers"


def test_the_key_figures_are_the_overviews(app):
    """The session composes the pages' views: the same tiles as Overzicht for the same filters."""
    test = opened(app, thema="jeugd", gebied="WK060606", **PERIOD)
    tiles = {m.label: m.value for m in test.metric}
    test.switch_page("pages/overzicht.py").run()
    assert {m.label: m.value for m in test.metric} == tiles
