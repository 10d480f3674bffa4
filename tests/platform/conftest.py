"""Database fixtures of the platform tests: every database test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ipcenter.platform.testing import KINDS, postgres_url, throwaway_database


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


# --------------------------------------------------------------------------- a served demo (domain APIs and pages)

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


@pytest.fixture(scope="module")
def served(
    served_dirs: dict[str, Path], data_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Any]:
    """The app over the served demo, with a fresh SQLite app database per test module."""
    from fastapi.testclient import TestClient

    from ipcenter.platform.app import create_app
    from ipcenter.platform.settings import Settings

    db = tmp_path_factory.mktemp("served-db") / "app.db"
    settings = Settings(
        corpus_dir=served_dirs["corpus"], database_url=f"sqlite:///{db}", data_dir=data_dir,
        models_dir=served_dirs["models"],
    )  # fmt: skip
    app = create_app(settings)
    yield TestClient(app)
    app.state.platform.database.dispose()
