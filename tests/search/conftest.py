"""Search fixtures: small corpora ingested from the real samples, indexed once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipcenter.corpus.store import Corpus
from ipcenter.ingest.service import ingest
from ipcenter.search.backend import SearchBackend
from ipcenter.search.index import build_index
from ipcenter.search.service import open_engine

#: Real documents with text: Chinese full text (KPPatent-ZH, CN XML), English/German/French (EPO, USPTO).
TEXT_SOURCES = (
    "kppatent-zh/kppatent_test.jsonl",
    "cn-patent-xml-samples",
    "cn-biblio-full-sample",
    "epo-xml-samples",
    "uspto-xml-samples/go-uspto-test-data",
)
#: A smaller set for sentence vectors (encoding is the slow part).
VECTOR_SOURCES = ("cn-patent-xml-samples", "epo-xml-samples", "uspto-xml-samples/go-uspto-test-data")


def _ingest(data_dir: Path, sources: tuple[str, ...], target: Path) -> Corpus:
    ingest([data_dir / s for s in sources], target)
    return Corpus(target)


@pytest.fixture(scope="session")
def text_corpus(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    corpus = _ingest(data_dir, TEXT_SOURCES, tmp_path_factory.mktemp("search") / "corpus")
    build_index(corpus, vectors="none")
    return corpus


@pytest.fixture(scope="session")
def engine(text_corpus: Corpus) -> SearchBackend:
    return open_engine(text_corpus.root)


@pytest.fixture(scope="session")
def vector_corpus(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    corpus = _ingest(data_dir, VECTOR_SOURCES, tmp_path_factory.mktemp("search-vec") / "corpus")
    build_index(corpus, vectors="text")
    return corpus


@pytest.fixture(scope="session")
def vector_engine(vector_corpus: Corpus) -> SearchBackend:
    return open_engine(vector_corpus.root)
