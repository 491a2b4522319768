"""Months and periods of whole months: the time grain of every fact table."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from queries.messages import N_, UserError

_MONTH = re.compile(r"(\d{4})-(\d{2})")


class PeriodError(UserError, ValueError):
    """A month or period that cannot be read, or that ends before it starts."""


def parse_month(text: str) -> date:
    """'2015-05' -> date(2015, 5, 1); ValueError with a readable message otherwise."""
    match = _MONTH.fullmatch(text.strip())
    if not match or not 1 <= int(match[2]) <= 12:
        raise PeriodError(N_("{text!r} is geen maand in de vorm JJJJ-MM"), text=text)
    return date(int(match[1]), int(match[2]), 1)


def month_key(month: date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


def add_months(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def months_between(first: date, last: date) -> list[date]:
    """Every month from ``first`` to ``last``, both included."""
    count = (last.year - first.year) * 12 + last.month - first.month + 1
    return [add_months(first, i) for i in range(count)]


@dataclass(frozen=True)
class Period:
    """A run of whole months, first and last included."""

    first: date
    last: date

    def __post_init__(self) -> None:
        if self.first.day != 1 or self.last.day != 1:
            raise PeriodError(N_("een periode loopt van de eerste van een maand tot de eerste van een maand"))
        if self.first > self.last:
            raise PeriodError(N_("de periode begint ({first}) na het einde ({last})"),
                              first=month_key(self.first), last=month_key(self.last))

    @classmethod
    def parse(cls, first: str, last: str) -> Period:
        return cls(parse_month(first), parse_month(last))

    @property
    def months(self) -> int:
        return len(months_between(self.first, self.last))

    def shift(self, n: int) -> Period:
        return Period(add_months(self.first, n), add_months(self.last, n))

    def previous(self) -> Period:
        """The period of the same length just before this one."""
        return self.shift(-self.months)

    def year_earlier(self) -> Period:
        return self.shift(-12)

    def __str__(self) -> str:
        return f"{month_key(self.first)}..{month_key(self.last)}"
