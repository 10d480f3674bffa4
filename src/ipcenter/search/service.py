"""Search services: open an index, build it, search (lexical / hybrid / semantic), similar documents, export.

Every function takes plain arguments and returns data (`SearchResult`, `BuildReport`, dicts) or raises a
`UserError`; the CLI, the demo and the web API call the same functions. The index is reached only through
the protocols of `backend.py` (lexical index, vector index, encoder) and fused by `ranking.py`, so a second
backend changes nothing here.
"""

from __future__ import annotations

import csv
import re
import time
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ipcenter.corpus.store import Corpus, CorpusError
from ipcenter.errors import InvalidValue, NotFound, UserError
from ipcenter.search import index as idx
from ipcenter.search.backend import SORTS, SearchBackend, StoredDoc, open_backend
from ipcenter.search.models import Hit, SearchResult
from ipcenter.search.query_lang import Node, all_words, has_field_codes, has_operators, operator_share, parse
from ipcenter.search.ranking import CANDIDATES, Profile, fuse, profile_for, query_shape
from ipcenter.search.snippets import highlight_terms, make_snippet

MODES = ("auto", "lexical", "hybrid", "semantic")
VECTOR_CHOICES = ("text", "all", "none")
#: A kind code ending a publication number (A1, B2, U, S…).
_KIND = re.compile(r"(?<=\d)[A-Z]\d?$")
#: Vector weight of an explicit --mode hybrid when the query's shape leaves the vectors out.
DEFAULT_VECTOR_WEIGHT = 0.3
#: A long text whose words are at least this share operators is a boolean query, not a pasted text.
OPERATOR_SHARE = 0.2


# --------------------------------------------------------------------------- the index


def open_engine(corpus_dir: Path, index_dir: Path | None = None) -> SearchBackend:
    """The index of the corpus at ``corpus_dir`` (or at ``index_dir``), opened for searching.

    Raises IndexMissing when none was built. When the corpus has changed since the build, the backend's
    ``warnings`` say so (results miss the new documents) and name the command that updates the index.
    """
    backend = open_backend(Path(index_dir) if index_dir else idx.index_dir_for(corpus_dir))
    try:
        current = Corpus(corpus_dir).manifest.version
    except (CorpusError, OSError, ValueError):
        current = None
    built = backend.corpus_version
    if current is not None and built is not None and current != built:
        backend.warnings.append(
            f"the index was built from corpus version {built}, the corpus is now at {current}: results miss "
            f"the changes since; run `ipcenter index build --corpus {corpus_dir}` to update the index"
        )
    return backend


def build(
    corpus_dir: Path, index_dir: Path | None = None, *, vectors: str = "text", rebuild: bool = False
) -> idx.BuildReport:
    """Build, or update in place, the index of the corpus at ``corpus_dir``."""
    if vectors not in VECTOR_CHOICES:
        raise InvalidValue(f"vectors must be text, all or none, not {vectors!r}")
    corpus = Corpus(corpus_dir)
    if not corpus.exists:
        raise UserError(f"no corpus at {corpus_dir}: run `ipcenter ingest PATH --corpus {corpus_dir}` first")
    return idx.build_index(corpus, index_dir, vectors=vectors, rebuild=rebuild)


def index_info(corpus_dir: Path, index_dir: Path | None = None) -> dict[str, Any]:
    """What the index holds and which corpus version it was built from (its state.json)."""
    return idx.read_state(Path(index_dir) if index_dir else idx.index_dir_for(corpus_dir))


# --------------------------------------------------------------------------- hits


def _hit(doc: StoredDoc, score: float, cjk: set[str], stems: set[str]) -> Hit:
    body = doc.abstract or doc.claim1 or doc.title or ""
    pd = doc.publication_date
    return Hit(
        publication_number=doc.key,
        title=doc.title,
        score=score,
        snippet=make_snippet(body, cjk, stems),
        applicant=doc.applicant,
        publication_date=f"{str(pd)[:4]}-{str(pd)[4:6]}-{str(pd)[6:]}" if pd else None,
        patent_type=doc.patent_type,
        legal_status=doc.legal_status,
    )


def _hits(backend: SearchBackend, page: list[tuple[str, float]], cjk: set[str], stems: set[str]) -> list[Hit]:
    docs = backend.lexical.fetch([key for key, _ in page])
    return [_hit(docs[key], score, cjk, stems) for key, score in page if key in docs]


# --------------------------------------------------------------------------- the searches


def _cosines(
    backend: SearchBackend, vec: Any, semantic: list[tuple[str, float]], lexical: list[tuple[str, float]]
) -> dict[str, float]:
    """The query's cosine to the vector candidates and to the lexical candidates that have a vector."""
    cosines = dict(semantic)
    cosines.update(backend.vectors.scores(vec, [key for key, _ in lexical if key not in cosines]))
    return cosines


