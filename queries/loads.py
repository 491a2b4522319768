"""What has been loaded into the database, and which months it covers."""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import func, select

from queries.database import Database
from queries.disclosure import DisclosureRules
from queries.schema import contact_month, load_log


def is_demo(db: Database) -> bool:
    """Whether any of the data came from the demo generator (then every page says so)."""
    rows = db.read(select(func.count()).select_from(load_log).where(load_log.c.kind == "demo", load_log.c.result == "ok"))
    return bool(rows.iloc[0, 0])


def contact_months(db: Database) -> tuple[date, date] | None:
    """First and last month with contact data, or None when there is none."""
    rows = db.read(select(func.min(contact_month.c.month).label("first"), func.max(contact_month.c.month).label("last")))
    first, last = rows.iloc[0]
    if first is None or pd.isna(first):
        return None
    return _as_date(first), _as_date(last)


def _as_date(value) -> date:
    # SQLite hands back dates as text when they come out of an aggregate.
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def load_history(db: Database, rules: DisclosureRules | None = None) -> pd.DataFrame:
    """Every load, newest first. ``rows_read`` is the exact number of records in a file (a month's
    contacts, a wave's answers): published only at the internal level, NA otherwise."""
    history = db.read(select(load_log).order_by(load_log.c.loaded_at.desc(), load_log.c.id.desc()))
    if rules is None or not rules.exact:
        history["rows_read"] = pd.array([pd.NA] * len(history), dtype="Int64")
    return history
