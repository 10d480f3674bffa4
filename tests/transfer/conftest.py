"""Fixtures of the transfer tests: app databases on SQLite and PostgreSQL, organisations and accounts, and a
small served corpus of real documents (the CNIPA export of 中科大数据研究院 with statuses, CN and EP XML)
indexed with vectors."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from ipcenter.platform.testing import KINDS, postgres_url, throwaway_database

PASSWORD = "correct horse battery"
INSTITUTE = "中科大数据研究院"  # the real applicant of the CNIPA export sample (research institute, 郑州)
ENTERPRISE = "长沙示例科技有限公司"
OTHER = "另一家企业有限公司"
UNIVERSITY = "湖南示例大学"
BUREAU = "长沙市知识产权局（示例）"
#: Real samples: the CNIPA export (statuses, applicant, addresses), CN XML and EP XML (texts in zh/en/de/fr).
SOURCES = ("cn-biblio-full-sample", "cn-patent-xml-samples", "epo-xml-samples")


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing() -> None:
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
    database: Any
    users: dict[str, Any] = field(default_factory=dict)  # name → Principal
    orgs: dict[str, int] = field(default_factory=dict)

    def who(self, name: str) -> Any:
        return self.users[name]


ACCOUNTS = (
    ("admin", "org_admin", INSTITUTE),
    ("reviewer", "member", INSTITUTE),
    ("inventor", "member", INSTITUTE),
    ("enterprise", "member", ENTERPRISE),
    ("other", "member", OTHER),
    ("other_admin", "org_admin", OTHER),
    ("university_admin", "org_admin", UNIVERSITY),
    ("bureau_admin", "bureau_admin", BUREAU),
    ("statistician", "statistician", BUREAU),
)
ORGANISATIONS = (
    (INSTITUTE, "research_institute"),
    (ENTERPRISE, "enterprise"),
    (OTHER, "enterprise"),
    (UNIVERSITY, "university"),
    (BUREAU, "bureau"),
)


def build_world(url: str) -> World:
    from ipcenter.accounts import service, sessions
    from ipcenter.platform.database import open_database

    database = open_database(url)
    world = World(database)
    with database.session() as db:
        for name, kind in ORGANISATIONS:
            world.orgs[name] = service.add_organisation(db, name, kind).id
        for name, role, org in ACCOUNTS:
            user = service.add_user(db, f"{name}@example.cn", role, PASSWORD, org)
            world.users[name] = sessions.principal_of(user, "test")
    return world


@pytest.fixture
def world(db_url: str) -> Iterator[World]:
    w = build_world(db_url)
    yield w
    w.database.dispose()


@pytest.fixture(scope="session")
def served_corpus(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real samples ingested and indexed with vectors (no classify model: IPC is given or absent)."""
    from ipcenter.ingest.service import ingest
    from ipcenter.search import service as search_service

    root = tmp_path_factory.mktemp("transfer") / "corpus"
    ingest([data_dir / s for s in SOURCES], root)
    search_service.build(root, vectors="text")
    return root
