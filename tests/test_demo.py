"""The demo reproduces what Schiedam published for January-May 2015, on every backend, through
the query layer; it is the same every time; and both backends return the same results."""

from __future__ import annotations

import sqlite3

import pandas as pd
import pytest
from sqlalchemy import func, select

from queries import areas, contacts, demo, loads, ptable
from queries.database import Database, DatabaseError
from queries.disclosure import DisclosureRules
from queries.periods import Period
from queries.schema import caseload_month, contact_month, peer_group, survey_result

from .conftest import PUBLISHED_PERIOD

# The question types of the theme debts and income in data/question_types.csv.
DEBT_TYPES = {"problematische_schulden", "inkomen_uitkeringen", "betalingsachterstanden", "budgetbeheer", "financien_overig"}

# Local press, 7 July 2015 (see DESIGN.md); written out here, not imported from the demo module.
PUBLISHED_DOSSIERS = {
    "WOT-NIEUWLAND": 171,
    "WOT-CENTRUMWEST": 149,
    "WOT-OOST": 141,
    "WOT-NOORDRAND": 136,
    "WOT-GROENOORD": 116,
    "WOT-ZUID": 95,
    contacts.NO_TEAM: 37,
}
PUBLISHED_STAFF_SURVEY = {  # Schiedam, average of five comparable municipalities
    "geboden_hulp": (6.6, 6.6),
    "efficient_budget": (5.9, 5.9),
    "klanten_tevreden": (7.5, 7.1),
    "inbedding_wijk": (7.1, 6.3),
    "samenwerking_team": (7.7, 7.4),
}


@pytest.fixture(scope="module")
def published(demo_db):
    """At the internal level the demo reproduces the press figures exactly."""
    return contacts.key_figures(demo_db, "GM0606", Period.parse(*PUBLISHED_PERIOD), DisclosureRules(protection="internal"))


def test_at_the_public_level_the_published_figures_stay_within_the_maximum_deviation(demo_db, rules):
    public = contacts.key_figures(demo_db, "GM0606", Period.parse(*PUBLISHED_PERIOD), rules)
    deviation = ptable.load().max_deviation
    expected = {("contacts", ""): 3300, ("dossiers", ""): 845, ("channel", "telefoon"): 2863,
                **{("team", code): n for code, n in PUBLISHED_DOSSIERS.items()}}
    for (measure, code), value in expected.items():
        assert abs(public.value(measure, code) - value) <= deviation, (measure, code)
    assert (public.value("contacts"), public.value("dossiers")) != (3300, 845)  # it is perturbed, not copied


def test_contacts_and_channels_are_as_published(published):
    assert published.value("contacts") == 3300
    assert published.value("channel", "telefoon") == 2863
    others = published.parts("channel").query("code != 'telefoon'")
    assert others["value"].sum() == 437
    assert others.sort_values("value")["code"].iloc[-1] == "persoonlijk"  # "mostly in person"


def test_dossiers_per_team_are_as_published(published):
    assert published.value("dossiers") == 845
    teams = published.parts("team").set_index("code")["value"].astype(int).to_dict()
    assert teams == PUBLISHED_DOSSIERS
    assert published.value("short_interventions") == 3300 - 845


def test_more_than_half_of_the_questions_concern_debts_and_housing(published):
    assert published.value("theme", "schulden") + published.value("theme", "wonen") > 3300 / 2


def test_nieuwland_and_noordrand_have_their_own_profile(demo_db):
    """Nieuwland: many work and income questions; Noordrand: domestic relations and housing."""
    period = Period.parse(*PUBLISHED_PERIOD)
    c = contact_month.c
    facts = demo_db.read(
        select(c.area_code, c.question_type, func.sum(c.contacts).label("n"))
        .where(c.month.between(period.first, period.last))
        .group_by(c.area_code, c.question_type)
    )
    share = facts.pivot_table(index="area_code", columns="question_type", values="n", fill_value=0)
    share = share.div(share.sum(axis=1), axis=0)
    others = share.drop(["WK060606", "WK060608", "WK060609", "GM0606"])
    debts = [code for code in share.columns if code in DEBT_TYPES]  # the theme debts and income, all its types
    work_income = share[debts].sum(axis=1) + share["dagbesteding"]
    assert work_income["WK060606"] > (others[debts].sum(axis=1) + others["dagbesteding"]).max()
    assert share.loc["WK060609", "huiselijke_relaties"] > others["huiselijke_relaties"].max()


