"""Overzicht and Contacten under AppTest: in English, and the issue-12 cases as the pages show them."""

from __future__ import annotations

import json



from .reading import as_read
from .test_pages import metrics, plotly_specs

LINK = {"van": "2015-01", "tot": "2015-05", "taal": "en"}


def english(app, page: str | None = None, **params):
    test = app(page=page, **(LINK | params))
    assert not test.exception, [e.value for e in test.exception]
    return test


def test_overview_in_english(app):
    test = english(app, exact=True)
    assert test.title[0].value == "Overview · Whole municipality of Schiedam"
    assert test.caption[0].value.lower().startswith("january–may 2015 · 5 months")
    assert as_read(test.markdown[0].value).startswith(
        "In January–May 2015, residents from Schiedam contacted the neighbourhood teams 3,300 times.")
    assert metrics(test) == {"Contacts": "3,300", "Per 1,000 inhabitants": metrics(test)["Per 1,000 inhabitants"],
                             "Cases opened": "845", "Short intervention": "74.4%"}
    assert [h.value for h in test.header] == ["Contacts per month", "How did residents get in touch?",
                                                 "What were the questions about?", "Cases per team area", "All key figures"]
    teams = next(s for s in plotly_specs(test) if "WOT Nieuwland" in s["data"][0]["y"])
    assert "Without team area" in teams["data"][0]["y"]
    table = test.dataframe[-1].value.set_index("Key figure")
    assert table.loc["Contacts", "January–May 2015"] == "3,300"


def test_contacts_page_in_english(app):
    test = english(app, "pages/contacten.py", exact=True, niveau="team")
    assert test.title[0].value == "Contacts · Whole municipality of Schiedam"
    assert [h.value for h in test.header][:2] == ["Contacts per team area", "How did residents get in touch?"]
    options = test.get("button_group")
    assert any("Per 1,000 inhabitants" in str(o.proto) for o in options)
    chart = test.get("deck_gl_json_chart")[0].proto
    assert chart.alt == "Map: contacts per area, January–May 2015. The table below the map gives the same figures."
    layer = next(layer for layer in json.loads(chart.json)["layers"] if layer["id"] == "gebieden")
    assert {f["properties"]["name"]: f["properties"]["text"] for f in layer["data"]["features"]}["WOT Nieuwland"] == "713"
    table = test.dataframe[-1].value.set_index("Area")
    assert table.loc["Schiedam", "Contacts"] == "3,300" and table.loc["Without team area", "Cases opened"] == "37"
    assert any("Click an area to choose it" in c.value for c in test.caption)


def test_issue_12_wot_zuid_shows_its_few_dossiers_on_the_contacts_page(app):
    """Default period (October–December 2025), channel in person: WOT Zuid's dossiers are "<5"."""
    test = app(kanaal="persoonlijk")
    test.switch_page("pages/contacten.py").run()
    assert not test.exception
    outcomes = next(s for s in plotly_specs(test) if s["layout"].get("barmode") == "stack")
    dossiers = outcomes["data"][1]
    zuid = dossiers["y"].index("WOT Zuid")
    assert dossiers["x"][zuid] is None
    marks = {a["y"]: a for a in outcomes["layout"]["annotations"]}
    assert marks["WOT Zuid"]["text"] == "dossiers <5" and marks["WOT Zuid"]["x"] == outcomes["data"][0]["x"][zuid]


def test_issue_12_one_theme_with_one_life_domain_is_a_sentence_on_the_overview(app, youth_of_one_type):
    test = app(thema="jeugd", van="2015-01", tot="2015-05", exact=True)
    assert not test.exception
    said = [as_read(m.value) for m in test.markdown]
    assert any(s.startswith("Het thema Jeugd en opvoeding bestaat uit één soort vraag, psychische problemen (jeugd-ggz):")
               for s in said)
    # no chart of one life domain (and no table of it at 100%)
    assert not any(s["data"][0].get("y") == ["Psychische problemen (jeugd-ggz)"] for s in plotly_specs(test))


def test_issue_14_with_depth_the_overview_draws_the_youth_themes_question_types(app):
    test = app(thema="jeugd", van="2015-01", tot="2015-05", exact=True)
    assert not test.exception
    bars = next(s for s in plotly_specs(test) if "Opvoeding en gezin" in s["data"][0].get("y", []))
    assert len(bars["data"][0]["y"]) == 6


def test_a_team_area_gets_a_sentence_instead_of_one_bar(app):
    test = app(gebied="WOT-ZUID", van="2015-01", tot="2015-05", exact=True)
    said = [as_read(m.value) for m in test.markdown]
    assert "Dit gebied valt binnen één wijkteamgebied, WOT Zuid: 95 dossiers geopend in deze periode." in said
    assert not any(s["data"][0].get("y") == ["WOT Zuid"] for s in plotly_specs(test))
