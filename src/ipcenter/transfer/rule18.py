"""The legal checks run before an open-licence declaration is accepted (domain-cn.md §9 rule 18; 专利法
Arts 50–52, 细则 Arts 85–86 — Art 86's exact wording is UNCONFIRMED, so the rule list is configuration).

Pure functions over a `LicenceCase`: the corpus's facts of the patent (validity on the date, legal events of
licences, pledges, preservation), the facts its holder recorded (an exclusive licence, annuities paid to a
date, a pledge and the pledgee's consent, a dispute) and, when checking a declaration, its fields. Each rule
returns findings: a *reason* blocks the declaration, a *warning* does not (fee standards above the guidance,
facts the corpus cannot show). Every message names its evidence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ipcenter.transfer.patents import PatentFacts

FACT_KINDS: dict[str, str] = {
    "exclusive_licence": "独占实施许可 in force (start–end)",
    "sole_licence": "排他实施许可 in force (start–end)",
    "annuity_paid_until": "annuities paid up to end_on",
    "annuity_unpaid": "an annuity unpaid (start–end)",
    "pledge": "专利权质押 in force (start–end)",
    "pledgee_consent": "the pledgee's written consent to open licensing",
    "ownership_dispute": "权属纠纷 pending (start–end)",
    "preservation": "保全 / 中止 of the patent (start–end)",
    "status_confirmed": "in force confirmed by a register extract for start–end",
}
PAYMENT_METHODS = {
    "lump_sum": "一次性总付",
    "royalty": "提成支付",
    "lump_sum_plus_royalty": "入门费加提成",
}
NEEDS_EVALUATION_REPORT = ("utility_model", "design")


@dataclass
class Fact:
    kind: str
    start_on: date | None = None
    end_on: date | None = None
    detail: str = ""

    def active(self, on: date) -> bool:
        return (self.start_on is None or self.start_on <= on) and (self.end_on is None or self.end_on >= on)

    def span(self) -> str:
        return f"{self.start_on or '…'}–{self.end_on or '…'}"


@dataclass
class Declaration:
    patentees: list[str]
    payment_method: str
    fee_fixed: float | None = None  # 万元
    royalty_sales_pct: float | None = None
    royalty_profit_pct: float | None = None
    term_from: date | None = None
    term_to: date | None = None
    evaluation_report: str = ""


@dataclass
class LicenceCase:
    publication_number: str
    as_of: date
    patent: PatentFacts | None  # None: not in the corpus
    facts: list[Fact] = field(default_factory=list)
    declaration: Declaration | None = None
    fee_guidance: dict[str, float] = field(default_factory=dict)
    fee_guidance_source: str = ""


@dataclass
class Finding:
    rule: str
    message: str
    blocking: bool

    def to_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "message": self.message}


def _active(case: LicenceCase, *kinds: str) -> list[Fact]:
    return [f for f in case.facts if f.kind in kinds and f.active(case.as_of)]


def _events(case: LicenceCase, word: str) -> list[dict[str, Any]]:
    if case.patent is None:
        return []
    found = [e for e in case.patent.events if word in (e.get("description") or "")]
    return sorted(found, key=lambda e: str(e.get("date") or ""))


def _open_spans(case: LicenceCase, word: str, ends: tuple[str, ...]) -> list[dict[str, Any]]:
    """Events with ``word`` dated on/before the date and not followed by an ending event (注销, 解除 …)."""
    spans: list[dict[str, Any]] = []
    for e in _events(case, word):
        if e.get("date") is not None and e["date"] > case.as_of:
            continue
        if any(w in (e.get("description") or "") for w in ends):
            spans = []  # an ending event closes what was open before it
        else:
            spans.append(e)
    return spans


def _ev(e: dict[str, Any]) -> str:
    return f"{e.get('date') or 'undated'} {e.get('description') or e.get('code') or ''}".strip()


# --------------------------------------------------------------------------- the rules


def declaration_complete(case: LicenceCase) -> list[Finding]:
    d = case.declaration
    if d is None:
        return []
    out = []
    if not d.patentees:
        out.append(Finding("declaration_complete", "the declaration names no patentee (细则 Art 85)", True))
    if d.payment_method not in PAYMENT_METHODS:
        out.append(
            Finding(
                "declaration_complete",
                f"payment method {d.payment_method!r} is not one of "
                f"{', '.join(PAYMENT_METHODS)} (细则 Art 85: payment method and standard)",
                True,
            )
        )
    if d.payment_method in ("lump_sum", "lump_sum_plus_royalty") and d.fee_fixed is None:
        out.append(Finding("declaration_complete", "a lump sum is declared without its amount (万元)", True))
    if d.payment_method in ("royalty", "lump_sum_plus_royalty") and (
        d.royalty_sales_pct is None and d.royalty_profit_pct is None
    ):
        out.append(
            Finding(
                "declaration_complete",
                "a royalty is declared without its rate (% of net sales or of profit)",
                True,
            )
        )
    if d.term_from is None or d.term_to is None:
        out.append(
            Finding("declaration_complete", "the licence term (from, to) is missing (细则 Art 85)", True)
        )
    elif d.term_to <= d.term_from:
        out.append(
            Finding(
                "declaration_complete",
                f"the licence term ends ({d.term_to}) before it starts ({d.term_from})",
                True,
            )
        )
    return out


def evaluation_report(case: LicenceCase) -> list[Finding]:
    d, p = case.declaration, case.patent
    if (
        p is None
        or p.patent_type not in NEEDS_EVALUATION_REPORT
        or (d is not None and d.evaluation_report.strip())
    ):
        return []
    kind = "utility-model" if p.patent_type == "utility_model" else "design"
    if d is None:  # no declaration checked yet: say what it will need
        return [
            Finding(
                "evaluation_report",
                f"a {kind} patent's declaration must come with a 专利权评价报告 (专利法 Art 50)",
                False,
            )
        ]
    return [
        Finding(
            "evaluation_report",
            f"a {kind} patent's declaration must come with a 专利权评价报告 (专利法 Art 50): none is given",
            True,
        )
    ]


def valid_on_date(case: LicenceCase) -> list[Finding]:
    p = case.patent
    confirmed = _active(case, "status_confirmed")
    if p is None:
        if confirmed:
            return [
                Finding(
                    "valid_on_date",
                    f"not in the corpus; in force per the register extract"
                    f" ({confirmed[0].detail or confirmed[0].span()})",
                    False,
                )
            ]
        return [
            Finding(
                "valid_on_date",
                f"{case.publication_number} is not in the corpus: its validity on"
                f" {case.as_of} cannot be checked (record a register extract: status_confirmed)",
                True,
            )
        ]
    out = []
    if p.status == "in_force":
        pass
    elif p.status == "unknown" and confirmed:
        out.append(
            Finding(
                "valid_on_date",
                f"the corpus has no status evidence; in force per the register"
                f" extract ({confirmed[0].detail or confirmed[0].span()})",
                False,
            )
        )
    elif p.status == "unknown":
        out.append(
            Finding(
                "valid_on_date",
                f"validity on {case.as_of} cannot be established: {p.status_reason}"
                " (record a register extract: status_confirmed)",
                True,
            )
        )
    else:
        out.append(
            Finding("valid_on_date", f"not in force on {case.as_of}: {p.status} ({p.status_reason})", True)
        )
    d = case.declaration
    if d is not None and d.term_to is not None and p.term_end is not None and d.term_to >= p.term_end:
        out.append(
            Finding(
                "valid_on_date",
                f"the licence term runs to {d.term_to}, past the patent's term"
                f" (in force up to the day before {p.term_end})",
                False,
            )
        )
    return out


def exclusive_or_sole_licence(case: LicenceCase) -> list[Finding]:
    out = [
        Finding(
            "exclusive_or_sole_licence",
            f"an {'exclusive' if f.kind == 'exclusive_licence' else 'sole'}"
            f" licence is in force ({f.span()}{': ' + f.detail if f.detail else ''}): an open licence is"
            " not allowed while it lasts",
            True,
        )
        for f in _active(case, "exclusive_licence", "sole_licence")
    ]
    for e in _open_spans(case, "许可", ("注销", "解除", "终止")):
        text = e.get("description") or ""
        if "开放许可" in text:
            continue
        if "独占" in text or "排他" in text:
            out.append(
                Finding(
                    "exclusive_or_sole_licence",
                    f"the corpus records an exclusive/sole licence ({_ev(e)}) and no later cancellation",
                    True,
                )
            )
        else:
            out.append(
                Finding(
                    "exclusive_or_sole_licence",
                    f"a licence contract is recorded ({_ev(e)}) without"
                    " its kind: confirm it is not exclusive or sole",
                    False,
                )
            )
    p = case.patent
    if p is not None and (p.licence_count or 0) > 0 and not _events(case, "许可"):
        out.append(
            Finding(
                "exclusive_or_sole_licence",
                f"the export counts {p.licence_count} licence(s) without"
                " dates or kinds: confirm none is exclusive or sole and in force",
                False,
            )
        )
    return out


def annuities_unpaid(case: LicenceCase) -> list[Finding]:
    unpaid = _active(case, "annuity_unpaid")
    paid = [f for f in case.facts if f.kind == "annuity_paid_until" and f.end_on is not None]
    out = [
        Finding(
            "annuities_unpaid",
            f"an annuity is unpaid ({f.span()}{': ' + f.detail if f.detail else ''})",
            True,
        )
        for f in unpaid
    ]
    if paid:
        last = max(f.end_on for f in paid if f.end_on is not None)
        if last < case.as_of:
            out.append(
                Finding(
                    "annuities_unpaid",
                    f"annuities are recorded as paid only up to {last}, before {case.as_of}",
                    True,
                )
            )
    elif not unpaid:
        out.append(
            Finding(
                "annuities_unpaid",
                "annuity payments are not recorded (the corpus carries no fee"
                " data): confirm they are paid (annuity_paid_until)",
                False,
            )
        )
    return out


def pledged_without_consent(case: LicenceCase) -> list[Finding]:
    consent = _active(case, "pledgee_consent") or [f for f in case.facts if f.kind == "pledgee_consent"]
    pledges = [f"recorded pledge {f.span()}" for f in _active(case, "pledge")]
    pledges += [f"corpus: {_ev(e)}" for e in _open_spans(case, "质押", ("注销", "解除"))]
    out = []
    if pledges and not consent:
        out.append(
            Finding(
                "pledged_without_consent",
                f"the patent is pledged ({'; '.join(pledges)}) and no pledgee's consent is recorded",
                True,
            )
        )
    elif pledges:
        out.append(
            Finding(
                "pledged_without_consent",
                f"pledged ({'; '.join(pledges)}); the pledgee consented"
                f" ({consent[0].detail or consent[0].span()})",
                False,
            )
        )
    p = case.patent
    if not pledges and p is not None and (p.pledge_count or 0) > 0 and not _events(case, "质押"):
        out.append(
            Finding(
                "pledged_without_consent",
                f"the export counts {p.pledge_count} pledge(s) without"
                " dates: confirm none is in force, or record the pledgee's consent",
                False,
            )
        )
    return out


def ownership_dispute(case: LicenceCase) -> list[Finding]:
    out = [
        Finding(
            "ownership_dispute",
            f"{'an ownership dispute' if f.kind == 'ownership_dispute' else 'a preservation'}"
            f" is pending ({f.span()}{': ' + f.detail if f.detail else ''})",
            True,
        )
        for f in _active(case, "ownership_dispute", "preservation")
    ]
    for word in ("保全", "中止"):
        out += [
            Finding("ownership_dispute", f"the corpus records {_ev(e)} and no release", True)
            for e in _open_spans(case, word, ("解除", "恢复"))
        ]
    return out


def fee_guidance(case: LicenceCase) -> list[Finding]:
    d, g = case.declaration, case.fee_guidance
    if d is None or not g:
        return []
    mark = f" (guidance: {case.fee_guidance_source or 'UNCONFIRMED'})"
    out = []
    if d.fee_fixed is not None and d.fee_fixed > g["fixed_max_wan"]:
        out.append(
            Finding(
                "fee_guidance",
                f"the lump sum {d.fee_fixed:g}万元 is above {g['fixed_max_wan']:g}万元{mark}",
                False,
            )
        )
    if d.royalty_sales_pct is not None and d.royalty_sales_pct > g["royalty_sales_max_pct"]:
        out.append(
            Finding(
                "fee_guidance",
                f"the royalty {d.royalty_sales_pct:g}% of net sales is above"
                f" {g['royalty_sales_max_pct']:g}%{mark}",
                False,
            )
        )
    if d.royalty_profit_pct is not None and d.royalty_profit_pct > g["royalty_profit_max_pct"]:
        out.append(
            Finding(
                "fee_guidance",
                f"the royalty {d.royalty_profit_pct:g}% of profit is above"
                f" {g['royalty_profit_max_pct']:g}%{mark}",
                False,
            )
        )
    return out


RULES: dict[str, Callable[[LicenceCase], list[Finding]]] = {
    "declaration_complete": declaration_complete,
    "evaluation_report": evaluation_report,
    "valid_on_date": valid_on_date,
    "exclusive_or_sole_licence": exclusive_or_sole_licence,
    "annuities_unpaid": annuities_unpaid,
    "pledged_without_consent": pledged_without_consent,
    "ownership_dispute": ownership_dispute,
}


@dataclass
class Verdict:
    publication_number: str
    as_of: date
    allowed: bool
    reasons: list[Finding]
    warnings: list[Finding]
    rules: list[str]

    def to_dict(self) -> dict[str, Any]:
        """The contract of `ipcenter licence check --format json`."""
        return {
            "publication_number": self.publication_number,
            "as_of": self.as_of.isoformat(),
            "allowed": self.allowed,
            "reasons": [f.to_dict() for f in self.reasons],
            "warnings": [f.to_dict() for f in self.warnings],
        }


def check(case: LicenceCase, rules: list[str]) -> Verdict:
    """Run ``rules`` (names of `RULES`, in order) and the fee guidance; allowed when nothing blocks."""
    findings: list[Finding] = []
    for name in rules:
        findings += RULES[name](case)
    findings += fee_guidance(case)
    reasons = [f for f in findings if f.blocking]
    warnings = [f for f in findings if not f.blocking]
    return Verdict(case.publication_number, case.as_of, not reasons, reasons, warnings, list(rules))
