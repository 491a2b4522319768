"""Every page in English: nothing left in Dutch that the catalogue translates, numbers and dates
in English, and the language kept in the link through page changes."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from dashboard import i18n

from .reading import shown_texts

PAGES = ["pages/overzicht.py", "pages/contacten.py", "pages/wijkprofiel.py", "pages/hulpvragen.py", "pages/teams.py",
         "pages/wachttijden.py", "pages/tevredenheid.py", "pages/persbriefing.py", "pages/over_de_data.py"]
LINK = {"van": "2015-01", "tot": "2015-05", "taal": "en"}


def _dutch_messages() -> tuple[set[str], list[str]]:
    """The catalogue's Dutch messages that English says differently: whole short ones (a heading, a
    label) and the literal parts, of some length, of longer ones (between their placeholders)."""
    with i18n.catalogue_path("en").open("rb") as file:
        catalogue = read_po(file)
    whole, parts = set(), []
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for dutch in ids:
            if dutch in strings:
                continue
            literal = [p.strip(" .,:;()") for p in re.split(r"\{[^}]*\}|\*\*|`", dutch)]
            if len(literal) == 1 and "{" not in dutch:
                whole.add(literal[0])
            parts += [p for p in literal if len(p) >= 16 and not any(p in s for s in strings)]
    return whole, parts


WHOLE, PARTS = _dutch_messages()


def dutch_left(texts: list[str]) -> list[str]:
    found = [t for t in texts if t.strip(" .,:;·") in WHOLE]
    joined = "\n".join(texts)
    return found + [p for p in PARTS if p in joined]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("area", ["GM0606", "WK060606"])  # the municipality, and district Nieuwland
def test_every_page_in_english_leaves_nothing_dutch(app, page, area):
    test = app(gebied=area, **LINK)
    test.switch_page(page).run()
    assert not test.exception
    texts = shown_texts(test)
    assert texts
    assert dutch_left(texts) == []


def test_a_theme_and_a_channel_in_english(app):
    test = app(thema="jeugd", kanaal="telefoon", **LINK)
    for page in PAGES:
        test.switch_page(page).run()
        assert not test.exception, page
        assert dutch_left(shown_texts(test)) == [], page


def test_numbers_dates_and_labels_follow_the_language(app):
    english = app(exact=True, **LINK)
    texts = "\n".join(shown_texts(english))
    assert "3,300" in texts and "3.300" not in texts  # the published contacts of January-May 2015
    assert "January–May 2015" in texts
    assert "Phone via the care centre" in texts  # a reference label from the data, in English
    dutch = app(exact=True, van="2015-01", tot="2015-05")
    texts = "\n".join(shown_texts(dutch))
    assert "3.300" in texts and "januari–mei 2015" in texts and "Telefonisch via de zorgcentrale" in texts


def test_the_language_stays_in_the_link_across_pages(app):
    test = app(**LINK)
    for page in PAGES:
        test.switch_page(page).run()
        assert test.query_params["taal"] == "en", page
    assert test.title[0].value == "About the data"


def test_the_switch_writes_the_link_and_dutch_leaves_it_keeping_every_choice(app):
    test = app(van="2015-01", tot="2015-05", thema="wonen", gebied="WK060606")
    assert "taal" not in test.query_params
    switch = test.sidebar.button_group[0]
    assert switch.options and list(switch.options) == ["Nederlands", "English"]
    switch.set_value("en").run()
    i18n.activate("en")  # AppTest reads widget values back through their format_func, in this thread
    assert test.query_params["taal"] == "en"
    assert (test.query_params["thema"], test.query_params["gebied"], test.query_params["van"]) == ("wonen", "WK060606", "2015-01")
    assert test.sidebar.selectbox[0].label == "Area" and test.sidebar.selectbox[3].value == "wonen"
    test.sidebar.button_group[0].set_value("nl").run()
    i18n.activate("nl")
    assert "taal" not in test.query_params
    assert test.sidebar.selectbox[0].label == "Gebied"


def test_an_unknown_language_in_the_link_gets_a_notice(app):
    test = app(van="2015-01", tot="2015-05", taal="fr")
    assert any("De taal ‘fr’ uit de link bestaat niet" in w.value for w in test.warning)
    assert test.sidebar.selectbox[0].label == "Gebied"
