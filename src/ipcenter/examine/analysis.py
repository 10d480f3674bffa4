"""What each claim says about the others: its references (kind and span), category, subject name and whether it
depends on earlier claims or is independent (also when it cites claims of another category).

Dependency is read from the reference that opens the claim ('根据权利要求1所述的一种X', '如权利要求2或3所述',
'按照权利要求1…', '权利要求1-3中任一项所述'), whatever follows it; a claim opening that way whose subject is of
another category than the claims it cites (a method citing a product, a product made by a cited method, a use)
is an independent claim that refers to them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from ipcenter.core.claims import claim_references
from ipcenter.examine.models import ClaimNode, Reference
from ipcenter.examine.text import fold

# ----------------------------------------------------------------------------------------------- references

_SEP = r"(?:[-~～—–至到或和及与、,，]|或者|以及|以及权利要求|或权利要求|和权利要求|及权利要求|、权利要求|或者权利要求)"
# the keyword as written, typos included (CLM-REF-TYPO reports them): '权利权利1', '权利2要求2', '利要求9'; and
# '上述1-7任一项' with the keyword left out
_CN_KEYWORD = (
    r"(?:权利要求|权力要求|权利权利|权利\d{1,3}要求|权利要|权要求|权利求|(?<!权)利要求"
    r"|上述(?=\s*\d+\s*(?:[-~～—至到]\s*\d+)?\s*(?:中的?)?\s*任))"
)
_CN_REF = re.compile(rf"{_CN_KEYWORD}\s*(?:第\s*)?(\d+(?:\s*{_SEP}\s*(?:第\s*)?\d+)*)(?:\s*项)?")
_CN_ALT_AFTER = re.compile(
    r"^\s*(?:项)?\s*(?:中)?\s*(?:的)?\s*(?:任一|任意一|任意|任何一|其中任一|其中之一|之一|中任一|中的任一|中的任意一|中任意一)"
)
# more numbers after '任一项': '、或9或10', '或权利要求12', '或者15-17中任一项'
_CN_MORE = re.compile(
    rf"(?:\s*项)?\s*([、,，]?\s*(?:或者|或|以及|及|和|与))\s*(?:{_CN_KEYWORD})?\s*(?:第\s*)?(\d+(?:\s*{_SEP}\s*(?:第\s*)?\d+)*)"
    r"(?:\s*项)?"
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
        if 0 < lo <= hi and hi - lo < 10_000:
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


def _cn_continued(folded: str, end: int, targets: list[int], kind: str) -> tuple[int, list[int], str]:
    """A reference that goes on after its '任一项' ('权利要求3至6任一项、或9或10所述', '…任一项或权利要求12所述'):
    the further numbers are part of it (the same alternative unless joined by 和/及/与)."""
    while m := _CN_MORE.match(folded, end):
        more, _ranged = _targets(m.group(2))
        if not more:
            break
        targets = sorted(set(targets) | set(more))
        kind = "alternative" if "或" in m.group(1) and kind != "cumulative" else "cumulative"
        end = m.end()
        alt = _CN_ALT_AFTER.match(folded[end : end + 12])
        end += alt.end() if alt else 0
    return end, targets, kind


def find_references(text: str, lang: str, own: int | None, folded: str | None = None) -> list[Reference]:
    """References in ``text``; ``folded`` is ``fold(text)`` when the caller has it."""
    if folded is None:
        folded = fold(text)
    refs: list[Reference] = []
    if lang == "zh":
        covered = 0
        for m, targets, ranged, seps in _numbered(_CN_REF, folded, _CN_SEP_STRIP):
            if m.start() < covered:
                continue  # read as the continuation of the reference before
            alt = _CN_ALT_AFTER.match(folded[m.end() : m.end() + 12])
            end = m.end() + (alt.end() if alt else 0)
            kind = _cn_kind(targets, ranged, seps, alt is not None)
            if alt is not None:
                end, targets, kind = _cn_continued(folded, end, targets, kind)
            covered = end
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


_CN_USE_END = re.compile(r"(?:用途|应用|(?<!的)的使用)$|用于.{1,40}[中上]$")
_CN_METHOD_END = re.compile(r"(?:方法|工艺|流程|步骤|操作法|(?:制备|制造|生产|加工|处理|合成)过程)$")
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


# a claim opening with one of these verbs cites another claim's subject to use it ('使用权利要求1所述的组合物…',
# '由权利要求1所述的方法制得的…', '在权利要求1所述…中的应用'); with 根据/如/按照… it refers to the claim it limits
_CN_USING = re.compile(
    r"^\s*[\(（]?\s*(?:采用|使用|应用|用|利用|由|在|对|基于|通过|将|包含|包括|含有|具有|设有|装有|安装有)"
)
_CN_HOLDING = re.compile(r"^\s*(?:包含|包括|含有|具有|设有|装有|安装有|应用)")


def _contains_other(own: str, cited: str) -> bool:
    """Whether subject ``own`` names the ``cited`` subject and something more after it (what holds it)."""
    a, b = _SUBJECT_NOISE.sub("", own), _SUBJECT_NOISE.sub("", cited)
    at = a.find(b) if b else -1
    return at >= 0 and len(a) - (at + len(b)) >= 2


_FIRST_CLAUSE_END = re.compile(r"[，,：:；;。\n]|其特征")


# a further reference in the opening clause that says which claims the claim builds on: '…的制作方法，结合权利要求5,
# 其特征还在于…' (a method citing the product claims 1 or 2 and the method of claim 5), '…，当从属于权利要求17至19中
# 的任一项时，…'
_CN_COMBINED = re.compile(r"(?:并且?|且)?结合(?:于)?\s*$")
_CN_WHEN_DEPENDENT = re.compile(r"(?:(?:当|在)(?:其)?(?:从属于|引用)|从属于)\s*$")


def _joined_targets(
    node: ClaimNode,
    refs: Sequence[Reference],
    folded: str,
    off: int,
    lead: re.Pattern[str],
    kind: str | None = None,
) -> list[int]:
    """Targets of the references after the opening one, in the claim's opening clause (before '其特征' or the
    clause after the next comma), that ``lead`` introduces; their kind becomes ``kind`` when given."""
    if len(refs) < 2:
        return []
    clause = _FIRST_CLAUSE_END.search(folded, refs[0].end - off)
    limit = (clause.end() if clause else len(folded)) + 40
    limit = min(limit, len(folded))
    out: list[int] = []
    for r in refs[1:]:
        at = r.start - off
        if at > limit:
            break
        if lead.search(folded[max(0, at - 6) : at]):
            out.extend(r.targets)
            r.kind = kind or r.kind
    return out


def _analyse_zh(node: ClaimNode, refs: list[Reference], folded: str, off: int) -> None:
    body = node.body
    lead = _CN_DEPENDENT_START.match(folded)
    first = refs[0] if refs else None
    opening = bool(lead and first and first.start - off <= lead.end() + 2) or bool(
        first and first.start - off <= 6 and not folded.lstrip().startswith("一")
    )
    if opening and first:
        # '根据从属于权利要求6时的权利要求7所述的…': the opening reference runs on to the claim it names
        second = refs[1] if len(refs) > 1 else None
        dependent_on_both = (
            second is not None
            and _CN_WHEN_DEPENDENT.search(folded[max(0, first.start - off - 6) : first.start - off])
            is not None
            and second.start - first.end <= 4
        )
        # subject: after '所述的' / '的' / '所述的一种' following the opening reference
        rest_at = (second.end if dependent_on_both and second else first.end) - off
        m = _CN_SUBJECT_LEAD.match(folded[rest_at:])
        s0 = rest_at + (m.end() if m else 0)
        article = _CN_ARTICLE.match(folded, s0)
        s0 = article.end() if article else s0
        stop = _SUBJECT_STOP.search(folded, s0)
        s1 = stop.start() if stop else len(folded)
        subject = _clean_subject(body[s0:s1])
        node.subject, node.subject_span = subject, (off + s0, off + s1)
        # the category is that of the whole first clause ('…的催化剂的制备方法', '…作为制冷剂的使用'): the subject cut
        # stops at words like 为/由 that such clauses contain
        clause_end = _FIRST_CLAUSE_END.search(folded, s0)
        node.category = category_of(
            _clean_subject(body[s0 : clause_end.start() if clause_end else len(body)]), "zh"
        )
        # '根据权利要求22所述的方法，当从属于权利要求17至19中的任一项时，…': it depends on those as well
        node.dependency = sorted(
            {*first.targets, *_joined_targets(node, refs, folded, off, _CN_WHEN_DEPENDENT, "condition")}
        )
        if dependent_on_both and second:
            node.dependency = sorted({*node.dependency, *second.targets})
            first.kind = "condition"
        node.independent = False  # until resolve_dependencies compares it with the claims it cites
    else:
        m = _CN_ARTICLE.match(folded)
        s0 = m.end() if m else 0
        stop = _CN_INDEPENDENT_STOP.search(folded, s0)
        s1 = stop.start() if stop else min(len(folded), s0 + 40)
        subject = _clean_subject(body[s0:s1])
        node.subject, node.subject_span = subject, (off + s0, off + s1)
        node.category = category_of(subject, "zh")
        node.dependency = []
        node.independent = True


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
        _analyse_zh(node, refs, folded, off)
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
        node.dependency = sorted({t for r in refs for t in r.targets})
        node.independent = not (
            first is not None
            and first.start - off <= 160
            and not re.search(r",|\bwherein\b|\bcompris|\binclud|\bwhich\b", preamble)
            and not _EN_OTHER_CATEGORY.search(preamble)
        )
    else:
        node.dependency = sorted({t for r in refs for t in r.targets})
        node.independent = not refs
        node.category = (
            "method" if re.search(r"verfahren|procédé|méthode", body[:60], re.IGNORECASE) else "product"
        )


_SUBJECT_NOISE = re.compile(r"[（(][^）)]*[)）]|所述|根据|一种|的|\s")


# an independent claim naming a product and its method at once ('…电镀铜浴及方法', '拉链及其制造方法'): claims of
# either category may depend on it
_MIXED = re.compile(r"(?:及|和|以及|与)(?:其)?(?:制备|制造|生产|使用|应用)?(?:方法|工艺|用途|应用)$")


# how a claim of another category names what it does with the cited subject: making it, a product made by it,
# using it ('权利要求1～9任意一项生产的铝合金铸锭', '…的应用'); without such a word or a word of the cited subject,
# a claim opening '根据权利要求1所述的灌装机' under a method claim is a dependent claim with a wrong subject name
_RELATES = re.compile(r"制备|制造|生产|制得|得到|获得|制成|所得|合成|加工|处理|用途|应用|使用|用于")


def first_clause(n: ClaimNode) -> str:
    """The claim's first clause from its subject on ('一种竹纤维面料的生产工艺', '用于…的催化剂的制备方法')."""
    text = fold(n.text)
    end = _FIRST_CLAUSE_END.search(text, n.subject_span[0])
    return text[n.subject_span[0] : end.start() if end else len(text)]


