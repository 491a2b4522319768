"""When the database itself is the problem: locked by another writer, read-only, incomplete, or left
behind by a load that was killed. Each gives one line and status 2, or just keeps working with the
data that was there, and never changes what is stored."""

from __future__ import annotations

import calendar
import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from dashboard.cli import main
from queries import benchmark, contacts, database
from queries.database import Database
from queries.disclosure import DisclosureRules
from queries.ingest.writing import HOLD_VARIABLE, HOLDING
from queries.periods import Period, parse_month
from tests.cli_language import speak

PROJECT = Path(__file__).resolve().parent.parent
YEAR = ["--from", "2024-01", "--to", "2024-12"]  # the year benchmark.contacts_export covers


def checksum(url: str) -> str:
    """Every row of every table there is, read through a read-only engine (which repairs nothing)."""
    db = Database(url, readonly=True)
    digest = hashlib.sha256()
    with db.engine.connect() as connection:
        for name in sorted(inspect(connection).get_table_names()):
            rows = connection.execute(text(f'SELECT * FROM "{name}"')).fetchall()
            digest.update(name.encode() + repr(sorted(map(repr, rows))).encode())
    db.dispose()
    return digest.hexdigest()


@pytest.fixture(autouse=True)
def dutch(monkeypatch):
    speak(monkeypatch, "nl")


@pytest.fixture
def cli(capsys):
    def run(*argv) -> tuple[int, str, str]:
        status = main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return status, out, err

    return run


