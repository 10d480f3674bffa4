"""What the transfer domain reads about patents from the corpus: one document's facts on a date (validity,
conversion evidence, region, IPC), the documents of an applicant by its name variants, and the value
domain's scores beside them (through `ipcenter.value.service` only).

The corpus is read, never written. Validity follows the core's rules (`corpus.status.status_result`: CN term,
grant, lapse date, legal events); conversion evidence is what an export says (专利权转移/许可 counts, events).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ipcenter.core.ipc import parse_ipc
from ipcenter.core.legal_status import LAPSED, UNKNOWN, status_from_raw
from ipcenter.corpus.schema import row_to_record
from ipcenter.corpus.service import find_documents
from ipcenter.corpus.status import status_result
from ipcenter.corpus.store import Corpus
from ipcenter.errors import InvalidValue, NotFound, Unavailable, UserError

#: Legal events that mean the patent was put to use by someone else (转化): transfer, licence, pledge is not.
CONVERSION_EVENTS = ("转移", "许可")


def open_corpus(corpus_dir: Path) -> Corpus:
    corpus = Corpus(corpus_dir)
    if not corpus.exists:
        raise Unavailable(
            f"no corpus at {corpus_dir} (ingest files first: ipcenter ingest PATH --corpus DIR)"
        )
    return corpus


def parse_day(text: str | date | None, what: str = "date") -> date:
    if isinstance(text, date):
        return text
    try:
        return date.fromisoformat(str(text or "").strip())
    except ValueError:
        raise InvalidValue(f"{what} must be a date YYYY-MM-DD, not {text!r}") from None


@dataclass
class PatentFacts:
    """One document's facts on ``as_of`` as the corpus knows them."""

    publication_number: str
    application_number: str | None
    title: str
    patent_type: str | None
    country: str
    ipc: list[str]
    applicants: list[str]
    patentees: list[str]
    inventors: list[str]
    province: str | None
    city: str | None
    as_of: date
    status: str  # in_force / lapsed / pending / unknown
    status_reason: str
    converted: str  # converted / unconverted / unknown
    converted_basis: str
    events: list[dict[str, Any]] = field(default_factory=list)  # legal events (date, code, description)
    pledge_count: int | None = None
    licence_count: int | None = None
    abstract: str = ""
    claims: list[str] = field(default_factory=list)
    term_end: date | None = None  # the first day no longer in force (CN term from filing)

    @property
    def key(self) -> str:
        return self.application_number or self.publication_number

    @property
    def main_ipc(self) -> str:
        return self.ipc[0] if self.ipc else ""

    def summary(self) -> dict[str, Any]:
        return {
            "publication_number": self.publication_number,
            "application_number": self.application_number,
            "title": self.title,
            "patent_type": self.patent_type,
            "ipc": self.ipc,
            "applicants": self.applicants,
            "region": " ".join(p for p in (self.province, self.city) if p) or None,
            "as_of": self.as_of.isoformat(),
            "legal_status": self.status,
            "status_reason": self.status_reason,
            "converted": self.converted,
            "converted_basis": self.converted_basis,
        }


def _party_names(items: list[dict[str, Any]] | None) -> list[str]:
    return [p["name"] for p in items or [] if p.get("name")]


def conversion_evidence(row: dict[str, Any]) -> tuple[str, str]:
    """(converted / unconverted / unknown, why) from the export's counts and the legal events."""
    hits = [
        f"{e.get('date') or ''} {e.get('description') or e.get('code') or ''}".strip()
        for e in row.get("legal_events") or []
        if any(w in (e.get("description") or "") for w in CONVERSION_EVENTS)
        and "开放许可" not in (e.get("description") or "")
    ]
    transfers, licences = row.get("transfer_count"), row.get("licence_count")
    if hits:
        return "converted", "legal events: " + "; ".join(hits[:3])
    if (transfers or 0) > 0 or (licences or 0) > 0:
        return "converted", f"export counts: 转让 {transfers or 0}, 许可 {licences or 0}"
    if transfers == 0 and licences == 0:
        return "unconverted", "export counts: 转让 0, 许可 0 (no transfer or licence recorded)"
    return "unknown", "the corpus records no transfer or licence counts for this document"