def _shares_words(a: str, b: str) -> bool:
    """Whether two subject names share two characters in a row ('化合物的制备方法' and '一种化合物')."""
    a, b = _SUBJECT_NOISE.sub("", a), _SUBJECT_NOISE.sub("", b)
    return any(a[k : k + 2] in b for k in range(len(a) - 1))


def _same_subject(a: str, b: str) -> bool:
    a, b = _SUBJECT_NOISE.sub("", a), _SUBJECT_NOISE.sub("", b)
    return bool(a and b) and (a in b or b in a)


def resolve_dependencies(nodes: Sequence[ClaimNode]) -> None:
    """Decide, for each Chinese claim that opens with a reference, whether it depends on the claims it cites or is
    an independent claim of another category citing them (Guidelines Part II Ch. 2 §3.1.2): another category when
    its first clause names a method, a product or a use and every cited claim is of another of these
    ('权利要求1所述化合物的制备方法', '…任意一项生产的铝合金铸锭', '…作为制冷剂的使用'), or when it opens with
    using the cited subject ('使用权利要求1-8任一项所述方法制备的半固化片制备层压覆铜板的方法') and names another
    subject. A claim citing itself or later claims stays dependent (CLM-REF-FORWARD says what is wrong)."""
    by_number = {n.number: n for n in nodes if n.number is not None}
    for n in nodes:
        if n.independent or n.lang != "zh":
            continue
        cited = [by_number[t] for t in n.dependency if t in by_number and (n.number is None or t < n.number)]
        if not cited:
            continue
        clause = first_clause(n)
        other_category = all(c.category != n.category and not _MIXED.search(c.subject) for c in cited) and (
            _RELATES.search(clause) is not None or any(_shares_words(clause, c.subject) for c in cited)
        )
        opening = fold(n.body)
        using = _CN_USING.match(opening) is not None and not any(
            _same_subject(n.subject, c.subject) for c in cited
        )
        # '包含权利要求7或8所述的催化材料的电解水装置': another thing, with the cited one in it
        using = using or (
            _CN_HOLDING.match(opening) is not None
            and any(_contains_other(n.subject, c.subject) for c in cited)
        )
        if (
            other_category
            and not using
            and (_names_part_of_cited(clause, cited) or _written_on_another(n, cited, nodes))
        ):
            continue  # a dependent claim with a wrong subject name or on the wrong claim: CLM-SUBJECT-MISMATCH
        if other_category or using:
            # unless it says it builds on a claim of its own category ('…的制作方法，结合权利要求5,其特征还在于…')
            text = fold(n.text)
            combined = [
                by_number[t]
                for t in _joined_targets(n, n.references, text[n.body_start :], n.body_start, _CN_COMBINED)
                if t in by_number and (n.number is None or t < n.number)
            ]
            if combined and all(c.category == n.category for c in combined):
                n.dependency = sorted({c.number for c in combined if c.number is not None})
                continue
            n.independent = True


