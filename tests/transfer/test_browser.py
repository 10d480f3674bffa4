"""The issue's walk-through in a real browser (headless Chromium from Debian's `chromium` package, driven by
Playwright with `executable_path`; nothing downloads a browser), on real documents: the institution uploads
its list, names a faculty reviewer; the reviewer and the institution approve the record into the resource
library; an enterprise posts a need and sees the match with its explanation; the institution declares an open
licence, checks and announces it; the enterprise takes it; another organisation gets 404 on what is private.
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
from ipcenter.transfer import xlsx_layout

from .conftest import ACCOUNTS, INSTITUTE, ORGANISATIONS, PASSWORD


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def site(tmp_path: Path, data_dir: Path, served_corpus: Path) -> Iterator[tuple[Any, str, dict[str, int]]]:
    import uvicorn
    from fastapi.testclient import TestClient

    from ipcenter.accounts import service, sessions
    from ipcenter.platform.app import create_app
    from ipcenter.platform.settings import Settings
    from ipcenter.transfer import needs

    settings = Settings(
        corpus_dir=served_corpus,
        database_url=f"sqlite:///{tmp_path / 'app.db'}",
        data_dir=data_dir,
        models_dir=tmp_path / "none",
    )
    app = create_app(settings)
    database = app.state.platform.database
    ids: dict[str, int] = {}
    with database.session() as db:
        for name, kind in ORGANISATIONS:
            service.add_organisation(db, name, kind)
        users = {}
        for name, role, org in ACCOUNTS:
            users[name] = sessions.principal_of(
                service.add_user(db, f"{name}@example.cn", role, PASSWORD, org), "t"
            )
        restricted = needs.post(
            db,
            users["enterprise"],
            {
                "title": "林区无人机巡检",
                "problem": "需要无人机对林区巡检并识别火点，降低人工巡护成本",
                "visibility": "institutions",
            },
            [INSTITUTE],
        )
        ids["restricted_need"] = restricted.id
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    yield TestClient(app), f"http://127.0.0.1:{port}", ids
    server.should_exit = True
    thread.join(timeout=10)
    database.dispose()


def test_walk_through_in_chromium(
    browser: Any, site: tuple[Any, str, dict[str, int]], tmp_path: Path
) -> None:
    _client, base, ids = site
    rows = [
        {
            "publication_number": "CN115883397B",
            "faculty": "数据科学研究所",
            "inventors": "李玺、康锐文、冯凯、王元卓",
            "converted": "未转化",
            "scenario": "网页数据采集",
            "maturity": "中试",
            "grade": "转化前景较好",
        },
    ]
    sheet = xlsx_layout.write_inventory(tmp_path / "list.xlsx", rows, {})
    with walk_page(browser, tmp_path) as page:
        _walk(page, base, sheet, ids)


def _sign_in(page: Any, base: str, who: str) -> None:
    page.context.clear_cookies()
    sign_in(page, f"{who}@example.cn", PASSWORD, base=base)


def _review(page: Any, base: str, action: str) -> None:
    page.goto(f"{base}/transfer/inventory")
    page.locator("tr[data-testid=item]", has_text="CN115883397B").locator(
        f"button[data-action={action}]"
    ).click()
    page.wait_for_load_state()


def _state(page: Any) -> str:
    return str(page.locator("tr[data-testid=item]", has_text="CN115883397B").get_attribute("data-state"))


def _walk(page: Any, base: str, sheet: Path, ids: dict[str, int]) -> None:
    # 1. the institution uploads its list and names the faculty's reviewer
    _sign_in(page, base, "admin")
    page.goto(f"{base}/transfer/inventory")
    page.set_input_files("#import-file", str(sheet))
    page.click("#import-submit")
    page.wait_for_load_state()
    assert _state(page) == "documented"
    page.fill("#reviewer-faculty", "数据科学研究所")
    page.fill("#reviewer-email", "reviewer@example.cn")
    page.click("#reviewer-submit")
    page.wait_for_load_state()
    # 2. the faculty reviewer approves, then the institution approves into the resource library
    _sign_in(page, base, "reviewer")
    _review(page, base, "faculty_approve")
    assert _state(page) == "faculty_approved"
    _sign_in(page, base, "admin")
    _review(page, base, "university_approve")
    assert _state(page) == "in_library"
    # 3. an enterprise posts a need; the match appears with its explanation
    _sign_in(page, base, "enterprise")
    page.goto(f"{base}/transfer")
    assert "CN115883397B" in page.locator("#library").inner_text()
    page.fill("#need-title", "网站数据自动采集")
    page.fill(
        "#need-problem", "我们需要从多种不同结构的网页上自动采集数据，减少为每个网站单独开发采集程序的工作量"
    )
    page.fill("#need-region", "长沙市")
    page.click("#need-submit")
    page.wait_for_load_state()
    first = page.locator("article[data-testid=match]").first
    assert first.get_attribute("data-number") == "CN115883397B"
    assert "语义相似" in first.locator("[data-testid=why]").inner_text()
    assert first.locator("[data-testid=passage]").count() >= 1
    assert INSTITUTE in first.inner_text()  # the holder from the resource library
    # 4. the institution declares an open licence, checks it and records its announcement
    _sign_in(page, base, "admin")
    page.goto(f"{base}/transfer/inventory")
    page.select_option("#declare-number", "CN115883397B")
    page.fill("#declare-fee", "5")
    page.fill("#declare-royalty", "3")
    page.fill("#declare-scenario", "网页数据采集")
    page.click("#declare-submit")
    page.wait_for_load_state()
    licence_url = page.url
    assert page.locator("#licence-state").get_attribute("data-state") == "draft"
    page.fill("#check-on", "2025-06-01")
    page.click("#check-submit")
    page.wait_for_load_state()
    assert page.locator("#check").get_attribute("data-allowed") == "True"
    assert "annuities_unpaid" in page.locator("#check").inner_text()  # a warning, not a refusal
    page.fill("#announce-on", "2025-06-20")
    page.click("#announce-submit")
    page.wait_for_load_state()
    assert page.locator("#licence-state").get_attribute("data-state") == "announced"
    # 5. the enterprise takes the licence by its written notice
    _sign_in(page, base, "enterprise")
    page.goto(f"{base}/transfer/licences?ipc=H04L")
    assert page.locator("tr[data-testid=listing]").count() == 1
    page.goto(licence_url)
    page.fill("#take-name", "长沙示例科技有限公司")
    page.fill("#take-on", "2025-07-01")
    page.click("#take-submit")
    page.wait_for_load_state()
    assert page.locator("li[data-testid=licensee]").count() == 1
    # 6. another organisation sees nothing private
    _sign_in(page, base, "other")
    page.goto(licence_url)
    assert (
        page.locator("li[data-testid=licensee]").count() == 0
    )  # the listing is public, its licensees are not
    response = page.goto(f"{base}/transfer/needs/{ids['restricted_need']}")
    assert response is not None and response.status == 404
    response = page.goto(f"{base}/api/v1/transfer/inventories/1")
    assert response is not None and response.status == 404
    response = page.goto(f"{base}/transfer/inventory")
    assert response is not None and response.status == 200 and "CN115883397B" not in page.content()
