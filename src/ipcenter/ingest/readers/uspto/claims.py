"""Claims with their numbers and the claims each one refers to, the same way for every USPTO source.

The XML families tag a reference with the id of the claim it names (``claim-ref idref``, ``CLREF ID``,
``dependent-claim-reference depends_on``); the JSONL grants list those ids in ``depends_on``. Each source
collects :class:`SourceClaim` items and :func:`build_claims` resolves ids to claim numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ipcenter.corpus.models import Claim
from ipcenter.ingest.readers.uspto.documents import Element
from ipcenter.ingest.readers.uspto.text import text_of

__all__ = ["SourceClaim", "build_claims", "xml_claims"]

_CLAIM_NUMBER_PREFIX = re.compile(r"^\s*\d{1,3}\s*[.)]\s*")
_IDREF_SPLIT = re.compile(r"[\s,]+")
_CLAIM_RANGE = re.compile(r"\bclaims?\s+(\d+)\s*(?:to|through|thru|-|–)\s*(\d+)\b", re.IGNORECASE)


@dataclass(slots=True)
class SourceClaim:
    """One claim as the source gives it: its number attribute, its id, the ids it refers to, its text."""

    num: str | None
    id: str | None
    text: str  # whitespace-normalised; a leading '1.' is removed by build_claims
    refs: list[str] = field(default_factory=list)


def _expand_ranges(text: str, own: int, depends: list[int]) -> list[int]:
    """'any one of claims 2 through 4': the XML tags only the first (or both) ends; add the claims between."""
    if not _CLAIM_RANGE.search(text):
        return depends
    out = list(depends)
    for m in _CLAIM_RANGE.finditer(text):
        lo, hi = int(m.group(1)), int(m.group(2))
        if lo in out and lo < hi < own and hi - lo <= 50:
            at = out.index(lo) + 1
            for k in range(lo + 1, hi + 1):
                if k not in out:
                    out.insert(at, k)
                    at += 1
    return out


def build_claims(source: Iterable[SourceClaim]) -> list[Claim]:
    """Claims numbered from ``num`` (or their order), references resolved through ids, ranges expanded."""
    items = list(source)
    numbers: dict[str, int] = {}
    ordinals: list[int] = []
    for i, item in enumerate(items, start=1):
        num = (item.num or "").strip()
        n = int(num) if num.isdigit() else i
        if item.id:
            numbers[item.id] = n
        ordinals.append(n)
    claims: list[Claim] = []
    for n, item in zip(ordinals, items, strict=True):
        depends: list[int] = []
        for ref in item.refs:
            target = numbers.get(ref)
            if target is not None and target not in depends:
                depends.append(target)
        text = _CLAIM_NUMBER_PREFIX.sub("", item.text, count=1)
        if depends:
            depends = _expand_ranges(text, n, depends)
        claims.append(Claim(number=n, text=text, depends_on=depends, lang="en"))
    return claims


def xml_claims(claim_els: list[Element], id_attr: str, ref_tag: str, ref_attr: str) -> list[Claim]:
    """Claims of an XML family: ``ref_tag`` elements name the claims referred to in ``ref_attr``
    (several ids in one attribute are separated by blanks or commas)."""
    return build_claims(
        SourceClaim(
            num=el.get("num"),
            id=(el.get(id_attr) or "").strip() or None,
            text=text_of(el),
            refs=[r for ref in el.iter(ref_tag) for r in _IDREF_SPLIT.split(ref.get(ref_attr) or "") if r],
        )
        for el in claim_els
    )
