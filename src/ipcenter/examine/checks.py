"""The rules. Each check reads parsed claims (or one application field) and yields findings.

Principle: never cry wolf. A check that depends on heuristics (antecedent basis, reference signs, subject
names, context-dependent vague words) reports a warning, and only when the evidence is plain.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache, partial

from ipcenter.examine.models import Application, ClaimNode, Finding
from ipcenter.examine.parser import ancestors, fold
from ipcenter.examine.rules import RULES, US_BASIS


def finding(
    rule: str,
    claim: ClaimNode | None,
    start: int,
    end: int,
    zh: str,
    en: str,
    *,
    severity: str | None = None,
    part: str = "claims",
    index: int = 0,
) -> Finding:
    r = RULES[rule]
    basis = r.basis_zh
    if claim is not None and claim.lang != "zh":
        basis = US_BASIS.get(rule, r.basis_en)
    return Finding(
        rule=rule,
        severity=severity or r.severity,
        claim=claim.number if claim is not None else None,
        start=start,
        end=end,
        message_zh=zh,
        message_en=en,
        basis=basis,
        part=part,
        claim_index=index,
    )


class ClaimSet:
    """What every rule needs of one claim set, computed once: claims by number, their reference chains
    (memoised ancestor walks) and the folded text of each chain."""

    __slots__ = ("_ancestors", "_context", "by_number", "claims")

    def __init__(self, claims: Sequence[ClaimNode]) -> None:
        self.claims = claims
        self.by_number = {c.number: c for c in claims if c.number is not None}
        self._ancestors: dict[int, list[int]] = {}
        self._context: dict[int, str] = {}

    def ancestors(self, number: int) -> list[int]:
        found = self._ancestors.get(number)
        if found is None:
            found = self._ancestors[number] = ancestors(self.by_number, number)
        return found

    def context(self, number: int) -> str:
        """The folded text of every claim up the reference chain of claim ``number``."""
        found = self._context.get(number)
        if found is None:
            by_number = self.by_number
            found = " ".join(fold(by_number[a].text) for a in self.ancestors(number) if a in by_number)
            self._context[number] = found
        return found


# ----------------------------------------------------------------------------------------------- structure


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


def check_numbering(claims: Sequence[ClaimNode]) -> Iterator[Finding]:
    seen: set[int] = set()
    expected = 1
    if claims and claims[0].preamble:
        lines = claims[0].preamble.splitlines()
        shown = lines[0][:20] + ("…" if len(lines) > 1 or len(lines[0]) > 20 else "")
        yield finding(
            "CLM-NUMBERING",
            claims[0],
            0,
            claims[0].body_start,
            f"权利要求1之前有{len(lines)}段带编号的文字（“{shown}”），似为附图标注（文本提取残留），未作为权利要求处理；请核对原文",
            f"{len(lines)} numbered piece(s) before claim 1 ('{shown}') look like drawing labels left by text "
            "extraction and were not taken for claims; check the original",
            severity="warning",
        )
    lost = _lost_start(claims)
    for i, c in enumerate(claims):
        label_end = c.body_start or 0
        if c.label and _PREFIX.match(fold(c.label)):
            yield finding(
                "CLM-NUMBER-PREFIX",
                c,
                0,
                label_end,
                f"编号“{c.label}”前冠以“权利要求/权项”",
                f"claim number written as '{c.label}'",
                index=i,
            )
        if c.number is None:
            yield finding(
                "CLM-NUMBERING",
                c,
                0,
                min(len(c.text), 10),
                "权利要求没有编号"
                + (
                    "；这段文字不像一项权利要求的开头（输入似从某项权利要求中间开始，不完整）"
                    if i < lost
                    else ""
                ),
                "claim has no number"
                + (
                    "; the text does not open like a claim (the input seems to start inside a claim)"
                    if i < lost
                    else ""
                ),
                severity="warning" if i < lost else None,
                index=i,
            )
            expected += 1
            continue
        num_text = _PREFIX_STRIP.sub("", fold(c.label).strip())
        if c.label and not num_text[:1].isdigit():
            yield finding(
                "CLM-NUMBERING",
                c,
                0,
                label_end,
                f"编号“{c.label.strip()}”不是阿拉伯数字",
                f"claim number '{c.label.strip()}' is not an Arabic numeral",
                index=i,
            )
        elif c.number in seen:
            yield finding(
                "CLM-NUMBERING",
                c,
                0,
                label_end,
                f"编号{c.number}重复",
                f"claim number {c.number} repeated",
                index=i,
            )
        elif c.number != expected:
            at_lost = i == lost
            yield finding(
                "CLM-NUMBERING",
                c,
                0,
                label_end,
                f"编号不连续：应为{expected}，实为{c.number}"
                + (f"（权利要求1–{c.number - 1}不在输入中：输入似不完整）" if at_lost else ""),
                f"numbering not consecutive: expected {expected}, found {c.number}"
                + (
                    f" (claims 1–{c.number - 1} are not in the input: it seems incomplete)" if at_lost else ""
                ),
                severity="warning" if at_lost else None,
                index=i,
            )
        seen.add(c.number)
        expected = c.number + 1 if c.number >= expected else expected + 1


_STRONG_CUMULATIVE = re.compile(r"和|及|与|\band\b")


def check_references(claims: Sequence[ClaimNode], office: str | None = None) -> Iterator[Finding]:
    existing = {c.number for c in claims if c.number is not None}
    by_number = {c.number: c for c in claims if c.number is not None}
    last = max(existing, default=0)
    for i, c in enumerate(claims):
        for r in c.references:
            if r.kind == "preceding":
                continue
            missing = [t for t in r.targets if t not in existing]
            later = [t for t in r.targets if t in existing and c.number is not None and t >= c.number]
            if missing:
                # a number missing inside the numbering (a gap, or a set that starts after claim 1 — claims
                # lost by text extraction) is already a CLM-NUMBERING error: the reference only echoes it
                in_gap = all(0 < t < last for t in missing)
                yield finding(
                    "CLM-REF-MISSING",
                    c,
                    r.start,
                    r.end,
                    f"引用的权利要求{_nums(missing)}不存在"
                    + ("（编号中缺少该号，见编号问题）" if in_gap else ""),
                    f"refers to claim(s) {_nums(missing)} which do not exist"
                    + (" (missing from the numbering, see CLM-NUMBERING)" if in_gap else ""),
                    severity="warning" if in_gap else None,
                    index=i,
                )
            if later and not c.independent:
                self_ref = c.number in later
                yield finding(
                    "CLM-REF-FORWARD",
                    c,
                    r.start,
                    r.end,
                    "引用了自身" if self_ref and len(later) == 1 else f"引用了在后的权利要求{_nums(later)}",
                    "refers to itself"
                    if self_ref and len(later) == 1
                    else f"refers to later claim(s) {_nums(later)}",
                    index=i,
                )
        if c.independent or c.lang not in ("zh", "en") or office == "EP":
            continue  # EPC Rule 43(4) allows what the CN and US rules forbid: EP claims are not held to them
        multi = [r for r in c.references if r.multiple and r.kind != "preceding"]
        for r in multi:
            if r.kind == "cumulative":
                strong = bool(_STRONG_CUMULATIVE.search(r.text))
                yield finding(
                    "CLM-MULTI-NOT-ALTERNATIVE",
                    c,
                    r.start,
                    r.end,
                    f"多项从属权利要求“{r.text}”未以择一方式（或/任一项）引用",
                    f"multiple dependency '{r.text}' is not in the alternative",
                    severity=None if strong else "warning",
                    index=i,
                )
            elif r.kind == "range" and c.lang == "zh":
                yield finding(
                    "CLM-MULTI-NOT-ALTERNATIVE",
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
                yield finding(
                    "CLM-MULTI-ON-MULTI",
                    c,
                    r0.start,
                    r0.end,
                    f"多项从属权利要求引用了多项从属权利要求{_nums(bases)}",
                    f"multiple-dependent claim refers to multiple-dependent claim(s) {_nums(bases)}",
                    index=i,
                )


def check_independent(claims: Sequence[ClaimNode], cache: ClaimSet | None = None) -> Iterator[Finding]:
    claims = [c for c in claims if c.lang in ("zh", "en")] or list(claims)
    if claims and not any(c.independent for c in claims):
        yield finding("CLM-NO-INDEPENDENT", claims[0], 0, 0, "没有独立权利要求", "no independent claim")
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
            yield finding(
                "CLM-INDEPENDENT-ORDER",
                c,
                0,
                c.body_start,
                f"从属于权利要求{root}，但排在独立权利要求{between[0]}之后",
                f"depends on claim {root} but is placed after independent claim {between[0]}",
                index=i,
            )


# ----------------------------------------------------------------------------------------------- wording (Chinese)

_FIGURE = re.compile(
    r"如(?:附)?图\s*[\dA-Za-z０-９]*[^，。；,;]{0,12}?所示|如说明书[^，。；]{0,20}?所述|(?:参见|参照|见)(?:附)?图\s*\d"
)
_VAGUE_STRONG = re.compile(r"例如|最好是|尤其是|必要时")
_VAGUE_ABOUT = re.compile(r"(?<![制大])约(?:为|是|在)?\s*[\d０-９]|接近于?\s*[\d０-９]|或类似物")
# '等' closing an open list ('A、B等'): not the 等 of 相等/等于/等离子/等径/中等…
_ETC = re.compile(
    r"(?<![相均平对同中高初次超上劣优])等(?![于同效价距分径离子级待温腰压量比高厚宽长边差外速角周轴])"
)


def check_wording(claims: Sequence[ClaimNode]) -> Iterator[Finding]:
    for i, c in enumerate(claims):
        if c.lang != "zh":
            continue
        text = fold(c.text)
        body_from = c.body_start
        for m in _FIGURE.finditer(text, body_from):
            yield finding(
                "CLM-FIGURE-REF",
                c,
                m.start(),
                m.end(),
                f"权利要求中使用“{m.group(0)}”",
                f"'{m.group(0)}' in a claim",
                index=i,
            )
        for m in _VAGUE_STRONG.finditer(text, body_from):
            yield finding(
                "CLM-VAGUE-TERM",
                c,
                m.start(),
                m.end(),
                f"“{m.group(0)}”使保护范围不清楚",
                f"'{m.group(0)}' makes the scope unclear",
                index=i,
            )
        for m in _VAGUE_ABOUT.finditer(text, body_from):
            word = m.group(0).rstrip("0123456789 ")
            yield finding(
                "CLM-VAGUE-TERM",
                c,
                m.start(),
                m.start() + len(word),
                f"“{word}”一般不得使用（范围不清楚）",
                f"'{word}' generally not allowed (unclear scope)",
                severity="warning",
                index=i,
            )
        for m in _ETC.finditer(text, body_from):
            clause_start = max(text.rfind(p, 0, m.start()) for p in "，,；;：:。")
            clause = text[clause_start + 1 : m.start()]
            nxt = text[m.end() : m.end() + 1]
            if "、" in clause and (
                nxt in "，,。；;的)）" or nxt == "" or text[m.end() : m.end() + 2] in ("中的", "组成", "材料")
            ):
                yield finding(
                    "CLM-VAGUE-TERM",
                    c,
                    m.start(),
                    m.end(),
                    "列举后的“等”使保护范围不清楚",
                    "'等' (etc.) after a list makes the scope unclear",
                    severity="warning",
                    index=i,
                )


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
        body = text[c.body_start :]
        if not body:
            continue
        at = text.find("。", c.body_start, len(text) - 1)
        while at >= 0:
            why = _ocr_period(text, at)
            yield finding(
                "CLM-PERIOD-INSIDE",
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
            yield finding(
                "CLM-PERIOD-MISSING",
                c,
                len(text) - 1,
                len(text),
                "权利要求结尾没有句号",
                "no full stop at the end",
                index=i,
            )


_TYPO = re.compile(
    r"(?<![根依])据(?=\s*权利要求)|根椐|跟据|权力要求(?=\s*\d)|权利要(?=\s*\d)|权要求(?=\s*\d)|权利求(?=\s*\d)|(?<!权)利要求(?=\s*\d)"
)


def check_typos(claims: Sequence[ClaimNode]) -> Iterator[Finding]:
    for i, c in enumerate(claims):
        if c.lang != "zh":
            continue
        for m in _TYPO.finditer(fold(c.text), c.body_start):
            yield finding(
                "CLM-REF-TYPO",
                c,
                m.start(),
                m.end(),
                f"引用用语“{m.group(0)}”有误（应为“根据权利要求”）",
                f"malformed reference phrase '{m.group(0)}'",
                index=i,
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
_UNITS = set("个根条块片层次份倍号级年月日时分秒度克米毫厘升种组对台套件只张位路项步层")


def check_reference_signs(
    claims: Sequence[ClaimNode], signs: dict[str, str] | None = None
) -> Iterator[Finding]:
    """Reference signs must stand in parentheses after their feature (Implementing Regulations Art. 22(4)).

    A bare 'name+number' is reported only when the same name carries that number in parentheses
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
    if not known:
        return
    for _i, c in enumerate(zh):
        text = fold(c.text)
        for m in _SIGN_BARE.finditer(text, c.body_start):
            key = (m.group(1), m.group(2))
            if key in known and key[0] not in _NOT_FEATURES and text[m.end() : m.end() + 1] not in _UNITS:
                yield finding(
                    "CLM-REF-SIGN",
                    c,
                    m.start(2),
                    m.end(2),
                    f"附图标记“{m.group(2)}”未置于括号内",
                    f"reference sign '{m.group(2)}' not in parentheses",
                    index=claims.index(c),
                )


