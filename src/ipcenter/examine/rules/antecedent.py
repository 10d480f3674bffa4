"""Antecedent basis: a feature introduced with '所述X' ('said X') must have X earlier in the same claim or in a
claim up its reference chain (lack of antecedent basis makes a claim unclear, Patent Law Art. 26(4))."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache, partial

from ipcenter.examine.models import Application, ClaimNode, Finding
from ipcenter.examine.parser import fold
from ipcenter.examine.rules.antecedent_zh import (
    Reading,
    SetText,
    chain_label,
    chains_lacking,
    read_term,
    terms,
)
from ipcenter.examine.rules.base import CONTEXT_CLAIMS, CheckContext, ClaimSet, Family, Seed, nums, rule
from ipcenter.examine.rules.mutate import claim_texts, end_insert, with_claims
from ipcenter.examine.rules.subject import names_of

ANTECEDENT = rule(
    "CLM-ANTECEDENT",
    "warning",
    also_zh="专利法第二十六条第四款（缺乏引用基础）",
    also_en="Patent Law Art. 26(4) (lack of antecedent basis); 35 U.S.C. 112(b) / EPC Art. 84 for US/EP",
    what_zh="“所述X”在本权利要求及其引用的权利要求中没有在先记载",
    what_en="'所述X' / 'said X' without antecedent",
    us="35 U.S.C. 112(b); EPC Art. 84",
)


def _looked_in(chain: list[int]) -> tuple[str, str]:
    if not chain:
        return "本权利要求此前部分", "the claim before it"
    return (
        f"本权利要求此前部分及权利要求{chain_label(chain)}",
        f"the claim before it and claim(s) {chain_label(chain)}",
    )


def _no_basis(
    c: ClaimNode, cache: ClaimSet, sets: SetText, text: str, at: int, reading: Reading
) -> tuple[str, str]:
    """The messages of a term without basis: where the checker looked, and where the term is instead."""
    number = c.number or 0
    term = reading.term
    chain = [a for a in cache.ancestors(number) if a in cache.by_number]
    looked_zh, looked_en = _looked_in(chain)
    zh = f"“所述{term}”缺乏引用基础（{looked_zh}中未出现“{term}”"
    en = f"'所述{term}' has no antecedent (not in {looked_en}"
    elsewhere = [n for n in sets.introduced_in(term, number) if n not in chain]
    if elsewhere:
        zh += f"；“{term}”见于权利要求{chain_label(elsewhere)}，本权利要求未引用）"
        en += f"; it is introduced in claim(s) {chain_label(elsewhere)}, which this claim does not cite)"
    elif sets.introduced_after(number, term, at + 2 + len(term)):
        zh += "；本权利要求在后文才写出该特征）"
        en += "; the claim introduces it only later)"
    elif reading.nearest and reading.nearest != term:
        zh += f"；最接近的在先记载为“{reading.nearest}”）"
        en += f"; nearest earlier wording: '{reading.nearest}')"
    else:
        zh += "）"
        en += ")"
    return zh, en


def _alternatives_above(cache: ClaimSet) -> dict[int, bool]:
    """Claims with a multiple reference on themselves or up their chain (where a reading may miss a term)."""
    out: dict[int, bool] = {}
    for n in sorted(cache.by_number):
        cited = [t for t in cache.by_number[n].read_with if t < n]
        out[n] = len(cited) > 1 or any(out.get(t, False) for t in cited)
    return out


def _antecedent_zh(
    c: ClaimNode,
    cache: ClaimSet,
    sets: SetText,
    alternatives: dict[int, bool],
    subject_names: Callable[[ClaimNode], set[str]],
    i: int,
) -> Iterator[Finding]:
    text = fold(c.text)
    number = c.number or 0
    chain = cache.context(number)
    names_here: list[set[str]] = []

    def names() -> set[str]:
        """Subject names of the claim and its chain (only asked for when a term has no basis otherwise)."""
        if not names_here:
            ancestors = cache.ancestors(number)[:CONTEXT_CLAIMS]
            names_here.append(
                set().union(subject_names(c), *(subject_names(cache.by_number[a]) for a in ancestors))
            )
        return names_here[0]

    along_chains = alternatives.get(number, False)
    for at, start, span, cut in terms(c, text):
        prefix = text[c.body_start : at]
        reading = read_term(span, cut, chain, prefix, names, sets, along_chains)
        term = reading.term
        if not reading.basis:
            zh, en = _no_basis(c, cache, sets, text, at, reading)
        elif alternatives.get(number) and reading.anchor and reading.anchor not in prefix:
            lacking = chains_lacking(cache, sets, number, reading.anchor)
            if not lacking:
                continue
            first = min(lacking)
            path = " → ".join(map(str, lacking[first]))
            zh = (
                f"“所述{term}”在引用权利要求{nums(sorted(lacking))}时缺乏引用基础"
                f"（沿权利要求{path}未出现“{reading.anchor}”）"
            )
            en = (
                f"'所述{term}' has no antecedent when the claim is read with claim(s) {nums(sorted(lacking))} "
                f"(not in claims {path})"
            )
        else:
            continue
        yield ANTECEDENT.finding(c, start, start + len(term), zh, en, index=i)


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
    sets = SetText(cache)
    alternatives = _alternatives_above(cache)
    names_by_claim: dict[int, set[str]] = {}

    def subject_names(claim: ClaimNode) -> set[str]:
        found = names_by_claim.get(id(claim))
        if found is None:
            found = names_by_claim[id(claim)] = names_of(claim)
        return found

    existing = cache.by_number.keys()
    broken = {n for n, c in cache.by_number.items() if any(t >= n or t not in existing for t in c.cited)}
    for i, c in enumerate(claims):
        number = c.number
        if number is None or number in broken or any(a in broken for a in cache.ancestors(number)):
            continue  # a broken reference chain already has its own finding; antecedents would only echo it
        if c.lang == "zh":
            yield from _antecedent_zh(c, cache, sets, alternatives, subject_names, i)
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
