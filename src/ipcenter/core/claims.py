"""Claims: split a claims text into numbered claims and find which claims each one refers to.

Chinese forms: ``1.一种…``, ``1、``, ``1．``, full-width digits, ``<br/>`` inside claims; references
``根据权利要求1所述的``, ``权利要求1或2``, ``权利要求1-3中任一项``, ``权利要求1至8任一项``, ``如权利要求2所述``.
English: ``The method of claim 1``, ``any one of claims 1 to 3``, ``claims 1 or 2``; German ``nach einem der
Ansprüche 1 bis 3``; French ``selon l'une des revendications 1 à 3``. Pure, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["ParsedClaim", "claim_references", "parse_claims", "split_claims"]


@dataclass(slots=True)
class ParsedClaim:
    number: int | None
    text: str
    depends_on: list[int] = field(default_factory=list)


_CLAIM_START = re.compile(r"(?:(?<=^)|(?<=[\n。.;；]))\s*(\d{1,5})\s*[.、．:：)\]]\s*(?!\d)")
# '利要求' (a missing 权) occurs in real texts (kppatent CN113132524A claim 13) and is accepted.
_CN_REF = re.compile(r"权?利要求\s*((?:\d+\s*(?:[-~～—至到或和及、,，]|以及)?\s*)+)")
_EN_REF = re.compile(
    r"\bclaims?\s+((?:\d+\s*(?:-|–|to|through|or|and|,)?\s*(?:any\s+one\s+of\s+)?)+)", re.IGNORECASE
)
# German and French (EP claims): 'nach Anspruch 1', 'nach einem der Ansprüche 1 bis 3', 'gemäß Anspruch 1 oder 2';
# 'selon la revendication 1', "selon l'une quelconque des revendications 1 à 4", 'revendications 1 ou 2'.
_DE_REF = re.compile(r"\bAnspr(?:uch|üche|uche|\.)\s*((?:\d+\s*(?:-|–|bis|oder|und|,)?\s*)+)")
_FR_REF = re.compile(r"\brevendications?\s+((?:\d+\s*(?:-|–|à|ou|et|,)?\s*)+)", re.IGNORECASE)
_NUM_RANGE = re.compile(r"(\d+)\s*(?:-|~|～|—|–|至|到|to|through|bis|à)\s*(\d+)")


# Full-width ASCII (U+FF01-FF5E) → ASCII and the ideographic space → space: one character for one, so
# positions found in the folded text are valid in the original (which is what we return and store).
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def _breaks(text: str) -> str:
    return re.sub(r"<br\s*/?>", "\n", text, flags=re.IGNORECASE)


def _fold(text: str) -> str:
    return _breaks(text).translate(_FULLWIDTH)


def split_claims(text: str) -> list[tuple[int | None, str]]:
    """Split a claims block into (number, text) pairs. Text without a leading number is one claim."""
    original = _breaks(text).strip()
    folded = original.translate(_FULLWIDTH)
    if not folded:
        return []
    starts = [m for m in _CLAIM_START.finditer(folded)]
    # Keep only numbers that continue a plausible sequence (avoids splitting on '1.5 mm' etc.).
    chosen: list[re.Match[str]] = []
    expected = 1
    for m in starts:
        n = int(m.group(1))
        if not chosen and m.start() > 0 and folded[: m.start()].strip():
            continue
        # Steps inside a claim are often numbered '1)', '2)': a ')' or ']' marker only continues a sequence
        # whose first claim number also used one.
        if chosen and _marker(m) in ")]" and _marker(chosen[0]) not in ")]":
            continue
        if n == expected or (chosen and n == int(chosen[-1].group(1)) + 1) or (not chosen and n >= 1):
            chosen.append(m)
            expected = n + 1
    if not chosen:
        return [(None, original)]
    out: list[tuple[int | None, str]] = []
    for i, m in enumerate(chosen):
        end = chosen[i + 1].start() if i + 1 < len(chosen) else len(folded)
        body = original[m.end() : end].strip()
        out.append((int(m.group(1)), body))
    return out


def _marker(m: re.Match[str]) -> str:
    return m.group(0).strip()[len(m.group(1)) :].strip()[:1]


def _expand(numbers_text: str) -> list[int]:
    found: list[int] = []
    consumed = numbers_text
    for m in _NUM_RANGE.finditer(numbers_text):
        lo, hi = int(m.group(1)), int(m.group(2))
        if 0 < lo <= hi and hi - lo < 10_000:
            found.extend(range(lo, hi + 1))
        consumed = consumed.replace(m.group(0), " ")
    found.extend(int(n) for n in re.findall(r"\d+", consumed))
    return sorted(set(found))


def claim_references(text: str, number: int | None = None) -> list[int]:
    """Numbers of the claims a claim text refers to (Chinese, English, German or French wording).

    With the claim's own ``number``, a reference to every earlier claim without numbers
    ("如前面权利要求中任一项所述", "any preceding claim") gives 1 … number-1.
    """
    folded = _fold(text)
    refs: set[int] = set()
    for m in _CN_REF.finditer(folded):
        refs.update(_expand(m.group(1)))
    for m in _EN_REF.finditer(folded):
        refs.update(_expand(m.group(1)))
    for m in _DE_REF.finditer(folded):
        refs.update(_expand(m.group(1)))
    for m in _FR_REF.finditer(folded):
        refs.update(_expand(m.group(1)))
    if not refs and number is not None and number > 1 and _ANY_PRECEDING.search(folded):
        refs.update(range(1, number))
    return sorted(refs)


def parse_claims(text: str | list[str]) -> list[ParsedClaim]:
    """Claims from one text block or a list of claim strings, each with its references."""
    pieces: list[tuple[int | None, str]] = []
    if isinstance(text, list):
        for item in text:
            pieces.extend(split_claims(item))
    else:
        pieces = split_claims(text)
    claims = []
    for number, body in pieces:
        claims.append(ParsedClaim(number=number, text=body, depends_on=claim_references(body, number)))
    return claims


# A reference to every earlier claim without numbers: 前述/前面/上述/以上 … 任一/任意一项 … 权利要求, or English.
_ANY_PRECEDING = re.compile(
    r"(?:前述|前面|上述|以上|在先)[^。，,]{0,6}?(?:任一|任意一|任何一)[^。，,]{0,6}?权利要求"
    r"|(?:前述|前面|上述|以上|在先)[^。，,]{0,4}?权利要求[^。，,]{0,4}?(?:任一|任意一|任何一)"
    r"|\bany (?:one )?of the preceding claims\b|\bany preceding claim\b",
    re.IGNORECASE,
)
