"""Read the hand labels (labels.txt): per claim set, per claim, independent or its depends_on, and the defects."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

LABELS = Path(__file__).with_name("labels.txt")


@dataclass
class Defect:
    claim: int | None
    rule: str
    borderline: bool
    note: str


@dataclass
class LabelledSet:
    id: str
    claims: dict[int, list[int] | None] = field(default_factory=dict)  # None: independent; else depends_on
    defects: list[Defect] = field(default_factory=list)


def read_labels(path: Path = LABELS) -> dict[str, LabelledSet]:
    sets: dict[str, LabelledSet] = {}
    current: LabelledSet | None = None
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("= "):
            current = sets.setdefault(line[2:].strip(), LabelledSet(line[2:].strip()))
            continue
        if current is None:
            raise ValueError(f"line {n}: a label before any '= ID'")
        if line.startswith("!"):
            mark, claim, rule, *note = line.split(maxsplit=3)
            if mark not in ("!", "!?") or not rule.startswith(("CLM-", "ABS-", "TITLE-", "DESC-")):
                raise ValueError(f"line {n}: bad defect line {line!r}")
            number = None if claim == "-" else int(claim)
            current.defects.append(Defect(number, rule, mark == "!?", note[0] if note else ""))
            continue
        number_text, value = line.split(maxsplit=1)
        number = int(number_text)
        if number in current.claims:
            raise ValueError(f"line {n}: claim {number} of {current.id} labelled twice")
        current.claims[number] = None if value == "I" else [int(x) for x in value.split(",")]
    return sets


if __name__ == "__main__":
    labelled = read_labels()
    claims = sum(len(s.claims) for s in labelled.values())
    defects = sum(len(s.defects) for s in labelled.values())
    for s in labelled.values():
        if list(s.claims) != list(range(1, len(s.claims) + 1)):
            print("numbering", s.id, list(s.claims))
        for number, deps in s.claims.items():
            if (
                deps
                and any(d >= number for d in deps)
                and not any(d.rule == "CLM-REF-FORWARD" and d.claim == number for d in s.defects)
            ):
                print("forward dependency without a label", s.id, number, deps)
    print(f"{len(labelled)} claim sets, {claims} claims, {defects} defects")
