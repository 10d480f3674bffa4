"""Subject names: a dependent claim names the subject of the claim it refers to (Implementing Regulations
Art. 25(1): '根据权利要求1所述的摄像机调焦装置')."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from ipcenter.examine.models import Application, ClaimNode, Finding
from ipcenter.examine.rules.base import CheckContext, ClaimSet, Family, Seed, rule
from ipcenter.examine.rules.mutate import claim_texts, last_dependent, replace_span, with_claims

SUBJECT_MISMATCH = rule(
    "CLM-SUBJECT-MISMATCH",
    "warning",
    article=25,
    paragraph=1,
    what_zh="从属权利要求的主题名称与被引用权利要求不一致",
    what_en="dependent claim's subject name differs from the claim it refers to",
    us="35 U.S.C. 112(d); EPC Rule 43(4)",
)


def _norm_subject(s: str) -> str:
    s = re.sub(r"[（(][^）)]*[)）]|所述|根据|一种|的|\s", "", s)
    return s.lower()


def _compatible(a: str, b: str) -> bool:
    a, b = _norm_subject(a), _norm_subject(b)
    if not a or not b:
        return True
    return a in b or b in a or a[-2:] == b[-2:]


def _up_the_chain(targets: list[ClaimNode], cache: ClaimSet) -> Iterator[ClaimNode]:
    """The claims a dependent claim refers to, each followed by the claims up its own chain (lazily: the first
    compatible subject ends the search)."""
    for t in targets:
        yield t
        yield from (cache.by_number[a] for a in cache.ancestors(t.number or 0) if a in cache.by_number)


def check_subjects(claims: Sequence[ClaimNode], cache: ClaimSet | None = None) -> Iterator[Finding]:
    cache = cache or ClaimSet(claims)
    by_number = cache.by_number
    for i, c in enumerate(claims):
        if c.independent or not c.subject or c.lang not in ("zh", "en"):
            continue
        targets = [by_number[t] for t in c.depends_on if t in by_number]
        if not targets:
            continue

        if c.lang == "en":
            # English drafting abbreviates freely ('The PCD of claim 1', 'The method' for 'A process'):
            # only a change of category (method ↔ product) is reported
            if any(n.category == c.category or not n.subject for n in _up_the_chain(targets, cache)):
                continue
        elif any(_compatible(c.subject, n.subject) for n in _up_the_chain(targets, cache)):
            continue
        ref = targets[0]
        yield SUBJECT_MISMATCH.finding(
            c,
            c.subject_span[0],
            c.subject_span[1],
            f"主题名称“{c.subject}”与被引用的权利要求{ref.number}“{ref.subject}”不一致",
            f"subject '{c.subject}' differs from claim {ref.number}'s '{ref.subject}'",
            index=i,
        )


def check(ctx: CheckContext) -> Iterator[Finding]:
    return check_subjects(ctx.claims, ctx.claim_set)


def seed_subject(app: Application, parsed: list[ClaimNode]) -> Seed | None:
    """The subject name of the last single dependent claim replaced by one used nowhere in the set."""
    c = last_dependent(parsed, skip_referred=False)
    if c is None or not c.subject:
        return None
    subjects = "".join(x.subject for x in parsed)
    new = next(
        (s for s in ("灌装机", "存储介质", "光纤连接器") if s[-2:] not in subjects and s not in subjects),
        None,
    )
    if new is None:
        return None
    cl = claim_texts(app)
    cl[parsed.index(c)] = replace_span(c.text, c.subject_span[0], c.subject_span[1], new)
    return with_claims(app, cl), c.number


FAMILY = Family("subject", (SUBJECT_MISMATCH,), check, {SUBJECT_MISMATCH.id: seed_subject})
