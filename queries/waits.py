"""Waiting times per service against their norms, from the additive waiting-time histograms.

Medians are never averaged: the histograms of months and areas are summed first (in SQL), and the
median, 90th percentile and share helped within the norm are computed from the merged histogram.
The share within a norm is exact because every norm is a bucket edge; a percentile is exact to
within its bucket (linear interpolation inside it, as if the waits were spread evenly over its days).

Counts (people whose help started, of them within and over the norm, people still waiting, and
every bucket of every histogram) are published through the cell-key method. The median and 90th
percentile come from the published buckets and the share within the norm from the published
counts, so no statistic is more exact than the counts it rests on; and a statistic is shown only
where the number of people it describes is published, since a median of a handful of people would
tell those people's waits.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from sqlalchemy import func, select

from queries import categories
from queries.cellkeys import KEY_MODULUS, key_sum
from queries.database import Database
from queries.disclosure import SHOWN, DisclosureRules, perturb, publish
from queries.periods import Period, month_key, months_between
from queries.schema import WAIT_BUCKETS, area, area_ancestor, wait_month, waitlist_month

# The last bucket has no upper edge: a percentile that falls in it is reported as this lower edge
# and reads "85 days or more".
OPEN_FROM = WAIT_BUCKETS[-1]
COUNTS = ("started", "within", "over")
TOTAL, MONTH, AREA, REMAINDER = "total", "month", "area", "remainder"  # row kinds
CHILD_LEVEL = {"municipality": "team", "team": "district", "district": "neighbourhood"}


def percentile(counts: Sequence[int], q: float, buckets: Sequence[int] = WAIT_BUCKETS) -> float | None:
    """The ``q``-quantile (0 < q < 1) of waiting days from a histogram; None when it is empty.

    Bucket i holds the whole days ``buckets[i]`` up to ``buckets[i+1] - 1``; inside it the waits
    are taken as spread evenly over ``[buckets[i], buckets[i+1])``. A quantile in the open last
    bucket is its lower edge (``OPEN_FROM``: "that many days or more").
    """
    total = sum(counts)
    if total <= 0:
        return None
    rank = q * total
    below = 0
    for i, count in enumerate(counts):
        if count and below + count >= rank:
            if i == len(buckets) - 1:
                return float(buckets[i])
            width = buckets[i + 1] - buckets[i]
            return buckets[i] + (rank - below) / count * width
        below += count
    return float(buckets[-1])


def median(counts: Sequence[int]) -> float | None:
    return percentile(counts, 0.5)


def p90(counts: Sequence[int]) -> float | None:
    return percentile(counts, 0.9)


def within_norm(counts: Sequence[int], norm_days: int, buckets: Sequence[int] = WAIT_BUCKETS) -> int:
    """People who waited at most ``norm_days``: exact, because the norm must be a bucket edge."""
    if norm_days + 1 not in buckets:
        edges = ", ".join(str(b - 1) for b in buckets[1:])
        raise ValueError(f"a norm of {norm_days} days is not a bucket edge ({edges}); the share within it would not be exact")
    return int(sum(count for count, lower in zip(counts, buckets) if lower <= norm_days))


def share_within(counts: Sequence[int], norm_days: int) -> float | None:
    total = sum(counts)
    return within_norm(counts, norm_days) / total if total else None


def waits(db: Database, area_code: str, period: Period, rules: DisclosureRules, theme: str | None = None) -> pd.DataFrame:
    """Waiting times of every service in the area and period (with ``theme``: of that theme's
    services, ``theme_service``), published. A cell's published value does not depend on which
    other cells are published with it (cell-key method), so a theme's rows equal the same rows
    without a theme.

    One row per service and kind: ``total`` (the whole period), ``month`` (code 'YYYY-MM'),
    ``area`` (the areas one level down: team areas of the municipality, districts of a team area)
    and ``remainder`` (starts that no such area holds, only where there are any). Columns: service,
    kind, code, name; the counts ``started``, ``within``, ``over`` (None where suppressed) each
    with ``<count>_status``; ``waiting`` (still waiting at the end of the month; for areas at the end
    of the period; None for the total) with ``waiting_status``; ``median``, ``p90``, ``share``
    (within the norm, from published counts) and ``above_norm`` (more than half waited longer than
    the norm, i.e. the median lies above it), each None where the counts are not published.
    """
    services = categories.services(db, theme).set_index("code")
    months = months_between(period.first, period.last)
    level = _level(db, area_code)
    children = _children(db, area_code, level)
    codes = list(children["code"])
    per_month = _histograms(db, area_code, period)
    per_area = _histograms(db, area_code, period, children=codes)
    waiting_month = _waiting(db, area_code, period)
    waiting_area = _waiting(db, area_code, Period(period.last, period.last), children=codes)
    empty = Histogram.empty()
    remainder_name = "Zonder wijkteamgebied" if CHILD_LEVEL.get(level) == "team" else "Zonder deelgebied"

    rows = []
    for service, norm in services["norm_days"].items():
        monthly = [per_month.get((service, m), empty) for m in months]
        total = sum(monthly, empty)
        rows.append(_row(service, TOTAL, "", "", total, None, norm))
        for month, histogram in zip(months, monthly):
            rows.append(_row(service, MONTH, month_key(month), month_key(month), histogram,
                             waiting_month.get((service, month), (0, 0)), norm))
        for child in children.itertuples():
            rows.append(_row(service, AREA, child.code, child.name, per_area.get((service, child.code), empty),
                             waiting_area.get((service, child.code), (0, 0)), norm))
        # The remainder's records are the area's less its children's: so are its counts and keys.
        rest = total - sum((per_area.get((service, c), empty) for c in codes), empty)
        last = waiting_month.get((service, period.last), (0, 0))
        children_waiting = [waiting_area.get((service, c), (0, 0)) for c in codes]
        rest_waiting = (last[0] - sum(w[0] for w in children_waiting), (last[1] - sum(w[1] for w in children_waiting)) % KEY_MODULUS)
        if codes and (any(rest.counts) or rest_waiting[0]):
            rows.append(_row(service, REMAINDER, "", remainder_name, rest, rest_waiting, norm))
    return _publish(rows, rules)


class Histogram:
    """Starts per bucket with the cell key of each bucket; adds and subtracts bucket by bucket."""

    def __init__(self, counts, keys):
        self.counts = [int(c) for c in counts]
        self.keys = [int(k) % KEY_MODULUS for k in keys]

    @classmethod
    def empty(cls) -> Histogram:
        return cls([0] * len(WAIT_BUCKETS), [0] * len(WAIT_BUCKETS))

    def __add__(self, other: Histogram) -> Histogram:
        return Histogram([a + b for a, b in zip(self.counts, other.counts)], [a + b for a, b in zip(self.keys, other.keys)])

    def __sub__(self, other: Histogram) -> Histogram:
        return Histogram([a - b for a, b in zip(self.counts, other.counts)], [a - b for a, b in zip(self.keys, other.keys)])

    def cell(self, buckets) -> tuple[int, int]:
        """(count, cell key) of the starts in the buckets at these positions."""
        return sum(self.counts[i] for i in buckets), sum(self.keys[i] for i in buckets) % KEY_MODULUS


def _row(service: str, kind: str, code: str, name: str, histogram: Histogram, waiting: tuple | None, norm: int) -> dict:
    within = [i for i, lower in enumerate(WAIT_BUCKETS) if lower <= int(norm)]
    within_norm(histogram.counts, int(norm))  # checks that the norm is a bucket edge
    over = [i for i in range(len(WAIT_BUCKETS)) if i not in within]
    return {
        "service": service, "kind": kind, "code": code, "name": name,
        "started": histogram.cell(range(len(WAIT_BUCKETS))), "within": histogram.cell(within),
        "over": histogram.cell(over), "waiting": waiting,
        "buckets": [histogram.cell([i]) for i in range(len(WAIT_BUCKETS))],
    }


def _publish(rows: list[dict], rules: DisclosureRules) -> pd.DataFrame:
    """Publish every count of the page, then the statistics from the published counts."""
    key = lambda row, measure: (row["service"], row["kind"], row["code"], measure)  # noqa: E731
    cells = {key(row, m): row[m] for row in rows for m in COUNTS}
    cells |= {key(row, "waiting"): row["waiting"] for row in rows if row["waiting"] is not None}
    published, status = publish(cells, rules)
    # Buckets are not shown, only read for percentiles: each with its perturbed value, also where it
    # would show as "<5", so the exact count never enters a statistic.
    buckets = [cell for row in rows for cell in row["buckets"]]
    values = [c for c, _ in buckets] if rules.exact else perturb([c for c, _ in buckets], [k for _, k in buckets])
    width = len(WAIT_BUCKETS)
    histograms = [[int(v) for v in values[i * width:(i + 1) * width]] for i in range(len(rows))]

    # Named columns: a theme without services has no rows, and its empty frame must still have them.
    out = pd.DataFrame(rows, columns=["service", "kind", "code", "name", *COUNTS, "waiting", "buckets"]).drop(columns="buckets")
    for measure in (*COUNTS, "waiting"):
        keys = [key(row, measure) for row in rows]
        out[measure] = pd.array([published.get(k) for k in keys], dtype="Int64")
        out[f"{measure}_status"] = [status.get(k, SHOWN) for k in keys]
    shown = (out["started"].fillna(0) > 0) & (out["started_status"] == SHOWN) & (out["within_status"] == SHOWN)
    out["share"] = (out["within"] / out["started"]).clip(upper=1).astype("Float64").where(shown)
    out["median"] = pd.array([median(h) for h in histograms], dtype="Float64")
    out["p90"] = pd.array([p90(h) for h in histograms], dtype="Float64")
    for statistic in ("median", "p90"):
        out[statistic] = out[statistic].where(shown)
    out["above_norm"] = (out["share"] < 0.5).astype("boolean").where(shown)
    return out


def _level(db: Database, code: str) -> str:
    return str(db.read(select(area.c.level).where(area.c.code == code))["level"].iloc[0])


def _children(db: Database, area_code: str, level: str) -> pd.DataFrame:
    """The areas one level below ``area_code`` (code, name), by name; empty when there are none."""
    below = CHILD_LEVEL.get(level)
    return db.read(
        select(area.c.code, area.c.name)
        .join(area_ancestor, area_ancestor.c.area_code == area.c.code)
        .where(area_ancestor.c.ancestor_code == area_code, area.c.level == below)
        .order_by(area.c.name)
    )


def _grouping(area_code: str, fact_area, children: list[str] | None):
    """What to group by and which facts count: per month for the area itself, or per child area."""
    if children is None:
        return None, [area_ancestor.c.ancestor_code == area_code]
    inside = select(area_ancestor.c.area_code).where(area_ancestor.c.ancestor_code == area_code)
    return area_ancestor.c.ancestor_code, [area_ancestor.c.ancestor_code.in_(children), fact_area.in_(inside)]


def _histograms(db: Database, area_code: str, period: Period, children: list[str] | None = None) -> dict:
    """{(service, month or child area): Histogram}, summed over the areas beneath."""
    if children == []:
        return {}
    by, conditions = _grouping(area_code, wait_month.c.area_code, children)
    by = wait_month.c.month if by is None else by
    frame = db.read(
        select(by.label("key"), wait_month.c.service, wait_month.c.bucket, func.sum(wait_month.c.started).label("started"),
               key_sum(wait_month.c.started_ckey))
        .join(area_ancestor, area_ancestor.c.area_code == wait_month.c.area_code)
        .where(wait_month.c.month.between(period.first, period.last), *conditions)
        .group_by(by, wait_month.c.service, wait_month.c.bucket)
    )
    position = {bucket: i for i, bucket in enumerate(WAIT_BUCKETS)}
    histograms: dict = {}
    for row in frame.itertuples():
        histogram = histograms.setdefault((row.service, row.key), Histogram.empty())
        histogram.counts[position[int(row.bucket)]] += int(row.started)
        histogram.keys[position[int(row.bucket)]] = int(row.started_ckey)
    return histograms


def _waiting(db: Database, area_code: str, period: Period, children: list[str] | None = None) -> dict:
    """{(service, month or child area): (people waiting at month end, cell key)}, summed over the areas beneath."""
    if children == []:
        return {}
    by, conditions = _grouping(area_code, waitlist_month.c.area_code, children)
    by = waitlist_month.c.month if by is None else by
    frame = db.read(
        select(by.label("key"), waitlist_month.c.service, func.sum(waitlist_month.c.waiting).label("waiting"),
               key_sum(waitlist_month.c.waiting_ckey))
        .join(area_ancestor, area_ancestor.c.area_code == waitlist_month.c.area_code)
        .where(waitlist_month.c.month.between(period.first, period.last), *conditions)
        .group_by(by, waitlist_month.c.service)
    )
    return {(row.service, row.key): (int(row.waiting), int(row.waiting_ckey)) for row in frame.itertuples()}
