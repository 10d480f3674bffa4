"""The embedded tantivy index beside the corpus: schema, document mapping, build and incremental update.

Layout (``<corpus>/search-index/`` unless given)::

    tantivy/        the tantivy index (no server)
    docs.parquet    publication_number → content_hash of every indexed row (what an update compares)
    vectors.npy     float16 sentence vectors (rows = vector_ids.json), see encoder.py
    vector_ids.json
    state.json      index version, corpus version it was built from, counts, time

Text fields are pre-analysed in Python (analysis.py) and indexed with tantivy's whitespace tokenizer, so the
index and the query side share one analyser and tantivy only stores and scores.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import tantivy

from ipcenter.core.errors import InvalidValue
from ipcenter.core.numbers import parse_cn_application_number
from ipcenter.corpus.store import Corpus
from ipcenter.search import analysis

INDEX_VERSION = 2  # 2: bag-of-tokens fields tx_bag / cl_bag
INDEX_DIR_NAME = "search-index"
#: text field code → index field stem (each stem has a `_w` word field and a `_b` bigram field)
TEXT_STEMS = {"TI": "ti", "AB": "ab", "CL": "cl", "DE": "de", "PA": "pa", "IN": "in"}
ALL_TEXT = ("ti", "ab", "cl", "de")  # TX
CODE_FIELDS = {"IC": "ic", "CPC": "cpc", "PN": "pn", "AN": "an", "PT": "pt", "LS": "ls", "AR": "ar"}
DATE_FIELDS = {"AD": "ad", "PD": "pd", "GD": "gd"}
#: bag-of-tokens field for a sentence query over these stems
BAG_FIELDS = {ALL_TEXT: "tx_bag", ("cl",): "cl_bag"}
#: What a stored snippet may hold (characters); longer text is still indexed in full.
STORED_CHARS = 1500
#: Characters of title + abstract a sentence vector sees: the opening carries the gist; USE cost grows with length.
EMBED_CHARS = 256


class IndexMissing(Exception):
    """No index at the expected place (run `ipcenter index build`)."""


def index_dir_for(corpus_dir: Path) -> Path:
    return Path(corpus_dir) / INDEX_DIR_NAME


def build_schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("key", stored=True, tokenizer_name="raw")  # publication_number, for deletes
    for stem in (*TEXT_STEMS.values(),):
        sb.add_text_field(f"{stem}_w", tokenizer_name="whitespace")
        sb.add_text_field(f"{stem}_b", tokenizer_name="whitespace")
    for name in CODE_FIELDS.values():
        sb.add_text_field(name, tokenizer_name="raw", index_option="basic")
    for name in DATE_FIELDS.values():
        sb.add_integer_field(name, stored=True, indexed=True, fast=True)
    sb.add_integer_field("year", fast=True, indexed=True)
    for name in ("f_ipc", "f_applicant", "f_type", "f_status", "f_region"):
        sb.add_text_field(name, tokenizer_name="raw", fast=True, index_option="basic")
    for name in ("title", "abstract", "claim1", "applicant", "patent_type", "legal_status"):
        sb.add_text_field(name, stored=True, tokenizer_name="raw", index_option="basic")
    sb.add_text_field("has_vector", tokenizer_name="raw", index_option="basic")
    # Words and bigrams of all text (and of the claims) in one field each, frequencies only: sentence queries
    # score here too, with one length norm for both token kinds (see docs/benchmarks.md, search section).
    for name in BAG_FIELDS.values():
        sb.add_text_field(name, tokenizer_name="whitespace", index_option="freq")
    return sb.build()


# --------------------------------------------------------------------------- mapping a corpus row

_ROW_SQL = """
SELECT publication_number, application_number, country, patent_type, legal_status,
       filing_date, publication_date, grant_date, title, title_en, abstract, description,
       list_transform(coalesce(claims, []), lambda c: c.text) AS claim_texts,
       list_transform(coalesce(claims_other_languages, []), lambda c: c.text) AS claim_texts_other,
       ipc, cpc, inventors,
       list_transform(coalesce(applicants, []) || coalesce(patentees, []), lambda a: a.name) AS party_names,
       list_transform(coalesce(applicants, []), lambda a: [a.country, a.province, a.city, a.district, a.division_code])
           AS regions,
       content_hash
