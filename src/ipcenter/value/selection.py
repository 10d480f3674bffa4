"""The document set a navigation report or a portfolio covers: a search query, an IPC list, an applicant (its
name variants merged) or a region. Every selector is described in words on the report, so that the same
command on the same corpus version gives the same set."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from ipcenter.core.errors import InvalidValue as CoreInvalidValue
from ipcenter.core.ipc import normalize_ipc
from ipcenter.core.regions import resolve_address
from ipcenter.corpus.store import Corpus
from ipcenter.errors import InvalidValue, NotFound, Unavailable, UserError
from ipcenter.search import service as search_service
from ipcenter.value.names import ApplicantGroup, group_names, name_key, similar_keys

#: The most documents a query selects (the report says when the query had more hits).
MAX_QUERY_HITS = 100_000


@dataclass
class DocSet:
    """Publication numbers and how they were chosen."""

    numbers: list[str]
    selector: str  # 'query' | 'ipc' | 'applicant' | 'region' | 'all'
    value: str
    description: str
    notes: list[str] = field(default_factory=list)
    applicant: ApplicantGroup | None = None  # for an applicant selection: the merged group
    similar: list[dict[str, Any]] = field(default_factory=list)  # similar names, not merged

    def table(self) -> pa.Table:
        return pa.table({"publication_number": pa.array(sorted(set(self.numbers)), pa.string())})


def applicant_names(con: duckdb.DuckDBPyConnection, where: str = "TRUE") -> list[tuple[str, int]]:
    """(applicant name as written, documents) over the ``patents`` view."""
    rows = con.execute(
        f"""
        SELECT a.name, count(DISTINCT p.publication_number)
        FROM patents p, unnest(p.applicants) AS t(a)
        WHERE a.name IS NOT NULL AND {where}
        GROUP BY a.name
        """
    ).fetchall()
    return [(str(n), int(c)) for n, c in rows]


def name_key_table(names: list[str]) -> pa.Table:
    """name → merge key, for the SQL to group by (computed over distinct names, not per record)."""
    return pa.table(
        {"name": pa.array(names, pa.string()), "key": pa.array([name_key(n) for n in names], pa.string())}
    )


def by_applicant(corpus: Corpus, applicant: str) -> DocSet:
    key = name_key(applicant)
    if not key:
        raise InvalidValue(f"applicant {applicant!r} has no letters or characters left to match")
    con = corpus.connect()
    try:
        counts = applicant_names(con)
        groups = group_names(counts)
        group = groups.get(key)
        if group is None:
            near = similar_keys(key, groups, limit=5)
            hint = f"; similar names: {', '.join(groups[k].name for k in near)}" if near else ""
            raise NotFound(f"no applicant {applicant!r} in the corpus{hint}")
        con.register("wanted", pa.table({"name": pa.array(list(group.variants), pa.string())}))
        numbers = [
            r[0]
            for r in con.execute(
                """
                SELECT DISTINCT p.publication_number FROM patents p, unnest(p.applicants) AS t(a)
                WHERE a.name IN (SELECT name FROM wanted)
                """
            ).fetchall()
        ]
    finally:
        con.close()
    similar = [
        {
            "name": groups[k].name,
            "key": k,
            "documents": groups[k].documents,
            "variants": sorted(groups[k].variants),
        }
        for k in similar_keys(key, groups)
    ]
    variants = ", ".join(f"{n} ({c})" for n, c in sorted(group.variants.items(), key=lambda kv: -kv[1]))
    return DocSet(
        numbers=numbers,
        selector="applicant",
        value=applicant,
        description=f"applicant {group.name!r}: {len(group.variants)} name variant(s) merged — {variants}",
        applicant=group,
        similar=similar,
    )


def ipc_patterns(ipc_list: str) -> list[tuple[str, str, bool]]:
    """(symbol as written, prefix, exact) per item: a class or subclass selects every symbol below it, a main
    group (A23L1 or A23L1/00) all its subgroups, a subgroup (A23L1/16) itself."""
    out = []
    for item in ipc_list.replace("；", ",").replace(";", ",").split(","):
        text = item.strip().upper().replace(" ", "")
        if not text:
            continue
        if re.fullmatch(r"[A-H]\d\d[A-Z]?", text):
            out.append((text, text, False))
            continue
        try:
            code = normalize_ipc(text)
        except CoreInvalidValue as exc:
            raise InvalidValue(f"--ipc {item.strip()!r}: {exc}") from None
        if "/" not in text or code.endswith("/00"):
            main = code.split("/")[0]
            out.append((f"{main}/00", f"{main}/", False))
        else:
            out.append((code, code, True))
    if not out:
        raise InvalidValue("--ipc needs at least one IPC symbol (e.g. A21D,A23L1/16)")
    return out


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def by_ipc(corpus: Corpus, ipc_list: str) -> DocSet:
    patterns = ipc_patterns(ipc_list)
    # one pass over the IPC lists (prefix tests, no join): 1,000,000 documents in a few seconds
    test = " OR ".join(
        f"s = {_quoted(prefix)}" if exact else f"starts_with(s, {_quoted(prefix)})"
        for _, prefix, exact in patterns
    )
    con = corpus.connect()
    try:
        numbers = [
            r[0]
            for r in con.execute(
                f"SELECT publication_number FROM patents WHERE len(list_filter(ipc, lambda s: {test})) > 0"
            ).fetchall()
        ]
    finally:
        con.close()
    shown = ", ".join(code for code, _, _ in patterns)
    return DocSet(
        numbers, "ipc", ipc_list, f"IPC {shown} (any symbol of a document; classes and groups with all below)"
    )


def by_region(corpus: Corpus, region: str) -> DocSet:
    division = resolve_address(region, None if any("\u4e00" <= ch <= "\u9fff" for ch in region) else region)
    if division.is_unknown:
        raise InvalidValue(f"region {region!r} is not a country, province or city ipcenter knows")
    con = corpus.connect()
    try:
        hints = [
            r[0]
            for r in con.execute(
                "SELECT DISTINCT map_extract_value(extra, 'region') FROM patents WHERE map_contains(extra, 'region')"
            ).fetchall()
            if r[0]
        ]
        matching_hints = []
        for h in hints:
            d = resolve_address(None, h)
            same_province = division.province is None or d.province == division.province
            # the 国省 field names a country or province, never a city
            if d.country == division.country and same_province and division.city is None:
                matching_hints.append(h)
        con.register("hints", pa.table({"hint": pa.array(matching_hints, pa.string())}))
        conditions = [f"a.country = '{division.country}'"]
        if division.province:
            conditions.append(f"a.province = '{division.province}'")
        if division.city:
            conditions.append(f"a.city = '{division.city}'")
        numbers = [
            r[0]
            for r in con.execute(
                f"""
                SELECT DISTINCT p.publication_number FROM patents p, unnest(p.applicants) AS t(a)
                WHERE {" AND ".join(conditions)}
                UNION
                SELECT publication_number FROM patents
                WHERE map_extract_value(extra, 'region') IN (SELECT hint FROM hints)
                """
            ).fetchall()
        ]
    finally:
        con.close()
    where = " / ".join(x for x in (division.country, division.province, division.city) if x)
    return DocSet(
        numbers,
        "region",
        region,
        f"region {where}: an applicant located there (or the source's 国省 field naming it)",
    )


def by_query(corpus_dir: Path, query: str) -> DocSet:
    try:
        backend = search_service.open_engine(corpus_dir)
    except UserError as exc:
        raise Unavailable(
            f"{exc.message} (build it with: ipcenter index build --corpus {corpus_dir})"
        ) from None
    result = search_service.search(backend, query, limit=MAX_QUERY_HITS, mode="lexical")
    numbers = [h.publication_number for h in result.hits]
    notes = list(getattr(backend, "warnings", []) or [])
    if result.total > len(numbers):
        notes.append(f"the query has {result.total} hits; the first {len(numbers)} are analysed")
    return DocSet(numbers, "query", query, f"search query {query!r} (lexical, every hit)", notes=notes)


def select(
    corpus_dir: Path,
    *,
    query: str | None = None,
    ipc: str | None = None,
    applicant: str | None = None,
    region: str | None = None,
) -> DocSet:
    """Exactly one selector → the document set."""
    given = [
        (k, v) for k, v in (("query", query), ("ipc", ipc), ("applicant", applicant), ("region", region)) if v
    ]
    if len(given) != 1:
        raise InvalidValue("give exactly one of --query, --ipc, --applicant or --region")
    corpus = Corpus(corpus_dir)
    if not corpus.exists:
        raise NotFound(f"no corpus at {corpus_dir} (ingest files first: ipcenter ingest …)")
    kind, value = given[0]
    if kind == "query":
        docs = by_query(corpus_dir, value)
    elif kind == "ipc":
        docs = by_ipc(corpus, value)
    elif kind == "applicant":
        docs = by_applicant(corpus, value)
    else:
        docs = by_region(corpus, value)
    if not docs.numbers:
        raise NotFound(f"no document matches {docs.description}")
    return docs