# ----------------------------------------------------------------------------------------------- antecedent basis

_QUANTIFIER = re.compile(
    r"^(?:至少|至多|其余|其他|其它|另一|相应的?|对应的?|相邻的?|任一|任意|全部|所有|各|每一?|"
    r"(?:[一二两三四五六七八九十\d]+|多|若干|数)[个根组对块条只件片层台种些部套位支道块]?)"
)
_TERM_PUNCT = re.compile(r"[，,。；;：:、（()）\s\[\]“”\"'/]")
# function words and verbs that end a term; looked for from the term's third character on, so that terms
# starting with them ('上盖', '内管', '外壳', '中心') survive
_TERM_STOP = re.compile(
    r"的|与|和|及|或|在|上|下|内|外|中|为|是|被|将|对|通过|之|包括|包含|设置|设有|连接|固定|安装|用于|采用|位于|具有|以|由|"
    r"从|向|至|经|均|分别|还|可|能|沿|使|呈|相|其|一端|两端|另一|通|靠|置|处|时|后|前|进行|输出|输入|得到|获取|根据"
)


_SUOSHU = re.compile(r"所述(?:的)?")
_WORD_START = re.compile(r"[\u4e00-\u9fffA-Za-z]")
_ORDINAL = re.compile(r"第[一二三四五六七八九十\d]")


