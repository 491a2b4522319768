"""The page "Over de data": the load log as loaded, coverage, norms and the rules in force."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from queries import schema
from queries.database import Database
from queries.ingest import ingest
from tests.conftest import copy_of
from tests.reading import as_read
from tests.test_ingest import TEMPLATES

APP = Path(__file__).resolve().parent.parent / "dashboard" / "app.py"


@pytest.fixture
def page(tmp_path, sqlite_demo_url, monkeypatch):
    """The page on a copy of the demo database with the contacts and caseload templates loaded."""
    url = copy_of(sqlite_demo_url, tmp_path)
    ingest(url, TEMPLATES / "contacts.csv", "contacts")
    ingest(url, TEMPLATES / "caseload.csv", "caseload")
    monkeypatch.setenv("WIJKMONITOR_DATABASE_URL", url)
    monkeypatch.setenv("WIJKMONITOR_MIN_COUNT", "10")
    st.cache_data.clear()
    st.cache_resource.clear()
    test = AppTest.from_file(str(APP), default_timeout=60)
    test.query_params["van"], test.query_params["tot"] = "2015-01", "2015-05"
    test.run()
    test.switch_page("pages/over_de_data.py").run()
    assert not test.exception, [e.value for e in test.exception]
    test.url = url
    return test


def table_with(test: AppTest, column: str):
    """The first table or data frame on the page with ``column`` (static tables keep their index as a
    column, and their cells are Markdown: read as shown)."""
    frames = [frame.value for frame in test.dataframe] + [table.value.reset_index().map(as_read) for table in test.table]
    return next(frame for frame in frames if column in frame.columns)


def test_the_load_log_shows_every_load_newest_first(page):
    log = table_with(page, "Bestand")
    assert list(log["Soort"]) == ["Caseload", "Contacten", "Demogegevens"]
    assert list(log["Bestand"][:2]) == ["caseload.csv", "contacts.csv"]
    assert list(log["Periode"]) == ["januari 2026", "januari 2026", "januari 2015 – december 2025"]
    assert list(log["Rijen gelezen"]) == ["–"] * 3  # exact record counts: internal level only
    assert list(log["Resultaat"]) == ["geladen"] * 3
    database = Database(page.url, readonly=True)
    demo_row = database.read(select(schema.load_log).where(schema.load_log.c.kind == "demo")).iloc[0]
    database.dispose()
    assert log["Rijen opgeslagen"].iloc[2] == f"{demo_row['rows_written']:,}".replace(",", ".")
    assert all(len(when) == 16 and when[2] == "-" for when in log["Geladen op"])  # 24-11-2026 02:53


def test_coverage_reaches_the_loaded_month(page):
    coverage = table_with(page, "Vanaf").set_index("Gegevens")
    assert coverage.loc["Contacten", "Tot en met"] == "januari 2026"
    assert coverage.loc["Wachttijden", "Tot en met"] == "december 2025"
    assert coverage.loc["Contacten", "Vanaf"] == "januari 2015"
    assert (coverage.loc["Enquêtes", "Tot en met"], coverage.loc["Inwoners (CBS)", "Tot en met"]) == ("2025", "2025")
    assert any("Voor de gekozen periode (januari–mei 2015) zijn gegevens geladen over contacten" in m.value
               for m in page.markdown)


def test_norms_and_rules_in_force(page):
    norms = table_with(page, "Termijn in dagen").set_index("Dienst")
    assert norms.loc["Wmo: onderzoek na melding", "Termijn in dagen"] == "42"
    assert norms.loc["Wmo: onderzoek na melding", "Bron"] == "Wmo 2015, art. 2.3.2 lid 1"
    rules = next(m.value for m in page.markdown if "cell-key-methode" in m.value)
    assert "hooguit 3" in rules and "Aantallen onder de 10 worden als “<10”" in rules  # WIJKMONITOR_MIN_COUNT=10
    assert "minstens 10 respondenten" in rules
    measures = table_with(page, "Maat")
    assert {"Contacten", "Wachttijd", "Binnen de norm", "Enquêtescores"} <= set(measures["Maat"])


def test_the_load_log_counts_records_only_at_the_internal_level(page, monkeypatch):
    monkeypatch.setenv("WIJKMONITOR_PROTECTION", "internal")
    st.cache_data.clear()
    st.cache_resource.clear()  # the level is read once per server process
    page.run()
    log = table_with(page, "Bestand")
    assert list(log["Rijen gelezen"][:2]) == ["6", "6"]
    database = Database(page.url, readonly=True)
    demo_row = database.read(select(schema.load_log).where(schema.load_log.c.kind == "demo")).iloc[0]
    database.dispose()
    assert log["Rijen gelezen"].iloc[2] == f"{demo_row['rows_read']:,}".replace(",", ".")  # Dutch thousands
