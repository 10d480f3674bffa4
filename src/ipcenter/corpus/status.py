"""Legal status of a stored record as of a date, through the core's rules (one place for every caller)."""

from __future__ import annotations

from datetime import date

from ipcenter.core import legal_status as ls
from ipcenter.core.numbers import is_grant_kind
from ipcenter.corpus.models import PatentRecord


def derive_current_status(record: PatentRecord, as_of: date) -> str:
    """in_force / lapsed / pending / unknown for ``record`` on ``as_of``."""
    status_as_of = getattr(ls, "status_as_of", None)
    if status_as_of is not None and record.filing_date is not None and record.patent_type:
        result = status_as_of(
            patent_type=record.patent_type,
            filing_date=record.filing_date,
            as_of=as_of,
            grant_date=record.grant_date,
            lapse_date=record.lapse_date,
            raw_status=record.legal_status_raw,
            events=[(e.date, e.code, e.description) for e in record.legal_events],
        )
        return result.state or ls.UNKNOWN
    from_raw = ls.status_from_raw(record.legal_status_raw)
    if from_raw:
        return from_raw
    if is_grant_kind(record.country, record.kind):
        return ls.IN_FORCE if record.country == "CN" else ls.UNKNOWN
    return ls.UNKNOWN
