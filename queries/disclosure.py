"""Statistical disclosure control: the one rule applied to every count on its way out.

Protection level ``public`` (the default) applies the cell-key method (docs/disclosure-control.md):

1. Every count travels with its cell key, the sum of its records' keys modulo 2**32
   (queries/cellkeys.py), and gets the noise the perturbation table (queries/ptable.py) gives for
   that count and the scrambled key. The same cell therefore gets the same published value in every table,
   page, download and command, for every user and after every restart, and the difference of
   two published totals is no longer an exact count.
2. A perturbed count from 1 to ``min_count - 1`` is shown as "<5", not as a number.

Because no published figure is exact, no published total can be used to work a hidden count back,
so the table-by-table secondary suppression ("×") of earlier versions is gone. Rates, shares,
percentiles and differences are computed by the callers from published counts only.

Protection level ``internal`` publishes exact counts, for team managers on a closed network; every
page and export then says so.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from queries import ptable
from queries.cellkeys import KEY_BITS, scramble
from queries.messages import N_, UserError

PUBLIC, INTERNAL = "public", "internal"
PROTECTION_LEVELS = (PUBLIC, INTERNAL)
SHOWN = ""
SMALL = "small"  # a published count under the threshold, shown as "<5"


class RuleError(UserError, ValueError):
    """Disclosure rules that would not protect, or do not exist."""


@dataclass(frozen=True)
class DisclosureRules:
    protection: str = PUBLIC
    min_count: int = 5
    min_respondents: int = 10

    def __post_init__(self) -> None:
        if self.protection not in PROTECTION_LEVELS:
            raise RuleError(N_("het beschermingsniveau moet een van {levels} zijn, niet {level!r}"),
                            levels=", ".join(PROTECTION_LEVELS), level=self.protection)
        if self.min_count < 2:
            raise RuleError(N_("het minimumaantal moet minstens 2 zijn, anders worden kleine aantallen gepubliceerd"))
        if self.min_respondents < 1:
            raise RuleError(N_("het minimumaantal respondenten moet minstens 1 zijn"))

    @property
    def exact(self) -> bool:
        return self.protection == INTERNAL


def perturb(counts, keys) -> np.ndarray:
    """Each count plus the noise the perturbation table gives for it and its cell key."""
    counts = np.asarray(counts, dtype=np.int64).ravel()
    keys = np.asarray(keys, dtype=np.int64).ravel()
    if counts.shape != keys.shape:
        raise ValueError("every count needs its cell key")
    if (counts < 0).any() or ((keys < 0) | (keys >= 1 << KEY_BITS)).any():
        raise ValueError("counts must not be negative and cell keys must lie in [0, 2**32)")
    table = ptable.load()
    rows = np.minimum(counts, table.largest_row)
    slot = (scramble(keys)[:, None] >= table.upper[rows]).sum(axis=1)
    return counts + table.noise[rows, slot]


def publish_counts(counts, keys, rules: DisclosureRules) -> tuple[pd.array, np.ndarray]:
    """Published values (NA where small) and statuses of parallel counts and cell keys."""
    counts = np.asarray(counts, dtype=np.int64)
    values = counts.copy() if rules.exact else perturb(counts, keys)
    small = (values > 0) & (values < rules.min_count) & (not rules.exact)
    published = pd.array(np.where(small, 0, values), dtype="Int64")
    published[small] = pd.NA
    return published, np.where(small, SMALL, SHOWN)


def publish(cells: Mapping[Hashable, tuple[int, int]], rules: DisclosureRules) -> tuple[dict, dict]:
    """Published values (None where small) and statuses of cells given as key -> (count, cell key)."""
    names = list(cells)
    counts = [int(cells[n][0]) for n in names]
    keys = [int(cells[n][1]) for n in names]
    values, status = publish_counts(counts, keys, rules)
    return (
        {n: None if pd.isna(v) else int(v) for n, v in zip(names, values)},
        dict(zip(names, (str(s) for s in status))),
    )


def publish_frame(frame: pd.DataFrame, value: str, key: str, rules: DisclosureRules, status: str = "status") -> pd.DataFrame:
    """``frame`` with ``value`` replaced by its published counts, ``key`` dropped and a status column."""
    published, statuses = publish_counts(frame[value].to_numpy(), frame[key].to_numpy(), rules)
    out = frame.drop(columns=key)
    out[value] = published
    out[status] = statuses
    return out


def share(part, whole):
    """A part as a share of its whole, from published counts; NA when either is not published.

    Part and whole are perturbed separately, so a part can be published above its whole (6 of 5):
    a share is capped at 1, as no reader should see 120%.
    """
    if part is None or whole is None or pd.isna(part) or pd.isna(whole) or not whole:
        return pd.NA
    return min(part / whole, 1.0)