def is_structured(query: str) -> bool:
    """True for a query in the query language (matched), False for plain text (ranked).

    Field codes always make a query structured; operators (AND / OR / NOT; the stand-alone 与 / 或 / 非 only
    beside field codes or these), quotes, brackets and truncation do in a short query; in a long text only when operators are a good part of its words (a long boolean query, or 2,000
    NOTs), not in a pasted claim (claims carry "(1a)" and quotes, English claims an upper-case AND).
    """
    if has_field_codes(query):
        return True
    if not has_operators(query):
        return False
    return query_shape(query) != "long" or operator_share(query) >= OPERATOR_SHARE


def search(
    backend: SearchBackend,
    query: str,
    *,
    limit: int = 10,
    offset: int = 0,
    sort: str = "relevance",
    mode: str = "auto",
    facets: bool = False,
) -> SearchResult:
    """Run ``query``: a field-code / boolean query is matched (parser, then BM25 order); plain text is ranked
    (`ranking.query_shape` picks the weights) and, in mode auto, fused with the vector ranking.

    Raises QuerySyntaxError for a malformed query, InvalidValue for a bad option.
    """
    started = time.perf_counter()
    if sort not in SORTS:
        raise InvalidValue(f"unknown sort {sort!r}: expected one of {', '.join(SORTS)}")
    if mode not in MODES:
        raise InvalidValue(f"unknown mode {mode!r}: expected auto, lexical, hybrid or semantic")
    lexical = backend.lexical
    node: Node | None = None
    profile: Profile | None = None
    if is_structured(query):
        node = parse(query)
        lq = lexical.compile(node)
        if mode == "auto":
            mode = "lexical"
    elif sort != "relevance" and mode in ("auto", "lexical"):
        # plain text in date order: no relevance to rank by, so the documents holding all its words
        node = all_words(query)
        lq = lexical.compile(node)
        mode = "lexical"
    else:
        profile = profile_for(query)
        lq = lexical.ranked_query(query, profile)
        if mode == "auto":
            mode = "hybrid" if profile.vector > 0 else "lexical"
    cjk, stems = highlight_terms(query, node)
    facet_query = lq
    if facets and node is None and profile is not None and query_shape(query) != "long":
        # Ranked plain text matches documents holding any of its words; a facet narrows it to "the words AND
        # IC=…" (the pages' refinement links). Counting over the documents holding all the words makes each
        # count what its link finds. A pasted long text keeps the ranked set's facets (it is not refined).
        facet_query = lexical.compile(all_words(query))
    facet_data = lexical.facets(facet_query) if facets else {}

    if mode == "lexical":
        page, total = lexical.search(lq, limit=limit, offset=offset, sort=sort)
    else:
        k = max(CANDIDATES, offset + limit)
        lexical_ranking, total = lexical.search(lq, limit=k) if mode == "hybrid" else ([], 0)
        vec = backend.encoder.encode([query])[0]
        semantic = backend.vectors.nearest(vec, k)
        if mode == "hybrid":
            hybrid = profile or profile_for(query)
            if hybrid.vector <= 0:  # --mode hybrid for a shape whose profile leaves vectors out
                hybrid = replace(hybrid, vector=DEFAULT_VECTOR_WEIGHT)
            fused = fuse(lexical_ranking, _cosines(backend, vec, semantic, lexical_ranking), hybrid)
        else:
            fused = semantic
        total = len(fused) if mode == "semantic" else max(total, len(fused))
        page = fused[offset : offset + limit]
    return SearchResult(
        query=query,
        total=total,
        hits=_hits(backend, page, cjk, stems),
        mode=mode,
        offset=offset,
        sort=sort,
        facets=facet_data,
        corpus_version=backend.corpus_version,
        took_ms=(time.perf_counter() - started) * 1000,
        warnings=list(backend.warnings),
    )


def similar_text_for_number(corpus: Corpus, number: str) -> tuple[str, list[str]]:
    """(text to compare, numbers to leave out) for "documents like this patent"; NotFound when unknown."""
    from ipcenter.corpus.service import find_documents

    rows = find_documents(corpus, number)
    if not rows:
        # exit code 2 as every other bad option of `similar` (the CLI contract), 404 for the web API
        raise NotFound(f"no document {number!r} in the corpus", exit_code=2)
    row = rows[0]
    claims = [c["text"] for c in row.get("claims") or [] if c.get("text")]
    parts = [row.get("title") or row.get("title_en") or "", row.get("abstract") or ""]
    if claims:
        parts.append(claims[0])
    text = "\n".join(p for p in parts if p)
    if not text.strip():
        raise UserError(f"document {row['publication_number']} has no title, abstract or claims to compare")
    return text, same_invention(corpus, row, rows)


