"""Writing a load: replace the months (or survey waves) it holds data for, in one transaction, and
record it in the load log. `plan` says beforehand what will be replaced."""

from __future__ import annotations

import os
import sys
import time
from datetime import UTC, datetime

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import and_, delete, func, insert, select
from sqlalchemy.exc import IntegrityError

from queries import schema
from queries.areas import home_municipality
from queries.database import Database
from queries.ingest.kinds import KIND_NAMES, Aggregates
from queries.messages import DUTCH, N_, Listing, Message, Translator, UserError, lines, message, ngettext
from queries.periods import month_key

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
# Months with data further apart than this are worth a word before loading: one date typed as 1990
# among a year of 2025 is more likely a typing error than an export of both.
GAP_MONTHS = 12


class WriteError(UserError, ValueError):
    """The load conflicts with what the database holds; nothing was written."""


@dataclass
class Plan:
    """What a load will replace, said before it writes."""

    kind: str
    months: list[date]  # empty for surveys
    waves: list[tuple[int, str]]
    existing: int  # rows the database now holds there, which the load deletes
    rows: int  # aggregate rows the load writes

    def text(self, translator: Translator = DUTCH) -> str:
        return lines(self.lines(), translator)

    def lines(self) -> list[Message]:
        kind = message(KIND_NAMES[self.kind])
        if self.kind == "survey":
            what = ", ".join(f"{survey} {wave}" for wave, survey in self.waves)
            where = message(ngettext("de meting {waves}", "de metingen {waves}", len(self.waves)), waves=what)
            template = ngettext("Vervangt {kind} voor {where}: nu {existing:,} rij in de database; andere metingen en "
                                "gebieden blijven zoals ze zijn.",
                                "Vervangt {kind} voor {where}: nu {existing:,} rijen in de database; andere metingen en "
                                "gebieden blijven zoals ze zijn.", self.existing)
        else:
            where = message(ngettext("{n} maand ({months})", "{n} maanden ({months})", len(self.months)),
                            n=len(self.months), months=month_ranges(self.months))
            template = ngettext("Vervangt {kind} voor {where}: nu {existing:,} rij in de database; andere maanden "
                                "blijven zoals ze zijn.",
                                "Vervangt {kind} voor {where}: nu {existing:,} rijen in de database; andere maanden "
                                "blijven zoals ze zijn.", self.existing)
        said = [message(template, kind=kind, where=where, existing=self.existing)]
        for lonely in isolated_months(self.months):
            said.append(message(N_("Let op: {month} ligt meer dan {gap} maanden van de andere maanden in het bestand; "
                                   "is een datum verkeerd getypt, verbeter die dan (controleer met --dry-run vóór het laden)."),
                                month=month_key(lonely), gap=GAP_MONTHS))
        return said


def month_ranges(months: list[date]) -> Listing:
    """'2024-01 tot en met 2024-03, 2024-06' for consecutive runs."""
    runs: list[list[date]] = []
    for month in sorted(months):
        if runs and _index(month) == _index(runs[-1][-1]) + 1:
            runs[-1].append(month)
        else:
            runs.append([month])
    return Listing([month_key(r[0]) if len(r) == 1
                    else message(N_("{first} tot en met {last}"), first=month_key(r[0]), last=month_key(r[-1])) for r in runs])


def isolated_months(months: list[date]) -> list[date]:
    """Months more than `GAP_MONTHS` away from every other month with data."""
    ordered = sorted(months)
    if len(ordered) < 2:
        return []
    index = [_index(m) for m in ordered]
    lonely = []
    for i, month in enumerate(ordered):
        before = index[i] - index[i - 1] if i else None
        after = index[i + 1] - index[i] if i + 1 < len(index) else None
        if all(gap is None or gap > GAP_MONTHS for gap in (before, after)):
            lonely.append(month)
    return lonely


def _index(month: date) -> int:
    return month.year * 12 + month.month - 1


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


def replaced_months(kind: str, aggregates: Aggregates) -> list[date]:
    if kind == "survey":
        return []
    if aggregates.months is not None:
        return sorted(aggregates.months)
    months = set()
    for frame in aggregates.tables.values():
        months.update(pd.Timestamp(m).date().replace(day=1) for m in frame["month"].unique())
    return sorted(months)