def _occurs(x: str, before: str, after: str) -> bool:
    """Whether ``x`` occurs in ``before + after``, without joining them."""
    if x in before or x in after:
        return True
    k = len(x) - 1
    return k > 0 and x in before[-k:] + after[:k]


def _antecedent_zh(c: ClaimNode, context: Callable[[], str], i: int) -> Iterator[Finding]:
    text = fold(c.text)
    context_before: str | None = None
    for m in _SUOSHU.finditer(text, c.body_start):
        if m.start() < c.body_start:
            continue
        # the '所述' of a reference phrase ('权利要求1所述的装置') introduces the subject, not a feature
        if any(r.start <= m.start() <= r.end + 4 for r in c.references):
            continue
        rest = text[m.end() : m.end() + 16]
        q = _QUANTIFIER.match(rest)
        start = m.end() + (q.end() if q else 0)
        rest = text[start : start + 16]
        punct = _TERM_PUNCT.search(rest)
        rest = rest[: punct.start()] if punct else rest
        if rest.startswith("的"):
            continue
        stop = _TERM_STOP.search(rest, 2)
        term = rest[: stop.start()] if stop else rest
        if len(term) < 2 or not _WORD_START.match(term):
            continue
        need = 3 if _ORDINAL.match(term) else 2
        if context_before is None:
            context_before = context()
        # earlier = the chain's text + this claim before '所述' (looked up without building the joined string;
        # term[:need] occurring implies nothing more is needed: the term itself holds it)
        prefix = text[c.body_start : m.start()]
        if _occurs(term[:need], context_before, prefix):
            continue
        # the term may be introduced with a head noun only: '所述电机轴' after '电机' is fine
        if len(term) > 3 and any(
            _occurs(term[k : k + 2], context_before, prefix) for k in range(len(term) - 1)
        ):
            continue
        yield finding(
            "CLM-ANTECEDENT",
            c,
            start,
            start + len(term),
            f"“所述{term}”缺乏引用基础（此前未出现“{term}”）",
            f"'所述{term}' has no antecedent",
            index=i,
        )


