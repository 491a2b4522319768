"""Reading exports as they come out of registration systems: CSV in the usual Dutch variants, or XLSX.

Everything is read as text in chunks, so memory stays bounded whatever the file; parsing dates,
numbers and categories is the validator's job, not the reader's. The limits below bound memory and
time for any file, however it was made (docs/importing-data.md gives the measured peak memory):
a file that exceeds one is refused with one line, before anything is written.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from queries.messages import N_, Message, UserError, message

CHUNK_ROWS = 200_000  # rows handed to the validators at a time
CHUNK_BYTES = 64 << 20  # ... unless their text reaches this first (wide or wordy files)
MAX_LINE_BYTES = 1 << 20  # a CSV record (a line, or several when a quoted cell holds line breaks)
MAX_CELL_CHARS = 32_767  # the most an Excel cell holds; a longer cell is no export
MAX_COLUMNS = 16_384  # Excel's widest sheet
MAX_ROWS = 10_000_000  # ten times the contacts of a large municipality's year
MAX_XLSX_ROWS = 1_048_576  # Excel's longest sheet
MAX_UNPACKED_BYTES = 1 << 30  # everything in an XLSX file, unpacked
MAX_SHARED_STRINGS_BYTES = 32 << 20  # the texts of an XLSX file, which openpyxl holds in memory (7 times their size)
MAX_ZIP_MEMBERS = 10_000
_MAX_XML_RUN = 4 * MAX_CELL_CHARS + 4096  # bytes between two '<' or '>' in XLSX XML: a cell's text at most
_BLOCK = 1 << 20
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"  # the pre-2007 .xls format


class ReadError(UserError, ValueError):
    """The file cannot be read as a table; the message says why in one line."""


@dataclass
class Source:
    """A file and what was found out about it before reading rows."""

    path: Path
    sha256: str
    format: str  # "csv" or "xlsx"
    encoding: str | None = None
    separator: str | None = None
    sheet: str | None = None
    header: list[str] = field(default_factory=list)
    skip_lines: int = 1  # CSV: lines up to and including the header


@dataclass
class Chunk:
    """Rows of the file as text (an empty cell is "" or None), indexed by their row number in the file
    (the header is row 1)."""

    frame: pd.DataFrame
    _distinct: dict = field(default_factory=dict, repr=False)

    def distinct(self, i: int) -> pd.Series:
        """The distinct non-empty texts of column ``i`` (checks run on these, not on every row)."""
        if i not in self._distinct:
            values = pd.Series(pd.unique(self.frame.iloc[:, i].dropna()), dtype="str")
            self._distinct[i] = values[values.str.strip() != ""]
        return self._distinct[i]


def _mib(n: int) -> Message:
    if n < 1 << 30:
        return message(N_("{size:,} MiB"), size=round(n / (1 << 20)))
    gib = round(n / (1 << 30), 1)
    return message(N_("{size:,} GiB"), size=int(gib)) if gib.is_integer() else message(N_("{size:,.1f} GiB"), size=gib)


def inspect(path: Path, sheet: str | None = None) -> Source:
    """Hash the file and find out its format, text encoding and separator."""
    if not path.is_file():
        raise ReadError(N_("{path} bestaat niet of is geen bestand"), path=path)
    digest = hashlib.sha256()
    utf8 = codecs.getincrementaldecoder("utf-8")()
    is_utf8 = True
    with path.open("rb") as handle:
        start = handle.read(_BLOCK)
        block = start
        while block:
            digest.update(block)
            if is_utf8:
                try:
                    utf8.decode(block)
                except UnicodeDecodeError:
                    is_utf8 = False
            block = handle.read(_BLOCK)
    if is_utf8:
        try:
            utf8.decode(b"", final=True)  # a character cut off at the end of the file
        except UnicodeDecodeError:
            is_utf8 = False
    if not start.strip():
        raise ReadError(N_("{file} is leeg"), file=path.name)
    if start.startswith(_ZIP):
        _check_zip(path)
        return Source(path, digest.hexdigest(), "xlsx", sheet=sheet)
    if start.startswith(_OLE):
        raise ReadError(N_("{file} is in het oude Excel-formaat (.xls); sla het op als .xlsx of als CSV"), file=path.name)
    if sheet is not None:
        raise ReadError(N_("--sheet geldt alleen voor Excel-bestanden; dit is een CSV-bestand"))
    if b"\x00" in start:
        raise ReadError(N_("{file} is geen CSV-bestand en geen Excel-bestand (.xlsx)"), file=path.name)
    encoding = "utf-8-sig" if is_utf8 else "cp1252"
    try:
        text = start.decode(encoding, errors="ignore" if is_utf8 else "strict")
    except UnicodeDecodeError:
        raise ReadError(N_("{file} is geen tekst in UTF-8 of Windows-1252"), file=path.name) from None
    body = text.lstrip("\ufeff\r\n")  # the reader skips blank lines before the header too
    if not body.strip():
        raise ReadError(N_("{file} is leeg"), file=path.name)  # a byte-order mark and blank lines only
    leading = len(text[: len(text) - len(body)].replace("\ufeff", "").splitlines())
    line = body.splitlines()[0]
    if len(start) == _BLOCK and len(line.encode("utf-8")) >= MAX_LINE_BYTES - 4:
        raise ReadError(N_("{file}: de kopregel is langer dan {size}; dit is geen export"), file=path.name,
                        size=_mib(MAX_LINE_BYTES))
    separator = _separator(line)
    header = _header(path.name, body, separator)
    return Source(path, digest.hexdigest(), "csv", encoding=encoding, separator=separator,
                  header=header, skip_lines=leading + 1)


def _separator(line: str) -> str:
    """The separator of the header line: the one of ';', ',' or tab that splits it most."""
    counts = {sep: line.count(sep) for sep in (";", ",", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _header(name: str, text: str, separator: str) -> list[str]:
    limit = csv.field_size_limit(MAX_LINE_BYTES)  # the module's limit is process-wide: restored below
    try:
        cells = next(csv.reader(io.StringIO(text, newline=""), delimiter=separator))
    except csv.Error:
        raise ReadError(N_("{file}: de kopregel is geen geldige CSV"), file=name) from None
    finally:
        csv.field_size_limit(limit)
    if len(cells) > MAX_COLUMNS:
        raise ReadError(N_("{file} heeft {columns:,} kolommen; een export heeft er hoogstens {limit:,}"),
                        file=name, columns=len(cells), limit=MAX_COLUMNS)
    for i, cell in enumerate(cells, start=1):
        if len(cell) > MAX_CELL_CHARS:
            raise ReadError(N_("{file}: kopcel {cell} is langer dan {limit:,} tekens; dit is geen export"),
                            file=name, cell=i, limit=MAX_CELL_CHARS)
    return [_clean_header(cell) for cell in cells]


def chunks(source: Source) -> Iterator[Chunk]:
    """The rows of the file, ``CHUNK_ROWS`` at a time. For Excel files ``source.header`` is set
    when the sheet is opened, before the first chunk; a CSV file's header comes from `inspect`."""
    if source.format == "xlsx":
        yield from _xlsx_chunks(source)
    else:
        yield from _csv_chunks(source)


