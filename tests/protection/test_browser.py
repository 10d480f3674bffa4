"""The issue's walk-through in a real browser (headless Chromium from Debian's `chromium` package, driven by
Playwright with `executable_path`; nothing downloads a browser): a bureau operator imports a list batch and a
337 file, matches and confirms; the enterprise sees its alert in the inbox; a research institute downloads
its deadline calendar; another organisation's user gets 404 on a private case. A screenshot is saved on
failure (in the test's temporary directory)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser.harness import sign_in, walk_page

from .conftest import PASSWORD, World, build_world, ids_feed


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def site(tmp_path: Path, data_dir: Path, small_corpus: Path) -> Iterator[tuple[World, str]]:
    import uvicorn

    world = build_world(f"sqlite:///{tmp_path / 'app.db'}", small_corpus, data_dir, tmp_path / "models")
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(world.app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    yield world, f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    world.database.dispose()


def test_walk_through_in_chromium(
    browser: Any, site: tuple[World, str], data_dir: Path, tmp_path: Path
) -> None:
    world, base = site
    feed = tmp_path / "investigations.json"
    feed.write_bytes(ids_feed(data_dir))
    case = world.client.post("/api/v1/protection/cases", headers=world.headers("holder"),
                             json={"kind": "complaint", "title": "仿冒商标网店"}).json()  # fmt: skip
    with walk_page(browser, tmp_path, accept_downloads=True) as page:
        _walk(page, base, data_dir, feed, tmp_path, case["id"])


def _sign_in(page: Any, base: str, who: str) -> None:
    page.context.clear_cookies()
    sign_in(page, f"{who}@example.cn", PASSWORD, base=base)


def _walk(page: Any, base: str, data_dir: Path, feed: Path, tmp_path: Path, case_id: int) -> None:
    _sign_in(page, base, "bureau_admin")
    page.goto(f"{base}/admin/protection")
    page.fill("#import-list input[name=list_name]", "上海市重点商标保护名录")
    page.set_input_files(
        "#import-list input[name=file]",
        str(data_dir / "trademark-protection-lists" / "mentioned_entries.tsv"),
    )
    page.click("#import-list-submit")
    page.wait_for_load_state()
    assert page.locator("#protection-done").is_visible()
    page.set_input_files("#import-itc input[name=file]", str(feed))
    page.click("#import-itc-submit")
    page.wait_for_load_state()
    assert page.locator("#protection-error").count() == 0
    page.fill("#match-form input[name=region]", "湖南省")
    page.click("#match-submit")
    page.wait_for_load_state()
    row = page.locator("tr[data-testid=match]", has_text="三一重工股份有限公司")
    assert "337-TA-887" in row.inner_text()
    row.locator("button[data-testid=confirm]").click()
    page.wait_for_load_state()
    assert page.locator("tr[data-testid=match][data-state=confirmed]").count() == 1

    page.goto(f"{base}/protection?q=微创")  # the public search shows the imported entry with its provenance
    assert "首批" in page.locator("#marks").inner_text()

    _sign_in(page, base, "sany")
    page.goto(f"{base}/prexam/inbox")
    assert "337-TA-887" in page.locator("#inbox").inner_text()
    page.goto(f"{base}/protection/alerts")
    assert page.locator("tr[data-testid=alert][data-kind=itc]").count() == 1

    _sign_in(page, base, "holder")
    page.goto(f"{base}/protection/alerts")
    with page.expect_download() as download_info:
        page.click("#deadline-calendar")
    calendar = tmp_path / "deadlines.ics"
    download_info.value.save_as(str(calendar))
    text = calendar.read_text(encoding="utf-8")
    assert text.startswith("BEGIN:VCALENDAR") and "annual fee due" in text

    _sign_in(page, base, "other")
    response = page.goto(f"{base}/api/v1/protection/cases/{case_id}")
    assert response is not None and response.status == 404
