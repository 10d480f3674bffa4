"""Patent numbers: CN application numbers (申请号) and publication numbers of CN / US / EP / WO and others.

Pure functions, no I/O. Rules: ../shared/docs/domain-cn.md §7.1-7.2 and §9 rules 9-11.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from ipcenter.core.errors import InvalidValue

__all__ = [
    "CNApplicationNumber",
    "PublicationNumber",
    "cn_check_character",
    "is_grant_kind",
    "normalize_publication_number",
    "parse_cn_application_number",
    "parse_publication_number",
]

#: Weights of the check-character algorithm, left to right (GB/T / CNIPA number standard).
_WEIGHTS_12: tuple[int, ...] = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
_WEIGHTS_8: tuple[int, ...] = (2, 3, 4, 5, 6, 7, 8, 9)

#: Type digit → patent type. 8/9 are PCT applications entering the Chinese national phase.
CN_TYPE_DIGITS: dict[str, str] = {
    "1": "invention",
    "2": "utility_model",
    "3": "design",
    "8": "invention",
    "9": "utility_model",
}


def _fold(text: str) -> str:
    """Full-width → half-width, upper case, drop whitespace."""
    folded = unicodedata.normalize("NFKC", text).upper()
    return re.sub(r"\s+", "", folded)


def cn_check_character(digits: str) -> str:
    """Check character for a 12-digit or 8-digit CN application number (sum mod 11, 10 → 'X')."""
    if len(digits) == 12:
        weights = _WEIGHTS_12
    elif len(digits) == 8:
        weights = _WEIGHTS_8
    else:
        raise InvalidValue(f"check character needs 8 or 12 digits, got {len(digits)}")
    if not digits.isdigit():
        raise InvalidValue(f"check character needs digits only, got {digits!r}")
    remainder = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    return "X" if remainder == 10 else str(remainder)


@dataclass(frozen=True, slots=True)
class CNApplicationNumber:
    """A validated Chinese application number (申请号)."""

    digits: str  # 12 (2003-10-01 on) or 8 (1985-2003) digits, without the check character
    check: str | None  # None only for 1985-1988 numbers, which had no check digit

    @property
    def year(self) -> int:
        if len(self.digits) == 12:
            return int(self.digits[:4])
        yy = int(self.digits[:2])
        return 1900 + yy if yy >= 85 else 2000 + yy

    @property
    def type_digit(self) -> str:
        return self.digits[4] if len(self.digits) == 12 else self.digits[2]

    @property
    def patent_type(self) -> str:
        return CN_TYPE_DIGITS[self.type_digit]

    @property
    def is_pct(self) -> bool:
        return self.type_digit in ("8", "9")

    @property
    def canonical(self) -> str:
        """Standard written form, e.g. ``200710308494.X`` or ``97101765.4``."""
        return f"{self.digits}.{self.check}" if self.check else self.digits

    @property
    def patent_number(self) -> str:
        """专利号: ``ZL`` + application number."""
        return "ZL" + self.canonical

    def __str__(self) -> str:
        return self.canonical


def parse_cn_application_number(text: str, *, today: date | None = None) -> CNApplicationNumber:
    """Validate and normalise a CN application number.

    Accepts ``CN``/``ZL`` prefixes, spaces, full-width characters, with or without the dot before the
    check character. Raises :class:`InvalidValue` with a message saying what is wrong.
    """
    raw = text
    s = _fold(text)
    for prefix in ("CN", "ZL"):
        if s.startswith(prefix):
            s = s[len(prefix) :]
            break
    s = s.replace(".", "")
    if not s:
        raise InvalidValue(f"application number {raw!r} is empty")
    if not re.fullmatch(r"\d+[\dX]?", s):
        raise InvalidValue(f"application number {raw!r} may contain only digits and a final check character")
    if len(s) in (13, 12):
        digits, check = s[:12], (s[12] if len(s) == 13 else None)
        if check is None:
            raise InvalidValue(
                f"application number {raw!r} has 12 digits but no check character (13 expected since 2003-10-01)"
            )
        year = int(digits[:4])
        current = (today or date.today()).year
        if not 2003 <= year <= current + 1:
            raise InvalidValue(
                f"application number {raw!r}: year {year} is not plausible for the 12-digit form"
            )
        type_digit = digits[4]
        if type_digit not in CN_TYPE_DIGITS:
            raise InvalidValue(
                f"application number {raw!r}: type digit {type_digit} is not one of 1, 2, 3, 8, 9"
            )
    elif len(s) in (9, 8):
        digits, check = s[:8], (s[8] if len(s) == 9 else None)
        yy = int(digits[:2])
        if not (yy >= 85 or yy <= 3):
            raise InvalidValue(f"application number {raw!r}: year 19{yy:02d}/20{yy:02d} is not plausible")
        type_digit = digits[2]
        if type_digit not in ("1", "2", "3"):
            raise InvalidValue(f"application number {raw!r}: type digit {type_digit} is not one of 1, 2, 3")
        if check is None and not 85 <= yy <= 88:
            raise InvalidValue(
                f"application number {raw!r} has no check digit (only 1985-1988 numbers may lack it)"
            )
    else:
        raise InvalidValue(
            f"application number {raw!r} has {len(s)} characters; expected 12 digits + check (since 2003-10-01)"
            " or 8 digits + check (1985-2003)"
        )
    if "X" in digits:
        raise InvalidValue(f"application number {raw!r}: 'X' may appear only as the check character")
    if check is not None:
        expected = cn_check_character(digits)
        if check != expected:
            raise InvalidValue(
                f"application number {raw!r}: check character is {check} but the digits give {expected}"
                " (a digit is wrong or transposed)"
            )
    return CNApplicationNumber(digits=digits, check=check)


# --------------------------------------------------------------------------- publication numbers

#: Kind codes that mark a granted right, per country. An ``A`` document is never a grant.
_GRANT_KINDS: dict[str, frozenset[str]] = {
    "CN": frozenset({"B", "C", "U", "Y", "S", "D"}),
    "US": frozenset({"B1", "B2", "B3", "E", "S", "S1", "P2", "P3", "H"}),
    "EP": frozenset({"B1", "B2", "B3", "B8", "B9"}),
    "WO": frozenset(),
}

#: CN kind code → patent type (first digit of a 9-digit number agrees; legacy C/Y/D before 2007-07).
_CN_KIND_TYPE = {
    "A": "invention",
    "B": "invention",
    "C": "invention",
    "U": "utility_model",
    "Y": "utility_model",
    "S": "design",
    "D": "design",
}


@dataclass(frozen=True, slots=True)
class PublicationNumber:
    """A publication (公开号) or grant (授权公告号) number in one normalised form: ``CN114081026A``."""

    country: str
    number: str
    kind: str | None

    @property
    def normalized(self) -> str:
        return f"{self.country}{self.number}{self.kind or ''}"

    @property
    def without_kind(self) -> str:
        return f"{self.country}{self.number}"

    @property
    def is_grant(self) -> bool | None:
        """True/False when the kind code says; None when the kind is missing or unknown for the country."""
        return is_grant_kind(self.country, self.kind)

    @property
    def patent_type(self) -> str | None:
        """invention / utility_model / design (CN, US, EP); None when the number does not say."""
        if self.country == "CN":
            if self.kind and self.kind[0] in _CN_KIND_TYPE:
                return _CN_KIND_TYPE[self.kind[0]]
            if len(self.number) == 9:
                return CN_TYPE_DIGITS.get(self.number[0])
            return None
        if self.country == "US":
            if self.number.startswith("D"):
                return "design"
            if self.number.startswith("PP"):
                return "plant"
            return "invention"
        if self.country in ("EP", "WO"):
            return "invention"
        return None

    def __str__(self) -> str:
        return self.normalized


def is_grant_kind(country: str, kind: str | None) -> bool | None:
    if not kind:
        return None
    kinds = _GRANT_KINDS.get(country)
    if kinds is None:
        return None
    if country == "CN":
        return kind[0] in kinds
    return kind in kinds


# Other offices: country + a number that may hold letters (IN 1442CH2015, JP H10-123456) + optional kind.
_GENERIC = re.compile(r"^([A-Z]{2})([A-Z0-9]*?\d)([A-Z]\d?)?$")


def parse_publication_number(text: str, *, country: str | None = None) -> PublicationNumber:
    """Parse a publication number in the forms exports and XML use.

    ``country`` is used when ``text`` has no country prefix (e.g. a bare ``doc-number`` from XML).
    Raises :class:`InvalidValue` when the text is not a publication number.
    """
    raw = text
    s = _fold(text)
    s = re.sub(r"[,./\-]", "", s)
    if not s:
        raise InvalidValue("publication number is empty")
    if not re.match(r"^[A-Z]{2}", s) or (country and not s.startswith(country) and s[:2] in ("RE", "PP")):
        if not country:
            raise InvalidValue(f"publication number {raw!r} has no country code")
        s = _fold(country) + s
    cc = s[:2]
    rest = s[2:]
    if cc == "CN":
        m = re.fullmatch(r"(\d{7,9})([ABCUYDS]\d?)?", rest)
        if not m:
            raise InvalidValue(
                f"publication number {raw!r}: CN numbers are 7-9 digits and a kind code (A/B/U/S, legacy C/Y/D)"
            )
        number, kind = m.group(1), m.group(2)
        if kind and len(kind) > 1:
            kind = kind[0]  # CN uses single-letter kinds; 'A1' style suffixes appear in foreign exports
        return PublicationNumber("CN", number, kind)
    if cc == "US":
        m = re.fullmatch(r"(RE|PP|D|H|T)?(\d+)([A-Z]\d?)?", rest)
        if not m:
            raise InvalidValue(f"publication number {raw!r} is not a US patent or application number")
        series, digits, kind = m.group(1) or "", m.group(2), m.group(3)
        if not series and len(digits) == 11:  # application publication YYYYNNNNNNN
            return PublicationNumber("US", digits, kind)
        digits = digits.lstrip("0") or "0"
        if series == "RE" and kind is None:
            kind = "E"
        if series == "D" and kind is None:
            kind = "S"
        return PublicationNumber("US", series + digits, kind)
    if cc == "EP":
        m = re.fullmatch(r"(\d{1,7})([AB]\d?)?", rest)
        if not m:
            raise InvalidValue(f"publication number {raw!r} is not an EP number (7 digits + kind)")
        return PublicationNumber("EP", m.group(1).zfill(7), m.group(2))
    if cc == "WO":
        m = re.fullmatch(r"(\d{4})(\d{6})([A-Z]\d?)?", rest)
        if m:
            return PublicationNumber("WO", m.group(1) + m.group(2), m.group(3))
        m = re.fullmatch(r"(\d{2})(\d{5})([A-Z]\d?)?", rest)  # WO9912345 (before 2004)
        if m:
            yy = int(m.group(1))
            year = 1900 + yy if yy >= 50 else 2000 + yy
            return PublicationNumber("WO", f"{year}{int(m.group(2)):06d}", m.group(3))
        raise InvalidValue(f"publication number {raw!r} is not a WO number (WOYYYYNNNNNN + kind)")
    m = _GENERIC.fullmatch(s)
    if not m:
        raise InvalidValue(f"publication number {raw!r} is not a recognised publication number")
    return PublicationNumber(m.group(1), m.group(2), m.group(3))


def normalize_publication_number(text: str, *, country: str | None = None) -> str:
    """Shortcut: the normalised string form (``CN114081026A``)."""
    return parse_publication_number(text, country=country).normalized
