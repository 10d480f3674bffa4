"""What the web API and the pages do: each step in one unit of work, in the audit log (every write, every
read of unpublished documents), with its notifications. Both surfaces call these functions, so a page and
its API route cannot disagree about what is recorded or who is told."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from ipcenter.accounts import audit, notifications
from ipcenter.accounts.errors import Forbidden
from ipcenter.accounts.principal import Principal
from ipcenter.errors import Conflict, NotFound
from ipcenter.platform.deps import Platform
from ipcenter.prexam import (
    access,
    aids,
    batches,
    cases,
    centres,
    clock,
    diff,
    entities,
    jobs,
    notices,
    pph,
    recipients,
    reports,
    review,
)
from ipcenter.prexam.states import CASE, ENTITY
from ipcenter.prexam.tables import Aid, Case, Centre, Notice
from ipcenter.prexam.watermark import mark_text, watermark

T = TypeVar("T")


@contextmanager
def unit(
    state: Platform, who: Principal, action: str, object_type: str, object_id: object = ""
) -> Iterator[tuple[Session, audit.Pending]]:
    """One audited unit of work: the session commits, then the outcome is recorded (also on failure)."""
    with (
        audit.audited(state.database, who, action, object_type, object_id) as event,
        state.database.session() as db,
    ):
        yield db, event


def _mail_later(state: Platform) -> None:
    smtp = notifications.smtp_from_environment()
    if smtp is not None:
        threading.Thread(target=notifications.send_pending, args=(state.database, smtp), daemon=True).start()


def _aid_job(state: Platform, case_ids: list[int], batch_id: int | None = None) -> jobs.AidJob:
    settings = state.settings
    return jobs.AidJob(
        settings.database_url, settings.corpus_dir, settings.models_dir, tuple(case_ids), batch_id
    )


def today() -> date:
    return clock.today()


# -------------------------------------------------------------------------------------------- centres


def change_settings(state: Platform, who: Principal, slug: str, changes: dict[str, Any], source: str,
                    effective_from: date) -> dict[str, Any]:  # fmt: skip
    with unit(state, who, "prexam.profile.settings", "centre_profile", slug) as (db, event):
        profile = centres.change_settings(
            db, who, centres.centre_by_slug(db, slug), changes, source, effective_from
        )
        event.detail = f"v{profile.version}: {', '.join(sorted(changes))}"
        return profile.to_json()


def replace_scope(
    state: Platform, who: Principal, slug: str, rows: list[Any], effective_from: date
) -> dict[str, Any]:
    with unit(state, who, "prexam.profile.scope", "centre_profile", slug) as (db, event):
        profile = centres.replace_scope(db, who, centres.centre_by_slug(db, slug), rows, effective_from)
        event.detail = f"v{profile.version}: {len(rows)} scope rows"
        return profile.to_json()


# ------------------------------------------------------------------------------------------- entities


def apply_entity(
    state: Platform, who: Principal, slug: str, facts: dict[str, Any], agency: str | None
) -> dict[str, Any]:
    with unit(state, who, "prexam.entity.apply", access.ENTITY) as (db, event):
        row = entities.apply(db, who, centres.centre_by_slug(db, slug), facts, agency)
        event.object_id = row.id
        return entities.entity_view(row)


def update_entity(state: Platform, who: Principal, entity_id: int, facts: dict[str, Any]) -> dict[str, Any]:
    with unit(state, who, "prexam.entity.update", access.ENTITY, entity_id) as (db, _e):
        return entities.entity_view(entities.update(db, who, entity_id, facts))


def entity_action(
    state: Platform, who: Principal, entity_id: int, action: str, details: dict[str, Any]
) -> dict[str, Any]:
    with unit(state, who, f"prexam.entity.{action}"[:64], access.ENTITY, entity_id) as (db, _e):
        row = entities.act(db, who, entity_id, action, details, today())
        centre = db.get(Centre, row.centre_id)
        assert centre is not None
        link = f"/prexam/entities/{row.id}"
        if action == "submit":
            notifications.notify(
                db,
                recipients.centre_admins(db, centre),
                f"主体备案待审：{row.name}",
                "请审核备案申请。",
                link,
            )
        elif action in ("approve", "reject", "suspend", "resume", "cancel"):
            body = f"{centre.name}：备案{ENTITY.label(row.state)}。{row.reason}"
            notifications.notify(
                db,
                notifications.members(db, row.organisation_id),
                f"主体备案：{ENTITY.label(row.state)}",
                body,
                link,
            )
        view = entities.entity_view(row)
    _mail_later(state)
    return view


def get_entity(state: Platform, who: Principal, entity_id: int) -> dict[str, Any]:
    with state.database.session() as db:
        row, centre = entities.get_entity(db, who, entity_id)
        decision, usage = entities.quota_usage(db, row, centre, today().year)
        return {**entities.entity_view(row), "centre": centres.centre_view(centre),
                "quota": {**decision.to_json(), "usage": usage.to_json()},
                "evidence": [entities.evidence_view(e) for e in entities.evidence_of(db, row)]}  # fmt: skip


def list_entities(state: Platform, who: Principal, state_filter: str | None = None) -> list[dict[str, Any]]:
    with state.database.session() as db:
        return [entities.entity_view(r) for r in entities.list_entities(db, who, state_filter)]


def add_evidence(
    state: Platform, who: Principal, entity_id: int, title: str, filename: str, content: bytes
) -> dict[str, Any]:
    with unit(state, who, "prexam.evidence.upload", "evidence_file") as (db, event):
        evidence = entities.add_evidence(db, who, entity_id, title, filename, content, today())
        event.object_id, event.detail = evidence.id, f"registration {entity_id}: {evidence.filename}"
        return entities.evidence_view(evidence)


def download_evidence(state: Platform, who: Principal, evidence_id: int) -> tuple[bytes, str, str]:
    """(watermarked content, media type, file name); the read is in the audit log."""
    with unit(state, who, "prexam.evidence.read", "evidence_file", evidence_id) as (db, event):
        evidence, row = entities.get_evidence(db, who, evidence_id)
        event.detail = f"{row.uscc}: {evidence.filename}"
        text = mark_text(who.email or "anonymous", datetime.now(UTC), f"备案 {row.uscc}")
        return watermark(evidence.content, evidence.media_type, text), evidence.media_type, evidence.filename


def recheck_entity(state: Platform, who: Principal, entity_id: int) -> dict[str, Any]:
    with unit(state, who, "prexam.entity.recheck", access.ENTITY, entity_id) as (db, event):
        found = entities.recheck(db, who, entity_id, today())
        event.detail = "; ".join(found["findings"])[:500]
        return found


def request_quota(state: Platform, who: Principal, entity_id: int, reason: str) -> dict[str, Any]:
    with unit(state, who, "prexam.quota.request", "quota_request") as (db, event):
        request = entities.request_increment(db, who, entity_id, reason, today().year)
        event.object_id = request.id
        return {"id": request.id, "year": request.year, "state": request.state}


def decide_quota(
    state: Platform, who: Principal, request_id: int, action: str, details: dict[str, Any]
) -> dict[str, Any]:
    with unit(state, who, f"prexam.quota.{action}", "quota_request", request_id) as (db, _e):
        request = entities.decide_increment(db, who, request_id, action, details)
        return {"id": request.id, "year": request.year, "state": request.state, "extra": request.extra}


def register_agency(state: Platform, who: Principal, slug: str) -> dict[str, Any]:
    with unit(state, who, "prexam.agency.register", "agency_registration") as (db, event):
        row = entities.register_agency(db, who, centres.centre_by_slug(db, slug))
        event.object_id = row.id
        return {"id": row.id, "state": row.state, "on_list": row.on_list}


def agency_action(
    state: Platform, who: Principal, agency_id: int, action: str, details: dict[str, Any]
) -> dict[str, Any]:
    with unit(state, who, f"prexam.agency.{action}", "agency_registration", agency_id) as (db, _e):
        row = entities.decide_agency(db, who, agency_id, action, details)
        return {"id": row.id, "state": row.state, "on_list": row.on_list, "list_version": row.list_version}


# ---------------------------------------------------------------------------------------------- cases


def create_case(state: Platform, who: Principal, entity_id: int, data: dict[str, Any]) -> dict[str, Any]:
    with unit(state, who, "prexam.case.create", access.CASE) as (db, event):
        case = cases.create(db, who, entity_id, data)
        event.object_id = case.number
        centre = db.get(Centre, case.centre_id)
        assert centre is not None
        return cases.case_view(db, who, case, centre, documents=True)


def add_document(
    state: Platform, who: Principal, case_id: int, kind: str, filename: str, content: bytes
) -> dict[str, Any]:
    with unit(state, who, "prexam.document.upload", "prexam_document") as (db, event):
        document = cases.add_document(db, who, case_id, kind, filename, content)
        event.object_id, event.detail = document.id, f"case {case_id}: {kind} {document.filename}"
        return cases.document_view(document)


def submit_case(state: Platform, who: Principal, case_id: int) -> dict[str, Any]:
    with unit(state, who, "prexam.case.submit", access.CASE, case_id) as (db, event):
        case = cases.submit(db, who, case_id, today())
        centre = db.get(Centre, case.centre_id)
        assert centre is not None
        event.detail = case.state
        if case.state == "accepted":
            notifications.notify(db, recipients.centre_admins(db, centre), f"新预审案件待分配：{case.number}", case.title,
                         f"/prexam/cases/{case.id}")  # fmt: skip
        notifications.notify(db, recipients.applicant_side(db, case), f"{case.number}：{CASE.label(case.state)}",
                     case.reason_text or case.title, f"/prexam/cases/{case.id}")  # fmt: skip
        view = cases.case_view(db, who, case, centre, documents=True)
    if view["state"] == "accepted":
        jobs.schedule(_aid_job(state, [view["id"]]), state.database)
    _mail_later(state)
    return view


def _documents_allowed(db: Session, who: Principal, case: Case, centre: Centre) -> bool:
    return cases.can_read_documents(who, case, centre)


def case_detail(state: Platform, who: Principal, case_id: int) -> dict[str, Any]:
    """The case page's data; reading it (documents, aids, opinions: confidential) is in the audit log."""
    with unit(state, who, "prexam.case.read", access.CASE, case_id) as (db, event):
        case, centre = cases.load(db, who, case_id)
        allowed = _documents_allowed(db, who, case, centre)
        view = cases.case_view(db, who, case, centre, documents=allowed)
        view["confidential_visible"] = allowed
        if allowed:
            view["aids"] = aids.aids_of(db, case)
            view["opinions"] = review.opinions_of(db, case)
            view["notices"] = [notices.notice_view(n) for n in notices.notices_of(db, case)]
        view["cnipa_events"] = review.cnipa_events_of(db, case)
        view["history"] = history(db, case)
        view["grant_cycle_days"] = review.grant_cycle_days(case)
        event.object_id, event.detail = case.number, "with documents" if allowed else "metadata"
        return view


