"""Rates per 1,000: what a theme's rates count per 1,000 of, and the one computation of them.

A theme names its population base in data/themes.csv (``population_base``): youth and parenting
counts per 1,000 young people aged 0 to 17 (``area_population.youth_0_17``), the Jeugdmonitor's
"per 1.000 jongeren tot 18 jaar"; the other themes, and all themes together, per 1,000
inhabitants. docs/data-model.md says where the populations come from.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select

from queries.database import Database
from queries.schema import POPULATION_BASES, theme

INHABITANTS, YOUTH = POPULATION_BASES
# The smallest population a rate is given for. The protection moves a count by up to 3, which moves
# a rate over P people by up to 3,000/P per 1,000: at 300 people at most 10. Below it a rate says
# more about the noise than about the area (an industrial district's 10 young people gave 1,300
# per 1,000), so it is not given; the words say why (dashboard/views/rates.py).
MIN_POPULATION = 300


def base(db: Database, theme_code: str | None) -> str:
    """The population a theme's rates count per 1,000 of; inhabitants without a theme."""
    if theme_code is None:
        return INHABITANTS
    found = db.read(select(theme.c.population_base).where(theme.c.code == theme_code))
    return str(found["population_base"].iloc[0]) if len(found) else INHABITANTS


def has_rate(people) -> bool:
    """Whether a rate is given over ``people``: known, and at least ``MIN_POPULATION``."""
    return people is not None and not pd.isna(people) and people >= MIN_POPULATION


def per_1000(count, people) -> float | None:
    """``count`` per 1,000 ``people``; None when the count is unknown (hidden) or the population is
    unknown or smaller than ``MIN_POPULATION``."""
    if count is None or pd.isna(count) or not has_rate(people):
        return None
    return float(count) / float(people) * 1000


def per_1000_column(counts: pd.Series, people: pd.Series) -> pd.Series:
    """``per_1000`` for parallel columns, as a nullable Float64 column."""
    return pd.Series([per_1000(c, p) for c, p in zip(counts, people)], index=counts.index, dtype="Float64")
