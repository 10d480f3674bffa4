"""Reference signs of the drawings in claims stand in parentheses after their feature (Implementing
Regulations Art. 22(4))."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from ipcenter.examine.models import Application, ClaimNode, Finding
from ipcenter.examine.parser import fold
from ipcenter.examine.rules.base import CheckContext, Family, Seed, rule
from ipcenter.examine.rules.mutate import claim_texts, with_claims

REF_SIGN = rule(
    "CLM-REF-SIGN",
    "warning",
    article=22,
    paragraph=4,
    what_zh="附图标记未置于括号内",
    what_en="a reference sign not in parentheses",
)

# A feature name followed by its sign in parentheses: '插杆（11）', '内盒(1)'.
_SIGN_PAREN = re.compile(r"([\u4e00-\u9fff]{2})\s*[（(]\s*(\d{1,4}[a-z]?'?)\s*[)）]")
_SIGN_BARE = re.compile(r"([\u4e00-\u9fff]{2})(\d{1,4}[a-z]?'?)(?=[\u4e00-\u9fff，,。；;、])")
# numbered steps, formulas, examples: numbers after these are not reference signs
_NOT_FEATURES = {
    "步骤",
    "工序",
    "阶段",
    "公式",
    "通式",
    "方程",
    "实施",
    "实例",
    "示例",
    "条件",
    "方案",
    "模式",
    "权利",
    "要求",
}
_DIGITS = re.compile(r"\d+")
# last characters of the names of parts ('连接器', '支架', '壳体', '阀')
_PART_ENDS = frozenset("器件板体座管机轮杆块架盒箱壳阀泵柱槽孔环轴盖罩片")
_UNITS = set("个根条块片层次份倍号级年月日时分秒度克米毫厘升种组对台套件只张位路项步层")


def check_reference_signs(
    claims: Sequence[ClaimNode], signs: dict[str, str] | None = None
) -> Iterator[Finding]:
    """A bare 'name+number' is reported only when the same name carries that number in parentheses
    elsewhere in the claims, or the application's sign list names it: otherwise '步骤1' or '2层' would
    be false alarms.
    """
    zh = [c for c in claims if c.lang == "zh"]
    if not zh:
        return
    known: set[tuple[str, str]] = set()
    for c in zh:
        for m in _SIGN_PAREN.finditer(fold(c.text)):
            known.add((m.group(1), m.group(2)))
    for sign, name in (signs or {}).items():
        if len(name) >= 2:
            known.add((name[-2:], sign))
    for c in zh:
        text = fold(c.text)
        for m in _SIGN_BARE.finditer(text, c.body_start):
            key = (m.group(1), m.group(2))
            if key[0] in _NOT_FEATURES or text[m.end() : m.end() + 1] in _UNITS:
                continue
            # in a set that puts no sign in parentheses, a part's name right before a number of two or three
            # digits and a comma is its sign ('隔离单元连接第一连接器140,'; US drafting translated)
            bare_part = (
                not known
                and m.group(1)[-1] in _PART_ENDS
                and 10 <= int(_DIGITS.match(m.group(2)).group(0)) < 1000  # type: ignore[union-attr]
                and text[m.end() : m.end() + 1] in "，,。；;、"
            )
            if key in known or bare_part:
                yield REF_SIGN.finding(
                    c,
                    m.start(2),
                    m.end(2),
                    f"附图标记“{m.group(2)}”未置于括号内",
                    f"reference sign '{m.group(2)}' not in parentheses",
                    index=claims.index(c),
                )


_SIGN_LIST = re.compile(r"(\d{1,4}[a-z]?)\s*[-—、.．:：]\s*([\u4e00-\u9fff]{2,12})")


def reference_signs_from(description: str) -> dict[str, str]:
    """The 附图标记说明 list of a description: '1、内盒；2、外盒' → {'1': '内盒', '2': '外盒'}."""
    at = description.find("附图标记")
    if at < 0:
        return {}
    block = fold(description[at : at + 3000])
    return {m.group(1): m.group(2) for m in _SIGN_LIST.finditer(block)}


def check(ctx: CheckContext) -> Iterator[Finding]:
    app = ctx.app
    signs = dict(app.reference_signs) if app else {}
    if app and app.description and not signs:
        signs = reference_signs_from(app.description)
    return check_reference_signs(ctx.claims, signs)


_SIGN = re.compile(r"([\u4e00-\u9fff]{2})[（(](\d{1,3})[)）]")


def seed_ref_sign(app: Application, parsed: list[ClaimNode]) -> Seed | None:
    """The parentheses of a sign removed, where that feature carries the sign in parentheses elsewhere."""
    seen: dict[tuple[str, str], int] = {}
    for c in parsed:
        for m in _SIGN.finditer(c.text):
            seen[(m.group(1), m.group(2))] = seen.get((m.group(1), m.group(2)), 0) + 1
    for k in range(len(parsed) - 1, -1, -1):
        c = parsed[k]
        for m in _SIGN.finditer(c.text, c.body_start):
            if seen[(m.group(1), m.group(2))] >= 2 and m.group(1) not in ("步骤", "工序"):
                nxt = c.text[m.end() : m.end() + 1]
                if nxt and "\u4e00" <= nxt <= "\u9fff" and nxt not in "个根条块片层次份倍号级":
                    cl = claim_texts(app)
                    cl[k] = c.text[: m.start()] + m.group(1) + m.group(2) + c.text[m.end() :]
                    return with_claims(app, cl), c.number
    return None


FAMILY = Family("signs", (REF_SIGN,), check, {REF_SIGN.id: seed_ref_sign})
