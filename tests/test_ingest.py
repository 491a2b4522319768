"""Loading exports: what goes in equals an independent pandas computation, refused files change
nothing, loads are idempotent and atomic, and every file format gives the same aggregates."""

from __future__ import annotations

import csv
import hashlib
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import Workbook
from sqlalchemy import select

from queries import schema
from queries.database import Database
from queries.ingest import ingest
from queries.ingest.writing import HOLD_VARIABLE, HOLDING
from tests.conftest import copy_of

PROJECT = Path(__file__).resolve().parent.parent
TEMPLATES = PROJECT / "data" / "templates"
BUCKET_EDGES = [0, 4, 8, 15, 29, 43, 57, 71, 85]

# How the test itself reads the values the generated exports use (independent of the alias file).
AREAS = {"WK060606": "WK060606", "Nieuwland": "WK060606", "wk060601": "WK060601", "BU06060302": "WK060603",
         "Groenoord en Kethel": "WK060607", "WOT-OOST": "WOT-OOST", "zonder wijkteam": "GM0606"}
# The coarse types of exports made before schema version 5 load into the general type of their theme.
TYPES = {"Financiën en schulden": "financien_overig", "FINANCIEN EN SCHULDEN": "financien_overig",
         "huisvesting": "huisvesting_overig", "adl": "adl", "Jeugd en opvoeding": "jeugd_overig",
         "Dreigende huisuitzetting": "huisuitzetting", "jeugd_ggz": "jeugd_ggz"}
CHANNELS = {"Telefonisch via de zorgcentrale": "telefoon", "telefoon": "telefoon", "E-mail of website": "email_web",
            "Verwezen door huisarts": "huisarts"}
OUTCOMES = {"korte interventie": False, "KI": False, "Dossier": True, "dossier": True}
SERVICES = {"Wmo: onderzoek na melding": "wmo_onderzoek", "jeugdhulp": "jeugdhulp", "Schuldhulp": "schuldhulp"}


def checksum(url: str) -> str:
    """Every row of every table, in key order."""
    database = Database(url)
    digest = hashlib.sha256()
    with database.engine.connect() as connection:
        for table in schema.metadata.sorted_tables:
            rows = connection.execute(select(table).order_by(*table.primary_key.columns)).fetchall()
            digest.update(table.name.encode() + repr(rows).encode())
    database.dispose()
    return digest.hexdigest()


def read(url: str, table, where) -> pd.DataFrame:
    database = Database(url)
    frame = database.read(select(table).where(where))
    database.dispose()
    return frame


def contact_records(n: int = 3000, seed: int = 6) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    first = date(2025, 10, 1)
    return pd.DataFrame({
        "contactnummer": [f"K{i:06d}" for i in range(n)],
        "datum": [first + timedelta(days=int(d)) for d in rng.integers(0, 92, n)],
        "gebied": rng.choice(list(AREAS), n),
        "vraagtype": rng.choice(list(TYPES), n),
        "kanaal": rng.choice(list(CHANNELS), n),
        "uitkomst": rng.choice(list(OUTCOMES), n),
        "zwaarte": rng.choice(["1", "2", "3", ""], n),
    })


def expected_contacts(records: pd.DataFrame) -> pd.DataFrame:
    frame = pd.DataFrame({
        "area_code": records["gebied"].map(AREAS),
        "month": [d.replace(day=1) for d in records["datum"]],
        "question_type": records["vraagtype"].map(TYPES),
        "channel": records["kanaal"].map(CHANNELS),
        "dossier": records["uitkomst"].map(OUTCOMES),
    })
    # Record keys recomputed here from the contact numbers and the tests' secret, independently of
    # queries.cellkeys: BLAKE2b keyed with the secret over "contacts\0id <number>", first 4 bytes.
    secret = os.environ["WIJKMONITOR_KEY_SECRET"].encode()
    frame["key"] = [int.from_bytes(hashlib.blake2b(b"contacts\0id " + n.encode(), key=secret, digest_size=4).digest(), "big")
                    for n in records["contactnummer"]]
    frame["dossier_key"] = frame["key"].where(frame["dossier"], 0)
    keys = ["area_code", "month", "question_type", "channel"]
    out = frame.groupby(keys).agg(contacts=("dossier", "size"), dossiers_opened=("dossier", "sum"),
                                  contacts_ckey=("key", "sum"), dossiers_opened_ckey=("dossier_key", "sum")).reset_index()
    out["short_interventions"] = out["contacts"] - out["dossiers_opened"]
    out["short_interventions_ckey"] = (out["contacts_ckey"] - out["dossiers_opened_ckey"]) % 2**32
    out[["contacts_ckey", "dossiers_opened_ckey"]] %= 2**32
    return normalised(out[[*keys, "contacts", "contacts_ckey", "short_interventions", "short_interventions_ckey",
                           "dossiers_opened", "dossiers_opened_ckey"]])


