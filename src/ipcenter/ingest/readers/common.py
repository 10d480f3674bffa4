"""Small helpers every reader shares: numbers, names, parties, claims, IPC lists, dates.

They turn raw source values into canonical values through the core, so each reader only maps its own
fields. Functions raise :class:`~ipcenter.core.errors.InvalidValue` for values a record cannot be
stored with (the reader turns that into a quarantine reason).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from ipcenter.core.applicant_types import classify_applicant
from ipcenter.core.claims import parse_claims
from ipcenter.core.dates import parse_optional_date
from ipcenter.core.errors import InvalidValue
from ipcenter.core.ipc import normalize_ipc
from ipcenter.core.numbers import parse_cn_application_number, parse_publication_number
from ipcenter.core.regions import resolve_address
from ipcenter.corpus.models import Claim, Party

__all__ = [
    "InvalidValue",
    "application_number",
    "claims_from",
    "ipc_list",
    "optional_date",
    "party",
    "publication_number",
    "split_names",
]

_NAME_SEPARATORS = re.compile(r"\s*(?:;|；|\|\||\n)\s*")


def publication_number(text: str | None, *, country: str | None = None, kind: str | None = None) -> str:
    """Normalised publication number; ``kind`` is appended when the text has none (XML gives it apart)."""
    if not text or not str(text).strip():
        raise InvalidValue("publication number is missing")
    pub = parse_publication_number(str(text), country=country)
    if kind and not pub.kind:
        pub = parse_publication_number(pub.without_kind + kind.strip())
    return pub.normalized


def application_number(text: str | None, *, country: str | None = None) -> str | None:
    """CN: canonical '200710308494.X' (validated, check character enforced); others: country + digits.

    Returns None for empty input. Raises InvalidValue for an invalid CN number.
    """
    if text is None or not str(text).strip():
        return None
    s = str(text).strip()
    cc = (country or s[:2]).upper()
    if cc == "CN" or (country is None and s[:2].upper() in ("CN", "ZL")) or re.fullmatch(r"\d{8,12}\.?[\dXx]", s):
        return parse_cn_application_number(s).canonical
    digits = re.sub(r"[^0-9A-Za-z]", "", s).upper()
    if not digits.startswith(cc):
        digits = cc + digits
    return digits


def optional_date(value: object) -> date | None:
    return parse_optional_date(value)


def split_names(value: str | Iterable[str] | None) -> list[str]:
    """'刘迪;刘敏' / 'A; B' / list → clean names, empty ones dropped, order kept."""
    if value is None:
        return []
    items = [value] if isinstance(value, str) else list(value)
    names: list[str] = []
    for item in items:
        for name in _NAME_SEPARATORS.split(str(item)):
            name = name.strip()
            if name:
                names.append(name)
    return names


def party(
    name: str,
    *,
    address: str | None = None,
    type_hint: str | None = None,
    country: str | None = None,
    region_hint: str | None = None,
) -> Party:
    """A party with its applicant type and administrative division resolved through the core."""
    division = resolve_address(address, region_hint or country)
    return Party(
        name=name.strip(),
        type=classify_applicant(name, type_hint),
        address=address or None,
        country=country or division.country,
        province=division.province,
        city=division.city,
        district=division.district,
        division_code=division.code,
    )


def claims_from(text: str | list[str] | None, *, lang: str | None = None) -> list[Claim]:
    """Claims with their references, from one text block or a list of claim texts."""
    if not text:
        return []
    claims = []
    for i, parsed in enumerate(parse_claims(text), start=1):
        claims.append(
            Claim(number=parsed.number or i, text=parsed.text, depends_on=parsed.depends_on, lang=lang)
        )
    return claims


def ipc_list(values: str | Iterable[str] | None, *, main: str | None = None) -> list[str]:
    """Normalised IPC symbols, main first, duplicates removed. Unparseable symbols raise InvalidValue."""
    raw: list[str] = []
    if main:
        raw.append(main)
    if isinstance(values, str):
        raw.extend(p for p in re.split(r"\s*[;,；|]\s*", values) if p.strip())
    elif values is not None:
        raw.extend(v for v in values if v and v.strip())
    out: list[str] = []
    for v in raw:
        sym = normalize_ipc(v)
        if sym not in out:
            out.append(sym)
    return out
