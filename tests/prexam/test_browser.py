"""The issue's walk-through in a real browser (headless Chromium from Debian's `chromium` package, driven by
Playwright with `executable_path`; nothing downloads a browser): an enterprise registers → the centre approves
→ the enterprise submits a case with .docx documents → the aids appear → an examiner opens it and sends an
opinion → the enterprise answers with amended claims → the examiner concludes 合格 → the enterprise
back-fills the application number; another organisation's user gets 404 on every URL of that case.
A screenshot is saved on failure (in the test's temporary directory)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser.harness import sign_in, walk_page
from ipcenter.core.numbers import cn_check_character
from ipcenter.platform.app import create_app
from ipcenter.platform.settings import Settings

from .conftest import PASSWORD, World, build_world, docx_bytes, real_application


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def site(tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[World, str]]:
    import uvicorn

    monkeypatch.setenv("IPCENTER_PREXAM_AIDS", "inline")
    monkeypatch.setenv("IPCENTER_PREXAM_TODAY", "2025-12-01")
    url = f"sqlite:///{tmp_path / 'app.db'}"
    world = build_world(url, data_dir)
    app = create_app(Settings(corpus_dir=tmp_path / "corpus", database_url=url, data_dir=data_dir,
                              models_dir=tmp_path / "models"))  # fmt: skip
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    yield world, f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    app.state.platform.database.dispose()
    world.database.dispose()


def test_walk_through_in_chromium(
    browser: Any, site: tuple[World, str], data_dir: Path, tmp_path: Path
) -> None:
    _world, base = site
    app = real_application(data_dir, 9)
    claims = "\n".join(app["claims"])
    files = {}
    for name, text in (("请求书", app["title"]), ("说明书", app["abstract"]), ("权利要求书", claims),
                       ("说明书摘要", app["abstract"]), ("权利要求书-修改", claims.replace("。", "，且可拆卸。", 1))):  # fmt: skip
        files[name] = tmp_path / f"{name}.docx"
        files[name].write_bytes(docx_bytes(text))
    with walk_page(browser, tmp_path) as page:
        _walk(page, base, app["title"], files)


def _sign_in(page: Any, base: str, who: str) -> None:
    page.context.clear_cookies()
    sign_in(page, f"{who}@example.cn", PASSWORD, base=base)


def _state(page: Any) -> str:
    return str(page.get_attribute("#case", "data-state"))


def _walk(page: Any, base: str, title: str, files: dict[str, Path]) -> None:
    _sign_in(page, base, "applicant")
    page.goto(f"{base}/prexam/register")
    page.select_option("#centre", "sichuan")
    for field, value in (("#uscc", "91510104MA6C000176"), ("#name", "四川示例装备有限公司"), ("#area_code", "510104"),
                         ("#founded", "2019-06-01"), ("#insured_staff", "40"), ("#declared_fields", "装备制造"),
                         ("#granted_invention", "3"), ("#contact_name", "张工"), ("#agency", "成都某专利代理有限公司")):  # fmt: skip
        page.fill(field, value)
    page.check("#credit_clean")
    page.click("#register-submit")
    page.wait_for_load_state()
    entity_url = page.url
    assert page.get_attribute("#entity", "data-state") == "pending"

    _sign_in(page, base, "centre_admin")
    page.goto(entity_url)
    page.click("#approve")
    page.wait_for_load_state()
    assert page.get_attribute("#entity", "data-state") == "approved"

    _sign_in(page, base, "applicant")
    page.goto(entity_url)
    page.click("#new-case-link")
    page.fill("#title", title)
    page.fill("#main_class", "B23Q15/18")
    page.fill("#inventors", "张三；李四")
    for kind, name in (
        ("request", "请求书"),
        ("description", "说明书"),
        ("claims", "权利要求书"),
        ("abstract", "说明书摘要"),
    ):
        page.set_input_files(f"#doc_{kind}", str(files[name]))
    page.click("#case-submit")
    page.wait_for_load_state()
    case_url = page.url
    assert _state(page) == "accepted"
    assert page.locator("#aid-formal").count() == 1  # the formal check appears on the case page
    assert "预审受理通知书" in page.inner_text("#notices")

    _sign_in(page, base, "centre_admin")
    page.goto(case_url)
    page.select_option("#examiner_id", label="examiner@example.cn")
    page.click("#assign")
    page.wait_for_load_state()
    assert page.inner_text("#case-examiner") == "examiner@example.cn"

    _sign_in(page, base, "examiner")
    page.goto(f"{base}/prexam/workbench")
    page.click(f"#queue a[href='{case_url.removeprefix(base)}']")
    page.wait_for_load_state()
    page.fill("input[name=location_1]", "权利要求1")
    page.fill("input[name=basis_1]", "专利法第二十二条第三款")
    page.fill("textarea[name=explanation_1]", "相对于对比文件1不具备创造性")
    page.click("#send-opinion")
    page.wait_for_load_state()
    assert _state(page) == "awaiting_response"

    _sign_in(page, base, "applicant")
    page.goto(f"{base}/prexam/inbox")
    assert "第1次预审意见" in page.inner_text("#inbox")
    page.goto(case_url)
    page.fill("#answer-text", "已修改权利要求1")
    page.set_input_files("#amended-claims", str(files["权利要求书-修改"]))
    page.click("#send-answer")
    page.wait_for_load_state()
    assert _state(page) == "answered"
    page.click("#diff-link")
    page.wait_for_load_state()
    assert "且可拆卸" in page.inner_text("#diff ins")

    _sign_in(page, base, "examiner")
    page.goto(case_url)
    page.click("#resume")
    page.wait_for_load_state()
    page.click("#conclude")
    page.wait_for_load_state()
    assert _state(page) == "qualified" and page.inner_text("#filing-due")

    _sign_in(page, base, "applicant")
    page.goto(case_url)
    digits = "202510123458"
    number = f"{digits}.{cn_check_character(digits)}"
    page.fill("#application_number", number)
    page.fill("#filing_date", "2025-12-05")
    page.click("#record-filing")
    page.wait_for_load_state()
    assert _state(page) == "filed" and number in page.inner_text("#application-number")
    documents = [a.get_attribute("href") for a in page.locator("#documents a").all()]
    notices = [a.get_attribute("href") for a in page.locator("#notices a").all()]

    _sign_in(page, base, "other")
    for url in (
        case_url,
        f"{case_url}/diff",
        f"{case_url}/pph",
        entity_url,
        *(base + u for u in documents + notices),
    ):
        response = page.goto(url)
        assert response is not None and response.status == 404, url
