"""Every page's choices live in the link: chosen on a page, read from st.query_params and opened in a
new session, they give the same choices and the same tables. A value the page cannot use gets a
notice in the chosen language and the default, and the default stays out of the link."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from .test_pages import plotly_specs

# page → the filters to open it with, and its choices: (URL parameter, session key, value to choose)
PAGES = {
    "pages/contacten.py": ({"van": "2015-01", "tot": "2015-05"}, [
        ("maat", "page_maat", "dossiers"), ("niveau", "page_niveau", "team")]),
    "pages/persbriefing.py": ({"van": "2015-01", "tot": "2015-05"}, [("maat", "page_maat", "per-1000")]),
    "pages/hulpvragen.py": ({"van": "2015-01", "tot": "2015-05"}, [("vergelijk", "hulpvragen_niveau", "team")]),
    "pages/wachttijden.py": ({"van": "2016-01", "tot": "2016-12"}, [
        ("voorziening", "wachttijden_voorziening", "jeugdhulp")]),
    "pages/tevredenheid.py": ({"van": "2016-01", "tot": "2017-12"}, [
        ("vraag-medewerkers", "tevredenheid_vraag_medewerkers", "klanten_tevreden"),
        ("vraag-clienten", "tevredenheid_vraag_clienten", "serieus_genomen")]),
    "pages/themasessie.py": ({"van": "2015-01", "tot": "2015-05", "thema": "jeugd"}, [("stap", "sessie_stap", "kaart")]),
}


def opened(app, path: str, **params):
    test = app(page=path, **params)
    assert not test.exception, [e.value for e in test.exception]
    return test


def widget(test, key: str):
    """The widget drawn for the choice kept in ``key`` (one per language, see filters.choose)."""
    return next(w for w in [*test.selectbox, *test.get("button_group")] if w.key and w.key.startswith(f"{key}."))


def shown(test) -> tuple[list, list]:
    """What the page shows: its tables and its charts' data."""
    return [frame.value.to_dict("split") for frame in test.dataframe], [spec["data"] for spec in plotly_specs(test)]


@pytest.mark.parametrize("taal", ["nl", "en"])
@pytest.mark.parametrize("path", list(PAGES))
def test_a_pages_choices_round_trip_through_the_link(app, path, taal):
    filters, choices = PAGES[path]
    language = {} if taal == "nl" else {"taal": taal}
    test = opened(app, path, gebied="WK060606", **filters, **language)
    chosen = {}
    for param, key, value in choices:
        box = widget(test, key)
        assert value != test.session_state[key], f"{value} is already the default of {param}"
        box.set_value(value).run()
        assert not test.exception, [e.value for e in test.exception]
        chosen[param] = value
    params = {name: (v[-1] if isinstance(v, list) else v) for name, v in test.query_params.items()}
    assert {name: params.get(name) for name in chosen} == chosen
    assert params["gebied"] == "WK060606" and params.get("taal") == language.get("taal")

    again = opened(app, path, **params)
    assert {param: again.session_state[key] for param, key, _ in choices} == chosen
    assert not again.warning, [w.body for w in again.warning]
    assert shown(again) == shown(test)
    assert again.query_params == test.query_params  # opening the link writes nothing new


@pytest.mark.parametrize("path", list(PAGES))
def test_a_default_choice_stays_out_of_the_link(app, path):
    filters, choices = PAGES[path]
    test = opened(app, path, **filters)
    assert not {param for param, _, _ in choices} & set(test.query_params)


