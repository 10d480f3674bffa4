"""The app database (accounts, organisations, audit log, saved searches): SQLAlchemy 2 + Alembic.

The patent corpus is not here: it stays Parquet + DuckDB. This database holds the transactional state of
the platform. SQLite (one file beside the corpus) by default, PostgreSQL in production
(``postgresql+psycopg://user@host/db``). The schema is only ever created by the Alembic migrations shipped in
``ipcenter/platform/migrations`` (so ``pip install`` users get them); `open_database` runs them on start.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, MetaData, create_engine, event, inspect
from sqlalchemy.engine import Engine
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

from ipcenter.errors import Unavailable, UserError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

# Stable constraint names, so that autogenerate and both databases agree and migrations can name them.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on both databases (SQLite stores no zone: it is put back on read)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


def utcnow() -> datetime:
    return datetime.now(UTC)


#: The modules that declare tables of the app database (each domain with tables adds its own).
TABLE_MODULES = (
    "ipcenter.accounts.models",
    "ipcenter.prexam.tables",
    "ipcenter.protection.tables",
    "ipcenter.transfer.tables",
)


def load_models() -> MetaData:
    """Import every module that declares tables, so the metadata is complete (migrations, checks)."""
    import importlib

    for module in TABLE_MODULES:
        importlib.import_module(module)

    return Base.metadata


def make_engine(url: str) -> Engine:
    """An engine for URL; SQLite gets foreign keys, WAL and a busy timeout (several server workers)."""
    try:
        if url.startswith("sqlite"):
            path = url.split("///", 1)[1] if "///" in url else ""
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
            event.listen(engine, "connect", _sqlite_pragmas)
            return engine
        return create_engine(url, pool_pre_ping=True)
    except (ArgumentError, ImportError) as exc:
        raise UserError(
            f"database URL {redact(url)!r} cannot be used ({exc}); give sqlite:///PATH or"
            " postgresql+psycopg://USER@HOST/DB"
        ) from None


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.close()


def redact(url: str) -> str:
    """The URL without its password, for messages and logs."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        credentials, host = rest.rsplit("@", 1)
        user = credentials.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}" if ":" in credentials else url
    return url


def alembic_config(engine: Engine) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (creates it from empty)."""
    from alembic import command

    try:
        command.upgrade(alembic_config(engine), revision)
    except OperationalError as exc:
        raise Unavailable(f"database {redact(str(engine.url))} cannot be reached: {exc.orig}") from None


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as con:
        return MigrationContext.configure(con).get_current_revision()


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    assert head is not None
    return head


@dataclass
class Database:
    """An engine and its session factory; one per process (FastAPI app, CLI command)."""

    engine: Engine
    sessions: sessionmaker[Session]

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed when the block ends normally, rolled back otherwise."""
        with self.sessions() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(url: str, *, migrate: bool = True) -> Database:
    """Open the app database at URL; with ``migrate`` (the default) create or upgrade its schema first."""
    engine = make_engine(url)
    if migrate:
        upgrade(engine)
    elif current_revision(engine) != head_revision():
        raise Unavailable(f"database {redact(url)} is not at the current schema; run `ipcenter db upgrade`")
    return Database(engine, sessionmaker(engine, expire_on_commit=False))


def table_names(engine: Engine) -> list[str]:
    return sorted(inspect(engine).get_table_names())
