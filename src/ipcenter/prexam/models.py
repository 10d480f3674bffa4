"""Vocabulary of the pre-examination service: patent types, application documents, settings that may be
UNCONFIRMED, and the rate every published figure is reported as (numerator, denominator, definition).

Rules and sources: ../shared/docs/domain-cn-2.md §1 and §6.A, ../shared/docs/domain-cn.md §2 and §9 rules
13–16. Names of states and notices are our modelling choice unless a source attests them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Generic, TypeVar

from ipcenter.errors import InvalidValue, UserError

T = TypeVar("T")

PATENT_TYPES = ("invention", "utility_model", "design")
TYPE_LABELS = {
    "invention": ("发明", "invention"),
    "utility_model": ("实用新型", "utility model"),
    "design": ("外观设计", "design"),
}

#: Application documents (§1.5, §6.A.7). Inventions and utility models: 请求书, 说明书 (+ 附图; utility
#: models must have drawings), 权利要求书, 说明书摘要 (+ 摘要附图 when there are drawings). Designs:
#: 请求书, 图片或照片, 简要说明.
DOCUMENT_KINDS: dict[str, tuple[str, str]] = {
    "request": ("请求书", "request"),
    "description": ("说明书", "description"),
    "claims": ("权利要求书", "claims"),
    "abstract": ("说明书摘要", "abstract"),
    "drawings": ("说明书附图", "drawings"),
    "abstract_drawing": ("摘要附图", "abstract drawing"),
    "design_views": ("图片或照片", "design views (drawings or photographs)"),
    "brief_description": ("简要说明", "brief description"),
    "other": ("其他文件", "other document"),
}
REQUIRED_DOCUMENTS: dict[str, tuple[str, ...]] = {
    "invention": ("request", "description", "claims", "abstract"),
    "utility_model": ("request", "description", "claims", "abstract", "drawings", "abstract_drawing"),
    "design": ("request", "design_views", "brief_description"),
}

UNCONFIRMED = "UNCONFIRMED"
CONFIRMED = "confirmed"


@dataclass(frozen=True)
class Setting(Generic[T]):
    """A centre parameter. ``status`` is UNCONFIRMED until a centre enters its own value (with its
    source); a working default may be carried meanwhile (e.g. 10 days to file, from IP Australia), and
    every report shows it with the word UNCONFIRMED. ``value`` None means there is no default at all."""

    value: T | None
    status: str = UNCONFIRMED
    source: str = ""

    def __post_init__(self) -> None:
        if self.status not in (UNCONFIRMED, CONFIRMED):
            raise InvalidValue(f"setting status must be {CONFIRMED} or {UNCONFIRMED}, got {self.status!r}")

    @property
    def confirmed(self) -> bool:
        return self.status == CONFIRMED

    def require(self, name: str) -> T:
        """The value, or a clear error when the centre has not entered one and there is no default."""
        if self.value is None:
            raise UserError(
                f"the centre has not set {name} (UNCONFIRMED, no default): a centre admin must enter it"
            )
        return self.value

    def shown(self) -> str:
        value = "—" if self.value is None else _show(self.value)
        return value if self.confirmed else f"{value} (UNCONFIRMED)"

    def to_json(self) -> dict[str, Any]:
        return {"value": _jsonable(self.value), "status": self.status, "source": self.source}

    @classmethod
    def from_json(cls, data: Any) -> Setting[Any]:
        if isinstance(data, dict) and "value" in data:
            return cls(data["value"], data.get("status", UNCONFIRMED), data.get("source", ""))
        return cls(data, UNCONFIRMED, "")  # a bare value is a default nobody has confirmed


def _show(value: object) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list | tuple):
        return "、".join(map(str, value))
    return str(value)


def _jsonable(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    return value


def confirmed(value: T, source: str) -> Setting[T]:
    return Setting(value, CONFIRMED, source)


def unconfirmed(value: T | None = None, source: str = "") -> Setting[T]:
    return Setting(value, UNCONFIRMED, source)


@dataclass(frozen=True)
class Rate:
    """A published rate: value = numerator / denominator, always with both and the definition."""

    name: str  # e.g. 合格率
    numerator: int
    denominator: int
    definition: str  # e.g. "合格量 / 已受理量 (广东 definition)"

    @property
    def value(self) -> Decimal | None:
        if self.denominator == 0:
            return None
        return Decimal(self.numerator) / Decimal(self.denominator)

    def percent(self, places: int = 2) -> Decimal | None:
        """Percentage rounded half-up (80/100 → 80.00)."""
        if self.value is None:
            return None
        quantum = Decimal(1).scaleb(-places)
        return (self.value * 100).quantize(quantum, rounding=ROUND_HALF_UP)

    def shown(self, places: int = 2) -> str:
        pct = self.percent(places)
        return "—" if pct is None else f"{pct}%"

    def to_json(self) -> dict[str, Any]:
        pct = self.percent()
        return {
            "name": self.name,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "percent": None if pct is None else float(pct),
            "definition": self.definition,
        }


def normalise_patent_type(value: str) -> str:
    folded = value.strip().lower().replace("-", "_").replace(" ", "_")
    aliases = {
        "发明": "invention",
        "实用新型": "utility_model",
        "外观设计": "design",
        "utilitymodel": "utility_model",
        "um": "utility_model",
        "外观": "design",
    }
    folded = aliases.get(folded, folded)
    if folded not in PATENT_TYPES:
        raise InvalidValue(
            f"patent type {value!r} is not one of 发明/invention, 实用新型/utility_model, 外观设计/design"
        )
    return folded
