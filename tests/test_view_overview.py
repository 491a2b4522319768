"""The Overzicht view without Streamlit: the overview sentence, the key-figure tiles, the bars and
the tables, in Dutch and in English, from the query layer's published figures and from small
hand-made ones. The sentence's comparison with a year earlier obeys the one rule (compare)."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.views import cells, exports
from dashboard import format as fmt
from dashboard import i18n
from dashboard.views import compare, overview
from queries import contacts
from queries.contacts import KeyFigures
from queries.disclosure import SMALL, DisclosureRules
from queries.periods import Period

from .claims import claims
from .reading import as_read

JAN_MAY_2015 = Period.parse("2015-01", "2015-05")
JAN_MAY_2016 = Period.parse("2016-01", "2016-05")
EXACT = DisclosureRules(protection="internal")



THEMES = {  # code → (label_nl, label_en), as the demo's reference data has them
    "schulden": ("Schulden en inkomen", "Debts and income"),
    "wonen": ("Wonen", "Housing"),
    "jeugd": ("Jeugd en opvoeding", "Youth and parenting"),
    "overig": ("Overige levensgebieden", "Other life domains"),
}


def selection(level="municipality", name="Schiedam", theme=None, channel=None):
    return SimpleNamespace(
        area_level=level, area_name=name, theme=theme, channel=channel,
        theme_label=THEMES[theme][0 if i18n.current() == "nl" else 1] if theme else None,
        channel_label={"nl": "Telefonisch via de zorgcentrale", "en": "Phone via the care centre"}[i18n.current()]
        if channel else None,
    )


def made(contacts_: int | None, dossiers: int | None = None, themes: dict | None = None, period: Period = JAN_MAY_2016,
         months: list | None = None, teams: dict | None = None, question_types: dict | None = None) -> KeyFigures:
    """Key figures as the query layer publishes them: None is a hidden count ("<5")."""
    rows = []

    def add(measure, code, nl, en, value):
        rows.append({"measure": measure, "code": code, "label_nl": nl, "label_en": en,
                     "value": pd.NA if value is None else value, "status": SMALL if value is None else ""})

    add("contacts", "", "Contacten", "Contacts", contacts_)
    short = None if contacts_ is None or dossiers is None else contacts_ - dossiers
    add("short_interventions", "", "Korte interventies", "Short interventions", short)
    add("dossiers", "", "Dossiers", "Cases", dossiers)
    for code, value in (themes or {}).items():
        add("theme", code, *THEMES[code], value)
    for code, (nl, en, value) in (question_types or {}).items():
        add("question_type", code, nl, en, value)
    for code, value in (teams or {}).items():
        add("team", code, code, code, value)
    for code, value in (months or {}).items():
        add("month", code, code, code, value)
    cells = pd.DataFrame(rows).set_index(["measure", "code"])
    cells["value"] = cells["value"].astype("Int64")
    return KeyFigures("GM0606", period, None, None, cells, 80_000, DisclosureRules())


# The sentence, on the demo

def test_the_sentence_says_the_published_figures_in_dutch_and_english(sqlite_demo_db):
    now = contacts.key_figures(sqlite_demo_db, "GM0606", JAN_MAY_2015, EXACT)
    text = as_read(overview.sentence(now, None, selection()))
    assert text.startswith("In januari–mei 2015 namen inwoners uit Schiedam 3.300 keer contact op met de wijkteams.")
    assert "Bij 845 contacten (25,6%) was een korte interventie niet genoeg en werd een dossier geopend." in text
    # The press wrote "more than half of all questions concern income/debts and housing".
    share = (now.value("theme", "schulden") + now.value("theme", "wonen")) / 3300
    assert f"{fmt.percent(share)} van de vragen ging over schulden en inkomen of wonen." in text
    assert share > 0.5
    with i18n.language("en"):
        english = as_read(overview.sentence(now, None, selection()))
    assert english.startswith("In January–May 2015, residents from Schiedam contacted the neighbourhood teams 3,300 times.")
    assert "845 contacts (25.6%) needed more than a short intervention and became a case." in english
    assert "of the questions were about debts and income or housing." in english


def test_a_rise_against_a_year_earlier_is_named_when_the_rule_allows_it(sqlite_demo_db, rules):
    now = contacts.key_figures(sqlite_demo_db, "GM0606", JAN_MAY_2016, rules)
    earlier = contacts.key_figures(sqlite_demo_db, "GM0606", JAN_MAY_2015, rules)
    assert compare.counts(now.value("contacts"), earlier.value("contacts")).direction == compare.HIGHER
    change = fmt.percent(now.value("contacts") / earlier.value("contacts") - 1)
    text = as_read(overview.sentence(now, earlier, selection()))
    assert f"Dat is {change} meer dan een jaar eerder ({fmt.number(earlier.value('contacts'))})." in text
    with i18n.language("en"):
        english = as_read(overview.sentence(now, earlier, selection()))
        assert f"That is {fmt.percent(now.value('contacts') / earlier.value('contacts') - 1)} more than a year earlier" in english


def test_a_small_change_is_called_about_the_same(sqlite_demo_db, rules):
    """October–December 2025 against 2024: 2,722 against 2,736 on the demo, half a percent."""
    period = Period.parse("2025-10", "2025-12")
    now = contacts.key_figures(sqlite_demo_db, "GM0606", period, rules)
    earlier = contacts.key_figures(sqlite_demo_db, "GM0606", period.year_earlier(), rules)
    assert compare.counts(now.value("contacts"), earlier.value("contacts")).reason == compare.TOO_SMALL
    text = as_read(overview.sentence(now, earlier, selection()))
    assert "ongeveer evenveel als een jaar eerder" in text
    assert not claims(text, "nl") & {"rise", "fall"}
    with i18n.language("en"):
        english = as_read(overview.sentence(now, earlier, selection()))
    assert "about the same as a year earlier" in english and not claims(english, "en") & {"rise", "fall"}


# Regression tests for issue 12

def test_issue_12_a_change_of_a_few_contacts_is_not_a_percentage_more_than_a_year_earlier():
    """The sentence used to say "…% meer dan een jaar eerder" for any difference: 12 against 10 is
    "20% meer", on twelve contacts."""
    text = overview.sentence(made(12, 3), made(10, 2, period=JAN_MAY_2015), selection())
    assert "meer dan een jaar eerder" not in text and "20,0%" not in text
    assert "Een jaar eerder waren het er 10; te weinig om een verschil te noemen (minder dan 100 waarnemingen)." in text
    with i18n.language("en"):
        english = overview.sentence(made(12, 3), made(10, 2, period=JAN_MAY_2015), selection())
    assert "A year earlier there were 10; too few to call a difference (fewer than 100 observations)." in english


def test_issue_12_a_hidden_count_a_year_earlier_is_named_not_compared():
    text = overview.sentence(made(40, 10), made(None, None, period=JAN_MAY_2015), selection())
    assert "Het aantal van een jaar eerder is niet getoond: te weinig waarnemingen." in text
    assert not claims(text, "nl") & {"rise", "fall"}


def test_issue_12_the_two_largest_themes_only_among_two_that_are_shown():
    """"X% van de vragen ging over A of B" ranks: with one theme shown there is nothing to rank."""
    one_shown = made(300, 60, themes={"schulden": 200, "wonen": None, "jeugd": None, "overig": 96})
    assert "van de vragen" not in overview.sentence(one_shown, None, selection())
    two_shown = made(300, 60, themes={"schulden": 150, "wonen": 80, "jeugd": None, "overig": 66})
    assert "76,7% van de vragen ging over schulden en inkomen of wonen." in overview.sentence(two_shown, None, selection())


def test_a_hidden_total_is_said_to_be_hidden_and_nothing_else():
    text = overview.sentence(made(None, None), None, selection("district", "Nieuw Mathenesse"))
    assert text == ("In januari–mei 2016 waren er in de wijk Nieuw Mathenesse zo weinig contacten met de wijkteams dat we "
                    "de aantallen niet tonen, om te voorkomen dat personen herkenbaar worden.")


def test_a_published_zero_is_hardly_any_not_none():
    """A published 0 may stand for one to three contacts: not "0 keer contact"."""
    with i18n.language("en"):
        text = overview.sentence(made(0, 0), None, selection("team", "WOT Zuid", theme="jeugd"))
    assert text == ("In January–May 2016 there were hardly any contacts with the neighbourhood teams in the area of WOT Zuid "
                    "about youth and parenting.")


# Property: no sentence claims what the rule does not allow

counts_ = st.one_of(st.none(), st.integers(min_value=0, max_value=6000))


@settings(max_examples=150, deadline=None)
@given(now=counts_, earlier=counts_, has_earlier=st.booleans(), dossier_share=st.floats(0, 1),
       themes=st.lists(counts_, min_size=4, max_size=4), theme=st.sampled_from([None, "jeugd", "wonen"]),
       channel=st.booleans(), level=st.sampled_from(["municipality", "team", "district", "neighbourhood"]),
       lang=st.sampled_from(["nl", "en"]))
def test_the_sentence_claims_a_rise_or_fall_only_when_the_rule_allows_it(now, earlier, has_earlier, dossier_share, themes,
                                                                       theme, channel, level, lang):
    dossiers = None if now is None else round(now * dossier_share)
    figures = made(now, dossiers, themes=dict(zip(THEMES, themes)))
    year_earlier = made(earlier, None, period=JAN_MAY_2015) if has_earlier else None
    with i18n.language(lang):
        text = overview.sentence(figures, year_earlier, selection(level, "Oost", theme, "telefoon" if channel else None))
    said = claims(text, lang)
    verdict = compare.counts(now, earlier) if has_earlier and now else None
    assert ("rise" in said) == (verdict is not None and verdict.direction == compare.HIGHER), text
    assert ("fall" in said) == (verdict is not None and verdict.direction == compare.LOWER), text
    assert not said & {"higher", "lower", "every", "more than half"}, text
    shown_themes = [v for code, v in zip(THEMES, themes) if v is not None and code != overview.OTHER_THEME]
    ranks = ("van de vragen" if lang == "nl" else "of the questions") in text
    assert not ranks or (compare.may_rank(len(shown_themes)) and not theme and now), text


# The tiles

def test_the_tiles_give_each_figure_its_change_and_the_previous_period(sqlite_demo_db):
    now = contacts.key_figures(sqlite_demo_db, "GM0606", JAN_MAY_2016, EXACT)
    previous = contacts.key_figures(sqlite_demo_db, "GM0606", JAN_MAY_2016.previous(), EXACT)
    earlier = contacts.key_figures(sqlite_demo_db, "GM0606", JAN_MAY_2015, EXACT)
    contacts_tile, per_1000, dossiers, short = overview.tiles(now, previous, earlier)
    assert (contacts_tile.label, contacts_tile.value) == ("Contacten", fmt.number(now.value("contacts")))
    assert contacts_tile.change == fmt.change(now.value("contacts"), 3300)
    assert contacts_tile.compared_with == "t.o.v. jan–mei 2015"
    assert f"Vorige periode (augustus–december 2015: {fmt.number(previous.value('contacts'))};" in contacts_tile.help
    assert per_1000.value == fmt.number(now.contacts_per_1000, 1)
    assert dossiers.value == fmt.number(now.value("dossiers"))
    assert short.change == fmt.point_change(now.share("short_interventions"), earlier.share("short_interventions"))
    assert short.change.endswith("%-punt")
    with i18n.language("en"):
        english = overview.tiles(now, None, earlier)
    assert [t.label for t in english] == ["Contacts", "Per 1,000 inhabitants", "Cases opened", "Short intervention"]
    assert english[0].value == f"{now.value('contacts'):,}" and english[0].compared_with == "vs Jan–May 2015"
    assert english[0].help.endswith("Previous period: no earlier data.")
    assert english[3].change.endswith(" pp")


def test_a_hidden_count_is_a_mark_on_its_tile():
    (tile, *_rest) = overview.tiles(made(None, None), None, made(400, 90, period=JAN_MAY_2015))
    assert (tile.value, tile.change) == ("<5", None)


# Charts: a hidden count gets its mark, never a bar

def test_issue_12_a_hidden_count_is_no_bar_in_the_category_bars():
    """A hidden count used to be drawn as a bar of length 0 with "<5" beside it: an empty bar."""
    figures = made(300, 60, themes={"schulden": 200, "wonen": None, "jeugd": 70, "overig": None})
    figure, table = overview.breakdown(figures, "theme")
    bars = figure.data[0]
    assert list(bars.x) == [200, None, 70, None]
    assert list(bars.text) == ["200", "", "70", ""]
    marks = [(a.y, a.x, a.text) for a in figure.layout.annotations]
    assert marks == [("Wonen", 0, "<5"), ("Overige levensgebieden", 0, "<5")]
    table = cells.screen(table)
    assert list(table["Contacten"]) == ["200", "<5", "70", "<5"] and list(table["Aandeel"]) == ["66,7%", "–", "23,3%", "–"]
    with i18n.language("en"):
        figure, table = overview.breakdown(figures, "theme")
    assert list(figure.data[0].y) == ["Debts and income", "Housing", "Youth and parenting", "Other life domains"]
    assert [a.y for a in figure.layout.annotations] == ["Housing", "Other life domains"]
    table = cells.screen(table)
    assert list(table.columns) == ["Theme", "Contacts", "Share"] and list(table["Share"]) == ["66.7%", "–", "23.3%", "–"]


def test_a_hidden_month_is_no_bar_but_its_mark(sqlite_demo_db, rules):
    figures = contacts.key_figures(sqlite_demo_db, "WK060605", JAN_MAY_2015, rules)  # Nieuw Mathenesse: three contacts
    figure, table = overview.months(figures)
    parts = figures.parts("month")
    hidden = parts["value"].isna()
    assert hidden.any()
    assert [v is None for v in figure.data[0].y] == list(hidden)
    assert [a.text for a in figure.layout.annotations] == ["<5"] * hidden.sum()
    assert list(table["Maand"]) == ["januari 2015", "februari 2015", "maart 2015", "april 2015", "mei 2015"]
    with i18n.language("en"):
        _figure, table = overview.months(figures)
    assert list(table.columns) == ["Month", "Contacts"] and table["Month"].iloc[0] == "January 2015"


# A breakdown of one category is a sentence, not one bar of 100%

def test_issue_14_with_depth_the_youth_theme_is_drawn_by_its_question_types(sqlite_demo_db):
    figures = contacts.key_figures(sqlite_demo_db, "GM0606", JAN_MAY_2015, EXACT, theme="jeugd")
    chosen = selection(theme="jeugd")
    measure = overview.questions_measure(chosen)
    assert measure == "question_type" and len(figures.parts(measure)) == 6
    assert overview.single_category(figures, measure, chosen) is None
    table = cells.screen(overview.parts_table(figures, measure))
    assert len(table) == 6 and "100%" not in set(table["Aandeel"])


def test_issue_12_one_theme_of_one_life_domain_is_said_not_drawn_as_100_percent(sqlite_demo_db, youth_of_one_type):
    """A theme that holds one life domain: 100% of the questions, said in a sentence instead."""
    figures = contacts.key_figures(sqlite_demo_db, "GM0606", JAN_MAY_2015, EXACT, theme="jeugd")
    chosen = selection(theme="jeugd")
    measure = overview.questions_measure(chosen)
    assert measure == "question_type" and len(figures.parts(measure)) == 1
    count = fmt.number(figures.value("contacts"))
    assert as_read(overview.single_category(figures, measure, chosen)) == (
        f"Het thema Jeugd en opvoeding bestaat uit één soort vraag, psychische problemen (jeugd-ggz): {count} contacten "
        "in deze periode.")
    with i18n.language("en"):
        assert as_read(overview.single_category(figures, measure, selection(theme="jeugd"))) == (
            f"The theme Youth and parenting consists of one type of question, mental health problems (youth mental health care): "
            f"{figures.value('contacts'):,} contacts in this period.")
    assert overview.single_category(figures, "theme", chosen) is None  # four themes: drawn as bars


def test_a_team_area_is_one_team_in_a_sentence(sqlite_demo_db):
    figures = contacts.key_figures(sqlite_demo_db, "WOT-ZUID", JAN_MAY_2015, EXACT)
    assert as_read(overview.single_category(figures, "team", selection("team", "WOT Zuid"))) == (
        "Dit gebied valt binnen één wijkteamgebied, WOT Zuid: 95 dossiers geopend in deze periode.")
    hidden = made(20, None, teams={"WOT-ZUID": None})
    with i18n.language("en"):
        assert as_read(overview.single_category(hidden, "team", selection("team", "WOT Zuid"))) == (
            "This area lies within one team area, WOT-ZUID: <5 cases opened in this period.")


def test_one_channel_chosen_is_a_sentence_with_its_count():
    figures = made(1234, 300)
    assert overview.channel_note(figures, selection()) is None
    note = as_read(overview.channel_note(figures, selection(channel="telefoon")))
    assert note.startswith("U ziet alleen contacten via het kanaal *telefonisch via de zorgcentrale*: 1.234 contacten.")
    with i18n.language("en"):
        note = as_read(overview.channel_note(figures, selection(channel="telefoon")))
    assert note.startswith("You are seeing only contacts through the channel *phone via the care centre*: 1,234 contacts.")


# Tables

def test_the_key_figures_table_on_screen_and_for_download(sqlite_demo_db):
    now = contacts.key_figures(sqlite_demo_db, "GM0606", JAN_MAY_2016, EXACT)
    earlier = contacts.key_figures(sqlite_demo_db, "GM0606", JAN_MAY_2015, EXACT)
    screen = cells.screen(overview.key_figures_table([now, earlier])).set_index("Kerncijfer")
    assert list(screen.columns) == ["Groep", "januari–mei 2016", "januari–mei 2015"]
    assert screen.loc["Contacten", "januari–mei 2015"] == "3.300"
    assert screen.loc["WOT Nieuwland", "Groep"] == "Dossiers per wijkteamgebied"
    assert screen.loc["WOT Nieuwland", "januari–mei 2015"] == "171"
    download = exports.frame(overview.key_figures_table([now, earlier])).set_index("Kerncijfer")
    assert download.loc["Contacten", "januari–mei 2015"] == 3300
    with i18n.language("en"):
        english = cells.screen(overview.key_figures_table([earlier])).set_index("Key figure")
    assert list(english.columns) == ["Group", "January–May 2015"]
    assert english.loc["Contacts", "January–May 2015"] == "3,300"
    assert english.loc["Cases", "Group"] == "Outcome"
    assert english.loc["Phone via the care centre", "Group"] == "Channel"
    assert english.loc["Without team area", "January–May 2015"] == "37"


def test_hidden_figures_in_the_key_figures_table_are_marks(sqlite_demo_db, rules):
    figures = contacts.key_figures(sqlite_demo_db, "WK060605", JAN_MAY_2015, rules)
    download = exports.frame(overview.key_figures_table([figures])).set_index("Kerncijfer")
    assert pd.isna(download.loc["Contacten", "januari–mei 2015"])  # empty, never 0
    assert download.loc["Contacten", "januari–mei 2015: status"] == "<5"
    assert overview.has_marks([figures])
    assert not overview.has_marks([contacts.key_figures(sqlite_demo_db, "GM0606", JAN_MAY_2015, EXACT)])


@pytest.mark.parametrize("measure, heading, unit", [("channel", "Kanaal", "Contacten"), ("team", "Wijkteamgebied", "Dossiers"),
                                                    ("question_type", "Levensgebied", "Contacten")])
def test_each_breakdown_has_its_headings(sqlite_demo_db, measure, heading, unit):
    figures = contacts.key_figures(sqlite_demo_db, "GM0606", JAN_MAY_2015, EXACT)
    table = overview.parts_table(figures, measure)
    assert list(table.columns) == [heading, unit, "Aandeel"]
    assert len(table) == len(figures.parts(measure))