@pytest.mark.parametrize(("taal", "notice"), [
    ("nl", "‘bestaat-niet’ uit de link bestaat niet. U ziet nu: "),
    ("en", "‘bestaat-niet’ from the link does not exist. You are now seeing: "),
])
@pytest.mark.parametrize("path", list(PAGES))
def test_an_unknown_choice_in_the_link_gives_a_notice_and_the_default(app, path, taal, notice):
    filters, choices = PAGES[path]
    language = {} if taal == "nl" else {"taal": taal}
    default = opened(app, path, **filters, **language)
    bad = {param: "bestaat-niet" for param, _, _ in choices}
    test = opened(app, path, **filters, **language, **bad)
    notices = [w.body for w in test.warning if notice in w.body]
    assert len(notices) == len(choices), [w.body for w in test.warning]
    assert {key: test.session_state[key] for _, key, _ in choices} == \
        {key: default.session_state[key] for _, key, _ in choices}
    assert not set(bad) & set(test.query_params)  # dropped from the link
    assert shown(test) == shown(default)


def test_a_stale_question_gives_the_notice_with_the_question_shown_instead(app):
    test = opened(app, "pages/tevredenheid.py", van="2016-01", tot="2017-12", **{"vraag-medewerkers": "oude-vraag"})
    (notice,) = [w.body for w in test.warning if "uit de link" in w.body]
    assert notice == "Vraag ‘oude-vraag’ uit de link bestaat niet. U ziet nu: De geboden hulp."


def test_a_mistyped_code_with_underscores_is_named_in_the_notice_without_emphasis(app):
    test = opened(app, "pages/wachttijden.py", van="2016-01", tot="2016-12", voorziening="_wmo_besluit_")
    (notice,) = [w.body for w in test.warning if "uit de link" in w.body]
    assert notice.startswith("Voorziening ‘\\_wmo\\_besluit\\_’ uit de link bestaat niet.")


def test_a_choice_from_the_link_is_read_once_per_session(app):
    """Afterwards the session's choice leads and the link follows it."""
    test = opened(app, "pages/wachttijden.py", van="2016-01", tot="2016-12", voorziening="jeugdhulp")
    widget(test, "wachttijden_voorziening").set_value("wmo_besluit").run()
    assert test.query_params["voorziening"] in ("wmo_besluit", ["wmo_besluit"])
    test.switch_page("pages/overzicht.py").run()
    test.switch_page("pages/wachttijden.py").run()
    assert test.session_state["wachttijden_voorziening"] == "wmo_besluit"


# Pages without choices of their own: the sidebar's filters alone make the view.
SIDEBAR_ONLY = ["pages/overzicht.py", "pages/wijkprofiel.py", "pages/teams.py", "pages/over_de_data.py"]
ALL_FILTERS = {"gebied": "WK060606", "van": "2015-01", "tot": "2015-05", "thema": "wonen", "kanaal": "huisarts"}


# English on two of them: the language's own round trip is the same code on every page.
@pytest.mark.parametrize(("path", "taal"), [*((path, "nl") for path in SIDEBAR_ONLY),
                                           ("pages/overzicht.py", "en"), ("pages/teams.py", "en")])
def test_a_link_with_every_filter_opens_the_same_view_in_a_new_session(app, path, taal):
    language = {} if taal == "nl" else {"taal": taal}
    test = opened(app, path, **ALL_FILTERS, **language)
    assert not test.warning, [w.body for w in test.warning]
    params = {name: (v[-1] if isinstance(v, list) else v) for name, v in test.query_params.items()}
    assert params == ALL_FILTERS | language
    again = opened(app, path, **params)
    assert shown(again) == shown(test) and again.query_params == test.query_params


STRAY = {  # page → parameters that do not belong there: unknown, misspelt, another page's
    "pages/overzicht.py": {"foo": "1", "thma": "jeugd", "voorziening": "jeugdhulp"},
    "pages/contacten.py": {"vraag-clienten": "serieus_genomen", "Maat": "dossiers"},
    "pages/wachttijden.py": {"maat": "dossiers", "vergelijk": "team"},
}


NOT_OWNED = {"nl": "De parameter {name} uit de link hoort niet bij deze pagina en is weggelaten.",
             "en": "The parameter {name} in the link does not belong to this page and has been left out."}