_EN_STOP = {
    "of",
    "to",
    "and",
    "or",
    "in",
    "on",
    "is",
    "are",
    "be",
    "being",
    "has",
    "have",
    "wherein",
    "with",
    "for",
    "from",
    "at",
    "by",
    "that",
    "which",
    "when",
    "so",
    "as",
    "into",
    "onto",
    "between",
    "through",
    "comprising",
    "including",
    "having",
    "each",
    "via",
    "such",
    "than",
    "further",
    "comprises",
    "includes",
    "configured",
    "was",
    "were",
    "not",
    "whereby",
    "thereof",
    "therein",
    "thereto",
    "within",
    "over",
    "under",
    "about",
}
_EN_IDIOM = {
    "same",
    "other",
    "group",
    "range",
    "presence",
    "absence",
    "form",
    "amount",
    "steps",
    "step",
    "following",
    "total",
    "number",
    "time",
    "end",
    "use",
    "art",
    "like",
    "basis",
    "case",
    "purpose",
    "order",
    "type",
    "manner",
    "extent",
    "sum",
    "ratio",
    "rest",
    "remainder",
    "world",
    "user",
    "one",
    "two",
    "first",
    "second",
    "third",
    "direction",
    "longitudinal",
    "outside",
    "inside",
    "top",
    "bottom",
    "front",
    "rear",
    "left",
    "right",
    "surface",
    "level",
    "length",
    "width",
    "height",
    "thickness",
    "weight",
    "size",
    "shape",
    "position",
    "location",
    "center",
    "centre",
    "middle",
    "interior",
    "exterior",
    "side",
    "axis",
    "plane",
    "method",
    "process",
    "apparatus",
    "device",
    "system",
    "composition",
    "invention",
    "claim",
    "claims",
    "desired",
    "predetermined",
    "entire",
    "whole",
    "respective",
    "corresponding",
    "plurality",
    "at",
    "least",
}