def history(db: Session, case: Case) -> list[dict[str, Any]]:
    from sqlalchemy import select

    from ipcenter.accounts.models import User
    from ipcenter.prexam.tables import CaseEvent

    rows = db.execute(select(CaseEvent, User.email).outerjoin(User, User.id == CaseEvent.user_id)
                      .where(CaseEvent.case_id == case.id).order_by(CaseEvent.id))  # fmt: skip
    return [{"at": e.at.isoformat(timespec="seconds"), "by": email or "system", "action": e.action,
             "from": e.from_state, "to": e.to_state, "detail": json.loads(e.detail) if e.detail else None}
            for e, email in rows]  # fmt: skip


def list_cases(platform_state: Platform, who: Principal, **filters: Any) -> dict[str, Any]:
    with platform_state.database.session() as db:
        return cases.list_cases(db, who, **filters)


def download_document(state: Platform, who: Principal, document_id: int) -> tuple[bytes, str, str]:
    """(watermarked content, media type, file name); the read is in the audit log."""
    with unit(state, who, "prexam.document.read", "prexam_document", document_id) as (db, event):
        document, case = cases.get_document(db, who, document_id)
        event.detail = f"{case.number}: {document.kind} {document.filename}"
        text = mark_text(who.email or "anonymous", datetime.now(UTC), case.number)
        return watermark(document.content, document.media_type, text), document.media_type, document.filename


