"""Chinese word-mark similarity after CNIPA's examination rules for word marks (《商标审查审理指南》, 文字商标
近似的审查; ../shared/docs/platform-anchors.md): each rule is a function that fires with its evidence or
stays silent, and a verdict lists every rule that fired. The goods come first: marks are compared only
within the same or similar goods (类似群, `ipcenter.protection.nice`).

Rules (stable ids, used in the CLI's JSON and the evaluation):

- ``same_characters``: the same characters in another font, traditional/simplified form or spacing;
- ``same_characters_order``: the same characters in another order;
- ``pinyin_of_mark``: one mark is the other's pinyin (a Latin/pinyin mark against a Chinese one);
- ``one_character_different``: three or more characters, one different — unless the first character's
  sound and shape both clearly differ, or both marks are words of different meaning (the exceptions);
- ``look_alike``: the differing characters look alike (shared components);
- ``sound_and_shape``: the same or a close sound, and the differing characters are of similar shape;
- ``same_meaning``: the same or a close meaning (词林 synonym group);
- ``doubled``: the same characters, one mark doubling them (叠字);
- ``generic_addition``: the earlier mark plus a generic product name or a model number;
- ``contains_mark``: the whole earlier mark (two or more characters) inside the other, little added;
- ``latin_one_letter`` / ``latin_word_order``: Latin marks of four or more letters with one letter
  different, or the same words in another order.

A mark of Chinese and Latin words (中外文组合商标) is judged on its whole and again on its Chinese part: a hit
on the part carries ``part: "han"`` and the two parts compared in its evidence.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ipcenter.errors import InvalidValue
from ipcenter.protection import characters as chars
from ipcenter.protection.distance import closeness

#: The verdict's threshold on the highest rule score (tuned on the dev half of the labelled pairs only).
SIMILAR_AT = 0.6
LOOK_ALIKE_AT = 0.5  # shape score of a differing pair of characters for the look-alike rule
SHAPE_WITH_SOUND_AT = 0.3  # weaker shape resemblance enough when the sound is the same or close
MODEL_NUMBER = re.compile(r"^[a-z]{0,3}[-]?\d{1,6}[a-z]{0,3}$")


@dataclass(frozen=True)
class RuleHit:
    rule: str
    label_zh: str
    label_en: str
    score: float
    evidence: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "label_zh": self.label_zh, "label_en": self.label_en,
                "score": self.score, "evidence": self.evidence}  # fmt: skip


@dataclass(frozen=True)
class Goods:
    """How the two marks' goods relate: 'same_group', 'same_class', 'assumed' (not given), 'different'."""

    relation: str
    detail: str

    @property
    def comparable(self) -> bool:
        return self.relation != "different"


@dataclass(frozen=True)
class Verdict:
    a: str
    b: str
    similar: bool
    score: float
    rules: list[RuleHit]
    goods: Goods
    exceptions: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "similar": self.similar,
            "score": self.score,
            "rules": [r.to_dict() for r in self.rules],
            "goods": {"relation": self.goods.relation, "detail": self.goods.detail},
            "exceptions": self.exceptions,
        }


@dataclass(frozen=True)
class Marks:
    """Both marks prepared once for every rule."""

    a: str
    b: str
    na: str  # normal forms
    nb: str
    generic_names: frozenset[str]

    @property
    def han_a(self) -> str:
        return chars.han_part(self.na)

    @property
    def han_b(self) -> str:
        return chars.han_part(self.nb)


Rule = Callable[[Marks, list[dict[str, Any]]], RuleHit | None]


def _hit(rule: str, zh: str, en: str, score: float, **evidence: Any) -> RuleHit:
    return RuleHit(rule, zh, en, round(score, 3), evidence)


def _differences(x: str, y: str) -> list[int]:
    return [i for i, (p, q) in enumerate(zip(x, y, strict=True)) if p != q]


# --------------------------------------------------------------------------- the rules


def same_characters(m: Marks, _exc: list[dict[str, Any]]) -> RuleHit | None:
    if m.na and m.na == m.nb:
        return _hit("same_characters", "汉字构成相同（字体、繁简或间隔不同）", "same characters (font, form or spacing)",
                    1.0, normal_form=m.na)  # fmt: skip
    return None


