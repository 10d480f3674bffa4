"""The pre-examination pages, walked through their forms as a browser would (session cookies, CSRF tokens,
post/redirect/get): an enterprise registers → the centre approves → the enterprise submits a case with .docx
documents → an examiner opens it and sends an opinion → the enterprise answers with amended claims → the
examiner concludes 合格 → the enterprise back-fills the application number; another organisation's user gets
404 on every URL of that case. Chinese first, English on request."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ipcenter.accounts.policy import CSRF_COOKIE, CSRF_FIELD
from ipcenter.core.numbers import cn_check_character
from ipcenter.platform.app import create_app
from ipcenter.platform.settings import Settings

from .conftest import PASSWORD, World, build_world, docx_bytes, real_application


@pytest.fixture
def browser(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[World, TestClient]]:
    monkeypatch.setenv(
        "IPCENTER_PREXAM_AIDS", "inline"
    )  # the formal check runs; no model or index: those fail visibly
    monkeypatch.setenv("IPCENTER_PREXAM_TODAY", "2025-12-01")
    url = f"sqlite:///{tmp_path / 'app.db'}"
    world = build_world(url, data_dir)
    app = create_app(Settings(corpus_dir=tmp_path / "corpus", database_url=url, data_dir=data_dir,
                              models_dir=tmp_path / "models"))  # fmt: skip
    yield world, TestClient(app)
    app.state.platform.database.dispose()
    world.database.dispose()


def sign_in(client: TestClient, who: str) -> None:
    client.cookies.clear()
    client.get("/signin")
    response = client.post("/signin", data={"email": f"{who}@example.cn", "password": PASSWORD,
                                            CSRF_FIELD: client.cookies.get(CSRF_COOKIE)}, follow_redirects=False)  # fmt: skip
    assert response.status_code == 303, response.text


def post(client: TestClient, url: str, data: dict[str, Any] | None = None, files: Any = None) -> str:
    response = client.post(url, data={**(data or {}), CSRF_FIELD: client.cookies.get(CSRF_COOKIE)}, files=files,
                           follow_redirects=False)  # fmt: skip
    assert response.status_code == 303, f"{url}: {response.status_code} {response.text[:500]}"
    return str(response.headers["location"])


def test_walk_through(browser: tuple[World, TestClient], data_dir: Path) -> None:
    world, client = browser
    assert "专利预审服务" in client.get("/prexam").text
    assert "Pre-examination service" in client.get("/prexam?lang=en").text
    client.cookies.clear()
    centre = client.get("/prexam/centres/sichuan").text
    assert "UNCONFIRMED" in centre and "预审合格通知书" in centre

    sign_in(client, "applicant")
    form = client.get("/prexam/register")
    assert 'id="register-form"' in form.text
    entity_page = post(client, "/prexam/register", {
        "centre": "sichuan", "uscc": "91510104MA6C000176", "name": "四川示例装备有限公司", "legal_person": "true",
        "area_code": "510104", "founded": "2019-06-01", "insured_staff": "40", "declared_fields": "装备制造",
        "granted_invention": "3", "credit_clean": "true", "credit_checked_on": "2025-11-20", "contact_name": "张工",
        "agency": "成都某专利代理有限公司"})  # fmt: skip
    assert "待审" in client.get(entity_page).text

    sign_in(client, "centre_admin")
    page = client.get(entity_page).text
    assert 'id="approve"' in page and 'data-outcome="pass"' in page
    post(client, entity_page + "/action", {"action": "approve"})
    assert "通过" in client.get(entity_page).text

    sign_in(client, "applicant")
    assert "主体备案：通过" in client.get("/prexam/inbox").text
    app = real_application(data_dir, 8)
    claims = "\n".join(app["claims"])
    entity_id = entity_page.rsplit("/", 1)[-1]
    case_page = post(client, "/prexam/cases/new", {
        "entity_id": entity_id, "patent_type": "invention", "title": app["title"], "applicants": "四川示例装备有限公司",
        "inventors": "张三；李四", "main_class": "B23Q15/18"}, files={
        "doc_request": ("请求书.docx", docx_bytes(app["title"])), "doc_description": ("说明书.docx", docx_bytes(app["abstract"])),
        "doc_claims": ("权利要求书.docx", docx_bytes(claims)), "doc_abstract": ("说明书摘要.docx", docx_bytes(app["abstract"]))})  # fmt: skip
    page = client.get(case_page).text
    assert 'data-state="accepted"' in page and "预审受理通知书" in page
    assert 'id="aid-formal"' in page  # the formal check ran on intake
    assert "classify train" in page  # no model here: that aid says how to get one
    found = re.search(r"YS-SICHUAN-\d{4}-\d{5}", page)
    assert found
    number = found.group(0)

    sign_in(client, "centre_admin")
    post(client, f"{case_page}/assign", {"examiner_id": str(world.who("examiner").user_id)})
    sign_in(client, "examiner")
    assert case_page.rsplit("/", 1)[-1] in client.get("/prexam/workbench").text
    page = client.get(case_page).text
    assert 'id="opinion-form"' in page
    post(client, f"{case_page}/opinion", {"category_1": "实质", "location_1": "权利要求1",
                                         "basis_1": "专利法第二十二条第三款", "explanation_1": "缺乏创造性"})  # fmt: skip
    assert 'data-state="awaiting_response"' in client.get(case_page).text

    sign_in(client, "applicant")
    amended = claims.replace(claims[2:6], claims[2:6] + "（改进型）", 1)
    post(
        client,
        f"{case_page}/answer",
        {"text": "已修改权利要求1"},
        files={"claims": ("权利要求书-修改.docx", docx_bytes(amended))},
    )
    diff = client.get(f"{case_page}/diff?from=0&to=1").text
    assert "<ins>（改进型）</ins>" in diff

    sign_in(client, "examiner")
    post(client, f"{case_page}/resume")
    post(client, f"{case_page}/conclude", {"outcome": "qualified", "reason": "符合要求"})
    assert "预审合格通知书" in client.get(case_page).text

    sign_in(client, "applicant")
    digits = "202510123457"
    post(client, f"{case_page}/filing", {"application_number": f"{digits}.{cn_check_character(digits)}",
                                        "filing_date": "2025-12-05"})  # fmt: skip
    page = client.get(case_page).text
    assert f"{digits}.{cn_check_character(digits)}" in page and 'data-state="filed"' in page
    notice = re.search(r'href="(/api/v1/prexam/notices/\d+)"', page)
    document = re.search(r'href="(/api/v1/prexam/documents/\d+)"', page)
    assert notice and document
    assert client.get(document.group(1)).status_code == 200

    sign_in(client, "other")
    for url in (
        case_page,
        f"{case_page}/diff",
        f"{case_page}/pph",
        document.group(1),
        notice.group(1),
        entity_page,
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        "/answer",
        "/resume",
        "/conclude",
        "/filing",
        "/opinion",
        "/assign",
        "/cnipa",
        "/search-report",
    ):
        response = client.post(case_page + url, data={CSRF_FIELD: client.cookies.get(CSRF_COOKIE), "text": "x",
                                                      "outcome": "qualified", "kind": "grant", "on": "2026-01-05",
                                                      "application_number": "202510123456.5", "filing_date": "2025-12-05"})  # fmt: skip
        assert response.status_code == 404, (url, response.status_code)
    assert number not in client.get("/prexam").text

    client.cookies.clear()
    stats = client.get("/prexam/statistics?from=2025-12-01&to=2025-12-31&lang=zh").text
    assert "合格率" in stats and "1/1" in stats
