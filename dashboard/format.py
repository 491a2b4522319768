"""Numbers, dates and suppressed cells as people read them: 1.234,5 and "mei 2015" in Dutch.

Babel does the locale work (CLDR data), so thousands separators, decimal commas and month names
are right without hand-written rules. Pure functions; the command line uses them too.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import pandas as pd
from babel.dates import format_date
from babel.numbers import format_decimal

from queries import ptable
from queries.disclosure import SMALL
from queries.periods import Period

LOCALES = {"nl": "nl_NL", "en": "en_GB"}
MISSING = "–"  # no figure (nothing to compare with, or built on a suppressed count)


def optional(value) -> float | None:
    """A number from a pandas column, or None where it is missing (pd.NA, NaN)."""
    return None if value is None or pd.isna(value) else float(value)


def number(value: float | None, decimals: int = 0, lang: str = "nl") -> str:
    if value is None:
        return MISSING
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=LOCALES[lang])


def percent(share: float | None, decimals: int = 1, lang: str = "nl") -> str:
    """0.256 -> '25,6%'."""
    return MISSING if share is None else number(share * 100, decimals, lang) + "%"


def count(value: int | None, status: str, min_count: int, lang: str = "nl") -> str:
    """A published count, or the mark of why it is not published."""
    if status == SMALL:
        return f"<{min_count}"
    return number(value, 0, lang)


def change(current: float | None, earlier: float | None, lang: str = "nl") -> str | None:
    """Relative change as '+12,3%'; None where it cannot be computed."""
    if current is None or not earlier:
        return None
    return signed_percent(current / earlier - 1, lang)


def point_change(current: float | None, earlier: float | None, lang: str = "nl") -> str | None:
    """Change between two shares in percentage points: '+1,2 %-punt'."""
    if current is None or earlier is None:
        return None
    difference = (current - earlier) * 100
    unit = " %-punt" if lang == "nl" else " pp"
    return _sign(difference) + number(abs(difference), 1, lang) + unit


def signed_percent(share: float, lang: str = "nl") -> str:
    return _sign(share) + percent(abs(share), 1, lang)


def _sign(value: float) -> str:
    return "+" if value > 0 else "−" if value < 0 else "±"


@lru_cache(maxsize=4096)  # a page formats the same few dozen months hundreds of times
def month(value: date, lang: str = "nl", short: bool = False) -> str:
    """'mei 2015', or 'mrt 2015' when short."""
    return format_date(value, "LLL yyyy" if short else "LLLL yyyy", locale=LOCALES[lang])


def period(value: Period, lang: str = "nl", short: bool = False) -> str:
    """'januari–mei 2015', 'november 2024 – januari 2025', 'mei 2015' or '2024' for a calendar year;
    'jan–mei 2015' when short."""
    first, last = value.first, value.last
    if first.month == 1 and last.month == 12 and first.year == last.year:
        return str(first.year)
    if first == last:
        return month(first, lang, short)
    if first.year == last.year:
        return f"{format_date(first, 'LLL' if short else 'LLLL', locale=LOCALES[lang])}–{month(last, lang, short)}"
    return f"{month(first, lang, short)} – {month(last, lang, short)}"


def explain_marks(min_count: int, exact: bool = False, lang: str = "nl") -> str:
    """The legend for protected figures."""
    deviation = ptable.load().max_deviation
    if exact:
        if lang == "en":
            return "Internal use: exact figures, small counts included. Not for publication."
        return "Intern gebruik: exacte cijfers, ook kleine aantallen. Niet voor publicatie."
    if lang == "en":
        return (f"To protect privacy every count has a small, fixed deviation of at most {deviation} (the same figure "
                f"everywhere), so totals need not add up exactly. <{min_count}: fewer than {min_count}.")
    return (f"Om privacy te beschermen wijkt elk aantal een klein beetje af, hooguit {deviation} (overal hetzelfde "
            f"cijfer); totalen tellen daardoor niet altijd precies op. <{min_count}: minder dan {min_count}.")
