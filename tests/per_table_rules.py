"""Statistical disclosure control: the one rule set applied to every count on its way out.

Published counts are *cells*; a published total and the cells that add up to it form a
*relation*. Three rules, applied in this order:

1. Primary suppression: a count from 1 to ``min_count - 1`` is not published (shown as "<5").
2. Secondary suppression: a reader who knows a relation's total, its other published cells, that
   a suppressed count lies between 1 and ``min_count - 1`` and that a protecting cell is at least
   1, must not be able to narrow any suppressed count. Where the relation would allow that, the
   smallest published non-zero cell is suppressed as well (shown as "×"); where no cell is left,
   the total itself.
3. Optional rounding of every published count to a multiple of ``round_to`` (as CBS does for
   youth care and Wmo figures per district).

Rates and shares are computed afterwards from the *published* counts, so a rate built on a
suppressed count is hidden and a rate never undoes the rounding.

Each relation is checked on its own. A full linear-programming audit across all relations (as
tau-ARGUS does) is out of scope; docs/disclosure-control.md says what that means.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

SHOWN = ""
SMALL = "small"  # primary suppression
PROTECTING = "protecting"  # secondary suppression


@dataclass(frozen=True)
class DisclosureRules:
    min_count: int = 5
    round_to: int = 1
    min_respondents: int = 10

    def __post_init__(self) -> None:
        if self.min_count < 2:
            raise ValueError("the minimum count must be at least 2, or small counts would be published")
        if self.round_to < 1:
            raise ValueError("rounding must be to a multiple of 1 or more")
        if round_count(self.min_count, self.round_to) < self.min_count:
            raise ValueError(
                f"with rounding to {self.round_to}, a minimum count of {self.min_count} would be published as "
                f"{round_count(self.min_count, self.round_to)}; choose a minimum that rounding does not lower"
            )
        if self.min_respondents < 1:
            raise ValueError("the minimum number of respondents must be at least 1")


@dataclass(frozen=True)
class Relation:
    """A published total and the cells that add up to it."""

    total: Hashable
    parts: tuple[Hashable, ...]

    def __init__(self, total: Hashable, parts: Iterable[Hashable]):
        object.__setattr__(self, "total", total)
        object.__setattr__(self, "parts", tuple(parts))


def suppress(
    values: Mapping[Hashable, int], relations: Iterable[Relation], min_count: int
) -> dict[Hashable, str]:
    """The status of every cell: SHOWN, SMALL or PROTECTING."""
    status = {key: SMALL if 0 < value < min_count else SHOWN for key, value in values.items()}
    relations = list(relations)
    changed = True
    while changed:
        changed = False
        for relation in relations:
            if status[relation.total] != SHOWN:
                continue
            while _narrows(relation, values, status, min_count):
                candidates = [p for p in relation.parts if status[p] == SHOWN and values[p] > 0]
                victim = min(candidates, key=lambda p: values[p]) if candidates else relation.total
                status[victim] = PROTECTING
                changed = True
                if victim == relation.total:
                    break
    return status


def _narrows(relation: Relation, values, status, min_count: int) -> bool:
    """Whether the published total narrows what some suppressed part of it could be."""
    hidden = [p for p in relation.parts if status[p] != SHOWN]
    if not any(status[p] == SMALL for p in hidden):
        return False
    remainder = values[relation.total] - sum(values[p] for p in relation.parts if status[p] == SHOWN)
    upper = {p: min_count - 1 if status[p] == SMALL else remainder for p in hidden}
    for part in hidden:
        if status[part] != SMALL:
            continue
        others = [p for p in hidden if p != part]
        highest = min(min_count - 1, remainder - len(others))
        lowest = max(1, remainder - sum(upper[p] for p in others))
        if highest < min_count - 1 or lowest > 1:
            return True
    return False


def round_count(value: int, round_to: int) -> int:
    """Round half up to a multiple of ``round_to``."""
    return (value + round_to // 2) // round_to * round_to if round_to > 1 else value


def publish(
    values: Mapping[Hashable, int], relations: Iterable[Relation], rules: DisclosureRules
) -> tuple[dict[Hashable, int | None], dict[Hashable, str]]:
    """Published values (None where suppressed, rounded where asked) and their statuses."""
    status = suppress(values, relations, rules.min_count)
    published = {
        key: round_count(value, rules.round_to) if status[key] == SHOWN else None
        for key, value in values.items()
    }
    return published, status


def publish_frame(
    frame: pd.DataFrame,
    value: str,
    relations: Iterable[Relation],
    rules: DisclosureRules,
) -> pd.DataFrame:
    """``frame`` with ``value`` replaced by its published counts and a ``status`` column.

    Relations name cells by the frame's index labels.
    """
    counts = {key: int(v) for key, v in frame[value].items()}
    published, status = publish(counts, relations, rules)
    out = frame.copy()
    out[value] = pd.array([published[k] for k in frame.index], dtype="Int64")
    out["status"] = [status[k] for k in frame.index]
    return out
