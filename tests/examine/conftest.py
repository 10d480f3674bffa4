"""Real claim sets for the checker tests (KPPatent-ZH full claims, CN XML, USPTO grants)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipcenter.examine.models import Application
from ipcenter.examine.sources import kppatent_applications, uspto_applications


@pytest.fixture(scope="session")
def kppatent(data_dir: Path) -> dict[str, Application]:
    return {a.id: a for a in kppatent_applications(data_dir)}


@pytest.fixture(scope="session")
def uspto(data_dir: Path) -> dict[str, Application]:
    return {a.id: a for a in uspto_applications(data_dir)}
