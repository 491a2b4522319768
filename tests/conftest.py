"""Shared fixtures: a demo database per backend, built once per test session.

SQLite always runs. PostgreSQL runs against the server named by WIJKMONITOR_TEST_POSTGRES_URL
(`.ci/run` starts one); each session gets a database of its own on it. Without that variable the
PostgreSQL cases are skipped, unless WIJKMONITOR_TEST_STRICT=1 (as in CI) turns the skip into a
failure, so CI can never pass by silently testing less.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from streamlit.testing.v1 import AppTest

from dashboard import i18n
from dashboard.cli import LANGUAGE_VARIABLES, main
from queries import demo
from queries.database import Database
from queries.disclosure import DisclosureRules

APP = Path(__file__).resolve().parent.parent / "dashboard" / "app.py"
POSTGRES_VARIABLE = "WIJKMONITOR_TEST_POSTGRES_URL"
STRICT = os.environ.get("WIJKMONITOR_TEST_STRICT") == "1"
PUBLISHED_PERIOD = ("2015-01", "2015-05")
# Loads need the deployment's record-key secret; the tests use their own (and CLI subprocesses inherit it).
os.environ.setdefault("WIJKMONITOR_KEY_SECRET", "wijkmonitor tests: not a real secret")


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


@pytest.fixture(autouse=True)
def _dutch_by_default():
    """Every test starts in Dutch, whatever language the test before it chose."""
    i18n.activate(i18n.DEFAULT)
    yield
    i18n.activate(i18n.DEFAULT)


# The command line in this process, on the demo database: (status, standard output, standard error).
@pytest.fixture
def run(capsys, sqlite_demo_url, monkeypatch):
    """The command in this process, with Dutch (no language in the environment) unless a test sets LANG."""
    monkeypatch.setenv("WIJKMONITOR_DATABASE_URL", sqlite_demo_url)
    for variable in ("WIJKMONITOR_MIN_COUNT", "WIJKMONITOR_PROTECTION", *LANGUAGE_VARIABLES):
        monkeypatch.delenv(variable, raising=False)

    def run(*argv):
        with pytest.raises(SystemExit) as stopped:
            raise SystemExit(main(list(argv)))
        out, err = capsys.readouterr()
        return stopped.value.code, out, err

    return run


# The dashboard under Streamlit's AppTest, on the demo database.
@pytest.fixture
def app(sqlite_demo_url, monkeypatch):
    monkeypatch.setenv("WIJKMONITOR_DATABASE_URL", sqlite_demo_url)

    def app(*, exact: bool = False, page: str | None = None, **params) -> AppTest:
        """The app with these link parameters; ``exact`` runs it at the internal protection level.

        With ``page`` (``"pages/contacten.py"``) the link opens that page, as a browser does. AppTest
        must run the home page before it can switch, and the home page would drop another page's
        parameters from the link: so it runs first without the link."""
        monkeypatch.setenv("WIJKMONITOR_PROTECTION", "internal" if exact else "public")
        st.cache_data.clear()  # a fresh server process: the rules are read once per process
        st.cache_resource.clear()
        test = AppTest.from_file(str(APP), default_timeout=60)
        # AppTest reads a widget's value back through its format_func in this thread: same language.
        i18n.activate(params.get("taal"))
        if page:
            if "taal" in params:
                test.query_params["taal"] = params["taal"]
            test.run()
            test.query_params.clear()
            test.switch_page(page)
        for key, value in params.items():
            test.query_params[key] = value
        return test.run()

    return app


# The dashboard as people use it: `wijkmonitor serve` on a free port, in a real headless Chromium.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SERVER_START_SECONDS = 120  # generous: CI machines are shared and the first start imports a lot


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running(command: list[str], log: Path, what: str, port: int, **popen):
    """A Streamlit server started by ``command`` on ``port`` until the block ends, once its health
    check answers; its output goes to ``log``."""
    with log.open("w") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, **popen)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_SECONDS
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"{what} did not start:\n{log.read_text()}")
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


@contextmanager
def serving(database_url: str, folder: Path):
    """`wijkmonitor serve` on a free port until the block ends; its log may hold no traceback."""
    port = free_port()
    log = folder / "serve.log"
    environment = dict(os.environ, WIJKMONITOR_DATABASE_URL=database_url, STREAMLIT_SERVER_PORT=str(port))
    command = [str(Path(sys.executable).with_name("wijkmonitor")), "serve", "--server.address", "127.0.0.1"]
    with running(command, log, "wijkmonitor serve", port, env=environment) as url:
        yield url
    assert "Traceback" not in log.read_text(), log.read_text()


@pytest.fixture(scope="session")
def server(sqlite_demo_url, tmp_path_factory):
    """One server for the browser tests of a session (its pages are read-only)."""
    with serving(sqlite_demo_url, tmp_path_factory.mktemp("serve")) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        unavailable(f"{CHROMIUM} is not installed (Debian package chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="nl-NL")
    yield context.new_page()
    context.close()


@pytest.fixture
def youth_of_one_type(monkeypatch):
    """A municipality's own question_types.csv in which the youth theme holds one type, youth mental
    health: the single-category case the views must still say in words instead of drawing at 100%."""
    from queries import categories

    real = categories.question_types

    def single(db):
        types = real(db)
        return types[(types["theme_code"] != "jeugd") | (types["code"] == "jeugd_ggz")]

    monkeypatch.setattr(categories, "question_types", single)