def assign(state: Platform, who: Principal, case_id: int, examiner_id: int | None) -> dict[str, Any]:
    with unit(state, who, "prexam.case.assign", access.CASE, case_id) as (db, event):
        case = review.assign(db, who, case_id, examiner_id, today())
        event.detail = f"examiner {case.assigned_examiner_id}"
        notifications.notify(db, [case.assigned_examiner_id], f"分配给你的预审案件：{case.number}", case.title,
                     f"/prexam/cases/{case.id}")  # fmt: skip
        view = {
            "id": case.id,
            "number": case.number,
            "state": case.state,
            "assigned_examiner_id": case.assigned_examiner_id,
        }
    _mail_later(state)
    return view


def _notify_applicant(db: Session, case: Case, subject: str, body: str = "") -> None:
    notifications.notify(
        db,
        recipients.applicant_side(db, case),
        f"{case.number}：{subject}",
        body or case.title,
        f"/prexam/cases/{case.id}",
    )


def send_opinion(
    state: Platform, who: Principal, case_id: int, defects: list[dict[str, Any]], summary: str
) -> dict[str, Any]:
    with unit(state, who, "prexam.opinion.send", access.CASE, case_id) as (db, event):
        opinion = review.send_opinion(db, who, case_id, defects, summary, today())
        case = db.get(Case, case_id)
        assert case is not None
        event.detail = f"round {opinion.round}, due {opinion.response_due}"
        _notify_applicant(
            db, case, f"第{opinion.round}次预审意见", f"答复期限：{opinion.response_due.isoformat()}"
        )
        result = {"round": opinion.round, "response_due": opinion.response_due.isoformat()}
    _mail_later(state)
    return result