def _csv_chunks(source: Source) -> Iterator[Chunk]:
    # pyarrow's reader: streaming, in C++, and a record longer than its block is an error rather
    # than a reason to grow a buffer, so one 250 MB cell cannot take gigabytes.
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pcsv

    name = source.path.name
    width = len(source.header)
    positional = [f"c{i}" for i in range(width)]
    wrong: list = []

    def invalid(row) -> str:
        if row.text is not None and not row.text.strip():
            return "skip"  # a line of spaces, as Excel leaves at the end
        wrong.append(row)
        return "skip"

    try:
        reader = _arrow_call(pa, name, lambda: 2, lambda: pcsv.open_csv(
            source.path,
            read_options=pcsv.ReadOptions(block_size=MAX_LINE_BYTES, column_names=positional,
                                          skip_rows=source.skip_lines, encoding=_arrow_encoding(source.encoding),
                                          use_threads=False),
            parse_options=pcsv.ParseOptions(delimiter=source.separator, newlines_in_values=True,
                                            ignore_empty_lines=True, invalid_row_handler=invalid),
            convert_options=pcsv.ConvertOptions(column_types={c: pa.string() for c in positional},
                                                strings_can_be_null=False, quoted_strings_can_be_null=False),
        ))
        row = 2
        batches, size, count = [], 0, 0
        for batch in _batches(reader, name, lambda: row + count):
            if wrong:
                first = wrong[0]
                raise _ill_formed(name, first)
            for i in range(width):
                lengths = pc.utf8_length(batch.column(i))
                if (pc.max(lengths).as_py() or 0) > MAX_CELL_CHARS:
                    at = pc.index(pc.greater(lengths, MAX_CELL_CHARS), True).as_py()
                    raise ReadError(N_("{file} rij {row}, kolom {column!r}: een cel langer dan {limit:,} tekens (meer dan "
                                       "een spreadsheetcel kan bevatten)"),
                                    file=name, row=row + count + at, column=source.header[i], limit=MAX_CELL_CHARS)
            batches.append(batch)
            size += batch.nbytes
            count += batch.num_rows
            if row - 2 + count > MAX_ROWS:
                raise ReadError(N_("{file} heeft meer dan {limit:,} rijen; splits het in kleinere exports"),
                                file=name, limit=MAX_ROWS)
            if count >= CHUNK_ROWS or size >= CHUNK_BYTES:
                yield _arrow_chunk(pa, batches, source.header, row)
                row += count
                batches, size, count = [], 0, 0
        if wrong:
            first = wrong[0]
            raise _ill_formed(name, first)
        if batches:
            yield _arrow_chunk(pa, batches, source.header, row)
    except UnicodeDecodeError:
        raise ReadError(N_("{file} is geen tekst in UTF-8 of Windows-1252"), file=name) from None