def same_invention(corpus: Corpus, row: dict[str, Any], rows: list[dict[str, Any]]) -> list[str]:
    """Publication numbers that are the patent of ``row`` itself, for "documents like this patent" to leave
    out: the publications of its application, the same publication stored without (or with another) kind
    code (a citation-only record: DE102010048082 beside DE102010048082A1), and its declared family members
    (the same invention filed in other countries)."""
    same = [r["publication_number"] for r in rows]
    app = row.get("application_number")
    if app:
        same += [r["publication_number"] for r in corpus.get_rows("application_number = ?", [app])]
    numbers = [row["publication_number"], *(m for m in row.get("family_members") or [] if m)]
    bases = list(dict.fromkeys(_KIND.sub("", n.upper().replace(" ", "")) for n in numbers))
    same += corpus.publication_numbers_for(bases)
    return list(dict.fromkeys(same))


def similar(
    backend: SearchBackend,
    text: str,
    *,
    limit: int = 10,
    exclude: Iterable[str] = (),
    label: str | None = None,
) -> SearchResult:
    """Documents like ``text`` (prior-art style): hybrid of vector neighbours and a bag-of-words query."""
    started = time.perf_counter()
    if not text.strip():
        raise InvalidValue("nothing to compare: the text is empty")
    excluded = set(exclude)
    k = CANDIDATES + len(excluded)
    # the embedding sees the opening (title, abstract); BM25 sees all of it
    profile = profile_for(text)
    lexical, total = backend.lexical.search(backend.lexical.ranked_query(text, profile), limit=k)
    cosines: dict[str, float] = {}
    if profile.vector > 0:  # the embedding sees the opening (title, abstract); BM25 sees all of it
        vec = backend.encoder.encode([text[: idx.EMBED_CHARS]])[0]
        cosines = _cosines(backend, vec, backend.vectors.nearest(vec, k), lexical)
    fused = [(key, s) for key, s in fuse(lexical, cosines, profile) if key not in excluded][:limit]
    cjk, stems = highlight_terms(text[: idx.EMBED_CHARS], None)
    hits = _hits(backend, fused, cjk, stems)
    return SearchResult(
        query=label or text,
        total=max(total - len(excluded & {k for k, _ in lexical}), len(hits)),
        hits=hits,
        mode="similar",
        corpus_version=backend.corpus_version,
        took_ms=(time.perf_counter() - started) * 1000,
        warnings=list(backend.warnings),
    )


def similar_to(
    backend: SearchBackend,
    corpus_dir: Path,
    *,
    text: str | None = None,
    number: str | None = None,
    file: Path | None = None,
    limit: int = 10,
) -> SearchResult:
    """`similar` for exactly one of a text, a patent of the corpus (any number form) or a UTF-8 text file."""
    given = [x for x in (text, number, file) if x is not None]
    if len(given) != 1:
        raise UserError("give exactly one of --text, --number or --file")
    exclude: list[str] = []
    label: str | None = None
    if number is not None:
        body, exclude = similar_text_for_number(Corpus(corpus_dir), number)
        label = number
    elif file is not None:
        try:
            body = Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UserError(f"cannot read {file}: {exc}") from None
        label = str(file)
    else:
        body = text or ""
    return similar(backend, body, limit=limit, exclude=exclude, label=label)


# --------------------------------------------------------------------------- export

EXPORT_COLUMNS = (
    "publication_number",
    "title",
    "applicant",
    "publication_date",
    "patent_type",
    "legal_status",
    "score",
)


def export_results(
    backend: SearchBackend, query: str, path: Path, *, sort: str = "relevance", max_rows: int = 100_000
) -> dict[str, Any]:
    """Write every hit of ``query`` (up to ``max_rows``) to CSV or XLSX, with query, corpus version and time."""
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in ("csv", "xlsx"):
        raise InvalidValue(f"export file must end in .csv or .xlsx, not {path.name!r}")
    first = search(backend, query, limit=1, sort=sort, mode="auto")
    wanted = min(first.total, max_rows) if first.mode == "lexical" else min(first.total, CANDIDATES)
    result = search(backend, query, limit=max(wanted, 1), sort=sort, mode="auto")
    meta = {
        "query": query,
        "mode": result.mode,
        "total": result.total,
        "exported": len(result.hits),
        "corpus": backend.state.get("corpus"),
        "corpus_version": backend.corpus_version,
        "index_built_at": backend.state.get("built_at"),
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    rows = [[getattr(h, c) for c in EXPORT_COLUMNS] for h in result.hits]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "csv":
            with open(path, "w", newline="", encoding="utf-8-sig") as fh:
                w = csv.writer(fh)
                for k, v in meta.items():
                    w.writerow([f"# {k}", v])
                w.writerow(EXPORT_COLUMNS)
                w.writerows(rows)
        else:
            from openpyxl import Workbook
            from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

            def cells(values: Iterable[Any]) -> list[Any]:  # control characters cannot be stored in XLSX
                return [ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in values]

            wb = Workbook()
            ws = wb.active
            ws.title = "results"
            ws.append(list(EXPORT_COLUMNS))
            for r in rows:
                ws.append(cells(r))
            info = wb.create_sheet("query")
            for k, v in meta.items():
                info.append(cells([k, v]))
            wb.save(path)
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc}") from None
    return {**meta, "file": str(path)}
