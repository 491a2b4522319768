"""A table as a file: XLSX and CSV bytes from the same table the screen shows (docs/exports.md).

Pure: a table of ``cells.Cell`` figures and plain labels in, bytes out, in the active language.
Every figure is stored as a number; a hidden, unregistered or missing one is an empty cell, and
a column that has such cells gets a status column beside it with the mark or the words the screen
shows ("<5", "niet geregistreerd"). Shares and changes are percentages (0–100) and their heading
ends in "(%)", in every file.

Names in a table come from outside (files, boundary maps), so no text cell may become a formula
(``literal.is_formula``): in XLSX such text is a text cell marked as text (Excel's leading
apostrophe, not part of the value); in CSV, which has no cell types, it is written with a leading
apostrophe, which a spreadsheet shows and does not evaluate. Numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from dashboard import format as fmt
from dashboard import i18n, literal
from dashboard.i18n import _
from dashboard.views.cells import COUNT, PERCENT, Cell
from queries.disclosure import DisclosureRules

DATA_SHEET = "Wijkmonitor"
CSV_FORMAT = {"nl": (";", ","), "en": (",", ".")}  # language → (separator, decimal mark): what its Excel reads
NEUTRALISER = "'"  # before CSV text that a spreadsheet would read as a formula


@dataclass(frozen=True)
class About:
    """What the metadata sheet says about a table: where it comes from and how it is protected."""

    title: str = ""
    filters: list[tuple[str, str]] = field(default_factory=list)  # (filter, choice) in the active language
    sources: list[str] = field(default_factory=list)
    rules: DisclosureRules = field(default_factory=DisclosureRules)
    demo: bool = False
    link: str = ""
    generated: datetime | None = None  # None: when the file is written


@dataclass(frozen=True)
class Column:
    heading: str
    values: list  # numbers (None: empty) or text
    formats: list  # an XLSX number format per value, None for text
    decimals: list


def columns(table: pd.DataFrame) -> list[Column]:
    """The file's columns: each figure column as numbers, with its status column beside it when
    any of its cells is empty for a reason or flagged; label columns as text."""
    out = []
    for heading in table.columns:
        cells = list(table[heading])
        if cells and all(_plain_number(c) or _text(c) == "" for c in cells) and any(_plain_number(c) for c in cells):
            # numbers that did not come through views.cells (a frame made elsewhere): kept as numbers
            values = [c.item() if hasattr(c, "item") else c if _plain_number(c) else None for c in cells]
            out.append(Column(str(heading), values, ["#,##0" if isinstance(v, int) else "General" for v in values],
                              [0 if isinstance(v, int) else None for v in values]))
            continue
        if not any(isinstance(c, Cell) for c in cells):
            out.append(Column(str(heading), [_text(c) for c in cells], [None] * len(cells), [0] * len(cells)))
            continue
        figures = [c if isinstance(c, Cell) else _words(c) for c in cells]
        units = {c.unit for c in figures if c.value is not None or c.unit}
        unit = units.pop() if len(units) == 1 else ""  # mixed units (a profile's values): each row's label says it
        formats, decimals = [_number_format(c) for c in figures], [0 if c.kind == COUNT else c.decimals for c in figures]
        if any(isinstance(c.value, tuple) for c in figures):  # an interval: its two ends, each a number
            for end, name in enumerate((_("{column}: ondergrens"), _("{column}: bovengrens"))):
                out.append(Column(_unit(name.format(column=heading), unit),
                                  [c.value[end] if isinstance(c.value, tuple) else None for c in figures], formats, decimals))
        else:
            out.append(Column(_unit(str(heading), unit), [c.value for c in figures], formats, decimals))
        if any(c.status for c in figures):
            statuses = [c.status for c in figures]
            out.append(Column(_("{column}: status").format(column=heading), statuses, [None] * len(cells), [0] * len(cells)))
    return out


def _unit(heading: str, unit: str) -> str:
    """A heading with its unit: 'Mediaan (dagen)', 'Aandeel (%)'."""
    return heading if not unit or heading.endswith(f"({unit})") else _("{column} ({unit})").format(column=heading, unit=unit)


def frame(table: pd.DataFrame) -> pd.DataFrame:
    """The file's table as a frame: what XLSX and CSV hold, with pandas dtypes (Int64, Float64)."""
    data = {}
    for column in columns(table):
        if all(f is None for f in column.formats):
            data[column.heading] = pd.Series(column.values, dtype=object)
        elif all(v is None or isinstance(v, int) for v in column.values):
            data[column.heading] = pd.Series(column.values, dtype="Int64")
        else:
            data[column.heading] = pd.Series(column.values, dtype="Float64")
    return pd.DataFrame(data)