def test_sixty_staff_in_six_teams(demo_db):
    period = Period.parse(*PUBLISHED_PERIOD)
    staff = demo_db.read(
        select(caseload_month.c.month, func.sum(caseload_month.c.staff).label("staff"), func.count().label("teams"))
        .where(caseload_month.c.month.between(period.first, period.last))
        .group_by(caseload_month.c.month)
    )
    assert len(staff) == 5
    assert (staff["staff"] == 60).all() and (staff["teams"] == 6).all()


def test_staff_survey_2015_against_the_peer_average(demo_db):
    rows = demo_db.read(
        select(survey_result).where(survey_result.c.survey == "medewerkers", survey_result.c.wave == 2015)
    )
    peers = set(demo_db.read(select(peer_group.c.municipality_code))["municipality_code"])
    assert len(peers) == 5
    is_peer = rows["area_code"].isin(peers)
    for question, (own, peer_average) in PUBLISHED_STAFF_SURVEY.items():
        mine = rows[~is_peer & (rows["question"] == question)]
        theirs = rows[is_peer & (rows["question"] == question)]
        assert mine["sum_score"].sum() / mine["n"].sum() == pytest.approx(own, abs=1e-12)
        assert theirs["sum_score"].sum() / theirs["n"].sum() == pytest.approx(peer_average, abs=1e-12)


def test_no_client_survey_in_2015(demo_db):
    """The article: clients had not yet been asked."""
    rows = demo_db.read(select(survey_result.c.wave).where(survey_result.c.survey == "clienten"))
    assert rows["wave"].min() == 2016


def test_demo_covers_2015_to_2025_and_says_it_is_demo(demo_db):
    assert loads.contact_months(demo_db) == (demo.PERIOD.first, demo.PERIOD.last)
    assert loads.is_demo(demo_db)
    history = loads.load_history(demo_db)
    assert list(history["kind"]) == ["demo"] and history["result"].iloc[0] == "ok"


def test_the_demo_is_the_same_every_time():
    assert demo.generate().checksum() == demo.generate().checksum()


def test_two_builds_give_identical_databases(tmp_path):
    dumps = []
    for name in ("a.db", "b.db"):
        demo.build(f"sqlite:///{tmp_path / name}")
        with sqlite3.connect(tmp_path / name) as connection:
            connection.execute("UPDATE load_log SET loaded_at = '2000-01-01'")  # the only thing allowed to differ
            dumps.append("\n".join(connection.iterdump()))
    assert dumps[0] == dumps[1]


def test_an_existing_database_is_replaced_only_with_force(sqlite_demo_url):
    with pytest.raises(DatabaseError, match="--force"):
        demo.build(sqlite_demo_url)


def test_a_failed_build_leaves_the_old_database_untouched(tmp_path):
    path = tmp_path / "w.db"
    demo.build(f"sqlite:///{path}")
    before = path.read_bytes()
    broken = tmp_path / "data"
    broken.mkdir()
    for source in demo.DATA_DIR.glob("*.csv"):
        (broken / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    (broken / "channels.csv").write_text("code,label_nl,label_en,sort_order\ntelefoon,Telefoon\n", encoding="utf-8")
    with pytest.raises(Exception):
        demo.build(f"sqlite:///{path}", force=True, data_dir=broken)
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("w.db.*.tmp"))


@pytest.mark.postgres
def test_both_backends_return_the_same_results(sqlite_demo_url, postgres_demo_url):
    """Every area, three periods: the query layer gives identical published figures."""
    sqlite_db, postgres_db = Database(sqlite_demo_url, readonly=True), Database(postgres_demo_url, readonly=True)
    rules = DisclosureRules()
    assert areas.areas(sqlite_db).equals(areas.areas(postgres_db))
    for code in areas.areas(sqlite_db)["code"]:
        for period in (Period.parse("2015-01", "2015-05"), Period.parse("2020-03", "2020-03"), Period.parse("2023-01", "2025-12")):
            a = contacts.key_figures(sqlite_db, code, period, rules)
            b = contacts.key_figures(postgres_db, code, period, rules)
            pd.testing.assert_frame_equal(a.cells, b.cells)
            assert (a.population, a.base) == (b.population, b.base)
    assert loads.contact_months(sqlite_db) == loads.contact_months(postgres_db)
