"""Every page's choices live in the link: chosen on a page, read from st.query_params and opened in a
new session, they give the same choices and the same tables. A value the page cannot use gets a
notice in the chosen language and the default, and the default stays out of the link."""

from __future__ import annotations

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
