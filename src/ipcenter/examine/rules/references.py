"""References between claims: a dependent claim refers only to existing, earlier claims; a multiple-dependent
claim refers in the alternative and never to another multiple-dependent claim; the reference phrase is
written correctly (Implementing Regulations Art. 25)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from ipcenter.examine.models import Application, ClaimNode, Finding
from ipcenter.examine.parser import fold
from ipcenter.examine.rules.base import CheckContext, Family, Seed, nums, rule
from ipcenter.examine.rules.mutate import (
    claim_texts,
    last_dependent,
    plain_targets,
    replace_span,
    single_dependents,
    with_claims,
)

REF_FORWARD = rule(
    "CLM-REF-FORWARD",
    "error",
    article=25,
    paragraph=2,
    what_zh="从属权利要求引用自身或在后的权利要求",
    what_en="a claim refers to itself or a later claim",
    us="35 U.S.C. 112(d); 37 CFR 1.75(c); EPC Rule 43(4)",
)
REF_MISSING = rule(
    "CLM-REF-MISSING",
    "error",
    article=25,
    paragraph=2,
    also_zh="专利法第二十六条第四款",
    also_en="Patent Law Art. 26(4)",
    what_zh="引用了不存在的权利要求",
    what_en="reference to a claim that does not exist",
    us="35 U.S.C. 112(d); EPC Rule 43(4)",
)
MULTI_NOT_ALTERNATIVE = rule(
    "CLM-MULTI-NOT-ALTERNATIVE",
    "error",
    article=25,
    paragraph=2,
    what_zh="多项从属权利要求未以择一方式引用",
    what_en="multiple dependency not in the alternative",
    us="37 CFR 1.75(c)",
)
MULTI_ON_MULTI = rule(
    "CLM-MULTI-ON-MULTI",
    "error",
    article=25,
    paragraph=2,
    what_zh="多项从属权利要求作为另一项多项从属权利要求的基础",
    what_en="a multiple-dependent claim serves as basis for another multiple-dependent claim",
    us="37 CFR 1.75(c)",
)
REF_TYPO = rule(
    "CLM-REF-TYPO",
    "error",
    article=25,
    paragraph=1,
    also_zh="专利法第二十六条第四款",
    also_en="Patent Law Art. 26(4)",
    what_zh="引用部分用语有误（如“据权利要求”）",
    what_en="malformed reference phrase",
)

_STRONG_CUMULATIVE = re.compile(r"和|及|与|\band\b")


def _missing_or_later(c: ClaimNode, i: int, existing: set[int], last: int) -> Iterator[Finding]:
    for r in c.references:
        if r.kind == "preceding":
            continue
        missing = [t for t in r.targets if t not in existing]
        later = [t for t in r.targets if t in existing and c.number is not None and t >= c.number]
        if missing:
            # a number missing inside the numbering (a gap, or a set that starts after claim 1 — claims
            # lost by text extraction) is already a CLM-NUMBERING error: the reference only echoes it
            in_gap = all(0 < t < last for t in missing)
            yield REF_MISSING.finding(
                c,
                r.start,
                r.end,
                f"引用的权利要求{nums(missing)}不存在" + ("（编号中缺少该号，见编号问题）" if in_gap else ""),
                f"refers to claim(s) {nums(missing)} which do not exist"
                + (" (missing from the numbering, see CLM-NUMBERING)" if in_gap else ""),
                severity="warning" if in_gap else None,
                index=i,
            )
        if later and not c.independent:
            self_ref = c.number in later
            yield REF_FORWARD.finding(
                c,
                r.start,
                r.end,
                "引用了自身" if self_ref and len(later) == 1 else f"引用了在后的权利要求{nums(later)}",
                "refers to itself"
                if self_ref and len(later) == 1
                else f"refers to later claim(s) {nums(later)}",
                index=i,
            )


def _multiple(c: ClaimNode, i: int, by_number: dict[int, ClaimNode]) -> Iterator[Finding]:
    for r in c.references:
        if not r.multiple or r.kind == "preceding":
            continue
        if r.kind == "cumulative":
            yield MULTI_NOT_ALTERNATIVE.finding(
                c,
                r.start,
                r.end,
                f"多项从属权利要求“{r.text}”未以择一方式（或/任一项）引用",
                f"multiple dependency '{r.text}' is not in the alternative",
                severity=None if _STRONG_CUMULATIVE.search(r.text) else "warning",
                index=i,
            )
        elif r.kind == "range" and c.lang == "zh":
            yield MULTI_NOT_ALTERNATIVE.finding(
                c,
                r.start,
                r.end,
                f"“{r.text}”未写明择一引用（宜写“中任一项”）",
                f"'{r.text}' does not say 'any one of'",
                severity="warning",
                index=i,
            )
    if c.multiple_dependent:
        bases = [t for t in c.depends_on if t in by_number and by_number[t].multiple_dependent]
        if bases:
            r0 = c.references[0]
            yield MULTI_ON_MULTI.finding(
                c,
                r0.start,
                r0.end,
                f"多项从属权利要求引用了多项从属权利要求{nums(bases)}",
                f"multiple-dependent claim refers to multiple-dependent claim(s) {nums(bases)}",
                index=i,
            )


def check_references(claims: Sequence[ClaimNode], office: str | None = None) -> Iterator[Finding]:
    existing = {c.number for c in claims if c.number is not None}
    by_number = {c.number: c for c in claims if c.number is not None}
    last = max(existing, default=0)
    for i, c in enumerate(claims):
        yield from _missing_or_later(c, i, existing, last)
        if c.independent or c.lang not in ("zh", "en") or office == "EP":
            continue  # EPC Rule 43(4) allows what the CN and US rules forbid: EP claims are not held to them
        yield from _multiple(c, i, by_number)


_TYPO = re.compile(
    r"(?<![根依])据(?=\s*权利要求)|根椐|跟据|权力要求(?=\s*\d)|权利要(?=\s*\d)|权要求(?=\s*\d)|权利求(?=\s*\d)|(?<!权)利要求(?=\s*\d)"
    # '根据权利权利1', '权利2要求2', '根据权利要求14述的' (所 left out), '使用上述1-7任一项所述' (权利要求 left out)
    r"|权利权利(?=\s*\d)|权利\d{1,3}要求|(?:(?<=要求\d)|(?<=要求\d\d)|(?<=要求\d\d\d))述"
    r"|上述(?=\s*\d+\s*(?:[-~～—至到]\s*\d+)?\s*(?:中的?)?\s*任)"
)


def check_typos(claims: Sequence[ClaimNode]) -> Iterator[Finding]:
    for i, c in enumerate(claims):
        if c.lang != "zh":
            continue
        for m in _TYPO.finditer(fold(c.text), c.body_start):
            yield REF_TYPO.finding(
                c,
                m.start(),
                m.end(),
                f"引用用语“{m.group(0)}”有误（应为“根据权利要求”）",
                f"malformed reference phrase '{m.group(0)}'",
                index=i,
            )


def check(ctx: CheckContext) -> Iterator[Finding]:
    yield from check_references(ctx.claims, ctx.office)
    yield from check_typos(ctx.claims)


# ----------------------------------------------------------------------------------------------- seeders


def seed_forward(app: Application, parsed: list[ClaimNode]) -> Seed | None:
    """A single dependent claim made to cite itself."""
    c = last_dependent(parsed)
    if c is None or c.number is None:
        return None
    cl = claim_texts(app)
    r = c.references[0]
    cl[parsed.index(c)] = replace_span(c.text, r.start, r.end, re.sub(r"\d+", str(c.number), r.text))
    return with_claims(app, cl), c.number


def seed_missing(app: Application, parsed: list[ClaimNode]) -> Seed | None:
    """A single dependent claim made to cite a number beyond the last claim."""
    c = last_dependent(parsed)
    if c is None:
        return None
    cl = claim_texts(app)
    r = c.references[0]
    cl[parsed.index(c)] = replace_span(c.text, r.start, r.end, re.sub(r"\d+", str(len(parsed) + 7), r.text))
    return with_claims(app, cl), c.number


def seed_not_alternative(app: Application, parsed: list[ClaimNode]) -> Seed | None:
    """'权利要求A和B' instead of a single reference."""
    c = last_dependent(parsed)
    if c is None or c.number is None:
        return None
    plain = plain_targets(parsed, c.number, c.category)
    if len(plain) < 2:
        return None
    a, b = plain[-2], plain[-1]
    cl = claim_texts(app)
    r = c.references[0]
    cl[parsed.index(c)] = replace_span(c.text, r.start, r.end, f"权利要求{a}和{b}")
    return with_claims(app, cl), c.number


def seed_multi_on_multi(app: Application, parsed: list[ClaimNode]) -> Seed | None:
    """Two single dependent claims made multiple-dependent, the second citing the first."""
    deps = [c for c in single_dependents(parsed) if c.number is not None and c.number >= 3]
    if len(deps) < 2:
        return None
    first, second = deps[-2], deps[-1]
    # '如权利要求1或2所述的应用' citing product claims reads as a use claim of another category (independent)
    if any(re.search(r"(?:应用|用途|使用)$", c.subject) for c in (first, second)):
        return None
    referred = {t for c in parsed for t in c.cited}
    if first.number in referred or second.number in referred:
        return None
    assert first.number is not None
    plain = plain_targets(parsed, first.number, first.category)
    if len(plain) < 2:
        return None
    cl = claim_texts(app)
    r1, r2 = first.references[0], second.references[0]
    cl[parsed.index(first)] = replace_span(first.text, r1.start, r1.end, f"权利要求{plain[0]}或{plain[1]}")
    cl[parsed.index(second)] = replace_span(
        second.text, r2.start, r2.end, f"权利要求{plain[0]}或{first.number}"
    )
    return with_claims(app, cl), second.number


def seed_typo(app: Application, parsed: list[ClaimNode]) -> Seed | None:
    """'据权利要求' for '根据权利要求'."""
    for k in range(len(parsed) - 1, -1, -1):
        c = parsed[k]
        if "根据权利要求" in c.text:
            cl = claim_texts(app)
            cl[k] = c.text.replace("根据权利要求", "据权利要求", 1)
            return with_claims(app, cl), c.number
    return None


FAMILY = Family(
    "references",
    (REF_FORWARD, REF_MISSING, MULTI_NOT_ALTERNATIVE, MULTI_ON_MULTI, REF_TYPO),
    check,
    {
        REF_FORWARD.id: seed_forward,
        REF_MISSING.id: seed_missing,
        MULTI_NOT_ALTERNATIVE.id: seed_not_alternative,
        MULTI_ON_MULTI.id: seed_multi_on_multi,
        REF_TYPO.id: seed_typo,
    },
)
