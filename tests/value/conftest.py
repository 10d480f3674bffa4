"""Value fixtures: one corpus ingested from the real sets the indicators are checked on, indicators computed once."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ipcenter.corpus.store import Corpus
from ipcenter.ingest.service import ingest
from ipcenter.value.indicators import IndicatorSet, compute_indicators

#: Real sets: Espacenet pizza exports (citations between them), Lens drones (family size, cited count), USPTO
#: grants (claims, examiner/applicant citations), KPPatent-ZH (Chinese claims), CNKI (bibliographic only),
#: the CNIPA export sample (status, transactions).
SOURCES = (
    "wipo-manual-analytics/pizza_espacenet_20002002_319.csv",
    "wipo-manual-analytics/pizza_espacenet_20032005_366.csv",
    "wipo-manual-analytics/pizza_espacenet_20062008_439.csv",
    "wipo-manual-analytics/drones_lens_fulltext_families_5884.csv",
    "uspto-xml-samples/grants.jsonl",
    "kppatent-zh/kppatent_test.jsonl",
    "cnki-patent-citations-biomedical/cnki_citations_parsed.tsv",
    "cn-biblio-full-sample",
)
#: A fixed cut-off, so that ages and remaining terms do not move with the calendar.
CUT_OFF = date(2025, 12, 31)


@pytest.fixture(scope="session")
def value_corpus(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("value") / "corpus"
    ingest([data_dir / s for s in SOURCES], target)
    return target


@pytest.fixture(scope="session")
def indicators(value_corpus: Path, data_dir: Path) -> IndicatorSet:
    return compute_indicators(Corpus(value_corpus), data_dir, CUT_OFF)


@pytest.fixture(scope="session")
def app_of(value_corpus: Path) -> dict[str, str]:
    """Publication number → application key (as the indicators are keyed)."""
    con = Corpus(value_corpus).connect()
    try:
        rows = con.execute(
            "SELECT publication_number, coalesce(application_number, publication_number) FROM patents"
        ).fetchall()
    finally:
        con.close()
    return dict(rows)