def _names_part_of_cited(clause: str, cited: Sequence[ClaimNode]) -> bool:
    """Whether the claim names only a part of the cited claims' own subject name, with no word of making or using:
    '根据权利要求5所述的正极活性材料' under '一种正极活性材料的制备方法' limits that method and names it wrongly (a
    product made by it says so: '…所述的方法制得的正极活性材料'); '…所述装饰片制作方法的设备' names another thing."""
    own = _SUBJECT_NOISE.sub("", clause)
    return (
        len(own) >= 2
        and _RELATES.search(clause) is None
        and all(
            own in _SUBJECT_NOISE.sub("", c.subject) and own != _SUBJECT_NOISE.sub("", c.subject)
            for c in cited
        )
    )


# what follows '所述' up to a word that cannot be part of a term (the longest start of it is looked for elsewhere)
_SAID_TERM = re.compile(r"所述(?:的)?([^\s，,。；;：:、所的为是和与及在将被于对由中上下内外时后前]{2,8})")


def _chain_text(n: ClaimNode, by_number: dict[int, ClaimNode], limit: int = 30) -> str:
    """The folded text of a claim and of the claims up its chain (the nearest ``limit``)."""
    seen: list[ClaimNode] = []
    todo = [n]
    while todo and len(seen) < limit:
        c = todo.pop()
        if c in seen:
            continue
        seen.append(c)
        todo.extend(by_number[t] for t in c.depends_on if t in by_number and t != c.number)
    return " ".join(fold(c.text) for c in seen)