def facts_of(row: dict[str, Any], as_of: date) -> PatentFacts:
    """The facts of one corpus row on ``as_of``."""
    record = row_to_record(row)
    result = status_result(record, as_of)
    if result is not None:
        status = result.state or UNKNOWN
        reason = result.reason if result.state else "not filed yet on that day"
    else:  # another office: only what its export says (we do not guess foreign maintenance)
        status = status_from_raw(record.legal_status_raw) or UNKNOWN
        reason = f"{record.country} record: status as exported ({record.legal_status_raw or 'none'})"
    converted, basis = conversion_evidence(row)
    first = (row.get("patentees") or row.get("applicants") or [{}])[0]
    return PatentFacts(
        publication_number=row["publication_number"],
        application_number=row.get("application_number"),
        title=row.get("title") or row.get("title_en") or "",
        patent_type=row.get("patent_type"),
        country=row.get("country") or "",
        ipc=list(row.get("ipc") or []),
        applicants=_party_names(row.get("applicants")),
        patentees=_party_names(row.get("patentees")) or _party_names(row.get("applicants")),
        inventors=list(row.get("inventors") or []),
        province=first.get("province"),
        city=first.get("city"),
        as_of=as_of,
        status=status,
        status_reason=reason,
        converted=converted,
        converted_basis=basis,
        events=[
            {"date": e.get("date"), "code": e.get("code"), "description": e.get("description")}
            for e in row.get("legal_events") or []
        ],
        pledge_count=row.get("pledge_count"),
        licence_count=row.get("licence_count"),
        abstract=row.get("abstract") or "",
        claims=[c["text"] for c in row.get("claims") or [] if c.get("text")],
        term_end=result.term_end if result is not None else None,
    )


def find_patent(corpus: Corpus, number: str, as_of: date) -> PatentFacts:
    rows = find_documents(corpus, number)
    if not rows:
        raise NotFound(f"no document {number!r} in the corpus")
    return facts_of(rows[0], as_of)


def rows_by_number(corpus: Corpus, numbers: list[str]) -> dict[str, dict[str, Any]]:
    """Corpus rows by publication number (one query for all)."""
    wanted = sorted(set(numbers))
    if not wanted:
        return {}
    marks = ", ".join("?" for _ in wanted)
    return {r["publication_number"]: r for r in corpus.get_rows(f"publication_number IN ({marks})", wanted)}


# --------------------------------------------------------------------------- applicant name variants


def name_key(name: str) -> str:
    """A name compared without case, width, spaces or punctuation (UNIV BEI HANG = UNIV BEIHANG)."""
    text = unicodedata.normalize("NFKC", name).upper()
    return re.sub(r"[\W_]+", "", text)


def suggest_variants(corpus: Corpus, seeds: list[str], limit: int = 50) -> list[dict[str, Any]]:
    """Applicant names in the corpus that contain one of ``seeds`` (compared by `name_key`), with counts:
    the variants an institution's documents are filed under, shown so a person can correct the list."""
    given = [s for s in seeds if s.strip()]
    keys = [name_key(s) for s in given]
    short = [s for s, k in zip(given, keys, strict=True) if len(k) < 2]
    if not keys or short:
        raise InvalidValue(
            "give applicant names of at least two characters, e.g. 北京航空航天大学 or BEIHANG"
        )
    con = corpus.connect()
    try:
        names = con.execute(
            "SELECT a.name, any_value(a.type), count(DISTINCT p.publication_number) FROM patents p,"
            " unnest(list_concat(p.applicants, p.patentees)) AS t(a) WHERE a.name IS NOT NULL GROUP BY a.name"
        ).fetchall()
    finally:
        con.close()
    found = []
    for name, kind, count in names:
        key = name_key(name)
        matched = [s for s, k in zip(given, keys, strict=True) if k and k in key]
        if matched:
            found.append({"name": name, "type": kind, "documents": int(count), "matched": matched})
    found.sort(key=lambda f: (-f["documents"], f["name"]))
    return found[:limit]


def documents_of(corpus: Corpus, names: list[str]) -> list[dict[str, Any]]:
    """Rows whose applicants or patentees include one of ``names`` exactly (after `name_key`)."""
    keys = sorted({name_key(n) for n in names if n.strip()})
    if not keys:
        return []
    con = corpus.connect()
    try:
        hits = con.execute(
            "SELECT DISTINCT p.publication_number, a.name FROM patents p,"
            " unnest(list_concat(p.applicants, p.patentees)) AS t(a) WHERE a.name IS NOT NULL"
        ).fetchall()
    finally:
        con.close()
    wanted = {pn for pn, name in hits if name_key(name) in keys}
    return list(rows_by_number(corpus, sorted(wanted)).values())