_WORD = re.compile(r"[A-Za-z][A-Za-z\-]*")
_CLOSES_PHRASE = re.compile(r"[,.;:()]")


@lru_cache(maxsize=16384)
def _words(text: str) -> tuple[tuple[str, int, int], ...]:
    return tuple((m.group(0).lower(), m.start(), m.end()) for m in _WORD.finditer(text))


def _stem(w: str) -> str:
    return w[:-1] if w.endswith("s") and not w.endswith("ss") else w


@lru_cache(maxsize=16384)
def _stems(text: str) -> frozenset[str]:
    """Stemmed words of one (folded) claim: the antecedent context it gives the claims that cite it."""
    return frozenset(_stem(w) for w, _, _ in _words(text))


def _context_stems(cache: ClaimSet, number: int) -> frozenset[str]:
    by_number = cache.by_number
    parts = [_stems(fold(by_number[a].text)) for a in cache.ancestors(number) if a in by_number]
    return frozenset().union(*parts)


def _antecedent_en(c: ClaimNode, context: Callable[[], frozenset[str]], i: int) -> Iterator[Finding]:
    if "said" not in c.text.lower():
        return
    words = _words(c.text)
    ctx_words: frozenset[str] | None = None
    first_at: dict[str, int] = {}  # stem → index of its first word in this claim (the words before 'said')
    for k, (w, _s, _e) in enumerate(words):
        first_at.setdefault(_stem(w), k)
    skip_until = max((r.end for r in c.references), default=0)
    for k, (w, s, _e) in enumerate(words):
        # only 'said' is checked: 'the X' is also used for inherent features ('the outer periphery of said core',
        # MPEP 2173.05(e)), so flagging it would cry wolf
        if w != "said" or s < c.body_start or k == 0 or s < skip_until:
            continue
        phrase: list[tuple[str, int, int]] = []
        for w2, s2, e2 in words[k + 1 : k + 5]:
            if w2 in _EN_STOP or w2 in ("said", "the", "a", "an"):
                break
            phrase.append((w2, s2, e2))
            if _CLOSES_PHRASE.search(c.text[e2 : e2 + 1]):
                break
        if not phrase or phrase[0][0] in _EN_IDIOM:
            continue
        if ctx_words is None:
            ctx_words = context()
        # earlier = the chain's words and this claim's words before 'said' (words[:k])
        if any(_stem(x) in ctx_words or first_at.get(_stem(x), k) < k for x, _, _ in phrase):
            continue
        term = c.text[phrase[0][1] : phrase[-1][2]]
        yield finding(
            "CLM-ANTECEDENT",
            c,
            s,
            phrase[-1][2],
            f"“{w} {term}”缺乏引用基础",
            f"'{w} {term}' has no antecedent basis",
            index=i,
        )