@pytest.mark.parametrize(("path", "taal"), [*((path, "nl") for path in STRAY), ("pages/overzicht.py", "en")])
def test_a_parameter_the_page_does_not_own_leaves_the_link_with_a_notice(app, path, taal):
    notice = NOT_OWNED[taal]
    language = {} if taal == "nl" else {"taal": taal}
    filters = {"gebied": "WK060606", "van": "2016-01", "tot": "2016-12"} | language
    clean = opened(app, path, **filters)
    test = opened(app, path, **filters, **STRAY[path])
    assert sorted(w.body for w in test.warning if "link" in w.body) == \
        sorted(notice.format(name=f"‘{name}’") for name in STRAY[path])
    assert test.query_params == clean.query_params  # the sidebar's filters stay
    assert shown(test) == shown(clean)


def test_a_page_that_stops_early_still_drops_a_stray_parameter(app):
    """Wijkprofiel asks for an area and stops (st.stop) when the whole municipality is chosen."""
    test = opened(app, "pages/wijkprofiel.py", van="2015-01", tot="2015-05", foo="1")
    assert [w.body for w in test.warning] == ["De parameter ‘foo’ uit de link hoort niet bij deze pagina en is weggelaten."]
    assert "foo" not in test.query_params


def test_an_unreadable_parameter_name_is_not_repeated_in_the_notice(app):
    test = opened(app, "pages/overzicht.py", **{"**vet**": "1"})
    assert [w.body for w in test.warning] == \
        ["De parameter (onleesbaar) uit de link hoort niet bij deze pagina en is weggelaten."]


def test_a_choice_the_page_set_itself_leaves_silently_when_the_next_page_does_not_own_it(app):
    test = opened(app, "pages/wachttijden.py", van="2016-01", tot="2016-12", voorziening="jeugdhulp")
    test.switch_page("pages/overzicht.py").run()
    assert not test.warning and "voorziening" not in test.query_params
    test.switch_page("pages/wachttijden.py").run()
    assert test.query_params["voorziening"] in ("jeugdhulp", ["jeugdhulp"])  # the session kept it


def test_a_question_of_a_survey_the_period_does_not_reach_leaves_the_link_without_a_notice(app):
    """The client survey starts in 2016: before that its question is not drawn. The link keeps
    only what the view shows; the session keeps its choice for when the survey is shown again."""
    opened_before = opened(app, "pages/tevredenheid.py", van="2015-01", tot="2015-05",
                           **{"vraag-clienten": "serieus_genomen"})
    assert not [w.body for w in opened_before.warning if "link" in w.body]
    assert "vraag-clienten" not in opened_before.query_params

    test = opened(app, "pages/tevredenheid.py", van="2016-01", tot="2017-12", **{"vraag-clienten": "serieus_genomen"})
    assert test.query_params["vraag-clienten"] in ("serieus_genomen", ["serieus_genomen"])
    widget(test, "filter_tot").set_value(date(2015, 5, 1)).run()  # the start moves along, to May 2015
    assert "vraag-clienten" not in test.query_params and not test.warning
    widget(test, "filter_tot").set_value(date(2017, 12, 1)).run()
    assert test.query_params["vraag-clienten"] in ("serieus_genomen", ["serieus_genomen"])


def test_pages_stop_through_filters_so_their_link_is_tidied():
    """After st.stop nothing reaches the browser: a page that stopped itself would keep ``?foo=1``."""
    pages = Path(__file__).resolve().parent.parent / "dashboard" / "pages"
    assert [p.name for p in pages.glob("*.py") if "st.stop(" in p.read_text()] == []


def test_a_language_switch_that_comes_back_empty_writes_no_taal_none(app):
    """After the browser's Back the frontend could send the language switch without a value: the
    link then read ``taal=None``."""
    test = app(gebied="WK060606")
    test.session_state["filter_taal"] = None
    test.run()
    assert not test.exception
    assert "taal" not in test.query_params and test.title[0].value.startswith("Overzicht")
