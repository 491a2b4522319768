"""The query layer under the load of a full council room: many threads, one read-only engine.

Streamlit runs each session in a thread of its own and all of them share the dashboard's engine.
An engine whose pool closed connections other threads were still using crashed the process
(exit 139) within seconds with eight threads. The hammering runs in a subprocess, so such a crash
fails the test instead of ending pytest.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from datetime import date
from itertools import cycle
from pathlib import Path

import pytest

from queries import areas, contacts, questions, teams, waits
from queries.database import Database
from queries.disclosure import DisclosureRules
from queries.periods import Period

PROJECT = Path(__file__).resolve().parent.parent
THREADS = 16
SECONDS = 10

PERIODS = [Period(date(2015, 1, 1), date(2015, 5, 1)), Period(date(2024, 1, 1), date(2024, 12, 1)),
           Period(date(2025, 10, 1), date(2025, 12, 1))]


def _queries(db: Database, rules: DisclosureRules):
    """What the pages ask, with the filters changing from call to call."""
    codes = list(areas.areas(db)["code"])
    for number, (period, code) in enumerate(zip(cycle(PERIODS), cycle(codes))):
        theme = "wonen" if number % 3 == 0 else None
        yield "by_area", lambda: contacts.by_area(db, "district", period, rules, theme)
        yield "key_figures", lambda: contacts.key_figures(db, code, period, rules, theme)
        yield "monthly_rate", lambda: contacts.monthly_rate(db, code, period, rules)
        yield "question_figures", lambda: questions.question_figures(db, code, period, "district", rules, theme)
        yield "team_figures", lambda: teams.team_figures(db, code, period, rules)
        yield "waits", lambda: waits.waits(db, code, period, rules)
        yield "areas", lambda: areas.areas(db)


def hammer(url: str, threads: int, seconds: float) -> dict:
    """Run the pages' queries from ``threads`` threads on one read-only Database for ``seconds``."""
    db = Database(url, readonly=True)
    rules = DisclosureRules()
    calls: dict[str, int] = {}
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def work(offset: int) -> None:
        queries = _queries(db, rules)
        for _ in range(offset):  # threads start at different places in the cycle
            next(queries)
        for name, query in queries:
            if time.monotonic() > deadline:
                return
            try:
                query()
            except Exception as error:  # every kind of failure counts, and is reported
                with lock:
                    errors.append(f"{name}: {type(error).__name__}: {error}")
            else:
                with lock:
                    calls[name] = calls.get(name, 0) + 1

    workers = [threading.Thread(target=work, args=(i * 5,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    db.dispose()
    return {"calls": calls, "errors": errors}


def run_hammer(url: str) -> dict:
    script = f"import json; from tests.test_concurrency import hammer; print(json.dumps(hammer({url!r}, {THREADS}, {SECONDS})))"
    done = subprocess.run([sys.executable, "-c", script], cwd=PROJECT, capture_output=True, text=True, timeout=SECONDS + 120)
    assert done.returncode == 0, f"exit {done.returncode}: {done.stderr[-2000:]}"  # 139 was the segfault
    return json.loads(done.stdout)


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_sixteen_threads_share_the_read_only_engine_without_errors(backend, request):
    result = run_hammer(request.getfixturevalue(f"{backend}_demo_url"))
    assert result["errors"] == []
    # Every kind of query ran, and more than once per thread: the threads really overlapped.
    assert set(result["calls"]) == {"by_area", "key_figures", "monthly_rate", "question_figures", "team_figures", "waits", "areas"}
    assert sum(result["calls"].values()) > THREADS * 2, result["calls"]


def test_the_read_only_engine_borrows_connections_from_a_queue(sqlite_demo_db):
    # Not SQLAlchemy's SingletonThreadPool of a hand-made connection: that pool closed connections
    # that other sessions' threads were still using.
    assert type(sqlite_demo_db.engine.pool).__name__ == "QueuePool"
    assert sqlite_demo_db.engine.url.query == {"mode": "ro", "uri": "true"}
