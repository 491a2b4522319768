"""The schema creates on SQLite and PostgreSQL alike and guards the invariants the figures rely on."""

from datetime import date

import pytest
from sqlalchemy import insert, inspect
from sqlalchemy.exc import IntegrityError

from queries import schema
from queries.config import DATA_DIR
from queries.database import Database
from queries.reference import (
    ancestor_pairs,
    create_schema,
    load_reference,
    read_csv,
    validate_areas,
)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.db'}"
    return request.getfixturevalue("fresh_postgres")()


@pytest.fixture
def database(empty_url):
    db = Database(empty_url)
    with db.engine.begin() as connection:
        create_schema(connection)
        load_reference(connection)
    yield db
    db.dispose()


def test_every_table_is_created(database):
    assert set(inspect(database.engine).get_table_names()) == set(schema.metadata.tables)
    assert database.schema_version() == schema.SCHEMA_VERSION
    database.check()


def contact(**overrides):
    row = {"area_code": "WK060606", "month": date(2015, 1, 1), "question_type": "problematische_schulden", "channel": "telefoon",
           "contacts": 10, "short_interventions": 7, "dossiers_opened": 3,
           "contacts_ckey": 30, "short_interventions_ckey": 10, "dossiers_opened_ckey": 20}
    return row | overrides


@pytest.mark.parametrize(
    "row",
    [
        contact(short_interventions=8),  # outcomes must add up to the contacts
        contact(contacts=-1, short_interventions=-4),  # no negative counts
        contact(area_code="WK069999"),  # unknown area
        contact(question_type="astrologie"),  # unknown category
        contact(contacts_ckey=2**32),  # a cell key is a sum modulo 2**32
        contact(contacts_ckey=None),  # every count has its key
    ],
)
def test_the_database_refuses_inconsistent_facts(database, row):
    with pytest.raises(IntegrityError), database.engine.begin() as connection:
        connection.execute(insert(schema.contact_month), [row])


def test_a_consistent_fact_is_accepted(database):
    with database.engine.begin() as connection:
        connection.execute(insert(schema.contact_month), [contact()])


def test_districts_roll_up_to_their_team_and_the_municipality():
    pairs = set(ancestor_pairs(read_csv(DATA_DIR / "areas.csv")))
    assert {("WK060602", "WOT-CENTRUMWEST"), ("WK060602", "GM0606"), ("WK060602", "WK060602")} <= pairs
    assert ("WOT-CENTRUMWEST", "GM0606") in pairs
    assert ("WK060602", "WOT-OOST") not in pairs


def test_areas_file_errors_are_caught():
    areas = read_csv(DATA_DIR / "areas.csv")
    broken = areas.copy()
    broken.loc[broken["code"] == "WK060606", "team_code"] = "WK060601"
    with pytest.raises(ValueError, match="is not a team area"):
        validate_areas(broken)
