"""The Persbriefing factsheet without Streamlit: composed from the same views and published figures
as the pages, its sentences under the comparison rule, a comparison period without data said in
words, in Dutch and in English."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard import format as fmt
from dashboard import i18n, press
from dashboard.cli import figures_json
from dashboard.views import compare, contacts, factsheet
from queries import contacts as contact_queries
from queries.disclosure import DisclosureRules
from queries.periods import Period

from .claims import claims
from .test_view_overview import THEMES, made

JAN_MAY_2015 = Period.parse("2015-01", "2015-05")
EXACT = DisclosureRules(protection="internal")


def compose(db, rules, period=JAN_MAY_2015, area=None, theme=None, lang="nl", measure=contacts.DEFAULT_MEASURE):
    source = press.QuerySource(db, rules)
    with i18n.language(lang):
        return factsheet.compose(source, press.choice(source, period, area, theme, i18n.label_column()), measure)


@pytest.fixture(scope="module")
def internal(sqlite_demo_db):
    return compose(sqlite_demo_db, EXACT)


def test_issue_13_the_sentences_hold_3300_contacts_and_845_dossiers_at_the_internal_level(internal, sqlite_demo_db):
    figures = contact_queries.key_figures(sqlite_demo_db, "GM0606", JAN_MAY_2015, EXACT)
    assert (figures.value("contacts"), figures.value("dossiers")) == (3300, 845)  # the demo reproduces them exactly
    text = " ".join(internal.plain_sentences)
    assert "3.300 keer contact" in text and "Bij 845 contacten (25,6%)" in text
    assert [h.value for h in internal.headlines] == ["3.300", fmt.number(3300 / figures.population * 1000, 1), "845",
                                                    "74,4%"]
    assert 3 <= len(internal.sentences) <= 5


def test_the_factsheet_in_english_says_the_same_figures(sqlite_demo_db):
    sheet = compose(sqlite_demo_db, EXACT, lang="en")
    text = " ".join(sheet.plain_sentences)
    assert "3,300 times" in text and "845 contacts (25.6%)" in text
    assert sheet.title == "Press briefing · Whole municipality of Schiedam"
    assert sheet.lang == "en" and "no data for January–May 2014" in text


def test_issue_13_a_comparison_period_without_data_is_said_not_left_out(internal):
    text = " ".join(internal.plain_sentences)
    assert "geen gegevens over januari–mei 2014" in text
    assert "geen gegevens over augustus–december 2014" in text
    assert internal.columns[2:] == ("t.o.v. aug–dec 2014", "t.o.v. jan–mei 2014")
    for headline in internal.headlines:
        assert headline.changes == ("geen gegevens over augustus–december 2014", "geen gegevens over januari–mei 2014")


def test_at_the_public_level_the_factsheet_agrees_with_figures_json(sqlite_demo_db, rules):
    sheet = compose(sqlite_demo_db, rules)
    figures = contact_queries.key_figures(sqlite_demo_db, "GM0606", JAN_MAY_2015, rules)
    as_json = figures_json(figures, "Schiedam", True)
    assert sheet.headlines[0].value == fmt.number(as_json["contacts"])
    assert sheet.headlines[2].value == fmt.number(as_json["dossiers"])
    text = " ".join(sheet.plain_sentences)
    assert f"{fmt.number(as_json['contacts'])} keer contact" in text
    assert f"Bij {fmt.number(as_json['dossiers'])} contacten" in text
    assert "Om privacy te beschermen" in sheet.protection and not sheet.exact


def test_a_later_period_compares_with_both_earlier_periods(sqlite_demo_db, rules):
    period = Period.parse("2025-06", "2025-08")
    sheet = compose(sqlite_demo_db, rules, period=period, area="WK060602")
    now, previous, earlier = (contact_queries.key_figures(sqlite_demo_db, "WK060602", p, rules)
                              for p in (period, period.previous(), period.year_earlier()))
    contacts_ = sheet.headlines[0]
    assert contacts_.value == fmt.number(now.value("contacts"))
    assert contacts_.changes == (fmt.change(now.value("contacts"), previous.value("contacts")),
                                 fmt.change(now.value("contacts"), earlier.value("contacts")))
    assert sheet.title == "Persbriefing · Wijk Tussen Havens en Grachten"
    assert len(sheet.sentences) == 5
    assert sheet.sentences[2] == factsheet.against_previous(now.value("contacts"), previous)


def test_twelve_months_compare_once_with_the_year_before(sqlite_demo_db, rules):
    sheet = compose(sqlite_demo_db, rules, period=Period.parse("2024-01", "2024-12"))
    assert len(sheet.columns) == 3 and all(len(h.changes) == 1 for h in sheet.headlines)
    assert not any("periode ervoor" in s for s in sheet.sentences)


def test_a_theme_narrows_every_figure_and_is_named(sqlite_demo_db, rules):
    sheet = compose(sqlite_demo_db, rules, theme="wonen")
    figures = contact_queries.key_figures(sqlite_demo_db, "GM0606", JAN_MAY_2015, rules, theme="wonen")
    assert sheet.headlines[0].value == fmt.number(figures.value("contacts"))
    assert sheet.subtitle == "Januari–mei 2015 · thema Wonen"


def test_the_map_and_trend_are_the_contacten_views(internal, sqlite_demo_db):
    assert internal.map.title == "Contacten per wijk"
    areas = contact_queries.by_area(sqlite_demo_db, "district", JAN_MAY_2015, EXACT)
    rows = contacts.map_rows(areas, __import__("queries.areas", fromlist=["shapes"]).shapes(sqlite_demo_db, "district"),
                             "contacten", 5)
    classes = [trace for trace in internal.map.figure.data if trace.fill == "toself"]
    scale = contacts.legend(contacts.class_bounds(list(rows["value"].dropna())), lambda v: contacts.bound("contacten", v))
    assert [t.fillcolor for t in classes] == scale.colours  # the deck's classes and colours, in legend order
    assert [t.name for t in classes] == scale.labels
    assert internal.map.alt.startswith("Kaart: contacten per wijk, januari–mei 2015. 9 gebieden")
    assert internal.trend.title == "Verloop: contacten per 1.000 inwoners, januari–mei 2015"


def test_a_hidden_area_is_grey_and_hatched_on_the_static_map(sqlite_demo_db, rules):
    sheet = compose(sqlite_demo_db, rules, period=Period.parse("2015-01", "2015-01"), theme="jeugd")
    names = [trace.name and trace.name.replace("<br>", " ") for trace in sheet.map.figure.data]  # a long name wraps
    assert "te weinig waarnemingen (niet gepubliceerd)" in names  # youth questions in one month: a district is hidden
    grey = sheet.map.figure.data[names.index("te weinig waarnemingen (niet gepubliceerd)")]
    assert grey.fillcolor == contacts.NOT_PUBLISHED
    assert any(t.line.color == contacts.HATCH for t in sheet.map.figure.data)
    assert "niet getoond" in sheet.map.alt


def test_the_press_figure_burns_in_title_period_source_and_protection(internal):
    figure = factsheet.press_figure(internal, internal.map)
    assert "Contacten per wijk" in figure.layout.title.text
    assert "Januari–mei 2015" in figure.layout.title.subtitle.text
    footer = figure.layout.annotations[-1].text
    assert "Bron:" in footer and "Intern gebruik" in footer and "Demogegevens" in footer
    assert figure.layout.height > internal.map.figure.layout.height


# Property: the previous-period sentence claims only what the rule allows

counts_ = st.one_of(st.none(), st.integers(min_value=0, max_value=6000))


def selection(theme=None):
    return SimpleNamespace(area_level="district", area_name="Oost", theme=theme, channel=None, channel_label=None,
                           theme_label=THEMES[theme][0 if i18n.current() == "nl" else 1] if theme else None)


@settings(max_examples=150, deadline=None)
@given(now=counts_, previous=counts_, earlier=counts_, has_previous=st.booleans(), has_earlier=st.booleans(),
       theme=st.sampled_from([None, "wonen"]), lang=st.sampled_from(["nl", "en"]))
def test_the_sentences_claim_a_rise_or_fall_only_when_the_rule_allows_it(now, previous, earlier, has_previous,
                                                                         has_earlier, theme, lang):
    figures = made(now, None if now is None else now // 4, themes={"schulden": 40, "wonen": 30})
    before = made(previous, period=figures.period.previous()) if has_previous else None
    year = made(earlier, period=figures.period.year_earlier()) if has_earlier else None
    with i18n.language(lang):
        said = factsheet.sentences(figures, before, year, selection(theme))
    assert len(said) <= 5
    for text in said:
        heard = claims(text, lang)
        if ("een jaar eerder" in text or "a year earlier" in text) and has_earlier:
            verdict = compare.counts(now, earlier)
        elif ("periode ervoor" in text or "previous period" in text) and has_previous:
            verdict = compare.counts(now, previous)
        else:  # the figures of this period, or a comparison period without data
            assert not heard & {"rise", "fall", "higher", "lower", "every", "more than half"}, text
            continue
        assert ("rise" in heard) == (verdict.direction == compare.HIGHER), text
        assert ("fall" in heard) == (verdict.direction == compare.LOWER), text
    words = " ".join(said)
    if not has_earlier:
        assert ("geen gegevens over" if lang == "nl" else "no data for") in words


def test_the_key_figures_table_downloads_with_numbers_as_numbers(internal):
    from dashboard.views import cells, exports

    table = factsheet.headline_table(internal)
    assert list(cells.screen(table).iloc[:, 1]) == [h.value for h in internal.headlines]
    written = exports.frame(table)
    assert list(written.iloc[:, 1])[0] == 3300 and list(written.iloc[:, 1])[2] == 845
    assert list(written.iloc[:, 0])[3] == "Korte interventie (%)"
    assert list(written.iloc[:, 1])[3] == 74.4
