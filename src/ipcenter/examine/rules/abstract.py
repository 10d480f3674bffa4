"""The abstract (说明书摘要): at most 300 characters, no promotional wording (Implementing Regulations Art. 26;
Guidelines Part II Ch.2 §2.4); drawing text that PDF extraction put into it is recognised, not counted."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from ipcenter.examine.models import Application, ClaimNode, Finding
from ipcenter.examine.parser import fold
from ipcenter.examine.rules.base import CheckContext, Family, Seed, rule, visible_chars

ABS_LENGTH = rule(
    "ABS-LENGTH",
    "error",
    article=26,
    also_zh="专利审查指南第二部分第二章2.4节",
    also_en="Guidelines Part II Ch.2 §2.4",
    what_zh="摘要文字部分超过300字",
    what_en="abstract over 300 characters",
)
ABS_PROMO = rule(
    "ABS-PROMO",
    "warning",
    article=26,
    also_zh="专利审查指南第二部分第二章2.4节",
    also_en="Guidelines Part II Ch.2 §2.4",
    what_zh="摘要中使用商业性宣传用语",
    what_en="promotional wording in the abstract",
)

_PROMO = re.compile(
    r"国际领先|国内领先|世界领先|领先水平|国际先进水平|国内首创|世界首创|填补了?[^，。]{0,10}空白|独一无二|绝无仅有|"
    r"物美价廉|价廉物美|性价比高|畅销|名牌|市场前景广阔|广阔的市场前景|巨大的经济效益|显著的经济效益|最佳的?产品"
)


# Text of the drawing that PDF extraction (KPPatent) put into an abstract, recognised in two forms only:
# 1. a tail after the abstract's last 。 that is not a sentence (it does not end with 。 . ! ?): flow-chart
#    boxes and part names ('…准确性。供电装置图像采集分析装置-摄像头固定装置', '…S1S2控制器…S3结束');
# 2. a flow-chart step label glued between two Chinese characters inside a sentence — 'S304' ('处于S304可阅读')
#    or a doubled three-digit label ('该确430430认证', two columns merged line by line); not after 步骤/第/为/
#    至/和/及/或 or a comma, where a step number is written on purpose.
_SENTENCE_END = "。.!?！？"
_GLUED_LABEL = re.compile(
    r"(?<![步骤第为至和及或、，,])(?<=[\u4e00-\u9fff])(?:S\d{2,4}'?|(\d{3})\1)(?=[\u4e00-\u9fff])"
)


# 3. a head before the abstract's opening phrase ('本发明公开了…', '本申请提供…') glued to it without punctuation:
#    the first box of a flow chart ('接收触发信号，…摄像头用于在移动的过程中进本发明公开了一种视频处理方法').
_OPENING = re.compile(r"本(?:发明|申请|实用新型|公开)(?:实施例)?(?:公开|提供|涉及|属于|是|的)")


def figure_head(abstract: str) -> str:
    """Text glued before the abstract's opening phrase, without a full stop (form 3 above); '' when none."""
    m = _OPENING.search(abstract)
    if m is None or m.start() == 0:
        return ""
    head = abstract[: m.start()]
    if head[-1] in "。；;，,：:！？!?" or head[-1].isspace() or "。" in head:
        return ""
    return head


def figure_tail(abstract: str) -> str:
    """The trailing text after the last 。 when it is not a sentence (form 1 above), or a last 'sentence'
    without any Chinese character ('…美观。SteplStep2Step3Step4。'); '' when none."""
    text = abstract.rstrip()
    end = text.rfind("。")
    if end < 0:
        return ""
    if end == len(text) - 1:
        before = text.rfind("。", 0, end)
        last = text[before + 1 :]
        return last if before >= 0 and not _CJK.search(last) else ""
    if text[-1] in _SENTENCE_END:
        return ""
    return text[end + 1 :]


_CJK = re.compile(r"[\u4e00-\u9fff]")
# 4. claims inside the abstract field (KPPatent sets whose first claims were lost went there): two or more
#    numbered dependent-claim openings ('11.根据权利要求8所述的方法'); an abstract never cites claims
_CLAIM_IN_ABSTRACT = re.compile(r"(?<!\d)\d{1,3}\s*[.、]\s*(?:根据|如|按照)?权利要求\s*\d")