def check_antecedents(claims: Sequence[ClaimNode], cache: ClaimSet | None = None) -> Iterator[Finding]:
    cache = cache or ClaimSet(claims)
    existing = cache.by_number.keys()
    for i, c in enumerate(claims):
        number = c.number
        if number is None or any(t >= number or t not in existing for t in c.cited):
            continue  # a broken reference chain already has its own finding; antecedents would only echo it
        if c.lang == "zh":
            yield from _antecedent_zh(c, partial(cache.context, number), i)
        elif c.lang == "en":
            yield from _antecedent_en(c, partial(_context_stems, cache, number), i)


def _norm_subject(s: str) -> str:
    s = re.sub(r"[（(][^）)]*[)）]|所述|根据|一种|的|\s", "", s)
    return s.lower()


def _compatible(a: str, b: str) -> bool:
    a, b = _norm_subject(a), _norm_subject(b)
    if not a or not b:
        return True
    return a in b or b in a or a[-2:] == b[-2:]


def check_subjects(claims: Sequence[ClaimNode], cache: ClaimSet | None = None) -> Iterator[Finding]:
    cache = cache or ClaimSet(claims)
    by_number = cache.by_number
    for i, c in enumerate(claims):
        if c.independent or not c.subject or c.lang not in ("zh", "en"):
            continue
        targets = [by_number[t] for t in c.depends_on if t in by_number]
        if not targets:
            continue
        names: list[ClaimNode] = []
        for t in targets:
            names.append(t)
            names.extend(by_number[a] for a in cache.ancestors(t.number or 0) if a in by_number)
        if c.lang == "en":
            # English drafting abbreviates freely ('The PCD of claim 1', 'The method' for 'A process'):
            # only a change of category (method ↔ product) is reported
            if any(n.category == c.category or not n.subject for n in names):
                continue
        elif any(_compatible(c.subject, n.subject) for n in names):
            continue
        ref = targets[0]
        yield finding(
            "CLM-SUBJECT-MISMATCH",
            c,
            c.subject_span[0],
            c.subject_span[1],
            f"主题名称“{c.subject}”与被引用的权利要求{ref.number}“{ref.subject}”不一致",
            f"subject '{c.subject}' differs from claim {ref.number}'s '{ref.subject}'",
            index=i,
        )


# ----------------------------------------------------------------------------------------------- title, abstract, description

_PROMO = re.compile(
    r"国际领先|国内领先|世界领先|领先水平|国际先进水平|国内首创|世界首创|填补了?[^，。]{0,10}空白|独一无二|绝无仅有|"
    r"物美价廉|价廉物美|性价比高|畅销|名牌|市场前景广阔|广阔的市场前景|巨大的经济效益|显著的经济效益|最佳的?产品"
)
# a model number is written with 型: 'ZL50型装载机'; bare letter-digit codes are often materials (HFC-134, HT200)
_TITLE_MODEL = re.compile(r"[A-Za-z]{1,5}[-_]?\d{1,5}[A-Za-z0-9\-]*\s*型")
_TITLE_MARK = re.compile(r"[®™]|[\u4e00-\u9fff]{2,4}牌(?![号照坊楼])")


