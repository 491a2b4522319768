"""Reading exports as they come out of registration systems: CSV in the usual Dutch variants, or XLSX.

Everything is read as text in chunks of ``CHUNK_ROWS`` rows, so memory stays bounded whatever the
size of the file; parsing dates, numbers and categories is the validator's job, not the reader's.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pandas as pd

CHUNK_ROWS = 200_000
_BLOCK = 1 << 20
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"  # the pre-2007 .xls format


class ReadError(ValueError):
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


@dataclass
class Chunk:
    """Rows of the file as text (an empty cell is "" or None), indexed by their row number in the file
    (the header is row 1)."""

    frame: pd.DataFrame


def inspect(path: Path, sheet: str | None = None) -> Source:
    """Hash the file and find out its format, text encoding and separator."""
    if not path.is_file():
        raise ReadError(f"{path} does not exist or is not a file")
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
        raise ReadError(f"{path.name} is empty")
    if start.startswith(_ZIP):
        return Source(path, digest.hexdigest(), "xlsx", sheet=sheet)
    if start.startswith(_OLE):
        raise ReadError(f"{path.name} is in the old Excel format (.xls); save it as .xlsx or as CSV")
    if sheet is not None:
        raise ReadError("--sheet only applies to Excel files; this is a CSV file")
    if b"\x00" in start:
        raise ReadError(f"{path.name} is neither a CSV file nor an Excel (.xlsx) file")
    encoding = "utf-8-sig" if is_utf8 else "cp1252"
    try:
        text = start.decode(encoding, errors="ignore" if is_utf8 else "strict")
    except UnicodeDecodeError:
        raise ReadError(f"{path.name} is neither UTF-8 nor Windows-1252 text") from None
    text = text.lstrip("\ufeff\r\n")  # the reader skips blank lines before the header too
    separator = _separator(text)
    header = next(csv.reader(io.StringIO(text), delimiter=separator))
    return Source(path, digest.hexdigest(), "csv", encoding=encoding, separator=separator,
                  header=[_clean_header(name) for name in header])


def _separator(text: str) -> str:
    """The separator of the header line: the one of ';', ',' or tab that splits it most."""
    line = text.splitlines()[0]
    counts = {sep: line.count(sep) for sep in (";", ",", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def chunks(source: Source) -> Iterator[Chunk]:
    """The rows of the file, ``CHUNK_ROWS`` at a time. For Excel files ``source.header`` is set
    when the sheet is opened, before the first chunk; a CSV file's header comes from `inspect`."""
    if source.format == "xlsx":
        yield from _xlsx_chunks(source)
    else:
        yield from _csv_chunks(source)


def _csv_chunks(source: Source) -> Iterator[Chunk]:
    try:
        reader = pd.read_csv(
            source.path,
            sep=source.separator,
            encoding=source.encoding,
            dtype=str,
            keep_default_na=False,
            chunksize=CHUNK_ROWS,
            skip_blank_lines=True,
            engine="c",
        )
        with reader:
            row = 2
            for frame in reader:
                frame.columns = source.header
                frame.index = pd.RangeIndex(row, row + len(frame))
                yield Chunk(frame)
                row += len(frame)
    except pd.errors.EmptyDataError:
        raise ReadError(f"{source.path.name} has no header row") from None
    except pd.errors.ParserError as error:
        raise ReadError(f"{source.path.name} is not a well-formed CSV file: {_parser_message(error)}") from None
    except UnicodeDecodeError:
        raise ReadError(f"{source.path.name} is neither UTF-8 nor Windows-1252 text") from None


def _parser_message(error: Exception) -> str:
    text = str(error).strip().splitlines()[0]
    return text.replace("Error tokenizing data. C error: ", "")


def _clean_header(name) -> str:
    return str(name).replace("\ufeff", "").strip()


def _xlsx_chunks(source: Source) -> Iterator[Chunk]:
    from openpyxl import load_workbook  # only needed for Excel files

    try:
        workbook = load_workbook(source.path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise ReadError(f"{source.path.name} is not a readable Excel file ({type(error).__name__})") from None
    try:
        if source.sheet is None:
            sheet = workbook.worksheets[0]
        elif source.sheet in workbook.sheetnames:
            sheet = workbook[source.sheet]
        else:
            raise ReadError(f"{source.path.name} has no sheet {source.sheet!r}; its sheets are {', '.join(workbook.sheetnames)}")
        source.sheet = sheet.title
        rows = sheet.iter_rows(values_only=True)
        number = 0
        for values in rows:
            number += 1
            if any(v is not None and str(v).strip() for v in values):
                break
        else:
            raise ReadError(f"{source.path.name} has no header row in sheet {sheet.title!r}")
        width = max(i + 1 for i, v in enumerate(values) if v is not None and str(v).strip())
        source.header = [_clean_header(v if v is not None else "") for v in values[:width]]
        batch: list[list] = []
        numbers: list[int] = []
        for values in rows:
            number += 1
            cells = [_cell_text(v) for v in values[:width]]
            if extra := [v for v in values[width:] if v is not None and str(v).strip()]:
                raise ReadError(f"{source.path.name} row {number} has {width + len(extra)} or more cells, the header {width}")
            if not any(cells):
                continue  # spreadsheets often end in formatted but empty rows
            batch.append(cells + [None] * (width - len(cells)))
            numbers.append(number)
            if len(batch) == CHUNK_ROWS:
                yield Chunk(pd.DataFrame(batch, columns=source.header, index=numbers, dtype=object))
                batch, numbers = [], []
        if batch:
            yield Chunk(pd.DataFrame(batch, columns=source.header, index=numbers, dtype=object))
    finally:
        workbook.close()


def _cell_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    return text or None