def answer(state: Platform, who: Principal, case_id: int, text: str) -> dict[str, Any]:
    with unit(state, who, "prexam.opinion.answer", access.CASE, case_id) as (db, _e):
        opinion = review.answer(db, who, case_id, text, today())
        case = db.get(Case, case_id)
        assert case is not None
        notifications.notify(
            db,
            [case.assigned_examiner_id],
            f"{case.number}：申请人已答复",
            text[:200],
            f"/prexam/cases/{case.id}",
        )
        round_ = opinion.round
    jobs.schedule(_aid_job(state, [case_id]), state.database)  # the aids again, on the amended documents
    _mail_later(state)
    return {"round": round_, "answered": True}


def resume(state: Platform, who: Principal, case_id: int) -> dict[str, Any]:
    with unit(state, who, "prexam.case.resume", access.CASE, case_id) as (db, _e):
        case = review.resume(db, who, case_id)
        return {"id": case.id, "state": case.state}


def conclude(
    state: Platform, who: Principal, case_id: int, qualified: bool, reason_code: str, reason: str
) -> dict[str, Any]:
    with unit(state, who, "prexam.case.conclude", access.CASE, case_id) as (db, event):
        case = review.conclude(db, who, case_id, qualified, reason_code, reason, today())
        event.detail = case.state
        _notify_applicant(db, case, CASE.label(case.state),
                          f"正式递交期限：{case.filing_due}" if case.filing_due else case.reason_text)  # fmt: skip
        result = {
            "id": case.id,
            "state": case.state,
            "filing_due": case.filing_due.isoformat() if case.filing_due else None,
        }
    _mail_later(state)
    return result


