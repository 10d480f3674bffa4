"""Shared fixtures of the pre-examination tests: real scope lists, the calendar, the shipped profiles."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipcenter.core.workdays import HolidayCalendar
from ipcenter.prexam import fixtures, service
from ipcenter.prexam.calendar import load_calendar
from ipcenter.prexam.profile import CentreProfile


@pytest.fixture(scope="session")
def scopes_file(data_dir: Path) -> Path:
    return data_dir / "prefiling-scopes" / "prefiling_scopes_with_field.tsv"


@pytest.fixture(scope="session")
def calendar(data_dir: Path) -> HolidayCalendar:
    return load_calendar(data_dir)


@pytest.fixture(scope="session")
def sichuan(data_dir: Path) -> CentreProfile:
    return next(p for p in service.scope_centre_profiles(data_dir) if p.centre_id == "sichuan")


@pytest.fixture(scope="session")
def chengdu(data_dir: Path) -> CentreProfile:
    return next(p for p in service.scope_centre_profiles(data_dir) if p.centre_id == "chengdu")


@pytest.fixture
def ningbo() -> CentreProfile:
    return fixtures.ningbo_2025()
