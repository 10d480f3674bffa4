"""The seeded-defect suite: take a real, clean claim set, introduce one defect of one rule, and see whether
the checker reports exactly that finding (at the expected claim) and no new error anywhere else.

The seeders live with their rules (``examine/rules/<family>.py``); the registry lists them in ``SEEDERS``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ipcenter.examine.models import Application, CheckResult, ClaimNode
from ipcenter.examine.rules import INHERENT, SEEDERS
from ipcenter.examine.service import check_application


@dataclass
class RuleOutcome:
    rule: str
    seeded: int = 0
    found: int = 0  # the expected finding appeared at the expected claim
    extra_errors: int = 0  # seeds after which another new error appeared
    missed: list[str] = field(default_factory=list)
    noisy: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.seeded if self.seeded else 0.0


def _keys(result: CheckResult) -> set[tuple[str, int | None]]:
    return {(f.rule, f.claim) for f in result.findings if f.severity == "error"}


def clean_bases(
    apps: list[Application], limit: int | None = None
) -> list[tuple[Application, list[ClaimNode]]]:
    """Claim sets with at least 4 claims and no error-level claim finding: the seeds' starting points."""
    out = []
    for app in apps:
        if not isinstance(app.claims, list):
            continue
        result = check_application(app)
        clean = not any(f.severity == "error" for f in result.findings)
        # numbered 1..n: a set whose start was lost (CLM-NUMBERING warning) is no base
        numbered = [c.number for c in result.claims] == list(range(1, len(result.claims) + 1))
        if len(result.claims) >= 4 and clean and numbered:
            # one list item per parsed claim, so that list positions and claim positions agree; each with its
            # number label (a claim read from a record has none: its number is a field there)
            texts = [c.text if c.label else f"{c.number}.{c.text}" for c in result.claims]
            same = replace(app, claims=texts)
            out.append((same, check_application(same).claims))
        if limit and len(out) >= limit:
            break
    return out


def run_suite(
    bases: list[tuple[Application, list[ClaimNode]]], rules: list[str] | None = None
) -> dict[str, RuleOutcome]:
    outcomes: dict[str, RuleOutcome] = {}
    for rule in rules or list(SEEDERS):
        outcome = outcomes.setdefault(rule, RuleOutcome(rule))
        for app, parsed in bases:
            seeded = SEEDERS[rule](app, parsed)
            if seeded is None:
                continue
            mutated, claim = seeded
            outcome.seeded += 1
            result = check_application(mutated)
            hits = [f for f in result.findings if f.rule == rule and (claim is None or f.claim == claim)]
            if hits:
                outcome.found += 1
            else:
                outcome.missed.append(app.id)
            base_errors = _keys(check_application(app))
            new = {
                k
                for k in _keys(result) - base_errors
                if k[0] != rule and k[0] not in INHERENT.get(rule, frozenset())
            }
            if new:
                outcome.extra_errors += 1
                outcome.noisy.append(f"{app.id}: {sorted(new, key=str)}")
    return outcomes
