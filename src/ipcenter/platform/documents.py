"""Documents of the served corpus version by number, without a Parquet scan per look-up.

`ipcenter show` opens a DuckDB connection and scans every part for one number (each part is one row group,
so nothing is pruned): fine once at a terminal, ~250 ms a request on the server. Here, once per corpus
version, each immutable part is converted to an uncompressed Arrow IPC file in a cache directory (once per
part, kept across versions and processes; copies of parts a newer version dropped are removed) and
memory-mapped; dictionaries map publication numbers,
application numbers and publication numbers without their kind code to (part, row). A look-up is then a
dictionary hit and a one-row slice of a mapped file: the operating system's page cache, shared by every
worker, holds what is read.

`IndexedCorpus` is a `Corpus` whose ``get_rows`` answers the conditions `corpus.service.find_documents`
and `search.service.similar_text_for_number` ask (``publication_number = ?``, ``application_number = ?``
and the kind-less ``regexp_matches``) from the dictionaries, and any other condition through DuckDB as
before, so the services are called unchanged and answer exactly what they answer at the command line.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
import time
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from ipcenter.core.errors import InvalidValue
from ipcenter.core.numbers import parse_publication_number
from ipcenter.corpus.store import Corpus
from ipcenter.platform.corpus_state import CorpusVersion

CACHE_ENV = "IPCENTER_CACHE"
#: the trailing kind code of a publication number (A, B1, U …): what a number given without one omits
_KIND = re.compile(r"[A-Z][0-9]?$")
#: the kind code as `Corpus.publication_numbers_for` takes it off (after a digit)
_DIGIT_KIND = re.compile(r"(?<=[0-9])[A-Z][0-9]?$")
#: the parameter `corpus.service.lookup_keys` gives for a number without kind code: ^<escaped>[A-Z][0-9]?$
_KINDLESS = re.compile(r"^\^([0-9A-Za-z]+)\[A-Z\]\[0-9\]\?\$$")
Position = tuple[int, int]  # (part, row)


def cache_root() -> Path:
    """Where the Arrow copies of parts live: ``$IPCENTER_CACHE``, else a per-user temporary directory."""
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env) / "arrow"
    return Path(tempfile.gettempdir()) / f"ipcenter-cache-{os.getuid()}" / "arrow"


def corpus_cache(corpus_root: Path, cache: Path | None = None) -> Path:
    """The cache directory of one corpus directory (several corpora may share the cache root)."""
    key = hashlib.sha1(str(corpus_root.resolve()).encode()).hexdigest()[:12]
    return (cache or cache_root()) / key


def prune(directory: Path, live: list[Path], min_age_s: float = 600) -> None:
    """Remove the copies of parts the manifest no longer names, once they are ``min_age_s`` old (a worker
    still on an older version may just have made one; one still mapping a removed copy keeps its mapping:
    on POSIX a removed file lives on until it is unmapped)."""
    keep = {p.stem for p in live}
    now = time.time()
    for path in directory.glob("part-*.arrow"):
        if path.stem.rsplit("-", 1)[0] in keep:
            continue
        with contextlib.suppress(OSError):
            if now - path.stat().st_mtime >= min_age_s:
                path.unlink()


def _arrow_copy(part: Path, root: Path) -> Path:
    """The part as an Arrow IPC file (written once, atomically; parts never change once written)."""
    st = part.stat()
    key = hashlib.sha1(f"{part.resolve()}|{st.st_size}|{st.st_mtime_ns}".encode()).hexdigest()[:16]
    target = root / f"{part.stem}-{key}.arrow"
    if target.is_file():
        return target
    root.mkdir(parents=True, exist_ok=True)
    table = pq.read_table(part)
    tmp = root / f".{target.name}.{uuid.uuid4().hex}.tmp"
    with pa.OSFile(str(tmp), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table, max_chunksize=4096)
    os.replace(tmp, target)
    return target


class IndexedCorpus(Corpus):
    """One corpus version with its number index (build it with `indexed_corpus`, once per version)."""

    def __init__(self, corpus: Corpus, cache: Path | None = None) -> None:
        # the version's manifest as served, not the file's present one (a newer ingest may have committed)
        self.root = corpus.root
        self.manifest = corpus.manifest
        root = corpus_cache(self.root, cache)
        self._tables: list[pa.Table] = []
        self._by_publication: dict[str, list[Position]] = defaultdict(list)
        self._by_application: dict[str, list[Position]] = defaultdict(list)
        self._by_kindless: dict[str, list[Position]] = defaultdict(list)
        for n, part in enumerate(self.part_paths):
            with pa.memory_map(str(_arrow_copy(part, root))) as source:
                table = pa.ipc.open_file(source).read_all()
            self._tables.append(table)
            numbers = table.column("publication_number").to_pylist()
            applications = table.column("application_number").to_pylist()
            for row, (number, application) in enumerate(zip(numbers, applications, strict=True)):
                if number:
                    self._by_publication[number].append((n, row))
                    self._by_kindless[_KIND.sub("", number)].append((n, row))
                if application:
                    self._by_application[application].append((n, row))
        prune(root, self.part_paths)

    def _rows(self, positions: list[Position]) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        for part, row in sorted(positions):  # the order of a scan: parts in manifest order, rows in order
            rows.extend(self._tables[part].slice(row, 1).to_pylist())
        return rows

    def get_rows(self, where_sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        values = params or []
        if len(values) == 1 and isinstance(values[0], str):
            value = values[0]
            if where_sql == "publication_number = ?":
                return self._rows(self._by_publication.get(value, []))
            if where_sql == "application_number = ?":
                return self._rows(self._by_application.get(value, []))
            kindless = _KINDLESS.match(value)
            if where_sql == "regexp_matches(publication_number, ?)" and kindless:
                pattern = re.compile(value)
                found = self._by_kindless.get(kindless.group(1), [])
                return [r for r in self._rows(found) if pattern.search(r["publication_number"])]
        return super().get_rows(where_sql, params)

    def publication_numbers_for(self, bases: list[str]) -> list[str]:
        """As `Corpus.publication_numbers_for`, from the number index (the similar-documents API asks this for
        every document page: a Parquet scan each time was most of that API's time under load)."""
        positions: set[Position] = set()
        for base in bases:
            positions.update(self._by_publication.get(base, []))
            positions.update(
                (part, row)
                for part, row in self._by_kindless.get(base, [])
                if _DIGIT_KIND.sub("", self._number(part, row)) == base
            )
        return list(dict.fromkeys(self._number(part, row) for part, row in sorted(positions)))

    def _number(self, part: int, row: int) -> str:
        value: str = self._tables[part].column("publication_number")[row].as_py()
        return value

    def resolve(self, number: str | None) -> str | None:
        """The publication number this corpus holds for ``number`` (a cited number, with or without kind
        code, any spacing), or None: what a citation links to."""
        if not number:
            return None
        try:
            number = parse_publication_number(number).normalized
        except InvalidValue:
            number = re.sub(r"[^0-9A-Za-z]", "", number).upper()
        if number in self._by_publication:
            return number
        if _KIND.sub("", number) == number and (found := self._by_kindless.get(number)):
            return self._number(*min(found))
        return None


def indexed_corpus(current: CorpusVersion) -> IndexedCorpus:
    """The served version's indexed corpus, built on first use and shared by every request."""
    return current.shared("platform.documents", IndexedCorpus)
