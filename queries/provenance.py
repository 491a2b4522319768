"""Where the figures come from and how far they reach: for the page "Over de data"."""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import func, select

from queries import schema
from queries.database import Database

# Fact table -> the kind of load that fills it.
FACT_TABLES = {
    "contacts": (schema.contact_month, "month"),
    "waits": (schema.wait_month, "month"),
    "survey": (schema.survey_result, "wave"),
    "caseload": (schema.caseload_month, "month"),
    "population": (schema.area_population, "year"),
}


def coverage(db: Database) -> pd.DataFrame:
    """Per kind of data: the first and last month it has (waves and years as January to December)."""
    rows = []
    for kind, (table, column) in FACT_TABLES.items():
        first, last = db.read(select(func.min(table.c[column]), func.max(table.c[column]))).iloc[0]
        if first is None or pd.isna(first):
            first = last = None
        elif column in ("wave", "year"):
            first, last = date(int(first), 1, 1), date(int(last), 12, 1)
        else:
            first, last = _as_date(first), _as_date(last)
        rows.append({"kind": kind, "first": first, "last": last})
    return pd.DataFrame(rows, columns=["kind", "first", "last"])


def population_sources(db: Database) -> pd.DataFrame:
    """Each source of inhabitants' figures with the years it covers."""
    population = schema.area_population
    return db.read(
        select(population.c.source, func.min(population.c.year).label("first"), func.max(population.c.year).label("last"))
        .group_by(population.c.source)
        .order_by(func.min(population.c.year))
    )


def shape_sources(db: Database) -> list[str]:
    """The sources of the area shapes on the maps."""
    frame = db.read(select(schema.area.c.geometry_source).where(schema.area.c.geometry_source.is_not(None)).distinct())
    return sorted(frame["geometry_source"])


def _as_date(value) -> date:
    # SQLite hands back dates as text when they come out of an aggregate.
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
