"""How publication numbers are written, office by office, and how each written form is read into one
canonical ``(country, number, kind)``.

Sources, gazettes, examiners and spreadsheets write the same publication in many forms. The canonical
form is the one the corpus keys documents by (and, except where noted, EPO DOCDB's):

* leading zeros are padding, not part of the number (``DE000004240017A1`` = ``DE4240017A1``,
  ``US0D337000S1`` = ``USD337000S``), except where an office's numbers have a fixed width: EP 7 digits,
  AU/EA/AR 6 digits, WO year + 6 digits;
* WO: ``WO01002000A3``, ``WO 01/02000``, ``WO002001002000A3`` and ``WO_0102000_A3`` are all
  ``WO2001002000A3`` (two-digit years: 50-99 → 19xx, else 20xx);
* US: application publications keep the USPTO's printed 11 digits (``US20010003540``; EPO/DOCDB writes
  ``US2001003540``); series letters follow any zero padding (``US0PP12001P2`` → ``USPP12001P2``); a
  kind ``E`` without series is a reissue (``US49033E`` → ``USRE49033E``); the design kind ``S1`` of
  the USPTO's XML is DOCDB's ``S``;
* JP: two-digit (imperial era) years become the era letter (``JP8-179521`` → ``JPH08179521``,
  ``JP58002167U`` → ``JPS582167U``); four-digit years stay (``JP2000-347427`` → ``JP2000347427``);
* DE: the kinds DEPATISnet gives old documents become the EPO's (``DE00700001A`` → ``DE700001C``);
  AT: ``E`` (translation of an EP patent) → ``T``; KR: the 13-digit form's ``10`` prefix is dropped;
* doubled prefixes and underscores are noise (``WOWO 99/39395``, ``USUS5650746A``, ``AT_00213320_B``);
  Espacenet's kind in parentheses is the kind (``CA2731260 (A1)``, ``USD343627S (S)``).

A form that fits two readings raises :class:`AmbiguousNumber` with both candidates.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from ipcenter.core.errors import InvalidValue

__all__ = ["AmbiguousNumber", "Parts", "fold", "read_parts", "two_digit_year"]

#: (country, number, kind)
Parts = tuple[str, str, str | None]


class AmbiguousNumber(InvalidValue):
    """A written number that fits more than one publication: ``candidates`` lists them all."""

    def __init__(self, message: str, candidates: list[Parts]) -> None:
        super().__init__(message)
        self.candidates = candidates


def fold(text: str) -> str:
    """Full-width → half-width, upper case, no whitespace, no underscores."""
    folded = unicodedata.normalize("NFKC", text).upper()
    return re.sub(r"[\s_]+", "", folded)


def two_digit_year(yy: str) -> str:
    """A two-digit year as four digits: 50-99 → 19xx, 00-49 → 20xx."""
    return ("19" if int(yy) >= 50 else "20") + yy


_SEP = re.compile(r"[,./\-]")
_KIND = r"([A-Z]\d?)"


def _plain(body: str) -> str:
    return _SEP.sub("", body)


def _not_a(country: str, raw: str, what: str) -> InvalidValue:
    return InvalidValue(f"publication number {raw!r} is not {what}")


# --------------------------------------------------------------------------- US


_US = re.compile(r"(RE|RX|RD|PP|AI|DES|D|H|T|X)?0*(\d+)" + _KIND + "?")


def _us(body: str, raw: str) -> Parts:
    m = _US.fullmatch(_plain(body).lstrip("0"))
    if not m:
        raise _not_a("US", raw, "a US patent or application number")
    series, digits, kind = m.group(1) or "", m.group(2), m.group(3)
    series = "D" if series == "DES" else series
    if not series:
        if re.match(r"(19|20)\d", digits) and len(digits) in (9, 10, 11):
            # application publication: YYYY + 7 digits as the USPTO prints it (EPO writes 6, some 5)
            digits = digits[:4] + digits[4:].zfill(7)
        elif len(digits) > 8:
            raise _not_a("US", raw, "a US patent number (at most 8 digits) or application publication")
        if kind == "E":
            series = "RE"  # a reissue written without its series letters (US49033E)
    if kind == "S1":
        kind = "S"  # USPTO XML's design kind; DOCDB and the printed document say S
    return "US", series + digits, kind


# --------------------------------------------------------------------------- EP, CN


def _ep(body: str, raw: str) -> Parts:
    m = re.fullmatch(r"0*(\d{1,7})([AB]\d?)?", _plain(body))
    if not m:
        raise _not_a("EP", raw, "an EP number (7 digits + kind)")
    return "EP", m.group(1).zfill(7), m.group(2)


def _cn(body: str, raw: str) -> Parts:
    m = re.fullmatch(r"0*(\d{6,9})([ABCUYDS]\d?)?", _plain(body))
    if not m:
        raise InvalidValue(
            f"publication number {raw!r}: CN numbers are 7-9 digits and a kind code (A/B/U/S, legacy C/Y/D)"
        )
    kind = m.group(2)
    # CN uses single-letter kinds; 'A1' style suffixes appear in foreign exports
    return "CN", m.group(1), kind[0] if kind else None


# --------------------------------------------------------------------------- WO


def _wo(body: str, raw: str) -> Parts:
    b = body
    if b.startswith("W0"):  # 'W02006/019324': the letter O typed as a zero
        b = b[2:]
    m = re.match(r"PCT[/\-]?WO", b)  # 'WOPCT/WO9831467': a WO publication inside a PCT prefix
    if m:
        b = b[m.end() :]
    if b.startswith("DM"):  # Hague international design registrations: 'DM/055039' → WODM055039
        m = re.fullmatch(r"DM[/\-]?(\d+)" + _KIND + "?", b)
        if not m:
            raise _not_a("WO", raw, "a Hague design registration (DM/NNNNNN)")
        return "WO", "DM" + m.group(1), m.group(2)
    b = b.lstrip("/-.")
    m = re.fullmatch(r"([\d/\-.]*\d)" + _KIND + "?", b)
    if not m:
        raise _not_a("WO", raw, "a WO number (WOYYYYNNNNNN + kind)")
    main, kind = m.group(1), m.group(2)
    if "/" in main:
        parts = re.fullmatch(r"(\d{2}|\d{4})/(\d{1,6})", main.replace("-", "").replace(".", ""))
        if not parts:
            raise _not_a("WO", raw, "a WO number (year/serial)")
        year, serial = parts.group(1), parts.group(2)
        year = two_digit_year(year) if len(year) == 2 else year
        return "WO", year + serial.zfill(6), kind
    d = _plain(main)
    if len(d) == 12 and d.startswith("00"):  # DEPATISnet pads to 12: WO002006095001
        d = d[2:]
    elif len(d) == 11 and d.startswith("0"):
        d = d[1:]
    if len(d) in (9, 10) and d[:2] in ("19", "20"):  # YYYY + 6 (or 5) digits
        return "WO", d[:4] + d[4:].zfill(6), kind
    if len(d) in (7, 8):  # YY + 6 (or 5) digits, before 2004
        return "WO", two_digit_year(d[:2]) + d[2:].zfill(6), kind
    raise _not_a("WO", raw, "a WO number (WOYYYYNNNNNN + kind)")


# --------------------------------------------------------------------------- JP

#: The imperial era of a two-digit JP year as the numbers used it (four-digit years from 2000):
#: Heisei 1-11 (1989-1999), Showa 12-64 (1937-1989).
_JP_ERAS = (("H", range(1, 12)), ("S", range(12, 65)))


def _jp_era(yy: int) -> str | None:
    for letter, years in _JP_ERAS:
        if yy in years:
            return letter
    return None


def _jp(body: str, raw: str) -> Parts:
    b = re.sub(r"^[AP][\-.]?(?=[\dHS])", "", body)  # 'JP-A-10-100907', 'JP P2001-070974': the type prefix
    m = re.fullmatch(r"(.*?\d)(AA|[A-Z]\d?)?", b)
    if not m:
        raise _not_a("JP", raw, "a JP number")
    written, kind = m.group(1), m.group(2)
    if kind == "AA":
        kind = "A"  # DEPATISnet's kind for unexamined applications
    main = written.lstrip("0")
    era = re.fullmatch(r"([HS])(\d{1,2})[\-/.](\d{1,6})", main)
    if era:  # 'H8-179521'
        return "JP", f"{era.group(1)}{int(era.group(2)):02d}{int(era.group(3))}", kind
    if re.fullmatch(r"[HS]\d{3,8}", main):  # already the era form: JPH0229970B2, JPS602468B2
        return "JP", main, kind
    dated = re.fullmatch(r"(\d{1,4})[\-/.](\d{1,6})", main)
    if dated:  # 'JP2000-347427', 'JP8-179521'
        year, serial = dated.group(1), dated.group(2)
        if len(year) == 4:
            return "JP", year + serial.zfill(6), kind
        letter = _jp_era(int(year))
        if letter is None:
            raise _not_a("JP", raw, f"a JP number (year {year} is no era year)")
        return "JP", f"{letter}{int(year):02d}{int(serial)}", kind
    digits = _plain(main)
    if not digits.isdigit():
        raise _not_a("JP", raw, "a JP number")
    if len(digits) == 10 and digits[:2] in ("19", "20"):  # JP2000182770A
        return "JP", digits, kind
    padded = _plain(written)
    letter = _jp_era(int(padded[:2])) if len(padded) == 8 and padded.isdigit() else None
    if letter is not None:
        # Two-digit era year + six-digit serial (JP01153210A), or a patent number padded to 8 digits
        # (JP04219000B2): the kind tells; without one, a leading zero leaves both readings open.
        era_form = f"{letter}{padded[:2]}{int(padded[2:])}"
        if kind is not None and kind[0] in "AU":
            return "JP", era_form, kind
        if kind is None and padded[0] != "0":  # 8-digit patent numbers do not exist (yet)
            return "JP", era_form, kind
        if kind is None:
            raise AmbiguousNumber(
                f"publication number {raw!r} may be an application published in "
                f"{'Heisei' if letter == 'H' else 'Showa'} {int(padded[:2])} or patent {digits}",
                [("JP", era_form, None), ("JP", digits, None)],
            )
    if len(digits) <= 8:
        return "JP", digits, kind
    raise _not_a("JP", raw, "a JP number")


# --------------------------------------------------------------------------- other offices


_GENERIC = re.compile(r"([A-Z]{1,3})?(\d+)" + _KIND + "?")


def _generic_match(country: str, body: str, raw: str) -> re.Match[str]:
    if re.fullmatch(r"\d+/(19|20)\d\d" + _KIND + "?", body) or re.fullmatch(r"\d{8,}\.\d", body):
        raise InvalidValue(f"{raw!r} is an application number, not a publication number")
    m = _GENERIC.fullmatch(_plain(body).lstrip("0"))
    if not m:
        raise InvalidValue(f"publication number {raw!r} is not a recognised publication number")
    return m


def _generic(country: str, body: str, raw: str) -> Parts:
    m = _generic_match(country, body, raw)
    series, digits = m.group(1) or "", m.group(2)
    return country, series + (digits if series else digits.lstrip("0") or "0"), m.group(3)


def _padded(width: int) -> Callable[[str, str, str], Parts]:
    """Offices whose DOCDB numbers have a fixed width (EA, AR: 6 digits)."""

    def read(country: str, body: str, raw: str) -> Parts:
        cc, number, kind = _generic(country, body, raw)
        return cc, number.zfill(width) if number.isdigit() else number, kind

    return read


def _au(country: str, body: str, raw: str) -> Parts:
    cc, number, kind = _generic(country, body, raw)
    if number.isdigit():
        if len(number) == 9 and number[:2] in ("19", "20"):  # application: year + 5 digits → + 6
            number = number[:4] + number[4:].zfill(6)
        elif len(number) < 6:
            number = number.zfill(6)
    return cc, number, kind


def _de(country: str, body: str, raw: str) -> Parts:
    cc, number, kind = _generic(country, body, raw)
    if number.isdigit() and kind in ("A", "B"):
        # DEPATISnet gives old documents a bare A/B; the EPO (and every other database) C, B or A1
        n = int(number)
        if n < 1_000_000:
            kind = "C"
        elif n < 1_400_000:
            kind = "B"
        elif kind == "A":
            kind = "A1"
    return cc, number, kind


def _at(country: str, body: str, raw: str) -> Parts:
    cc, number, kind = _generic(country, body, raw)
    return cc, number, "T" if kind == "E" else kind  # translation of an EP patent: DEPATISnet E, EPO T


def _se(country: str, body: str, raw: str) -> Parts:
    written = re.sub(r"[A-Z]\d?$", "", _plain(body))
    if re.fullmatch(r"0\d{6}", written):  # 0201225: seven digits led by the year (2000-2009), not padding
        m = _generic_match(country, body, raw)
        return "SE", written, m.group(3)
    return _generic(country, body, raw)


def _em(country: str, body: str, raw: str) -> Parts:
    """EU designs: a nine-digit registration and a four-digit design number (``000795216-0003``)."""
    cc, number, kind = _generic(country, body, raw)
    if number.isdigit():
        number = number.zfill(9 if len(number) <= 9 else 13)
    return cc, number, kind


def _kr(country: str, body: str, raw: str) -> Parts:
    cc, number, kind = _generic(country, body, raw)
    if len(number) == 13 and number.startswith("10") and number[2:4] in ("19", "20"):
        number = number[2:]  # KIPO's 13-digit form (right type 10 + year + serial)
    return cc, number, kind


def _ge(country: str, body: str, raw: str) -> Parts:
    m = re.fullmatch(r"0*([UP])(\d{4})(\d+)" + _KIND + "?", _plain(body))
    if not m:
        return _generic(country, body, raw)
    return "GE", f"{m.group(1)}{m.group(2)}{int(m.group(3))}", m.group(4)


def _it(country: str, body: str, raw: str) -> Parts:
    m = re.fullmatch(r"0*([A-Z]{2})0*(\d+)" + _KIND + "?", _plain(body))  # province: ITVR0020130124A
    if m:
        return "IT", m.group(1) + m.group(2), m.group(3)
    return _generic(country, body, raw)


def _in(country: str, body: str, raw: str) -> Parts:
    m = re.fullmatch(r"(\d{1,6}[A-Z]{2,4}\d{4})" + _KIND + "?", _plain(body))  # IN1442CH2015A
    if m:
        return "IN", m.group(1), m.group(2)
    return _generic(country, body, raw)


_OFFICES: dict[str, Callable[[str, str], Parts]] = {
    "US": _us,
    "EP": _ep,
    "CN": _cn,
    "WO": _wo,
    "JP": _jp,
}
_OTHER_OFFICES: dict[str, Callable[[str, str, str], Parts]] = {
    "AU": _au,
    "EA": _padded(6),
    "AR": _padded(6),
    "DE": _de,
    "AT": _at,
    "KR": _kr,
    "SE": _se,
    "EM": _em,
    "GE": _ge,
    "IT": _it,
    "IN": _in,
}

#: Series letters that begin a number of the office given apart (``doc-number`` ``RE45678`` of a US
#: document), which must not be read as a country code.
_SERIES_OF: dict[str, tuple[str, ...]] = {"US": ("RE", "RX", "RD", "PP", "AI", "DES")}


def read_parts(text: str, country: str | None = None) -> Parts:
    """Read one written publication number; ``country`` applies when the text has no country code.

    Raises :class:`InvalidValue` (or :class:`AmbiguousNumber`) when the text is not a publication number.
    """
    raw = text
    # Lens lists corrections with their date: 'EP 0259054 B9 20031217'
    s = fold(re.sub(r"(?<=[A-Z]\d|\s[A-Z])\s+(?:19|20)\d{6}$", "", text.strip()))
    if not s or not re.search(r"[0-9]", s):
        raise InvalidValue("number is empty" if not s else f"{raw!r} is not a patent number (no digits)")
    paren = re.fullmatch(r"(.*?\d[A-Z]?)\(([A-Z]\d?)\)", s)
    if paren:  # Espacenet: 'CA2731260 (A1)', and with the kind letter repeated, 'USD343627S (S)'
        number, kind = paren.group(1), paren.group(2)
        if number[-1].isalpha() and number[-1] == kind[0]:
            number = number[:-1]
        s = number + kind
    cc_given = fold(country) if country else None
    if re.match(r"[A-Z]{2}", s) and not (
        cc_given and not s.startswith(cc_given) and s.startswith(_SERIES_OF.get(cc_given, ()))
    ):
        cc, body = s[:2], s[2:]
    elif cc_given:
        cc, body = cc_given, s
    else:
        raise InvalidValue(f"publication number {raw!r} has no country code")
    mexican = re.fullmatch(r"(MX|PA)/([A-Z])/(\d{4})/(\d{1,6})", body) if cc == "MX" else None
    if mexican:  # PATENTSCOPE: 'mxMX/a/2008/013315' (national), 'mxPA/a/2005/008192' (PCT)
        series, kind, year, serial = mexican.groups()
        number = f"{year}{int(serial):06d}" if series == "MX" else f"PA{year[2:]}{int(serial):06d}"
        return "MX", number, kind
    if body.startswith(cc):  # doubled prefix: USUS5650746A, WOWO 99/39395
        body = body[2:]
    if cc == "ZL":
        raise InvalidValue(f"{raw!r} is a CN patent number (专利号: ZL + the application number)")
    body = body.lstrip("-/:")
    if cc == "DM":  # Hague designs cited with the DM prefix as their own 'country'
        return _wo("DM" + body, raw)
    office = _OFFICES.get(cc)
    if office is not None:
        return office(body, raw)
    other = _OTHER_OFFICES.get(cc)
    if other is not None:
        return other(cc, body, raw)
    return _generic(cc, body, raw)
