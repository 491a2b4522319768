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


def base(db: Database, theme_code: str | None) -> str:
    """The population a theme's rates count per 1,000 of; inhabitants without a theme."""
    if theme_code is None:
        return INHABITANTS
    found = db.read(select(theme.c.population_base).where(theme.c.code == theme_code))
    return str(found["population_base"].iloc[0]) if len(found) else INHABITANTS


def per_1000(count, people) -> float | None:
    """``count`` per 1,000 ``people``; None when either is unknown (a hidden count) or nobody lives there."""
    if count is None or people is None or pd.isna(count) or pd.isna(people) or not people:
        return None
    return float(count) / float(people) * 1000


def per_1000_column(counts: pd.Series, people: pd.Series) -> pd.Series:
    """``per_1000`` for parallel columns, as a nullable Float64 column."""
    return pd.Series([per_1000(c, p) for c, p in zip(counts, people)], index=counts.index, dtype="Float64")
