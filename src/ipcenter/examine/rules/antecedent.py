"""Antecedent basis: a feature introduced with '所述X' ('said X') must have X earlier in the same claim or in a
claim up its reference chain (lack of antecedent basis makes a claim unclear, Patent Law Art. 26(4))."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache, partial

from ipcenter.examine.models import Application, ClaimNode, Finding
from ipcenter.examine.parser import fold
from ipcenter.examine.rules.base import CheckContext, ClaimSet, Family, Seed, rule
from ipcenter.examine.rules.mutate import claim_texts, end_insert, with_claims

ANTECEDENT = rule(
    "CLM-ANTECEDENT",
    "warning",
    also_zh="专利法第二十六条第四款（缺乏引用基础）",
    also_en="Patent Law Art. 26(4) (lack of antecedent basis); 35 U.S.C. 112(b) / EPC Art. 84 for US/EP",
    what_zh="“所述X”在本权利要求及其引用的权利要求中没有在先记载",
    what_en="'所述X' / 'said X' without antecedent",
    us="35 U.S.C. 112(b); EPC Art. 84",
)

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
        yield ANTECEDENT.finding(
            c,
            start,
            start + len(term),
            f"“所述{term}”缺乏引用基础（此前未出现“{term}”）",
            f"'所述{term}' has no antecedent",
            index=i,
        )


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# words that end the noun phrase after 'said'
_EN_STOP = _word_set(
    "of to and or in on is are be being has have wherein with for from at by that which when so as into "
    "onto between through comprising including having each via such than further comprises includes "
    "configured was were not whereby thereof therein thereto within over under about"
)

# 'said' + these is an idiom or an inherent feature, not a feature needing an antecedent
_EN_IDIOM = _word_set(
    "same other group range presence absence form amount steps step following total number time end use "
    "art like basis case purpose order type manner extent sum ratio rest remainder world user one two "
    "first second third direction longitudinal outside inside top bottom front rear left right surface "
    "level length width height thickness weight size shape position location center centre middle "
    "interior exterior side axis plane method process apparatus device system composition invention "
    "claim claims desired predetermined entire whole respective corresponding plurality at least"
)


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
        yield ANTECEDENT.finding(
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


def check(ctx: CheckContext) -> Iterator[Finding]:
    return check_antecedents(ctx.claims, ctx.claim_set)


def seed_antecedent(app: Application, parsed: list[ClaimNode]) -> Seed | None:
    """'所述X' at the end of the last claim, X a feature none of whose two-character pieces occurs in the claims."""
    whole = "".join(c.text for c in parsed)
    term = next(
        (
            t
            for t in ("棘轮", "蜗杆副", "光栅尺", "缓冲弹簧", "锁舌", "滤芯")
            if not any(t[k : k + 2] in whole for k in range(len(t) - 1))
        ),
        None,
    )
    if term is None:
        return None
    cl = claim_texts(app)
    cl[-1] = end_insert(parsed[-1].text, f"，所述{term}可拆卸")
    return with_claims(app, cl), parsed[-1].number


FAMILY = Family("antecedent", (ANTECEDENT,), check, {ANTECEDENT.id: seed_antecedent})


def clear_caches() -> None:
    _words.cache_clear()
    _stems.cache_clear()