def _ill_formed(name: str, first) -> ReadError:
    return ReadError(N_("{file} is geen geldig CSV-bestand: regel {line} heeft {actual} velden, verwacht waren er {expected}"),
                     file=name, line=first.number, actual=first.actual_columns, expected=first.expected_columns)


def _batches(reader, name: str, row):
    """The reader's record batches."""
    import pyarrow as pa

    while True:
        try:
            batch = _arrow_call(pa, name, row, reader.read_next_batch)
        except StopIteration:
            return
        yield batch


def _arrow_call(pa, name: str, row, call):
    """``call()``, with pyarrow's errors as one line that never repeats the file's text."""
    try:
        return call()
    except pa.ArrowInvalid as error:
        if "straddl" in str(error):
            raise ReadError(N_("{file}: een regel na rij {row:,} is langer dan {size} (of een aanhalingsteken wordt nooit "
                               "gesloten); dit is geen export"), file=name, row=row() - 1, size=_mib(MAX_LINE_BYTES)) from None
        raise ReadError(N_("{file} is na rij {row:,} geen geldig CSV-bestand meer"), file=name, row=row() - 1) from None


def _arrow_encoding(encoding: str | None) -> str:
    return "utf8" if encoding in (None, "utf-8", "utf-8-sig") else encoding


def _arrow_chunk(pa, batches: list, header: list[str], row: int) -> Chunk:
    frame = pa.Table.from_batches(batches).to_pandas()
    frame.columns = header
    frame.index = pd.RangeIndex(row, row + len(frame))
    return Chunk(frame)


def _clean_header(name) -> str:
    return str(name).replace("\ufeff", "").strip()


def _check_zip(path: Path) -> None:
    """Refuse an XLSX file that would unpack to more than the limits, before openpyxl opens it:
    first by the sizes the archive declares, then by the bytes it really unpacks to (a declared
    size can lie), and refuse XML with a document type (entity expansion) or one enormous text."""
    name = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                raise ReadError(N_("{file} bestaat uit {parts:,} delen; een Excel-export heeft er een paar dozijn"),
                                file=name, parts=len(members))
            declared = sum(member.file_size for member in members)
            if declared > MAX_UNPACKED_BYTES:
                raise ReadError(N_("{file} is uitgepakt {size}, meer dan de {limit} die een export mag zijn; splits het of "
                                   "sla het op als CSV"), file=name, size=_mib(declared), limit=_mib(MAX_UNPACKED_BYTES))
            total = 0
            for member in members:
                limit = MAX_SHARED_STRINGS_BYTES if member.filename.lower().endswith("sharedstrings.xml") else None
                if limit and member.file_size > limit:
                    raise ReadError(N_("{file} bevat {size} tekst, meer dan de {limit} die een export mag hebben; sla het "
                                       "op als CSV"), file=name, size=_mib(member.file_size), limit=_mib(limit))
                total = _scan_member(archive, member, name, total, limit)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, ValueError) as error:
        if isinstance(error, ReadError):
            raise
        raise ReadError(N_("{file} is geen leesbaar Excel-bestand ({error})"), file=name, error=type(error).__name__) from None


def _scan_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str, total: int, limit: int | None) -> int:
    xml = member.filename.lower().endswith((".xml", ".rels"))
    size = 0
    run = 0  # bytes since the last '<' or '>'
    tail = b""
    with archive.open(member) as part:
        while piece := part.read(_BLOCK):
            size += len(piece)
            total += len(piece)
            if total > MAX_UNPACKED_BYTES:
                raise ReadError(N_("{file} is uitgepakt meer dan {limit}; splits het of sla het op als CSV"),
                                file=name, limit=_mib(MAX_UNPACKED_BYTES))
            if limit and size > limit:
                raise ReadError(N_("{file} bevat meer dan {limit} tekst; sla het op als CSV"), file=name, limit=_mib(limit))
            if not xml:
                continue
            if b"<!DOCTYPE" in tail + piece[:16] or b"<!DOCTYPE" in piece or b"<!ENTITY" in piece:
                raise ReadError(N_("{file} is geen leesbaar Excel-bestand (XML met een documenttype)"), file=name)
            tail = piece[-16:]
            marks = np.flatnonzero((np.frombuffer(piece, np.uint8) == 60) | (np.frombuffer(piece, np.uint8) == 62))
            if not len(marks):
                run += len(piece)
            else:
                longest = max(run + int(marks[0]), int(np.diff(marks).max(initial=0)))
                run = len(piece) - 1 - int(marks[-1])
                if longest > _MAX_XML_RUN:
                    raise ReadError(N_("{file} bevat een cel langer dan {limit:,} tekens"), file=name, limit=MAX_CELL_CHARS)
            if run > _MAX_XML_RUN:
                raise ReadError(N_("{file} bevat een cel langer dan {limit:,} tekens"), file=name, limit=MAX_CELL_CHARS)
    return total


