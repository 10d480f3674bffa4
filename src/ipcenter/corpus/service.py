"""Corpus services: summary counts, look-up of one document by any number form, export."""

from __future__ import annotations

import csv
import json
import os
import re
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from ipcenter.core.errors import InvalidValue
from ipcenter.core.numbers import AmbiguousNumber, parse_cn_application_number, read_number
from ipcenter.corpus.schema import row_to_record
from ipcenter.corpus.status import derive_current_status
from ipcenter.corpus.store import Corpus, CorpusError

EXPORT_FORMATS = ("csv", "xlsx", "jsonl", "parquet")


def corpus_info(corpus: Corpus) -> dict[str, Any]:
    """Counts by source format, country, patent type, year and legal status."""
    con = corpus.connect()
    try:

        def grouped(expr: str) -> dict[str, int]:
            rows = con.execute(
                f"SELECT coalesce(CAST({expr} AS VARCHAR), 'unknown') AS k, count(*) FROM patents"
                " GROUP BY k ORDER BY k"
            ).fetchall()
            return {str(k): int(n) for k, n in rows}

        applications = con.execute(
            "SELECT count(DISTINCT coalesce(application_number, publication_number)) FROM patents"
        ).fetchone()
        return {
            "corpus": str(corpus.root),
            "version": corpus.manifest.version,
            "updated_at": corpus.manifest.updated_at,
            "records": corpus.manifest.records,
            "applications": int(applications[0]) if applications else 0,
            "by_source": grouped("sources[length(sources)].source_format"),
            "by_country": grouped("country"),
            "by_type": grouped("patent_type"),
            "by_status": grouped("legal_status"),
            "by_year": grouped("year(coalesce(filing_date, publication_date))"),
        }
    finally:
        con.close()


def lookup_keys(number: str) -> list[tuple[str, str]]:
    """(SQL condition, parameter) pairs that find a document by any written form of its publication or
    application number; an ambiguous form (``JP09242576``) gives one pair per candidate."""
    text = number.strip()
    try:
        reading = read_number(text)
    except AmbiguousNumber as exc:
        return [key for cc, num, kind in exc.candidates for key in _publication_keys(cc, num, kind)]
    except InvalidValue:
        # not a number the core reads: an application number as the source wrote it (US10123456)
        return [("application_number = ?", re.sub(r"[^0-9A-Za-z]", "", text).upper())]
    if reading.type == "publication":
        return _publication_keys(reading.country, reading.number, reading.kind)
    return [("application_number = ?", reading.canonical)]


def family_keys(number: str) -> list[tuple[str, str]]:
    """Conditions that find the stored document listing NUMBER among its ``family_members``: a publication
    kept with another one's record (the A document of an export row keyed by its B, the other numbers of an
    Espacenet family row)."""
    keys = []
    for condition, param in lookup_keys(number):
        if condition == "publication_number = ?":
            keys.append(("list_contains(family_members, ?)", param))
        elif condition.startswith("regexp_matches"):
            keys.append(("len(list_filter(family_members, m -> regexp_matches(m, ?))) > 0", param))
    return keys


def _publication_keys(country: str, number: str, kind: str | None) -> list[tuple[str, str]]:
    if kind:
        return [("publication_number = ?", f"{country}{number}{kind}")]
    # No kind code: that number with any kind (CN114081026 → CN114081026A and …B), or stored without one
    # (PATENTSCOPE's EP1820402). The served corpus (platform.documents) answers both forms from its index.
    return [
        ("publication_number = ?", country + number),
        ("regexp_matches(publication_number, ?)", "^" + re.escape(country + number) + "[A-Z][0-9]?$"),
    ]


def find_documents(corpus: Corpus, number: str) -> list[dict[str, Any]]:
    """Rows for NUMBER (publication number with or without kind, or application number, in any form
    sources and users write); grants first. When no document is keyed by it, the document that lists it
    among its family members (the grant whose export row named the A publication too)."""
    found: dict[str, dict[str, Any]] = {}
    for condition, param in lookup_keys(number):
        for row in corpus.get_rows(condition, [param]):
            found.setdefault(row["publication_number"], row)
    rows = list(found.values())
    if not rows:
        try:  # a CN application number given as publication-like digits, e.g. 'CN202223220665.2'
            app = parse_cn_application_number(number).canonical
            rows = corpus.get_rows("application_number = ?", [app])
        except InvalidValue:
            pass
    if not rows:
        for condition, param in family_keys(number):
            for row in corpus.get_rows(condition, [param]):
                found.setdefault(row["publication_number"], row)
        rows = list(found.values())
    rows.sort(
        key=lambda r: (r.get("grant_date") is None, str(r.get("publication_date") or "")), reverse=False
    )
    return rows


