"""Field values every USPTO source maps the same way (XML of each DTD family, the JSONL grants): dates,
numbers, citations, IPC symbols, parties and the patent type.

Mapping choices (see also docs/record.md):

* publication number ``US`` + number + kind through the core (``US7654321B2``, ``US20120123456A1``); US
  design kind ``S1`` is stored as ``S`` (``USD612345S``, the DOCDB form other sources use; the source kind
  is kept in ``extra['kind_source']``); cited numbers go through the same core rules, so
  ``WO 03/066704 A1`` is cited as ``WO2003066704A1``;
* the USPC main classification keeps its fixed width (:func:`us_classification`);
* citation dates with day (or month) ``00`` — the usual USPTO month precision — are stored as the first
  day of that month (year); ``category`` keeps the USPTO wording, ``cited_by`` is examiner / applicant /
  other / third_party.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from ipcenter.core.errors import InvalidValue
from ipcenter.core.ipc import normalize_ipc
from ipcenter.core.numbers import parse_publication_number
from ipcenter.corpus.models import Citation, Party
from ipcenter.ingest.readers.common import application_number, optional_date, party, publication_number
from ipcenter.ingest.readers.uspto.text import norm, opt

__all__ = [
    "citation_category",
    "cited_number",
    "dedupe",
    "foreign_number",
    "merge_parties",
    "npl_citation",
    "partial_date",
    "party_from",
    "patent_citation",
    "patent_type",
    "safe_date",
    "us_application_number",
    "us_classification",
    "us_ipc",
    "us_publication_number",
]


def dedupe(items: Iterable[str]) -> list[str]:
    out: list[str] = []
    for item in items:
        if item and item not in out:
            out.append(item)
    return out


# --------------------------------------------------------------------------- dates


def safe_date(value: str | None) -> date | None:
    try:
        return optional_date(value)
    except InvalidValue:
        return None


def partial_date(value: str | None) -> date | None:
    """USPTO citation dates are often month precision (``19990100``): day/month 00 → the first one."""
    if not value:
        return None
    s = value.strip()
    if len(s) == 8 and s.isdigit():
        try:
            return date(int(s[:4]), int(s[4:6]) or 1, int(s[6:]) or 1) if s != "00000000" else None
        except ValueError:
            return None
    return safe_date(s)


# --------------------------------------------------------------------------- numbers


def us_publication_number(doc_number: str, kind: str | None, country: str = "US") -> tuple[str, str | None]:
    """(normalised publication number, kind as stored): the core's canonical form, so the design
    ``D0558629`` of kind ``S1`` is ``USD558629S`` (DOCDB and the printed document say ``S``)."""
    kind = (kind or "").strip() or None
    pub = parse_publication_number(publication_number(doc_number.strip(), country=country, kind=kind))
    return pub.normalized, pub.kind


def us_classification(text: str | None) -> str | None:
    """The USPC main classification in its fixed-width form, as the source writes it: class in three
    columns, right-aligned, then the subclass (``' 527168'`` is class 52, subclass 716.8; ``'527168'``
    would be class 527, subclass 168), so the blanks are kept."""
    if text is None or not text.strip():
        return None
    return text.strip("\r\n").rstrip()


_US_PLAIN = re.compile(r"(?:D|RE|PP|H|T)?\d{1,8}")


def cited_number(country: str, doc_number: str, kind: str | None) -> str:
    """A cited document's number, normalised when it parses, else as given (country + number + kind)."""
    country = (country or "").strip().upper()
    doc_number = doc_number.strip()
    if country == "US" and kind and _US_PLAIN.fullmatch(doc_number):  # fast path, same result as the core
        digits = doc_number.lstrip("DREPHT")
        series = doc_number[: len(doc_number) - len(digits)]
        digits = digits.lstrip("0") or "0"
        return f"US{series}{digits}{'S' if kind == 'S1' else kind}"
    try:
        if country == "US" and kind == "S1":
            kind = "S"
        return publication_number(doc_number, country=country or None, kind=kind)
    except InvalidValue:
        raw = re.sub(r"\s+", "", doc_number)
        prefix = country if country and not raw.upper().startswith(country) else ""
        return f"{prefix}{raw}{kind or ''}"


