"""Files made to break the loader: each gets exit status 2 and one line, the database stays the same,
and memory stays under the documented bound (measured with getrusage in a separate process).
The bombs are built here, small on disk. Also: counts beyond the bound, strict number parsing,
replacing only the months a file holds, and reloading a comparison municipality's wave.
Messages are read in English (``LANG=en_GB.UTF-8``) unless a test says otherwise."""

from __future__ import annotations

import io
import json
import re
import struct
import subprocess
import sys
import zipfile
import zlib
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import func, select

from dashboard.cli import main
from queries import schema
from queries.database import Database
from queries.ingest import ingest, reading
from queries.ingest.validation import MAX_VALUE, _parse_number
from queries.messages import lines
from tests.cli_language import speak
from tests.conftest import copy_of
from tests.test_ingest import checksum, read
from tests.test_ingest_refusals import xlsx

PROJECT = Path(__file__).resolve().parent.parent
PEAK_BOUND_MB = 500  # docs/importing-data.md, "Limits"
HEADER = "contactnummer;datum;gebied;vraagtype;kanaal;uitkomst"
ROW = "C{};04-03-2025;WK060606;huisvesting;telefoon;dossier"
CASELOAD = "team;maand;medewerkers;fte;open dossiers;afgesloten dossiers;multiprobleem;integraal plan\n"


@pytest.fixture(autouse=True)
def english(monkeypatch):
    speak(monkeypatch, "en")


def contacts_csv(n: int = 3, newline: str = "\n") -> str:
    return newline.join([HEADER, *(ROW.format(i) for i in range(n))]) + newline


@pytest.fixture
def database(tmp_path_factory, sqlite_demo_url):
    """A copy of its own per test, so that one test's failure cannot spill into the next."""
    url = copy_of(sqlite_demo_url, tmp_path_factory.mktemp("limits"))
    return url, checksum(url)


def run_measured(path: Path, url: str, kind: str = "contacts") -> tuple[int, str, str, float]:
    """`wijkmonitor ingest` in a fresh process: status, stdout, stderr and its peak resident memory in MB.

    Linux carries a process's peak over into a child it forks, so the load runs as the child of a
    small launcher, not of this test process, and the launcher reports its children's peak."""
    load = f"import sys; from dashboard.cli import main; sys.exit(main(['ingest', {str(path)!r}, '--kind', {kind!r}, '--db', {url!r}]))"
    launcher = (
        "import json, resource, subprocess, sys\n"
        f"status = subprocess.run([sys.executable, '-c', {load!r}]).returncode\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"  # kB on Linux
        "print(json.dumps({'status': status, 'peak': peak}), file=sys.stderr)\n"
    )
    # The timeout only keeps a regression from hanging the suite; speed is not asserted here.
    done = subprocess.run([sys.executable, "-c", launcher], cwd=PROJECT, capture_output=True, text=True, timeout=300)
    *lines, last = done.stderr.strip().splitlines()
    result = json.loads(last)
    return result["status"], done.stdout, "\n".join(lines), result["peak"]


def assert_refused_in_one_line(status: int, out: str, err: str, message: str) -> None:
    assert status == 2 and out == ""
    assert len(err.splitlines()) == 1, err
    assert message in err and "Traceback" not in err


# Malformed CSV -----------------------------------------------------------------------------------

