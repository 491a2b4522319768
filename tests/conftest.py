"""Shared fixtures: a demo database per backend, built once per test session.

SQLite always runs. PostgreSQL runs against the server named by WIJKMONITOR_TEST_POSTGRES_URL
(`.ci/run` starts one); each session gets a database of its own on it. Without that variable the
PostgreSQL cases are skipped, unless WIJKMONITOR_TEST_STRICT=1 (as in CI) turns the skip into a
failure, so CI can never pass by silently testing less.
"""

from __future__ import annotations

import os
import shutil
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from queries import demo
from queries.database import Database
from queries.disclosure import DisclosureRules

POSTGRES_VARIABLE = "WIJKMONITOR_TEST_POSTGRES_URL"
STRICT = os.environ.get("WIJKMONITOR_TEST_STRICT") == "1"
PUBLISHED_PERIOD = ("2015-01", "2015-05")


def unavailable(reason: str):
    """Skip, or fail when the run must be complete."""
    if STRICT:
        pytest.fail(f"{reason} (WIJKMONITOR_TEST_STRICT=1)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres_server_url() -> str:
    url = os.environ.get(POSTGRES_VARIABLE)
    if not url:
        unavailable(f"{POSTGRES_VARIABLE} is not set")
    return url


@pytest.fixture(scope="session")
def fresh_postgres(postgres_server_url):
    """A factory of empty PostgreSQL databases on the test server, dropped at the end."""
    admin = create_engine(postgres_server_url, isolation_level="AUTOCOMMIT")
    created = []

    def make() -> str:
        name = f"wijkmonitor_test_{uuid.uuid4().hex[:12]}"
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        created.append(name)
        return make_url(postgres_server_url).set(database=name).render_as_string(hide_password=False)

    yield make
    with admin.connect() as connection:
        for name in created:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def sqlite_demo_url(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'wijkmonitor.db'}"
    demo.build(url)
    return url


@pytest.fixture(scope="session")
def postgres_demo_url(fresh_postgres) -> str:
    url = fresh_postgres()
    demo.build(url)
    return url


@pytest.fixture(scope="session", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def demo_url(request) -> str:
    """The demo database on each backend in turn."""
    return request.getfixturevalue(f"{request.param}_demo_url")


@pytest.fixture(scope="session")
def demo_db(demo_url):
    database = Database(demo_url, readonly=True)
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def sqlite_demo_db(sqlite_demo_url):
    database = Database(sqlite_demo_url, readonly=True)
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def rules() -> DisclosureRules:
    return DisclosureRules()


# Writable demo databases, for tests that load data (ingest): a fresh one per test.
def copy_of(sqlite_url: str, folder) -> str:
    """A copy of a SQLite demo database in ``folder``."""
    target = folder / "wijkmonitor.db"
    shutil.copyfile(make_url(sqlite_url).database, target)
    return f"sqlite:///{target}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def fresh_url(request, tmp_path, sqlite_demo_url) -> str:
    """A demo database of its own on each backend, to write into."""
    if request.param == "sqlite":
        return copy_of(sqlite_demo_url, tmp_path)
    url = request.getfixturevalue("fresh_postgres")()
    demo.build(url)
    return url


@pytest.fixture
def sqlite_url(tmp_path, sqlite_demo_url) -> str:
    """A SQLite demo database of its own, to write into."""
    return copy_of(sqlite_demo_url, tmp_path)