def one_per_application(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Keep one document per application: the grant when there is one, else the latest publication."""
    best: dict[str, dict[str, Any]] = {}
    for row in rows:
        key = row.get("application_number") or row["publication_number"]
        old = best.get(key)
        rank = (row.get("grant_date") is not None, str(row.get("publication_date") or ""))
        if old is None or rank > (old.get("grant_date") is not None, str(old.get("publication_date") or "")):
            best[key] = row
    return sorted(best.values(), key=lambda r: r["publication_number"])


# --------------------------------------------------------------------------- IPC agreement


def ipc_levels(codes: list[str]) -> dict[str, set[str]]:
    """The codes at each level (section, class, subclass, main group), ignoring what does not parse."""
    levels: dict[str, set[str]] = {"section": set(), "class": set(), "subclass": set(), "group": set()}
    for code in codes:
        try:
            sym = parse_ipc(code)
        except InvalidValue:
            continue
        levels["section"].add(sym.section)
        levels["class"].add(sym.ipc_class)
        levels["subclass"].add(sym.subclass)
        if sym.main_group_symbol:
            levels["group"].add(sym.main_group_symbol)
    return levels


#: Agreement credited for the deepest level two IPC sets share.
IPC_CREDIT = {"group": 1.0, "subclass": 0.7, "class": 0.4, "section": 0.1}


def ipc_agreement(a: list[str], b: list[str]) -> tuple[float, str | None, list[str]]:
    """(credit, deepest shared level, the shared codes at that level)."""
    la, lb = ipc_levels(a), ipc_levels(b)
    for level in ("group", "subclass", "class", "section"):
        shared = sorted(la[level] & lb[level])
        if shared:
            return IPC_CREDIT[level], level, shared
    return 0.0, None, []


def parse_ipc_list(text: str | list[str] | None) -> list[str]:
    """IPC codes from '; '/','/space-separated text; each must parse (InvalidValue names the bad one)."""
    items = text if isinstance(text, list) else re.split(r"[;,，；\s]+", text or "")
    codes = []
    for item in items:
        if item and item.strip():
            try:
                codes.append(parse_ipc(item).normalized)
            except InvalidValue as exc:
                raise InvalidValue(f"IPC {item!r}: {exc.message}") from None
    return codes


# --------------------------------------------------------------------------- value scores (value domain)

VALUE_SCENARIO = "licensing"  # GB/T 42748 scenario 许可转让: the one a transfer decision is about


def value_scores(corpus_dir: Path, data_dir: Path | None, keys: list[str]) -> dict[str, Any]:
    """The value domain's composite (0–100) and coverage per application key, scenario 许可转让; an empty
    result with the reason when the value domain cannot score (no corpus indicators, design patents)."""
    from ipcenter.value import service as value_service

    out: dict[str, Any] = {"scenario": VALUE_SCENARIO, "scores": {}, "note": ""}
    if not keys:
        return out
    try:
        inputs = value_service.open_inputs(corpus_dir, data_dir)
        table = value_service.composites(inputs, sorted(set(keys)), VALUE_SCENARIO)
        out["cut_off"] = inputs.cut_off.isoformat()
    except UserError as exc:
        out["note"] = f"value scores unavailable: {exc.message}"
        return out
    for app, composite, coverage in zip(
        table.column("app").to_pylist(),
        table.column("composite").to_pylist(),
        table.column("coverage").to_pylist(),
        strict=True,
    ):
        out["scores"][app] = {"composite": round(float(composite), 2), "coverage": round(float(coverage), 3)}
    out["note"] = (
        "GB/T 42748 scenario 许可转让, cohort percentiles (value domain); `ipcenter value NUMBER --scenario"
        " licensing` explains one line by line"
    )
    return out


def status_counts(facts: list[PatentFacts]) -> dict[str, int]:
    return dict(Counter(f.status for f in facts))


def is_valid(status: str) -> bool:
    return status == "in_force"


def is_lapsed(status: str) -> bool:
    return status == LAPSED
