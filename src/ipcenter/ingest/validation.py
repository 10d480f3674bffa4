"""Record-level validation at ingest: what makes a mapped record unfit to store (quarantined, not truncated)."""

from __future__ import annotations

from datetime import date

from ipcenter.core.errors import InvalidValue
from ipcenter.core.numbers import parse_publication_number
from ipcenter.corpus.models import PatentRecord

#: Field limits: beyond them a value is not patent data but a broken export (quarantined, not truncated).
FIELD_LIMITS = {
    "title": 2_000,
    "title_en": 2_000,
    "abstract": 50_000,
    "description": 20_000_000,
    "name": 1_000,
    "claim": 200_000,
    "claims": 5_000,
    "extra": 1_000_000,
}


def validate_record(record: PatentRecord) -> str | None:
    """Why a record cannot be stored, or None. Readers validate values; this checks the whole record."""
    if not record.publication_number:
        return "publication number is missing"
    try:
        parsed = parse_publication_number(record.publication_number)
    except InvalidValue as exc:
        return str(exc)
    if parsed.normalized != record.publication_number:
        return f"publication number {record.publication_number!r} is not normalised"
    for name in ("title", "title_en", "abstract", "description"):
        value = getattr(record, name)
        if value is not None and len(value) > FIELD_LIMITS[name]:
            return f"field {name} is {len(value):,} characters (limit {FIELD_LIMITS[name]:,})"
    if len(record.claims) > FIELD_LIMITS["claims"]:
        return f"{len(record.claims):,} claims (limit {FIELD_LIMITS['claims']:,})"
    for claim in [*record.claims, *record.claims_other_languages]:
        if len(claim.text) > FIELD_LIMITS["claim"]:
            return f"claim {claim.number} is {len(claim.text):,} characters (limit {FIELD_LIMITS['claim']:,})"
    for party in [*record.applicants, *record.patentees]:
        if len(party.name) > FIELD_LIMITS["name"]:
            return f"party name is {len(party.name):,} characters (limit {FIELD_LIMITS['name']:,})"
    for name in record.inventors:
        if len(name) > FIELD_LIMITS["name"]:
            return f"inventor name is {len(name):,} characters (limit {FIELD_LIMITS['name']:,})"
    if sum(len(v) for v in record.extra.values()) > FIELD_LIMITS["extra"]:
        return f"extra columns hold more than {FIELD_LIMITS['extra']:,} characters"
    dates = [record.filing_date, record.publication_date, record.grant_date]
    if any(d is not None and not isinstance(d, date) for d in dates):
        return "a date field holds a value that is not a date"
    return None