FROM patents
"""

_REGION_SUFFIX = re.compile(r"(维吾尔自治区|壮族自治区|回族自治区|特别行政区|自治区|省|市)$")


def _date_int(value: date | None) -> int | None:
    return int(value.strftime("%Y%m%d")) if value else None


def class_prefixes(symbol: str) -> list[str]:
    """Every level of a normalised IPC/CPC symbol: G, G06, G06F, G06F40, G06F40/30."""
    sym = symbol.replace(" ", "").upper()
    out = [sym[:1], sym[:3], sym[:4]]
    if "/" in sym:
        out += [sym.split("/")[0], sym]
    elif len(sym) > 4:
        out.append(sym)
    return [s for s in dict.fromkeys(out) if s]


def number_forms(publication_number: str, application_number: str | None) -> tuple[list[str], list[str]]:
    """(publication forms, application forms) a number query may arrive in."""
    pn = publication_number.upper()
    pub = [pn]
    m = re.match(r"^([A-Z]{2}[A-Z]?\d+?)([A-Z]\d?)?$", pn)
    if m and m.group(2):
        pub.append(m.group(1))
    app: list[str] = []
    if application_number:
        a = application_number.upper()
        app += [a, re.sub(r"[^0-9A-Z]", "", a)]
        bare = re.sub(r"^[A-Z]{2}", "", a)
        app += [bare, re.sub(r"[^0-9A-Z]", "", bare), bare.split(".")[0]]
    return list(dict.fromkeys(pub)), list(dict.fromkeys(x for x in app if x))


def application_query_forms(text: str) -> list[str]:
    """Forms of an AN= value to look up: the canonical CN number when it parses, and the bare digits."""
    forms = [re.sub(r"[^0-9A-Z.]", "", text.upper())]
    with contextlib.suppress(InvalidValue):
        forms.insert(0, parse_cn_application_number(text).canonical)
    forms.append(re.sub(r"[^0-9A-Z]", "", text.upper()))
    return [f for f in dict.fromkeys(forms) if f]


def embedding_text(row: dict[str, Any]) -> str | None:
    """What a document's sentence vector is made of: title + abstract (or claim 1), or None (no text)."""
    body = row.get("abstract") or (row["claim_texts"][0] if row.get("claim_texts") else None)
    if not body:
        return None
    title = row.get("title") or ""
    return f"{title}。{body}"[:EMBED_CHARS]


def row_to_document(row: dict[str, Any], has_vector: bool) -> tantivy.Document:
    doc = tantivy.Document()
    pn = row["publication_number"]
    doc.add_text("key", pn)
    claims = [t for t in (row.get("claim_texts") or []) if t]
    other = [t for t in (row.get("claim_texts_other") or []) if t]
    texts = {
        "ti": " ".join(t for t in (row.get("title"), row.get("title_en")) if t),
        "ab": row.get("abstract") or "",
        "cl": "\n".join(claims + other),
        "de": row.get("description") or "",
        "pa": " ; ".join(n for n in (row.get("party_names") or []) if n),
        "in": " ; ".join(n for n in (row.get("inventors") or []) if n),
    }
    bag: list[str] = []
    for stem, text in texts.items():
        words, grams = analysis.analyze(text)
        if words:
            doc.add_text(f"{stem}_w", words)
        if grams:
            doc.add_text(f"{stem}_b", grams)
        if stem in ALL_TEXT:
            bag += [words, grams]
            if stem == "cl" and (words or grams):
                doc.add_text("cl_bag", f"{words} {grams}")
    bag_text = " ".join(b for b in bag if b)
    if bag_text:
        doc.add_text("tx_bag", bag_text)
    for code_field, symbols in (("ic", row.get("ipc")), ("cpc", row.get("cpc"))):
        for sym in symbols or []:
            for p in class_prefixes(sym):
                doc.add_text(code_field, p)
    pubs, apps = number_forms(pn, row.get("application_number"))
    for f in pubs:
        doc.add_text("pn", f)
    for f in apps:
        doc.add_text("an", f)
    if row.get("patent_type"):
        doc.add_text("pt", row["patent_type"])
        doc.add_text("f_type", row["patent_type"])
        doc.add_text("patent_type", row["patent_type"])
    status = row.get("legal_status") or "unknown"
    doc.add_text("ls", status)
    doc.add_text("f_status", status)
    doc.add_text("legal_status", status)
    regions: list[str] = []
    for parts in row.get("regions") or []:
        for value in parts or []:
            if value:
                regions.append(value)
                short = _REGION_SUFFIX.sub("", value)
                if short and short != value:
                    regions.append(short)
                if value.isdigit() and len(value) == 6:
                    regions += [value[:2], value[:4]]
    if row.get("country"):
        regions.append(row["country"])
    for r in dict.fromkeys(regions):
        doc.add_text("ar", r)
    first_region = next(
        (p[1] or p[0] for p in (row.get("regions") or []) if p and (p[1] or p[0])), row.get("country")
    )
    if first_region:
        doc.add_text("f_region", first_region)
    for f, key in (("ad", "filing_date"), ("pd", "publication_date"), ("gd", "grant_date")):
        value = _date_int(row.get(key))
        if value:
            doc.add_integer(f, value)
    year_date = row.get("filing_date") or row.get("publication_date")
    if year_date:
        doc.add_integer("year", year_date.year)
    for sub in dict.fromkeys(s[:4] for s in row.get("ipc") or [] if len(s) >= 4):
        doc.add_text("f_ipc", sub)
    names = [n for n in (row.get("party_names") or []) if n]
    for n in dict.fromkeys(names):
        doc.add_text("f_applicant", n)
    if names:
        doc.add_text("applicant", names[0])
    doc.add_text("title", (row.get("title") or row.get("title_en") or "")[:STORED_CHARS])
    if row.get("abstract"):
        doc.add_text("abstract", row["abstract"][:STORED_CHARS])
    if claims:
        doc.add_text("claim1", claims[0][:STORED_CHARS])
    doc.add_text("has_vector", "1" if has_vector else "0")
    return doc


