"""Personal data in an export, in every form people type it, in any column and any row: the file is
refused with exit status 2, the message names the column and never the value, and the database
stays the same. Identifying file names never reach the load log or the page that shows it.
Messages are read in English (``LANG=en_GB.UTF-8``)."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import streamlit as st
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from dashboard.cli import main
from queries import schema
from queries.config import DATA_DIR
from queries.database import Database
from queries.ingest import KINDS, ingest, privacy
from tests.cli_language import speak
from tests.conftest import copy_of
from tests.reading import as_read
from tests.test_ingest import checksum

APP = Path(__file__).resolve().parent.parent / "dashboard" / "app.py"
HEADER = ["contactnummer", "datum", "gebied", "vraagtype", "kanaal", "uitkomst"]


@pytest.fixture(autouse=True)
def english(monkeypatch):
    speak(monkeypatch, "en")


def contacts(n: int, extra: dict[str, list[str]] | None = None) -> pd.DataFrame:
    frame = pd.DataFrame({"contactnummer": [f"K{i:06d}" for i in range(n)], "datum": "04-03-2025", "gebied": "WK060606",
                          "vraagtype": "huisvesting", "kanaal": "telefoon", "uitkomst": "dossier"})
    for name, values in (extra or {}).items():
        frame[name] = values
    return frame


@pytest.fixture
def database(tmp_path_factory, sqlite_demo_url):
    """A copy of its own per test, so that one test's failure cannot spill into the next."""
    url = copy_of(sqlite_demo_url, tmp_path_factory.mktemp("privacy"))
    return url, checksum(url)


def refused(database, tmp_path, capsys, frame: pd.DataFrame, name: str = "export.csv") -> str:
    """Run `wijkmonitor ingest` on the frame as CSV; assert refusal and no change; the error text."""
    url, before = database
    path = tmp_path / name
    frame.to_csv(path, sep=";", index=False)
    status = main(["ingest", str(path), "--kind", "contacts", "--db", url])
    out, err = capsys.readouterr()
    assert (status, out) == (2, ""), err
    assert checksum(url) == before
    return err


# Values ------------------------------------------------------------------------------------------

# (what is typed, what the message says). 123456782 and 111222333 pass the eleven test.
VALUES = [
    ("123456782", "nine digits passing the eleven test"),
    ("123.456.782", "nine digits passing the eleven test"),
    ("123 456 782", "nine digits passing the eleven test"),
    ("1234.56.782", "nine digits passing the eleven test"),
    ("123-45-6782", "nine digits passing the eleven test"),
    ("client 123 456 782 belde terug", "nine digits passing the eleven test"),
    ("BSN 123456782", "citizen service number"),
    ("bsn: 123.456.782", "citizen service number"),
    ("BSN123456782", "citizen service number"),
    ("BSNnr. 111222333", "citizen service number"),
    ("B.S.N. 12345678", "citizen service number"),  # eight digits: the leading zero left off
    ("burgerservicenummer 123456789", "citizen service number"),  # after "BSN" even a mistyped one
    ("klant noemde zijn bsn 111 222 333 aan de telefoon", "citizen service number"),
    ("jan.jansen@example.nl", "e-mail address"),
    ("mail naar j@x.com voor een afspraak", "e-mail address"),
    ("06-12345678", "phone number"),
    ("0612345678", "phone number"),
    ("06 1234 5678", "phone number"),
    ("+31 6 12345678", "phone number"),
    ("+31612345678", "phone number"),
    ("+31 (0)6 12345678", "phone number"),
    ("0031 10 1234567", "phone number"),
    ("010-1234567", "phone number"),
    ("(010) 123 45 67", "phone number"),
    ("terugbellen op 010 123 4567", "phone number"),
    ("3112 AB 12", "postcode and house number"),
    ("3112AB 12", "postcode and house number"),
    ("3112ab12", "postcode and house number"),
    ("3112 AB 12a", "postcode and house number"),
    ("Broersvest, 3112 AB 12", "postcode and house number"),
]


@pytest.mark.parametrize(("value", "what"), VALUES, ids=[v for v, _ in VALUES])
def test_personal_values_are_refused(database, tmp_path, capsys, value, what):
    err = refused(database, tmp_path, capsys, contacts(3, {"opmerking": ["", value, "geen"]}))
    assert f"column 'opmerking': {what}" in err or ("column 'opmerking'" in err and what in err)
    assert value not in err and "personal data" in err


