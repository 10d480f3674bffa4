"""Full stops: each claim is one sentence, with its only '。' at the end (Guidelines Part II Ch.2 §3.3)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from ipcenter.examine.models import Application, ClaimNode, Finding
from ipcenter.examine.rules.base import CheckContext, Family, Seed, rule
from ipcenter.examine.rules.mutate import claim_texts, with_claims

PERIOD_INSIDE = rule(
    "CLM-PERIOD-INSIDE",
    "error",
    also_zh="专利审查指南第二部分第二章3.3节；专利法第二十六条第四款",
    also_en="Guidelines Part II Ch.2 §3.3; Patent Law Art. 26(4)",
    what_zh="句号出现在权利要求中间",
    what_en="a full stop inside a claim",
)
PERIOD_MISSING = rule(
    "CLM-PERIOD-MISSING",
    "warning",
    also_zh="专利审查指南第二部分第二章3.3节",
    also_en="Guidelines Part II Ch.2 §3.3",
    what_zh="权利要求结尾没有句号",
    what_en="no full stop at the end of a claim",
)

_CJK = re.compile(r"[\u4e00-\u9fff]")
# A '。' that text extraction made of something else (KPPatent): a subscript inside a formula ('Li。M.O₂' for
# LiₐMᵦO₂, 'X。(OH)₂'), a symbol right after other punctuation ('(j=1,2,3);。是'), or a claim that ends at the
# '。' with one or two stray characters of the next piece after it ('信道状态。一').
_FORMULA_PERIOD = re.compile(r"(?<=[A-Za-z])。(?=[A-Za-z]|[(（][A-Za-z])")


def _ocr_period(text: str, at: int) -> tuple[str, str] | None:
    if _FORMULA_PERIOD.match(text, at):
        return "句号夹在化学式/公式的字母之间", "between the letters of a formula"
    if at > 0 and text[at - 1] in ";；,，:：、":
        return "句号紧跟在其他标点之后", "right after other punctuation"
    rest = text[at + 1 :]
    if len(rest) <= 2 and _CJK.fullmatch(rest[:1]) and "。" not in rest:
        return f"句号后仅余“{rest}”", f"only '{rest}' after it"
    return None


def check_periods(claims: Sequence[ClaimNode]) -> Iterator[Finding]:
    for i, c in enumerate(claims):
        if c.lang != "zh":
            continue
        text = c.text.rstrip()
        if not text[c.body_start :]:
            continue
        at = text.find("。", c.body_start, len(text) - 1)
        while at >= 0:
            why = _ocr_period(text, at)
            yield PERIOD_INSIDE.finding(
                c,
                at,
                at + 1,
                "权利要求中间出现句号" + (f"（{why[0]}，似为文本提取残留）" if why else ""),
                "full stop inside the claim"
                + (f" ({why[1]}: looks like an extraction artefact)" if why else ""),
                severity="warning" if why else None,
                index=i,
            )
            at = text.find("。", at + 1, len(text) - 1)
        if text[-1] not in "。.．":
            yield PERIOD_MISSING.finding(
                c, len(text) - 1, len(text), "权利要求结尾没有句号", "no full stop at the end", index=i
            )


def check(ctx: CheckContext) -> Iterator[Finding]:
    return check_periods(ctx.claims)


def seed_period_inside(app: Application, parsed: list[ClaimNode]) -> Seed | None:
    """A '，' of the last claim made a '。'."""
    c = parsed[-1]
    at = c.text.find("，", c.body_start + 8)
    if at < 0:
        return None
    cl = claim_texts(app)
    cl[-1] = c.text[:at] + "。" + c.text[at + 1 :]
    return with_claims(app, cl), c.number


def seed_period_missing(app: Application, parsed: list[ClaimNode]) -> Seed | None:
    c = parsed[-1]
    if not c.text.rstrip().endswith("。"):
        return None
    cl = claim_texts(app)
    cl[-1] = c.text.rstrip()[:-1]
    return with_claims(app, cl), c.number


FAMILY = Family(
    "periods",
    (PERIOD_INSIDE, PERIOD_MISSING),
    check,
    {PERIOD_INSIDE.id: seed_period_inside, PERIOD_MISSING.id: seed_period_missing},
)
