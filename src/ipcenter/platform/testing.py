"""Throwaway app databases for tests: an SQLite file, or a fresh database on the test PostgreSQL that
`.ci/run` starts (``IPCENTER_TEST_PG_URL``, a superuser URL). Every database test runs on both kinds."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

KINDS = ("sqlite", "postgresql")
PG_ENV = "IPCENTER_TEST_PG_URL"


def postgres_url() -> str | None:
    return os.environ.get(PG_ENV) or None


@contextmanager
def throwaway_database(kind: str, directory: Path) -> Iterator[str]:
    """The URL of an empty database of ``kind``, dropped afterwards."""
    if kind == "sqlite":
        yield f"sqlite:///{directory / f'app-{uuid.uuid4().hex[:8]}.db'}"
        return
    admin_url = postgres_url()
    if admin_url is None:
        raise RuntimeError(f"{PG_ENV} is not set: start the test PostgreSQL (.ci/run does)")
    from sqlalchemy import create_engine, text

    name = f"ipcenter_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as con:
            con.execute(text(f'CREATE DATABASE "{name}"'))
        yield admin_url.rsplit("/", 1)[0] + f"/{name}"
        with admin.connect() as con:
            con.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()