@pytest.mark.parametrize("column", HEADER)
def test_in_any_column(database, tmp_path, capsys, column):
    """Even in a column the load uses, and before its own checks could quote the value."""
    frame = contacts(4)
    frame.loc[2, column] = "BSN 123.456.782"
    err = refused(database, tmp_path, capsys, frame)
    assert f"column {column!r}: citizen service number" in err and "123.456.782" not in err


def test_after_five_thousand_placeholder_rows(database, tmp_path, capsys):
    values = ["000000000"] * 5000 + ["111222333", "123456782"]
    err = refused(database, tmp_path, capsys, contacts(len(values), {"kenmerk": values}))
    assert "column 'kenmerk': nine digits passing the eleven test" in err


def test_in_forty_percent_of_rows_among_other_numbers(database, tmp_path, capsys):
    """60% registration numbers (which pass the eleven test one time in eleven), 40% BSNs."""
    rng = np.random.default_rng(4)
    bsns = [n for n in (f"{x:09d}" for x in rng.integers(100_000_000, 999_999_999, 20_000))
            if privacy.passes_eleven_test(n)][:800]
    others = [f"{x:09d}" for x in rng.integers(100_000_000, 999_999_999, 1200)]
    values = list(rng.permutation(bsns + others))
    err = refused(database, tmp_path, capsys, contacts(len(values), {"kenmerk": values}))
    assert "column 'kenmerk': nine digits passing the eleven test" in err


def test_a_column_of_nine_digit_registration_numbers_is_not_a_bsn_column():
    numbers = pd.Series([str(n) for n in range(100_000_000, 100_020_000)])
    assert not privacy.looks_like_bsn(numbers)
    assert privacy.looks_like_bsn(pd.Series(["111222333", "123456782", "", None]))


@pytest.mark.parametrize("value", [
    "WK060606", "BU06060302", "04-03-2025 12:30", "2025-03-04T09:15:00", "04-03-2025 1:30", "K000123", "100000001",
    "in 2024 is 12 keer gebeld", "dossier 2025-0012", "1.234.567", "€ 1.250,00", "Groenoord en Kethel", "versie 3.2.1",
    "C0100000001", "K0612345678",  # contact numbers whose digits would make a phone number on their own
])
def test_ordinary_values_pass(value):
    assert privacy.identifying(value) is None
    assert not privacy.looks_like_bsn(pd.Series([value, value + " ", "x"]))


def test_an_ordinary_file_with_remarks_loads(sqlite_url, tmp_path):
    frame = contacts(3, {"opmerking": ["in 2024 is 12 keer gebeld", "terugbellen 04-03-2025 13:00", ""]})
    frame.to_csv(tmp_path / "contacten.csv", sep=";", index=False)
    assert ingest(sqlite_url, tmp_path / "contacten.csv", "contacts").status == "loaded"


# Headers -----------------------------------------------------------------------------------------

PERSONAL_HEADERS = [
    ("Klantnaam", "name"), ("cliënt", "a person (name or number)"), ("Cliënt", "a person (name or number)"),
    ("Burger service nummer", "citizen service number"), ("BSNnr", "citizen service number"),
    ("B.S.N.", "citizen service number"), ("bsn_client", "citizen service number"), ("Sofinummer", "citizen service number"),
    ("Gebdat", "birth date"), ("geboren op", "birth date"), ("Geb. datum", "birth date"), ("Geboortedatum", "birth date"),
    ("Date of birth", "birth date"), ("woonlocatie", "address"), ("Woonplaats", "address"), ("Adres", "address"),
    ("Straat", "address"), ("Straatnaam", "address"), ("pc_hnr", "postcode"), ("Huisnummer", "house number"),
    ("Huisnr.", "house number"), ("Postcode", "postcode"), ("Telnr", "phone"), ("Telefoon", "phone"),
    ("Telefoonnummer", "phone"), ("Mobiel nummer", "phone"), ("Phone number", "phone"), ("E-mail", "e-mail"),
    ("E-mailadres", "e-mail"), ("email_address", "e-mail"), ("IBAN", "bank account"), ("Rekeningnummer", "bank account"),
    ("VoorlettersAchternaam", "name"), ("voorlettersachternaam", "name"), ("Naam", "name"), ("Naam cliënt", "name"),
    ("Achternaam", "name"), ("Voornaam", "name"), ("Voorletters", "name"), ("Last name", "name"), ("FirstName", "name"),
    ("Contactpersoon", "name"), ("Tussenvoegsel", "name"),
]


