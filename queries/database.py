"""The one object that owns a connection to the aggregate database.

Streamlit runs every session in a thread of its own, so the engine is shared by threads: it keeps
a queue of connections (a thread borrows one per query and gives it back), sized for a council room
of about twenty sessions. SQLite files are written in WAL mode, so a load and the dashboard's
readers do not block each other and a load killed halfway leaves nothing for a reader to undo.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path
from urllib.parse import quote

import pandas as pd
from sqlalchemy import create_engine, event, inspect, select
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.pool import QueuePool

from queries import schema
from queries.messages import N_, Message, UserError, message, ngettext

# Connections per engine: enough for ~20 sessions querying at once without each holding one idle.
POOL_SIZE = 10
POOL_OVERFLOW = 20
POOL_WAIT_SECONDS = 30
# How long a statement waits for another writer's lock before giving up with a clear message.
BUSY_TIMEOUT_SECONDS = 5


class DatabaseError(UserError, RuntimeError):
    """The database cannot be used; the message says why in one line."""


class Database:
    """An engine plus the checks and helpers every query needs.

    ``readonly`` is how the dashboard opens it: SQLite in read-only mode, PostgreSQL with read-only
    transactions, so a page cannot write even by mistake.
    """

    def __init__(self, url: str, *, readonly: bool = False):
        try:
            self.url: URL = make_url(url)
        except (ArgumentError, ValueError):  # ValueError: a port that is not a number
            # Not echoed: a URL that does not parse cannot have its password hidden.
            raise DatabaseError(N_("de database-instelling is geen database-URL van de vorm "
                                   "dialect+driver://gebruiker:wachtwoord@host:poort/database of sqlite:///pad")) from None
        self.readonly = readonly
        try:
            self.engine: Engine = _engine(self.url, readonly)
        except (NoSuchModuleError, ImportError) as error:
            raise DatabaseError(N_("geen stuurprogramma voor {database}: {error}"), database=self.display_url, error=error) from None

    @property
    def display_url(self) -> str:
        return self.url.render_as_string(hide_password=True)

    @property
    def sqlite_path(self) -> Path | None:
        if self.url.get_backend_name() == "sqlite" and self.url.database not in (None, "", ":memory:"):
            return Path(self.url.database)
        return None

    def read(self, statement) -> pd.DataFrame:
        """Run a SELECT and return its rows as a DataFrame (columns named as selected)."""
        try:
            with self.engine.connect() as connection:
                result = connection.execute(statement)
                return pd.DataFrame(result.fetchall(), columns=list(result.keys()))
        except (DBAPIError, PoolTimeout) as error:
            raise DatabaseError(self._explain(error, READING)) from None

    def _explain(self, error: SQLAlchemyError, doing: str) -> Message:
        if self.readonly and self.sqlite_path is not None and "readonly database" in _first_line(error):
            journal = self.sqlite_path.with_name(self.sqlite_path.name + "-journal")
            if journal.is_file() and journal.stat().st_size:
                return message(N_("kan {path} niet lezen: een afgebroken lading liet {journal} achter, dat alleen een "
                                  "gebruiker die in {folder} mag schrijven ongedaan kan maken; voer `wijkmonitor figures` "
                                  "een keer uit als die gebruiker"),
                               path=self.sqlite_path, journal=journal.name, folder=self.sqlite_path.parent)
            # A reader of a WAL file needs its two companion files; it creates them when they are
            # missing, which takes write access to the folder (not to the database file).
            return message(N_("kan {path} niet lezen: SQLite heeft {name}-wal en {name}-shm ernaast nodig en mag die "
                              "niet aanmaken; geef deze gebruiker schrijfrechten op {folder} (zie docs/deployment.md)"),
                           path=self.sqlite_path, name=self.sqlite_path.name, folder=self.sqlite_path.parent)
        return explain(error, self.display_url, doing)

    def schema_version(self) -> int | None:
        """The schema version stored in the database; None when it has no Wijkmonitor schema."""
        if self.sqlite_path is not None and not self.sqlite_path.exists():
            raise DatabaseError(N_("databasebestand {path} bestaat niet"), path=self.sqlite_path)
        try:
            with self.engine.connect() as connection:
                if not self.engine.dialect.has_table(connection, "meta"):
                    return None
                row = connection.execute(
                    select(schema.meta.c.value).where(schema.meta.c.key == "schema_version")
                ).first()
        except (DBAPIError, PoolTimeout) as error:
            raise DatabaseError(self._explain(error, CONNECTING)) from None
        return int(row.value) if row else None

    def check(self) -> None:
        """Raise DatabaseError unless the database is reachable and has the current schema."""
        version = self.schema_version()
        if version is None:
            raise DatabaseError(N_("{database} heeft geen Wijkmonitor-tabellen; voer eerst `wijkmonitor demo` uit of "
                                   "laad gegevens"), database=self.display_url)
        if version != schema.SCHEMA_VERSION:
            raise DatabaseError(N_("{database} heeft schemaversie {version}, deze Wijkmonitor heeft {needed} nodig"),
                                database=self.display_url, version=version, needed=schema.SCHEMA_VERSION)
        try:
            missing = sorted(set(schema.metadata.tables) - set(inspect(self.engine).get_table_names()))
        except DBAPIError as error:
            raise DatabaseError(self._explain(error, CONNECTING)) from None
        if missing:
            raise DatabaseError(
                ngettext("{database} mist de tabel {tables}: het is geen volledige Wijkmonitor-database; "
                         "bouw de database opnieuw op of zet een back-up terug",
                         "{database} mist de tabellen {tables}: het is geen volledige Wijkmonitor-database; "
                         "bouw de database opnieuw op of zet een back-up terug", len(missing)),
                database=self.display_url, tables=", ".join(missing),
            )

    def dispose(self) -> None:
        self.engine.dispose()


def replace_sqlite_file(source: Path, target: Path) -> None:
    """Put the SQLite database ``source`` in the place of ``target``, all at once.

    A new file moved over a WAL database would meet the old file's -wal and -shm, still there while
    a dashboard reads it, and readers would mix the old log into the new file. So an existing
    database is overwritten page by page through SQLite's backup, in one transaction that readers
    see whole or not at all; only a file that is not a database is simply replaced.
    """
    if target.exists():
        try:
            with closing(sqlite3.connect(source)) as new, closing(sqlite3.connect(target, timeout=BUSY_TIMEOUT_SECONDS)) as old:
                old.execute("PRAGMA journal_mode = WAL")
                new.backup(old)
            return
        except sqlite3.DatabaseError as error:
            if "locked" in str(error):
                raise DatabaseError(N_("{target} is vergrendeld: een andere lading of een ander programma bleef langer dan "
                                       "{seconds} s schrijven; er is niets vervangen, probeer het opnieuw als dat klaar is"),
                                    target=target, seconds=BUSY_TIMEOUT_SECONDS) from None
            if "not a database" not in str(error) and "malformed" not in str(error):
                raise DatabaseError(N_("kan {target} niet vervangen: {error}"), target=target, error=error) from None
    os.replace(source, target)


# What was being done when the database failed, as the last resort of `explain` says it.
READING = N_("kan {where} niet lezen: {error}")
CONNECTING = N_("kan geen verbinding maken met {where}: {error}")
USING = N_("kan {where} niet gebruiken: {error}")


def explain(error: SQLAlchemyError, where: str | Message, doing: str = USING) -> Message:
    """A database error in one line that says what to do; ``where`` names the database, ``doing`` is
    READING, CONNECTING or USING."""
    text = _first_line(error)
    if isinstance(error, PoolTimeout):
        return message(N_("alle {connections} verbindingen met {where} bleven {seconds} s bezet; de server is overbelast"),
                       connections=POOL_SIZE + POOL_OVERFLOW, where=where, seconds=POOL_WAIT_SECONDS)
    if "database is locked" in text or "lock timeout" in text:
        return message(N_("{where} is vergrendeld: een andere lading of een ander programma bleef langer dan {seconds} s "
                          "schrijven; er is niets geschreven, probeer het opnieuw als dat klaar is"),
                       where=where, seconds=BUSY_TIMEOUT_SECONDS)
    if "readonly database" in text or "read-only transaction" in text:
        return message(N_("{where} is alleen-lezen voor deze gebruiker ({error}); er is niets geschreven"),
                       where=where, error=text)
    if text.startswith("no such table") or ("relation" in text and "does not exist" in text):
        return message(N_("{where}: {error}; het is geen volledige Wijkmonitor-database, bouw de database opnieuw op of zet "
                          "een back-up terug"), where=where, error=text)
    return message(doing, where=where, error=text)


def _engine(url: URL, readonly: bool) -> Engine:
    backend = url.get_backend_name()
    pool = {"poolclass": QueuePool, "pool_size": POOL_SIZE, "max_overflow": POOL_OVERFLOW, "pool_timeout": POOL_WAIT_SECONDS}
    if backend == "sqlite":
        # Threads share the engine; the pool hands a connection to one thread at a time.
        connect = {"check_same_thread": False, "timeout": BUSY_TIMEOUT_SECONDS}
        if url.database in (None, "", ":memory:"):
            engine = create_engine(url, connect_args=connect)  # SQLAlchemy's own pool: one shared in-memory database
        elif readonly:
            _roll_back_hot_journal(Path(url.database))
            engine = create_engine(readonly_sqlite_url(url.database), connect_args=connect, **pool)
        else:
            engine = create_engine(url, connect_args=connect, **pool)
            event.listen(engine, "connect", _write_ahead_log)
        event.listen(engine, "connect", _enforce_foreign_keys)
        return engine
    if backend == "postgresql":
        options = {"connect_timeout": 5}
        if readonly:
            options["options"] = "-c default_transaction_read_only=on"
        else:  # like SQLite's busy timeout: a second load waits a while, then says why it stopped
            options["options"] = f"-c lock_timeout={BUSY_TIMEOUT_SECONDS * 1000}"
        return create_engine(url, connect_args=options, pool_pre_ping=True, **pool)
    return create_engine(url)


def readonly_sqlite_url(path: str) -> URL:
    """The file opened read-only through SQLite's URI filenames, in the pysqlite dialect's own
    form (``file:PATH?mode=ro&uri=true``): an ordinary engine, with no hand-made connections."""
    absolute = quote(str(Path(path).resolve()), safe="/")  # SQLite decodes %XX in URI filenames
    return URL.create("sqlite+pysqlite", database=f"file:{absolute}", query={"mode": "ro", "uri": "true"})


def _roll_back_hot_journal(path: Path) -> None:
    """Undo a load that was killed while the file was still in rollback-journal mode (written by
    an older Wijkmonitor, or another program): a read-only connection cannot, so the dashboard
    and `figures` would find the database unreadable until something opened it for writing."""
    journal = path.with_name(path.name + "-journal")
    if not journal.is_file() or journal.stat().st_size == 0:
        return
    try:  # any read through a writable connection rolls a hot journal back; a live one is left alone
        with closing(sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS)) as connection:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error:
        pass  # no write access, or still locked: reading will say so


def _write_ahead_log(dbapi_connection, _record) -> None:
    # WAL is a property of the file, kept once set: readers keep reading the last committed state
    # while a load writes, and a killed load leaves no hot journal that only a writer could roll back.
    # Setting it fails on a file this user may not write; the write that follows says so clearly.
    try:
        dbapi_connection.execute("PRAGMA journal_mode = WAL")
    except sqlite3.OperationalError as error:
        if "readonly" not in str(error) and "locked" not in str(error):
            raise


def _enforce_foreign_keys(dbapi_connection, _record) -> None:
    # SQLite checks foreign keys only when asked, per connection.
    dbapi_connection.execute("PRAGMA foreign_keys = ON")


def _first_line(error: SQLAlchemyError) -> str:
    original = getattr(error, "orig", None) or error
    text = str(original).strip().splitlines()
    return text[0] if text else type(original).__name__