def record_filing(
    state: Platform, who: Principal, case_id: int, number: str, filing_date: date
) -> dict[str, Any]:
    with unit(state, who, "prexam.case.filing", access.CASE, case_id) as (db, event):
        case = review.record_filing(db, who, case_id, number, filing_date)
        event.detail = (
            f"{case.cnipa_application_number} filed {case.filing_date}{' (late)' if case.filed_late else ''}"
        )
        return {"id": case.id, "state": case.state, "cnipa_application_number": case.cnipa_application_number,
                "filed_late": case.filed_late}  # fmt: skip


def cnipa_event(
    state: Platform, who: Principal, case_id: int, kind: str, on: date, note: str
) -> dict[str, Any]:
    with unit(state, who, f"prexam.cnipa.{kind}"[:64], access.CASE, case_id) as (db, _e):
        event = review.record_cnipa_event(db, who, case_id, kind, on, note)
        return {"kind": event.kind, "on": event.event_date.isoformat(),
                "deadline": event.deadline.isoformat() if event.deadline else None}  # fmt: skip


def claims_diff(
    state: Platform, who: Principal, case_id: int, old_round: int, new_round: int
) -> dict[str, Any]:
    with unit(state, who, "prexam.case.diff", access.CASE, case_id) as (db, _e):
        case, centre = cases.load(db, who, case_id)
        access.require_case_documents(who, case, centre)
        old = cases.current_text(db, case, "claims", old_round)
        new = cases.current_text(db, case, "claims", new_round)
        if not old or not new:
            raise Conflict("no claims text (.docx) in one of the rounds to compare")
        changes = diff.claims_diff(old, new)
        return {
            "from": old_round,
            "to": new_round,
            "summary": diff.summary(changes),
            "claims": [c.to_json() for c in changes],
        }


def run_aids(state: Platform, who: Principal, case_id: int) -> dict[str, Any]:
    with unit(state, who, "prexam.aids.run", access.CASE, case_id) as (db, _e):
        case, centre = cases.load(db, who, case_id)
        access.require_examiner(who, case, centre)
    return {
        "scheduled": jobs.schedule(_aid_job(state, [case_id]), state.database) is not None,
        "mode": jobs.mode(),
    }


def sign_search_report(
    state: Platform, who: Principal, case_id: int, candidates: list[dict[str, Any]], note: str
) -> dict[str, Any]:
    with unit(state, who, "prexam.search_report.sign", access.CASE, case_id) as (db, _e):
        case, centre = cases.load(db, who, case_id)
        access.require_examiner(who, case, centre)
        from sqlalchemy import select

        aid = db.scalar(
            select(Aid).where(Aid.case_id == case.id, Aid.kind == "search_report", Aid.round == case.round)
        )
        if aid is None:
            raise NotFound(f"no search report drafted for {case.number} round {case.round}")
        aids.sign_search_report(db, aid, who.user_id, candidates, note)
        signed: dict[str, Any] = json.loads(aid.result)
        return signed


def notice_document(state: Platform, who: Principal, notice_id: int, fmt: str) -> tuple[bytes, str, str]:
    with unit(state, who, "prexam.notice.read", "notice", notice_id) as (db, _e):
        notice = db.get(Notice, notice_id)
        if notice is None:
            raise NotFound(f"no notice {notice_id}")
        case, centre = cases.load(db, who, notice.case_id)
        access.require_case_documents(who, case, centre)
        from ipcenter.accounts.models import Organisation

        org = db.get(Organisation, case.organisation_id)
        applicant = org.name if org else ""
        name = f"{case.number}-{notice.kind}"
        if fmt == "docx":
            media = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            return notices.render_docx(notice, case, applicant), media, f"{name}.docx"
        return (
            notices.render_html(notice, case, applicant).encode("utf-8"),
            "text/html; charset=utf-8",
            f"{name}.html",
        )