def document_view(row: dict[str, Any], as_of: date | None = None) -> dict[str, Any]:
    """The canonical JSON of one document (the `show` contract), legal status as of today or ``as_of``."""
    record = row_to_record(row)
    status = derive_current_status(record, as_of or date.today())
    data = record.to_dict()
    data.pop("provenance", None)
    data["legal_status"] = status
    data["claims"] = [
        {"number": c.number, "text": c.text, "depends_on": c.depends_on, "lang": c.lang}
        for c in record.claims
    ]
    data["sources"] = [
        {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in s.items()}
        for s in row.get("sources") or []
    ]
    view: dict[str, Any] = _jsonable(data)
    return view


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


# --------------------------------------------------------------------------- export

_FLAT_COLUMNS = (
    "publication_number",
    "application_number",
    "country",
    "kind",
    "patent_type",
    "filing_date",
    "publication_date",
    "grant_date",
    "lapse_date",
    "title",
    "title_en",
    "abstract",
    "ipc",
    "cpc",
    "applicants",
    "patentees",
    "inventors",
    "legal_status_raw",
    "legal_status",
    "claims_count",
    "citations_count",
    "family_size",
    "source_format",
)


def _flat_row(row: dict[str, Any]) -> dict[str, Any]:
    def names(parties: list[dict[str, Any]] | None) -> str:
        return "; ".join(p["name"] for p in parties or [])

    sources = row.get("sources") or []
    return {
        "publication_number": row["publication_number"],
        "application_number": row.get("application_number"),
        "country": row.get("country"),
        "kind": row.get("kind"),
        "patent_type": row.get("patent_type"),
        "filing_date": row.get("filing_date"),
        "publication_date": row.get("publication_date"),
        "grant_date": row.get("grant_date"),
        "lapse_date": row.get("lapse_date"),
        "title": row.get("title"),
        "title_en": row.get("title_en"),
        "abstract": row.get("abstract"),
        "ipc": "; ".join(row.get("ipc") or []),
        "cpc": "; ".join(row.get("cpc") or []),
        "applicants": names(row.get("applicants")),
        "patentees": names(row.get("patentees")),
        "inventors": "; ".join(row.get("inventors") or []),
        "legal_status_raw": row.get("legal_status_raw"),
        "legal_status": row.get("legal_status"),
        "claims_count": len(row.get("claims") or []),
        "citations_count": len(row.get("citations") or []),
        "family_size": row.get("family_size"),
        "source_format": sources[-1]["source_format"] if sources else None,
    }


#: An XLSX cell holds at most 32,767 characters.
_XLSX_CELL_LIMIT = 32_767


def export_corpus(corpus: Corpus, fmt: str, output: Path) -> int:
    """Write the whole corpus to ``output`` (atomic: a temporary file renamed at the end). Returns rows."""
    if fmt not in EXPORT_FORMATS:
        raise CorpusError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(f".{output.name}.{uuid.uuid4().hex}.tmp")
    con = corpus.connect()
    count = 0
    try:
        if fmt == "parquet":
            escaped = str(tmp).replace("'", "''")
            con.execute(
                f"COPY (SELECT * FROM patents ORDER BY publication_number) TO '{escaped}' (FORMAT parquet)"
            )
            count = corpus.manifest.records
        else:
            cur = con.execute("SELECT * FROM patents ORDER BY publication_number")
            names = [d[0] for d in cur.description]
            if fmt == "jsonl":
                with open(tmp, "w", encoding="utf-8") as fh:
                    while batch := cur.fetchmany(1000):
                        for values in batch:
                            row = dict(zip(names, values, strict=True))
                            fh.write(json.dumps(document_view(row), ensure_ascii=False) + "\n")
                            count += 1
            elif fmt == "csv":
                with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:  # BOM: Excel opens UTF-8 right
                    writer = csv.DictWriter(fh, fieldnames=list(_FLAT_COLUMNS))
                    writer.writeheader()
                    while batch := cur.fetchmany(1000):
                        for values in batch:
                            writer.writerow(_flat_row(dict(zip(names, values, strict=True))))
                            count += 1
            else:
                from openpyxl import Workbook

                wb = Workbook(write_only=True)
                ws = wb.create_sheet("patents")
                ws.append(list(_FLAT_COLUMNS))
                while batch := cur.fetchmany(1000):
                    for values in batch:
                        flat = _flat_row(dict(zip(names, values, strict=True)))
                        ws.append([_xlsx_cell(flat[c]) for c in _FLAT_COLUMNS])
                        count += 1
                meta = wb.create_sheet("about")
                meta.append(["corpus", str(corpus.root)])
                meta.append(["corpus version", corpus.version_label])
                meta.append(["exported at", datetime.now(UTC).isoformat(timespec="seconds")])
                wb.save(tmp)
        os.replace(tmp, output)
    finally:
        con.close()
        if tmp.exists():
            tmp.unlink()
    return count


def _xlsx_cell(value: Any) -> Any:
    if isinstance(value, str):
        # Control characters are not allowed in XLSX cells; long texts are cut at the cell limit.
        value = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", " ", value)
        if len(value) > _XLSX_CELL_LIMIT:
            value = value[: _XLSX_CELL_LIMIT - 1] + "…"
    return value