def tables(kind: str, aggregates: Aggregates, months: list[date]) -> dict:
    """The rows to write. Waiting lists are computed for every month from the earliest request;
    only the months the file holds data for are written."""
    if kind == "survey":
        return aggregates.tables
    keep = set(months)
    return {table: frame[[pd.Timestamp(m).date().replace(day=1) in keep for m in frame["month"]]]
            for table, frame in aggregates.tables.items()}


def plan(db: Database, kind: str, aggregates: Aggregates) -> Plan:
    """What writing ``aggregates`` will replace, without writing."""
    own = _own_areas(db)
    months = replaced_months(kind, aggregates)
    existing = 0
    with db.engine.connect() as connection:
        for table, condition in _scope(kind, aggregates, months, own):
            existing += connection.execute(select(func.count()).select_from(table).where(condition)).scalar_one()
    rows = sum(len(frame) for frame in tables(kind, aggregates, months).values())
    return Plan(kind, months, list(aggregates.waves), int(existing), rows)


def write(db: Database, kind: str, file_name: str, sha256: str, aggregates: Aggregates, rows_read: int) -> int:
    """Replace the months (or waves) of ``aggregates`` for ``kind`` and log the load; all or nothing."""
    own = _own_areas(db)
    months = replaced_months(kind, aggregates)
    try:
        with db.engine.begin() as connection:
            removed = 0
            for table, condition in _scope(kind, aggregates, months, own):
                removed += connection.execute(delete(table).where(condition)).rowcount
            written = 0
            for table, frame in tables(kind, aggregates, months).items():
                if len(frame):
                    connection.execute(insert(table), frame.astype(object).where(frame.notna(), None).to_dict("records"))
                written += len(frame)
            connection.execute(
                insert(schema.load_log).values(
                    loaded_at=datetime.now(UTC),
                    kind=kind,
                    file_name=file_name[:300],
                    sha256=sha256,
                    period_first=aggregates.first,
                    period_last=aggregates.last,
                    rows_read=rows_read,
                    rows_written=written,
                    result="ok",
                    message=f"{removed:,} eerdere rijen voor deze periode vervangen".replace(",", ".") if removed
                    else "nieuwe periode",
                )
            )
            _hold_for_test()
    except IntegrityError:
        # The scope above deletes what the file replaces, so this means rows the file does not
        # replace stand in the way; say so instead of showing the database's own message.
        raise WriteError(N_("de {kind} in dit bestand botsen met rijen die al in de database staan en die het niet "
                            "vervangt; er is niets geschreven"), kind=message(KIND_NAMES[kind])) from None
    return written


def _own_areas(db: Database) -> list[str]:
    own = select(schema.area_ancestor.c.area_code).where(schema.area_ancestor.c.ancestor_code == home_municipality(db))
    return sorted(db.read(own)["area_code"])


def _scope(kind: str, aggregates: Aggregates, months: list[date], own: list[str]) -> list:
    """(table, condition) pairs for the rows a load replaces: the municipality's own areas in the
    file's months. For surveys, the file's waves: for the own areas when the file holds any of them,
    and for each comparison municipality it holds (so reloading a comparison wave replaces it rather
    than clashing, and a comparison file leaves the municipality's own results alone)."""
    pairs = []
    for table in REPLACED_TABLES[kind]:
        area_column = table.c.team_code if table is schema.caseload_month else table.c.area_code
        if kind == "survey":
            in_file = set().union(*(set(frame["area_code"]) for frame in aggregates.tables.values()))
            areas = sorted(in_file | (set(own) if in_file & set(own) else set()))
            for wave, survey in aggregates.waves:
                pairs.append((table, and_(table.c.wave == wave, table.c.survey == survey, area_column.in_(areas))))
        elif months:
            pairs.append((table, and_(table.c.month.in_(months), area_column.in_(own))))
    return pairs


def _hold_for_test() -> None:
    seconds = os.environ.get(HOLD_VARIABLE)
    if seconds:
        print(HOLDING, file=sys.stderr, flush=True)
        time.sleep(float(seconds))
