"""Wording of Chinese claims: no '如图…所示' / '如说明书…所述' (Implementing Regulations Art. 22(3)), no words
that make the scope unclear (Guidelines Part II Ch.2 §3.2.2)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from ipcenter.examine.models import Application, ClaimNode, Finding
from ipcenter.examine.parser import fold
from ipcenter.examine.rules.base import CheckContext, Family, Seed, rule
from ipcenter.examine.rules.mutate import claim_texts, end_insert, with_claims

FIGURE_REF = rule(
    "CLM-FIGURE-REF",
    "error",
    article=22,
    paragraph=3,
    what_zh="权利要求中使用“如图……所示”“如说明书……所述”",
    what_en="'as shown in figure …' / 'as described in the description' in a claim",
)
VAGUE_TERM = rule(
    "CLM-VAGUE-TERM",
    "error",
    also_zh="专利审查指南第二部分第二章3.2.2节；专利法第二十六条第四款",
    also_en="Guidelines Part II Ch.2 §3.2.2; Patent Law Art. 26(4)",
    what_zh="使保护范围不清楚的用语",
    what_en="wording that makes the scope unclear",
)

_FIGURE = re.compile(
    r"如(?:附)?图\s*[\dA-Za-z０-９]*[^，。；,;]{0,12}?所示|如说明书[^，。；]{0,20}?所述|(?:参见|参照|见)(?:附)?图\s*\d"
)
_VAGUE_STRONG = re.compile(r"例如|最好是|尤其是|必要时")
_VAGUE_ABOUT = re.compile(r"(?<![制大])约(?:为|是|在)?\s*[\d０-９]|接近于?\s*[\d０-９]|或类似物")
# '等' closing an open list ('A、B等'): not the 等 of 相等/等于/等离子/等径/中等…
_ETC = re.compile(
    r"(?<![相均平对同中高初次超上劣优])等(?![于同效价距分径离子级待温腰压量比高厚宽长边差外速角周轴])"
)


def _open_list_end(text: str, at: int, end: int) -> bool:
    """Whether the '等' at ``at`` closes a '、' list of its clause ('A、B等，' / 'A、B等材料')."""
    clause_start = max(text.rfind(p, 0, at) for p in "，,；;：:。")
    nxt = text[end : end + 1]
    return "、" in text[clause_start + 1 : at] and (
        nxt in "，,。；;的)）" or nxt == "" or text[end : end + 2] in ("中的", "组成", "材料")
    )


def check_wording(claims: Sequence[ClaimNode]) -> Iterator[Finding]:
    for i, c in enumerate(claims):
        if c.lang != "zh":
            continue
        text = fold(c.text)
        body_from = c.body_start
        for m in _FIGURE.finditer(text, body_from):
            yield FIGURE_REF.finding(
                c, m.start(), m.end(), f"权利要求中使用“{m.group(0)}”", f"'{m.group(0)}' in a claim", index=i
            )
        for m in _VAGUE_STRONG.finditer(text, body_from):
            yield VAGUE_TERM.finding(
                c,
                m.start(),
                m.end(),
                f"“{m.group(0)}”使保护范围不清楚",
                f"'{m.group(0)}' makes the scope unclear",
                index=i,
            )
        for m in _VAGUE_ABOUT.finditer(text, body_from):
            word = m.group(0).rstrip("0123456789 ")
            yield VAGUE_TERM.finding(
                c,
                m.start(),
                m.start() + len(word),
                f"“{word}”一般不得使用（范围不清楚）",
                f"'{word}' generally not allowed (unclear scope)",
                severity="warning",
                index=i,
            )
        for m in _ETC.finditer(text, body_from):
            if _open_list_end(text, m.start(), m.end()):
                yield VAGUE_TERM.finding(
                    c,
                    m.start(),
                    m.end(),
                    "列举后的“等”使保护范围不清楚",
                    "'等' (etc.) after a list makes the scope unclear",
                    severity="warning",
                    index=i,
                )


def check(ctx: CheckContext) -> Iterator[Finding]:
    return check_wording(ctx.claims)


def seed_figure(app: Application, parsed: list[ClaimNode]) -> Seed | None:
    cl = claim_texts(app)
    cl[-1] = end_insert(parsed[-1].text, "，其结构如图2所示")
    return with_claims(app, cl), parsed[-1].number


def seed_vague(app: Application, parsed: list[ClaimNode]) -> Seed | None:
    cl = claim_texts(app)
    cl[-1] = end_insert(parsed[-1].text, "，例如采用钢材制成")
    return with_claims(app, cl), parsed[-1].number


FAMILY = Family(
    "wording", (FIGURE_REF, VAGUE_TERM), check, {FIGURE_REF.id: seed_figure, VAGUE_TERM.id: seed_vague}
)
