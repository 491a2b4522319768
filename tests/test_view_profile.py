"""The district profile without Streamlit (sentences under the sentence rule, in both languages,
with regressions for issue 12's cases) and the page showing the query layer's figures."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from dashboard.views import cells, exports
from dashboard import format as fmt
from dashboard import i18n
from dashboard.views import compare
from dashboard.views import profile
from dashboard.views.profile import RATE, SCORE, SHARE, Indicator
from queries import categories, contacts
from queries.periods import Period

from .claims import claims
from .reading import as_read

PAGE = "pages/wijkprofiel.py"
TOO_FEW = "te weinig om een verschil te noemen (minder dan 100 waarnemingen)"


def said(indicator: Indicator, level: str = "district", name: str = "Nieuwland") -> str:
    return as_read(profile.sentence(indicator, level, name))


@pytest.mark.parametrize(
    ("indicator", "expected"),
    [
        (Indicator("g", "Contacten", RATE, 57.5, 45.2, 800, 9000, unit="per 1.000 inwoners"),
         "Contacten: 57,5 per 1.000 inwoners in de wijk Nieuwland, hoger dan in de hele gemeente (45,2)."),
        (Indicator("g", "Contacten", RATE, 46.0, 45.2, 800, 9000, unit="per 1.000 inwoners"),
         "Contacten: 46,0 per 1.000 inwoners in de wijk Nieuwland, ongeveer gelijk aan de hele gemeente (45,2)."),
        (Indicator("g", "Korte interventie", SHARE, 0.70, 0.745, 800, 9000),
         "Korte interventie: 70,0% in de wijk Nieuwland, lager dan in de hele gemeente (74,5%)."),
        (Indicator("g", "Korte interventie", SHARE, 0.735, 0.745, 800, 9000),
         "Korte interventie: 73,5% in de wijk Nieuwland, ongeveer gelijk aan de hele gemeente (74,5%)."),
        (Indicator("g", "Snel geholpen", SCORE, 0.80, 0.70, decimals=0, as_percent=True,
                   area_interval=(0.69, 0.88), municipality_interval=(0.66, 0.74)),
         "Snel geholpen: 80% in de wijk Nieuwland, geen duidelijk verschil met de hele gemeente (70%): de "
         "95%-intervallen overlappen."),
        (Indicator("g", "Snel geholpen", SCORE, 0.90, 0.70, decimals=0, as_percent=True,
                   area_interval=(0.80, 0.95), municipality_interval=(0.66, 0.74)),
         "Snel geholpen: 90% in de wijk Nieuwland, hoger dan in de hele gemeente (70%)."),
        (Indicator("g", "Binnen de norm", SHARE, None, 0.7, None, 900),
         "Binnen de norm: in de wijk Nieuwland niet getoond: te weinig waarnemingen."),
        (Indicator("g", "Binnen de norm", SHARE, None, 0.7, 0, 900, empty="niemand gestart"),
         "Binnen de norm: niemand gestart in de wijk Nieuwland."),
    ],
)
def test_a_difference_is_only_called_one_when_the_rule_allows_it(indicator, expected):
    assert said(indicator) == expected


# Issue 12: "Wijkprofiel calls 69% against 67% 'hoger', on 29 cases."
def test_69_against_67_percent_on_29_cases_is_not_called_higher():
    indicator = Indicator("Wachttijden", "Jeugdhulp: besluit, binnen 8 weken", SHARE, 0.69, 0.67, 29, 1200, decimals=0,
                          base_text="29 gestart")
    assert indicator.verdict() == compare.Verdict(compare.SAME, compare.TOO_FEW)
    assert said(indicator) == (f"Jeugdhulp: besluit, binnen 8 weken: 69% in de wijk Nieuwland (29 gestart) en 67% in de "
                               f"hele gemeente; {TOO_FEW}.")
    assert profile.comparison(indicator) == "te weinig om te vergelijken"
    with i18n.language("en"):
        english = said(indicator)
        assert "higher" not in claims(english, "en") and compare.too_few() in english
    # The same shares on enough cases are a difference.
    assert said(Indicator("g", "x", SHARE, 0.70, 0.67, 290, 1200, decimals=0)).endswith("hoger dan in de hele gemeente (67%).")


def waits_rows(started, started_status, within, within_status, share) -> pd.DataFrame:
    return pd.DataFrame([{"service": "schuldhulp", "kind": "total", "started": started, "started_status": started_status,
                          "within": within, "within_status": within_status, "share": share}])


# Issue 12: "Wijkprofiel says 'te weinig waarnemingen' for debt help that 18 people started."
def test_debt_help_that_18_people_started_is_shown_and_only_too_few_to_compare(sqlite_demo_db):
    services = categories.services(sqlite_demo_db)
    whole = waits_rows(380, "", 290, "", 290 / 380)
    shown, = profile.waits(waits_rows(18, "", 15, "", 15 / 18), whole, services)
    line = said(shown)
    assert line == f"Schuldhulpverlening: eerste gesprek, binnen 4 weken: 83% in de wijk Nieuwland (18 gestart) en 76% in de hele gemeente; {TOO_FEW}."
    assert compare.hidden_figure() not in line
    hidden, = profile.waits(waits_rows(18, "", None, "small", None), whole, services)
    assert said(hidden) == ("Schuldhulpverlening: eerste gesprek, binnen 4 weken: in de wijk Nieuwland niet getoond: te "
                            "weinig waarnemingen (18 gestart).")
    nobody, = profile.waits(waits_rows(0, "", 0, "", None), whole, services)
    assert said(nobody) == "Schuldhulpverlening: eerste gesprek, binnen 4 weken: niemand gestart in de wijk Nieuwland."
    assert [profile.comparison(i) for i in (shown, hidden, nobody)] == ["te weinig om te vergelijken", "niet getoond", "niemand gestart"]
    with i18n.language("en"):
        shown, hidden = (profile.waits(rows, whole, services)[0] for rows in (waits_rows(18, "", 15, "", 15 / 18),
                                                                              waits_rows(18, "", None, "small", None)))
        assert said(shown) == ("Debt counselling: first conversation, within 4 weeks: 83% in the district Nieuwland (18 started) "
                               f"and 76% in the municipality as a whole; {compare.too_few()}.")
        assert said(hidden) == ("Debt counselling: first conversation, within 4 weeks: in the district Nieuwland, not shown: "
                                "too few observations (18 started).")


# Issue 12: the awkward "6,8 (rapportcijfer) in WOT Nieuwland".
def test_6_8_rapportcijfer_in_wot_nieuwland_reads_as_an_average_mark():
    indicator = Indicator("Oordeel", "De geboden hulp", SCORE, 6.8, 6.9, mark=True, area_interval=(6.3, 7.3),
                          municipality_interval=(6.6, 7.2))
    line = said(indicator, "team", "WOT Nieuwland")
    assert line == ("De geboden hulp: gemiddeld een 6,8 in het werkgebied van WOT Nieuwland, geen duidelijk verschil met "
                    "de hele gemeente (6,9): de 95%-intervallen overlappen.")
    assert "(rapportcijfer)" not in line
    with i18n.language("en"):
        assert said(indicator, "team", "WOT Nieuwland") == (
            "De geboden hulp: an average of 6.8 in the area of WOT Nieuwland, no clear difference from the municipality "
            "as a whole (6.9): the 95% intervals overlap.")


def test_the_table_in_both_languages():
    section = profile.Section("Contacten", [Indicator("Contacten", "Contacten", RATE, 57.5, 45.2, 800, 9000,
                                                      unit="per 1.000 inwoners")], "district", "Nieuwland")
    table = cells.screen(profile.table([section], "Hele gemeente Schiedam"))
    assert table.iloc[0].to_dict() == {"Onderwerp": "Contacten", "Indicator": "Contacten (per 1.000 inwoners)",
                                       "Gebied": "Nieuwland", "Waarde": "57,5", "Hele gemeente Schiedam": "45,2",
                                       "Vergelijking": "hoger"}
    assert exports.frame(profile.table([section], "Schiedam")).iloc[0]["Waarde"] == 57.5
    with i18n.language("en"):
        assert list(cells.screen(profile.table([section], "Schiedam")).columns) == [
            "Subject", "Indicator", "Area", "Value", "Schiedam", "Comparison"]


# The sentence rule, for any indicator

values = st.one_of(st.none(), st.floats(0, 1))
bases = st.one_of(st.none(), st.just(0), st.integers(1, 99), st.integers(100, 5000))


@st.composite
def indicators(draw):
    kind = draw(st.sampled_from([RATE, SHARE, SCORE]))
    area, whole = draw(values), draw(values)
    if kind == SCORE:
        width = draw(st.floats(0.01, 0.2))
        return Indicator("g", "Indicator", SCORE, area, whole, as_percent=True,
                         area_interval=None if area is None else (area - width, area + width),
                         municipality_interval=None if whole is None else (whole - width, whole + width))
    scale = 100 if kind == RATE else 1
    return Indicator("g", "Indicator", kind, None if area is None else area * scale, None if whole is None else whole * scale,
                     draw(bases), draw(bases), unit="per 1.000 inwoners" if kind == RATE else "",
                     base_text=draw(st.sampled_from(["", "12 gestart"])))


@settings(max_examples=200, deadline=None)
@given(indicators(), st.sampled_from(["nl", "en"]), st.sampled_from([("district", "Nieuwland"), ("team", "WOT Zuid")]))
def test_a_sentence_claims_only_what_the_rule_allows(indicator, lang, where):
    with i18n.language(lang):
        line = profile.sentence(indicator, *where)
        hidden, few = compare.hidden_figure(), compare.too_few()
    verdict = indicator.verdict()
    found = claims(line, lang)
    assert found <= {"higher", "lower"}
    assert ("higher" in found) == (verdict.direction == compare.HIGHER and indicator.area is not None
                                   and indicator.municipality is not None)
    assert ("lower" in found) == (verdict.direction == compare.LOWER and indicator.area is not None
                                  and indicator.municipality is not None)
    if indicator.area is None:
        assert hidden in line
    elif indicator.municipality is not None and verdict.reason in (compare.TOO_FEW, compare.HIDDEN):
        assert few in line and hidden not in line
    elif indicator.municipality is not None and verdict.reason == compare.TOO_SMALL:
        assert few not in line and hidden not in line


# The page

def profile_page(app, **params):
    test = app(**params)
    test.switch_page(PAGE).run()
    assert not test.exception, [e.value for e in test.exception]
    return test


def sentences(test) -> str:
    return "\n".join(as_read(m.value) for m in test.markdown)


def test_the_profile_compares_contacts_with_the_municipality(app, sqlite_demo_db, rules):
    test = profile_page(app, van="2025-01", tot="2025-12", gebied="WK060606")
    period = Period.parse("2025-01", "2025-12")
    here = contacts.key_figures(sqlite_demo_db, "WK060606", period, rules)
    whole = contacts.key_figures(sqlite_demo_db, "GM0606", period, rules)
    line = next(s for s in sentences(test).splitlines() if s.startswith("- Contacten:"))
    assert f"{fmt.number(here.contacts_per_1000, 1)} per 1.000 inwoners in de wijk Nieuwland" in line
    assert f"de hele gemeente ({fmt.number(whole.contacts_per_1000, 1)})" in line
    assert test.title[0].value == "Wijkprofiel · Wijk Nieuwland"


def test_the_profile_in_english(app, sqlite_demo_db, rules):
    test = profile_page(app, van="2025-01", tot="2025-12", gebied="WK060606", taal="en")
    period = Period.parse("2025-01", "2025-12")
    here = contacts.key_figures(sqlite_demo_db, "WK060606", period, rules)
    whole = contacts.key_figures(sqlite_demo_db, "GM0606", period, rules)
    with i18n.language("en"):
        rate, other = fmt.number(here.contacts_per_1000, 1), fmt.number(whole.contacts_per_1000, 1)
    line = next(s for s in sentences(test).splitlines() if s.startswith("- Contacts:"))
    assert f"{rate} per 1,000 inhabitants in the district Nieuwland" in line and f"as a whole ({other})" in line
    assert "." in rate and test.title[0].value == "District profile · District Nieuwland"
    assert [s.value for s in test.header][:2] == ["Contacts and questions", "Waiting times"]
    table = test.dataframe[0].value
    assert list(table.columns) == ["Subject", "Indicator", "Area", "Value", "Whole municipality of Schiedam", "Comparison"]


def test_the_workload_of_a_district_is_its_teams_rolled_up_from_the_facts(app, sqlite_demo_db):
    test = profile_page(app, van="2025-01", tot="2025-12", gebied="WK060606", exact=True)
    with sqlite_demo_db.engine.connect() as connection:
        team, = connection.execute(text("SELECT team_code FROM area WHERE code = 'WK060606'")).one()
        mine, = connection.execute(text(
            "SELECT 1.0 * open_dossiers / fte FROM caseload_month WHERE team_code = :t AND month = '2025-12-01'"), {"t": team}).one()
        # all teams together: the sum of dossiers over the sum of FTE, not an average of ratios
        whole, = connection.execute(text(
            "SELECT 1.0 * SUM(open_dossiers) / SUM(fte) FROM caseload_month WHERE month = '2025-12-01'")).one()
    line = next(s for s in sentences(test).splitlines() if "Open dossiers per fte" in s)
    assert f"{fmt.number(mine, 1)} in het werkgebied van WOT Nieuwland" in line and f"({fmt.number(whole, 1)})" in line
    table = test.dataframe[0].value.set_index("Indicator")
    assert table.loc["Open dossiers per fte (norm 25)", "Gebied"] == "WOT Nieuwland"


def test_too_few_respondents_give_no_comparison(app):
    test = profile_page(app, van="2015-01", tot="2015-05", gebied="WOT-ZUID")
    line = next(s for s in sentences(test).splitlines() if "De geboden hulp" in s)
    assert compare.hidden_figure() in line  # seven staff answered in WOT Zuid in 2015


def test_the_municipality_asks_for_an_area_and_the_choice_goes_in_the_link(app):
    test = profile_page(app, van="2015-01", tot="2015-05")
    assert any("Kies een wijk" in info.body for info in test.info)
    chooser = next(box for box in test.selectbox if box.label == "Gebied om te vergelijken")
    chooser.select("WOT-OOST").run()
    assert test.title[0].value == "Wijkprofiel · WOT Oost"
    assert test.query_params["gebied"] in ("WOT-OOST", ["WOT-OOST"])


def test_with_a_theme_the_profile_shows_the_waiting_times_of_that_themes_services(app, sqlite_demo_db):
    """Issue 14: waiting times follow the theme, on Wijkprofiel as on Wachttijden."""
    test = profile_page(app, van="2025-01", tot="2025-12", gebied="WK060606", thema="jeugd")
    youth = set(categories.services(sqlite_demo_db, "jeugd")[i18n.label_column()])
    others = set(categories.services(sqlite_demo_db)[i18n.label_column()]) - youth
    table = test.dataframe[0].value
    waits = set(table.loc[table["Onderwerp"] == "Wachttijden", "Indicator"])
    assert waits and all(any(label in indicator for label in youth) for indicator in waits)
    assert not any(label in indicator for indicator in waits for label in others)
