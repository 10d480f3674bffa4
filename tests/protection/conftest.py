"""Fixtures of the protection tests: a small real corpus (the CNIPA bibliographic sample, whose applicant
中科大数据研究院 holds granted utility models and an invention), an app on each database kind with a bureau,
the enterprises and their accounts, and the 337 sample in the IDS JSON layout."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ipcenter.accounts import service, sessions
from ipcenter.ingest.service import ingest
from ipcenter.platform.app import create_app
from ipcenter.platform.settings import Settings
from ipcenter.platform.testing import KINDS, postgres_url, throwaway_database
from ipcenter.protection import itc

PASSWORD = "correct horse battery"
BUREAU = "长沙市知识产权局"
CENTRE = "中国(长沙)知识产权保护中心"
SANY = "三一重工股份有限公司"
SANY_GROUP = "三一集团有限公司"
HOLDER = "中科大数据研究院"  # an applicant of the CNIPA sample
OTHER = "长沙另一家企业有限公司"
ACCOUNTS = {  # actor → (organisation, kind, role)
    "bureau_admin": (BUREAU, "bureau", "bureau_admin"),
    "statistician": (BUREAU, "bureau", "statistician"),
    "examiner": (CENTRE, "protection_centre", "pre_examiner"),
    "sany": (SANY, "enterprise", "member"),
    "sany_group": (SANY_GROUP, "enterprise", "member"),
    "holder": (HOLDER, "research_institute", "member"),
    "holder_admin": (HOLDER, "research_institute", "org_admin"),
    "other": (OTHER, "enterprise", "member"),
    "other_admin": (OTHER, "enterprise", "org_admin"),
}


@pytest.fixture(scope="session")
def small_corpus(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Path:
    corpus = tmp_path_factory.mktemp("protection-corpus") / "corpus"
    ingest([data_dir / "cn-biblio-full-sample" / "patentsemantix_10_records.json"], corpus)
    return corpus


def ids_feed(data_dir: Path) -> bytes:
    """The real 337 sample written in the public IDS JSON layout (field names of data_fields.tsv), English
    names only, as the feed has them."""
    records: list[dict[str, Any]] = []
    for inv in itc.from_sample(data_dir / "itc-337"):
        participants = [{"Participant Name": r.name, "Participant Type": "Respondent", "City": r.city,
                         "State": r.region, "Country": r.country} for r in inv.respondents]  # fmt: skip
        participants += [{"Participant Name": c.strip(), "Participant Type": "Complainant"}
                         for c in inv.complainants.split(";") if c.strip()]  # fmt: skip
        records.append({
            "Investigation ID": len(records) + 1, "Investigation Number": inv.investigation_no or f"337-TA-9{len(records):03d}",
            "Full Title": inv.title, "Investigation Type": {"Description": "Sec 337"},
            "Start Date": inv.institution_date.isoformat() if inv.institution_date else None,
            "Investigation Status": {"Description": "Closed"}, "Participants": participants,
        })  # fmt: skip
    return json.dumps({"data": records}, ensure_ascii=False).encode()


@dataclass
class World:
    app: Any
    database: Any
    client: TestClient
    tokens: dict[str, str] = field(default_factory=dict)
    org_ids: dict[str, int] = field(default_factory=dict)
    emails: dict[str, str] = field(default_factory=dict)

    def headers(self, actor: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[actor]}"} if actor in self.tokens else {}


def build_world(url: str, corpus: Path, data_dir: Path, models: Path) -> World:
    settings = Settings(corpus_dir=corpus, database_url=url, data_dir=data_dir, models_dir=models)
    app = create_app(settings)
    database = app.state.platform.database
    w = World(app, database, TestClient(app, follow_redirects=False))
    with database.session() as db:
        for name, kind, _role in {(o, k, r) for o, k, r in ACCOUNTS.values()}:
            if name not in w.org_ids:
                w.org_ids[name] = service.add_organisation(db, name, kind).id
        for actor, (name, _kind, role) in ACCOUNTS.items():
            user = service.add_user(db, f"{actor}@example.cn", role, PASSWORD, name)
            w.tokens[actor] = sessions.create_api_token(db, user, "tests").token
            w.emails[actor] = user.email
    return w


@pytest.fixture(scope="module", params=KINDS)
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, small_corpus: Path,
          data_dir: Path) -> Iterator[World]:  # fmt: skip
    if request.param == "postgresql" and postgres_url() is None:
        pytest.skip("no test PostgreSQL (IPCENTER_TEST_PG_URL); .ci/run starts one")
    tmp = tmp_path_factory.mktemp("protection-app")
    with throwaway_database(request.param, tmp) as url:
        w = build_world(url, small_corpus, data_dir, tmp / "models")
        yield w
        w.database.dispose()