def same_characters_order(m: Marks, _exc: list[dict[str, Any]]) -> RuleHit | None:
    x, y = m.han_a, m.han_b
    if len(x) >= 2 and x != y and Counter(x) == Counter(y) and len(x) == len(m.na) == len(m.nb):
        return _hit("same_characters_order", "汉字构成相同，仅排列顺序不同", "same characters in another order", 0.9,
                    characters="".join(sorted(x)))  # fmt: skip
    return None


def pinyin_of_mark(m: Marks, _exc: list[dict[str, Any]]) -> RuleHit | None:
    """A Latin mark that spells the other's Chinese in pinyin, or a mark that is the other plus its pinyin."""
    for han_side, latin_side in ((m.na, m.nb), (m.nb, m.na)):
        han, latin = chars.han_part(han_side), chars.latin_part(latin_side)
        if not han or not latin or chars.han_part(latin_side):
            continue
        spelled = chars.spelled(han)
        if latin == spelled:
            return _hit("pinyin_of_mark", "文字与其拼音（注音）", "a mark and its pinyin", 0.9,
                        han=han, pinyin=spelled, latin=latin)  # fmt: skip
        closeness = _latin_closeness(latin, spelled)
        if closeness >= 0.8 and len(latin) >= 4:
            return _hit("pinyin_of_mark", "文字与其拼音（注音）", "a mark and its pinyin", 0.7 * closeness,
                        han=han, pinyin=spelled, latin=latin, closeness=closeness)  # fmt: skip
    # the same Chinese with and without its pinyin (一个商标是另一个加注拼音)
    if m.han_a and m.han_a == m.han_b and m.na != m.nb:
        extra = chars.latin_part(m.na) or chars.latin_part(m.nb)
        if extra and extra == chars.spelled(m.han_a):
            return _hit("pinyin_of_mark", "文字与其拼音（注音）", "a mark and its pinyin", 0.9,
                        han=m.han_a, pinyin=extra)  # fmt: skip
    return None


def _latin_closeness(x: str, y: str) -> float:
    return closeness(x, y)


def _first_character_differs_clearly(x: str, y: str) -> dict[str, Any] | None:
    sx, sy = chars.syllables(x[0]), chars.syllables(y[0])
    sound = chars.sound_closeness(sx[0], sy[0]) if sx and sy else 0.0
    look = chars.shape(x[0], y[0]).score
    if sound == 0.0 and look < LOOK_ALIKE_AT:
        return {"exception": "first_character_differs", "characters": [x[0], y[0]],
                "pinyin": [sx[0] if sx else "", sy[0] if sy else ""], "shape": look}  # fmt: skip
    return None


def _meanings_differ(x: str, y: str) -> dict[str, Any] | None:
    if chars.known_word(x) and chars.known_word(y) and chars.synonymous(x, y) is None:
        return {"exception": "meanings_differ", "words": [x, y], "source": "词林 (cilin)"}
    return None


def one_character_different(m: Marks, exc: list[dict[str, Any]]) -> RuleHit | None:
    x, y = m.na, m.nb
    if len(x) != len(y) or len(x) < 3 or not (m.han_a == x and m.han_b == y):
        return None
    diff = _differences(x, y)
    if len(diff) != 1:
        return None
    i = diff[0]
    exception = (_first_character_differs_clearly(x, y) if i == 0 else None) or _meanings_differ(x, y)
    if exception is not None:
        exc.append(exception)
        return None
    return _hit("one_character_different", "三个以上汉字仅个别汉字不同", "three or more characters, one different",
                0.8, position=i + 1, characters=[x[i], y[i]])  # fmt: skip


def _aligned_pairs(m: Marks) -> list[tuple[str, str]] | None:
    x, y = m.han_a, m.han_b
    if len(x) != len(y) or not x or x == y or x != m.na or y != m.nb:
        return None
    return [(x[i], y[i]) for i in _differences(x, y)]


def look_alike(m: Marks, _exc: list[dict[str, Any]]) -> RuleHit | None:
    pairs = _aligned_pairs(m)
    if not pairs or len(pairs) * 2 > len(m.han_a) + 1:  # most of the mark must stay the same
        return None
    shapes = [chars.shape(p, q) for p, q in pairs]
    if all(s.score >= LOOK_ALIKE_AT for s in shapes):
        score = 0.6 + 0.3 * min(s.score for s in shapes)
        return _hit("look_alike", "文字字形近似", "look-alike characters", score,
                    pairs=[{"characters": [p, q], "shape": s.score, "shared_components": list(s.shared)}
                           for (p, q), s in zip(pairs, shapes, strict=True)])  # fmt: skip
    return None