def normalised(frame: pd.DataFrame, keys: bool = True) -> pd.DataFrame:
    """Rows in a fixed order with plain types; without the cell-key columns unless ``keys``."""
    frame = frame.copy() if keys else frame.drop(columns=[c for c in frame.columns if c.endswith("_ckey")])
    for column in frame.columns:
        if column in ("month",):
            frame[column] = [pd.Timestamp(v).date() for v in frame[column]]
        elif frame[column].dtype.kind in "iub":
            frame[column] = frame[column].astype(int)
    return frame.sort_values(list(frame.columns)).reset_index(drop=True)


def write_csv(records: pd.DataFrame, path: Path, *, sep=",", encoding="utf-8", dutch_dates=False,
              newline="\n", quoting=csv.QUOTE_MINIMAL) -> Path:
    frame = records.copy()
    for column in frame.columns:
        if len(frame) and isinstance(frame[column].iloc[0], date):
            frame[column] = [d.strftime("%d-%m-%Y" if dutch_dates else "%Y-%m-%d") if d else "" for d in frame[column]]
    frame.to_csv(path, sep=sep, encoding=encoding, index=False, lineterminator=newline, quoting=quoting)
    return path


def write_xlsx(records: pd.DataFrame, path: Path, sheet: str | None = None) -> Path:
    book = Workbook()
    if sheet:
        book.active.title = "Toelichting"
        book.active.append(["Export uit het registratiesysteem"])
        target = book.create_sheet(sheet)
    else:
        target = book.active
    target.append(list(records.columns))
    for row in records.itertuples(index=False):
        target.append([None if v == "" else v for v in row])
    book.save(path)
    return path


# Round trip --------------------------------------------------------------------------------------

def test_contacts_round_trip(fresh_url, tmp_path):
    records = contact_records()
    report = ingest(fresh_url, write_csv(records, tmp_path / "contacten.csv"), "contacts")
    assert (report.status, report.rows_read) == ("loaded", len(records))
    assert (report.first, report.last) == (date(2025, 10, 1), date(2025, 12, 1))
    stored = read(fresh_url, schema.contact_month, schema.contact_month.c.month >= date(2025, 10, 1))
    pd.testing.assert_frame_equal(normalised(stored), expected_contacts(records))
    # The months before the export keep the demo's figures.
    before = read(fresh_url, schema.contact_month, schema.contact_month.c.month == date(2025, 9, 1))
    assert before["contacts"].sum() > 0


