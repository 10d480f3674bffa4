"""Data of the formal claims checker: parsed claims, their references, findings, applications."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(slots=True)
class Reference:
    """One reference phrase inside a claim, e.g. ``根据权利要求1或2所述`` or ``any one of claims 1 to 3``."""

    targets: list[int]  # claim numbers referred to, ranges expanded
    # single | alternative (或/任一/or) | range (1-3 without 任一) | cumulative (和/及/and) | preceding (前述任一项)
    # | condition (the claims a cited claim is read on: '当从属于权利要求17至19中的任一项时')
    kind: str
    start: int  # character span in the claim text
    end: int
    text: str

    @property
    def multiple(self) -> bool:
        return len(self.targets) > 1


@dataclass(slots=True)
class ClaimNode:
    """One claim as the checker sees it. Spans of findings are offsets into ``text``."""

    number: int | None  # as written (None when the claim carries no usable number)
    text: str  # the claim as written, its number label included when the source has one
    label: str = ""  # the number label as written: '1.', '权利要求2：', '三、'
    body_start: int = 0  # where the claim proper starts (after the label)
    lang: str = "zh"
    category: str = "product"  # product / method / use
    independent: bool = True
    references: list[Reference] = field(default_factory=list)
    # the claims a dependent claim depends on: those of the reference that opens it ('根据权利要求1或2所述的…'),
    # not claims cited later in its body ('…包含权利要求1～7任一项所述的铂配合物')
    dependency: list[int] = field(default_factory=list)
    subject: str = ""  # 主题名称: '无人机机载多功能盒', 'method for …'
    subject_span: tuple[int, int] = (0, 0)
    # text before claim 1 recognised as drawing labels ('1.快照创建通知 … 4.快照处理'), not taken for claims
    preamble: str = ""

    @property
    def depends_on(self) -> list[int]:
        """Claims this claim depends on (empty for an independent claim, even one citing another claim)."""
        if self.independent:
            return []
        return sorted(set(self.dependency))

    @property
    def cited(self) -> list[int]:
        return sorted({t for r in self.references for t in r.targets})

    @property
    def read_with(self) -> list[int]:
        """The claims this claim is read with, each a reading of its own: those it depends on (not the claims its
        cited claim is read on, '当从属于…时'), or for an independent claim the claims it cites."""
        if self.independent:
            return self.cited
        conditions = {t for r in self.references if r.kind == "condition" for t in r.targets}
        return [t for t in self.depends_on if t not in conditions] or self.depends_on

    @property
    def multiple_dependent(self) -> bool:
        return not self.independent and len(self.depends_on) > 1

    @property
    def body(self) -> str:
        return self.text[self.body_start :]


@dataclass(slots=True)
class Finding:
    rule: str  # contract id, e.g. 'CLM-REF-FORWARD'
    severity: str  # error / warning / info
    claim: int | None  # claim number (None for title/abstract/description findings)
    start: int  # span in the claim text (or in the field named by ``part``)
    end: int
    message_zh: str
    message_en: str
    basis: str  # 2023 legal basis, e.g. '专利法实施细则第二十五条第二款'
    part: str = "claims"  # claims / title / abstract / description
    claim_index: int = 0  # position of the claim in the set (0-based), for claims without a number

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "claim": self.claim,
            "start": self.start,
            "end": self.end,
            "message": self.message_zh if lang == "zh" else self.message_en,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
            "basis": self.basis,
            "part": self.part,
        }


@dataclass(slots=True)
class Application:
    """What the checker receives: at least claims; title, abstract, description and sign list when known."""

    id: str
    claims: str | list[str] | list[tuple[int | None, str]]
    title: str | None = None
    abstract: str | None = None
    description: str | None = None
    reference_signs: dict[str, str] = field(default_factory=dict)  # sign → name ('1' → '内盒')
    title_reason: str | None = None  # why a title may run to 40 characters (e.g. a chemical name)
    lang: str | None = None
    office: str | None = None  # CN / US / EP: which office's rules apply where they differ


@dataclass(slots=True)
class CheckResult:
    id: str
    claims: list[ClaimNode]
    findings: list[Finding]
    lang: str = "zh"
    title: str | None = None
    abstract: str | None = None

    def counts(self) -> dict[str, int]:
        out = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            out[f.severity] += 1
        return out

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        """The JSON contract: {"id", "claims": [{"number", "independent", "depends_on"}], "findings": [...]}."""
        return {
            "id": self.id,
            "claims": [
                {
                    "number": c.number,
                    "independent": c.independent,
                    "depends_on": c.depends_on,
                    "category": c.category,
                    "subject": c.subject,
                    "references": [asdict(r) for r in c.references],
                }
                for c in self.claims
            ],
            "findings": [f.to_dict(lang) for f in self.findings],
            "counts": self.counts(),
        }