@pytest.fixture
def export(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("export") / "contacten.csv"
    benchmark.contacts_export(path, 2_000)
    return path


def assert_one_line(status: int, err: str, *words: str) -> None:
    assert status == 2, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    for word in words:
        assert word in err, err


# Another writer holds the lock
class Locker:
    """A second process that holds a write lock on the database until closed."""

    def __init__(self, url: str):
        backend = make_url(url).get_backend_name()
        if backend == "sqlite":
            path = make_url(url).database
            script = (f"import sqlite3, sys; c = sqlite3.connect({path!r}, isolation_level=None); "
                      "c.execute('BEGIN IMMEDIATE'); print('locked', flush=True); sys.stdin.read()")
        else:  # readers may pass; every writer of contact figures waits
            script = (f"import sys; from sqlalchemy import create_engine, text; c = create_engine({url!r}).connect(); "
                      "c.execute(text('LOCK TABLE contact_month IN EXCLUSIVE MODE')); print('locked', flush=True); sys.stdin.read()")
        self.process = subprocess.Popen([sys.executable, "-c", script], cwd=PROJECT, stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True)
        assert self.process.stdout.readline().strip() == "locked"

    def release(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)


def test_ingest_while_another_writer_holds_the_lock_gives_one_line(fresh_url, export, cli, monkeypatch):
    monkeypatch.setattr(database, "BUSY_TIMEOUT_SECONDS", 1)  # the same path as 5 s, sooner
    before = checksum(fresh_url)
    locker = Locker(fresh_url)
    try:
        status, _, err = cli("ingest", export, "--kind", "contacts", "--db", fresh_url)
    finally:
        locker.release()
    assert_one_line(status, err, "is vergrendeld", "een andere lading", "er is niets geschreven")
    assert checksum(fresh_url) == before
    status, out, err = cli("ingest", export, "--kind", "contacts", "--db", fresh_url)  # once it is free, it loads
    assert status == 0 and out.splitlines()[-1].startswith("contacten.csv geladen: "), err  # after the plan of what it replaces


# A read-only file
def run_as_another_user(work) -> int:
    """``work()`` in a child process that may not write the test's files: as root, as nobody."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover  (the child)
        status = 1
        try:
            if os.geteuid() == 0:
                os.setgid(65534)
                os.setuid(65534)
            status = work()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(status)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


def test_ingest_into_a_read_only_file_gives_one_line(sqlite_url, export, capfd):
    # A folder of its own that another user may enter (pytest's own folders are private to us).
    folder = Path(tempfile.mkdtemp(prefix="wijkmonitor-readonly-"))
    try:
        shutil.copyfile(make_url(sqlite_url).database, folder / "wijkmonitor.db")
        shutil.copyfile(export, folder / export.name)
        url = f"sqlite:///{folder / 'wijkmonitor.db'}"
        before = checksum(url)
        main(["ingest", str(folder / export.name), "--kind", "contacts", "--dry-run", "--db", url])  # imports done now
        capfd.readouterr()
        (folder / "wijkmonitor.db").chmod(0o444)
        folder.chmod(0o755)
        status = run_as_another_user(lambda: main(["ingest", str(folder / export.name), "--kind", "contacts", "--db", url]))
        assert_one_line(status, capfd.readouterr().err, "is alleen-lezen voor deze gebruiker", "er is niets geschreven")
        assert checksum(url) == before
    finally:
        shutil.rmtree(folder)


def test_a_reader_that_may_not_create_the_wal_files_is_told_what_to_change(sqlite_url, capfd):
    # WAL readers need the -wal and -shm files beside the database; without write access to the
    # folder they cannot create them, and the line says which folder needs it.
    folder = Path(tempfile.mkdtemp(prefix="wijkmonitor-readonly-"))
    try:
        assert main(["figures", *YEAR, "--db", sqlite_url]) == 0  # imports done while we may read them
        capfd.readouterr()
        shutil.copyfile(make_url(sqlite_url).database, folder / "wijkmonitor.db")  # alone, no -wal or -shm
        url = f"sqlite:///{folder / 'wijkmonitor.db'}"
        folder.chmod(0o755)
        status = run_as_another_user(lambda: main(["figures", *YEAR, "--db", url]))
        err = capfd.readouterr().err
        if os.geteuid() != 0 and status == 0:
            pytest.skip("this user owns the folder, so SQLite can create the files")
        assert_one_line(status, err, "wijkmonitor.db-wal", "wijkmonitor.db-shm", f"schrijfrechten op {folder}")
    finally:
        shutil.rmtree(folder)


# A table missing
def test_ingest_and_figures_with_a_missing_table_give_one_line(fresh_url, export, cli):
    engine = create_engine(fresh_url)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE load_log"))
    engine.dispose()
    before = checksum(fresh_url)
    for command in (["ingest", export, "--kind", "contacts"], ["figures", *YEAR]):
        status, _, err = cli(*command, "--db", fresh_url)
        assert_one_line(status, err, "mist de tabel load_log", "geen volledige Wijkmonitor-database")
    assert checksum(fresh_url) == before


# A load killed in its transaction
def figures_json(url: str) -> dict:
    done = subprocess.run([sys.executable, "-m", "dashboard.cli", "figures", *YEAR, "--json", "--db", url],
                          cwd=PROJECT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def query_layer(url: str) -> dict:
    db = Database(url, readonly=True)
    try:
        figures = contacts.key_figures(db, "GM0606", Period(parse_month("2024-01"), parse_month("2024-12")), DisclosureRules())
        return {"contacts": figures.value("contacts"), "dossiers": figures.value("dossiers")}
    finally:
        db.dispose()


def kill_when(process: subprocess.Popen, ready: str) -> None:
    try:
        assert process.stderr.readline().strip() == ready
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert process.returncode == -signal.SIGKILL


def large_export(path: Path, years: range, rows_per_year: int) -> Path:
    """A contacts export over many years: more figures to replace than SQLite keeps in memory, so
    the load writes them to the journal or the WAL file before it commits."""
    one_year = path.with_suffix(".year.csv")
    benchmark.contacts_export(one_year, rows_per_year)
    header, *lines = one_year.read_text(encoding="utf-8").splitlines(keepends=True)
    one_year.unlink()

    def moved(line: str, number: int, year: int) -> str:
        if not calendar.isleap(year):
            line = line.replace(";29-02-", ";28-02-", 1)
        line = line.replace(f"-{benchmark.EXPORT_YEAR};", f"-{year};", 1)
        return line.replace("C", f"C{number:02d}", 1)  # contact numbers stay unique

    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(header)
        for number, year in enumerate(years):
            out.writelines(moved(line, number, year) for line in lines)
    return path


def test_a_large_load_killed_in_its_transaction_leaves_cli_and_pages_working(sqlite_url, tmp_path, app, monkeypatch):
    export = large_export(tmp_path / "groot.csv", range(2016, 2026), 20_000)
    figures, queried, stored = figures_json(sqlite_url), query_layer(sqlite_url), checksum(sqlite_url)
    load = subprocess.Popen(
        [sys.executable, "-m", "dashboard.cli", "ingest", str(export), "--kind", "contacts", "--db", sqlite_url],
        cwd=PROJECT, env=dict(os.environ, **{HOLD_VARIABLE: "300"}), stderr=subprocess.PIPE, text=True,
    )
    kill_when(load, HOLDING)  # its rows are written, not committed
    assert os.path.getsize(make_url(sqlite_url).database + "-wal") > 100_000  # and partly already in the log file
    # Read-only, as the dashboard and `figures` open it: nothing here may repair the file first.
    assert figures_json(sqlite_url) == figures
    assert query_layer(sqlite_url) == queried
    monkeypatch.setenv("WIJKMONITOR_DATABASE_URL", sqlite_url)
    test = app(van="2024-01", tot="2024-12")
    assert not test.exception and not test.error, [e.value for e in test.exception] + [e.body for e in test.error]
    shown = {metric.label: metric.value for metric in test.metric}
    assert shown["Contacten"] == f"{queried['contacts']:,}".replace(",", ".")
    assert checksum(sqlite_url) == stored


def test_a_writer_killed_after_its_changes_reached_the_log_leaves_readers_the_previous_data(sqlite_url):
    # A transaction larger than the writer's page cache spills uncommitted pages into the WAL file
    # before it commits: readers must skip them, with the dead writer's lock files still there.
    path = make_url(sqlite_url).database
    figures, queried = figures_json(sqlite_url), query_layer(sqlite_url)
    script = (f"import sqlite3, sys, time; c = sqlite3.connect({path!r}, isolation_level=None); "
              "c.execute('PRAGMA cache_size = 10'); c.execute('BEGIN'); c.execute('DELETE FROM contact_month'); "
              "print('spilled', file=sys.stderr, flush=True); time.sleep(300)")
    writer = subprocess.Popen([sys.executable, "-c", script], stderr=subprocess.PIPE, text=True)
    try:
        assert writer.stderr.readline().strip() == "spilled"
        assert os.path.getsize(path + "-wal") > 100_000  # the uncommitted pages are in the log
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait()
    assert figures_json(sqlite_url) == figures
    assert query_layer(sqlite_url) == queried


def test_a_load_killed_in_an_older_rollback_journal_file_is_undone_by_the_next_reader(tmp_path, sqlite_demo_url):
    # A file from before WAL (or written by another program) keeps a hot journal after a kill,
    # which a read-only connection cannot roll back: the reader does it first, then reads.
    path = tmp_path / "older.db"
    with closing(sqlite3.connect(path)) as target, closing(sqlite3.connect(make_url(sqlite_demo_url).database)) as source:
        source.backup(target)
        target.execute("PRAGMA journal_mode = DELETE")
    url = f"sqlite:///{path}"
    figures, queried = figures_json(url), query_layer(url)
    script = (f"import sqlite3, sys, time; c = sqlite3.connect({str(path)!r}, isolation_level=None); "
              "c.execute('PRAGMA cache_size = 10'); c.execute('BEGIN'); c.execute('DELETE FROM contact_month'); "
              "print('spilled', file=sys.stderr, flush=True); time.sleep(300)")
    writer = subprocess.Popen([sys.executable, "-c", script], stderr=subprocess.PIPE, text=True)
    kill_when(writer, "spilled")
    assert os.path.getsize(f"{path}-journal") > 100_000  # hot: the file itself was already changed
    assert query_layer(url) == queried
    assert figures_json(url) == figures


def journal_mode(url: str) -> str:
    connection = sqlite3.connect(f"file:{make_url(url).database}?mode=ro", uri=True)
    try:
        return connection.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        connection.close()


def test_files_the_application_writes_are_in_wal_mode(sqlite_demo_url, tmp_path, export, cli):
    assert journal_mode(sqlite_demo_url) == "wal"  # as `wijkmonitor demo` built it
    older = f"sqlite:///{tmp_path / 'older.db'}"  # a file from before WAL, in the default rollback mode
    with sqlite3.connect(tmp_path / "older.db") as target, sqlite3.connect(make_url(sqlite_demo_url).database) as source:
        source.backup(target)
        target.execute("PRAGMA journal_mode = DELETE")
    assert journal_mode(older) == "delete"
    assert cli("ingest", export, "--kind", "contacts", "--db", older)[0] == 0
    assert journal_mode(older) == "wal"


def test_rebuilding_the_demo_under_a_reader_gives_new_readers_the_new_data(sqlite_url, sqlite_demo_url):
    # The dashboard keeps read connections open, so the old file's -wal and -shm stay while a new
    # demo database is put in its place; what the old log holds must not leak into the new file.
    path = make_url(sqlite_url).database
    count = "SELECT count(*) FROM contact_month"
    reader = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        demo_rows = reader.execute(count).fetchone()[0]
        with sqlite3.connect(path) as writer:  # a load, committed, still in the log (the reader blocks the checkpoint)
            writer.execute("DELETE FROM contact_month WHERE month >= '2025-01-01'")
        assert os.path.getsize(path + "-wal") > 0
        assert main(["demo", "--force", "--db", sqlite_url]) == 0
        fresh = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        assert fresh.execute(count).fetchone()[0] == demo_rows
        assert fresh.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        fresh.close()
    finally:
        reader.close()
    assert journal_mode(sqlite_url) == "wal"
