"""Search fixtures: small corpora ingested from the real samples, indexed once per session."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ipcenter.corpus.store import Corpus
from ipcenter.ingest.service import ingest
from ipcenter.search.backend import SearchBackend
from ipcenter.search.index import build_index
from ipcenter.search.service import open_engine

#: Real documents with text: Chinese full text (KPPatent-ZH, CN XML), English/German/French (EPO, USPTO), and
#: title-only records with IPC (CN titles) or dates (Lens drones export) that the docs' examples search.
TEXT_SOURCES = (
    "kppatent-zh/kppatent_test.jsonl",
    "cn-patent-xml-samples",
    "cn-biblio-full-sample",
    "epo-xml-samples",
    "uspto-xml-samples/go-uspto-test-data",
    "cn-ipc-title-benchmark/cn_title_ipc_subclass_folds1-4.tsv",
    "wipo-manual-analytics/drones_lens_fulltext_families_5884.csv",
)
#: A smaller set for sentence vectors (encoding is the slow part): CN/EP/US full text, the KPPatent-ZH
#: records about batteries and electrodes (正极 and 负极 documents, which sentence vectors hardly tell
#: apart), and the CN title-only records (no vectors: ranked by their words alone).
VECTOR_SOURCES = (
    "cn-patent-xml-samples",
    "epo-xml-samples",
    "uspto-xml-samples/go-uspto-test-data",
    "cn-ipc-title-benchmark/cn_title_ipc_subclass_folds1-4.tsv",
)
BATTERY_WORDS = ("电池", "电极", "正极", "负极")


def _ingest(paths: list[Path], target: Path) -> Corpus:
    ingest(paths, target)
    return Corpus(target)


def _battery_records(data_dir: Path, target: Path) -> Path:
    """The KPPatent-ZH lines (verbatim) whose title or abstract is about batteries or electrodes."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(data_dir / "kppatent-zh" / "kppatent_test.jsonl", encoding="utf-8") as fh:
        lines = [
            line
            for line in fh
            if any(w in (json.loads(line).get("title") or "") + (json.loads(line).get("abstract") or "")
                   for w in BATTERY_WORDS)
        ]  # fmt: skip
    target.write_text("".join(lines), encoding="utf-8")
    return target


@pytest.fixture(scope="session")
def text_corpus(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    root = tmp_path_factory.mktemp("search")
    corpus = _ingest([data_dir / s for s in TEXT_SOURCES], root / "corpus")
    build_index(corpus, vectors="none")
    return corpus


@pytest.fixture(scope="session")
def engine(text_corpus: Corpus) -> SearchBackend:
    return open_engine(text_corpus.root)


@pytest.fixture(scope="session")
def vector_corpus(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    root = tmp_path_factory.mktemp("search-vec")
    battery = _battery_records(data_dir, root / "kppatent" / "kppatent_battery.jsonl")
    corpus = _ingest([*(data_dir / s for s in VECTOR_SOURCES), battery], root / "corpus")
    build_index(corpus, vectors="text")
    return corpus


@pytest.fixture(scope="session")
def vector_engine(vector_corpus: Corpus) -> SearchBackend:
    return open_engine(vector_corpus.root)