MALFORMED = [
    ("byte-order mark only", b"\xef\xbb\xbf", "is empty"),
    ("byte-order mark and blank lines", b"\xef\xbb\xbf\r\n\r\n", "is empty"),
    ("header field over 131,072 characters", ("x" * 140_000 + ";" + HEADER + "\n" + ROW.format(1) + ";1\n").encode(),
     "header cell 1 is longer than 32,767 characters"),
    ("header line over 1 MiB", (";".join(f"kolom{i}" for i in range(120_000)) + "\n1;2\n").encode(),
     "the header line is longer than 1 MiB"),
    ("cell over 32,767 characters", (HEADER + ";opmerking\n" + ROW.format(1) + ";" + "x" * 40_000 + "\n").encode(),
     "row 2, column 'opmerking': a cell longer than 32,767 characters"),
    ("line of 3 MB", (HEADER + ";opmerking\n" + ROW.format(1) + ";kort\n" + ROW.format(2) + ";" + "x;" * 1_500_000 + "\n"
                      + ROW.format(3) + ";kort\n").encode(), "is longer than 1 MiB"),
    ("line of 1.2 MB with 600,000 cells", (HEADER + ";opmerking\n" + ROW.format(2) + ";" + "x;" * 600_000 + "\n").encode(),
     "not a well-formed CSV file: Expected 7 fields in line 2, saw 600007"),
    ("quoted cell of 1.2 MB across lines", (HEADER + ";opmerking\n" + ROW.format(1) + ';"' + "regel\n" * 200_000 + '"\n').encode(),
     "row 2, column 'opmerking': a cell longer than 32,767 characters"),
    ("quoted cell of 6 MB across lines", (HEADER + ";opmerking\n" + ROW.format(1) + ';"' + "regel\n" * 1_000_000 + '"\n'
                                          + ROW.format(2) + ";kort\n").encode(), "is longer than 1 MiB"),
    ("CR-only line ends with a wrong row", contacts_csv(2, "\r").replace("WK060606", "WK069999").encode(),
     "unknown area 'WK069999'"),
]


