"""Writing a load: replace the period it covers, in one transaction, and record it in the load log."""

from __future__ import annotations

import os
import sys
import time
from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import and_, delete, insert, select
from sqlalchemy.engine import Connection

from queries import schema
from queries.areas import home_municipality
from queries.database import Database
from queries.ingest.kinds import Aggregates

# Test hook, and only that: with this variable set to a number of seconds, a load waits that long
# inside its open transaction (after writing, before committing), so a test can kill the process
# there and check that the database still holds the previous state.
HOLD_VARIABLE = "WIJKMONITOR_TEST_HOLD_TRANSACTION"
HOLDING = "holding the transaction open"

REPLACED_TABLES = {
    "contacts": (schema.contact_month,),
    "waits": (schema.wait_month, schema.waitlist_month),
    "survey": (schema.survey_result,),
    "caseload": (schema.caseload_month,),
}


def previous_load(db: Database, kind: str, sha256: str) -> pd.Series | None:
    """The earlier successful load of this very file, unless a later load of the kind has since
    replaced (part of) its period."""
    log = schema.load_log
    history = db.read(select(log).where(log.c.kind == kind, log.c.result == "ok").order_by(log.c.id))
    same = history[history["sha256"] == sha256]
    if same.empty:
        return None
    earlier = same.iloc[-1]
    later = history[history["id"] > earlier["id"]]
    overlapping = later[(later["period_first"] <= earlier["period_last"]) & (later["period_last"] >= earlier["period_first"])]
    return None if len(overlapping) else earlier


def write(db: Database, kind: str, file_name: str, sha256: str, aggregates: Aggregates, rows_read: int) -> int:
    """Replace the period of ``aggregates`` for ``kind`` and log the load; all or nothing."""
    own = select(schema.area_ancestor.c.area_code).where(schema.area_ancestor.c.ancestor_code == home_municipality(db))
    with db.engine.begin() as connection:
        removed = _delete_period(connection, kind, aggregates, own)
        for table, frame in aggregates.tables.items():
            if len(frame):
                connection.execute(insert(table), frame.astype(object).where(frame.notna(), None).to_dict("records"))
        connection.execute(
            insert(schema.load_log).values(
                loaded_at=datetime.now(UTC),
                kind=kind,
                file_name=file_name[:300],
                sha256=sha256,
                period_first=aggregates.first,
                period_last=aggregates.last,
                rows_read=rows_read,
                rows_written=aggregates.rows,
                result="ok",
                message=f"{removed:,} eerdere rijen voor deze periode vervangen".replace(",", ".") if removed
                else "nieuwe periode",
            )
        )
        _hold_for_test()
    return aggregates.rows


def _delete_period(connection: Connection, kind: str, aggregates: Aggregates, own) -> int:
    removed = 0
    for table in REPLACED_TABLES[kind]:
        area_column = table.c.team_code if table is schema.caseload_month else table.c.area_code
        if kind == "survey":
            scope = [and_(table.c.wave == wave, table.c.survey == survey) for wave, survey in aggregates.waves]
        else:
            scope = [table.c.month.between(aggregates.first, aggregates.last)]
        for condition in scope:
            removed += connection.execute(delete(table).where(condition, area_column.in_(own))).rowcount
    return removed


def _hold_for_test() -> None:
    seconds = os.environ.get(HOLD_VARIABLE)
    if seconds:
        print(HOLDING, file=sys.stderr, flush=True)
        time.sleep(float(seconds))