def _xlsx_chunks(source: Source) -> Iterator[Chunk]:
    from openpyxl import load_workbook  # only needed for Excel files

    name = source.path.name
    try:
        workbook = load_workbook(source.path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise ReadError(N_("{file} is geen leesbaar Excel-bestand ({error})"), file=name, error=type(error).__name__) from None
    try:
        if source.sheet is None:
            sheet = workbook.worksheets[0]
        elif source.sheet in workbook.sheetnames:
            sheet = workbook[source.sheet]
        else:
            raise ReadError(N_("{file} heeft geen werkblad {sheet!r}; de werkbladen zijn {sheets}"),
                            file=name, sheet=source.sheet, sheets=", ".join(workbook.sheetnames))
        source.sheet = sheet.title
        # The size a sheet claims (A1:XFD1048576) is not to be trusted: openpyxl would pad every row to
        # it, 17 billion empty cells. Without it, rows are as long as their last cell.
        sheet.reset_dimensions()
        rows = _xlsx_rows(sheet, name)
        for number, values in rows:
            if any(v is not None and str(v).strip() for v in values):
                break
        else:
            raise ReadError(N_("{file} heeft geen kopregel in werkblad {sheet!r}"), file=name, sheet=sheet.title)
        width = max(i + 1 for i, v in enumerate(values) if v is not None and str(v).strip())
        source.header = [_clean_header(v if v is not None else "") for v in values[:width]]
        for i, cell in enumerate(source.header, start=1):
            if len(cell) > MAX_CELL_CHARS:
                raise ReadError(N_("{file}: kopcel {cell} is langer dan {limit:,} tekens"), file=name, cell=i, limit=MAX_CELL_CHARS)
        batch: list[list] = []
        numbers: list[int] = []
        size = 0
        for number, values in rows:
            cells = [_cell_text(v) for v in values[:width]]
            if extra := [v for v in values[width:] if v is not None and str(v).strip()]:
                raise ReadError(N_("{file} rij {row} heeft {cells} of meer cellen, de kopregel {width}"),
                                file=name, row=number, cells=width + len(extra), width=width)
            if not any(cells):
                continue  # spreadsheets often end in formatted but empty rows
            for i, cell in enumerate(cells):
                if cell is not None and len(cell) > MAX_CELL_CHARS:
                    raise ReadError(N_("{file} rij {row}, kolom {column!r}: een cel langer dan {limit:,} tekens"),
                                    file=name, row=number, column=source.header[i], limit=MAX_CELL_CHARS)
                size += len(cell) if cell is not None else 0
            batch.append(cells + [None] * (width - len(cells)))
            numbers.append(number)
            if len(batch) == CHUNK_ROWS or size >= CHUNK_BYTES:
                yield Chunk(pd.DataFrame(batch, columns=source.header, index=numbers, dtype=object))
                batch, numbers, size = [], [], 0
        if batch:
            yield Chunk(pd.DataFrame(batch, columns=source.header, index=numbers, dtype=object))
    except ReadError:
        raise
    except Exception as error:  # damaged XML inside the archive
        raise ReadError(N_("{file} is geen leesbaar Excel-bestand ({error})"), file=name, error=type(error).__name__) from None
    finally:
        workbook.close()


def _xlsx_rows(sheet, name: str) -> Iterator[tuple[int, tuple]]:
    """(row number, values); rows missing from the sheet come as empty tuples, so numbers stay right."""
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if number > MAX_XLSX_ROWS:
            raise ReadError(N_("{file} heeft rijen na rij {limit:,}, de laatste rij die Excel heeft"),
                            file=name, limit=MAX_XLSX_ROWS)
        if len(values) > MAX_COLUMNS:
            raise ReadError(N_("{file} rij {row} heeft meer dan {limit:,} cellen"), file=name, row=number, limit=MAX_COLUMNS)
        yield number, values


def _cell_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        # Positional notation: a small fraction must not come out as "1e-05", which no parser reads.
        return str(int(value)) if value.is_integer() else np.format_float_positional(value, trim="-")
    text = str(value).strip()
    return text or None
