"""Table cells from published figures, for screen and for download: one rule for every view's tables.

On screen every cell is text in the active language ("1.234", "<5", "25,6%"); in a download a
published number stays a number, so a spreadsheet can add it up, and only a hidden or unregistered
figure is text: its mark, never zero.
"""

from __future__ import annotations

import pandas as pd

from dashboard import format as fmt
from dashboard.i18n import _
from queries.teams import UNREGISTERED  # the status of a figure not yet registered (case weight)


def not_registered() -> str:
    return _("niet geregistreerd")


def count(value, status: str, min_count: int, for_screen: bool = True):
    """A published count; a hidden one as its mark ("<5"), an unregistered one in words."""
    if status == UNREGISTERED:
        return not_registered()
    if pd.isna(value) or for_screen:
        return fmt.count(None if pd.isna(value) else int(value), status, min_count)
    return int(value)


def share(value, for_screen: bool = True, decimals: int = 1):
    """A share (0–1): '25,6%' on screen, 0.256 in a download; missing as '–' or empty."""
    if pd.isna(value):
        return fmt.MISSING if for_screen else None
    return fmt.percent(float(value), decimals) if for_screen else round(float(value), 4)


def decimal(value, for_screen: bool = True, decimals: int = 1):
    if pd.isna(value):
        return fmt.MISSING if for_screen else None
    return fmt.number(float(value), decimals) if for_screen else round(float(value), decimals)


def mark(value, status: str, min_count: int) -> str:
    """The text of a count in a chart (its hover, or its mark in place of a bar)."""
    return fmt.count(None if pd.isna(value) else int(value), status, min_count)