@pytest.mark.parametrize(("name", "content", "message"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_csv_gets_one_line(database, tmp_path, capsys, name, content, message):
    url, before = database
    path = tmp_path / "export.csv"
    path.write_bytes(content)
    status = main(["ingest", str(path), "--kind", "contacts", "--db", url])
    out, err = capsys.readouterr()
    assert status == 2 and out == "" and message in err and "Traceback" not in err
    assert err.splitlines()[0].startswith("wijkmonitor ingest: error: ")
    if "wrong row" not in name:
        assert len(err.splitlines()) == 1, err
    assert checksum(url) == before


def test_cr_only_line_ends_load_like_lf(sqlite_url, tmp_path):
    (tmp_path / "lf.csv").write_text(contacts_csv(5), newline="")
    (tmp_path / "cr.csv").write_text(contacts_csv(5, "\r"), newline="")
    lf = ingest(sqlite_url, tmp_path / "lf.csv", "contacts", dry_run=True)
    cr = ingest(sqlite_url, tmp_path / "cr.csv", "contacts", dry_run=True)
    assert (cr.rows_read, cr.rows_written, cr.first) == (lf.rows_read, lf.rows_written, lf.first) == (5, 1, date(2025, 3, 1))


@pytest.mark.parametrize("quoted", [False, True], ids=["one line", "quoted across lines"])
def test_a_250_mb_field_is_refused_in_bounded_memory(database, tmp_path, quoted):
    url, before = database
    path = tmp_path / "export.csv"
    with path.open("w") as handle:
        handle.write(HEADER + ";opmerking\n" + ROW.format(1) + (';"' if quoted else ";"))
        block = ("x" * 99 + "\n") if quoted else "x" * 100
        for _ in range(2_500):
            handle.write(block * 1000)  # 100 kB at a time: 250 MB in all
        handle.write('"\n' if quoted else "\n")
    status, out, err, peak = run_measured(path, url)
    assert_refused_in_one_line(status, out, err, "is longer than 1 MiB")
    assert peak < PEAK_BOUND_MB, f"peak {peak:.0f} MB"
    assert checksum(url) == before


# XLSX bombs --------------------------------------------------------------------------------------

def rewrite(content: bytes, member: str, change) -> bytes:
    """The XLSX with one member's text changed."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info.filename, change(data) if info.filename == member else data)
    return buffer.getvalue()


def lie_about_size(content: bytes, member: str, size: int) -> bytes:
    """Set the uncompressed size a ZIP declares for ``member`` (local header and central directory)."""
    data = bytearray(content)
    name = member.encode()
    at = 0
    while (at := data.find(b"PK\x03\x04", at)) >= 0:  # local headers: size at offset 22
        length = struct.unpack_from("<H", data, at + 26)[0]
        if bytes(data[at + 30: at + 30 + length]) == name:
            struct.pack_into("<I", data, at + 22, size)
        at += 4
    at = 0
    while (at := data.find(b"PK\x01\x02", at)) >= 0:  # central directory: size at offset 24
        length = struct.unpack_from("<H", data, at + 28)[0]
        if bytes(data[at + 46: at + 46 + length]) == name:
            struct.pack_into("<I", data, at + 24, size)
        at += 4
    return bytes(data)


def deflated_member(name: str, head: bytes, repeat: bytes, times: int, tail: bytes) -> tuple[zipfile.ZipInfo, bytes, int, int]:
    """A deflated ZIP member built piece by piece, so gigabytes never sit in memory: info, data, crc, size."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    crc, size, parts = 0, 0, []
    for piece in [head, *([repeat] * times), tail]:
        crc = zlib.crc32(piece, crc)
        size += len(piece)
        parts.append(compressor.compress(piece))
    parts.append(compressor.flush())
    return name, b"".join(parts), crc, size


def xlsx_with_huge_member(member: str, head: bytes, repeat: bytes, times: int, tail: bytes, declared: int | None = None) -> bytes:
    """A small valid workbook whose ``member`` is replaced by a deflate bomb (declared size honest unless given)."""
    base = zipfile.ZipFile(io.BytesIO(xlsx([HEADER.split(";"), ROW.format(1).split(";")])))
    name, compressed, crc, size = deflated_member(member, head, repeat, times, tail)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in base.infolist():
            if info.filename != member:
                target.writestr(info.filename, base.read(info))
        # Write the bomb member raw: a local header, the deflated data, and a matching central entry.
        info = zipfile.ZipInfo(member, date_time=(2025, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        info.CRC, info.compress_size, info.file_size = crc, len(compressed), size
        info.header_offset = buffer.tell()
        target.fp.write(info.FileHeader(zip64=False))
        target.fp.write(compressed)
        target.start_dir = target.fp.tell()
        target.filelist.append(info)
        target.NameToInfo[member] = info
    content = buffer.getvalue()
    return lie_about_size(content, member, declared) if declared is not None else content


def test_a_sheet_claiming_a1_to_xfd1048576_reads_only_its_rows(sqlite_url, tmp_path):
    content = rewrite(xlsx([HEADER.split(";"), ROW.format(1).split(";")]), "xl/worksheets/sheet1.xml",
                      # with or without a space before "/>": openpyxl writes either, as lxml is installed or not
                      lambda xml: re.sub(rb'<dimension ref="A1:F2"\s*/>', b'<dimension ref="A1:XFD1048576" />', xml))
    assert b"XFD1048576" in zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    assert len(content) < 10_000
    path = tmp_path / "claim.xlsx"
    path.write_bytes(content)
    source = reading.inspect(path)
    chunks = list(reading.chunks(source))
    assert source.header == HEADER.split(";")
    assert [len(c.frame) for c in chunks] == [1] and chunks[0].frame.shape == (1, 6)
    status, out, err, peak = run_measured(path, sqlite_url)
    assert status == 0 and "1 row of contacts" in out and peak < PEAK_BOUND_MB


ROW_XML = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' + b" " * 16000  # spaces: a tighter bomb
SHEET_HEAD = b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
STRINGS_HEAD = b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


BOMBS = [
    # 1.5 GB unpacked, declared honestly: refused on the declared sizes before anything is unpacked.
    ("sheet of 1.5 GB", "xl/worksheets/sheet1.xml", SHEET_HEAD, ROW_XML, 1_500_000_000 // len(ROW_XML),
     b"</sheetData></worksheet>", None, "unpacks to 1.4 GiB, more than the 1 GiB"),
    # Texts declared as 2 kB: Python's zipfile stops at the declared size, and the checksum fails.
    ("shared strings of 150 MB declared small", "xl/sharedStrings.xml", STRINGS_HEAD, b"<si><t>abc</t></si>",
     150_000_000 // 19, b"</sst>", 2000, "is not a readable Excel file (BadZipFile)"),
    ("shared strings of 150 MB", "xl/sharedStrings.xml", STRINGS_HEAD, b"<si><t>abc</t></si>",
     150_000_000 // 19, b"</sst>", None, "MiB of text, more than the 32 MiB"),
    ("one cell of 20 MB", "xl/sharedStrings.xml", STRINGS_HEAD + b"<si><t>", b"x" * 1000, 20_000, b"</t></si></sst>",
     None, "holds a cell longer than 32,767 characters"),
]


@pytest.mark.parametrize(("name", "member", "head", "repeat", "times", "tail", "declared", "message"), BOMBS,
                         ids=[b[0] for b in BOMBS])
def test_xlsx_bombs_are_refused_in_bounded_memory(database, tmp_path, name, member, head, repeat, times, tail,
                                                  declared, message):
    url, before = database
    content = xlsx_with_huge_member(member, head, repeat, times, tail, declared)
    assert len(content) < 2_000_000  # small on disk
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(content)
    status, out, err, peak = run_measured(path, url)
    assert_refused_in_one_line(status, out, err, message)
    assert peak < PEAK_BOUND_MB, f"peak {peak:.0f} MB"
    assert checksum(url) == before


def test_xml_with_a_document_type_is_refused(database, tmp_path, capsys):
    url, before = database
    content = rewrite(xlsx([HEADER.split(";"), ROW.format(1).split(";")]), "xl/worksheets/sheet1.xml",
                      lambda xml: b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>' + xml)
    path = tmp_path / "entities.xlsx"
    path.write_bytes(content)
    assert main(["ingest", str(path), "--kind", "contacts", "--db", url]) == 2
    assert "XML with a document type" in capsys.readouterr().err
    assert checksum(url) == before


# Numbers -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "value"), [
    ("141", 141), ("9,2", 9.2), ("9.2", 9.2), ("1.234,5", 1234.5), ("1.234.567", 1234567), ("1,234,567", 1234567),
    ("1,234.5", 1234.5), ("1 234", 1234), ("1\u00a0234,5", 1234.5), ("-5", -5), ("+5", 5), (" 7 ", 7),
])
def test_numbers_as_written_in_dutch_or_english(text, value):
    assert _parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["1_41", "1e3", "1E3", "inf", "nan", "0x10", "١٢", "1.2.3", "12,34,5", "1,2.3", "5-", "--5", "½"])
def test_other_numbers_are_refused(text):
    assert _parse_number(text) == "nan"


COUNTS = [
    ("underscore", "1_41", "column 'open dossiers': not a number: '1_41'"),
    ("beyond the bound", f"{MAX_VALUE + 1}", "more than 10,000,000 (the largest number an export may hold)"),
    ("beyond PostgreSQL's integer", f"{2**31}", "more than 10,000,000"),
    ("beyond SQLite's integer", f"{2**63}", "more than 10,000,000"),
    ("far beyond", "9" * 40, "more than 10,000,000"),
]


@pytest.mark.parametrize(("name", "count", "message"), COUNTS, ids=[c[0] for c in COUNTS])
def test_counts_beyond_the_bound_are_refused(database, tmp_path, capsys, name, count, message):
    url, before = database
    path = tmp_path / "caseload.csv"
    path.write_text(CASELOAD + f"WOT-OOST;2025-03;10;8;{count};5;2;1\n")
    assert main(["ingest", str(path), "--kind", "caseload", "--db", url]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert checksum(url) == before


# What a load replaces ----------------------------------------------------------------------------

def waits(rows: list[tuple[str, str]]) -> str:
    return "dienst;gebied;aanvraagdatum;startdatum\n" + "".join(f"jeugdhulp;WK060601;{r};{s}\n" for r, s in rows)


def test_one_old_row_replaces_its_own_month_only(sqlite_url, tmp_path, capsys, monkeypatch):
    """The issue's case: one waiting-time row dated 1990 in an export of 2025 must not replace 1990-2025."""
    table = schema.waitlist_month
    db = Database(sqlite_url)
    before = db.read(select(func.count()).select_from(table)).iloc[0, 0]
    middle = db.read(select(func.count()).select_from(table).where(table.c.month == date(2020, 6, 1))).iloc[0, 0]
    db.dispose()
    path = tmp_path / "wachttijden.csv"
    path.write_text(waits([("05-03-1990", "20-03-1990"), ("03-02-2025", "17-03-2025"), ("10-03-2025", "")]))
    speak(monkeypatch, "nl")
    assert main(["ingest", str(path), "--kind", "waits", "--db", sqlite_url, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Vervangt wachttijden voor 3 maanden (1990-03, 2025-02 tot en met 2025-03): nu " in out
    assert "Let op: 1990-03 ligt meer dan 12 maanden van de andere maanden in het bestand" in out
    assert "wachttijden.csv gecontroleerd (proefrun, niets geschreven): 3 rijen wachttijden, 1990-03 tot en met 2025-03" in out
    speak(monkeypatch, "en")
    assert main(["ingest", str(path), "--kind", "waits", "--db", sqlite_url, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Replaces waits for 3 months (1990-03, 2025-02 to 2025-03)" in out
    assert "Note: 1990-03 is more than 12 months away from the other months" in out
    assert "Checked (dry run, nothing written)" in out
    assert main(["ingest", str(path), "--kind", "waits", "--db", sqlite_url]) == 0
    plan, done = capsys.readouterr().out.splitlines()[:2]
    assert plan.startswith("Replaces waits for 3 months") and done.startswith("Note:")
    db = Database(sqlite_url)
    after = db.read(select(func.count()).select_from(table)).iloc[0, 0]
    assert db.read(select(func.count()).select_from(table).where(table.c.month == date(2020, 6, 1))).iloc[0, 0] == middle > 0
    months = set(pd.to_datetime(db.read(select(table.c.month).distinct())["month"]).dt.date)
    db.dispose()
    assert date(1990, 3, 1) in months and after > before * 0.9  # the issue saw 19,321 rows drop to 1,598


def test_contacts_replace_the_months_they_hold_not_the_gap(sqlite_url, tmp_path):
    stored = lambda month: read(sqlite_url, schema.contact_month, schema.contact_month.c.month == month)["contacts"].sum()
    untouched = stored(date(2020, 6, 1))
    path = tmp_path / "contacten.csv"
    path.write_text(HEADER + "\n" + ROW.format(1).replace("04-03-2025", "04-03-2015") + "\n" + ROW.format(2) + "\n")
    report = ingest(sqlite_url, path, "contacts")
    assert "2 maanden (2015-03, 2025-03)" in lines(report.plan)
    assert stored(date(2020, 6, 1)) == untouched > 0
    assert stored(date(2015, 3, 1)) == stored(date(2025, 3, 1)) == 1


def test_reloading_a_comparison_wave_replaces_it(sqlite_url, tmp_path):
    """A survey file with a comparison municipality's results, loaded twice (changed in between)."""
    ours = schema.survey_result.c
    peer = lambda: read(sqlite_url, schema.survey_result, (ours.area_code == "PEER-A") & (ours.wave == 2024)
                        & (ours.survey == "clienten"))
    assert len(peer()) > 0  # the demo has it
    for answer in ("4", "5"):
        path = tmp_path / f"enquete-{answer}.csv"
        path.write_text("golf;gebied;enquete;vraag;antwoord\n" + f"2024;PEER-A;clienten;snel_geholpen;{answer}\n" * 3)
        assert main(["ingest", str(path), "--kind", "survey", "--db", sqlite_url]) == 0
    rows = peer()
    assert list(rows["question"]) == ["snel_geholpen"] and int(rows["sum_score"].iloc[0]) == 15
    own = read(sqlite_url, schema.survey_result, (ours.area_code == "WOT-OOST") & (ours.wave == 2024))
    assert len(own) > 0  # a comparison file leaves the municipality's own results of the wave alone
