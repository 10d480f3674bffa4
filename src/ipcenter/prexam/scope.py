"""The scope table of a centre: IPC subclasses/groups (inventions, utility models) and Locarno classes
(designs) mapped to the centre's industry fields, each row with the notice it comes from
(domain-cn-2.md §1.5, §6.A.1; domain-cn.md §9 rule 14)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

from ipcenter.core.ipc import IpcPattern
from ipcenter.errors import InvalidValue

_LOC = re.compile(r"^(?:LOC\s*(?:\(\d+\))?\s*)?(?:CL\.?\s*)?(\d{1,2})(?:\s*[-–.－]\s*(\d{1,2})|(\d{2}))?$")


def parse_locarno(text: str) -> tuple[str, str | None]:
    """A Locarno class (``24``) or subclass (``24-01``, ``2401``, ``LOC(14) Cl. 24-01``) → ("24", "01"|None)."""
    s = unicodedata.normalize("NFKC", str(text)).strip().upper()
    m = _LOC.match(s)
    if not m:
        raise InvalidValue(f"{text!r} is not a Locarno class (expected e.g. 24-01 or 24)")
    cls, sub = m.group(1), m.group(2) or m.group(3)
    if not 1 <= int(cls) <= 32 and int(cls) != 99:
        raise InvalidValue(f"{text!r}: Locarno class {int(cls)} does not exist (01–32, 99)")
    return f"{int(cls):02d}", (f"{int(sub):02d}" if sub is not None else None)


@dataclass(frozen=True)
class ScopeRow:
    scheme: str  # IPC (inventions, utility models) or LOC (designs)
    code: str  # normalised: G06F, G06F40/00, G06F40*, 24-01, 24
    field: str  # the centre's industry field, e.g. 新材料
    title: str = ""
    source: str = ""  # the notice or file the row comes from
    source_date: date | None = None

    @classmethod
    def make(
        cls,
        scheme: str,
        code: str,
        field_name: str,
        title: str = "",
        source: str = "",
        source_date: date | None = None,
    ) -> ScopeRow:
        scheme = scheme.strip().upper()
        if scheme in ("LOCARNO", "洛迦诺"):
            scheme = "LOC"
        if scheme not in ("IPC", "LOC"):
            raise InvalidValue(f"scope scheme must be IPC or LOC, got {scheme!r}")
        if not field_name or not field_name.strip():
            raise InvalidValue(f"scope row {code!r} has no industry field")
        if scheme == "IPC":
            pattern = IpcPattern.parse(code)
            normal = pattern.subclass
            if pattern.main_group is not None:
                normal += pattern.main_group + "/" + (pattern.subgroup_prefix or "00")
            normal += "*" if pattern.wildcard else ""
        else:
            cls_, sub = parse_locarno(code)
            normal = f"{cls_}-{sub}" if sub else cls_
        return cls(scheme, normal, field_name.strip(), title.strip(), source.strip(), source_date)

    def ipc_pattern(self) -> IpcPattern:
        """What the row covers: a subclass or main group (``G06F40/00``) covers everything below it, as
        centres' lists mean it; a subgroup covers itself, or its subdivisions when written ``G06F40/3*``."""
        pattern = IpcPattern.parse(self.code)
        if (
            pattern.subgroup_prefix is not None
            and not pattern.wildcard
            and pattern.subgroup_prefix.strip("0") == ""
        ):
            return IpcPattern(pattern.subclass, pattern.main_group, None, False)
        return pattern

    def specificity(self) -> int:
        if self.scheme == "LOC":
            return 2 if "-" in self.code else 1
        pattern = self.ipc_pattern()
        return 1 if pattern.main_group is None else 2 if pattern.subgroup_prefix is None else 3

    def to_json(self) -> dict[str, Any]:
        return {
            "scheme": self.scheme,
            "code": self.code,
            "field": self.field,
            "title": self.title,
            "source": self.source,
            "source_date": self.source_date.isoformat() if self.source_date else None,
        }


@dataclass(frozen=True)
class ScopeVerdict:
    in_scope: bool
    scheme: str
    code: str  # the classification as given, normalised
    fields: tuple[str, ...]  # the centre fields the code falls under
    rows: tuple[ScopeRow, ...]
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {
            "in_scope": self.in_scope,
            "scheme": self.scheme,
            "code": self.code,
            "fields": list(self.fields),
            "rows": [r.to_json() for r in self.rows],
            "reason": self.reason,
        }


def scheme_for(patent_type: str) -> str:
    return "LOC" if patent_type == "design" else "IPC"
