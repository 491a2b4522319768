"""Numbers, dates and suppressed cells as people read them: 1.234,5 and "mei 2015" in Dutch,
1,234.5 and "May 2015" in English.

Babel does the locale work (CLDR data), so thousands separators, decimal commas and month names
are right without hand-written rules. Pure functions in the active language (``i18n``) unless
``lang`` says otherwise; the command line uses them too.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import pandas as pd
from babel.dates import format_date, format_time
from babel.numbers import format_decimal

from dashboard import i18n
from dashboard.i18n import _
from queries import ptable
from queries.disclosure import SMALL
from queries.periods import Period

LOCALES = {"nl": "nl_NL", "en": "en_GB"}
MISSING = "–"  # no figure (nothing to compare with, or built on a suppressed count)


def _locale(lang: str | None) -> str:
    return LOCALES[lang or i18n.current()]


def optional(value) -> float | None:
    """A number from a pandas column, or None where it is missing (pd.NA, NaN)."""
    return None if value is None or pd.isna(value) else float(value)


def number(value: float | None, decimals: int = 0, lang: str | None = None) -> str:
    if value is None:
        return MISSING
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=_locale(lang))


def percent(share: float | None, decimals: int = 1, lang: str | None = None) -> str:
    """0.256 -> '25,6%'."""
    return MISSING if share is None else number(share * 100, decimals, lang) + "%"


def count(value: int | None, status: str, min_count: int, lang: str | None = None) -> str:
    """A published count, or the mark of why it is not published."""
    if status == SMALL:
        return f"<{min_count}"
    return number(value, 0, lang)


def change(current: float | None, earlier: float | None, lang: str | None = None) -> str | None:
    """Relative change as '+12,3%'; None where it cannot be computed."""
    if current is None or not earlier:
        return None
    return signed_percent(current / earlier - 1, lang)


def point_change(current: float | None, earlier: float | None, lang: str | None = None) -> str | None:
    """Change between two shares in percentage points: '+1,2 %-punt'."""
    if current is None or earlier is None:
        return None
    difference = (current - earlier) * 100
    with i18n.language(lang or i18n.current()):
        unit = _("%-punt")
    return _sign(difference) + number(abs(difference), 1, lang) + " " + unit


def signed_percent(share: float, lang: str | None = None) -> str:
    return _sign(share) + percent(abs(share), 1, lang)


def _sign(value: float) -> str:
    return "+" if value > 0 else "−" if value < 0 else "±"


def month(value: date, lang: str | None = None, short: bool = False) -> str:
    """'mei 2015', or 'mrt 2015' when short."""
    return _month(value, _locale(lang), short)


@lru_cache(maxsize=4096)  # a page formats the same few dozen months hundreds of times
def _month(value: date, locale: str, short: bool) -> str:
    return format_date(value, "LLL yyyy" if short else "LLLL yyyy", locale=locale)


def moment(value) -> str:
    """A date and time as the language writes it briefly: '24-11-2026 15:20', '24/11/2026 15:20'."""
    locale = _locale(None)
    return f"{format_date(value, 'short', locale=locale)} {format_time(value, 'short', locale=locale)}"


def period(value: Period, lang: str | None = None, short: bool = False) -> str:
    """'januari–mei 2015', 'november 2024 – januari 2025', 'mei 2015' or '2024' for a calendar year;
    'jan–mei 2015' when short."""
    first, last = value.first, value.last
    if first.month == 1 and last.month == 12 and first.year == last.year:
        return str(first.year)
    if first == last:
        return month(first, lang, short)
    if first.year == last.year:
        return f"{format_date(first, 'LLL' if short else 'LLLL', locale=_locale(lang))}–{month(last, lang, short)}"
    return f"{month(first, lang, short)} – {month(last, lang, short)}"


def first_upper(text: str) -> str:
    """'januari–mei 2015' -> 'Januari–mei 2015' (str.capitalize would lower the rest: 'January–may')."""
    return text[:1].upper() + text[1:]


def explain_marks(min_count: int, exact: bool = False, lang: str | None = None) -> str:
    """The legend for protected figures."""
    with i18n.language(lang or i18n.current()):
        if exact:
            return _("Intern gebruik: exacte cijfers, ook kleine aantallen. Niet voor publicatie.")
        return _("Om privacy te beschermen wijkt elk aantal een klein beetje af, hooguit {deviation} (overal "
                 "hetzelfde cijfer); totalen tellen daardoor niet altijd precies op. <{min}: minder dan {min}.").format(
            deviation=ptable.load().max_deviation, min=min_count)
