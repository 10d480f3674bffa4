"""Independent claims: the claims contain one (Implementing Regulations Art. 23), and each is written before
its dependent claims (Art. 24(3)). Several independent claims with their dependent claims interleaved (parallel
product and method claims) are allowed: only a dependent claim written before its independent claim is reported."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from ipcenter.examine.models import Application, ClaimNode, Finding
from ipcenter.examine.rules.base import CheckContext, ClaimSet, Family, Seed, rule
from ipcenter.examine.rules.mutate import claim_texts, last_dependent, replace_span, with_claims

NO_INDEPENDENT = rule(
    "CLM-NO-INDEPENDENT",
    "error",
    article=23,
    paragraph=1,
    what_zh="权利要求书中没有独立权利要求",
    what_en="no independent claim",
    us="35 U.S.C. 112(b); EPC Rule 43(1)",
)
INDEPENDENT_ORDER = rule(
    "CLM-INDEPENDENT-ORDER",
    "warning",
    article=24,
    paragraph=3,
    what_zh="独立权利要求未写在其从属权利要求之前",
    what_en="an independent claim written after a claim that depends on it",
    us="37 CFR 1.75(g)",
)


def check_independent(claims: Sequence[ClaimNode], cache: ClaimSet | None = None) -> Iterator[Finding]:
    claims = [c for c in claims if c.lang in ("zh", "en")] or list(claims)
    if claims and not any(c.independent for c in claims):
        yield NO_INDEPENDENT.finding(claims[0], 0, 0, "没有独立权利要求", "no independent claim")
        return
    cache = cache or ClaimSet(claims)
    by_number = cache.by_number
    for i, c in enumerate(claims):
        if c.independent or c.number is None or c.lang not in ("zh", "en"):
            continue
        # the independent claims it rests on, through the claims it depends on (later ones included: the
        # dependency itself is a CLM-REF-FORWARD error, the order is this rule)
        roots = {t for t in c.depends_on if t in by_number and by_number[t].independent}
        for t in c.depends_on:
            if t in by_number and t < c.number:
                roots |= cache.roots(t)
        later = sorted(r for r in roots if r > c.number)
        if later:
            yield INDEPENDENT_ORDER.finding(
                c,
                0,
                c.body_start,
                f"从属于独立权利要求{later[0]}，却写在其之前",
                f"depends on independent claim {later[0]} but is written before it",
                index=i,
            )


def check(ctx: CheckContext) -> Iterator[Finding]:
    return check_independent(ctx.claims, ctx.claim_set)


def seed_no_independent(app: Application, parsed: list[ClaimNode]) -> Seed | None:
    """Claim 1 (the only independent claim) rewritten as a claim depending on claim 1.

    Every claim must then depend on one: the first can only cite itself, so CLM-REF-FORWARD on claim 1
    comes with it (``inherent`` below)."""
    independents = [c for c in parsed if c.independent]
    if len(independents) != 1 or independents[0] is not parsed[0]:
        return None
    cl = claim_texts(app)
    c = parsed[0]
    # '根据权利要求1所述的X的制备方法' would read as another category's independent claim: not a clean seed
    # (so is any subject with 的 that ends in 方法/工艺: '大跨度预应力双T板的顶升就位转换施工方法')
    if re.search(r"的(?:制备|生产|制造)?方法|的.*(?:方法|工艺)$|用途|应用|制备|用于", c.subject):
        return None
    cl[0] = c.text[: c.body_start] + "根据权利要求1所述的" + c.body.removeprefix("一种")
    return with_claims(app, cl), None


def seed_independent_order(app: Application, parsed: list[ClaimNode]) -> Seed | None:
    """The last single dependent claim made to depend on a copy of claim 1 appended after it (so CLM-REF-FORWARD
    comes with it: ``inherent`` below)."""
    c = last_dependent(parsed)
    if c is None or c.number is None or not parsed[0].independent or parsed[-1].number is None:
        return None
    n = parsed[-1].number + 1
    cl = claim_texts(app)
    r = c.references[0]
    cl[parsed.index(c)] = replace_span(c.text, r.start, r.end, f"权利要求{n}")
    return with_claims(app, [*cl, f"{n}." + parsed[0].body]), c.number


FAMILY = Family(
    "independent",
    (NO_INDEPENDENT, INDEPENDENT_ORDER),
    check,
    {NO_INDEPENDENT.id: seed_no_independent, INDEPENDENT_ORDER.id: seed_independent_order},
    inherent={
        NO_INDEPENDENT.id: frozenset({"CLM-REF-FORWARD"}),
        INDEPENDENT_ORDER.id: frozenset({"CLM-REF-FORWARD"}),
    },
)
