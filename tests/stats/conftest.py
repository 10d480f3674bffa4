"""Fixtures of the stats tests: the official Hunan tables and populations as published."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest


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
