"""The search index beside the corpus: its layout and state, what a corpus row becomes, build and update.

Layout (``<corpus>/search-index/`` unless given)::

    tantivy/        the tantivy index (no server)
    docs.parquet    publication_number → content_hash of every indexed row (what an update compares)
    vectors.npy     float16 sentence vectors (rows = vector_ids.json), see encoder.py
    vector_ids.json
    state.json      index version, corpus version it was built from, counts, time

The build reads the corpus, hands new and changed rows to the lexical writer (`backend.open_lexical_writer`:
tantivy, see tantivy_backend.py), embeds their text (encoder.py) into the vector files (vectors.py) and records
content hashes, so the next build updates in place.
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

from ipcenter.core.errors import InvalidValue
from ipcenter.core.numbers import parse_cn_application_number
from ipcenter.corpus.store import Corpus
from ipcenter.encoder import DIMENSIONS
from ipcenter.errors import Unavailable
from ipcenter.search import ann
from ipcenter.search import vectors as vector_files
from ipcenter.search.backend import open_lexical_writer
from ipcenter.search.titles import clean_title

#: 2: bag-of-tokens fields tx_bag / cl_bag; 3: all-text fields tx_w / tx_b with positions (ranked queries),
#: titles repaired of PDF debris
INDEX_VERSION = 3
INDEX_DIR_NAME = "search-index"
#: text field code → index field stem (each stem has a `_w` word field and a `_b` bigram field)
TEXT_STEMS = {"TI": "ti", "AB": "ab", "CL": "cl", "DE": "de", "PA": "pa", "IN": "in"}
CODE_FIELDS = {"IC": "ic", "CPC": "cpc", "PN": "pn", "AN": "an", "PT": "pt", "LS": "ls", "AR": "ar"}
DATE_FIELDS = {"AD": "ad", "PD": "pd", "GD": "gd"}
#: What a stored snippet may hold (characters); longer text is still indexed in full.
STORED_CHARS = 1500
#: Characters of title + abstract a sentence vector sees: the opening carries the gist; USE cost grows with length.
EMBED_CHARS = 256


class IndexMissing(Unavailable):
    """No index at the expected place (run `ipcenter index build`)."""


def index_dir_for(corpus_dir: Path) -> Path:
    return Path(corpus_dir) / INDEX_DIR_NAME


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


def date_int(value: date | None) -> int | None:
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


def display_title(row: dict[str, Any]) -> str:
    """The row's title as search shows and indexes it: repaired when it is PDF debris (see titles.py)."""
    title = row.get("title") or ""
    claims = row.get("claim_texts") or []
    return clean_title(title, claims[0] if claims else None) if title else title


def embedding_text(row: dict[str, Any]) -> str | None:
    """What a document's sentence vector is made of: title + abstract (or claim 1), or None (no text)."""
    body = row.get("abstract") or (row["claim_texts"][0] if row.get("claim_texts") else None)
    if not body:
        return None
    title = display_title(row)
    return f"{title}。{body}"[:EMBED_CHARS]


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
    writer = open_lexical_writer(index_dir, fresh=old_state is None)

    old_hashes: dict[str, str] = {}
    if old_state is not None and (index_dir / "docs.parquet").exists():
        t = pq.read_table(index_dir / "docs.parquet")
        old_hashes = dict(
            zip(t.column("publication_number").to_pylist(), t.column("content_hash").to_pylist(), strict=True)
        )
    old_vecs, old_vec_ids = vector_files.load(index_dir) if old_state is not None else (None, [])

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
            writer.delete(pn)
        text = embedding_text(row) if vectors != "none" else None
        if text is None and vectors == "all" and (row.get("title") or row.get("title_en")):
            text = row.get("title") or row.get("title_en")
        if text:
            to_embed.append((pn, text))
        writer.add(row, has_vector=bool(text))
        added += 1
        if progress and added % 5000 == 0:
            progress(added)
    gone = [pn for pn in old_hashes if pn not in new_hashes]
    for pn in gone:
        writer.delete(pn)
    writer.commit()

    # vectors: keep unchanged rows', embed the new ones
    keep = [i for i, pn in enumerate(old_vec_ids) if old_hashes.get(pn) == new_hashes.get(pn)]
    vec_ids = [old_vec_ids[i] for i in keep]
    vec_parts = [old_vecs[keep]] if keep and old_vecs is not None else []
    if to_embed:
        if encoder is None:
            from ipcenter.encoder import default_encoder

            encoder = default_encoder()
        new = encoder.encode([t for _, t in to_embed]).astype(np.float16)
        vec_parts.append(new)
        vec_ids += [pn for pn, _ in to_embed]
    matrix = np.concatenate(vec_parts) if vec_parts else np.zeros((0, DIMENSIONS), dtype=np.float16)
    vector_files.save(index_dir, matrix, vec_ids)
    changed = [pn for pn in old_hashes if new_hashes.get(pn) != old_hashes[pn]]  # deleted or changed
    ann.sync(
        index_dir,
        matrix,
        vec_ids,
        embedded=[pn for pn, _ in to_embed],
        removed=changed,
        fresh=old_state is None,
    )
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
