"""Claim numbering: claims numbered 1..n in Arabic numerals, without '权利要求'/'权项' before the number."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from ipcenter.examine.models import Application, ClaimNode, Finding
from ipcenter.examine.parser import fold
from ipcenter.examine.rules.base import CheckContext, Family, Seed, rule
from ipcenter.examine.rules.mutate import claim_texts, with_claims

NUMBERING = rule(
    "CLM-NUMBERING",
    "error",
    article=22,
    paragraph=1,
    what_zh="权利要求未用阿拉伯数字从1起连续编号",
    what_en="claims not numbered 1..n in Arabic numerals",
    us="37 CFR 1.126",
)
NUMBER_PREFIX = rule(
    "CLM-NUMBER-PREFIX",
    "error",
    article=22,
    paragraph=1,
    also_zh="专利审查指南第一部分第一章4.4节",
    also_en="Guidelines Part I Ch.1 §4.4",
    what_zh="编号前冠以“权利要求”“权项”等词",
    what_en="'权利要求'/'权项' written before the claim number",
)

_PREFIX = re.compile(r"\s*(?:权利要求|权项|claim)", re.IGNORECASE)
_PREFIX_STRIP = re.compile(r"^(?:权利要求|权项|claim)\s*", re.IGNORECASE)

# how a drafter opens a claim: a first piece without a number that does not open like this is the end of a claim
_CLAIM_OPENING = re.compile(r"\s*(?:一种|一个|一套|一类|一组|(?:An?|The|Method|Process|Apparatus|Device)\s)")


def _lost_start(claims: Sequence[ClaimNode]) -> int:
    """Index of the first numbered claim when the input starts after claim 1 — text extraction lost the
    first claims (KPPatent: claims starting at 9, or with the end of claim 12 then claim 13): only
    unnumbered pieces that do not open like a claim come before it. -1 when the start is not lost."""
    for i, c in enumerate(claims):
        if c.number is not None:
            return i if c.number > 1 else -1
        if _CLAIM_OPENING.match(fold(c.body)):
            return -1
    return -1


def _drawing_labels(first: ClaimNode) -> Finding:
    lines = first.preamble.splitlines()
    shown = lines[0][:20] + ("…" if len(lines) > 1 or len(lines[0]) > 20 else "")
    return NUMBERING.finding(
        first,
        0,
        first.body_start,
        f"权利要求1之前有{len(lines)}段带编号的文字（“{shown}”），似为附图标注（文本提取残留），未作为权利要求处理；请核对原文",
        f"{len(lines)} numbered piece(s) before claim 1 ('{shown}') look like drawing labels left by text "
        "extraction and were not taken for claims; check the original",
        severity="warning",
    )


def _prefixed(c: ClaimNode, i: int) -> Iterator[Finding]:
    if c.label and _PREFIX.match(fold(c.label)):
        yield NUMBER_PREFIX.finding(
            c,
            0,
            c.body_start or 0,
            f"编号“{c.label}”前冠以“权利要求/权项”",
            f"claim number written as '{c.label}'",
            index=i,
        )


def _not_arabic(c: ClaimNode, i: int) -> Finding | None:
    if not c.label or _PREFIX_STRIP.sub("", fold(c.label).strip())[:1].isdigit():
        return None
    label = c.label.strip()
    return NUMBERING.finding(
        c,
        0,
        c.body_start or 0,
        f"编号“{label}”不是阿拉伯数字",
        f"claim number '{label}' is not an Arabic numeral",
        index=i,
    )


def _unnumbered(c: ClaimNode, i: int, cut: bool) -> Finding:
    return NUMBERING.finding(
        c,
        0,
        min(len(c.text), 10),
        "权利要求没有编号"
        + ("；这段文字不像一项权利要求的开头（输入似从某项权利要求中间开始，不完整）" if cut else ""),
        "claim has no number"
        + ("; the text does not open like a claim (the input seems to start inside a claim)" if cut else ""),
        severity="warning" if cut else None,
        index=i,
    )


def _out_of_sequence(
    c: ClaimNode, i: int, number: int, expected: int, seen: set[int], at_lost: bool
) -> Finding:
    if number in seen:
        return NUMBERING.finding(
            c, 0, c.body_start or 0, f"编号{number}重复", f"claim number {number} repeated", index=i
        )
    return NUMBERING.finding(
        c,
        0,
        c.body_start or 0,
        f"编号不连续：应为{expected}，实为{number}"
        + (f"（权利要求1–{number - 1}不在输入中：输入似不完整）" if at_lost else ""),
        f"numbering not consecutive: expected {expected}, found {number}"
        + (f" (claims 1–{number - 1} are not in the input: it seems incomplete)" if at_lost else ""),
        severity="warning" if at_lost else None,
        index=i,
    )


def check_numbering(claims: Sequence[ClaimNode]) -> Iterator[Finding]:
    seen: set[int] = set()
    expected = 1
    if claims and claims[0].preamble:
        yield _drawing_labels(claims[0])
    lost = _lost_start(claims)
    for i, c in enumerate(claims):
        yield from _prefixed(c, i)
        if c.number is None:
            yield _unnumbered(c, i, i < lost)
            expected += 1
            continue
        label = _not_arabic(c, i)
        if label is not None:
            yield label
        elif c.number in seen or c.number != expected:
            yield _out_of_sequence(c, i, c.number, expected, seen, i == lost)
        seen.add(c.number)
        expected = c.number + 1 if c.number >= expected else expected + 1


def check(ctx: CheckContext) -> Iterator[Finding]:
    return check_numbering(ctx.claims)


def seed_numbering(app: Application, parsed: list[ClaimNode]) -> Seed | None:
    """The last claim numbered one too high (a gap), when no claim cites it."""
    cl = claim_texts(app)
    n = parsed[-1].number or len(parsed)
    referred = {t for c in parsed for t in c.cited}
    if n in referred:
        return None
    cl[-1] = re.sub(r"^\s*\d+", str(n + 1), cl[-1], count=1)
    return with_claims(app, cl), n + 1


def seed_number_prefix(app: Application, parsed: list[ClaimNode]) -> Seed | None:
    cl = claim_texts(app)
    cl[-1] = "权利要求" + cl[-1].lstrip()
    return with_claims(app, cl), parsed[-1].number


FAMILY = Family(
    "numbering",
    (NUMBERING, NUMBER_PREFIX),
    check,
    {NUMBERING.id: seed_numbering, NUMBER_PREFIX.id: seed_number_prefix},
)