def _chars(text: str) -> int:
    return len(re.sub(r"\s", "", text))


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
    n = _chars(abstract)
    if n > 300:
        tail = figure_tail(abstract)
        head = figure_head(abstract)
        core = n - _chars(tail) - _chars(head)
        at = len(abstract.rstrip()) - len(tail)
        glued = _GLUED_LABEL.search(fold(abstract), len(head), at)
        claims_inside = list(_CLAIM_IN_ABSTRACT.finditer(fold(abstract)))
        if len(claims_inside) >= 2:
            first = claims_inside[0]
            yield finding(
                "ABS-LENGTH",
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
            yield finding(
                "ABS-LENGTH",
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
            yield finding(
                "ABS-LENGTH",
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
            yield finding(
                "ABS-LENGTH",
                None,
                0,
                len(abstract),
                f"摘要{n}字，超过300字" + more_zh,
                f"abstract has {n} characters (> 300)" + more_en,
                part="abstract",
            )
    for m in _PROMO.finditer(abstract):
        yield finding(
            "ABS-PROMO",
            None,
            m.start(),
            m.end(),
            f"摘要中使用宣传用语“{m.group(0)}”",
            f"promotional wording '{m.group(0)}' in the abstract",
            part="abstract",
        )


# KPPatent titles may start with the PDF front page's page counts ('权利要求书2页说明书4页附图2页') and the end of
# the abstract ('…和寿命。本发明…前景。'); the title proper follows them. Recognised only after that header.
_TITLE_LEAK = re.compile(
    r"\s*权利要求书\s*\d+\s*页(?:\s*说明书\s*\d+\s*页)?(?:\s*附图\s*\d+\s*页)?(?:[^。]*。)*"
)


def check_title(title: str, reason: str | None = None) -> Iterator[Finding]:
    leak = _TITLE_LEAK.match(title)
    skip = leak.end() if leak else 0
    n = _chars(title[skip:])
    if n > 40 or (n > 25 and not reason):
        note_zh = f"（不计开头的页数等文字{_chars(title[:skip])}字，文本提取残留）" if skip else ""
        note_en = (
            f" (without {_chars(title[:skip])} characters of page counts etc. before it)" if skip else ""
        )
        yield finding(
            "TITLE-LENGTH",
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
    for pattern, zh, en in (
        (_TITLE_MODEL, "型号", "model number"),
        (_TITLE_MARK, "商标", "trademark"),
        (
            re.compile(r"(?<![相均平对同中高初])等(?![于同效价距分径离子级待温腰压量比高厚宽长边差外速角])"),
            "“等”",
            "'等'",
        ),
    ):
        for m in pattern.finditer(title):
            yield finding(
                "TITLE-FORBIDDEN",
                None,
                m.start(),
                m.end(),
                f"发明名称含{zh}“{m.group(0)}”",
                f"title contains a {en} '{m.group(0)}'",
                part="title",
            )


_DESC_REF = re.compile(r"(?:如|根据|按照|依据)权利要求\s*\d+[^。；，]{0,20}?所述")


def check_description(description: str) -> Iterator[Finding]:
    for m in _DESC_REF.finditer(fold(description)):
        yield finding(
            "DESC-CLAIM-REF",
            None,
            m.start(),
            m.end(),
            f"说明书中使用引用语“{m.group(0)}”",
            f"the description refers to claims: '{m.group(0)}'",
            part="description",
        )


_SIGN_LIST = re.compile(r"(\d{1,4}[a-z]?)\s*[-—、.．:：]\s*([\u4e00-\u9fff]{2,12})")


def reference_signs_from(description: str) -> dict[str, str]:
    """The 附图标记说明 list of a description: '1、内盒；2、外盒' → {'1': '内盒', '2': '外盒'}."""
    at = description.find("附图标记")
    if at < 0:
        return {}
    block = fold(description[at : at + 3000])
    return {m.group(1): m.group(2) for m in _SIGN_LIST.finditer(block)}


def check_all(claims: Sequence[ClaimNode], app: Application | None = None) -> list[Finding]:
    out: list[Finding] = []
    out.extend(check_numbering(claims))
    office = app.office if app else None
    out.extend(check_references(claims, office))
    cache = ClaimSet(claims)
    out.extend(check_independent(claims, cache))
    out.extend(check_typos(claims))
    out.extend(check_periods(claims))
    out.extend(check_wording(claims))
    signs = dict(app.reference_signs) if app else {}
    if app and app.description and not signs:
        signs = reference_signs_from(app.description)
    out.extend(check_reference_signs(claims, signs))
    out.extend(check_antecedents(claims, cache))
    out.extend(check_subjects(claims, cache))
    zh = (claims[0].lang == "zh") if claims else (app is not None and app.lang == "zh")
    if app is not None and zh:
        if app.title:
            out.extend(check_title(app.title, app.title_reason))
        if app.abstract:
            out.extend(check_abstract(app.abstract))
        if app.description:
            out.extend(check_description(app.description))
    order = {"title": 0, "abstract": 1, "claims": 2, "description": 3}
    out.sort(key=lambda f: (order[f.part], f.claim_index, f.start, f.rule))
    return out


def _nums(numbers: Sequence[int]) -> str:
    return "、".join(str(n) for n in numbers) if len(numbers) <= 6 else f"{numbers[0]}–{numbers[-1]}"
