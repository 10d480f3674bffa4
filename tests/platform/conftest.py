"""Database fixtures of the platform tests: every database test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ipcenter.platform.testing import KINDS, postgres_url, throwaway_database


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing() -> None:
    """Argon2 with test parameters (production's take ~0.1-0.5 s a hash); hashes carry their parameters."""
    from argon2 import PasswordHasher

    from ipcenter.accounts import credentials

    credentials._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture(params=KINDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "postgresql" and postgres_url() is None:
        if os.environ.get("CI"):
            pytest.fail("IPCENTER_TEST_PG_URL is not set in CI: .ci/run starts PostgreSQL")
        pytest.skip("no test PostgreSQL (IPCENTER_TEST_PG_URL); .ci/run starts one")
    with throwaway_database(request.param, tmp_path) as url:
        yield url


# --------------------------------------------------------------------------- a served demo (domain APIs and pages)


@pytest.fixture(scope="module")
def served(
    served_dirs: dict[str, Path], data_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Any]:
    """The app over the served demo, with a fresh SQLite app database per test module."""
    from fastapi.testclient import TestClient

    from ipcenter.platform.app import create_app
    from ipcenter.platform.settings import Settings

    db = tmp_path_factory.mktemp("served-db") / "app.db"
    settings = Settings(
        corpus_dir=served_dirs["corpus"], database_url=f"sqlite:///{db}", data_dir=data_dir,
        models_dir=served_dirs["models"],
    )  # fmt: skip
    app = create_app(settings)
    yield TestClient(app)
    app.state.platform.database.dispose()
