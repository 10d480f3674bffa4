"""The review chain of an inventory record: 发明人 → 院系 → 学校 → 转化资源库, as a state table.

A record found in the corpus is a *candidate* until someone documents it (建档: the inventor, or the faculty
administrator through the batch template); the faculty's reviewer approves or returns it; the university
approves it into the transfer resource library (转化资源库), returns it, or decides not to list it. Every
transition is a row (who, when, comment). Who may take a step: the documenting step any member of the
institution; the faculty step a reviewer named for that faculty (or the institution's admin); the university
step the institution's admin.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipcenter.accounts.models import User
from ipcenter.accounts.principal import Principal
from ipcenter.accounts.roles import Role
from ipcenter.errors import Conflict, InvalidValue, NotFound
from ipcenter.transfer import access
from ipcenter.transfer.tables import FacultyReviewer, Feedback, InventoryItem, ReviewStep

STATES: dict[str, tuple[str, str]] = {
    "candidate": ("待建档", "found, not documented yet"),
    "documented": ("已建档·待院系审核", "documented, awaiting the faculty"),
    "returned": ("退回修改", "returned for changes"),
    "faculty_approved": ("院系通过·待学校审核", "faculty approved, awaiting the university"),
    "in_library": ("已入转化资源库", "in the transfer resource library"),
    "not_listed": ("不入库", "not listed"),
}

STEPS: dict[str, tuple[str, str]] = {
    "inventor": ("发明人/建档", "inventor (documenting)"),
    "faculty": ("院系审核", "faculty review"),
    "university": ("学校审核", "university review"),
}


@dataclass(frozen=True)
class Transition:
    state: str
    action: str
    to: str
    step: str  # who: inventor / faculty / university
    comment_required: bool = False


#: The whole chain: (state, action) → next state and who takes the step. Anything else is refused.
TRANSITIONS: tuple[Transition, ...] = (
    Transition("candidate", "document", "documented", "inventor"),
    Transition("returned", "document", "documented", "inventor"),
    Transition("documented", "faculty_approve", "faculty_approved", "faculty"),
    Transition("documented", "faculty_return", "returned", "faculty", comment_required=True),
    Transition("faculty_approved", "university_approve", "in_library", "university"),
    Transition("faculty_approved", "university_return", "returned", "university", comment_required=True),
    Transition("faculty_approved", "university_decline", "not_listed", "university", comment_required=True),
    Transition("in_library", "withdraw", "not_listed", "university", comment_required=True),
    Transition("not_listed", "reopen", "documented", "university"),
)
ACTIONS = sorted({t.action for t in TRANSITIONS})
#: States in which the record's fields may still be changed (by the documenting side).
EDITABLE = frozenset({"candidate", "documented", "returned"})
#: "Inventoried" (已盘点) for the coverage figure: the record was documented at least once.
INVENTORIED = frozenset({"documented", "returned", "faculty_approved", "in_library", "not_listed"})
#: Fields the documenting step needs before the faculty sees the record.
REQUIRED_TO_DOCUMENT = ("faculty", "inventors", "converted", "grade")


def transition_for(state: str, action: str) -> Transition:
    for t in TRANSITIONS:
        if t.state == state and t.action == action:
            return t
    allowed = [t.action for t in TRANSITIONS if t.state == state]
    if action not in ACTIONS:
        raise InvalidValue(f"unknown review action {action!r}: one of {', '.join(ACTIONS)}")
    raise Conflict(
        f"cannot {action} a record that is {state} ({STATES[state][0]}): allowed now: "
        f"{', '.join(allowed) or 'nothing'}"
    )


def is_faculty_reviewer(db: Session, principal: Principal, organisation_id: int, faculty: str) -> bool:
    if principal.user_id is None or not faculty:
        return False
    row = db.scalars(
        select(FacultyReviewer).where(
            FacultyReviewer.organisation_id == organisation_id,
            FacultyReviewer.faculty == faculty,
            FacultyReviewer.user_id == principal.user_id,
        )
    ).first()
    return row is not None


def may_take(db: Session, principal: Principal, item: InventoryItem, step: str) -> str | None:
    """None when ``principal`` may take ``step`` on ``item``, else why not."""
    own = principal.organisation_id == item.organisation_id
    admin = own and principal.role is Role.org_admin
    if step == "inventor":
        return (
            None if own and principal.role in (Role.member, Role.org_admin) else "members of the institution"
        )
    if step == "faculty":
        if admin or (own and is_faculty_reviewer(db, principal, item.organisation_id, item.faculty)):
            return None
        return f"a reviewer of the faculty {item.faculty or '(none given)'} or the institution's admin"
    return None if admin else "the institution's admin (university review)"


def missing_for_documenting(item: InventoryItem) -> list[str]:
    missing = [f for f in REQUIRED_TO_DOCUMENT if not str(getattr(item, f) or "").strip()]
    if item.converted == "unknown":
        missing.append("converted (已转化/未转化)")
    return missing


def apply(
    db: Session, principal: Principal, item: InventoryItem, action: str, comment: str = ""
) -> ReviewStep:
    """Take ``action`` on ``item`` (raises Conflict/Forbidden-like errors with the reason)."""
    access.require_item(principal, item)
    t = transition_for(item.state, action)
    why_not = may_take(db, principal, item, t.step)
    if why_not is not None:
        raise Conflict(f"the {STEPS[t.step][1]} step is taken by {why_not}")
    comment = comment.strip()
    if t.comment_required and not comment:
        raise InvalidValue(f"{action} needs a comment saying why")
    if action == "document":
        missing = missing_for_documenting(item)
        if missing:
            raise InvalidValue(f"fill in before documenting: {', '.join(missing)}")
    if t.to == "in_library":
        if item.legal_status != "in_force":
            raise Conflict(
                f"{item.publication_number} is {item.legal_status} on the inventory date"
                f" ({item.status_source or 'no evidence'}): the resource library holds valid patents only"
            )
        if item.converted == "converted":
            raise Conflict(
                f"{item.publication_number} is already converted: the library is for unconverted ones"
            )
    step = ReviewStep(
        organisation_id=item.organisation_id,
        item_id=item.id,
        action=action,
        from_state=item.state,
        to_state=t.to,
        comment=comment[:4000],
        user_id=principal.user_id,
        actor=principal.email,
    )
    item.state = t.to
    db.add(step)
    db.flush()
    return step


def step_view(step: ReviewStep) -> dict[str, Any]:
    return {
        "action": step.action,
        "from": step.from_state,
        "to": step.to_state,
        "to_label": STATES[step.to_state][0],
        "comment": step.comment,
        "by": step.actor,
        "at": step.at.isoformat(timespec="seconds"),
    }


def history(db: Session, item_id: int) -> list[dict[str, Any]]:
    rows = db.scalars(select(ReviewStep).where(ReviewStep.item_id == item_id).order_by(ReviewStep.id))
    return [step_view(r) for r in rows]


# --------------------------------------------------------------------------- faculty reviewers


def add_reviewer(
    db: Session, principal: Principal, organisation_id: int, faculty: str, email: str
) -> dict[str, Any]:
    """Name an account of the institution as the reviewer of one faculty (the institution's admin does)."""
    if principal.organisation_id != organisation_id or principal.role not in (
        Role.org_admin,
        Role.bureau_admin,
    ):
        raise NotFound("no such organisation")  # another's organisation is not disclosed
    faculty = " ".join(faculty.split())
    if not faculty:
        raise InvalidValue("give the faculty (院系) the reviewer reviews")
    user = db.scalars(select(User).where(User.email == email.strip().lower())).first()
    if user is None or user.organisation_id != organisation_id:
        raise NotFound(f"no account {email!r} in this organisation")
    exists = db.scalars(
        select(FacultyReviewer).where(
            FacultyReviewer.organisation_id == organisation_id,
            FacultyReviewer.faculty == faculty,
            FacultyReviewer.user_id == user.id,
        )
    ).first()
    if exists is None:
        db.add(FacultyReviewer(organisation_id=organisation_id, faculty=faculty, user_id=user.id))
        db.flush()
    return {"faculty": faculty, "reviewer": user.email}


def reviewers(db: Session, organisation_id: int) -> list[dict[str, Any]]:
    rows = db.execute(
        select(FacultyReviewer.faculty, User.email)
        .join(User, User.id == FacultyReviewer.user_id)
        .where(FacultyReviewer.organisation_id == organisation_id)
        .order_by(FacultyReviewer.faculty)
    ).all()
    return [{"faculty": f, "reviewer": e} for f, e in rows]


# --------------------------------------------------------------------------- enterprise feedback (企业评价反馈)

INTEREST = {"high": "有意向", "medium": "可洽谈", "low": "兴趣不大", "none": "无意向"}


def add_feedback(
    db: Session,
    principal: Principal,
    item: InventoryItem,
    enterprise: str,
    interest: str,
    comments: str,
    on: date,
) -> Feedback:
    """An enterprise's evaluation of a library patent: visible to that enterprise and the institution."""
    access.require_library_or_own(principal, item)
    if principal.organisation_id is None:
        raise Conflict("feedback is given for an organisation, and this account has none")
    if principal.organisation_id == item.organisation_id:
        raise Conflict("the institution does not evaluate its own patents: enterprises do")
    if interest not in INTEREST:
        raise InvalidValue(f"interest must be one of {', '.join(INTEREST)}")
    row = Feedback(
        organisation_id=principal.organisation_id,
        item_id=item.id,
        holder_organisation_id=item.organisation_id,
        enterprise=" ".join(enterprise.split())[:200] or principal.email,
        interest=interest,
        comments=comments.strip()[:4000],
        on=on,
        created_by=principal.user_id,
    )
    db.add(row)
    db.flush()
    return row


def feedback_view(row: Feedback) -> dict[str, Any]:
    return {
        "id": row.id,
        "enterprise": row.enterprise,
        "interest": row.interest,
        "interest_label": INTEREST[row.interest],
        "comments": row.comments,
        "date": row.on.isoformat(),
    }


def feedback_for(db: Session, principal: Principal, item: InventoryItem) -> list[dict[str, Any]]:
    """The item's feedback the principal may read: all of it for the institution, its own for an enterprise."""
    statement = select(Feedback).where(Feedback.item_id == item.id)
    if principal.organisation_id != item.organisation_id:
        statement = statement.where(Feedback.organisation_id == principal.organisation_id)
    return [feedback_view(r) for r in db.scalars(statement.order_by(Feedback.id))]


def state_table() -> list[dict[str, Any]]:
    """The chain as rows (for docs and the page): state, action, next state, step, comment required."""
    return [
        {
            "state": t.state,
            "action": t.action,
            "to": t.to,
            "step": t.step,
            "comment_required": t.comment_required,
        }
        for t in TRANSITIONS
    ]