def _one_name(own: str, other: str) -> bool:
    """Whether two subject names (noise left out) name one thing: one contains the other, their heads (last two
    characters) the same."""
    return own[-2:] == other[-2:] and (own in other or other in own)


def _written_on_another(n: ClaimNode, cited: Sequence[ClaimNode], nodes: Sequence[ClaimNode]) -> bool:
    """Whether a claim of another category than the claims it cites reads as a dependent claim written on the wrong
    claim: an earlier claim of its own category, not cited, bears its name, and a feature it calls '所述X' has its
    basis there and not in the cited claims ('根据权利要求1所述含铁复合孔分子筛的制备方法，其特征在于，所述陈化条件
    为…' where the method is claim 4; a method of its own would introduce its steps: '…，包括以下步骤：…')."""
    if n.number is None:
        return False
    by_number = {c.number: c for c in nodes if c.number is not None}
    own = _SUBJECT_NOISE.sub("", first_clause(n))
    if len(own) < 2:
        return False
    numbers = {c.number for c in cited}
    namesakes = [
        e
        for e in nodes
        if e.number is not None
        and e.number < n.number
        and e.number not in numbers
        and e.category == n.category
        and _one_name(own, _SUBJECT_NOISE.sub("", first_clause(e)))
    ]
    if not namesakes:
        return False
    text = fold(n.text)
    said = [(m.start(), m.group(1)) for m in _SAID_TERM.finditer(text, n.subject_span[1])]
    if not said:
        return False
    basis = " ".join(_chain_text(c, by_number) for c in cited)
    elsewhere = " ".join(_chain_text(e, by_number) for e in namesakes)
    for at, term in said:
        before = text[n.body_start : at] + " " + basis
        # the longest start of the term written in the namesake's chain
        k = next((k for k in range(len(term), 1, -1) if term[:k] in elsewhere), 0)
        if k and term[:k] not in before:
            return True
    return False
