"""The perturbation table of the cell-key method: for a count and a cell key, the noise to add.

For every original count ``i`` the table holds a probability distribution over published values
``j``. The (scrambled) cell key, read as a fraction of 2**32, picks ``j`` through the cumulative
probabilities, so the same count with the same key always gets the same noise. The distributions follow the
constraints of Giessing (2016) as implemented in sdcTools' ``ptable`` (Destatis):

- the noise is at most ``max_deviation`` either way;
- a zero stays zero, and no count is published as 1 to ``blocked`` (nor below zero);
- the noise has mean zero and variance ``variance`` where those constraints allow it: for the
  smallest counts they do not, and their rows take the smallest variance that keeps mean zero;
- among the distributions that meet this, the one with maximum entropy, which has the form
  p(d) ~ exp(a*d + b*d^2) over the allowed noise values d.

Rows from ``max_deviation + blocked + 1`` on are all alike (no constraint reaches them), so the
table stops there and larger counts use its last row.

``python -m queries.ptable`` rebuilds data/ptable.csv from the parameters below.
"""

from __future__ import annotations

import argparse
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from queries.cellkeys import KEY_MODULUS

PTABLE_FILE = Path(__file__).resolve().parent.parent / "data" / "ptable.csv"
MAX_DEVIATION = 3
VARIANCE = 2.0
BLOCKED = 2  # published values 1 and 2 never occur
DECIMALS = 8  # probabilities as stored; cumulative bounds are rebuilt from these


def allowed_noise(count: int, max_deviation: int, blocked: int) -> np.ndarray:
    if count == 0:
        return np.array([0])
    values = np.arange(count - max_deviation, count + max_deviation + 1)
    values = values[(values == 0) | (values > blocked)]
    return values - count


def _distribution(noise: np.ndarray, variance: float) -> np.ndarray:
    """Maximum-entropy probabilities over ``noise`` with mean 0 and variance as close to ``variance`` as allowed."""
    if len(noise) == 1:
        return np.array([1.0])
    d = noise.astype(float)

    def probabilities(a: float, b: float) -> np.ndarray:
        exponent = a * d + b * d * d
        weights = np.exp(exponent - exponent.max())
        return weights / weights.sum()

    def zero_mean(b: float) -> np.ndarray:
        low, high = -60.0, 60.0  # the mean rises with a; bisect for mean 0
        for _ in range(200):
            middle = (low + high) / 2
            if probabilities(middle, b) @ d > 0:
                high = middle
            else:
                low = middle
        return probabilities((low + high) / 2, b)

    low, high = -30.0, 5.0  # the variance rises with b; bisect for the target, clamped at the ends
    for _ in range(200):
        middle = (low + high) / 2
        if zero_mean(middle) @ (d * d) > variance:
            high = middle
        else:
            low = middle
    return zero_mean((low + high) / 2)


def build(max_deviation: int = MAX_DEVIATION, variance: float = VARIANCE, blocked: int = BLOCKED) -> pd.DataFrame:
    """The table as rows (i, j, p): original count, published count, probability."""
    if max_deviation < 1 or blocked < 0 or variance <= 0:
        raise ValueError("the maximum deviation must be at least 1, the variance positive and blocked not negative")
    rows = []
    for i in range(max_deviation + blocked + 2):
        noise = allowed_noise(i, max_deviation, blocked)
        p = np.round(_distribution(noise, variance), DECIMALS)
        keep = p > 0
        p = p[keep] / p[keep].sum()
        rows += [(i, i + int(n), round(float(q), DECIMALS)) for n, q in zip(noise[keep], p)]
    return pd.DataFrame(rows, columns=["i", "j", "p"])


@dataclass(frozen=True)
class PerturbationTable:
    """The table in the form the lookup needs: per row, the upper cumulative bound (on the
    32-bit key scale) and the noise of each published value."""

    rows: pd.DataFrame
    upper: np.ndarray  # rows x slots, integer bounds on [0, 2**32]; padded with 2**32
    noise: np.ndarray  # rows x slots

    @property
    def max_deviation(self) -> int:
        return int((self.rows["j"] - self.rows["i"]).abs().max())

    @property
    def largest_row(self) -> int:
        return int(self.rows["i"].max())

    def possible(self, published: int) -> list[int]:
        """The original counts that can be published as ``published``."""
        candidates = range(max(0, published - self.max_deviation), published + self.max_deviation + 1)
        return [i for i in candidates if published - i in self.noise_values(i)]

    def noise_values(self, count: int) -> set[int]:
        row = self.rows[self.rows["i"] == min(count, self.largest_row)]
        return set((row["j"] - row["i"]).astype(int))

    def variance(self, count: int) -> float:
        row = self.rows[self.rows["i"] == min(count, self.largest_row)]
        return float((row["p"] * (row["j"] - row["i"]) ** 2).sum())


def from_rows(rows: pd.DataFrame) -> PerturbationTable:
    scale = KEY_MODULUS
    sizes = rows.groupby("i").size()
    if list(sizes.index) != list(range(len(sizes))):
        raise ValueError("the perturbation table must have a row for every count from 0 up")
    width = int(sizes.max())
    upper = np.full((len(sizes), width), scale, dtype=np.int64)
    noise = np.zeros((len(sizes), width), dtype=np.int64)
    for i, row in rows.groupby("i"):
        cumulative = np.cumsum(row["p"].to_numpy())
        if not math.isclose(cumulative[-1], 1.0, abs_tol=1e-6):
            raise ValueError(f"the probabilities of count {i} add up to {cumulative[-1]}, not 1")
        bounds = np.floor(cumulative * scale).astype(np.int64)
        bounds[-1] = scale
        upper[i, : len(row)] = bounds
        noise[i, : len(row)] = (row["j"] - row["i"]).to_numpy()
        noise[i, len(row):] = noise[i, len(row) - 1]
    return PerturbationTable(rows.reset_index(drop=True), upper, noise)


@cache
def load(path: Path = PTABLE_FILE) -> PerturbationTable:
    return from_rows(pd.read_csv(path))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m queries.ptable", description=__doc__.splitlines()[0])
    parser.add_argument("--max-deviation", type=int, default=MAX_DEVIATION)
    parser.add_argument("--variance", type=float, default=VARIANCE)
    parser.add_argument("--blocked", type=int, default=BLOCKED)
    parser.add_argument("--out", type=Path, default=PTABLE_FILE)
    args = parser.parse_args(argv)
    table = build(args.max_deviation, args.variance, args.blocked)
    table.to_csv(args.out, index=False)
    for i, row in table.groupby("i"):
        d = row["j"] - row["i"]
        print(f"count {i}{'+' if i == table['i'].max() else ''}: mean {float(row['p'] @ d):+.3f}, "
              f"variance {float(row['p'] @ (d * d)):.3f}, published as {list(row['j'])}")


if __name__ == "__main__":
    main()