def _sound(x: str, y: str) -> float:
    sx, sy = chars.syllables(x), chars.syllables(y)
    if len(sx) != len(sy) or not sx:
        return 0.0
    return min(chars.sound_closeness(p, q) for p, q in zip(sx, sy, strict=True))


def sound_and_shape(m: Marks, _exc: list[dict[str, Any]]) -> RuleHit | None:
    pairs = _aligned_pairs(m)
    if not pairs:
        return None
    sound = _sound(m.han_a, m.han_b)
    if sound == 0.0:
        return None
    shapes = [chars.shape(p, q) for p, q in pairs]
    if all(s.score >= SHAPE_WITH_SOUND_AT for s in shapes):
        score = 0.55 + 0.25 * sound * min(1.0, min(s.score for s in shapes) * 1.5)
        return _hit("sound_and_shape", "读音相同或近似，且字形近似", "same or close sound and similar shape", score,
                    pinyin=[" ".join(chars.syllables(m.han_a, True)), " ".join(chars.syllables(m.han_b, True))],
                    sound=sound, pairs=[{"characters": [p, q], "shape": s.score}
                                        for (p, q), s in zip(pairs, shapes, strict=True)])  # fmt: skip
    return None


def same_meaning(m: Marks, _exc: list[dict[str, Any]]) -> RuleHit | None:
    x, y = m.han_a, m.han_b
    if not x or not y or x == y:
        return None
    code = chars.synonymous(x, y)
    if code is not None:
        return _hit("same_meaning", "含义相同或近似", "same or close meaning", 0.75, words=[x, y], cilin=code)
    if len(x) == len(y) and x == m.na and y == m.nb:
        diff = _differences(x, y)
        codes = [chars.synonymous(x[i], y[i]) for i in diff]
        if diff and len(diff) < len(x) and all(codes):
            return _hit("same_meaning", "含义相同或近似", "same or close meaning", 0.7,
                        pairs=[{"characters": [x[i], y[i]], "cilin": c} for i, c in zip(diff, codes, strict=True)])  # fmt: skip
    return None


def _undoubled(text: str) -> str:
    return re.sub(r"(.)\1+", r"\1", text)


def doubled(m: Marks, _exc: list[dict[str, Any]]) -> RuleHit | None:
    if m.na == m.nb or not m.han_a or not m.han_b:
        return None
    if _undoubled(m.na) == _undoubled(m.nb) and (m.na != _undoubled(m.na) or m.nb != _undoubled(m.nb)):
        return _hit("doubled", "字、词重叠而成", "doubled characters", 0.8, base=_undoubled(m.na))
    # a whole word repeated (宝贝 / 宝贝宝贝)
    for short, long in ((m.na, m.nb), (m.nb, m.na)):
        if len(short) >= 1 and long == short * 2:
            return _hit("doubled", "字、词重叠而成", "doubled characters", 0.8, base=short)
    return None


def generic_addition(m: Marks, _exc: list[dict[str, Any]]) -> RuleHit | None:
    for short, long in ((m.na, m.nb), (m.nb, m.na)):
        if len(short) < 2 or len(long) <= len(short) or short not in long:
            continue
        start = long.index(short)
        rest = (long[:start] + long[start + len(short) :]).strip()
        if MODEL_NUMBER.match(rest):
            return _hit("generic_addition", "在先商标加本商品型号", "the earlier mark plus a model number", 0.85,
                        mark=short, added=rest, kind="model")  # fmt: skip
        if rest in m.generic_names:
            return _hit("generic_addition", "在先商标加本商品通用名称", "the earlier mark plus a generic product name",
                        0.85, mark=short, added=rest, kind="generic name")  # fmt: skip
    return None


def contains_mark(m: Marks, _exc: list[dict[str, Any]]) -> RuleHit | None:
    """The whole of the other mark (two or more characters) inside this one, little else added."""
    for short, long in ((m.na, m.nb), (m.nb, m.na)):
        if (
            len(short) >= 2
            and len(long) > len(short)
            and short in long
            and len(long) - len(short) <= max(2, len(short))
        ):
            return _hit("contains_mark", "完整包含他人在先文字商标", "contains the whole earlier mark", 0.65,
                        mark=short, within=long)  # fmt: skip
    return None


