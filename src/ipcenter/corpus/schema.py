"""Parquet schema of the corpus (one row per publication) and record ↔ row conversion.

The schema is versioned (``SCHEMA_VERSION``); nested fields are Arrow lists/structs/maps, which DuckDB and
Apache Spark both read natively. Bump the version when a column changes meaning or type.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pyarrow as pa

from ipcenter.corpus.models import (
    Citation,
    Claim,
    LegalEvent,
    Party,
    PatentRecord,
    Priority,
    Provenance,
    content_hash_of,
)

SCHEMA_VERSION = 1

_claim = pa.struct(
    [
        ("number", pa.int32()),
        ("text", pa.string()),
        ("depends_on", pa.list_(pa.int32())),
        ("lang", pa.string()),
    ]
)
_party = pa.struct(
    [
        ("name", pa.string()),
        ("type", pa.string()),
        ("address", pa.string()),
        ("country", pa.string()),
        ("province", pa.string()),
        ("city", pa.string()),
        ("district", pa.string()),
        ("division_code", pa.string()),
    ]
)
_event = pa.struct([("date", pa.date32()), ("code", pa.string()), ("description", pa.string())])
_citation = pa.struct(
    [
        ("number", pa.string()),
        ("kind", pa.string()),
        ("category", pa.string()),
        ("cited_by", pa.string()),
        ("date", pa.date32()),
        ("text", pa.string()),
    ]
)
_priority = pa.struct([("country", pa.string()), ("number", pa.string()), ("date", pa.date32())])
_source = pa.struct(
    [
        ("source_file", pa.string()),
        ("source_format", pa.string()),
        ("position", pa.string()),
        ("ingested_at", pa.timestamp("us", tz="UTC")),
        ("content_hash", pa.string()),
    ]
)

PATENT_SCHEMA = pa.schema(
    [
        ("publication_number", pa.string()),
        ("country", pa.string()),
        ("kind", pa.string()),
        ("application_number", pa.string()),
        ("patent_type", pa.string()),
        ("family_id", pa.string()),
        ("priorities", pa.list_(_priority)),
        ("filing_date", pa.date32()),
        ("publication_date", pa.date32()),
        ("grant_date", pa.date32()),
        ("lapse_date", pa.date32()),
        ("language", pa.string()),
        ("title", pa.string()),
        ("title_en", pa.string()),
        ("abstract", pa.string()),
        ("claims", pa.list_(_claim)),
        ("claims_other_languages", pa.list_(_claim)),
        ("description", pa.string()),
        ("ipc", pa.list_(pa.string())),
        ("cpc", pa.list_(pa.string())),
        ("applicants", pa.list_(_party)),
        ("patentees", pa.list_(_party)),
        ("inventors", pa.list_(pa.string())),
        ("agents", pa.list_(pa.string())),
        ("legal_status_raw", pa.string()),
        ("legal_status", pa.string()),
        ("legal_events", pa.list_(_event)),
        ("citations", pa.list_(_citation)),
        ("cited_by_count", pa.int32()),
        ("family_members", pa.list_(pa.string())),
        ("family_size", pa.int32()),
        ("transfer_count", pa.int32()),
        ("licence_count", pa.int32()),
        ("pledge_count", pa.int32()),
        ("extra", pa.map_(pa.string(), pa.string())),
        # Every input record merged into this row, oldest first (provenance + content hash).
        ("sources", pa.list_(_source)),
        ("content_hash", pa.string()),
    ],
    metadata={"ipcenter.schema_version": str(SCHEMA_VERSION)},
)

COLUMNS = tuple(PATENT_SCHEMA.names)


def record_to_row(
    record: PatentRecord, sources: list[dict[str, Any]], content_hash: str | None = None
) -> dict[str, Any]:
    """One Parquet row; ``sources`` are the provenance entries merged into this record so far."""
    return row_from_dict(record.to_dict(), sources, content_hash)


def row_from_dict(
    data: dict[str, Any], sources: list[dict[str, Any]], content_hash: str | None = None
) -> dict[str, Any]:
    """One Parquet row from a record's ``to_dict()`` (which it takes over)."""
    row = data
    row.pop("provenance", None)
    row["content_hash"] = content_hash or content_hash_of(row)
    row["extra"] = list(row["extra"].items())
    row["sources"] = sources
    return row


def _opt_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    if isinstance(value, datetime):
        return value.date()
    return date.fromisoformat(str(value))


def row_to_record(row: dict[str, Any]) -> PatentRecord:
    """Rebuild a record from a Parquet/DuckDB row (inverse of :func:`record_to_row`)."""

    def claims(items: list[dict[str, Any]] | None) -> list[Claim]:
        return [
            Claim(c["number"], c["text"] or "", list(c.get("depends_on") or []), c.get("lang"))
            for c in items or []
        ]

    def parties(items: list[dict[str, Any]] | None) -> list[Party]:
        return [Party(**p) for p in items or []]

    extra = row.get("extra") or {}
    if not isinstance(extra, dict):
        extra = dict(extra)
    sources = row.get("sources") or []
    last = sources[-1] if sources else None
    return PatentRecord(
        publication_number=row["publication_number"],
        country=row["country"],
        kind=row.get("kind"),
        application_number=row.get("application_number"),
        patent_type=row.get("patent_type"),
        family_id=row.get("family_id"),
        priorities=[
            Priority(p.get("country"), p.get("number"), _opt_date(p.get("date")))
            for p in row.get("priorities") or []
        ],
        filing_date=_opt_date(row.get("filing_date")),
        publication_date=_opt_date(row.get("publication_date")),
        grant_date=_opt_date(row.get("grant_date")),
        lapse_date=_opt_date(row.get("lapse_date")),
        language=row.get("language"),
        title=row.get("title"),
        title_en=row.get("title_en"),
        abstract=row.get("abstract"),
        claims=claims(row.get("claims")),
        claims_other_languages=claims(row.get("claims_other_languages")),
        description=row.get("description"),
        ipc=list(row.get("ipc") or []),
        cpc=list(row.get("cpc") or []),
        applicants=parties(row.get("applicants")),
        patentees=parties(row.get("patentees")),
        inventors=list(row.get("inventors") or []),
        agents=list(row.get("agents") or []),
        legal_status_raw=row.get("legal_status_raw"),
        legal_status=row.get("legal_status"),
        legal_events=[
            LegalEvent(_opt_date(e.get("date")), e.get("code"), e.get("description"))
            for e in row.get("legal_events") or []
        ],
        citations=[
            Citation(
                number=c.get("number"),
                kind=c.get("kind"),
                category=c.get("category"),
                cited_by=c.get("cited_by"),
                date=_opt_date(c.get("date")),
                text=c.get("text"),
            )
            for c in row.get("citations") or []
        ],
        cited_by_count=row.get("cited_by_count"),
        family_members=list(row.get("family_members") or []),
        family_size=row.get("family_size"),
        transfer_count=row.get("transfer_count"),
        licence_count=row.get("licence_count"),
        pledge_count=row.get("pledge_count"),
        extra={str(k): str(v) for k, v in extra.items()},
        provenance=(
            Provenance(last["source_file"], last["source_format"], last["position"], last.get("ingested_at"))
            if last
            else None
        ),
    )


def empty_table() -> pa.Table:
    return PATENT_SCHEMA.empty_table()
