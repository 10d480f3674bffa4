"""The check-rule registry: one module per rule family, each holding its rules (ids, severity, message, legal
basis), its check and one seeder per rule; ``check_all`` runs every family listed here.

Adding a rule: add it to its family's module (rule record, findings in the family's ``check``, a seeder), or
write a new family module exposing ``FAMILY`` and list it in ``FAMILIES``. Nothing else changes: the rule
table in reports, the seeded-defect suite and ``check_all`` read the registry.
"""

from __future__ import annotations

from collections.abc import Sequence

from ipcenter.examine.models import Application, ClaimNode, Finding
from ipcenter.examine.rules import (
    abstract,
    antecedent,
    description,
    independent,
    numbering,
    periods,
    references,
    signs,
    subject,
    title,
    wording,
)
from ipcenter.examine.rules.base import DISCLAIMER_EN, DISCLAIMER_ZH, CheckContext, Family, Rule, Seeder

FAMILIES: tuple[Family, ...] = (
    numbering.FAMILY,
    references.FAMILY,
    independent.FAMILY,
    periods.FAMILY,
    wording.FAMILY,
    signs.FAMILY,
    antecedent.FAMILY,
    subject.FAMILY,
    abstract.FAMILY,
    title.FAMILY,
    description.FAMILY,
)

#: every rule by id (ids are a contract), in the families' order
RULES: dict[str, Rule] = {r.id: r for f in FAMILIES for r in f.rules}
#: one seeder per rule (the seeded-defect suite)
SEEDERS: dict[str, Seeder] = {rid: s for f in FAMILIES for rid, s in f.seeders.items()}
#: findings of another rule that a seed brings with it by necessity
INHERENT: dict[str, frozenset[str]] = {rid: x for f in FAMILIES for rid, x in f.inherent.items()}

_PART_ORDER = {"title": 0, "abstract": 1, "claims": 2, "description": 3}


def check_all(claims: Sequence[ClaimNode], app: Application | None = None) -> list[Finding]:
    """Every family's findings on parsed claims (and the application's title, abstract and description),
    in reading order: title, abstract, then claim by claim, then the description."""
    ctx = CheckContext(claims, app)
    out: list[Finding] = []
    for family in FAMILIES:
        out.extend(family.check(ctx))
    out.sort(key=lambda f: (_PART_ORDER[f.part], f.claim_index, f.start, f.rule))
    return out


__all__ = ["DISCLAIMER_EN", "DISCLAIMER_ZH", "FAMILIES", "INHERENT", "RULES", "SEEDERS", "Rule", "check_all"]
