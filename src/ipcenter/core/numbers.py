"""Patent numbers: CN application numbers (申请号) and publication numbers of CN / US / EP / WO and others.

Pure functions, no I/O. Rules: ../shared/docs/domain-cn.md §7.1-7.2 and §9 rules 9-11.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from ipcenter.core.errors import InvalidValue
from ipcenter.core.number_forms import AmbiguousNumber, fold, read_parts, two_digit_year

__all__ = [
    "AmbiguousNumber",
    "CNApplicationNumber",
    "NumberReading",
    "PublicationNumber",
    "cn_check_character",
    "is_grant_kind",
    "normalize_publication_number",
    "parse_cn_application_number",
    "parse_pct_application_number",
    "parse_publication_number",
    "read_number",
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


def parse_publication_number(text: str, *, country: str | None = None) -> PublicationNumber:
    """Parse a publication number in any form sources, gazettes, examiners and spreadsheets write
    (:mod:`ipcenter.core.number_forms`) into its one canonical form.

    ``country`` is used when ``text`` has no country code (e.g. a bare ``doc-number`` from XML).
    Raises :class:`InvalidValue` when the text is not a publication number, and
    :class:`AmbiguousNumber` (an InvalidValue with ``candidates``) when it fits two.
    """
    pct = _pct_application(text)
    if pct is not None:
        raise InvalidValue(f"{text!r} is a PCT application number ({pct}), not a publication number")
    cc, number, kind = read_parts(text, country)
    return PublicationNumber(cc, number, kind)


def normalize_publication_number(text: str, *, country: str | None = None) -> str:
    """Shortcut: the normalised string form (``CN114081026A``)."""
    return parse_publication_number(text, country=country).normalized


# --------------------------------------------------------------------------- any number a user writes

_PCT = re.compile(r"(WO)?(PCT)?[/\-]?([A-Z]{2})(/?)(\d{2}|\d{4})/(\d{1,6})")


def _pct_application(text: str) -> str | None:
    """``PCT/US99/009417``, ``WOPCT/US1999/02091``, ``WOEP/2004/008531`` → ``PCT/US1999/009417``."""
    m = _PCT.fullmatch(fold(text))
    if m is None or m.group(3) == "WO" or not (m.group(2) or (m.group(1) and m.group(4))):
        return None
    year = m.group(5)
    return f"PCT/{m.group(3)}{two_digit_year(year) if len(year) == 2 else year}/{int(m.group(6)):06d}"


def parse_pct_application_number(text: str) -> str:
    """A PCT international application number in its standard form ``PCT/CCYYYY/NNNNNN``."""
    pct = _pct_application(text)
    if pct is None:
        raise InvalidValue(f"{text!r} is not a PCT application number (PCT/CCYYYY/NNNNNN)")
    return pct


@dataclass(frozen=True, slots=True)
class NumberReading:
    """What a written number is: a publication, a PCT application or a CN application (申请号)."""

    type: str  # 'publication' | 'pct_application' | 'application'
    canonical: str  # the key: CN114081026A, PCT/US1999/009417, 200710308494.X
    country: str
    number: str
    kind: str | None = None


_CN_APPLICATION_FORM = re.compile(r"(CN|ZL)?(\d{12}\.?[\dX]|\d{8}\.[\dX]|\d{8}\.?[\dX]?)")


def read_number(text: str, *, country: str | None = None) -> NumberReading:
    """Read any patent number a user writes: publication numbers of every office, PCT application numbers
    and CN application / patent numbers (``ZL 2007 1030 8494.X``).

    Raises :class:`InvalidValue` saying why, or :class:`AmbiguousNumber` listing the candidates.
    """
    if not text or not text.strip():
        raise InvalidValue("number is empty")
    pct = _pct_application(text)
    if pct is not None:
        return NumberReading("pct_application", pct, "WO", pct)
    folded = fold(text).replace("/", "")
    cn_country = country is None or fold(country) in ("CN", "ZL")
    if cn_country and _CN_APPLICATION_FORM.fullmatch(folded) and ("." in folded or folded[:2] == "ZL"):
        app = parse_cn_application_number(folded)
        return NumberReading("application", app.canonical, "CN", app.canonical)
    try:
        pub = parse_publication_number(text, country=country)
    except AmbiguousNumber:
        raise
    except InvalidValue:
        if cn_country and _CN_APPLICATION_FORM.fullmatch(folded):
            try:
                app = parse_cn_application_number(folded)
            except InvalidValue:
                pass
            else:
                return NumberReading("application", app.canonical, "CN", app.canonical)
        raise
    return NumberReading("publication", pub.normalized, pub.country, pub.number, pub.kind)
