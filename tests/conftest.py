"""Shared fixtures. Real data lives in ../shared/data beside the checkout (or IPCENTER_DATA)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

REPO = Path(__file__).resolve().parents[1]

# Property tests assert what holds for every input, not how fast inputs come: on a busy 2-core CI machine
# generation can be slow, so timing health checks and per-example deadlines are off (results unchanged).
settings.register_profile("ci", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci")


def _data_dir() -> Path:
    env = os.environ.get("IPCENTER_DATA")
    return Path(env) if env else REPO.parent / "shared" / "data"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    path = _data_dir()
    if not path.is_dir():
        pytest.fail(f"shared data not found at {path}; set IPCENTER_DATA")
    return path