def pph_plan(state: Platform, who: Principal, case_id: int) -> dict[str, Any]:
    with unit(state, who, "prexam.case.pph", access.CASE, case_id) as (db, _e):
        case, centre = cases.load(db, who, case_id)
        access.require_case_documents(who, case, centre)
        view = cases.case_view(db, who, case, centre, documents=False)
        return pph.plan(view, cases.current_text(db, case, "claims"))


# -------------------------------------------------------------------------------------------- batches


def create_batch(
    state: Platform, who: Principal, entity_id: int, theme: str, materials: str
) -> dict[str, Any]:
    with unit(state, who, "prexam.batch.create", "batch") as (db, event):
        batch = batches.create(db, who, entity_id, theme, materials)
        event.object_id = batch.number
        return batches.batch_view(batch, 0)


def upload_batch(
    state: Platform, who: Principal, batch_id: int, zip_content: bytes, manifest: bytes
) -> dict[str, Any]:
    with unit(state, who, "prexam.batch.upload", "batch", batch_id) as (db, event):
        created = batches.upload(db, who, batch_id, zip_content, manifest)
        event.detail = f"{len(created)} applications"
        batch, _centre = batches.load(db, who, batch_id)
        return {
            **batches.batch_view(batch, len(batches.members(db, batch))),
            "created": [c.number for c in created],
        }


def batch_action(
    state: Platform, who: Principal, batch_id: int, action: str, details: dict[str, Any]
) -> dict[str, Any]:
    with unit(state, who, f"prexam.batch.{action}", "batch", batch_id) as (db, _e):
        batch = batches.act(db, who, batch_id, action, details, today())
        accepted = (
            [c.id for c in batches.members(db, batch) if c.state == "accepted"] if action == "submit" else []
        )
        if accepted:
            batch.aids_total, batch.aids_done = len(accepted), 0
        view = batches.batch_view(batch, len(batches.members(db, batch)))
    if accepted:
        jobs.schedule(_aid_job(state, accepted, batch_id), state.database)
    return view


def batch_detail(state: Platform, who: Principal, batch_id: int) -> dict[str, Any]:
    with state.database.session() as db:
        batch, centre = batches.load(db, who, batch_id)
        member_views = [
            cases.case_view(db, who, c, centre, documents=False) for c in batches.members(db, batch)
        ]
        return {**batches.batch_view(batch, len(member_views)), "cases": member_views}


def list_batches(state: Platform, who: Principal) -> list[dict[str, Any]]:
    with state.database.session() as db:
        return [batches.batch_view(b) for b in batches.list_batches(db, who)]


# ----------------------------------------------------------------------------------- inbox, statistics


def my_inbox(state: Platform, who: Principal, unread_only: bool = False) -> dict[str, Any]:
    with state.database.session() as db:
        return notifications.inbox(db, who, unread_only=unread_only)


def read_message(state: Platform, who: Principal, message_id: int) -> dict[str, Any]:
    with state.database.session() as db:
        return notifications.view(notifications.mark_read(db, who, message_id))


def statistics(state: Platform, start: date, end: date, slug: str | None = None) -> list[dict[str, Any]]:
    with state.database.session() as db:
        centre = centres.centre_by_slug(db, slug) if slug else None
        return [r.to_json() for r in reports.statistics(db, start, end, centre=centre)]


def statistics_xlsx(state: Platform, start: date, end: date, slug: str | None = None) -> bytes:
    with state.database.session() as db:
        centre = centres.centre_by_slug(db, slug) if slug else None
        return reports.to_xlsx(reports.statistics(db, start, end, centre=centre), start, end)


def sweep_overdue(state: Platform, who: Principal) -> list[str]:
    with unit(state, who, "prexam.overdue.sweep", "centre") as (db, event):
        centre = access.staff_centre(db, who)
        if centre is None:
            raise Forbidden("only a centre's admins do this")
        access.require_centre_admin(who, centre)
        done = review.sweep_overdue(db, today(), centre.id)
        event.detail = "; ".join(done)[:500]
        return done


def with_session(state: Platform, fn: Callable[[Session], T]) -> T:
    with state.database.session() as db:
        return fn(db)