def _plain_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and not pd.isna(value) or (
        hasattr(value, "dtype") and getattr(value.dtype, "kind", "") in "iuf" and not pd.isna(value))


def _text(value) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _words(value) -> Cell:
    """A text in a column of figures: no figure; the words (not '–', which only says there is none)
    go to the status column."""
    text = _text(value)
    return Cell(text, None, status="" if text in ("", fmt.MISSING) else text)


def _number_format(cell: Cell) -> str:
    if cell.kind == COUNT or not cell.decimals:
        return "#,##0"
    return "#,##0." + "0" * cell.decimals if cell.kind != PERCENT else "0." + "0" * cell.decimals


def legend(rules: DisclosureRules) -> str:
    return _("Een leeg cijfer is niet getoond of ontbreekt; de kolom '…: status' ernaast zegt waarom. {marks}").format(
        marks=fmt.explain_marks(rules.min_count, rules.exact))


def about_rows(about: About) -> list[tuple[str, str]]:
    """The metadata sheet: (subject, value) in the active language."""
    rules = about.rules
    when = about.generated or datetime.now().astimezone()
    rows = [(_("Bestand"), about.title)] if about.title else []
    rows += about.filters
    rows += [(_("Bron"), s) for s in about.sources]
    rows += [
        (_("Beschermingsniveau"), _("intern: exacte cijfers, niet voor publicatie") if rules.exact else _("openbaar (public)")),
        (_("Bescherming"), legend(rules)),
        (_("Aandelen"), _("in procenten (0–100); de kolomkop eindigt op (%)")),
        (_("Demogegevens"), _("ja: grotendeels verzonnen, ze zeggen niets over de werkelijkheid") if about.demo else _("nee")),
        (_("Gemaakt op"), when.isoformat(timespec="seconds")),
        (_("Link naar deze weergave"), about.link),
    ]
    return rows


def xlsx(table: pd.DataFrame, about: About) -> bytes:
    """The table as an Excel workbook: numbers with number formats, a frozen header, widths to fit,
    and a metadata sheet named in the active language."""
    book = Workbook()
    sheet = book.active
    sheet.title = DATA_SHEET
    out = columns(table)
    for j, column in enumerate(out, start=1):
        _write(sheet.cell(row=1, column=j), column.heading).font = Font(bold=True)
        for i, (value, number_format) in enumerate(zip(column.values, column.formats), start=2):
            cell = _write(sheet.cell(row=i, column=j), value)
            if number_format and value is not None:
                cell.number_format = number_format
    sheet.freeze_panes = "A2"
    _fit(sheet, [[c.heading, *[_shown(v) for v in c.values]] for c in out])
    notes = book.create_sheet(_("Toelichting"))
    rows = [(_("Onderwerp"), _("Waarde")), *about_rows(about)]
    for i, (subject, value) in enumerate(rows, start=1):
        _write(notes.cell(row=i, column=1), subject).font = Font(bold=i == 1)
        _write(notes.cell(row=i, column=2), value).font = Font(bold=i == 1)
    notes.freeze_panes = "A2"
    _fit(notes, [[r[0] for r in rows], [r[1] for r in rows]], widest=100)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _write(cell, value):
    """A value into a cell: text that would start a formula is stored as text, marked as text."""
    cell.value = value
    if literal.is_formula(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def _shown(value) -> str:
    return fmt.number(value, 1) if isinstance(value, float) else "" if value is None else str(value)


def _fit(sheet, texts: list[list[str]], widest: int = 50) -> None:
    for j, column in enumerate(texts, start=1):
        longest = max((len(t) for t in column), default=0)
        sheet.column_dimensions[get_column_letter(j)].width = min(max(longest + 2, 8), widest)


def csv_bytes(table: pd.DataFrame) -> bytes:
    """The table as CSV for the spreadsheet of the active language, UTF-8 with a BOM (so Excel reads
    it as UTF-8): Dutch with semicolons and decimal commas, English with commas and decimal points."""
    separator, decimal_mark = CSV_FORMAT.get(i18n.current(), CSV_FORMAT["nl"])
    out = columns(table)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\r\n")
    writer.writerow([_csv_text(c.heading) for c in out])
    for i in range(len(table)):
        writer.writerow([_csv_value(c.values[i], c.formats[i], c.decimals[i], decimal_mark) for c in out])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_value(value, number_format, decimals: int, decimal_mark: str) -> str:
    if number_format is None:
        return _csv_text(value)
    if value is None:
        return ""
    if decimals is None:  # a number as given
        return repr(value).replace(".", decimal_mark)
    return f"{value:.{decimals}f}".replace(".", decimal_mark) if decimals else str(int(round(value)))


def _csv_text(value) -> str:
    text = _text(value)
    return NEUTRALISER + text if literal.is_formula(text) else text
