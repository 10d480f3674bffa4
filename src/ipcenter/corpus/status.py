"""Legal status of a stored record as of a date, through the core's rules (one place for every caller)."""

from __future__ import annotations

from datetime import date

from ipcenter.core import legal_status as ls
from ipcenter.corpus.models import PatentRecord


def status_result(record: PatentRecord, as_of: date) -> ls.StatusResult | None:
    """The full result (state, reason, unknown inputs) for a CN record with a filing date; else None."""
    if record.country != "CN" or record.filing_date is None:
        return None
    return ls.status_as_of(
        patent_type=record.patent_type,
        filing_date=record.filing_date,
        as_of=as_of,
        grant_date=record.grant_date,
        lapse_date=record.lapse_date,
        raw_status=record.legal_status_raw,
        events=[(e.date, e.code, e.description) for e in record.legal_events],
    )


def derive_current_status(record: PatentRecord, as_of: date) -> str:
    """in_force / lapsed / pending / unknown for ``record`` on ``as_of``.

    CN records follow the CN rules (term, grant and lapse dates, events, status string). Other offices'
    records use only the status string their export gives (e.g. Lens ``ACTIVE``); without one the status
    is unknown — we do not guess foreign maintenance.
    """
    result = status_result(record, as_of)
    if result is not None:
        return result.state or ls.UNKNOWN
    return ls.status_from_raw(record.legal_status_raw) or ls.UNKNOWN
