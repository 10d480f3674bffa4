"""The real-browser tests' world: a real `ipcenter serve` on a free loopback port over a small real corpus
and a fresh app database with one account per role, and the headless Chromium every browser test shares
(the `browser` fixture of tests/conftest.py: Debian's `chromium` driven by Playwright; nothing downloads a
browser). When a test fails, a screenshot of every page it had open is saved (``$IPCENTER_TEST_ARTEFACTS``
or pytest's temporary directory) and named in the report."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from browser.harness import PASSWORD, Pages, Site

SCREENSHOT_MAX_HEIGHT = 1800


@pytest.fixture(scope="session")
def site(
    tmp_path_factory: pytest.TempPathFactory, data_dir: Path, served_dirs: dict[str, Path]
) -> Iterator[Site]:
    """The served demo (real samples indexed with vectors, the stats demo's synthetic data set, a small IPC
    model), copied: the admin's ingest page writes into the corpus."""
    from argon2 import PasswordHasher

    from ipcenter.accounts import credentials
    from ipcenter.corpus.store import Corpus
    from ipcenter.platform.app import create_app
    from ipcenter.platform.settings import Settings
    from ipcenter.platform.testing import live_server, seed_role_accounts

    # Test-strength argon2 for the seeded accounts (a hash carries its parameters, so the server verifies
    # these cheaply and hashes new passwords at full strength).
    credentials._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    root = tmp_path_factory.mktemp("site") / "demo"
    shutil.copytree(served_dirs["root"], root)
    corpus_dir, models_dir = root / "corpus", root / "models"
    database_url = f"sqlite:///{root / 'app.db'}"
    emails = seed_role_accounts(database_url, PASSWORD)
    settings = Settings(
        corpus_dir=corpus_dir, database_url=database_url, data_dir=data_dir, models_dir=models_dir
    )
    app = create_app(settings)
    records = Corpus(corpus_dir).manifest.records
    try:
        with live_server(
            corpus_dir, database_url, root / "serve.log", data_dir=data_dir, models_dir=models_dir
        ) as base:
            yield Site(base, corpus_dir, database_url, emails, records, app=app)
    finally:
        app.state.platform.database.dispose()


@pytest.fixture
def pages(browser: Any, site: Site, request: pytest.FixtureRequest) -> Iterator[Pages]:
    opened = Pages(browser, site)
    yield opened
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        _screenshot_failure(request, opened)
    opened.close()


def _screenshot_failure(request: pytest.FixtureRequest, opened: Pages) -> None:
    root = Path(os.environ.get("IPCENTER_TEST_ARTEFACTS") or request.config._tmp_path_factory.getbasetemp())  # type: ignore[attr-defined]
    target = root / "browser-failures"
    target.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", request.node.name)
    saved = []
    for i, page in enumerate(opened.opened):
        if page.is_closed():
            continue
        path = target / f"{name}-{i}.png"
        try:
            page.screenshot(path=str(path), full_page=True)
        except Exception as exc:  # a crashed page must not hide the test's own failure
            print(f"no screenshot of {page.url}: {exc}")
            continue
        saved.append(f"{path} ({page.url})")
    if saved:
        print("screenshots of the failing test's pages:\n  " + "\n  ".join(saved))


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture
def screenshot_to() -> Callable[[Any, str], None]:
    """Saves a page's screenshot into ``$IPCENTER_SCREENSHOTS`` when set (how docs/screenshots is made): the
    page down to 1,800 px, reduced to 256 colours so the PNG stays small."""
    target = os.environ.get("IPCENTER_SCREENSHOTS")

    def save(page: Any, name: str) -> None:
        if not target:
            return
        from PIL import Image

        path = Path(target) / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        page.wait_for_load_state("networkidle")
        height = min(int(page.evaluate("document.documentElement.scrollHeight")), SCREENSHOT_MAX_HEIGHT)
        width = int(page.viewport_size["width"])
        page.screenshot(
            path=str(path), full_page=True, clip={"x": 0, "y": 0, "width": width, "height": height}
        )
        with Image.open(path) as image:
            image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(
                path, optimize=True
            )

    return save
