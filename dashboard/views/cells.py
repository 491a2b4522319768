"""Table cells from published figures: one rule for every view's tables, on screen and in a file.

A view builds a table once, with a ``Cell`` for every figure: the text the screen shows in the
active language ("1.234", "<5", "25,6%") and the number a file stores (1234, empty, 25.6). The
screen shows ``screen(table)``; ``views/exports.py`` writes the same table to XLSX and CSV. So a
download holds the numbers of the screen, cell for cell, and a hidden figure is never zero: its
number is empty and its mark ("<5") goes to a status column beside it.

Shares and changes are stored as percentages (25.6, not 0.256), rounded as on screen; their
column heading in a file says "(%)".
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard import format as fmt
from dashboard.i18n import _
from queries.teams import UNREGISTERED  # the status of a figure not yet registered (case weight)

COUNT, NUMBER, PERCENT = "count", "number", "percent"


@dataclass(frozen=True)
class Cell:
    """A figure in a table. ``value`` is what a file stores (None: empty, because the figure is
    hidden, not registered or missing); ``status`` says why it is empty, or flags it ("<5",
    "niet geregistreerd", "boven de norm"), and goes to the file's status column; ``unit`` goes to
    the file's heading ("%", "dagen")."""

    text: str
    value: float | int | None
    kind: str = NUMBER
    decimals: int = 0
    status: str = ""
    unit: str = ""

    def __str__(self) -> str:
        return self.text


def not_registered() -> str:
    return _("niet geregistreerd")


def count(value, status: str, min_count: int) -> Cell:
    """A published count; a hidden one as its mark ("<5"), an unregistered one in words."""
    if status == UNREGISTERED:
        return Cell(not_registered(), None, COUNT, status=not_registered())
    shown = None if pd.isna(value) else int(value)
    text = fmt.count(shown, status, min_count)
    if status:
        return Cell(text, None, COUNT, status=text)
    return Cell(text, shown, COUNT)


def share(value, decimals: int = 1) -> Cell:
    """A share (0–1): '25,6%' on screen, 25.6 in a file; missing as '–' and empty."""
    if pd.isna(value):
        return Cell(fmt.MISSING, None, PERCENT, decimals, unit="%")
    return Cell(fmt.percent(float(value), decimals), round(float(value) * 100, decimals), PERCENT, decimals, unit="%")


def change(current, earlier) -> Cell:
    """The relative change between two counts: '+12,3%' on screen, 12.3 in a file."""
    current, earlier = fmt.optional(current), fmt.optional(earlier)
    text = fmt.change(current, earlier)
    if text is None:
        return Cell(fmt.MISSING, None, PERCENT, 1, unit="%")
    return Cell(text, round((current / earlier - 1) * 100, 1), PERCENT, 1, unit="%")


def point_change(current, earlier) -> Cell:
    """The change between two shares: '+1,2 %-punt' on screen, 1.2 in a file."""
    current, earlier = fmt.optional(current), fmt.optional(earlier)
    text = fmt.point_change(current, earlier)
    if text is None:
        return Cell(fmt.MISSING, None, NUMBER, 1, unit=_("%-punt"))
    return Cell(text, round((current - earlier) * 100, 1), NUMBER, 1, unit=_("%-punt"))


def decimal(value, decimals: int = 1, unit: str = "") -> Cell:
    if pd.isna(value):
        return Cell(fmt.MISSING, None, NUMBER, decimals, unit=unit)
    number = round(float(value), decimals) if decimals else round(float(value))
    return Cell(fmt.number(float(value), decimals), number, NUMBER, decimals, unit=unit)


def words(text: str, unit: str = "") -> Cell:
    """No figure, only words in its place ("te weinig respons"): empty in a file, the words in its
    status column ('–' says only that there is none)."""
    return Cell(text, None, status="" if text == fmt.MISSING else text, unit=unit)


def flagged(cell: Cell, flag: str, status: str) -> Cell:
    """``cell`` with a flag after its text on screen ("12,0 ▲") and ``status`` in a file."""
    return Cell(f"{cell.text} {flag}", cell.value, cell.kind, cell.decimals, status, cell.unit)


def screen(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` as the screen shows it: every cell its text."""
    return table.map(lambda c: c.text if isinstance(c, Cell) else c).astype(object)


def mark(value, status: str, min_count: int) -> str:
    """The text of a count in a chart (its hover, or its mark in place of a bar)."""
    return fmt.count(None if pd.isna(value) else int(value), status, min_count)
