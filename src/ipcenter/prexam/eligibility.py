"""Entity registration (主体备案): the facts an organisation declares and the centre's eligibility rule set.

A rule set is data in the centre profile (``profile.eligibility``: name, source, rules); each rule has a
``kind`` implemented here and its parameters, so a centre changes thresholds without code. The 宁波 2025
rules (domain-cn-2.md §1.3, §6.A.3) are shipped as a fixture in `ipcenter.prexam.fixtures`. Rules a machine
cannot judge (a real R&D site, an IP management system) are ``manual``: listed for the reviewer, never
passed automatically.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ipcenter.core.dates import parse_date, parse_optional_date
from ipcenter.core.uscc import parse_uscc
from ipcenter.errors import InvalidValue
from ipcenter.prexam.models import PATENT_TYPES
from ipcenter.prexam.profile import CentreProfile

#: Credit findings checked before registration (domain-cn-2.md §1.3 condition 4).
CREDIT_FINDINGS: dict[str, tuple[str, str]] = {
    "dishonest": ("失信", "dishonesty finding (CNIPA or local IP authority)"),
    "abnormal_filing": ("非正常申请专利行为", "abnormal patent filing finding (CNIPA)"),
    "wilful_infringement": ("故意侵犯知识产权", "wilful IP infringement record"),
}

RULE_LABELS: dict[str, tuple[str, str]] = {
    "legal_person": ("独立法人", "independent legal person"),
    "registered_in_area": ("注册地在服务区域内", "registered in the centre's area"),
    "min_age_days": ("成立年限", "time since founding"),
    "min_insured_staff": ("参保人数", "insured staff"),
    "declared_field_in_centre": ("产业领域符合", "declared field among the centre's fields"),
    "granted_patents": ("第一申请人授权专利", "granted patents as first applicant"),
    "clean_credit": ("信用记录", "credit record"),
    "manual": ("人工审核", "reviewer's check"),
}


@dataclass(frozen=True)
class CreditCheck:
    kind: str  # a key of CREDIT_FINDINGS
    adverse: bool  # a finding exists
    checked_on: date
    authority: str = ""  # who was asked (e.g. 信用中国, CNIPA)
    finding_date: date | None = None  # date of the adverse finding


@dataclass(frozen=True)
class EntityFacts:
    """What an organisation declares when it applies for 备案 (domain-cn-2.md §6.A.3)."""

    uscc: str
    name: str
    legal_person: bool
    area_code: str  # GB/T 2260 code of the registered address (注册地), 6 digits
    founded: date
    insured_staff: int
    declared_fields: tuple[str, ...] = ()
    granted_first_applicant: Mapping[str, int] = field(default_factory=dict)  # by patent type
    credit_checks: tuple[CreditCheck, ...] = ()
    business_scope: str = ""
    evidence: tuple[str, ...] = ()  # names of the evidence files (R&D, IP management)
    contact_name: str = ""
    contact_is_employee: bool | None = None
    fee_reduction_filed: bool | None = None  # 费减备案 at fee.cnipa.gov.cn
    agency: str | None = None  # entrusted patent agency

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> EntityFacts:
        try:
            counts = {str(k): int(v) for k, v in (data.get("granted_first_applicant") or {}).items()}
            unknown = sorted(set(counts) - set(PATENT_TYPES))
            if unknown:
                raise InvalidValue(f"granted_first_applicant: unknown patent type {unknown[0]!r}")
            if any(v < 0 for v in counts.values()):
                raise InvalidValue("granted_first_applicant: counts must be ≥ 0")
            checks = tuple(
                CreditCheck(
                    kind=_credit_kind(c["kind"]),
                    adverse=bool(c["adverse"]),
                    checked_on=parse_date(c["checked_on"]),
                    authority=str(c.get("authority", "")),
                    finding_date=parse_optional_date(c.get("finding_date")),
                )
                for c in data.get("credit_checks") or []
            )
            staff = data["insured_staff"]
            if isinstance(staff, bool) or not isinstance(staff, int) or staff < 0:
                raise InvalidValue(f"insured_staff must be a whole number ≥ 0, got {staff!r}")
            return cls(
                uscc=parse_uscc(str(data["uscc"])).code,
                name=_text(data, "name"),
                legal_person=bool(data["legal_person"]),
                area_code=str(data["area_code"]).strip(),
                founded=parse_date(data["founded"]),
                insured_staff=staff,
                declared_fields=tuple(data.get("declared_fields") or ()),
                granted_first_applicant=counts,
                credit_checks=checks,
                business_scope=str(data.get("business_scope", "")),
                evidence=tuple(data.get("evidence") or ()),
                contact_name=str(data.get("contact_name", "")),
                contact_is_employee=data.get("contact_is_employee"),
                fee_reduction_filed=data.get("fee_reduction_filed"),
                agency=data.get("agency") or None,
            )
        except KeyError as exc:
            raise InvalidValue(f"entity: {exc.args[0]} is missing") from None


def _text(data: Mapping[str, Any], key: str) -> str:
    value = str(data[key]).strip()
    if not value:
        raise InvalidValue(f"entity: {key} is empty")
    return value


def _credit_kind(kind: str) -> str:
    if kind in CREDIT_FINDINGS:
        return kind
    for key, (zh, _en) in CREDIT_FINDINGS.items():
        if kind == zh:
            return key
    raise InvalidValue(f"credit check kind {kind!r} is not one of {', '.join(CREDIT_FINDINGS)}")


@dataclass(frozen=True)
class RuleResult:
    rule_id: str
    kind: str
    outcome: str  # pass | fail | unknown (data missing) | manual (reviewer decides)
    detail: str
    basis: str = ""

    def to_json(self) -> dict[str, Any]:
        zh, en = RULE_LABELS.get(self.kind, (self.kind, self.kind))
        return {
            "rule": self.rule_id,
            "kind": self.kind,
            "label_zh": zh,
            "label_en": en,
            "outcome": self.outcome,
            "detail": self.detail,
            "basis": self.basis,
        }


@dataclass(frozen=True)
class EligibilityResult:
    rule_set: str
    source: str
    on: date
    results: tuple[RuleResult, ...]

    @property
    def eligible(self) -> bool | None:
        """False when a rule fails; None while an automatic rule lacks data; True otherwise. Manual rules
        are left to the reviewer and do not decide."""
        outcomes = {r.outcome for r in self.results}
        if "fail" in outcomes:
            return False
        return None if "unknown" in outcomes else True

    @property
    def failed(self) -> list[RuleResult]:
        return [r for r in self.results if r.outcome == "fail"]

    def to_json(self) -> dict[str, Any]:
        return {
            "rule_set": self.rule_set,
            "source": self.source,
            "on": self.on.isoformat(),
            "eligible": self.eligible,
            "results": [r.to_json() for r in self.results],
            "reviewer_checks": [r.rule_id for r in self.results if r.outcome == "manual"],
        }


def _count(entity: EntityFacts, types: str) -> int:
    return sum(entity.granted_first_applicant.get(t.strip(), 0) for t in types.split("+"))


def _rule(rule: Mapping[str, Any], entity: EntityFacts, profile: CentreProfile, on: date) -> RuleResult:
    rid, kind, basis = (
        str(rule.get("id", rule.get("kind"))),
        str(rule.get("kind")),
        str(rule.get("basis", "")),
    )

    def result(ok: bool | None, detail: str) -> RuleResult:
        return RuleResult(rid, kind, "unknown" if ok is None else "pass" if ok else "fail", detail, basis)

    if kind == "legal_person":
        category_ok = parse_uscc(entity.uscc).is_legal_person_category
        if category_ok is False:
            return result(False, f"{entity.uscc} is a 个体工商户 code: not a legal person")
        return result(
            entity.legal_person,
            "declared an independent legal person"
            if entity.legal_person
            else "declared not an independent legal person",
        )
    if kind == "registered_in_area":
        inside = profile.in_area(entity.area_code)
        return result(
            inside,
            f"registered area {entity.area_code} is {'inside' if inside else 'outside'} "
            f"{'、'.join(profile.area_names) or ', '.join(profile.area_codes)}",
        )
    if kind == "min_age_days":
        need, age = int(rule["days"]), (on - entity.founded).days
        return result(
            age >= need,
            f"founded {entity.founded.isoformat()}: {age} days on {on.isoformat()} (≥ {need} required)",
        )
    if kind == "min_insured_staff":
        need = int(rule["count"])
        return result(
            entity.insured_staff >= need, f"{entity.insured_staff} insured staff (≥ {need} required)"
        )
    if kind == "declared_field_in_centre":
        if not profile.fields:
            return result(None, "the centre's fields are not entered (UNCONFIRMED)")
        common = [f for f in entity.declared_fields if f in profile.fields]
        return result(
            bool(common),
            f"declared {'、'.join(entity.declared_fields) or 'no field'}; centre fields "
            f"{'、'.join(profile.fields)}",
        )
    if kind == "granted_patents":
        options: Sequence[Mapping[str, int]] = rule["any_of"]
        met = [o for o in options if all(_count(entity, types) >= int(n) for types, n in o.items())]
        have = ", ".join(f"{t} {entity.granted_first_applicant.get(t, 0)}" for t in PATENT_TYPES)
        want = " or ".join(" and ".join(f"{t} ≥ {n}" for t, n in o.items()) for o in options)
        return result(bool(met), f"granted as first applicant: {have}; required {want}")
    if kind == "clean_credit":
        years = int(rule.get("years", 2))
        since = (
            on.replace(year=on.year - years)
            if not (on.month == 2 and on.day == 29)
            else date(on.year - years, 2, 28)
        )
        problems, missing = [], []
        for finding in rule.get("findings", list(CREDIT_FINDINGS)):
            checks = [c for c in entity.credit_checks if c.kind == finding and c.checked_on <= on]
            if not checks:
                missing.append(CREDIT_FINDINGS[finding][0])
                continue
            for check in checks:
                if check.adverse and (check.finding_date is None or check.finding_date > since):
                    when = check.finding_date.isoformat() if check.finding_date else "date not given"
                    problems.append(
                        f"{CREDIT_FINDINGS[finding][0]} ({when}, {check.authority or 'authority not given'})"
                    )
        if problems:
            return result(
                False, f"adverse finding within {years} years before {on.isoformat()}: {'; '.join(problems)}"
            )
        if missing:
            return result(None, f"not checked yet: {'、'.join(missing)}")
        return result(True, f"no adverse finding since {since.isoformat()}")
    if kind == "manual":
        return RuleResult(rid, kind, "manual", str(rule.get("text", "")), basis)
    raise InvalidValue(f"eligibility rule {rid!r}: unknown kind {kind!r} (known: {', '.join(RULE_LABELS)})")


def evaluate(entity: EntityFacts, profile: CentreProfile, on: date) -> EligibilityResult:
    """Every rule of the centre's rule set applied to the entity on ``on``."""
    rule_set = profile.eligibility
    rules = rule_set.get("rules")
    if not rules:
        raise InvalidValue(
            f"{profile.centre_name} has no eligibility rule set (UNCONFIRMED): enter its rules first"
        )
    results = tuple(_rule(rule, entity, profile, on) for rule in rules)
    return EligibilityResult(str(rule_set.get("name", "")), str(rule_set.get("source", "")), on, results)
