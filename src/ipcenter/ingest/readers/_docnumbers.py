"""Helpers shared by the EPO XML and the analytics CSV readers: cited document numbers in the forms search
reports and Espacenet write, and tolerant IPC/CPC lists.

Forms handled here, before the core's own rules (:mod:`ipcenter.core.number_forms`: WO year/serial,
US application publications, zero padding) normalise the rest:

* EPO B561 ``WO-A-03/008444``, ``US-A- 5 948 634``, ``DE-A1-102009 041 527``, ``US-E- R E36 154``;
* Espacenet ``CA2731260 (A1)``, ``USD343627S (S)``, ``KR100889880B (B1)``, ``US2002076474 (A1)``;
* exports ``WO/2015/012345``, ``US20150123456``, ``CN104123456 (A)``, Lens ``AU 2016/204648 A1``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ipcenter.core.errors import InvalidValue
from ipcenter.core.ipc import normalize_ipc
from ipcenter.core.numbers import parse_publication_number

__all__ = ["loose_publication_number", "symbols"]

_EPO_CITED = re.compile(r"^([A-Z]{2})\s*-\s*([A-Z]\d?)\s*-\s*(.+)$")
_PAREN_KIND = re.compile(r"^(.*?)\s*\(\s*([A-Z]\d?)\s*\)$")
_TRAILING_KIND = re.compile(r"^([A-Z]{2}\s*\S.*?)\s+([A-Z]\d?)$")
_DATE_SUFFIX = re.compile(r"(?<=[A-Z]\d)\s+(?:19|20)\d{6}$|(?<=\s[A-Z])\s+(?:19|20)\d{6}$")


def loose_publication_number(text: str, *, kind: str | None = None) -> str:
    """Normalised publication number from a cited-document or export form; raises InvalidValue."""
    s = " ".join(str(text).split())
    if not s:
        raise InvalidValue("publication number is missing")
    s = _DATE_SUFFIX.sub("", s)  # Lens corrections: 'EP 0259054 B9 20031217'
    m = _EPO_CITED.match(s)
    if m:
        cc, kind, number = m.group(1), m.group(2), m.group(3)
        s = cc + number
    else:
        m = _PAREN_KIND.match(s) or _TRAILING_KIND.match(s)
        if m:
            s, kind = m.group(1), m.group(2)
    s = s.replace(" ", "").upper()
    cc, body = s[:2], s[2:]
    # Espacenet repeats a kind letter inside the number: USD343627S (S), KR100889880B (B1)
    if kind and body[-1:].isalpha() and body[-1] == kind[0] and not body[:-1].isalpha():
        body = body[:-1]
    pub = parse_publication_number(cc + body + (kind or ""))
    return pub.normalized


def symbols(values: Iterable[str], *, cpc: bool = False) -> tuple[list[str], list[str]]:
    """(normalised symbols, main first, duplicates removed; values that do not parse, as given)."""
    out: list[str] = []
    bad: list[str] = []
    for value in values if cpc else _ipc_parts(values):
        v = value.strip()
        if not v:
            continue
        try:
            sym = _cpc(v) if cpc else normalize_ipc(v)
        except InvalidValue:
            bad.append(v)
            continue
        if sym not in out:
            out.append(sym)
    return out, bad


_CPC = re.compile(r"^([A-HY])\s*(\d\d)\s*([A-Z])\s*(\d{1,4})\s*/\s*(\d{1,6})(?:\s|$)")


def _cpc(text: str) -> str:
    """CPC symbols follow IPC syntax and add section Y (``Y02A 50/30`` → ``Y02A50/30``)."""
    s = text.strip().upper()
    m = _CPC.match(s)
    if m and m.group(1) == "Y":
        sg = m.group(5)
        sg = sg.rstrip("0").ljust(2, "0") if len(sg) > 2 else sg.ljust(2, "0")
        return f"Y{m.group(2)}{m.group(3)}{int(m.group(4))}/{sg}"
    return normalize_ipc(s)


_EDITION = re.compile(r"^\d{1,2}\s+(?=[A-H]\s*\d)")
_SUBCLASS = re.compile(r"^([A-H])\s*(\d\d)\s*([A-Z])\b\s*")


def _ipc_parts(values: Iterable[str]) -> list[str]:
    """Old and damaged IPC forms as real exports write them, cleaned to one symbol each.

    ``6 A 21 C 9/04, A 23 P 1/08`` (edition prefix, spaced letters, comma list), ``19/068`` after a full
    symbol (same subclass), ``G06F 17//30``, ``A23C 21/02 -``, and truncated ``A21D 13/`` (→ main group
    ``A21D13``) or ``A21D /`` (→ subclass). What stays unparseable is reported by the caller.
    """
    out: list[str] = []
    for value in values:
        subclass = ""
        for part in value.split(","):
            p = _EDITION.sub("", part.strip())
            p = re.sub(r"/{2,}", "/", p)
            p = re.sub(r"\s+-$", "", p)
            p = re.sub(r"\s*/\s*$", "", p)
            m = _SUBCLASS.match(p)
            if m:
                subclass = "".join(m.groups())
                p = subclass + (" " + p[m.end() :] if p[m.end() :] else "")
            elif subclass and re.match(r"^\d{1,4}\s*/\s*\d", p):
                p = f"{subclass} {p}"
            if p:
                out.append(p)
    return out
