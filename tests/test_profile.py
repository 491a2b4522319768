"""The district profile: the comparison rules, and the page showing the query layer's figures."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from dashboard import format as fmt
from dashboard import profile
from dashboard.profile import Indicator
from queries import contacts
from queries.periods import Period

PAGE = "pages/wijkprofiel.py"


@pytest.mark.parametrize(
    ("indicator", "expected"),
    [
        (Indicator("g", "Contacten", "rate", 57.5, 45.2, unit="per 1.000 inwoners", higher_is="meer"),
         "Contacten: 57,5 per 1.000 inwoners in Nieuwland, meer dan de hele gemeente (45,2)."),
        (Indicator("g", "Contacten", "rate", 46.0, 45.2, unit="per 1.000 inwoners"),
         "Contacten: 46,0 per 1.000 inwoners in Nieuwland, ongeveer gelijk aan de hele gemeente (45,2)."),
        (Indicator("g", "Korte interventie", "share", 0.70, 0.745),
         "Korte interventie: 70,0% in Nieuwland, lager dan de hele gemeente (74,5%)."),
        (Indicator("g", "Korte interventie", "share", 0.735, 0.745),
         "Korte interventie: 73,5% in Nieuwland, ongeveer gelijk aan de hele gemeente (74,5%)."),
        (Indicator("g", "Snel geholpen", "score", 0.80, 0.70, decimals=0, as_percent=True,
                   area_interval=(0.69, 0.88), municipality_interval=(0.66, 0.74)),
         "Snel geholpen: 80% in Nieuwland, geen duidelijk verschil met de hele gemeente (70%)."),
        (Indicator("g", "Snel geholpen", "score", 0.90, 0.70, decimals=0, as_percent=True,
                   area_interval=(0.80, 0.95), municipality_interval=(0.66, 0.74)),
         "Snel geholpen: 90% in Nieuwland, hoger dan de hele gemeente (70%)."),
        (Indicator("g", "Binnen de norm", "share", None, 0.7),
         "Binnen de norm: niet te vergelijken, want er zijn te weinig waarnemingen om een cijfer te tonen."),
    ],
)
def test_a_difference_is_only_called_one_when_it_is_clear(indicator, expected):
    assert profile.sentence(indicator, "Nieuwland") == expected


def profile_page(app, **params):
    test = app(**params)
    test.switch_page(PAGE).run()
    assert not test.exception, [e.value for e in test.exception]
    return test


def sentences(test) -> str:
    return "\n".join(m.value for m in test.markdown)


def test_the_profile_compares_contacts_with_the_municipality(app, sqlite_demo_db, rules):
    test = profile_page(app, van="2025-01", tot="2025-12", gebied="WK060606")
    period = Period.parse("2025-01", "2025-12")
    here = contacts.key_figures(sqlite_demo_db, "WK060606", period, rules)
    whole = contacts.key_figures(sqlite_demo_db, "GM0606", period, rules)
    line = next(s for s in sentences(test).splitlines() if s.startswith("- Contacten:"))
    assert f"{fmt.number(here.contacts_per_1000, 1)} per 1.000 inwoners in Nieuwland" in line
    assert f"de hele gemeente ({fmt.number(whole.contacts_per_1000, 1)})" in line
    assert test.title[0].value == "Wijkprofiel · Wijk Nieuwland"


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
    assert f"{fmt.number(mine, 1)} in WOT Nieuwland" in line and f"({fmt.number(whole, 1)})" in line
    table = test.dataframe[0].value.set_index("Indicator")
    assert table.loc["Open dossiers per fte (norm 25)", "Gebied"] == "WOT Nieuwland"


def test_too_few_respondents_give_no_comparison(app):
    test = profile_page(app, van="2015-01", tot="2015-05", gebied="WOT-ZUID")
    line = next(s for s in sentences(test).splitlines() if "De geboden hulp" in s)
    assert "niet te vergelijken" in line  # seven staff answered in WOT Zuid in 2015


def test_the_municipality_asks_for_an_area_and_the_choice_goes_in_the_link(app):
    test = profile_page(app, van="2015-01", tot="2015-05")
    assert any("Kies een wijk" in info.body for info in test.info)
    chooser = next(box for box in test.selectbox if box.label == "Gebied om te vergelijken")
    chooser.select("WOT-OOST").run()
    assert test.title[0].value == "Wijkprofiel · WOT Oost"
    assert test.query_params["gebied"] in ("WOT-OOST", ["WOT-OOST"])
