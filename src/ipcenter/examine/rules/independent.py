"""Independent claims: the claims contain one (Implementing Regulations Art. 23), and each is written before
its dependent claims (Art. 24(3))."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from ipcenter.examine.models import Application, ClaimNode, Finding
from ipcenter.examine.rules.base import CheckContext, ClaimSet, Family, Seed, rule
from ipcenter.examine.rules.mutate import claim_texts, with_claims

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
    what_zh="从属权利要求未紧随其独立权利要求（被另一独立权利要求隔开）",
    what_en="dependent claims separated from their independent claim by another independent claim",
    us="37 CFR 1.75(g)",
)


def check_independent(claims: Sequence[ClaimNode], cache: ClaimSet | None = None) -> Iterator[Finding]:
    claims = [c for c in claims if c.lang in ("zh", "en")] or list(claims)
    if claims and not any(c.independent for c in claims):
        yield NO_INDEPENDENT.finding(claims[0], 0, 0, "没有独立权利要求", "no independent claim")
        return
    cache = cache or ClaimSet(claims)
    by_number = cache.by_number
    independents = [c.number for c in claims if c.independent and c.number is not None]
    for i, c in enumerate(claims):
        if c.independent or c.number is None or c.lang not in ("zh", "en"):
            continue
        roots = {
            a
            for a in [*c.depends_on, *cache.ancestors(c.number)]
            if a in by_number and by_number[a].independent
        }
        if not roots:
            continue
        root = max(roots)
        between = [k for k in independents if root < k < c.number and k not in roots]
        if between:
            yield INDEPENDENT_ORDER.finding(
                c,
                0,
                c.body_start,
                f"从属于权利要求{root}，但排在独立权利要求{between[0]}之后",
                f"depends on claim {root} but is placed after independent claim {between[0]}",
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
    """A copy of claim 1 inserted before the last (dependent) claim."""
    last = parsed[-1]
    if last.independent or last.number is None or parsed[0].independent is False:
        return None
    n = last.number
    cl = claim_texts(app)
    copy = f"{n}." + parsed[0].body
    moved = re.sub(r"^\s*\d+", str(n + 1), cl[-1], count=1)
    return with_claims(app, [*cl[:-1], copy, moved]), n + 1


FAMILY = Family(
    "independent",
    (NO_INDEPENDENT, INDEPENDENT_ORDER),
    check,
    {NO_INDEPENDENT.id: seed_no_independent, INDEPENDENT_ORDER.id: seed_independent_order},
    inherent={NO_INDEPENDENT.id: frozenset({"CLM-REF-FORWARD"})},
)
