"""Shared fixtures. Real data lives in ../shared/data beside the checkout (or IPCENTER_DATA)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

REPO = Path(__file__).resolve().parents[1]

# Property tests assert what holds for every input, not how fast inputs come: on a busy 2-core CI machine
# generation can be slow, so timing health checks and per-example deadlines are off (results unchanged).
settings.register_profile("ci", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci")


def _data_dir() -> Path:
    env = os.environ.get("IPCENTER_DATA")
    return Path(env) if env else REPO.parent / "shared" / "data"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    path = _data_dir()
    if not path.is_dir():
        pytest.fail(f"shared data not found at {path}; set IPCENTER_DATA")
    return path


# --------------------------------------------------------------------------- a served demo (platform tests, browser)

#: Real samples with text in Chinese, English, German, French (the served corpus; no Hunan patent among them).
SERVED_SOURCES = ("cn-patent-xml-samples", "epo-xml-samples", "cn-biblio-full-sample")


@pytest.fixture(scope="session")
def served_dirs(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A demo layout as `ipcenter demo` writes it: ``corpus/`` (real samples, indexed with vectors),
    ``stats/synthetic/corpus/`` (the 2025-07 Hunan table at 1/100 scale, generated and ingested) and
    ``models/`` (a small nearest-centroid IPC model trained on the real IPC titles)."""
    from datetime import date

    from ipcenter.classify import data as classify_data
    from ipcenter.classify import service as classify_service
    from ipcenter.ingest.service import ingest
    from ipcenter.search import service as search_service
    from ipcenter.stats import verify
    from ipcenter.stats.synthetic import generate_export

    root = tmp_path_factory.mktemp("served")
    ingest([data_dir / s for s in SERVED_SOURCES], root / "corpus")
    search_service.build(root / "corpus", vectors="text")
    target = verify.scaled(
        verify.read_target_table(data_dir / "hunan-official-tables" / "hunan_valid_invention_2025-07.tsv"),
        100,
    )
    generate_export(target, date(2025, 7, 31), root / "stats" / "synthetic" / "export", seed=1)
    ingest([root / "stats" / "synthetic" / "export"], root / "stats" / "synthetic" / "corpus")
    titles = classify_data.load_ipc_titles(data_dir)
    examples = [e for e in classify_data.title_examples(titles) if e.lang == "zh"]
    model = classify_service.fit_model(examples, tune=False, method="centroid")
    model.threshold = 0.2
    meta = {"format_version": classify_service.FORMAT_VERSION, "subclasses": len(model.classes)}
    classify_service.save_classifier(
        classify_service.assemble_classifier(model, titles, meta), root / "models"
    )
    return {"root": root, "corpus": root / "corpus", "models": root / "models"}


# --------------------------------------------------------------------------- one real browser (tests/browser, walk-throughs)


def _require(what: str, why: str) -> None:
    """Missing browser tooling fails in CI (.ci/run installs it) and skips elsewhere, saying how to get it."""
    message = f"{what} is missing: {why}"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium (Debian's `chromium`, driven by Playwright's sync API): the one way a test gets a
    browser. Playwright's sync API marks its event loop as running in the main thread for as long as it lives,
    and refuses to start while a loop runs: a second `sync_playwright()` in the process fails ("using Playwright
    Sync API inside the asyncio loop"), as would any `asyncio.run` in a test after it. So every browser test
    takes this fixture, and it lives for one module: the next module's tests start with no loop running.
    A test opens its own context (its own cookies) with ``browser.new_context()`` and closes it."""
    from browser.harness import CHROMIUM, CHROMIUM_FLAGS

    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _require("playwright", "pip install -e '.[dev]'")
    if not CHROMIUM.exists():
        _require(str(CHROMIUM), "apt-get install chromium fonts-noto-cjk (.ci/run does)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()
