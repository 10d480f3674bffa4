"""The checker's claim parser: claims as written (labels, anomalies kept), references with kinds and spans,
category, independence, subject name and the claim tree.

``core.claims`` normalises claims for the corpus (it skips numbering anomalies); the checker must see them,
so it splits on its own, with the same folding of full-width characters (one character for one, so spans
found in folded text are valid in the original).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

from ipcenter.core.claims import claim_references
from ipcenter.examine.models import ClaimNode, Reference

_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_CIRCLED = {chr(0x2460 + i): i + 1 for i in range(20)}  # ①..⑳


_HAS_FULLWIDTH = re.compile("[\uff01-\uff5e\u3000]")


_FOLD_CHAR = {chr(k): chr(v) for k, v in _FULLWIDTH.items()}


def _fold_match(m: re.Match[str]) -> str:
    return _FOLD_CHAR[m.group()]


@lru_cache(maxsize=16384)
def fold(text: str) -> str:
    """Full-width ASCII → ASCII, one character for one (cached: every check folds the same claims).

    A substitution of the full-width characters only: ``str.translate`` looks every CJK character up in
    the table, about four times slower on Chinese claims."""
    return _HAS_FULLWIDTH.sub(_fold_match, text)


_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)


def normalise_breaks(text: str) -> str:
    text = _BR.sub("\n", text) if "<" in text else text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def cn_numeral(text: str) -> int | None:
    """一..九十九 → int; None when not a Chinese numeral."""
    if not text or any(ch not in _CN_DIGITS for ch in text):
        return None
    if text == "十":
        return 10
    if "十" in text:
        tens, _, units = text.partition("十")
        return _CN_DIGITS.get(tens, 1) * 10 + (_CN_DIGITS[units] if units else 0)
    return _CN_DIGITS[text] if len(text) == 1 else None


def detect_language(text: str) -> str:
    sample = text[:2000]
    cjk = sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff")
    if cjk > 0.15 * max(1, len(sample.strip())) or cjk > 20:
        return "zh"
    if re.search(r"\bAnspr(?:uch|üche)\b", sample):
        return "de"
    if re.search(r"\brevendications?\b", sample, re.IGNORECASE):
        return "fr"
    return "en"


# ----------------------------------------------------------------------------------------------- splitting

# A claim label: optional 权利要求/权项/Claim prefix, an Arabic, Chinese or circled number, a separator.
_LABEL = re.compile(
    r"(?P<prefix>(?:权利要求|权项|claim)\s*)?"
    r"(?P<num>[1-9]\d{0,2}|[一二三四五六七八九十]{1,3}|[\u2460-\u2473])"
    r"\s*(?P<sep>[.、:：)]|\s)(?!\d)",
    re.IGNORECASE,
)


def _label_value(m: re.Match[str]) -> tuple[int | None, bool]:
    """(value, arabic?)."""
    num = m.group("num")
    if num.isdigit():
        return int(num), True
    if num in _CIRCLED:
        return _CIRCLED[num], False
    return cn_numeral(num), False


def _leading_label(text: str) -> re.Match[str] | None:
    folded = fold(text)
    stripped = len(folded) - len(folded.lstrip())
    m = _LABEL.match(folded, stripped)
    if not m:
        return None
    value, arabic = _label_value(m)
    if value is None or value == 0:
        return None
    # A bare space separator only counts for Arabic numbers followed by text ('1 一种…'), and never for
    # a Chinese numeral (一种 starts with 一).
    if m.group("sep").isspace() and not arabic:
        return None
    if not arabic and not m.group("prefix") and m.group("sep") not in ("、", ".", ":", "："):
        return None
    if not arabic and m.group("num") == "一" and folded[m.end() - 1 : m.end()] not in ("、", ".", "．"):
        return None
    return m


# where a claim may start: the text's or a line's beginning, after a full stop or semicolon
# (only where a label can follow: what ``_LABEL`` starts with — fewer matches to try it on)
_CLAIM_START = re.compile(
    r"(?:^|\n|(?<=[。;；])|(?<=[^\d]\.))[ \t]*(?=权利要求|权项|(?i:claim)|[1-9一二三四五六七八九十\u2460-\u2473])"
)


def split_text(text: str) -> list[tuple[str, str]]:
    """Split one claims block into (label, claim text incl. label) pieces, anomalies kept.

    A claim starts at the beginning of the text, of a line, or after a full stop, with a label. A label
    after a full stop inside a line counts only when it continues the sequence (so '1.5 mm' or step
    numbers are not taken for claims); one at a line start may also repeat or skip numbers (defects the
    checker must see).
    """
    text = normalise_breaks(text).strip()
    if not text:
        return []
    folded = fold(text)
    candidates: list[tuple[int, re.Match[str], bool]] = []  # (start, match, at line start)
    for m in _CLAIM_START.finditer(folded):
        lm = _LABEL.match(folded, m.end())
        if lm:
            at_line = m.start() == 0 or folded[m.start()] == "\n" or folded[max(0, m.start() - 1)] == "\n"
            candidates.append((m.end(), lm, at_line))
    chosen: list[tuple[int, re.Match[str]]] = []
    previous = 0
    for start, lm, at_line in candidates:
        value, arabic = _label_value(lm)
        if value is None or value == 0:
            continue
        if lm.group("sep").isspace() and not (arabic and at_line):
            continue
        if lm.group("sep") == ")" and not (at_line and lm.group("prefix")):
            continue  # '1)' numbers steps inside a claim
        if not arabic and not at_line:
            continue
        if not arabic and lm.group("num") == "一" and lm.group("sep") not in ("、", ".", "．"):
            continue
        if not chosen:
            if start == 0 or not folded[:start].strip():
                chosen.append((start, lm))
                previous = value
            continue
        if value == previous + 1 or (at_line and (value == previous or previous < value <= previous + 5)):
            chosen.append((start, lm))
            previous = value
    if not chosen:
        return [("", text)]
    pieces = []
    for i, (start, lm) in enumerate(chosen):
        end = chosen[i + 1][0] if i + 1 < len(chosen) else len(text)
        piece = text[start:end].rstrip()
        pieces.append((text[start : lm.end()].strip(), piece))
    return pieces


def split_claims_source(source: str | Sequence[str] | Sequence[tuple[int | None, str]]) -> list[ClaimNode]:
    """Claims from one text, a list of claim strings, or (number, text) pairs from a record."""
    nodes: list[ClaimNode] = []
    if isinstance(source, str):
        items: list[tuple[int | None, str]] = [(None, source)]
        whole = True
    else:
        items = [(x[0], x[1]) if isinstance(x, tuple) else (None, x) for x in source]
        whole = False
    for given, raw in items:
        raw = normalise_breaks(raw or "").strip()
        if not raw:
            continue
        pieces = split_text(raw)
        for k, (label, piece) in enumerate(pieces):
            number: int | None = None
            body_start = 0
            lm = _leading_label(piece) if label else None
            if lm:
                value, _ = _label_value(lm)
                number = value
                body_start = lm.end()
                while body_start < len(piece) and piece[body_start].isspace():
                    body_start += 1
            elif given is not None and k == 0:
                number = given
            elif not whole and given is None and k == 0 and nodes:
                # a list item without a label continues the previous claim (a page break in PDF extraction)
                nodes[-1].text += piece
                continue
            nodes.append(ClaimNode(number=number, text=piece, label=label, body_start=body_start))
    return _without_drawing_preamble(nodes)


# The real claim 1 of a set: '1.一种…' / '1、一个…' / '1. A …'.
_CLAIM_ONE = re.compile(r"(?<![\d.\-])1\s*[.、]\s*(?:一种|一个|一套|一类|一组|An?\s)")
# what a drawing label never has and a claim always has: sentence punctuation or claim wording
_NOT_A_LABEL = re.compile(r"[。，；;,]|一种|权利要求|其特征|包括|包含")


def _label_like(text: str) -> bool:
    folded = fold(text).strip()
    return 0 < len(folded) <= 120 and not _NOT_A_LABEL.search(folded)


def _without_drawing_preamble(nodes: list[ClaimNode]) -> list[ClaimNode]:
    """Drop numbered drawing labels that PDF extraction put before claim 1.

    CN109313565A's claims start '1.快照创建通知(快照准备触发器)' '2.快照准备处理' … '4.快照处理4a-1.快照创建…4b.快照拒绝1.一种方法，
    包括：…' — the labels of a sequence diagram, then the real claim 1. Recognised only when: the set starts with
    claim 1; at least one whole item before the real claim 1 ('1.一种…'); every item (and the text glued before
    the real claim 1) is short and has neither sentence punctuation nor claim wording. The labels are kept in
    ``preamble`` of the new claim 1 so that a warning can show them.
    """
    if len(nodes) < 3 or nodes[0].number != 1:
        return nodes
    for j, node in enumerate(nodes[:12]):
        m = _CLAIM_ONE.search(fold(node.text))
        if m is None:
            if not _label_like(node.text):
                return nodes
            continue
        if j == 0 or (m.start() and not _label_like(node.text[: m.start()])):
            return nodes
        piece = node.text[m.start() :]
        lm = _leading_label(piece)
        if lm is None:
            return nodes
        body_start = lm.end()
        while body_start < len(piece) and piece[body_start].isspace():
            body_start += 1
        preamble = "\n".join([n.text for n in nodes[:j]] + ([node.text[: m.start()]] if m.start() else []))
        first = ClaimNode(
            number=1, text=piece, label=piece[: lm.end()].strip(), body_start=body_start, preamble=preamble
        )
        return [first, *nodes[j + 1 :]]
    return nodes


# ----------------------------------------------------------------------------------------------- references

_SEP = r"(?:[-~～—–至到或和及与、,，]|或者|以及|以及权利要求|或权利要求|和权利要求|及权利要求|、权利要求|或者权利要求)"
_CN_KEYWORD = r"(?:权利要求|权力要求|权利要|权要求|权利求|(?<!权)利要求)"
_CN_REF = re.compile(rf"{_CN_KEYWORD}\s*(?:第\s*)?(\d+(?:\s*{_SEP}\s*(?:第\s*)?\d+)*)(?:\s*项)?")
_CN_ALT_AFTER = re.compile(
    r"^\s*(?:项)?\s*(?:中)?\s*(?:的)?\s*(?:任一|任意一|任意|任何一|其中任一|其中之一|之一|中任一|中的任一|中的任意一|中任意一)"
)
_CN_PRECEDING = re.compile(
    r"(?:前述|上述|以上|前面)(?:的)?(?:任一项?|任意一项|任何一项)?\s*权利要求(?:书)?(?:中的?)?\s*(?:任一项?|任意一项|任何一项|之一)?(?!\s*\d)"
)
_EN_REF = re.compile(
    r"\bclaims?\s+(\d+(?:\s*(?:-|–|to|through|or|and|,|, or|, and)\s*(?:claim\s+)?\d+)*)", re.IGNORECASE
)
_EN_PRECEDING = re.compile(
    r"\b(?:any|one|each)\s+(?:one\s+)?(?:of\s+)?(?:the\s+)?(?:preceding|previous|foregoing|above)\s+claims?\b",
    re.IGNORECASE,
)
_EN_ALT_BEFORE = re.compile(r"(?:any|one|either|each)\s+(?:one\s+)?(?:of\s+)?(?:the\s+)?$", re.IGNORECASE)
_RANGE = re.compile(r"(\d+)\s*(?:-|~|～|—|–|至|到|to|through)\s*(\d+)", re.IGNORECASE)


_DIGITS = re.compile(r"\d+")
_CN_SEP_STRIP = re.compile(r"[\d\s第权利要求项]")
_CN_CUMULATIVE = re.compile(r"和|及|与")
_CN_RANGE_SEP = re.compile(r"[-~～—–至到]")
_CN_ENUM_SEP = re.compile(r"[、,，]")
_EN_SEP_STRIP = re.compile(r"[\d\s]|claim", re.IGNORECASE)


def _targets(numbers: str) -> tuple[list[int], bool]:
    """Expanded claim numbers and whether a range was written."""
    found: list[int] = []
    rest = numbers
    ranged = False
    for m in _RANGE.finditer(numbers):
        lo, hi = int(m.group(1)), int(m.group(2))
        if 0 < lo <= hi and hi - lo < 300:
            found.extend(range(lo, hi + 1))
            ranged = True
        rest = rest.replace(m.group(0), " ", 1)
    found.extend(int(n) for n in _DIGITS.findall(rest))
    return sorted(set(found)), ranged


def _numbered(
    pattern: re.Pattern[str], folded: str, separators: re.Pattern[str]
) -> Iterator[tuple[re.Match[str], list[int], bool, str]]:
    """Each reference phrase ``pattern`` finds: the match, its claim numbers, whether a range was written,
    and the separators between the numbers (what is left of the numbers' text without digits and keywords)."""
    for m in pattern.finditer(folded):
        targets, ranged = _targets(m.group(1))
        if targets:
            yield m, targets, ranged, separators.sub("", m.group(1))


def _cn_kind(targets: list[int], ranged: bool, seps: str, alternative_after: bool) -> str:
    if len(targets) == 1:
        return "single"
    if "或" in seps or alternative_after:
        return "alternative"
    if _CN_CUMULATIVE.search(seps):
        return "cumulative"
    if ranged and not _CN_RANGE_SEP.sub("", seps):
        return "range"
    return "cumulative" if _CN_ENUM_SEP.search(seps) else "alternative"


def _en_kind(targets: list[int], seps: str, alternative_before: bool) -> str:
    if len(targets) == 1:
        return "single"
    if "or" in seps.lower() or alternative_before:
        return "alternative"
    if "and" in seps.lower() or "," in seps:
        return "cumulative"
    return "range"


def _preceding(
    pattern: re.Pattern[str], text: str, folded: str, own: int | None, refs: list[Reference]
) -> None:
    """'前述任一项权利要求' / 'any preceding claim': every claim before ``own``."""
    if not own or own <= 1:
        return
    for m in pattern.finditer(folded):
        if not any(r.start <= m.start() < r.end for r in refs):
            refs.append(
                Reference(list(range(1, own)), "preceding", m.start(), m.end(), text[m.start() : m.end()])
            )


def find_references(text: str, lang: str, own: int | None, folded: str | None = None) -> list[Reference]:
    """References in ``text``; ``folded`` is ``fold(text)`` when the caller has it."""
    if folded is None:
        folded = fold(text)
    refs: list[Reference] = []
    if lang == "zh":
        for m, targets, ranged, seps in _numbered(_CN_REF, folded, _CN_SEP_STRIP):
            alt = _CN_ALT_AFTER.match(folded[m.end() : m.end() + 12])
            end = m.end() + (alt.end() if alt else 0)
            kind = _cn_kind(targets, ranged, seps, alt is not None)
            refs.append(Reference(targets, kind, m.start(), end, text[m.start() : end]))
        _preceding(_CN_PRECEDING, text, folded, own, refs)
    elif lang == "en":
        for m, targets, _ranged, seps in _numbered(_EN_REF, folded, _EN_SEP_STRIP):
            alt = _EN_ALT_BEFORE.search(folded[max(0, m.start() - 30) : m.start()])
            start = m.start() - (len(alt.group(0)) if alt else 0)
            refs.append(
                Reference(
                    targets, _en_kind(targets, seps, alt is not None), start, m.end(), text[start : m.end()]
                )
            )
        _preceding(_EN_PRECEDING, text, folded, own, refs)
    else:  # German / French (EP): the core parser gives the numbers; spans cover the keyword onwards
        targets = claim_references(text)
        if targets:
            m2 = re.search(r"Anspr|revendication", text, re.IGNORECASE)
            start = m2.start() if m2 else 0
            kind = "single" if len(targets) == 1 else "alternative"
            refs.append(Reference(targets, kind, start, min(len(text), start + 40), text[start : start + 40]))
    refs.sort(key=lambda r: r.start)
    return refs


# ----------------------------------------------------------------------------------------------- category, subject

_CN_DEPENDENT_START = re.compile(
    r"^\s*(?:[\(（]?\s*)?(?:根据|依据|依照|按照|按|如|据|根椐|跟据|基于|由|在|采用|使用|用|利用|对)?\s*(?:上述|前述|以上)?\s*"
    rf"(?:{_CN_KEYWORD}|前述|上述|以上)"
)
_CN_OTHER_CATEGORY = re.compile(
    r"(?:的|之)?(?:制备|制造|生产|合成|加工|使用|应用|检测|控制|安装|组装)?(?:方法|工艺|用途|应用|使用)$"
)
# '权利要求1～9任意一项生产的铝合金铸锭', '…方法制备的催化剂用于…': a product-by-process or use claim
_CN_PRODUCT_BY_PROCESS = re.compile(r"(?:制备|生产|制得|得到|获得|制成|加工|所得|合成|制造)的|用于")
_EN_SUBJECT = re.compile(
    r"\s*(?:(?:the|an|a|one)\b)?\s*(.{0,120}?)(?=,|\s(?:of|in|to|according\s+to|as\s+claimed\s+in|as\s+recited\s+in|"
    r"as\s+defined\s+in|as\s+set\s+forth\s+in|as\s+in)\s+(?:any\s+|one\s+|either\s+)?(?:one\s+)?(?:of\s+)?(?:the\s+)?"
    r"(?:preceding\s+)?claims?\b|\bwherein\b|\bcomprising\b|\bincluding\b|\bconsisting\b|\bcharacteri[sz]ed\b|:|$)",
    re.IGNORECASE,
)
_EN_OTHER_CATEGORY = re.compile(
    r"^\s*(?:the\s+)?use\b|\b(?:of|for)\s+(?:making|producing|manufacturing|preparing|using|operating|obtaining)\b",
    re.IGNORECASE,
)
_EN_DEPENDENT_START = re.compile(
    r"^\s*(?:the|a|an)?\s*[\w\s\-]{0,80}?\b(?:of|in|to|according to|as claimed in|as recited in|as defined in|as in|as set forth in|as described in|per)\s+(?:any\s+(?:one\s+)?of\s+)?(?:the\s+)?(?:preceding\s+)?claims?\b",
    re.IGNORECASE,
)
_SUBJECT_STOP = re.compile(r"[，,：:；;。.\n]|其特征|其中|还包括|包括|包含|具有|所述|由|含有|中，|是|为")


_CN_USE_END = re.compile(r"(?:用途|应用|(?<!的)的使用)$")
_CN_METHOD_END = re.compile(r"(?:方法|工艺|流程|步骤|操作法)$")
_SIGN_IN_SUBJECT = re.compile(r"[（(][^）)]{0,12}[)）]")
_CN_SUBJECT_LEAD = re.compile(
    r"\s*(?:项|中)?\s*(?:的)?\s*(?:任一项?|任意一项)?\s*(?:权利要求)?\s*(?:所述|所限定|限定|中|的)?\s*(?:的)?"
)
_CN_ARTICLE = re.compile(r"\s*(?:一种|一个|一套|一类|一组|一台|一款|一件)?")
_CN_INDEPENDENT_STOP = re.compile(r"[，,：:；;。\n]|其特征|，其|包括|包含|由以下|含有")


def category_of(subject: str, lang: str) -> str:
    s = subject.strip()
    if lang == "zh":
        if _CN_USE_END.search(s):
            return "use"
        if _CN_METHOD_END.search(s):
            return "method"
        return "product"
    low = s.lower()
    if re.match(r"(?:the\s+|a\s+|an\s+)?use\b", low):
        return "use"
    return "method" if head_noun_en(low) in ("method", "process") else "product"


def head_noun_en(subject: str) -> str:
    """The head noun of an English subject: 'controller for the industrial robot' → 'controller'."""
    core = re.split(
        r"\s(?:for|of|to|in|with|having|which|that|according|on|by)\s", " " + subject.lower() + " "
    )[0]
    words = re.findall(r"[a-z][a-z\-]*", core)
    if not words:
        return ""
    w: str = words[-1]
    return w[:-1] if w.endswith("s") and not w.endswith("ss") else w


def _clean_subject(s: str) -> str:
    s = _SIGN_IN_SUBJECT.sub("", s) if ("(" in s or "（" in s) else s
    return s.strip().strip("的").strip()


def analyse(node: ClaimNode, lang: str) -> None:
    """Fill references, independence, subject and category of one claim."""
    node.lang = lang
    body = node.body
    off = node.body_start
    # fold is one character for one: the folded body is the folded claim from the body's start
    folded = fold(node.text)[off:]
    refs = find_references(body, lang, node.number, folded)
    for r in refs:
        r.start += off
        r.end += off
    node.references = refs
    if lang == "zh":
        lead = _CN_DEPENDENT_START.match(folded)
        first = refs[0] if refs else None
        dependent = bool(lead and first and first.start - off <= lead.end() + 2) or bool(
            first and first.start - off <= 6 and not folded.lstrip().startswith("一")
        )
        if dependent and first:
            # subject: after '所述的' / '的' following the first reference phrase
            rest_at = first.end - off
            m = _CN_SUBJECT_LEAD.match(folded[rest_at:])
            s0 = rest_at + (m.end() if m else 0)
            stop = _SUBJECT_STOP.search(folded, s0)
            s1 = stop.start() if stop else len(folded)
            subject = _clean_subject(body[s0:s1])
            node.subject, node.subject_span = subject, (off + s0, off + s1)
            node.category = category_of(subject, lang)
            # '权利要求1所述化合物的制备方法' / '…在…中的应用': another category, an independent claim
            node.independent = (
                bool(_CN_OTHER_CATEGORY.search(subject) and "的" in subject)
                or "中的应用" in subject
                or bool(_CN_PRODUCT_BY_PROCESS.search(subject))
            )
        else:
            m = _CN_ARTICLE.match(folded)
            s0 = m.end() if m else 0
            stop = _CN_INDEPENDENT_STOP.search(folded, s0)
            s1 = stop.start() if stop else min(len(folded), s0 + 40)
            subject = _clean_subject(body[s0:s1])
            node.subject, node.subject_span = subject, (off + s0, off + s1)
            node.category = category_of(subject, lang)
            node.independent = True
    elif lang == "en":
        m = _EN_SUBJECT.match(folded)
        subject = (m.group(1) if m else "").strip()
        if re.match(r"in\s", subject, re.IGNORECASE):
            subject = ""  # a Jepson preamble ('In an electronic device …, a method'): no plain subject
        node.subject = subject
        if m:
            node.subject_span = (off + m.start(1), off + m.end(1))
        node.category = category_of(subject, lang)
        first = refs[0] if refs else None
        preamble = folded[: first.start - off] if first else ""
        # 'The method of claim 1', 'A device according to claim 2', 'Device as claimed in claim 3' depend on
        # the claim; 'A method of making the product of claim 1' or 'Use of …' is another category.
        node.independent = not (
            first is not None
            and first.start - off <= 160
            and not re.search(r",|\bwherein\b|\bcompris|\binclud|\bwhich\b", preamble)
            and not _EN_OTHER_CATEGORY.search(preamble)
        )
    else:
        node.independent = not refs
        node.category = (
            "method" if re.search(r"verfahren|procédé|méthode", body[:60], re.IGNORECASE) else "product"
        )


def parse_claim_set(
    source: str | Sequence[str] | Sequence[tuple[int | None, str]], lang: str | None = None
) -> list[ClaimNode]:
    """Split and analyse a claim set; ``lang`` is detected when not given."""
    nodes = split_claims_source(source)
    if not nodes:
        return []
    language = lang or detect_language(" ".join(n.text for n in nodes[:5]))
    for n in nodes:
        analyse(n, language)
    if language == "zh":
        _use_claims(nodes)
    return nodes


_FIRST_CLAUSE = re.compile(r"[^，,；;。]*")
_USE_END = re.compile(r"的(?:使用|用途|应用)$")


def _use_claims(nodes: list[ClaimNode]) -> None:
    """'12.权利要求1～9所述的制冷剂组合物作为制冷剂的使用。' is a use claim citing product claims: another category,
    so an independent claim (Guidelines Part II Ch. 2 §3.1.2), whatever the subject cut says. Only when its
    first clause ends with 的使用/的用途/的应用 and no claim it cites is a use claim itself."""
    by_number = {n.number: n for n in nodes if n.number is not None}
    for n in nodes:
        if n.independent:
            continue
        first = _FIRST_CLAUSE.match(fold(n.body))
        if first is None or not _USE_END.search(first.group(0)):
            continue
        cited = [by_number[t] for t in n.cited if t in by_number]
        if cited and all(c.category != "use" for c in cited):
            n.independent = True
            n.category = "use"


def claim_tree(nodes: Sequence[ClaimNode]) -> dict[int, list[int]]:
    """Children of each claim number (a dependent claim appears under every claim it depends on)."""
    children: dict[int, list[int]] = {n.number: [] for n in nodes if n.number is not None}
    for n in nodes:
        for t in n.depends_on:
            if t in children and n.number is not None:
                children[t].append(n.number)
    return children


def ancestors(nodes_by_number: dict[int, ClaimNode], number: int) -> list[int]:
    """Every claim this one depends on, transitively (also through claims cited by an independent claim)."""
    seen: list[int] = []
    stack = [t for t in nodes_by_number[number].cited if t < number] if number in nodes_by_number else []
    while stack:
        t = stack.pop()
        if t in seen or t not in nodes_by_number:
            continue
        seen.append(t)
        stack.extend(x for x in nodes_by_number[t].cited if x < t)
    return seen
