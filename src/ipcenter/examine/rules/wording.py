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
    r"|(?:说明书)?附图\s*图?\s*\d+"
)
# words that give a claim two scopes or none (Guidelines Part II Ch.2 §3.2.2 names 例如/最好是/尤其是/必要时 'and
# the like': 优选/最好/较佳地 and 诸如 are the same; '包括但不限于' leaves the scope open)
_VAGUE_STRONG = re.compile(
    r"例如|最好是|最好|尤其是|尤其|必要时|诸如|优选|较佳地|更佳地|最佳地|包括但不限于|但不限于|不局限于|不限于"
)
_VAGUE_ABOUT = re.compile(r"(?<!制)大?约(?:为|是|在)?\s*[\d０-９]|接近于?\s*[\d０-９]|或类似物")
# a number, its unit if any, then 左右 ('5%左右', '80℃左右', '0.4米左右', '2小时左右'): 左右 is reported
_ABOUT_AFTER = re.compile(
    r"[\d０-９](?:\s*(?:[%℃°a-zA-Zμ/]{1,6}|小时|分钟|厘米|毫米|微米|纳米|千米|公里|千克|公斤|毫克|毫升|立方米|平方米"
    r"|[米克吨升度天秒倍个次年周层份目转伏瓦]))?\s*(左右)"
)
# '等' after a list or a single item ('A、B等', '网页等的链接', '圆形、异形等形状'): not the 等 of 相等/等于/等离子/
# 等径/等间距/中等/等规/等电点…
_ETC = re.compile(
    r"(?<![相均平对同中初次超上劣优何])等(?![于同效价距分径离子级待温腰压量比高厚宽长边差外速角周轴份电规静截壁强通间摩体质浓直腰号])"
)
# 等 as the verb 'wait until' at the start of a clause ('，等地面干透后，再…')
_WAIT = re.compile(r"[^，,。；;：:]{1,15}?[后时]")
# '如' for 'for example' before a list ('如Fe、Zr、Ti中的一种'): not 如下/如图/如权利要求/如果…
_SUCH_AS = re.compile(
    r"(?<![例比假譬犹正诸宛])如(?!下|上|此|图|权利要求|说明书|前|后|果|同|何|表|式|附|所述|若)"
    r"[\u4e00-\u9fffA-Za-z0-9()（）\-]{1,12}、"
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
        for m in _ABOUT_AFTER.finditer(text, body_from):
            yield VAGUE_TERM.finding(
                c,
                m.start(1),
                m.end(1),
                "“左右”一般不得使用（范围不清楚）",
                "'左右' (about) generally not allowed (unclear scope)",
                severity="warning",
                index=i,
            )
        for m in _ETC.finditer(text, body_from):
            listed = _open_list_end(text, m.start(), m.end())
            before = text[m.start() - 1 : m.start()]
            clause_start = max(text.rfind(p, 0, m.start()) for p in "，,；;：:。")
            if before == "高" and "、" not in text[clause_start + 1 : m.start()]:
                continue  # 高等 (higher), unless it closes a list ('沉降不均匀及基础成本高等问题')
            if (m.start() == body_from or before in "，,。；;：:") and _WAIT.match(text, m.end()):
                continue
            yield VAGUE_TERM.finding(
                c,
                m.start(),
                m.end(),
                "列举后的“等”使保护范围不清楚" if listed else "“等”使保护范围不清楚",
                "'等' (etc.) after a list makes the scope unclear"
                if listed
                else "'等' (etc.) makes the scope unclear",
                severity="warning",
                index=i,
            )
        for m in _SUCH_AS.finditer(text, body_from):
            yield VAGUE_TERM.finding(
                c,
                m.start(),
                m.start() + 1,
                "“如”（例如）列举使保护范围不清楚",
                "'如' (for example) before a list makes the scope unclear",
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
