"""The search-backend seam, after PQAI's split into Encoder / Index / Searcher / Ranker.

- **Encoder** (`Encoder`, default `ipcenter.encoder`): text → L2-normalised sentence vectors.
- **Lexical index** (`LexicalIndex` to search, `LexicalWriter` to build): terms and BM25. It compiles the
  query language's syntax tree (`query_lang.Node`) and sentence queries into its own query objects, ranks
  them, counts and aggregates facets, and returns the stored fields a hit shows (`StoredDoc`).
  Implementation: tantivy, embedded (`tantivy_backend.py`).
- **Vector index** (`VectorIndex`): nearest documents of a query vector. Implementations: an exact dot product
  over a float16 matrix beside the index (`vectors.py`), and past ~10⁵ vectors an HNSW graph (`ann.py`,
  usearch) that the index build keeps up to date incrementally.
- **Ranker** (`ranking.py`): fuses the rankings (reciprocal rank fusion), with weights by query shape.

`service.py` talks only to these protocols, through a `SearchBackend` that bundles one of each.

**Adding a second backend** (e.g. OpenSearch for a cluster deployment, or an HNSW vector index beyond ~10⁶
documents): implement `LexicalIndex` + `LexicalWriter` (or `VectorIndex`) in a module of its own beside
`tantivy_backend.py` / `vectors.py`, and choose it in `open_backend` and `open_lexical_writer` below — the one
place that names implementations. Nothing in `service.py` or the surfaces changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from ipcenter.search.query_lang import Node

if TYPE_CHECKING:
    from ipcenter.search.ranking import Profile

#: A ranking: (publication number, score) best first.
Ranking = list[tuple[str, float]]
#: What a lexical index compiles a query into (opaque outside its implementation).
LexicalQuery = Any

#: Text field stems a sentence query may cover (title, abstract, claims, description); TX = all four.
ALL_TEXT = ("ti", "ab", "cl", "de")
#: Result orders: name → (date field code, direction); None = by relevance.
SORTS: dict[str, tuple[str, str] | None] = {
    "relevance": None,
    "newest": ("PD", "desc"),
    "oldest": ("PD", "asc"),
    "filed": ("AD", "desc"),
}
#: Facets every lexical index aggregates: IPC subclass, year, applicant, type, status, region.
FACET_NAMES = ("ipc", "year", "applicant", "type", "status", "region")


@dataclass(frozen=True)
class StoredDoc:
    """The stored fields a hit shows (what `LexicalIndex.fetch` returns per document)."""

    key: str  # publication number
    title: str
    abstract: str | None
    claim1: str | None
    applicant: str | None
    publication_date: int | None  # YYYYMMDD
    patent_type: str | None
    legal_status: str | None


class Encoder(Protocol):
    name: str

    def encode(self, texts: list[str]) -> np.ndarray: ...


class LexicalIndex(Protocol):
    """A term index: compiles queries, ranks (BM25), counts, aggregates, fetches stored fields."""

    def compile(self, node: Node) -> LexicalQuery:
        """The index's query for a parsed field-code/boolean query."""
        ...

    def ranked_query(self, text: str, profile: Profile) -> LexicalQuery:
        """A ranked (not boolean) query for plain text: a pasted claim, a keyword list, a title; the profile
        weighs its kinds of clauses (words, bigrams, title words, phrase and proximity boosts)."""
        ...

    def search(
        self, query: LexicalQuery, *, limit: int, offset: int = 0, sort: str = "relevance"
    ) -> tuple[Ranking, int]:
        """(one page of the ranking, number of matching documents); scores are 0 for a sort by date."""
        ...

    def facets(self, query: LexicalQuery, size: int = 10) -> dict[str, list[tuple[str, int]]]: ...

    def fetch(self, keys: Sequence[str]) -> dict[str, StoredDoc]: ...


class LexicalWriter(Protocol):
    """What the index build hands rows to (a corpus row as `index._ROW_SQL` selects it)."""

    def add(self, row: dict[str, Any], *, has_vector: bool) -> None: ...

    def delete(self, key: str) -> None: ...

    def commit(self) -> None: ...


class VectorIndex(Protocol):
    def nearest(self, vector: np.ndarray, k: int) -> Ranking:
        """The k documents nearest the (L2-normalised) query vector, by cosine."""
        ...

    def scores(self, vector: np.ndarray, keys: Iterable[str]) -> dict[str, float]:
        """The cosine of the query vector to each of ``keys`` that has a vector."""
        ...


@dataclass
class SearchBackend:
    """An opened index: its lexical and vector halves, the encoder for queries, the state it was built from."""

    index_dir: Path
    state: dict[str, Any]
    lexical: LexicalIndex
    vectors: VectorIndex
    encoder_factory: Any = None  # () -> Encoder, called on first use (loading the model costs seconds)
    warnings: list[str] = field(default_factory=list)  # e.g. the index is older than the corpus
    _encoder: Encoder | None = None

    @property
    def encoder(self) -> Encoder:
        if self._encoder is None:
            if self.encoder_factory is None:
                from ipcenter.encoder import default_encoder

                self._encoder = default_encoder()
            else:
                self._encoder = self.encoder_factory()
        return self._encoder

    @property
    def corpus_version(self) -> int | None:
        version = self.state.get("corpus_version")
        return int(version) if version is not None else None


def open_backend(index_dir: Path) -> SearchBackend:
    """Open the index at ``index_dir``: tantivy for terms, the exact vector matrix for vectors.

    Raises IndexMissing (an `Unavailable`) when there is no built index there.
    """
    from ipcenter.search import ann, index, tantivy_backend, vectors

    index_dir = Path(index_dir)
    state = index.read_state(index_dir)
    # the HNSW graph when the build made one for these vectors (large indexes), else the exact matrix
    vector_index: VectorIndex = vectors.ExactVectorIndex(index_dir)
    if ann.exists(index_dir) and ann.read_meta(index_dir).get("vectors") == state.get("vector_count"):
        vector_index = ann.AnnVectorIndex(index_dir)
    return SearchBackend(
        index_dir=index_dir,
        state=state,
        lexical=tantivy_backend.TantivyLexicalIndex.open(index_dir),
        vectors=vector_index,
    )


def open_lexical_writer(index_dir: Path, *, fresh: bool) -> LexicalWriter:
    """The writer the index build uses (``fresh``: an empty index; else the existing one, updated)."""
    from ipcenter.search import tantivy_backend

    return tantivy_backend.TantivyWriter(Path(index_dir), fresh=fresh)


def keys_of(ranking: Iterable[tuple[str, float]]) -> list[str]:
    return [key for key, _ in ranking]
