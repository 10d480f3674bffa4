"""An organisation's patents in the corpus and their deadlines: the next annual fee (with the grace period
and its surcharge), the end of the term; changes of legal status between ingests; an iCalendar export.

An organisation's patents are the Chinese documents naming it as applicant or patentee (its registered
name, or one of its other names), one entry per application (the grant document when there is one)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipcenter.corpus.store import Corpus
from ipcenter.errors import Unavailable
from ipcenter.protection import characters, fees
from ipcenter.protection.tables import PortfolioStatus

REMIND_DAYS = 30  # the calendar's alarm before each due date


@dataclass(frozen=True)
class Patent:
    application_number: str
    publication_number: str
    patent_type: str
    title: str
    filing_date: date | None
    grant_date: date | None
    legal_status: str
    kind: str


def open_corpus(corpus_dir: Path) -> Corpus:
    corpus = Corpus(corpus_dir)
    if not corpus.exists:
        raise Unavailable(f"no corpus at {corpus_dir}: run `ipcenter ingest` (or `ipcenter demo`) first")
    return corpus


def patents_of(corpus: Corpus, names: list[str]) -> list[Patent]:
    wanted = sorted(
        {n.strip() for n in names if n.strip()} | {characters.normalise(n) for n in names if n.strip()}
    )
    if not wanted:
        return []
    con = corpus.connect()
    try:
        rows = con.execute(
            """
            SELECT publication_number, coalesce(application_number, publication_number), patent_type,
                   coalesce(title, title_en, ''), filing_date, grant_date, coalesce(legal_status, 'unknown'), kind
            FROM patents
            WHERE country = 'CN' AND (
                len(list_filter(applicants, lambda a: list_contains($names, a.name))) > 0 OR
                len(list_filter(patentees, lambda a: list_contains($names, a.name))) > 0)
            """,
            {"names": wanted},
        ).fetchall()
    finally:
        con.close()
    by_application: dict[str, Patent] = {}
    for pub, app, ptype, title, filed, granted, status, kind in rows:
        patent = Patent(app, pub, ptype or "", title, filed, granted, status, kind or "")
        current = by_application.get(app)
        if current is None or (
            kind in ("B", "U", "S", "C", "Y", "D") and current.kind not in ("B", "U", "S")
        ):
            by_application[app] = patent
    return sorted(by_application.values(), key=lambda p: p.application_number)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def deadlines(patents: list[Patent], today: date) -> dict[str, Any]:
    """Upcoming fee and term deadlines of the patents in force (and what was skipped, and why)."""
    items: list[dict[str, Any]] = []
    skipped: list[dict[str, str]] = []
    for p in patents:
        if p.legal_status == "lapsed":
            skipped.append({"application_number": p.application_number, "reason": "lapsed"})
            continue
        if p.filing_date is None or fees.term_years(p.patent_type, p.filing_date) is None:
            skipped.append({"application_number": p.application_number, "reason": "no filing date or type"})
            continue
        granted = (
            p.grant_date is not None
            or p.kind in ("B", "U", "S", "C", "Y", "D")
            or p.legal_status == "in_force"
        )
        end = fees.term_end(p.patent_type, p.filing_date)
        base = {"application_number": p.application_number, "publication_number": p.publication_number,
                "title": p.title, "patent_type": p.patent_type, "filing_date": _iso(p.filing_date),
                "grant_date": _iso(p.grant_date), "legal_status": p.legal_status}  # fmt: skip
        if not granted:
            skipped.append(
                {"application_number": p.application_number, "reason": "not granted: no annual fee yet"}
            )
            continue
        if end is not None and end < today:
            skipped.append(
                {"application_number": p.application_number, "reason": f"term ended {end.isoformat()}"}
            )
            continue
        fee = fees.next_fee(p.patent_type, p.filing_date, p.grant_date, today)
        if fee is not None:
            rate = fee.surcharge_rate(today)
            items.append({**base, "kind": "annual_fee", "date": fee.due.isoformat(), "fee_year": fee.year,
                          "grace_end": fee.grace_end.isoformat(), "overdue": today > fee.due,
                          "surcharge_today": rate,
                          "surcharge_steps": [{"from": a.isoformat(), "to": b.isoformat(), "rate": r}
                                              for a, b, r in fee.surcharge_steps()],
                          "rule": f"year {fee.year} fee due on the filing date's {fee.year - 1}th anniversary; "
                                  f"{fees.GRACE_MONTHS} months' grace, {int(fees.SURCHARGE_PER_MONTH * 100)}% of "
                                  "the year's fee per full month late after the first"})  # fmt: skip
        if end is not None:
            items.append({**base, "kind": "term_end", "date": end.isoformat(),
                          "rule": f"{fees.term_years(p.patent_type, p.filing_date)}-year term from the filing date"})  # fmt: skip
    items.sort(key=lambda i: (i["date"], i["application_number"], i["kind"]))
    return {"as_of": today.isoformat(), "patents": len(patents), "deadlines": items, "skipped": skipped}


def to_ics(organisation: str, result: dict[str, Any]) -> bytes:
    """The deadlines as an iCalendar file (RFC 5545): all-day events with a reminder before each."""
    from icalendar import Alarm, Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//ipcenter//portfolio deadlines//ZH")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{organisation} 专利期限 / patent deadlines")
    stamp = datetime.now().astimezone()
    for item in result["deadlines"]:
        day = date.fromisoformat(item["date"])
        event = Event()
        if item["kind"] == "annual_fee":
            summary = f"年费到期 annual fee due (year {item['fee_year']}): {item['application_number']}"
            description = (f"{item['title']}\n宽限期至 grace period until {item['grace_end']} (滞纳金 surcharge "
                           f"{int(fees.SURCHARGE_PER_MONTH * 100)}% per full month late after the first)\n{item['rule']}")  # fmt: skip
        else:
            summary = f"专利权期限届满 term ends: {item['application_number']}"
            description = f"{item['title']}\n{item['rule']}"
        event.add("uid", f"{item['application_number']}-{item['kind']}-{item['date']}@ipcenter")
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("summary", summary)
        event.add("description", description)
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        alarm.add("trigger", timedelta(days=-REMIND_DAYS))
        event.add_component(alarm)
        cal.add_component(event)
    data: bytes = cal.to_ical()
    return data


def status_changes(
    db: Session, organisation_id: int, patents: list[Patent], version: str
) -> list[dict[str, Any]]:
    """Compare the corpus with the statuses last seen; record the new ones. The first look records a
    baseline and reports nothing."""
    seen = {
        row.application_number: row
        for row in db.scalars(
            select(PortfolioStatus).where(PortfolioStatus.organisation_id == organisation_id)
        )
    }
    baseline = not seen
    changes = []
    for p in patents:
        row = seen.get(p.application_number)
        if row is None:
            db.add(PortfolioStatus(organisation_id=organisation_id, application_number=p.application_number,
                                   publication_number=p.publication_number, legal_status=p.legal_status,
                                   corpus_version=version))  # fmt: skip
            if not baseline:
                changes.append({"application_number": p.application_number, "from": None, "to": p.legal_status,
                                "title": p.title})  # fmt: skip
            continue
        if row.legal_status != p.legal_status:
            changes.append({"application_number": p.application_number, "from": row.legal_status,
                            "to": p.legal_status, "title": p.title})  # fmt: skip
            row.legal_status, row.corpus_version = p.legal_status, version
            row.publication_number = p.publication_number
    db.flush()
    return changes