# --------------------------------------------------------------------------- build


@dataclass
class BuildReport:
    index_dir: str
    corpus_version: int
    documents: int
    added: int
    deleted: int
    unchanged: int
    vectors: int
    vectors_added: int
    seconds: float
    docs_per_second: float
    mode: str  # 'full' or 'incremental'

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _iter_rows(corpus: Corpus, batch: int = 2000) -> Iterator[dict[str, Any]]:
    con = corpus.connect()
    try:
        cur = con.execute(_ROW_SQL)
        cols = [d[0] for d in cur.description]
        while True:
            chunk = cur.fetchmany(batch)
            if not chunk:
                break
            for values in chunk:
                yield dict(zip(cols, values, strict=True))
    finally:
        con.close()


def open_index(index_dir: Path) -> tantivy.Index:
    path = Path(index_dir) / "tantivy"
    if not (Path(index_dir) / "state.json").exists() or not path.exists():
        raise IndexMissing(f"no search index at {index_dir}: run `ipcenter index build` first")
    return tantivy.Index(build_schema(), path=str(path), reuse=True)


def read_state(index_dir: Path) -> dict[str, Any]:
    path = Path(index_dir) / "state.json"
    if not path.exists():
        raise IndexMissing(f"no search index at {index_dir}: run `ipcenter index build` first")
    state: dict[str, Any] = json.loads(path.read_text())
    return state


