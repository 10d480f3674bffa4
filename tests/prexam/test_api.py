"""The pre-examination API end to end over HTTP (SQLite and PostgreSQL): an enterprise registers, the centre
approves, the agency files a case from a real application's text with .docx documents, the examiner sends
an opinion, the applicant answers with amended claims, the examiner concludes 合格, the applicant back-fills
the application number; another organisation gets 404 on every URL of the case; reads are audited."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from fastapi.testclient import TestClient

from ipcenter.accounts import sessions
from ipcenter.accounts.models import AuditEvent, User
from ipcenter.platform.app import create_app
from ipcenter.platform.settings import Settings

from .conftest import World, build_world, docx_bytes, entity_facts, real_application


@pytest.fixture
def site(
    db_url: str, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[World, TestClient, dict[str, str]]]:
    monkeypatch.setenv("IPCENTER_PREXAM_AIDS", "off")  # the aids have their own tests
    monkeypatch.setenv("IPCENTER_PREXAM_TODAY", "2025-12-01")  # deadlines stay inside the published calendar
    world = build_world(db_url, data_dir)
    app = create_app(Settings(corpus_dir=tmp_path / "corpus", database_url=db_url, data_dir=data_dir))
    tokens = {}
    with world.database.session() as db:
        for name, who in world.users.items():
            user = db.get(User, who.user_id)
            assert user is not None
            tokens[name] = sessions.create_api_token(db, user, "test").token
    yield world, TestClient(app), tokens
    app.state.platform.database.dispose()
    world.database.dispose()


def call(
    client: TestClient, tokens: dict[str, str], who: str, method: str, url: str, expect: int = 200, **kw: Any
) -> Any:
    response = client.request(method, url, headers={"Authorization": f"Bearer {tokens[who]}"}, **kw)
    assert response.status_code == expect, (
        f"{method} {url} as {who}: {response.status_code} {response.text[:300]}"
    )
    return response.json() if "json" in response.headers.get("content-type", "") else response


def test_the_walk_through(site: tuple[World, TestClient, dict[str, str]], data_dir: Path) -> None:
    world, client, tokens = site
    api = "/api/v1/prexam"

    def as_(who: str, method: str, url: str, expect: int = 200, **kw: Any) -> Any:
        return call(client, tokens, who, method, api + url, expect, **kw)

    assert client.get(f"{api}/centres").json()[0]["slug"] == "sichuan"  # public
    assert client.get(f"{api}/workdays/add?start=2025-09-30&n=1").json()["due"] == "2025-10-09"
    entity = as_("applicant", "POST", "/entities", 201, json={"centre": "sichuan", "facts": entity_facts(),
                                                               "agency": "成都某专利代理有限公司"})  # fmt: skip
    as_("applicant", "POST", f"/entities/{entity['id']}/actions/submit", json={})
    as_("applicant", "POST", f"/entities/{entity['id']}/actions/approve", 403, json={})
    as_("centre_admin", "POST", f"/entities/{entity['id']}/actions/approve", json={})
    inbox = as_("applicant", "GET", "/inbox")
    assert inbox["unread"] == 1 and "通过" in inbox["items"][0]["subject"]

    app = real_application(data_dir, 1)
    case = as_("agency", "POST", "/cases", 201, json={"entity_id": entity["id"], "patent_type": "发明", "title": app["title"],
                                                    "applicants": ["四川示例装备有限公司"], "main_class": "B23Q15/18"})  # fmt: skip
    cid = case["id"]
    for kind, text in (("request", app["title"]), ("description", app["abstract"]),
                       ("claims", "\n".join(app["claims"])), ("abstract", app["abstract"])):  # fmt: skip
        as_("agency", "POST", f"/cases/{cid}/documents", 201, data={"kind": kind},
            files={"file": (f"{kind}.docx", docx_bytes(text))})  # fmt: skip
    as_("agency", "POST", f"/cases/{cid}/documents", 422, data={"kind": "claims"},
        files={"file": ("claims.pdf", docx_bytes("x"))})  # a Word file named .pdf  # fmt: skip
    submitted = as_("agency", "POST", f"/cases/{cid}/submit")
    assert submitted["state"] == "accepted"
    as_("centre_admin", "POST", f"/cases/{cid}/assign", json={"examiner_id": world.who("examiner").user_id})
    defect = {
        "category": "实质",
        "location": "权利要求1",
        "basis": "专利法第二十二条第三款",
        "explanation": "缺乏创造性",
    }
    opinion = as_(
        "examiner", "POST", f"/cases/{cid}/opinions", 201, json={"defects": [defect], "summary": "请修改"}
    )
    assert opinion["round"] == 1
    claims = "\n".join(app["claims"])
    amended = claims.replace(claims[2:8], claims[2:8] + "（改进型）", 1)
    as_("applicant", "POST", f"/cases/{cid}/documents", 201, data={"kind": "claims"},
        files={"file": ("claims-r1.docx", docx_bytes(amended))})  # fmt: skip
    as_("applicant", "POST", f"/cases/{cid}/answer", json={"text": "已修改权利要求1"})
    changed = as_("examiner", "GET", f"/cases/{cid}/diff?from=0&to=1")
    assert changed["summary"]["changed"] == 1
    as_("examiner", "POST", f"/cases/{cid}/resume")
    concluded = as_(
        "examiner", "POST", f"/cases/{cid}/conclusion", json={"qualified": True, "reason": "合格"}
    )
    assert concluded["state"] == "qualified" and concluded["filing_due"]
    as_("applicant", "POST", f"/cases/{cid}/filing", 422, json={"application_number": "202510123456.7",
                                                                "filing_date": concluded["filing_due"]})  # fmt: skip
    filed = as_("applicant", "POST", f"/cases/{cid}/filing", json={"application_number": "202510123456.5",
                                                                   "filing_date": concluded["filing_due"]})  # fmt: skip
    assert filed["state"] == "filed"

    detail = as_("applicant", "GET", f"/cases/{cid}")
    assert [n["kind"] for n in detail["notices"]] == ["acceptance", "opinion", "qualified"]
    html = as_("applicant", "GET", f"/notices/{detail['notices'][2]['id']}")
    assert "预审合格通知书" in html.text and detail["number"] in html.text
    word = as_("applicant", "GET", f"/notices/{detail['notices'][2]['id']}?format=docx")
    assert "预审合格通知书" in docx.Document(io.BytesIO(word.content)).paragraphs[0].text
    document = detail["documents"][0]
    download = as_("examiner", "GET", f"/documents/{document['id']}")
    marked = docx.Document(io.BytesIO(download.content))
    assert (
        "examiner@example.cn" in marked.paragraphs[0].text and detail["number"] in marked.paragraphs[0].text
    )

    urls = [("GET", f"/cases/{cid}"), ("GET", f"/documents/{document['id']}"), ("GET", f"/cases/{cid}/diff"),
            ("GET", f"/notices/{detail['notices'][0]['id']}"), ("GET", f"/cases/{cid}/pph"),
            ("POST", f"/cases/{cid}/submit"), ("POST", f"/cases/{cid}/answer"), ("POST", f"/cases/{cid}/resume"),
            ("POST", f"/cases/{cid}/assign"), ("POST", f"/cases/{cid}/filing"), ("POST", f"/cases/{cid}/opinions"),
            ("POST", f"/cases/{cid}/conclusion"), ("POST", f"/cases/{cid}/cnipa-events"), ("POST", f"/cases/{cid}/aids"),
            ("POST", f"/cases/{cid}/search-report"), ("GET", f"/entities/{entity['id']}")]  # fmt: skip
    bodies = {"answer": {"text": "x"}, "assign": {}, "filing": {"application_number": "202510123456.5", "filing_date": "2025-12-12"},
              "opinions": {"defects": [defect]}, "conclusion": {"qualified": True}, "cnipa-events": {"kind": "grant", "on": "2026-01-05"},
              "search-report": {"candidates": []}}  # fmt: skip
    for who in ("other", "other_admin", "bureau_admin"):
        for method, url in urls:
            body = bodies.get(url.rsplit("/", 1)[-1])
            as_(who, method, url, 404, json=body)
    with world.database.session() as db:
        reads = db.query(AuditEvent).filter(AuditEvent.action == "prexam.document.read").all()
        assert [(e.outcome, e.actor) for e in reads if e.outcome == "ok"] == [("ok", "examiner@example.cn")]
        assert sorted(e.actor for e in reads if e.outcome == "denied") == [
            "bureau_admin@example.cn", "other@example.cn", "other_admin@example.cn"]  # fmt: skip
        denied = (
            db.query(AuditEvent)
            .filter(AuditEvent.action == "prexam.case.read", AuditEvent.outcome == "denied")
            .count()
        )
        assert denied == 3


def test_hostile_input(site: tuple[World, TestClient, dict[str, str]]) -> None:
    _world, client, tokens = site
    api = "/api/v1/prexam"
    assert client.post(f"{api}/entities", json={"centre": "sichuan", "facts": {}}).status_code == 401
    bad = call(client, tokens, "applicant", "POST", f"{api}/entities", 422,
               json={"centre": "sichuan", "facts": entity_facts(uscc="91510104MA6C00017X")})  # fmt: skip
    assert "check character" in bad["detail"]
    assert call(client, tokens, "applicant", "GET", f"{api}/cases/999999", 404)["detail"]
    assert client.get(f"{api}/workdays/add?start=2026-12-31&n=1").status_code == 422
    assert client.get(f"{api}/statistics?from=2025-01-01&to=2025-12-31").status_code == 200
    xlsx = client.get(f"{api}/statistics.xlsx?from=2025-01-01&to=2025-12-31")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