def wait_records(n: int = 1500, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    requested = [date(2025, 10, 1) + timedelta(days=int(d)) for d in rng.integers(0, 92, n)]
    delay = rng.integers(0, 120, n)
    return pd.DataFrame({
        "dienst": rng.choice(list(SERVICES), n),
        "gebied": rng.choice(["WK060601", "Nieuwland", "WK060609"], n),
        "aanvraagdatum": requested,
        "startdatum": [r + timedelta(days=int(d)) if s else None for r, d, s in zip(requested, delay, rng.random(n) < 0.7)],
    })


def test_waits_round_trip(fresh_url, tmp_path):
    records = wait_records()
    ingest(fresh_url, write_csv(records, tmp_path / "wachttijden.csv", dutch_dates=True, sep=";"), "waits")
    area = records["gebied"].map({"WK060601": "WK060601", "Nieuwland": "WK060606", "WK060609": "WK060609"})
    service = records["dienst"].map(SERVICES)
    dates = [d for d in [*records["aanvraagdatum"], *records["startdatum"]] if d]
    months = pd.period_range(min(dates), max(dates), freq="M")
    started, waiting = [], []
    for month in months:
        end = month.end_time.date()
        for (a, s), group in records.groupby([area, service]):
            begun = group[[d is not None and d.year == month.year and d.month == month.month for d in group["startdatum"]]]
            days = [(b - r).days for r, b in zip(begun["aanvraagdatum"], begun["startdatum"])]
            for bucket, count in pd.Series([max(e for e in BUCKET_EDGES if e <= d) for d in days]).value_counts().items():
                started.append({"area_code": a, "month": month.start_time.date(), "service": s, "bucket": bucket, "started": count})
            still = sum(r <= end and (b is None or b > end) for r, b in zip(group["aanvraagdatum"], group["startdatum"]))
            waiting.append({"area_code": a, "month": month.start_time.date(), "service": s, "waiting": still})
    first = months[0].start_time.date()
    stored = read(fresh_url, schema.wait_month, schema.wait_month.c.month >= first)
    stored = normalised(stored, keys=False)
    pd.testing.assert_frame_equal(stored, normalised(pd.DataFrame(started)[stored.columns]))
    stored = normalised(read(fresh_url, schema.waitlist_month, schema.waitlist_month.c.month >= first), keys=False)
    pd.testing.assert_frame_equal(stored, normalised(pd.DataFrame(waiting)[stored.columns]))


def test_survey_round_trip(fresh_url, tmp_path):
    rng = np.random.default_rng(8)
    n = 800
    survey = rng.choice(["medewerkers", "clienten"], n)
    question = np.where(survey == "medewerkers", rng.choice(["geboden_hulp", "De geboden hulp"], n),
                        rng.choice(["snel_geholpen", "Ik werd snel geholpen"], n))
    answer = np.where(survey == "medewerkers", rng.integers(1, 11, n), rng.integers(1, 6, n))
    text = np.where((survey == "clienten") & (answer == 5), "helemaal eens", answer.astype(str))
    records = pd.DataFrame({"golf": "2025", "gebied": rng.choice(["WOT-OOST", "WOT-ZUID"], n), "enquete": survey,
                            "vraag": question, "antwoord": text})
    ingest(fresh_url, write_csv(records, tmp_path / "enquete.csv"), "survey")
    code = np.where(survey == "medewerkers", "geboden_hulp", "snel_geholpen")
    frame = pd.DataFrame({"area_code": records["gebied"], "wave": 2025, "survey": survey, "question": code,
                          "answer": answer, "positive": answer >= np.where(survey == "medewerkers", 6, 4)})
    expected = frame.groupby(["area_code", "wave", "survey", "question"]).agg(
        n=("answer", "size"), n_positive=("positive", "sum"), sum_score=("answer", "sum"),
        sum_sq=("answer", lambda a: int((a**2).sum()))).reset_index()
    ours = schema.survey_result.c
    stored = read(fresh_url, schema.survey_result,
                  (ours.wave == 2025) & ours.area_code.in_(["WOT-OOST", "WOT-ZUID"]) & ours.question.in_(list(set(code))))
    pd.testing.assert_frame_equal(normalised(stored, keys=False), normalised(expected))
    # Questions the export did not answer are gone for that wave: the wave is replaced as a whole.
    rest = read(fresh_url, schema.survey_result, (ours.wave == 2025) & ours.area_code.in_(["WOT-OOST", "WOT-ZUID"]))
    assert len(rest) == len(stored)
    peers = read(fresh_url, schema.survey_result, (ours.wave == 2025) & ours.area_code.like("PEER-%"))
    assert len(peers) > 0  # the comparison municipalities' results stay


def test_caseload_rows_with_decimal_commas(sqlite_url):
    ingest(sqlite_url, TEMPLATES / "caseload.csv", "caseload")
    stored = read(sqlite_url, schema.caseload_month, schema.caseload_month.c.month == date(2026, 1, 1)).set_index("team_code")
    assert stored.loc["WOT-OOST", "fte"] == pytest.approx(9.2)
    assert stored.loc["WOT-NIEUWLAND"].drop([c for c in stored.columns if c.endswith("_ckey")]).to_dict() | {"month": None} == {
        "month": None, "staff": 14, "fte": pytest.approx(11.8), "open_dossiers": 198, "dossiers_closed": 27,
        "weight_1": 93, "weight_2": 65, "weight_3": 40, "multi_problem": 59, "integrated_plans": 42}


@pytest.mark.parametrize("kind", ["contacts", "waits", "survey", "caseload"])
def test_templates_load_into_the_demo_database(sqlite_url, kind):
    report = ingest(sqlite_url, TEMPLATES / f"{kind}.csv", kind)
    assert report.status == "loaded" and report.rows_read >= 5 and not report.ignored


# Formats -----------------------------------------------------------------------------------------

VARIANTS = {
    "utf8 comma iso": lambda r, p: write_csv(r, p / "a.csv"),
    "windows-1252 semicolon dutch dates crlf": lambda r, p: write_csv(
        r, p / "b.csv", sep=";", encoding="cp1252", dutch_dates=True, newline="\r\n"),
    "utf8 bom semicolon all quoted": lambda r, p: write_csv(
        r, p / "c.csv", sep=";", encoding="utf-8-sig", quoting=csv.QUOTE_ALL),
    "tab separated": lambda r, p: write_csv(r, p / "d.csv", sep="\t"),
    "xlsx with date cells": lambda r, p: write_xlsx(r, p / "e.xlsx"),
    "xlsx second sheet": lambda r, p: write_xlsx(r, p / "f.xlsx", sheet="Contacten"),
}


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_every_format_gives_the_same_aggregates(variant, tmp_path, sqlite_demo_url):
    records = contact_records(400, seed=9)
    url = copy_of(sqlite_demo_url, tmp_path)
    path = VARIANTS[variant](records, tmp_path)
    ingest(url, path, "contacts", sheet="Contacten" if "sheet" in variant else None)
    stored = read(url, schema.contact_month, schema.contact_month.c.month >= date(2025, 10, 1))
    pd.testing.assert_frame_equal(normalised(stored), expected_contacts(records))


def test_windows_1252_file_really_is_not_utf8(tmp_path):
    path = write_csv(contact_records(50), tmp_path / "b.csv", encoding="cp1252")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")


# Idempotence, replacement, interruption ----------------------------------------------------------

def test_same_file_twice_changes_nothing(fresh_url, tmp_path):
    path = write_csv(contact_records(500), tmp_path / "contacten.csv")
    assert ingest(fresh_url, path, "contacts").status == "loaded"
    after_first = checksum(fresh_url)
    again = ingest(fresh_url, path, "contacts")
    assert again.status == "already loaded" and "er is niets veranderd" in again.text()
    assert checksum(fresh_url) == after_first


def test_a_new_export_replaces_its_period(sqlite_url, tmp_path):
    records = contact_records(1000)
    ingest(sqlite_url, write_csv(records, tmp_path / "okt-dec.csv"), "contacts")
    december = records[[d >= date(2025, 12, 1) for d in records["datum"]]].iloc[:100]
    ingest(sqlite_url, write_csv(december, tmp_path / "dec.csv"), "contacts")
    stored = read(sqlite_url, schema.contact_month, schema.contact_month.c.month >= date(2025, 10, 1))
    autumn = records[[d < date(2025, 12, 1) for d in records["datum"]]]
    pd.testing.assert_frame_equal(normalised(stored), expected_contacts(pd.concat([autumn, december])))
    log = read(sqlite_url, schema.load_log, schema.load_log.c.kind == "contacts").sort_values("id")
    assert list(log["file_name"]) == ["okt-dec.csv", "dec.csv"]
    assert list(log["rows_read"]) == [1000, 100] and set(log["result"]) == {"ok"}
    assert log["message"].iloc[1].endswith("eerdere rijen voor deze periode vervangen")
    # The first file now is partly replaced, so loading it again is a real load, not a no-op.
    assert ingest(sqlite_url, tmp_path / "okt-dec.csv", "contacts").status == "loaded"


def test_a_killed_load_leaves_the_previous_state(fresh_url, tmp_path):
    path = write_csv(contact_records(500), tmp_path / "contacten.csv")
    before = checksum(fresh_url)
    process = subprocess.Popen(
        [sys.executable, "-m", "dashboard.cli", "ingest", str(path), "--kind", "contacts", "--db", fresh_url],
        cwd=PROJECT, env=dict(os.environ, **{HOLD_VARIABLE: "120"}), stderr=subprocess.PIPE, text=True,
    )
    try:
        assert process.stderr.readline().strip() == HOLDING  # the rows are written, not committed
    finally:
        process.kill()
        process.wait()
    assert checksum(fresh_url) == before
    assert ingest(fresh_url, path, "contacts").status == "loaded"
    assert checksum(fresh_url) != before


def test_dry_run_writes_nothing(sqlite_url, tmp_path):
    before = checksum(sqlite_url)
    report = ingest(sqlite_url, write_csv(contact_records(100), tmp_path / "c.csv"), "contacts", dry_run=True)
    assert report.status == "checked" and report.rows_read == 100
    assert checksum(sqlite_url) == before
