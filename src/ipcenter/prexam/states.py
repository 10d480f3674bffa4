"""The state machines of the pre-examination service, as transition tables (data, not code paths).

Each table row says: from a state, an action by a role leads to a state, and which details the action
must carry (a reason, a period). `StateMachine.apply` is the one place a state changes; anything not in
the table is refused with `InvalidTransition` naming the actions that are possible. State names follow
domain-cn-2.md §6.A.4, §6.A.8–9, §6.A.11 and domain-cn.md §9 rule 13; they are our modelling choice
(UNCONFIRMED as official names) except where a source attests them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ipcenter.errors import Conflict, InvalidValue


class InvalidTransition(Conflict):
    """An action that the state machine does not allow in the present state."""


@dataclass(frozen=True)
class Transition:
    source: str
    action: str
    target: str
    actor: str  # applicant | agency | examiner | centre_admin | working_group | system
    requires: tuple[str, ...] = ()  # details the action must carry


@dataclass(frozen=True)
class StateMachine:
    name: str
    initial: str
    states: Mapping[str, tuple[str, str]]  # code → (zh, en)
    transitions: tuple[Transition, ...]

    def __post_init__(self) -> None:
        seen: set[tuple[str, str]] = set()
        for t in self.transitions:
            for state in (t.source, t.target):
                if state not in self.states:
                    raise ValueError(f"{self.name}: unknown state {state!r}")
            if (t.source, t.action) in seen:
                raise ValueError(f"{self.name}: {t.action!r} from {t.source!r} listed twice")
            seen.add((t.source, t.action))

    def label(self, state: str, lang: str = "zh") -> str:
        zh, en = self.states[state]
        return en if lang == "en" else zh

    def actions(self, state: str) -> list[Transition]:
        return [t for t in self.transitions if t.source == state]

    @property
    def terminal(self) -> list[str]:
        return [s for s in self.states if not self.actions(s)]

    def apply(self, state: str, action: str, details: Mapping[str, Any] | None = None) -> Transition:
        """The transition ``action`` takes from ``state``; InvalidTransition when the table has none,
        InvalidValue when a required detail is missing or empty."""
        if state not in self.states:
            raise InvalidValue(f"{self.name}: unknown state {state!r}")
        for t in self.actions(state):
            if t.action == action:
                given = details or {}
                missing = [r for r in t.requires if given.get(r) in (None, "", [], ())]
                if missing:
                    raise InvalidValue(f"{self.name}: {action} needs {', '.join(missing)}")
                return t
        possible = ", ".join(t.action for t in self.actions(state)) or "none (final state)"
        raise InvalidTransition(
            f"{self.name}: cannot {action} a {self.label(state, 'en')} ({self.label(state)}) one; "
            f"possible: {possible}"
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "machine": self.name,
            "initial": self.initial,
            "states": {k: {"zh": zh, "en": en} for k, (zh, en) in self.states.items()},
            "transitions": [
                {
                    "from": t.source,
                    "action": t.action,
                    "to": t.target,
                    "actor": t.actor,
                    "requires": list(t.requires),
                }
                for t in self.transitions
            ],
        }


def _t(source: str, action: str, target: str, actor: str, *requires: str) -> Transition:
    return Transition(source, action, target, actor, requires)


#: 主体备案 (domain-cn-2.md §6.A.4): 草稿 → 待审 → 通过 | 驳回(reason) → 暂停(from, to, reason) → 恢复 | 取消.
ENTITY = StateMachine(
    "entity registration",
    "draft",
    {
        "draft": ("草稿", "draft"),
        "pending": ("待审", "pending review"),
        "approved": ("通过", "approved"),
        "rejected": ("驳回", "rejected"),
        "suspended": ("暂停", "suspended"),
        "cancelled": ("取消", "cancelled"),
    },
    (
        _t("draft", "submit", "pending", "applicant"),
        _t("pending", "withdraw", "draft", "applicant"),
        _t("pending", "approve", "approved", "centre_admin"),
        _t("pending", "reject", "rejected", "centre_admin", "reason"),
        _t("rejected", "revise", "draft", "applicant"),
        _t("approved", "suspend", "suspended", "centre_admin", "reason", "suspended_from", "suspended_to"),
        _t("suspended", "resume", "approved", "centre_admin"),
        _t("approved", "cancel", "cancelled", "centre_admin", "reason"),
        _t("suspended", "cancel", "cancelled", "centre_admin", "reason"),
    ),
)

#: Agency registration with the centre (§6.A.5); list membership is checked separately at intake.
AGENCY = StateMachine(
    "agency registration",
    "pending",
    {
        "pending": ("待审", "pending review"),
        "approved": ("通过", "approved"),
        "rejected": ("驳回", "rejected"),
        "revoked": ("撤销", "revoked"),
    },
    (
        _t("pending", "approve", "approved", "centre_admin"),
        _t("pending", "reject", "rejected", "centre_admin", "reason"),
        _t("rejected", "resubmit", "pending", "agency"),
        _t("approved", "revoke", "revoked", "centre_admin", "reason"),
    ),
)

#: 预审案件 (§6.A.7–9, rule 13): intake, the opinion/answer loop, the conclusion, then CNIPA's fast track.
CASE = StateMachine(
    "pre-examination case",
    "draft",
    {
        "draft": ("草稿", "draft"),
        "submitted": ("已提交", "submitted"),
        "not_accepted": ("不予受理", "not accepted"),
        "accepted": ("已受理", "accepted"),
        "under_review": ("预审中", "under review"),
        "awaiting_response": ("待答复", "awaiting the applicant's answer"),
        "answered": ("已答复", "answered"),
        "qualified": ("预审合格", "qualified"),
        "not_qualified": ("预审不合格", "not qualified"),
        "deemed_abandoned": ("视为放弃", "deemed abandoned"),
        "withdrawn": ("已撤回", "withdrawn"),
        "filed": ("已正式递交", "filed with CNIPA (fast track)"),
        "granted": ("已授权", "granted"),
        "rejected": ("已驳回", "rejected by CNIPA"),
        "deemed_withdrawn": ("视为撤回", "deemed withdrawn by CNIPA"),
    },
    (
        _t("draft", "submit", "submitted", "applicant"),
        _t("submitted", "accept", "accepted", "examiner"),
        _t("submitted", "refuse", "not_accepted", "examiner", "reason_code"),
        _t("accepted", "start_review", "under_review", "examiner", "examiner_id"),
        _t("under_review", "send_opinion", "awaiting_response", "examiner", "opinion_id", "response_due"),
        _t("awaiting_response", "answer", "answered", "applicant", "answer_id"),
        _t("answered", "resume_review", "under_review", "examiner"),
        _t("awaiting_response", "deem_abandoned", "deemed_abandoned", "system", "reason"),
        _t("awaiting_response", "overdue_disqualify", "not_qualified", "system", "reason_code"),
        _t("under_review", "qualify", "qualified", "examiner", "filing_due"),
        _t("under_review", "disqualify", "not_qualified", "examiner", "reason_code", "reason"),
        _t("answered", "disqualify", "not_qualified", "examiner", "reason_code", "reason"),
        _t("submitted", "withdraw", "withdrawn", "applicant"),
        _t("accepted", "withdraw", "withdrawn", "applicant"),
        _t("under_review", "withdraw", "withdrawn", "applicant"),
        _t("awaiting_response", "withdraw", "withdrawn", "applicant"),
        _t("answered", "withdraw", "withdrawn", "applicant"),
        _t("qualified", "record_filing", "filed", "applicant", "application_number", "filing_date"),
        _t("filed", "record_grant", "granted", "applicant", "event_date"),
        _t("filed", "record_rejection", "rejected", "applicant", "event_date"),
        _t("filed", "record_withdrawal", "deemed_withdrawn", "applicant", "event_date"),
    ),
)

#: 批量预审 (§6.A.11): its own materials, a working group's recorded decision, then per-case tracking.
BATCH = StateMachine(
    "batch pre-examination",
    "draft",
    {
        "draft": ("草稿", "draft"),
        "submitted": ("已提交", "submitted"),
        "under_review": ("工作组审议中", "under working-group review"),
        "admitted": ("进入批量审查通道", "admitted to CNIPA's batch channel"),
        "not_admitted": ("未进入批量审查通道", "not admitted"),
        "closed": ("已结案", "closed"),
        "withdrawn": ("已撤回", "withdrawn"),
    },
    (
        _t("draft", "submit", "submitted", "applicant"),
        _t("submitted", "start_review", "under_review", "centre_admin"),
        _t("under_review", "admit", "admitted", "working_group", "decision_date", "reason"),
        _t("under_review", "decline", "not_admitted", "working_group", "decision_date", "reason"),
        _t("admitted", "close", "closed", "centre_admin"),
        _t("draft", "withdraw", "withdrawn", "applicant"),
        _t("submitted", "withdraw", "withdrawn", "applicant"),
    ),
)

#: One incremental-quota request (§6.A.6).
QUOTA_REQUEST = StateMachine(
    "incremental quota request",
    "submitted",
    {"submitted": ("待审", "submitted"), "approved": ("通过", "approved"), "rejected": ("驳回", "rejected")},
    (
        _t("submitted", "approve", "approved", "centre_admin", "extra"),
        _t("submitted", "reject", "rejected", "centre_admin", "reason"),
    ),
)

MACHINES: dict[str, StateMachine] = {
    "entity": ENTITY,
    "agency": AGENCY,
    "case": CASE,
    "batch": BATCH,
    "quota_request": QUOTA_REQUEST,
}


def machine(name: str) -> StateMachine:
    try:
        return MACHINES[name]
    except KeyError:
        raise InvalidValue(f"unknown state machine {name!r}; known: {', '.join(MACHINES)}") from None
