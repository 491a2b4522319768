"""The one rule for what a sentence may claim: when a difference may be called higher or lower, a
change a rise or a fall, what "every", "most" and "more than half" may say when some figures are
hidden, and how a hidden figure is named. Every sentence generator asks here; none decides alone.

Register counts are complete counts, not samples, so the doubt in them is the protection's
deviation (at most 3 per count) and the chance of small numbers. A difference is named only when
  - both figures rest on at least ``MIN_BASE`` cases (contacts, people helped);
  - counts and rates differ by at least ``RELATIVE`` of the smaller one, shares by at least
    ``POINTS`` (absolute);
  - and the difference is larger than the protection's deviation could make it on its own;
  - survey results (samples) have 95% intervals that do not overlap.
A quantifier counts only the figures that are shown, and the sentence says how many are hidden.
docs/sentences.md explains the rule for readers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from dashboard.i18n import _, ngettext
from queries import ptable

MIN_BASE = 100
RELATIVE = 0.05
POINTS = 0.02

HIGHER, SAME, LOWER = 1, 0, -1
# Why a difference was not named (SAME): the verdict says which, so a sentence can say it honestly.
CLEAR, TOO_SMALL, TOO_FEW, OVERLAP, HIDDEN = "clear", "too small", "too few", "overlap", "hidden"


@dataclass(frozen=True)
class Verdict:
    direction: int  # HIGHER (a rise), LOWER (a fall) or SAME (no difference that may be named)
    reason: str  # CLEAR when direction says something; otherwise why not

    @property
    def named(self) -> bool:
        return self.direction != SAME


def _known(*values) -> bool:
    return not any(pd.isna(v) for v in values)  # None, NaN and pandas' NA alike


def _deviation() -> int:
    """The most the protection moves one count."""
    return ptable.load().max_deviation


def _direction(a: float, b: float) -> int:
    return HIGHER if a > b else LOWER


def counts(now: float | None, earlier: float | None) -> Verdict:
    """A rise or fall between two published counts (a period against an earlier one, an area
    against another)."""
    if not _known(now, earlier):
        return Verdict(SAME, HIDDEN)
    if min(now, earlier) < MIN_BASE:
        return Verdict(SAME, TOO_FEW)
    if abs(now - earlier) < RELATIVE * min(now, earlier) or abs(now - earlier) <= 2 * _deviation():
        return Verdict(SAME, TOO_SMALL)
    return Verdict(_direction(now, earlier), CLEAR)


def rates(a: float | None, b: float | None, base_a: float | None, base_b: float | None) -> Verdict:
    """Two rates (per 1,000 inhabitants, per fte, days), each with the count it rests on."""
    if not _known(a, b, base_a, base_b):
        return Verdict(SAME, HIDDEN)
    if min(base_a, base_b) < MIN_BASE:
        return Verdict(SAME, TOO_FEW)
    # A count off by the deviation moves its rate by that fraction of the rate.
    noise = _deviation() * (abs(a) / base_a + abs(b) / base_b)
    if abs(a - b) < RELATIVE * min(abs(a), abs(b)) or abs(a - b) <= noise:
        return Verdict(SAME, TOO_SMALL)
    return Verdict(_direction(a, b), CLEAR)


def shares(a: float | None, b: float | None, base_a: float | None, base_b: float | None) -> Verdict:
    """Two shares (0–1), each with the number of cases it is a share of."""
    if not _known(a, b, base_a, base_b):
        return Verdict(SAME, HIDDEN)
    if min(base_a, base_b) < MIN_BASE:
        return Verdict(SAME, TOO_FEW)
    # Part and whole both deviate: a share moves by at most deviation × (1 + share) / cases.
    noise = _deviation() * ((1 + a) / base_a + (1 + b) / base_b)
    gap = round(abs(a - b), 12)  # 0.69 - 0.67 is 0.0199999… in floating point: two points are two points
    if gap < POINTS or gap <= noise:
        return Verdict(SAME, TOO_SMALL)
    return Verdict(_direction(a, b), CLEAR)


def intervals(a: tuple[float, float] | None, b: tuple[float, float] | None) -> Verdict:
    """Two survey results by their 95% intervals (low, high): a difference only where they do not
    overlap. Non-overlap is conservative: some real differences are missed, none is invented."""
    if not a or not b or not _known(*a, *b):
        return Verdict(SAME, HIDDEN)
    if a[0] > b[1]:
        return Verdict(HIGHER, CLEAR)
    if a[1] < b[0]:
        return Verdict(LOWER, CLEAR)
    return Verdict(SAME, OVERLAP)


def may_rank(shown: int) -> bool:
    """"The largest", "the strongest rise": only among at least two figures that are shown."""
    return shown >= 2


# Quantifiers: "every", "most", "more than half", "none"

ALL, MORE_THAN_HALF, HALF_OR_FEWER, NONE = "all", "more than half", "half or fewer", "none"


@dataclass(frozen=True)
class Tally:
    meeting: int  # shown figures for which the statement holds
    shown: int
    hidden: int

    @property
    def quantifier(self) -> str | None:
        """What may be said of the shown figures; None when nothing is shown. "All" needs at least
        two shown figures (of one, say it of that one)."""
        if not self.shown:
            return None
        if self.meeting == self.shown and self.shown >= 2:
            return ALL
        if self.meeting == 0:
            return NONE
        return MORE_THAN_HALF if 2 * self.meeting > self.shown else HALF_OR_FEWER


def tally(holds: Iterable[bool | None]) -> Tally:
    """Count a statement over figures: True or False where shown, None where hidden."""
    values = list(holds)
    shown = [v for v in values if v is not None]
    return Tally(meeting=sum(bool(v) for v in shown), shown=len(shown), hidden=len(values) - len(shown))


# Naming hidden figures

def hidden_figure() -> str:
    """What a sentence says in place of a figure that is not shown."""
    return _("niet getoond: te weinig waarnemingen")


def hidden_note(hidden: int) -> str:
    """The clause a sentence adds when a statement covers only the figures shown: empty when none
    is hidden."""
    if not hidden:
        return ""
    return ngettext("{n} cijfer is niet getoond omdat het op te weinig waarnemingen rust.",
                    "{n} cijfers zijn niet getoond omdat ze op te weinig waarnemingen rusten.", hidden).format(n=hidden)


def too_few() -> str:
    """Why a shown figure is not compared: it rests on fewer than ``MIN_BASE`` cases."""
    return _("te weinig om een verschil te noemen (minder dan {min} waarnemingen)").format(min=MIN_BASE)
