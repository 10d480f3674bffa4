"""Database fixtures of the platform tests: every database test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

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
