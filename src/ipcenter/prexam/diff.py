"""A readable diff of the claims between two rounds: claim by claim (by number), and inside a changed claim
the inserted and deleted characters (Chinese text has no word breaks, so characters are the unit; runs of
changes are merged so a replaced phrase reads as one deletion and one insertion)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from ipcenter.core.claims import split_claims


@dataclass
class ClaimChange:
    number: int | None
    status: str  # unchanged | changed | added | removed
    segments: list[tuple[str, str]] = field(default_factory=list)  # (equal | insert | delete, text)

    def to_json(self) -> dict[str, Any]:
        return {"number": self.number, "status": self.status,
                "segments": [{"op": op, "text": text} for op, text in self.segments]}  # fmt: skip


def _segments(old: str, new: str) -> list[tuple[str, str]]:
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    out: list[tuple[str, str]] = []
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            out.append(("equal", old[a0:a1]))
            continue
        if op in ("delete", "replace"):
            out.append(("delete", old[a0:a1]))
        if op in ("insert", "replace"):
            out.append(("insert", new[b0:b1]))
    return out


def claims_diff(old_text: str, new_text: str) -> list[ClaimChange]:
    old = {n if n is not None else i: t for i, (n, t) in enumerate(split_claims(old_text), 1)}
    new = {n if n is not None else i: t for i, (n, t) in enumerate(split_claims(new_text), 1)}
    changes = []
    for number in sorted(set(old) | set(new)):
        if number not in new:
            changes.append(ClaimChange(number, "removed", [("delete", old[number])]))
        elif number not in old:
            changes.append(ClaimChange(number, "added", [("insert", new[number])]))
        elif old[number] == new[number]:
            changes.append(ClaimChange(number, "unchanged", [("equal", old[number])]))
        else:
            changes.append(ClaimChange(number, "changed", _segments(old[number], new[number])))
    return changes


def summary(changes: list[ClaimChange]) -> dict[str, int]:
    counts = {"unchanged": 0, "changed": 0, "added": 0, "removed": 0}
    for change in changes:
        counts[change.status] += 1
    return counts
