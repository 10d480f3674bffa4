"""The statistics facts are built once per corpus version, kept beside the corpus and rebuilt when it changes."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from ipcenter.ingest.service import ingest
from ipcenter.stats import facts, facts_cache, service, sql
from ipcenter.stats.models import StatsConfig

AS_OF = date(2025, 7, 31)


@pytest.fixture()
def corpus(tmp_path: Path, data_dir: Path) -> Path:
    root = tmp_path / "corpus"
    report = ingest([data_dir / "cn-biblio-full-sample" / "patentsemantix_10_records.json"], root)
    assert report.stored == 10
    return root


def test_built_once_per_corpus_version(corpus: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    flattened: list[int] = []
    real = facts.corpus_facts

    def counting(*args: object, **kwargs: object) -> object:
        flattened.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(facts_cache, "corpus_facts", counting)
    first = service.load_inputs(corpus, data_dir, StatsConfig())
    cache = corpus / facts_cache.CACHE_DIR
    assert (cache / "app_facts.parquet").is_file() and (cache / "app_sei.parquet").is_file()
    key = json.loads((cache / facts_cache.KEY_FILE).read_text())["key"]
    assert key["corpus_version"] == 1
    # one row per application
    apps = first.tables["app_facts"]
    assert apps.num_rows == len(set(apps.column("application_number").to_pylist()))

    second = service.load_inputs(corpus, data_dir, StatsConfig())
    assert len(flattened) == 1  # read from the cache, not flattened again
    for indicator in ("valid_inventions", "high_value", "sei"):
        a = service.compute(indicator, first, AS_OF, allow_missing_population=True)
        b = service.compute(indicator, second, AS_OF, allow_missing_population=True)
        assert [r.to_json() for r in a.rows] == [r.to_json() for r in b.rows] and a.extra == b.extra
    assert second.latest_date == first.latest_date is not None

    # another setting the facts depend on → rebuilt; a new corpus version → rebuilt
    service.load_inputs(corpus, data_dir, StatsConfig(attribution_rule="first_applicant"))
    assert len(flattened) == 2
    ingest([data_dir / "cn-patent-xml-samples" / "CN101243817A.xml"], corpus)
    third = service.load_inputs(corpus, data_dir, StatsConfig())
    assert len(flattened) == 3
    assert json.loads((cache / facts_cache.KEY_FILE).read_text())["key"]["corpus_version"] == 2
    assert third.tables["facts"].num_rows == first.tables["facts"].num_rows + 1


def test_cached_and_uncached_reports_agree(corpus: Path, data_dir: Path) -> None:
    cached = service.load_inputs(corpus, data_dir, StatsConfig())
    fresh = service.load_inputs(corpus, data_dir, StatsConfig(), use_cache=False)
    assert "fact_text" in fresh.tables and "fact_text" not in cached.tables
    for name in sql.DERIVED_TABLES:
        assert (
            cached.tables[name]
            .sort_by("application_number" if name != "sei_code_rows" else "code_key")
            .equals(
                fresh.tables[name].sort_by("application_number" if name != "sei_code_rows" else "code_key")
            )
        )


def test_sei_main_scope_is_a_subset(corpus: Path, data_dir: Path) -> None:
    inputs = service.load_inputs(corpus, data_dir, StatsConfig())
    hits = inputs.tables["app_sei"]
    assert set(hits.column_names) == {"application_number", "sei_code", "industry", "on_main"}
    assert set(hits.column("on_main").to_pylist()) <= {0, 1}
    anywhere = service.compute("sei", inputs, AS_OF, allow_missing_population=True)
    main = service.compute(
        "sei", inputs, AS_OF, config=StatsConfig(sei_ipc_scope="main"), allow_missing_population=True
    )
    assert main.rows[-1].count("valid_invention_total") <= anywhere.rows[-1].count("valid_invention_total")


def test_unwritable_corpus_is_served_without_a_cache(
    corpus: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError("read-only")

    monkeypatch.setattr(facts_cache, "_write_cache", refuse)
    inputs = service.load_inputs(corpus, data_dir, StatsConfig())
    assert not (corpus / facts_cache.CACHE_DIR).exists()
    assert service.compute("valid_inventions", inputs, AS_OF, allow_missing_population=True).rows