@pytest.mark.parametrize(("header", "what"), PERSONAL_HEADERS, ids=[h for h, _ in PERSONAL_HEADERS])
def test_personal_headers(header, what):
    """``what`` as data/personal_headers.csv names it; messages say it in the reader's language."""
    assert privacy.personal_header(header) == privacy.KINDS_OF_DATA[what]


def test_every_kind_of_personal_data_in_the_header_file_has_a_message():
    with privacy.HEADER_FILE.open(encoding="utf-8-sig", newline="") as handle:
        kinds = {row["what"].strip() for row in csv.DictReader(line for line in handle if not line.startswith("#"))}
    assert kinds == set(privacy.KINDS_OF_DATA)


def ordinary_headers() -> list[str]:
    with (DATA_DIR / "ingest_aliases.csv").open(encoding="utf-8") as handle:
        aliases = [row["alias"] for row in csv.DictReader(handle) if row["field"] == "column"]
    templates = [h for kind in KINDS for h in next(csv.reader((DATA_DIR / "templates" / f"{kind}.csv").open()))]
    fields = [name for kind in KINDS.values() for name in kind.fields()]
    return sorted(set(aliases + templates + fields + ["Wijknaam", "gebiedsnaam", "Contactnummer", "opmerking", "kenmerk"]))


@pytest.mark.parametrize("header", ordinary_headers())
def test_headers_an_export_uses_are_not_personal(header):
    assert privacy.personal_header(header) is None


def test_a_personal_header_refuses_the_file(database, tmp_path, capsys):
    err = refused(database, tmp_path, capsys, contacts(2, {"VoorlettersAchternaam": ["", ""], "pc_hnr": ["", ""]}))
    assert "column 'VoorlettersAchternaam': name" in err and "column 'pc_hnr': postcode" in err


# File names --------------------------------------------------------------------------------------

HOSTILE_NAME = "client 123456782 Jan Jansen Broersvest 12.csv"


@pytest.mark.parametrize(("name", "stored"), [
    ("contacten-2026-01.csv", "contacten-2026-01.csv"),
    ("okt-dec.csv", "okt-dec.csv"),
    ("Wachttijden WOT-OOST 2025 v2.xlsx", "Wachttijden WOT-OOST 2025 v2.xlsx"),
    ("Nieuwland contacten 20260131.csv", "Nieuwland contacten 20260131.csv"),
    (HOSTILE_NAME, None),
    ("Jan Jansen.csv", None),
    ("contacten 123456782.csv", None),
    ("export j.jansen@example.nl.csv", None),
    ("contacten 06-12345678.csv", None),
    ("[klik](https://example.com).csv", None),
])
def test_file_labels(name, stored):
    label = privacy.file_label(name, "ab" * 32, {"nieuwland", "wot", "oost"})
    if stored:
        assert label == stored
    else:
        assert label == f"export ({Path(name).suffix}), sha256 {'ab' * 6}…"


def test_an_identifying_file_name_never_reaches_the_database_or_the_page(tmp_path, sqlite_demo_url, monkeypatch):
    url = copy_of(sqlite_demo_url, tmp_path)
    path = tmp_path / HOSTILE_NAME
    contacts(3).to_csv(path, sep=";", index=False)
    assert main(["ingest", str(path), "--kind", "contacts", "--db", url]) == 0
    database = Database(url)
    log = database.read(select(schema.load_log))
    database.dispose()
    stored = log[log["kind"] == "contacts"]["file_name"].tolist()
    assert len(stored) == 1 and stored[0].startswith("export (.csv), sha256 ")
    dump = Path(url.removeprefix("sqlite:///")).read_bytes()
    for part in ("Jansen", "123456782", "Broersvest"):
        assert part.encode() not in dump
    monkeypatch.setenv("WIJKMONITOR_DATABASE_URL", url)
    st.cache_data.clear()
    st.cache_resource.clear()
    test = AppTest.from_file(str(APP), default_timeout=60)
    test.run()
    test.switch_page("pages/over_de_data.py").run()
    assert not test.exception
    shown = as_read(" ".join(t.value.to_csv() for t in test.table) + " ".join(str(m.value) for m in test.markdown))
    assert stored[0] in shown
    for part in ("Jansen", "123456782", "Broersvest"):
        assert part not in shown
