"""Intake checks of a pre-examination request (domain-cn.md §9 rule 14, domain-cn-2.md §6.A.5–7).

Every check runs and every failed one is reported with its reason, so the applicant sees all of them at
once. A request outside the centre's scope gets 不予受理 (领域不符) with the note that an ordinary filing with
CNIPA remains possible (only the fast channel is lost; Sanyou 2026, domain-cn-2.md §1.6).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ipcenter.core.numbers import parse_cn_application_number
from ipcenter.errors import InvalidValue, UserError
from ipcenter.prexam.models import DOCUMENT_KINDS, REQUIRED_DOCUMENTS, normalise_patent_type
from ipcenter.prexam.profile import CentreProfile
from ipcenter.prexam.scope import ScopeVerdict

ORDINARY_FILING_NOTE = (
    "不影响通过普通程序向国家知识产权局提交专利申请，但不能进入快速审查通道",
    "an ordinary filing with CNIPA remains possible; only the fast channel is lost",
)

#: Reason codes of 不予受理, with their labels (our wording; the official notice text is UNCONFIRMED).
REASONS: dict[str, tuple[str, str]] = {
    "not_registered": (
        "申请主体未备案或备案未通过",
        "the applicant is not a registered entity of the centre",
    ),
    "suspended": ("申请主体备案已暂停", "the entity's registration is suspended"),
    "outside_area": (
        "申请主体注册地不在保护中心服务区域",
        "the entity is registered outside the centre's area",
    ),
    "type_not_accepted": ("专利类型不在受理范围", "the centre does not accept this patent type"),
    "pct": ("PCT国际申请不适用预审", "PCT international applications are not pre-examined"),
    "national_phase": (
        "进入中国国家阶段的PCT申请不适用预审",
        "PCT national-phase entries are not pre-examined",
    ),
    "divisional": ("分案申请不适用预审", "divisional applications are not pre-examined"),
    "already_filed": ("已向国家知识产权局提交申请", "the application was already filed with CNIPA"),
    "field_mismatch": ("领域不符", "the main classification is outside the centre's fields"),
    "quota_exhausted": ("预审额度已用完", "the entity's yearly quota is used up"),
    "first_applicant": ("第一申请人须为备案主体", "the first applicant must be the registered entity"),
    "agency_not_listed": (
        "代理机构不在保障名单或未在中心备案",
        "the agency is not on the centre's agency list",
    ),
    "documents_missing": ("申请文件不齐备", "required application documents are missing"),
    "batch_type": ("批量预审仅限发明专利申请", "a batch takes only the patent types the centre allows"),
}


@dataclass(frozen=True)
class CaseFacts:
    """What a pre-examination request declares (domain-cn-2.md §6.A.7)."""

    patent_type: str
    title: str
    applicants: tuple[str, ...]  # in order; the first must be the registered entity
    main_class: str  # main IPC (inventions, utility models) or Locarno class (designs)
    documents: tuple[str, ...]  # kinds present, keys of DOCUMENT_KINDS
    inventors: tuple[str, ...] = ()
    other_classes: tuple[str, ...] = ()
    declared_field: str = ""
    agency: str | None = None
    is_pct: bool = False
    is_national_phase: bool = False
    is_divisional: bool = False
    cnipa_application_number: str | None = None  # set when already filed with CNIPA
    in_batch: bool = False

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CaseFacts:
        try:
            documents = tuple(data.get("documents") or ())
            unknown = [d for d in documents if d not in DOCUMENT_KINDS]
            if unknown:
                raise InvalidValue(
                    f"case: unknown document kind {unknown[0]!r}; known: {', '.join(DOCUMENT_KINDS)}"
                )
            applicants = tuple(str(a).strip() for a in data.get("applicants") or () if str(a).strip())
            if not applicants:
                raise InvalidValue("case: at least one applicant is required")
            title = str(data["title"]).strip()
            if not title:
                raise InvalidValue("case: title is empty")
            return cls(
                patent_type=normalise_patent_type(str(data["patent_type"])),
                title=title,
                applicants=applicants,
                main_class=str(data["main_class"]).strip(),
                documents=documents,
                inventors=tuple(data.get("inventors") or ()),
                other_classes=tuple(data.get("other_classes") or ()),
                declared_field=str(data.get("declared_field") or ""),
                agency=data.get("agency") or None,
                is_pct=bool(data.get("is_pct", False)),
                is_national_phase=bool(data.get("is_national_phase", False)),
                is_divisional=bool(data.get("is_divisional", False)),
                cnipa_application_number=data.get("cnipa_application_number") or None,
                in_batch=bool(data.get("in_batch", False)),
            )
        except KeyError as exc:
            raise InvalidValue(f"case: {exc.args[0]} is missing") from None


@dataclass(frozen=True)
class EntityStanding:
    """The registered entity as intake sees it."""

    name: str
    registration_state: str  # a state of states.ENTITY
    area_code: str
    uscc: str = ""
    suspended_until: date | None = None


@dataclass(frozen=True)
class IntakeReason:
    code: str
    detail: str
    ordinary_filing_possible: bool = False

    def to_json(self) -> dict[str, Any]:
        zh, en = REASONS[self.code]
        out: dict[str, Any] = {"code": self.code, "label_zh": zh, "label_en": en, "detail": self.detail}
        if self.ordinary_filing_possible:
            out["note_zh"], out["note_en"] = ORDINARY_FILING_NOTE
        return out


@dataclass(frozen=True)
class IntakeDecision:
    accepted: bool
    reasons: tuple[IntakeReason, ...]
    scope: ScopeVerdict | None
    notes: tuple[str, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        return {
            "decision": "accepted" if self.accepted else "not_accepted",
            "decision_zh": "受理" if self.accepted else "不予受理",
            "reasons": [r.to_json() for r in self.reasons],
            "scope": None if self.scope is None else self.scope.to_json(),
            "notes": list(self.notes),
        }


def _name_key(name: str) -> str:
    return re.sub(r"[\s()（）]", "", unicodedata.normalize("NFKC", name))


def missing_documents(patent_type: str, present: tuple[str, ...]) -> list[str]:
    """Required documents absent for the type; an invention with drawings needs an abstract drawing too."""
    need = list(REQUIRED_DOCUMENTS[patent_type])
    if patent_type == "invention" and "drawings" in present:
        need.append("abstract_drawing")
    return [d for d in need if d not in present]


def intake_check(
    profile: CentreProfile,
    case: CaseFacts,
    entity: EntityStanding | None,
    on: date,
    *,
    quota_remaining: int | None = None,
    agency_registered: bool | None = None,
) -> IntakeDecision:
    """Intake verdict for ``case`` at ``profile``'s centre on ``on`` (受理 or 不予受理 with every reason).

    ``quota_remaining`` None means no quota applies (not configured or the case is quota-exempt);
    ``agency_registered`` says whether the agency has registered with the centre.
    """
    if not profile.in_force(on):
        raise UserError(
            f"{profile.centre_name} profile v{profile.version} is not in force on {on.isoformat()}"
        )
    reasons: list[IntakeReason] = []
    notes: list[str] = []

    def refuse(code: str, detail: str, ordinary: bool = False) -> None:
        reasons.append(IntakeReason(code, detail, ordinary))

    if entity is None or entity.registration_state not in ("approved", "suspended"):
        state = "none" if entity is None else entity.registration_state
        refuse("not_registered", f"registration state: {state}")
    elif entity.registration_state == "suspended":
        until = f" until {entity.suspended_until.isoformat()}" if entity.suspended_until else ""
        refuse("suspended", f"registration suspended{until}")
    if entity is not None and not profile.in_area(entity.area_code):
        refuse(
            "outside_area",
            f"{entity.area_code} is outside {'、'.join(profile.area_names) or profile.area_codes}",
        )
    accepted_types = profile.value("accepted_types") or []
    if case.patent_type not in accepted_types:
        refuse("type_not_accepted", f"{case.patent_type} not in {', '.join(accepted_types)}")
    if case.in_batch:
        batch_types = profile.value("batch_types") or []
        if case.patent_type not in batch_types:
            refuse("batch_type", f"{case.patent_type} not in {', '.join(batch_types)}")
    if case.is_pct:
        refuse("pct", "declared a PCT international application")
    if case.is_national_phase:
        refuse("national_phase", "declared a PCT national-phase entry")
    if case.is_divisional:
        refuse("divisional", "declared a divisional application")
    if case.cnipa_application_number:
        number = parse_cn_application_number(case.cnipa_application_number)
        if number.is_pct:
            refuse(
                "national_phase",
                f"{number.canonical}: type digit {number.type_digit} is a PCT national phase",
            )
        refuse("already_filed", f"CNIPA application number {number.canonical} given")
    scope = None
    try:
        scope = profile.check_scope(case.patent_type, case.main_class)
    except InvalidValue as exc:
        raise InvalidValue(f"main classification: {exc.message}") from None
    if not scope.in_scope:
        refuse("field_mismatch", scope.reason, ordinary=True)
    elif case.declared_field and case.declared_field not in scope.fields:
        notes.append(
            f"declared field {case.declared_field} differs from the scope table's {'、'.join(scope.fields)}"
        )
    if quota_remaining is not None and quota_remaining <= 0:
        refuse("quota_exhausted", "no quota left this year; one incremental request may be filed")
    if entity is not None and _name_key(case.applicants[0]) != _name_key(entity.name):
        refuse("first_applicant", f"first applicant {case.applicants[0]!r} is not {entity.name!r}")
    if case.agency and profile.value("agency_list_enforced"):
        agency_list = profile.agency_list
        if agency_list is None or not agency_list.members:
            raise UserError(
                f"{profile.centre_name} enforces its agency list but the list is not loaded: enter it first"
            )
        if not agency_list.lists(case.agency):
            refuse("agency_not_listed", f"{case.agency} is not on {agency_list.name} ({agency_list.version})")
        elif agency_registered is False:
            refuse("agency_not_listed", f"{case.agency} has not registered with the centre")
    missing = missing_documents(case.patent_type, case.documents)
    if missing:
        names = "、".join(DOCUMENT_KINDS[m][0] for m in missing)
        refuse("documents_missing", f"missing: {names}")
    return IntakeDecision(not reasons, tuple(reasons), scope, tuple(notes))
