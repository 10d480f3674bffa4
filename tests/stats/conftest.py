"""Fixtures of the stats tests: the official Hunan tables and populations as published."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from ipcenter.ingest.service import ingest
from ipcenter.stats.models import SERVICE_COLUMNS
from ipcenter.stats.synthetic import generate_export

TYPES = (*SERVICE_COLUMNS, "individuals")


def read_official(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(path.read_text(encoding="utf-8").splitlines(), delimiter="\t"))


@pytest.fixture(scope="session")
def official_tables(data_dir: Path) -> dict[str, list[dict[str, str]]]:
    folder = data_dir / "hunan-official-tables"
    return {
        p.stem.rsplit("_", 1)[-1]: read_official(p)
        for p in sorted(folder.glob("hunan_valid_invention_*.tsv"))
    }


@pytest.fixture(scope="session")
def population_file(data_dir: Path) -> Path:
    return data_dir / "population-hunan" / "hunan_resident_population.tsv"


def scaled(official: list[dict[str, str]], divisor: int) -> list[dict[str, str]]:
    out = []
    for row in official:
        if row["region"] in ("其他", "全省") or divisor == 1:
            out.append(dict(row))
        else:
            out.append({**row, **{t: str(int(row[t]) // divisor) for t in TYPES}})
    return out


@pytest.fixture(scope="session")
def hunan_2025_07(official_tables: dict[str, list[dict[str, str]]]) -> list[dict[str, str]]:
    return official_tables["2025-07"]


@pytest.fixture(scope="session")
def small_corpus(
    tmp_path_factory: pytest.TempPathFactory, hunan_2025_07: list[dict[str, str]]
) -> Iterator[tuple[Path, list[dict[str, str]]]]:
    """The 2025-07 table at 1/100 scale as a generated export (CSV + XLSX, with distractors), ingested."""
    target = [r for r in scaled(hunan_2025_07, 100) if r["region"] != "全省"]
    root = tmp_path_factory.mktemp("stats-e2e")
    info = generate_export(
        target, date(2025, 7, 31), root / "export", seed=7, distractor_ratio=0.4, xlsx_share=0.3
    )
    assert {p.suffix for p in info.files} == {".csv", ".xlsx"}
    report = ingest([root / "export"], root / "corpus")
    assert report.quarantined == 0 and report.stored == report.read
    yield root / "corpus", target


@pytest.fixture(scope="session")
def real_corpus(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Path:
    """Real samples only: the 61-column export sample (Henan owners), two CN XML documents, a USPTO week."""
    path = tmp_path_factory.mktemp("stats-real") / "corpus"
    report = ingest(
        [
            data_dir / "cn-biblio-full-sample" / "patentsemantix_10_records.json",
            data_dir / "cn-patent-xml-samples" / "CN101096965A.xml",
            data_dir / "cn-patent-xml-samples" / "CN101243817A.xml",
            data_dir / "uspto-xml-samples" / "patentsview-db-fixtures" / "ipg050104.small.xml",
        ],
        path,
    )
    assert report.stored > 30
    return path
