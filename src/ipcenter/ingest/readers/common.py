"""Small helpers every reader shares: numbers, names, parties, claims, IPC lists, dates.

They turn raw source values into canonical values through the core, so each reader only maps its own
fields. Functions raise :class:`~ipcenter.core.errors.InvalidValue` for values a record cannot be
stored with (the reader turns that into a quarantine reason).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from ipcenter.core.applicant_types import classify_applicant
from ipcenter.core.claims import parse_claims
from ipcenter.core.dates import parse_optional_date
from ipcenter.core.errors import InvalidValue
from ipcenter.core.ipc import normalize_ipc
from ipcenter.core.numbers import cn_check_character, parse_cn_application_number, parse_publication_number
from ipcenter.core.regions import resolve_address
from ipcenter.corpus.models import Claim, Party, PatentRecord
from ipcenter.ingest.errors import UnreadableFile

__all__ = [
    "InvalidValue",
    "application_number",
    "claims_from",
    "cn_application_number_completing_check",
    "ipc_list",
    "iter_json_array",
    "new_record",
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


def new_record(number: str, *, country: str | None = None, **fields: Any) -> PatentRecord:
    """A record keyed by the normalised publication number, with country, kind and patent type taken from it."""
    pub = parse_publication_number(publication_number(number, country=country))
    return PatentRecord(
        publication_number=pub.normalized,
        country=pub.country,
        kind=pub.kind,
        patent_type=pub.patent_type,
        **fields,
    )


def application_number(text: str | None, *, country: str | None = None) -> str | None:
    """CN: canonical '200710308494.X' (validated, check character enforced); others: country + digits.

    Returns None for empty input. Raises InvalidValue for an invalid CN number.
    """
    if text is None or not str(text).strip():
        return None
    s = str(text).strip()
    cc = (country or s[:2]).upper()
    if (
        cc == "CN"
        or (country is None and s[:2].upper() in ("CN", "ZL"))
        or (country is None and re.fullmatch(r"\d{8,12}\.?[\dXx]", s))
    ):
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


def cn_application_number_completing_check(text: str | None) -> str | None:
    """CN application number from a source that stores it *without* its check character.

    Some vendors (LexisNexis Univentio full text, DOCDB) store ``200710112087`` for ``200710112087.5``. A
    bare 12-digit number (or 8-digit number from 1989-2003) gets the check character computed; 1985-1988
    8-digit numbers stay without one (they had none). A number that carries a check character is validated
    as usual (InvalidValue when it does not match). Returns None for empty input.
    """
    if text is None or not str(text).strip():
        return None
    s = re.sub(r"\s+", "", str(text)).upper()
    s = re.sub(r"^(CN|ZL)", "", s)
    if re.fullmatch(r"\d{12}", s) or (re.fullmatch(r"\d{8}", s) and not 85 <= int(s[:2]) <= 88):
        s = f"{s}.{cn_check_character(s)}"
    return parse_cn_application_number(s).canonical


def iter_json_array(
    path: Path, *, chunk_size: int = 1 << 16, max_element_chars: int = 32 << 20
) -> Iterator[tuple[int, object, int]]:
    """Stream the elements of a top-level JSON array: ``(index, value, character offset)``, one at a time.

    Memory stays bounded by the largest element (plus one chunk), not the file. Raises
    :class:`UnreadableFile` when the file is not a JSON array; an element that is not valid JSON ends the
    stream with :class:`json.JSONDecodeError` carrying the position (callers report it).
    """
    decoder = json.JSONDecoder()
    with open(path, encoding="utf-8-sig") as fh:
        buf = ""
        consumed = 0  # characters dropped from the front of buf

        def fill() -> bool:
            nonlocal buf
            chunk = fh.read(chunk_size)
            buf += chunk
            return bool(chunk)

        try:
            fill()
        except UnicodeDecodeError as exc:
            raise UnreadableFile(f"not UTF-8 JSON ({exc})") from None
        pos = 0
        while True:
            while pos < len(buf) and buf[pos].isspace():
                pos += 1
            if pos < len(buf) or not fill():
                break
        if pos >= len(buf):
            raise UnreadableFile("file is empty")
        if buf[pos] != "[":
            raise UnreadableFile("not a JSON array (expected '[' at the start)")
        pos += 1
        index = 0
        expect_value = True
        while True:
            # skip whitespace and the separator
            while True:
                while pos < len(buf) and buf[pos].isspace():
                    pos += 1
                if pos < len(buf):
                    break
                if not fill():
                    raise json.JSONDecodeError("unexpected end of file inside the array", buf, pos)
            ch = buf[pos]
            if ch == "]":
                return
            if not expect_value:
                if ch != ",":
                    raise json.JSONDecodeError("expected ',' or ']'", buf, pos)
                pos += 1
                expect_value = True
                continue
            while True:
                try:
                    value, end = decoder.raw_decode(buf, pos)
                    if end >= len(buf) and fill():
                        continue  # a number may go on in the next chunk
                    break
                except json.JSONDecodeError:
                    if len(buf) - pos > max_element_chars or not fill():
                        raise
            yield index, value, consumed + pos
            index += 1
            expect_value = False
            # drop what has been consumed
            buf = buf[end:]
            consumed += end
            pos = 0