def latin_one_letter(m: Marks, _exc: list[dict[str, Any]]) -> RuleHit | None:
    x, y = m.na, m.nb
    if chars.script_of(x) != "latin" or chars.script_of(y) != "latin" or x == y:
        return None
    closeness = _latin_closeness(x, y)
    if min(len(x), len(y)) >= 4 and closeness >= 0.75 and x[0] == y[0]:
        return _hit("latin_one_letter", "外文四个以上字母仅个别不同", "four or more letters, one or two different",
                    0.7 + 0.2 * closeness, closeness=closeness)  # fmt: skip
    return None


def latin_word_order(m: Marks, _exc: list[dict[str, Any]]) -> RuleHit | None:
    wa, wb = m.a.lower().split(), m.b.lower().split()
    if len(wa) >= 2 and wa != wb and sorted(wa) == sorted(wb) and chars.script_of(m.na) == "latin":
        return _hit("latin_word_order", "外文单词相同，仅顺序不同", "the same words in another order", 0.85,
                    words=sorted(wa))  # fmt: skip
    return None


RULES: tuple[Rule, ...] = (
    same_characters, same_characters_order, pinyin_of_mark, one_character_different, look_alike,
    sound_and_shape, same_meaning, doubled, generic_addition, contains_mark, latin_one_letter, latin_word_order,
)  # fmt: skip
RULE_IDS = tuple(rule.__name__ for rule in RULES)


def compare(
    a: str,
    b: str,
    goods: Goods | None = None,
    *,
    generic_names: Iterable[str] = (),
    threshold: float = SIMILAR_AT,
) -> Verdict:
    """The verdict on two word marks: every rule that fired with its evidence, the score (the highest
    rule's) and ``similar`` (a rule at or above the threshold, on comparable goods)."""
    goods = goods or Goods("assumed", "goods taken as in the same similar group (no classes given)")
    marks = Marks(a, b, chars.normalise(a), chars.normalise(b), frozenset(generic_names))
    for given, normal in ((a, marks.na), (b, marks.nb)):
        if not normal:
            raise InvalidValue(f"mark {given!r} has no characters or letters to compare")
    exceptions: list[dict[str, Any]] = []
    hits = _fired(marks, exceptions) + _part_hits(marks, exceptions)
    hits.sort(key=lambda h: -h.score)
    score = hits[0].score if hits else background(marks)
    similar = bool(hits) and score >= threshold and goods.comparable
    return Verdict(a, b, similar, score, hits, goods, exceptions)


def _part_hits(m: Marks, exceptions: list[dict[str, Any]]) -> list[RuleHit]:
    """The rules again on the two Chinese parts when either mark mixes Chinese and Latin words: in a
    中外文组合商标 the Chinese part is what buyers here read and call the mark by (its 显著识别部分), so the
    guide holds the marks similar when that part is. Latin parts alone are not compared this way: there they
    are mostly the Chinese part's pinyin or translation, or a common word (HOME, FAIR)."""
    if "mixed" not in (chars.script_of(m.na), chars.script_of(m.nb)):
        return []
    pa, pb = chars.han_part(m.na), chars.han_part(m.nb)
    if len(pa) < 2 or len(pb) < 2:
        return []
    return [
        _hit(
            hit.rule,
            f"中文部分：{hit.label_zh}",
            f"the Chinese part: {hit.label_en}",
            hit.score,
            part="han",
            compared=[pa, pb],
            **hit.evidence,
        )
        for hit in _fired(Marks(m.a, m.b, pa, pb, m.generic_names), exceptions)
    ]


def _fired(marks: Marks, exceptions: list[dict[str, Any]]) -> list[RuleHit]:
    return [hit for rule in RULES if (hit := rule(marks, exceptions)) is not None]


def background(m: Marks) -> float:
    """A score below every rule's for marks no rule caught (for ranking candidates only)."""
    if not m.na or not m.nb:
        return 0.0
    text = closeness(m.na, m.nb)
    sound = closeness(chars.spelled(m.na), chars.spelled(m.nb))
    return round(min(0.5, 0.25 * text + 0.25 * sound), 3)
