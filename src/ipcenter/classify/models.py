"""Data of the classify domain: suggestions, labelled training examples, scope entries and decisions."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(slots=True)
class Suggestion:
    """One suggested IPC code (subclass ``G06F`` or main group ``G06F40/00``) with its score in [0, 1]."""

    code: str
    score: float
    title_zh: str | None = None
    title_en: str | None = None
    groups: list[Suggestion] = field(default_factory=list)  # main groups under a subclass suggestion

    def to_dict(self, *, with_groups: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "code": self.code,
            "score": round(self.score, 4),
            "title_zh": self.title_zh,
            "title_en": self.title_en,
        }
        if with_groups and self.groups:
            data["groups"] = [g.to_dict(with_groups=False) for g in self.groups]
        return data


@dataclass(slots=True)
class Classification:
    """What `classify "TEXT"` answers: the suggestions at the level asked for, and the set of subclasses
    the decision rule keeps (what micro-F1 is measured on)."""

    text: str
    level: str  # 'subclass' or 'group'
    suggestions: list[Suggestion]
    decided_subclasses: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "level": self.level,
            "suggestions": [s.to_dict() for s in self.suggestions],
            "decided_subclasses": self.decided_subclasses,
        }


@dataclass(slots=True)
class Example:
    """A labelled text for training: IPC subclasses (normalised) and where it came from."""

    text: str
    subclasses: list[str]
    source: str  # 'cn-title', 'uspto', 'epo', 'cn-xml', 'ipc-title-zh', 'ipc-title-en'
    lang: str  # 'zh' or 'en'
    id: str = ""
    fold: int | None = None  # cn-ipc-title-benchmark fold (1–4); None elsewhere


@dataclass(frozen=True, slots=True)
class ScopeEntry:
    """One line of a centre's pre-examination scope (预审服务领域): an IPC subclass or a Locarno class."""

    centre: str
    scheme: str  # 'IPC' or 'LOC'
    code: str  # 'G06F' or '10-05'
    title: str
    field: str | None = None  # the industry field the centre files it under (e.g. 新材料)


@dataclass(slots=True)
class ScopeDecision:
    """``in_scope`` / ``out_of_scope`` / ``uncertain`` for one application at one centre, with the reasons."""

    centre: str
    decision: str
    reasons: list[str]
    matched: list[dict[str, Any]] = field(default_factory=list)  # scope entries that matched, with scores
    outside: list[dict[str, Any]] = field(default_factory=list)  # suggestions outside the scope
    input: dict[str, Any] = field(default_factory=dict)  # what was checked (ipc / text excerpt)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
