"""The title (发明名称): generally at most 25 characters, 40 with a stated reason; no model numbers, trademarks or
'等' (Guidelines Part I Ch.1 §4.1.1 — section number UNCONFIRMED)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from ipcenter.examine.models import Application, ClaimNode, Finding
from ipcenter.examine.rules.base import CheckContext, Family, Seed, rule, visible_chars

TITLE_LENGTH = rule(
    "TITLE-LENGTH",
    "warning",
    also_zh="专利审查指南第一部分第一章4.1.1节",
    also_en="Guidelines Part I Ch.1 §4.1.1",
    what_zh="发明名称超过25个字（特殊情况不超过40个字）",
    what_en="title over 25 characters (40 with a stated reason)",
)
TITLE_FORBIDDEN = rule(
    "TITLE-FORBIDDEN",
    "warning",
    also_zh="专利审查指南第一部分第一章4.1.1节",
    also_en="Guidelines Part I Ch.1 §4.1.1",
    what_zh="发明名称含人名、商标、型号或“等”",
    what_en="title contains a person name, trademark, model number or '等'",
)

# a model number is written with 型: 'ZL50型装载机'; bare letter-digit codes are often materials (HFC-134, HT200)
_TITLE_MODEL = re.compile(r"[A-Za-z]{1,5}[-_]?\d{1,5}[A-Za-z0-9\-]*\s*型")
_TITLE_MARK = re.compile(r"[®™]|[\u4e00-\u9fff]{2,4}牌(?![号照坊楼])")
_TITLE_ETC = re.compile(r"(?<![相均平对同中高初])等(?![于同效价距分径离子级待温腰压量比高厚宽长边差外速角])")
_FORBIDDEN = (
    (_TITLE_MODEL, "型号", "model number"),
    (_TITLE_MARK, "商标", "trademark"),
    (_TITLE_ETC, "“等”", "'等'"),
)

# KPPatent titles may start with the PDF front page's page counts ('权利要求书2页说明书4页附图2页') and the end of
# the abstract ('…和寿命。本发明…前景。'); the title proper follows them. Recognised only after that header.
_TITLE_LEAK = re.compile(
    r"\s*权利要求书\s*\d+\s*页(?:\s*说明书\s*\d+\s*页)?(?:\s*附图\s*\d+\s*页)?(?:[^。]*。)*"
)


def check_title(title: str, reason: str | None = None) -> Iterator[Finding]:
    leak = _TITLE_LEAK.match(title)
    skip = leak.end() if leak else 0
    n = visible_chars(title[skip:])
    if n > 40 or (n > 25 and not reason):
        lead = visible_chars(title[:skip])
        note_zh = f"（不计开头的页数等文字{lead}字，文本提取残留）" if skip else ""
        note_en = f" (without {lead} characters of page counts etc. before it)" if skip else ""
        yield TITLE_LENGTH.finding(
            None,
            skip,
            len(title),
            f"发明名称{n}字" + ("，超过40字" if n > 40 else "，超过25字且未说明理由") + note_zh,
            f"title has {n} characters"
            + (" (> 40)" if n > 40 else " (> 25 without a stated reason)")
            + note_en,
            severity="error" if n > 40 else "warning",
            part="title",
        )
    for pattern, zh, en in _FORBIDDEN:
        for m in pattern.finditer(title):
            yield TITLE_FORBIDDEN.finding(
                None,
                m.start(),
                m.end(),
                f"发明名称含{zh}“{m.group(0)}”",
                f"title contains a {en} '{m.group(0)}'",
                part="title",
            )


def check(ctx: CheckContext) -> Iterator[Finding]:
    app = ctx.chinese_application
    if app is not None and app.title:
        yield from check_title(app.title, app.title_reason)


def seed_title_length(app: Application, parsed: list[ClaimNode]) -> Seed | None:
    suffix = "及其制备方法和在工业含油废水深度处理中的应用"  # 21 characters: 26..40 in all
    if not app.title or not 5 <= len(app.title) <= 19:
        return None
    return replace(app, title=app.title + suffix), None


def seed_title_forbidden(app: Application, parsed: list[ClaimNode]) -> Seed | None:
    if not app.title or len(app.title) > 18:
        return None
    return replace(app, title="XJ-200型" + app.title.removeprefix("一种")), None


FAMILY = Family(
    "title",
    (TITLE_LENGTH, TITLE_FORBIDDEN),
    check,
    {TITLE_LENGTH.id: seed_title_length, TITLE_FORBIDDEN.id: seed_title_forbidden},
)
