"""The one object that owns a connection to the aggregate database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pandas as pd
from sqlalchemy import create_engine, event, select
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError

from queries import schema


class DatabaseError(RuntimeError):
    """The database cannot be used; the message says why in one line."""


class Database:
    """An engine plus the checks and helpers every query needs.

    ``readonly`` is how the dashboard opens it: SQLite in read-only mode, PostgreSQL with read-only
    transactions, so a page cannot write even by mistake.
    """

    def __init__(self, url: str, *, readonly: bool = False):
        try:
            self.url: URL = make_url(url)
        except ArgumentError:
            raise DatabaseError(f"not a database URL: {url!r}") from None
        self.readonly = readonly
        try:
            self.engine: Engine = _engine(self.url, readonly)
        except (NoSuchModuleError, ImportError) as error:
            raise DatabaseError(f"no driver for {self.display_url}: {error}") from None

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
        except DBAPIError as error:
            raise DatabaseError(f"cannot read from {self.display_url}: {_first_line(error)}") from None

    def schema_version(self) -> int | None:
        """The schema version stored in the database; None when it has no Wijkmonitor schema."""
        if self.sqlite_path is not None and not self.sqlite_path.exists():
            raise DatabaseError(f"database file {self.sqlite_path} does not exist")
        try:
            with self.engine.connect() as connection:
                if not self.engine.dialect.has_table(connection, "meta"):
                    return None
                row = connection.execute(
                    select(schema.meta.c.value).where(schema.meta.c.key == "schema_version")
                ).first()
        except DBAPIError as error:
            raise DatabaseError(f"cannot connect to {self.display_url}: {_first_line(error)}") from None
        return int(row.value) if row else None

    def check(self) -> None:
        """Raise DatabaseError unless the database is reachable and has the current schema."""
        version = self.schema_version()
        if version is None:
            raise DatabaseError(f"{self.display_url} has no Wijkmonitor tables; run `wijkmonitor demo` or load data first")
        if version != schema.SCHEMA_VERSION:
            raise DatabaseError(
                f"{self.display_url} has schema version {version}, this Wijkmonitor needs {schema.SCHEMA_VERSION}"
            )

    def dispose(self) -> None:
        self.engine.dispose()


def _engine(url: URL, readonly: bool) -> Engine:
    backend = url.get_backend_name()
    if backend == "sqlite":
        path = url.database
        if readonly and path not in (None, "", ":memory:"):
            uri = Path(path).resolve().as_uri() + "?mode=ro"
            engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False))
        else:
            engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _enforce_foreign_keys)
        return engine
    if backend == "postgresql":
        options = {"connect_timeout": 5}
        if readonly:
            options["options"] = "-c default_transaction_read_only=on"
        return create_engine(url, connect_args=options, pool_pre_ping=True)
    return create_engine(url)


def _enforce_foreign_keys(dbapi_connection, _record) -> None:
    # SQLite checks foreign keys only when asked, per connection.
    dbapi_connection.execute("PRAGMA foreign_keys = ON")


def _first_line(error: SQLAlchemyError) -> str:
    original = getattr(error, "orig", None) or error
    text = str(original).strip().splitlines()
    return text[0] if text else type(original).__name__