def build_index(
    corpus: Corpus,
    index_dir: Path | None = None,
    *,
    vectors: str = "text",
    rebuild: bool = False,
    encoder: Any = None,
    progress: Any = None,
) -> BuildReport:
    """Build, or update in place, the index of ``corpus``.

    ``vectors``: 'text' (documents with an abstract or claims), 'all' (also title-only records) or 'none'.
    An existing index of the same version is updated: rows whose content hash changed or that left the
    corpus are deleted, new and changed rows added; vectors of unchanged rows are kept.
    """
    if vectors not in ("text", "all", "none"):
        raise ValueError(f"vectors must be text, all or none, not {vectors!r}")
    started = time.perf_counter()
    index_dir = Path(index_dir) if index_dir else index_dir_for(corpus.root)
    old_state: dict[str, Any] | None = None
    if not rebuild:
        try:
            old_state = read_state(index_dir)
        except IndexMissing:
            old_state = None
        if old_state and (
            old_state.get("index_version") != INDEX_VERSION or old_state.get("vectors") != vectors
        ):
            old_state = None
    if old_state is None and index_dir.exists():
        shutil.rmtree(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    tdir = index_dir / "tantivy"
    tdir.mkdir(exist_ok=True)
    index = tantivy.Index(build_schema(), path=str(tdir), reuse=old_state is not None)

    old_hashes: dict[str, str] = {}
    if old_state is not None and (index_dir / "docs.parquet").exists():
        t = pq.read_table(index_dir / "docs.parquet")
        old_hashes = dict(
            zip(t.column("publication_number").to_pylist(), t.column("content_hash").to_pylist(), strict=True)
        )
    old_vec_ids: list[str] = []
    old_vecs = np.zeros((0, 512), dtype=np.float16)
    if old_state is not None and (index_dir / "vectors.npy").exists():
        old_vec_ids = json.loads((index_dir / "vector_ids.json").read_text())
        old_vecs = np.load(index_dir / "vectors.npy")

    writer = index.writer(heap_size_for_threads(), num_threads=1)
    new_hashes: dict[str, str] = {}
    added = unchanged = 0
    to_embed: list[tuple[str, str]] = []
    for row in _iter_rows(corpus):
        pn = row["publication_number"]
        h = row.get("content_hash") or ""
        new_hashes[pn] = h
        if old_hashes.get(pn) == h:
            unchanged += 1
            continue
        if pn in old_hashes:
            writer.delete_documents_by_term("key", pn)
        text = embedding_text(row) if vectors != "none" else None
        if text is None and vectors == "all" and (row.get("title") or row.get("title_en")):
            text = row.get("title") or row.get("title_en")
        if text:
            to_embed.append((pn, text))
        writer.add_document(row_to_document(row, has_vector=bool(text)))
        added += 1
        if progress and added % 5000 == 0:
            progress(added)
    gone = [pn for pn in old_hashes if pn not in new_hashes]
    for pn in gone:
        writer.delete_documents_by_term("key", pn)
    writer.commit()
    writer.wait_merging_threads()

    # vectors: keep unchanged rows', embed the new ones
    keep = [i for i, pn in enumerate(old_vec_ids) if old_hashes.get(pn) == new_hashes.get(pn)]
    vec_ids = [old_vec_ids[i] for i in keep]
    vec_parts = [old_vecs[keep]] if keep else []
    if to_embed:
        if encoder is None:
            from ipcenter.encoder import default_encoder

            encoder = default_encoder()
        new = encoder.encode([t for _, t in to_embed]).astype(np.float16)
        vec_parts.append(new)
        vec_ids += [pn for pn, _ in to_embed]
    matrix = np.concatenate(vec_parts) if vec_parts else np.zeros((0, 512), dtype=np.float16)
    np.save(index_dir / "vectors.npy", matrix)
    (index_dir / "vector_ids.json").write_text(json.dumps(vec_ids))
    pq.write_table(
        pa.table(
            {
                "publication_number": list(new_hashes.keys()),
                "content_hash": list(new_hashes.values()),
            }
        ),
        index_dir / "docs.parquet",
    )
    elapsed = time.perf_counter() - started
    state = {
        "index_version": INDEX_VERSION,
        "corpus": str(corpus.root),
        "corpus_version": corpus.manifest.version,
        "documents": len(new_hashes),
        "vectors": vectors,
        "vector_count": len(vec_ids),
        "encoder": getattr(encoder, "name", None) if to_embed else (old_state or {}).get("encoder"),
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    tmp = index_dir / "state.json.tmp"
    tmp.write_text(json.dumps(state, indent=1))
    os.replace(tmp, index_dir / "state.json")
    return BuildReport(
        index_dir=str(index_dir),
        corpus_version=corpus.manifest.version,
        documents=len(new_hashes),
        added=added,
        deleted=len(gone)
        + sum(1 for pn in old_hashes if pn in new_hashes and old_hashes[pn] != new_hashes[pn]),
        unchanged=unchanged,
        vectors=len(vec_ids),
        vectors_added=len(to_embed),
        seconds=round(elapsed, 2),
        docs_per_second=round(added / elapsed, 1) if elapsed else 0.0,
        mode="incremental" if old_state is not None else "full",
    )


def heap_size_for_threads() -> int:
    return 256 * 1024 * 1024
