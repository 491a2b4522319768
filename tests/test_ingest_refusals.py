"""A catalogue of malformed and hostile exports: each is refused with exit status 2 and a clear
message naming the row and column, and the database stays byte for byte the same.

The catalogue reads the messages in English (``LANG=en_GB.UTF-8``), so it checks the English
translations too; a refusal in Dutch, the default, is checked whole below."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from openpyxl import Workbook

from dashboard.cli import main
from queries.ingest import privacy
from tests.cli_language import speak
from tests.conftest import copy_of
from tests.test_ingest import checksum

HEADER = "contactnummer,datum,gebied,vraagtype,kanaal,uitkomst\n"
GOOD = "C1,2025-03-04,WK060606,huisvesting,telefoon,dossier\n"
WAITS = "dienst,gebied,aanvraagdatum,startdatum\n"
SURVEY = "golf,gebied,enquete,vraag,antwoord\n"
CASELOAD = "team,maand,medewerkers,fte,open dossiers,afgesloten dossiers,multiprobleem,integraal plan\n"


def xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# (name, kind, file content, extra arguments, what the message must say)
CATALOGUE = [
    ("empty file", "contacts", b"", [], "is empty"),
    ("only blank lines", "contacts", b"\n\n  \n", [], "is empty"),
    ("header without rows", "contacts", HEADER.encode(), [], "has a header but no rows"),
    ("binary data", "contacts", b"\x00\x01\x02binary\x00" * 20, [], "neither a CSV file nor an Excel (.xlsx) file"),
    ("old excel format", "contacts", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, [], "old Excel format (.xls)"),
    ("zip that is no workbook", "contacts", b"PK\x03\x04" + b"nonsense" * 10, [], "not a readable Excel file"),
    ("neither utf-8 nor windows-1252", "contacts", (HEADER + "C1,2025-03-04,WK060606,huisvesting,telefoon,dossier\x81\n").encode("latin-1"),
     [], "neither UTF-8 nor Windows-1252"),
    ("missing columns", "contacts", b"datum,gebied\n2025-03-04,WK060606\n", [],
     "missing column 'question_type' (for instance 'vraagtype')"),
    ("misspelt header", "contacts", (HEADER.replace("uitkomst", "uitkomts") + GOOD).encode(), [],
     "missing column 'outcome' (for instance 'uitkomst'); is 'uitkomts' meant?"),
    ("two date columns", "contacts", (HEADER.replace("\n", ",date\n") + GOOD.replace("\n", ",2025-03-04\n")).encode(), [],
     "columns 'datum' and 'date' are both the date column"),
    ("ragged row", "contacts", (HEADER + GOOD + "C2,2025-03-04,WK060606,adl,telefoon,dossier,extra,more\n").encode(), [],
     "not a well-formed CSV file: Expected 6 fields in line 3, saw 8"),
    ("unknown area", "contacts", (HEADER + "C1,2025-03-04,Nieuwlnd,adl,telefoon,dossier\n").encode(), [],
     "row 2, column 'gebied': unknown area 'Nieuwlnd'; did you mean 'Nieuwland'?"),
    ("unknown channel", "contacts", (HEADER + "C1,2025-03-04,WK060606,adl,telefax,dossier\n").encode(), [],
     "row 2, column 'kanaal': unknown channel 'telefax'"),
    ("unknown question type", "contacts", (HEADER + "C1,2025-03-04,WK060606,Financien en schuld,telefoon,dossier\n").encode(), [],
     "unknown question type 'Financien en schuld'; did you mean 'Financiën en schulden'?"),
    ("unknown outcome", "contacts", (HEADER + "C1,2025-03-04,WK060606,adl,telefoon,doorverwezen\n").encode(), [],
     "row 2, column 'uitkomst': unknown outcome 'doorverwezen'"),
    ("empty required cell", "contacts", (HEADER + "C1,2025-03-04,,adl,telefoon,dossier\n").encode(), [],
     "row 2, column 'gebied': empty; a value is required"),
    ("impossible date", "contacts", (HEADER + "C1,31-02-2025,WK060606,adl,telefoon,dossier\n").encode(), [],
     "row 2, column 'datum': impossible date: '31-02-2025'"),
    ("not a date", "contacts", (HEADER + "C1,gisteren,WK060606,adl,telefoon,dossier\n").encode(), [],
     "row 2, column 'datum': not a date; use 31-12-2024 or 2024-12-31: 'gisteren'"),
    ("two-digit year", "contacts", (HEADER + "C1,04-03-25,WK060606,adl,telefoon,dossier\n").encode(), [], "not a date"),
    ("future date", "contacts", (HEADER + "C1,01-01-2999,WK060606,adl,telefoon,dossier\n").encode(), [],
     "row 2, column 'datum': date in the future: '01-01-2999'"),
    ("implausible old date", "contacts", (HEADER + "C1,1899-12-31,WK060606,adl,telefoon,dossier\n").encode(), [],
     "implausible date (before 01-01-1990)"),
    ("duplicate contact ids", "contacts", (HEADER + GOOD + GOOD.replace("dossier", "ki")).encode(), [],
     "row 3, column 'contactnummer': duplicate contact id, also on row 2"),
    ("case weight out of range", "contacts", (HEADER.replace("\n", ",zwaarte\n") + GOOD.replace("\n", ",7\n")).encode(), [],
     "row 2, column 'zwaarte': more than 3: '7'"),
    ("many problems are capped", "contacts", (HEADER + "C{},2025-03-04,WK069999,adl,telefoon,dossier\n" * 1).encode()
     + "".join(f"D{i},2025-03-04,WK069999,adl,telefoon,dossier\n" for i in range(30)).encode(), [], "… and 11 more"),
    ("personal data columns", "contacts", (HEADER.replace("\n", ",BSN,Naam client,Geboortedatum\n")
                                            + GOOD.replace("\n", ",,,\n")).encode(), [],
     "contains personal data and is refused"),
    ("address columns", "contacts", (HEADER.replace("\n", ",Postcode,Huisnummer,E-mail,Telefoonnummer\n")
                                     + GOOD.replace("\n", ",,,,\n")).encode(), [], "column 'Telefoonnummer': phone"),
    ("citizen service numbers under an innocent name", "contacts",
     (HEADER.replace("\n", ",kenmerk\n") + GOOD.replace("\n", ",111222333\n")).encode(), [],
     "column 'kenmerk': nine digits passing the eleven test"),
    ("start before request", "waits", (WAITS + "jeugdhulp,WK060601,10-03-2025,01-03-2025\n").encode(), [],
     "row 2, column 'startdatum': start '01-03-2025' before the request '10-03-2025'"),
    ("unknown service", "waits", (WAITS + "huishoudelijke hulp,WK060601,10-03-2025,\n").encode(), [],
     "unknown service 'huishoudelijke hulp'"),
    ("answer out of scale", "survey", (SURVEY + "2025,WOT-OOST,clienten,snel_geholpen,7\n").encode(), [],
     "answer '7' is not a whole number from 1 to 5 (eens)"),
    ("question of another survey", "survey", (SURVEY + "2025,WOT-OOST,medewerkers,snel_geholpen,7\n").encode(), [],
     "unknown question 'snel_geholpen' of survey 'medewerkers'"),
    ("wave in the future", "survey", (SURVEY + "2999,WOT-OOST,clienten,snel_geholpen,4\n").encode(), [], "more than 20"),
    ("answer not a number", "survey", (SURVEY + "2025,WOT-OOST,clienten,snel_geholpen,ja hoor\n").encode(), [],
     "not a number and not a known answer: 'ja hoor'"),
    ("district where a team is required", "caseload", (CASELOAD + "WK060601,2025-03,10,8,100,5,20,10\n").encode(), [],
     "WK060601 is a district, not a team area"),
    ("negative count", "caseload", (CASELOAD + "WOT-OOST,2025-03,10,8,-100,5,20,10\n").encode(), [],
     "column 'open dossiers': negative number: '-100'"),
    ("text where a number belongs", "caseload", (CASELOAD + "WOT-OOST,2025-03,tien,8,100,5,20,10\n").encode(), [],
     "column 'medewerkers': not a number: 'tien'"),
    ("more plans than households", "caseload", (CASELOAD + "WOT-OOST,2025-03,10,\"8,5\",100,5,20,30\n").encode(), [],
     "more integrated plans than multi-problem households"),
    ("team twice in a month", "caseload", (CASELOAD + "WOT-OOST,2025-03,10,8,100,5,20,10\n"
                                           "WOT Oost,maart 2025,10,8,100,5,20,10\n").encode(), [],
     "row 3: a second row for WOT-OOST in 2025-03 (first on row 2)"),
    ("not a month", "caseload", (CASELOAD + "WOT-OOST,Q1 2025,10,8,100,5,20,10\n").encode(), [], "not a month"),
    ("sheet option on a csv", "contacts", (HEADER + GOOD).encode(), ["--sheet", "Blad1"], "--sheet only applies to Excel files"),
    ("missing sheet", "contacts", xlsx([HEADER.strip().split(","), GOOD.strip().split(",")]), ["--sheet", "Contacten"],
     "has no sheet 'Contacten'; its sheets are Sheet"),
    ("empty workbook", "contacts", xlsx([]), [], "has no header row"),
    ("excel row too wide", "contacts", xlsx([HEADER.strip().split(","), [*GOOD.strip().split(","), None, "x"]]), [],
     "row 2 has 7 or more cells, the header 6"),
]


@pytest.fixture(autouse=True)
def english(monkeypatch):
    speak(monkeypatch, "en")


@pytest.fixture(scope="module")
def database(tmp_path_factory, sqlite_demo_url):
    url = copy_of(sqlite_demo_url, tmp_path_factory.mktemp("refusals"))
    return url, checksum(url)


def test_the_catalogue_is_large_enough():
    assert len(CATALOGUE) >= 25


@pytest.mark.parametrize(("name", "kind", "content", "extra", "message"), CATALOGUE, ids=[c[0] for c in CATALOGUE])
def test_refused_with_a_clear_message_and_nothing_changed(database, tmp_path, capsys, name, kind, content, extra, message):
    url, before = database
    path = tmp_path / ("export.xlsx" if content.startswith(b"PK") else "export.csv")
    path.write_bytes(content)
    status = main(["ingest", str(path), "--kind", kind, "--db", url, *extra])
    out, err = capsys.readouterr()
    assert status == 2 and out == ""
    assert message in err
    assert checksum(url) == before


def test_a_missing_file(database, capsys):
    url, before = database
    assert main(["ingest", "/nonexistent/export.csv", "--kind", "contacts", "--db", url]) == 2
    assert "does not exist or is not a file" in capsys.readouterr().err
    assert checksum(url) == before


def test_refusals_never_repeat_personal_values(database, tmp_path, capsys):
    url, _ = database
    path = tmp_path / "export.csv"
    path.write_text(HEADER.replace("\n", ",naam,kenmerk\n") + GOOD.replace("\n", ",Jan Jansen,111222333\n"))
    assert main(["ingest", str(path), "--kind", "contacts", "--db", url]) == 2
    err = capsys.readouterr().err
    assert "'naam': name" in err and "Jan Jansen" not in err and "111222333" not in err


def test_a_refusal_in_dutch_and_in_english_line_by_line(database, tmp_path, capsys, monkeypatch):
    url, before = database
    path = tmp_path / "export.csv"
    path.write_text(HEADER + "C1,2025-03-04,Nieuwlnd,adl,telefoon,dossier\nC2,31-02-2025,WK060606,adl,telefoon,dossier\n")
    speak(monkeypatch, "nl")
    assert main(["ingest", str(path), "--kind", "contacts", "--db", url]) == 2
    assert capsys.readouterr() == ("", "wijkmonitor ingest: fout: export.csv: 2 problemen; er is niets geladen\n"
                                       "  rij 2, kolom 'gebied': onbekend gebied 'Nieuwlnd'; bedoelde u 'Nieuwland'?\n"
                                       "  rij 3, kolom 'datum': onmogelijke datum: '31-02-2025'\n")
    speak(monkeypatch, "en")
    assert main(["ingest", str(path), "--kind", "contacts", "--db", url]) == 2
    assert capsys.readouterr() == ("", "wijkmonitor ingest: error: export.csv: 2 problems; nothing was loaded\n"
                                       "  row 2, column 'gebied': unknown area 'Nieuwlnd'; did you mean 'Nieuwland'?\n"
                                       "  row 3, column 'datum': impossible date: '31-02-2025'\n")
    assert checksum(url) == before


def test_personal_data_is_named_in_dutch_by_default(database, tmp_path, capsys, monkeypatch):
    url, _ = database
    path = tmp_path / "export.csv"
    path.write_text(HEADER.replace("\n", ",Naam client,opmerking\n") + GOOD.replace("\n", ",,mail j@example.nl of bel 0612345678\n"))
    speak(monkeypatch, "nl")
    assert main(["ingest", str(path), "--kind", "contacts", "--db", url]) == 2
    assert capsys.readouterr().err == ("wijkmonitor ingest: fout: export.csv bevat persoonsgegevens en wordt geweigerd; "
                                       "verwijder deze kolommen en exporteer opnieuw\n  kolom 'Naam client': naam\n")
    path.write_text(HEADER.replace("\n", ",opmerking\n") + GOOD.replace("\n", ",mail j@example.nl\n")
                    + GOOD.replace("C1", "C2").replace("\n", ",bel 0612345678\n"))
    assert main(["ingest", str(path), "--kind", "contacts", "--db", url]) == 2
    assert capsys.readouterr().err.endswith("\n  kolom 'opmerking': e-mailadres, telefoonnummer\n")


@pytest.mark.parametrize(
    ("header", "what"),
    [("BSN", "burgerservicenummer"), ("Naam cliënt", "naam"), ("Achternaam", "naam"), ("E-mailadres", "e-mail"),
     ("Geboortedatum", "geboortedatum"), ("Date of birth", "geboortedatum"), ("Postcode", "postcode"),
     ("Huisnr.", "huisnummer"), ("Mobiel", "telefoon"), ("Straat", "adres")],
)
def test_personal_headers(header, what):
    assert privacy.personal_header(header) == what


@pytest.mark.parametrize("header", ["gebied", "Wijknaam", "vraagtype", "Contactnummer", "zwaarte", "kanaal", "datum"])
def test_ordinary_headers_are_not_personal(header):
    assert privacy.personal_header(header) is None


def test_eleven_test():
    assert privacy.passes_eleven_test("111222333") and privacy.passes_eleven_test("123456782")
    assert not privacy.passes_eleven_test("123456789") and not privacy.passes_eleven_test("000000000")
    # Nine-digit registration numbers pass one time in eleven: such a column is not mistaken for BSNs.
    numbers = pd.Series([str(n) for n in range(100_000_000, 100_002_000)])
    assert not privacy.looks_like_bsn(numbers)
    assert privacy.looks_like_bsn(pd.Series(["111222333", "123456782", "", None]))