def us_application_number(doc_number: str | None) -> str | None:
    if not doc_number or not doc_number.strip():
        return None
    return "US" + re.sub(r"[^0-9A-Za-z]", "", doc_number).upper()


def foreign_number(country: str | None, number: str | None) -> str | None:
    """Priority / related application number: the core's form when it validates, else country + text."""
    if not number or not number.strip():
        return None
    cc = (country or "").strip().upper() or None
    if cc == "CN":
        try:
            return application_number(number, country=cc)
        except InvalidValue:
            pass
    raw = re.sub(r"[^0-9A-Za-z]", "", number).upper()
    return f"{cc}{raw}" if cc and not raw.startswith(cc) else raw


def patent_type(appl_type: str | None, pub: str) -> str | None:
    t = (appl_type or "").lower()
    if "design" in t:
        return "design"
    if "plant" in t:
        return "plant"
    if "utility" in t or "reissue" in t or "sir" in t or t.startswith("new"):
        return "invention"
    if pub.startswith("USD"):
        return "design"
    if pub.startswith("USPP"):
        return "plant"
    return "invention"


# --------------------------------------------------------------------------- citations


def _cited_by(category: str | None) -> str | None:
    if not category:
        return None
    c = category.lower()
    for key, value in (
        ("examiner", "examiner"),
        ("applicant", "applicant"),
        ("third", "third_party"),
        ("other", "other"),
    ):
        if key in c:
            return value
    return None


_CATEGORY_CACHE: dict[str, tuple[str | None, str | None]] = {}


def citation_category(raw: str | None) -> tuple[str | None, str | None]:
    """(category as the source says, cited_by) — cached: a handful of distinct values."""
    key = raw or ""
    got = _CATEGORY_CACHE.get(key)
    if got is None:
        got = (opt(norm(key)), _cited_by(key))
        if len(_CATEGORY_CACHE) < 64:
            _CATEGORY_CACHE[key] = got
    return got


def patent_citation(
    country: str, doc_number: str, kind: str | None, date_text: str | None, category: str | None
) -> Citation:
    wording, cited_by = citation_category(category)
    return Citation(
        number=cited_number(country, doc_number, kind),
        kind="patent",
        category=wording,
        cited_by=cited_by,
        date=partial_date(date_text),
    )


def npl_citation(text: str, category: str | None) -> Citation:
    wording, cited_by = citation_category(category)
    return Citation(kind="npl", category=wording, cited_by=cited_by, text=text)


# --------------------------------------------------------------------------- classification


def us_ipc(text: str | None) -> str | None:
    """An IPC symbol as USPTO writes it: ``A47L  514`` / ``A43B 1314`` (fixed columns: subclass, main group
    right-aligned in 3, subgroup), ``B08B003/00``, ``G06F 40/30``. None when empty or not IPC (Locarno)."""
    if not text or not text.strip():
        return None
    s = text.strip().upper()
    if "/" not in s:
        m = re.fullmatch(r"([A-H]\d\d[A-Z])([\d ]*)", s)
        if not m:
            return None
        sub, rest = m.group(1), m.group(2)
        digits = rest.replace(" ", "")
        if not digits:
            return sub
        if len(rest) >= 5 and rest[:3].strip().isdigit() and rest[3:].strip().isdigit():
            mg, sg = rest[:3].strip(), rest[3:].strip()
        elif len(digits) >= 3:  # columns lost (collapsed spaces): assume a 2-digit subgroup
            mg, sg = digits[:-2], digits[-2:]
        else:
            return None
        s = f"{sub}{int(mg)}/{sg}"
    try:
        return normalize_ipc(s)
    except InvalidValue:
        return None


# --------------------------------------------------------------------------- parties


def party_from(name: str, country: str | None, city: str = "", state: str = "") -> Party:
    address = ", ".join(p for p in (city, state) if p) or None
    country = (country or "").strip().upper()
    cc = country if len(country) == 2 and country.isalpha() and country.isascii() else None
    return party(name, address=address, country=cc, region_hint=cc)


def merge_parties(first: list[Party], second: list[Party]) -> list[Party]:
    out = list(first)
    seen = {p.name.casefold() for p in out}
    for p in second:
        if p.name.casefold() not in seen:
            seen.add(p.name.casefold())
            out.append(p)
    return out