def check_abstract(abstract: str) -> Iterator[Finding]:
    """ABS-LENGTH: an error when the abstract as written has more than 300 characters (whitespace not
    counted); a warning instead when leaked drawing text explains the excess (the count without a
    non-sentence tail is ≤ 300) or makes the count meaningless (flow-chart labels merged into sentences)."""
    n = visible_chars(abstract)
    if n > 300:
        tail = figure_tail(abstract)
        head = figure_head(abstract)
        core = n - visible_chars(tail) - visible_chars(head)
        at = len(abstract.rstrip()) - len(tail)
        glued = _GLUED_LABEL.search(fold(abstract), len(head), at)
        claims_inside = list(_CLAIM_IN_ABSTRACT.finditer(fold(abstract)))
        if len(claims_inside) >= 2:
            first = claims_inside[0]
            yield ABS_LENGTH.finding(
                None,
                first.start(),
                first.end(),
                f"摘要共{n}字，超过300字，但其中混有权利要求（如“{first.group(0)}”，文本提取残留），"
                "字数无法据此判断；请核对原文",
                f"abstract has {n} characters (> 300), but claims are inside it ('{first.group(0)}', an "
                "extraction artefact), so the count says nothing; check the original",
                severity="warning",
                part="abstract",
            )
        elif (head or tail) and core <= 300:
            shown = "”“".join(x[:12] + ("…" if len(x) > 12 else "") for x in (head, tail) if x)
            yield ABS_LENGTH.finding(
                None,
                at if tail else 0,
                at + len(tail) if tail else len(head),
                f"摘要共{n}字，但其中{n - core}字（“{shown}”）不成句、接在摘要首尾，似为附图中的文字（文本提取残留）；"
                f"不计这部分为{core}字，未超过300字；请核对原文",
                f"abstract has {n} characters, but {n - core} of them ('{shown}'), not a sentence and glued to its "
                f"start or end, look like text of the drawing (extraction artefact); without them {core} (≤ 300); "
                "check the original",
                severity="warning",
                part="abstract",
            )
        elif glued:
            yield ABS_LENGTH.finding(
                None,
                glued.start(),
                glued.end(),
                f"摘要共{n}字，超过300字，但文中夹有流程图步骤标号“{glued.group(0)}”（附图文字混入，文本提取残留），"
                "字数无法据此判断；请核对原文",
                f"abstract has {n} characters (> 300), but drawing text is merged into it (flow-chart label "
                f"'{glued.group(0)}' inside a sentence), so the count says nothing; check the original",
                severity="warning",
                part="abstract",
            )
        else:
            more_zh = f"（首尾不成句的{n - core}字不计，仍有{core}字）" if head or tail else ""
            more_en = (
                f" ({core} without {n - core} at its start or end that are not a sentence)"
                if head or tail
                else ""
            )
            yield ABS_LENGTH.finding(
                None,
                0,
                len(abstract),
                f"摘要{n}字，超过300字" + more_zh,
                f"abstract has {n} characters (> 300)" + more_en,
                part="abstract",
            )
    for m in _PROMO.finditer(abstract):
        yield ABS_PROMO.finding(
            None,
            m.start(),
            m.end(),
            f"摘要中使用宣传用语“{m.group(0)}”",
            f"promotional wording '{m.group(0)}' in the abstract",
            part="abstract",
        )


def check(ctx: CheckContext) -> Iterator[Finding]:
    app = ctx.chinese_application
    if app is not None and app.abstract:
        yield from check_abstract(app.abstract)


def seed_abstract_length(app: Application, parsed: list[ClaimNode]) -> Seed | None:
    if not app.abstract or len(app.abstract) > 300:
        return None
    filler = "所述装置结构简单，使用方便。"
    text = app.abstract
    while visible_chars(text) <= 300:
        text += filler
    return replace(app, abstract=text), None


def seed_abstract_promo(app: Application, parsed: list[ClaimNode]) -> Seed | None:
    if not app.abstract or len(app.abstract) > 280:
        return None
    return replace(app, abstract=app.abstract.rstrip("。") + "，达到国际领先水平。"), None


FAMILY = Family(
    "abstract",
    (ABS_LENGTH, ABS_PROMO),
    check,
    {ABS_LENGTH.id: seed_abstract_length, ABS_PROMO.id: seed_abstract_promo},
)
