"""Parsing the text of an export into codes, dates and numbers, and recording every problem with
its row and column.

Parsing works on the distinct values of a column (a million contacts have a few thousand distinct
dates and a dozen channels), so it is fast, and the problems are found for all rows at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import numpy as np
import pandas as pd

from queries.ingest.vocabulary import Lookup, normalise
from queries.messages import N_, Message, message

SHOWN_PROBLEMS = 20
EARLIEST = date(1990, 1, 1)  # older dates in a registration export are typing errors
# No number in an export is larger: not a count of contacts, dossiers or staff in a month, not a
# survey wave. Larger ones are typing errors, and would not fit the database's integer columns
# (2^31 - 1 on PostgreSQL, 2^63 - 1 on SQLite).
MAX_VALUE = 10_000_000
# \d would also take Arabic-Indic and other digits, which int() reads; exports have 0-9 only.
_ISO = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?", re.ASCII)
_DUTCH = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?", re.ASCII)
_MONTHS_NL = {
    "jan": 1, "januari": 1, "feb": 2, "februari": 2, "mrt": 3, "maart": 3, "apr": 4, "april": 4,
    "mei": 5, "jun": 6, "juni": 6, "jul": 7, "juli": 7, "aug": 8, "augustus": 8, "sep": 9, "sept": 9,
    "september": 9, "okt": 10, "oktober": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
_MONTH_NUMERIC = re.compile(r"(\d{4})[-/](\d{1,2})|(\d{1,2})[-/](\d{4})", re.ASCII)
_MONTH_NAMED = re.compile(r"([a-z]+) (\d{4})", re.ASCII)
# Numbers as people write them in Dutch or English, and nothing else (Python's float() also takes
# "1_41", "1e3", "inf" and Arabic-Indic digits). One separator alone is decimal ("9,2", "9.2"), as
# spreadsheets write; groups of three with points or spaces are Dutch thousands ("1.234.567",
# "1.234,5", "1 234"), with commas English ones ("1,234,567", "1,234.5").
_NUMBER_FORMS = [
    (re.compile(r"[0-9]+(?:[.,][0-9]+)?", re.ASCII), None, None),
    (re.compile(r"[0-9]{1,3}(?:\.[0-9]{3}){2,}|[0-9]{1,3}(?:\.[0-9]{3})+,[0-9]+", re.ASCII), ".", ","),
    (re.compile(r"[0-9]{1,3}(?: [0-9]{3})+(?:,[0-9]+)?", re.ASCII), " ", ","),
    (re.compile(r"[0-9]{1,3}(?:,[0-9]{3}){2,}|[0-9]{1,3}(?:,[0-9]{3})+\.[0-9]+", re.ASCII), ",", "."),
]


class Problems:
    """Every problem counted; the first ``SHOWN_PROBLEMS`` by row kept to show."""

    def __init__(self) -> None:
        self.items: list[tuple[int, Message]] = []
        self.total = 0

    def __bool__(self) -> bool:
        return self.total > 0

    def add_rows(self, rows: np.ndarray, column: str | None, problem: Callable[[int], Message]) -> None:
        """Problems on ``rows``; ``problem(i)`` describes the one on ``rows[i]`` (asked only for those shown)."""
        self.total += len(rows)
        for i in range(min(len(rows), SHOWN_PROBLEMS)):
            if column:
                where = message(N_("rij {row}, kolom {column!r}: {problem}"), row=int(rows[i]), column=column, problem=problem(i))
            else:
                where = message(N_("rij {row}: {problem}"), row=int(rows[i]), problem=problem(i))
            self.items.append((int(rows[i]), where))
        self.items = sorted(self.items, key=lambda item: item[0])[:SHOWN_PROBLEMS]

    def lines(self) -> list[Message]:
        lines = [problem for _, problem in self.items]
        if self.total > len(lines):
            lines.append(message(N_("… en nog {n:,}"), n=self.total - len(lines)))
        return lines


class Column:
    """One column of a chunk: its header in the file, its values and the rows they are on."""

    def __init__(self, header: str, values: pd.Series, problems: Problems):
        self.header = header
        self.rows = values.index.to_numpy()
        self.codes, uniques = pd.factorize(values, use_na_sentinel=True)
        self.uniques = [str(u).strip() for u in uniques]
        self.problems = problems

    def _per_row(self, per_unique: list, missing) -> np.ndarray:
        """Spread a value per distinct text over the rows (``missing`` for empty cells)."""
        table = np.empty(len(per_unique) + 1, dtype=object)
        table[:-1] = per_unique
        table[-1] = missing
        return table[self.codes]

    def _empty(self) -> np.ndarray:
        blank = np.array([u == "" for u in self.uniques] + [True])
        return blank[self.codes]

    def require(self) -> np.ndarray:
        """Report empty cells; True for rows that have a value."""
        empty = self._empty()
        self.problems.add_rows(self.rows[empty], self.header, lambda _: message(N_("leeg; een waarde is verplicht")))
        return ~empty

    def texts(self) -> np.ndarray:
        """The full text of every row ("" where empty)."""
        return np.array(self.uniques + [""], dtype=object)[self.codes]

    def text(self, i: int) -> str:
        """The text of the i-th row, shortened for a message."""
        value = self.uniques[self.codes[i]] if self.codes[i] >= 0 else ""
        return value if len(value) <= 40 else value[:37] + "…"

    def categories(self, lookup: Lookup, unknown_value: str) -> np.ndarray:
        """Codes per row (None where empty or unknown); unknown values reported with a suggestion.
        ``unknown_value`` is the message for one, with the text as ``{value}``."""
        keys = [normalise(u) for u in self.uniques]
        found = [lookup.get(k) if k else None for k in keys]
        unknown = np.array([k != "" and f is None for k, f in zip(keys, found)] + [False])[self.codes]

        def problem(i: int) -> Message:
            text = self.text(np.flatnonzero(unknown)[i])
            return _with_hint(message(unknown_value, value=text), lookup.suggest(normalise(text)))

        self.problems.add_rows(self.rows[unknown], self.header, problem)
        return self._per_row(found, None)

    def dates(self, today: date) -> np.ndarray:
        """Dates per row as datetime64[D] (NaT where empty or wrong); wrong dates reported."""
        parsed = [_parse_date(u) for u in self.uniques]
        self._report(parsed, lambda p: p == "not a date", N_("geen datum; gebruik 31-12-2024 of 2024-12-31: {value!r}"))
        self._report(parsed, lambda p: p == "impossible", N_("onmogelijke datum: {value!r}"))
        self._report(parsed, lambda p: isinstance(p, date) and p > today, N_("datum in de toekomst: {value!r}"))
        self._report(parsed, lambda p: isinstance(p, date) and p < EARLIEST,
                     N_("onwaarschijnlijke datum (vóór {earliest}): {value!r}"), earliest=f"{EARLIEST:%d-%m-%Y}")
        valid = [p if isinstance(p, date) and EARLIEST <= p <= today else None for p in parsed]
        return np.array([*valid, None], dtype="datetime64[D]")[self.codes]

    def months(self, today: date) -> np.ndarray:
        """Months per row as datetime64[M] (NaT where empty or wrong); wrong months reported."""
        parsed = [_parse_month(u) for u in self.uniques]
        self._report(parsed, lambda p: p == "not a month", N_("geen maand; gebruik 2024-12 of 12-2024: {value!r}"))
        self._report(parsed, lambda p: isinstance(p, date) and p > today, N_("maand in de toekomst: {value!r}"))
        self._report(parsed, lambda p: isinstance(p, date) and p < EARLIEST,
                     N_("onwaarschijnlijke maand (vóór {earliest}): {value!r}"), earliest=EARLIEST.year)
        valid = [p if isinstance(p, date) and EARLIEST <= p <= today else None for p in parsed]
        return np.array([*valid, None], dtype="datetime64[M]")[self.codes]

    def scores(self, lookup: Lookup) -> np.ndarray:
        """Answers per row as numbers (NaN where empty or wrong): a known answer text or a number."""
        parsed = [lookup.get(normalise(u)) or _parse_number(u) for u in self.uniques]
        parsed = [float(p) if isinstance(p, str) and p.isdigit() else p for p in parsed]
        self._report(parsed, lambda p: p == "nan", N_("geen getal en geen bekend antwoord: {value!r}"))
        valid = [p if isinstance(p, float) else np.nan for p in parsed]
        return self._per_row(valid, np.nan).astype(float)

    def categories_within(self, groups: np.ndarray, lookups: dict, unknown_value: str) -> np.ndarray:
        """Codes per row where the allowed values depend on another column (questions within a survey).
        ``unknown_value`` is the message for an unknown one, with ``{value}`` and ``{group}``."""
        keys = self._per_row([normalise(u) for u in self.uniques], "")
        pairs = pd.DataFrame({"group": groups, "key": keys})
        found = np.empty(len(pairs), dtype=object)
        for (group, key), index in pairs.groupby(["group", "key"], dropna=True).indices.items():
            if key:
                found[index] = lookups[group].get(key) if group in lookups else None
        unknown = np.flatnonzero((keys != "") & pd.isna(found) & pd.notna(groups))

        def problem(i: int) -> Message:
            text, group = self.text(unknown[i]), groups[unknown[i]]
            return _with_hint(message(unknown_value, value=text, group=group), lookups[group].suggest(normalise(text)))

        self.problems.add_rows(self.rows[unknown], self.header, problem)
        return found

    def numbers(self, *, whole: bool, low: float = 0, high: float = MAX_VALUE) -> np.ndarray:
        """Numbers per row (NaN where empty or wrong), decimal comma or point; wrong ones reported."""
        parsed = [_parse_number(u) for u in self.uniques]
        self._report(parsed, lambda p: p == "nan", N_("geen getal: {value!r}"))
        if whole:
            self._report(parsed, lambda p: isinstance(p, float) and not p.is_integer(), N_("geen geheel getal: {value!r}"))
        if low == 0:
            self._report(parsed, lambda p: isinstance(p, float) and p < 0, N_("negatief getal: {value!r}"))
        else:
            self._report(parsed, lambda p: isinstance(p, float) and p < low, N_("minder dan {low}: {value!r}"), low=f"{low:g}")
        if high == MAX_VALUE:
            self._report(parsed, lambda p: isinstance(p, float) and p > high,
                         N_("meer dan {high:,} (het grootste getal dat een export mag bevatten): {value!r}"), high=MAX_VALUE)
        else:
            self._report(parsed, lambda p: isinstance(p, float) and p > high, N_("meer dan {high}: {value!r}"), high=f"{high:g}")
        valid = [p if isinstance(p, float) and p >= low and p <= high
                 and (p.is_integer() or not whole) else np.nan for p in parsed]
        return self._per_row(valid, np.nan).astype(float)

    def _report(self, parsed: list, wrong: Callable, template: str, **params) -> None:
        """Report the rows whose parsed value is ``wrong``: ``template`` with the text as ``{value}``."""
        flags = np.array([bool(wrong(p)) for p in parsed] + [False])
        if not flags.any():
            return
        selected = flags[self.codes]
        positions = np.flatnonzero(selected)
        self.problems.add_rows(self.rows[selected], self.header,
                               lambda i: message(template, value=self.text(positions[i]), **params))


def _with_hint(problem: Message, hint: str | None) -> Message:
    return message(N_("{problem}; bedoelde u {hint!r}?"), problem=problem, hint=hint) if hint else problem


def _parse_date(text: str):
    """A date, or the text 'not a date' / 'impossible', or None for an empty cell."""
    if not text:
        return None
    if match := _ISO.fullmatch(text):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    elif match := _DUTCH.fullmatch(text):
        day, month, year = int(match[1]), int(match[2]), int(match[3])
    else:
        return "not a date"
    try:
        return date(year, month, day)
    except ValueError:
        return "impossible"


def _parse_month(text: str):
    if not text:
        return None
    key = normalise(text)
    if match := _MONTH_NUMERIC.fullmatch(text.strip()):
        year, month = (int(match[1]), int(match[2])) if match[1] else (int(match[4]), int(match[3]))
    elif (match := _MONTH_NAMED.fullmatch(key)) and match[1] in _MONTHS_NL:
        year, month = int(match[2]), _MONTHS_NL[match[1]]
    elif isinstance(parsed := _parse_date(text), date):
        return parsed.replace(day=1)
    else:
        return "not a month"
    return date(year, month, 1) if 1 <= month <= 12 else "not a month"


def _parse_number(text: str):
    """A number as float, "nan" for text that is no number, or None for an empty cell."""
    if not text:
        return None
    plain = text.strip().replace("\u00a0", " ").replace("\u202f", " ")  # (narrow) no-break spaces between thousands
    sign = -1.0 if plain[:1] == "-" else 1.0
    plain = plain[1:].lstrip() if plain[:1] in "+-" else plain
    for form, thousands, decimal in _NUMBER_FORMS:
        if form.fullmatch(plain):
            if thousands:
                plain = plain.replace(thousands, "").replace(decimal, ".")
            else:
                plain = plain.replace(",", ".")
            return sign * float(plain)
    return "nan"
