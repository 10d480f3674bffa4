"""Applicant names: one key per organisation, so that the variants a corpus holds are merged and shown.

``Google Inc.``, ``GOOGLE INC.`` and ``GOOGLE INC`` are one applicant; ``Nestec S.A.``, ``NESTEC SA`` and
``Nestec SA.,`` another. The key is the name upper-cased (NFKC), without punctuation, a trailing country code
(``[US]`` as Espacenet writes it), a leading "THE" and trailing legal forms (Inc, Co Ltd, S.A., GmbH,
有限公司, 株式会社 …), with a few abbreviations written out (INT'L → INTERNATIONAL, MFG → MANUFACTURING).
Names that only *contain* the key (``SOCIETE DES PRODUITS NESTLE``) are different applicants: they are listed
as similar names, not merged. The rules are deliberately few and conservative: a wrong merge hides a
competitor, a missed one shows as a second row.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

#: Legal-form tokens dropped from the end of a name (Latin scripts), longest first where they overlap.
LEGAL_FORMS = frozenset(
    [
        "INC",
        "INCORPORATED",
        "CORP",
        "CORPORATION",
        "CO",
        "COMPANY",
        "LTD",
        "LIMITED",
        "LLC",
        "LLP",
        "LP",
        "PLC",
        "SA",
        "AG",
        "GMBH",
        "NV",
        "BV",
        "KK",
        "AB",
        "AS",
        "ASA",
        "SPA",
        "SRL",
        "SARL",
        "SAS",
        "SE",
        "OY",
        "OYJ",
        "PTY",
        "PTE",
        "BHD",
        "KG",
        "KGAA",
        "MBH",
        "ULC",
        "CIE",
        "SL",
    ]
)
#: Two-letter sequences that spell a legal form once the dots are gone ("S.A." → "S A").
SPLIT_FORMS = (("S", "A"), ("N", "V"), ("B", "V"), ("A", "G"), ("S", "P", "A"), ("K", "K"), ("S", "L"))
ABBREVIATIONS = {
    "INT": "INTERNATIONAL",
    "INTL": "INTERNATIONAL",
    "MFG": "MANUFACTURING",
    "TECH": "TECHNOLOGY",
    "TECHNOLOGIES": "TECHNOLOGY",
    "LAB": "LABORATORIES",
    "LABS": "LABORATORIES",
    "IND": "INDUSTRIES",
    "INDS": "INDUSTRIES",
    "ELECT": "ELECTRONICS",
    "UNIV": "UNIVERSITY",
}
#: Chinese and Japanese legal forms dropped from the end, longest first.
CJK_FORMS = (
    "股份有限公司",
    "有限责任公司",
    "集团有限公司",
    "有限公司",
    "株式会社",
    "（集团）",
    "(集团)",
    "集团",
    "公司",
)
_COUNTRY_SUFFIX = re.compile(r"\s*[\[(][A-Z]{2}[\])]\s*$")
_NON_WORD = re.compile(r"[^0-9A-Z\u3400-\u9fff\u3040-\u30ff]+")


def name_key(name: str) -> str:
    """The merge key of an applicant name ('' when nothing is left)."""
    s = unicodedata.normalize("NFKC", name or "").upper().strip()
    s = _COUNTRY_SUFFIX.sub("", s)
    for form in CJK_FORMS:
        if s.endswith(form) and len(s) > len(form) + 1:
            s = s[: -len(form)]
            break
    s = s.replace("&", " AND ").replace("'S ", "S ")
    tokens = [ABBREVIATIONS.get(t, t) for t in _NON_WORD.sub(" ", s).split()]
    if len(tokens) > 1 and tokens[0] == "THE":
        tokens = tokens[1:]
    changed = True
    while changed and len(tokens) > 1:
        changed = False
        if tokens[-1] in LEGAL_FORMS:
            tokens.pop()
            changed = True
            continue
        for split in SPLIT_FORMS:
            n = len(split)
            if len(tokens) > n and tuple(tokens[-n:]) == split:
                del tokens[-n:]
                changed = True
                break
    # a possessive whose apostrophe was dropped ("SCHWAN S FOOD") joins its word, as "SCHWAN'S" does
    merged: list[str] = []
    for t in tokens:
        if t == "S" and merged:
            merged[-1] += "S"
        else:
            merged.append(t)
    return " ".join(merged)


@dataclass
class ApplicantGroup:
    """One applicant: its key, the name shown (the most frequent variant) and every variant with its count."""

    key: str
    variants: dict[str, int] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return max(self.variants.items(), key=lambda kv: (kv[1], kv[0]))[0] if self.variants else self.key

    @property
    def documents(self) -> int:
        return sum(self.variants.values())


def group_names(counts: Iterable[tuple[str, int]]) -> dict[str, ApplicantGroup]:
    """Group (name, count) pairs by key."""
    groups: dict[str, ApplicantGroup] = {}
    for name, n in counts:
        key = name_key(name)
        if not key:
            continue
        g = groups.setdefault(key, ApplicantGroup(key))
        g.variants[name] = g.variants.get(name, 0) + int(n)
    return groups


def similar_keys(key: str, keys: Iterable[str], limit: int = 10) -> list[str]:
    """Other keys that contain ``key`` as whole words (shown as "similar, not merged")."""
    if not key:
        return []
    pattern = re.compile(rf"(^| ){re.escape(key)}( |$)") if " " in key or key.isascii() else None
    out = []
    for other in keys:
        if other == key:
            continue
        hit = pattern.search(other) if pattern else key in other
        if hit:
            out.append(other)
            if len(out) >= limit:
                break
    return out
