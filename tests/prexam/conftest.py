"""Shared fixtures of the pre-examination tests: real scope lists, the calendar, the shipped profiles."""

from __future__ import annotations

import functools
import io
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ipcenter.core.workdays import HolidayCalendar
from ipcenter.holiday_calendar import load_calendar
from ipcenter.platform.testing import KINDS, postgres_url, throwaway_database
from ipcenter.prexam import fixtures, service
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


# ------------------------------------------------------------------------------------ the app database

PASSWORD = "correct horse battery"
CENTRE_ORG = "中国(四川)知识产权保护中心"
APPLICANT = "四川示例装备有限公司"
OTHER = "成都另一家企业有限公司"
AGENCY = "成都某专利代理有限公司"
BUREAU = "成都市知识产权局"
# Settings the tests need that no source confirms: entered as a centre would, citing this test.
TEST_SETTINGS = {"response_days": 10, "response_day_type": "working", "max_rounds": 2,
                 "overdue_outcome": "deemed_abandoned", "batch_pilot": True}  # fmt: skip
# A made-up credit code with valid check characters (GB 11714 and GB 32100), area 成都市锦江区.
APPLICANT_USCC = "91510104MA6C000176"


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


@dataclass
class World:
    """A centre with its staff, an applicant with its agency, another enterprise and the bureau."""

    database: Any
    centre_id: int
    users: dict[str, Any] = field(default_factory=dict)  # name → Principal

    def who(self, name: str) -> Any:
        return self.users[name]


def build_world(url: str, data_dir: Path) -> World:
    from ipcenter.accounts import service, sessions
    from ipcenter.platform.database import open_database
    from ipcenter.prexam import centres
    from ipcenter.prexam.models import confirmed

    database = open_database(url)
    profile = next(p for p in service_profiles(data_dir) if p.centre_id == "sichuan")
    profile = profile.with_settings(
        {k: confirmed(v, "test settings") for k, v in TEST_SETTINGS.items()}, date(2025, 1, 1)
    )
    # 四川's own rules are not in the data: the 宁波 2025 rule set stands in for them here.
    profile = replace(profile, eligibility={**fixtures.NINGBO_2025_RULES, "name": "test: 宁波 2025 rules"})  # fmt: skip
    users: dict[str, Any] = {}
    with database.session() as db:
        for name, kind in ((CENTRE_ORG, "protection_centre"), (APPLICANT, "enterprise"), (OTHER, "enterprise"),
                           (AGENCY, "agency"), (BUREAU, "bureau")):  # fmt: skip
            service.add_organisation(db, name, kind)
        centre = centres.add_centre(db, service.find_organisation(db, CENTRE_ORG), profile)
        for name, role, org in (
            ("applicant", "member", APPLICANT), ("applicant_admin", "org_admin", APPLICANT),
            ("agency", "member", AGENCY), ("examiner", "pre_examiner", CENTRE_ORG),
            ("examiner2", "pre_examiner", CENTRE_ORG), ("centre_admin", "org_admin", CENTRE_ORG),
            ("other", "member", OTHER), ("other_admin", "org_admin", OTHER), ("bureau_admin", "bureau_admin", BUREAU),
            ("statistician", "statistician", BUREAU),
        ):  # fmt: skip
            user = service.add_user(db, f"{name}@example.cn", role, PASSWORD, org)
            users[name] = sessions.principal_of(user, "test")
        centre_id = centre.id
    return World(database, centre_id, users)


def service_profiles(data_dir: Path) -> list[Any]:
    from ipcenter.prexam import service

    return service.scope_centre_profiles(data_dir)


@pytest.fixture
def world(db_url: str, data_dir: Path) -> Iterator[World]:
    w = build_world(db_url, data_dir)
    yield w
    w.database.dispose()


def entity_facts(**changes: Any) -> dict[str, Any]:
    clean = [{"kind": k, "adverse": False, "checked_on": "2025-11-20", "authority": "信用中国"}
             for k in ("dishonest", "abnormal_filing", "wilful_infringement")]  # fmt: skip
    facts: dict[str, Any] = {"uscc": APPLICANT_USCC, "name": APPLICANT, "legal_person": True, "area_code": "510104",
                             "founded": "2019-06-01", "insured_staff": 40, "declared_fields": ["装备制造"],
                             "granted_first_applicant": {"invention": 3, "utility_model": 5}, "credit_checks": clean,
                             "contact_name": "张工", "contact_is_employee": True}  # fmt: skip
    facts.update(changes)
    return facts


def real_application(data_dir: Path, index: int = 0) -> dict[str, Any]:
    """A real application from KPPatent (title, abstract, claims)."""
    lines = (data_dir / "kppatent-zh" / "kppatent_test.jsonl").read_text(encoding="utf-8").splitlines()
    return json.loads(lines[index])


@functools.cache
def docx_bytes(*paragraphs: str) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
