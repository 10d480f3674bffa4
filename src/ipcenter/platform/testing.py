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


# --------------------------------------------------------------------------- a live server (browser, load)


def free_port() -> int:
    """A free TCP port on loopback (the OS picks it; a race with another process is unlikely and loud)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def live_server(
    corpus_dir: Path,
    database_url: str,
    log: Path,
    *,
    data_dir: Path | None = None,
    models_dir: Path | None = None,
    startup_s: float = 180,
    workers: int = 1,
) -> Iterator[str]:
    """A real `ipcenter serve` on a free loopback port, in its own process; yields its base URL. The data
    directory (population, IPC titles, scopes) and the classifier's models directory are passed on.

    Waits for ``/healthz`` (the first start imports the app and migrates the database), and stops the server
    afterwards. Its output goes to ``log``, whose tail is in the error when it does not come up."""
    import subprocess
    import sys
    import time

    import httpx

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "ipcenter", "serve", "--port", str(port), "--corpus", str(corpus_dir),
               "--db", database_url, "--workers", str(workers)]  # fmt: skip
    if data_dir is not None:
        command += ["--data", str(data_dir)]
    env = os.environ.copy()
    if models_dir is not None:
        env["IPCENTER_MODELS"] = str(models_dir)
    with open(log, "ab") as out:
        server = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + startup_s
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"ipcenter serve exited with {server.returncode}:\n{_tail(log)}")
            try:
                if httpx.get(f"{base}/healthz", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"ipcenter serve did not answer /healthz in {startup_s:.0f} s:\n{_tail(log)}"
                )
            time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=30)


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def seed_role_accounts(database_url: str, password: str) -> dict[str, str]:
    """One organisation of each kind and one account per role (the demo's, with a known password).

    Returns the sign-in e-mail of each role by its value (``member``, ``org_admin``, …)."""
    from ipcenter.accounts import service
    from ipcenter.accounts.demo import ACCOUNTS, ORGANISATIONS
    from ipcenter.accounts.roles import role_label
    from ipcenter.platform.database import open_database

    database = open_database(database_url)
    emails: dict[str, str] = {}
    try:
        with database.session() as db:
            for kind, name in ORGANISATIONS.items():
                service.add_organisation(db, name, kind.value)
            for role, kind in ACCOUNTS.items():
                email = f"{role.value}@test.ipcenter.cn"
                service.add_user(
                    db, email, role.value, password, ORGANISATIONS[kind], role_label(role.value, "zh")
                )
                emails[role.value] = email
    finally:
        database.dispose()
    return emails
