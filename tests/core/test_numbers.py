"""Tests for ipcenter.core.numbers (domain-cn.md §7.1-7.2, §9 rules 9-11). Check characters of the valid
examples are the verified ones from the spec; mutations are checked against the rule, not the code."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipcenter.core.errors import InvalidValue
from ipcenter.core.numbers import (
    cn_check_character,
    is_grant_kind,
    normalize_publication_number,
    parse_cn_application_number,
    parse_publication_number,
)

VALID = ["200710308494.X", "201080063196.9", "200310100002.X", "97101765.4"]


def _weighted(digits: str) -> str:
    """Independent re-statement of the spec's rule: weights 2..9,2..5 left to right, mod 11, 10 → X."""
    weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]
    r = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    return "X" if r == 10 else str(r)


@pytest.mark.parametrize("number", VALID)
def test_valid_examples(number: str) -> None:
    parsed = parse_cn_application_number(number)
    assert parsed.canonical == number
    assert parsed.patent_number == "ZL" + number


def test_examples_fields() -> None:
    a = parse_cn_application_number("200710308494.X")
    assert (a.year, a.type_digit, a.patent_type, a.is_pct, a.check) == (2007, "1", "invention", False, "X")
    b = parse_cn_application_number("201080063196.9")
    assert (b.year, b.type_digit, b.patent_type, b.is_pct) == (2010, "8", "invention", True)
    c = parse_cn_application_number("97101765.4")
    assert (c.year, c.type_digit, c.patent_type) == (1997, "1", "invention")
    assert cn_check_character("200710308494") == "X" and cn_check_character("97101765") == "4"


@pytest.mark.parametrize(
    "text",
    [
        "CN200710308494.X",
        "ZL200710308494.X",
        "ZL 200710308494.X",
        "CN 2007 1030 8494.X",
        "200710308494X",
        "200710308494.x",
        "２００７１０３０８４９４．Ｘ",  # full-width
        " 200710308494.X ",
    ],
)
def test_accepted_forms(text: str) -> None:
    assert parse_cn_application_number(text).canonical == "200710308494.X"


@pytest.mark.parametrize("number", VALID)
def test_every_single_digit_change_is_invalid(number: str) -> None:
    body, check = number.split(".")
    for pos in range(len(body)):
        for d in "0123456789":
            if d == body[pos]:
                continue
            mutated = body[:pos] + d + body[pos + 1 :]
            with pytest.raises(InvalidValue) as err:
                parse_cn_application_number(f"{mutated}.{check}")
            msg = str(err.value)
            assert any(word in msg for word in ("check character", "type digit", "year", "not plausible")), (
                msg
            )
    for c in "0123456789X":
        if c != check:
            with pytest.raises(InvalidValue, match="check character"):
                parse_cn_application_number(f"{body}.{c}")


@given(st.from_regex(r"20(0[4-9]|1\d|2[0-4])[12389]\d{7}", fullmatch=True))
def test_hypothesis_check_character_rule(digits: str) -> None:
    check = _weighted(digits)
    assert parse_cn_application_number(f"{digits}.{check}").check == check
    wrong = "0" if check != "0" else "1"
    with pytest.raises(InvalidValue):
        parse_cn_application_number(f"{digits}.{wrong}")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "empty"),
        ("CN", "empty"),
        ("2007103084A4.X", "only digits"),
        ("200710308494", "no check character"),
        ("200740308494.X", "type digit"),  # 4 is not a type
        ("199910308494.X", "year"),
        ("2007103084.X", "characters"),
        ("97401765.4", "type digit"),
        ("50101765.4", "not plausible"),
        ("9710176", "characters"),
        ("97101765", "no check digit"),  # 1997: a check digit is required
    ],
)
def test_invalid_with_message(text: str, fragment: str) -> None:
    with pytest.raises(InvalidValue, match=fragment):
        parse_cn_application_number(text)


def test_year_plausibility_uses_today() -> None:
    with pytest.raises(InvalidValue, match="year"):
        parse_cn_application_number("203010100001.0", today=date(2025, 1, 1))


def test_1985_1988_without_check_digit() -> None:
    n = parse_cn_application_number("85202237")
    assert (
        n.check is None and n.canonical == "85202237" and n.patent_type == "utility_model" and n.year == 1985
    )


def test_type_digits_9_and_3() -> None:
    digits = "201590012345"
    n = parse_cn_application_number(f"{digits}.{_weighted(digits)}")
    assert n.patent_type == "utility_model" and n.is_pct
    digits = "202330123456"
    assert parse_cn_application_number(f"{digits}.{_weighted(digits)}").patent_type == "design"


# ----------------------------------------------------------------------------------- publication numbers


@pytest.mark.parametrize(
    ("text", "normalized", "ptype", "grant"),
    [
        ("CN114081026A", "CN114081026A", "invention", False),
        ("CN102822194B", "CN102822194B", "invention", True),
        ("CN218751475U", "CN218751475U", "utility_model", True),
        ("CN306123456S", "CN306123456S", "design", True),
        ("CN 101096965 A", "CN101096965A", "invention", False),
        ("CN1030001A", "CN1030001A", "invention", False),  # 7-digit 1989-1992
        ("CN1003001B", "CN1003001B", "invention", True),
        ("CN2030001U", "CN2030001U", "utility_model", True),
        ("CN3003001S", "CN3003001S", "design", True),
        ("CN1234567C", "CN1234567C", "invention", True),  # legacy grant kinds
        ("CN201047242Y", "CN201047242Y", "utility_model", True),
        ("CN3456789D", "CN3456789D", "design", True),
        ("CN85202237U", "CN85202237U", "utility_model", True),  # 8-digit
        ("CN87102734A", "CN87102734A", "invention", False),
        ("CN114081026A1", "CN114081026A", "invention", False),  # foreign-style suffix dropped
        ("CN114081026", "CN114081026", "invention", None),  # no kind: type from first digit, grant unknown
    ],
)
def test_cn_publication_numbers(text: str, normalized: str, ptype: str, grant: bool | None) -> None:
    p = parse_publication_number(text)
    assert p.normalized == normalized
    assert p.patent_type == ptype
    assert p.is_grant is grant


@pytest.mark.parametrize(
    ("text", "normalized", "ptype", "grant"),
    [
        ("US7654321B2", "US7654321B2", "invention", True),
        ("US 7,654,321 B1", "US7654321B1", "invention", True),
        ("USD0586076S1", "USD586076S", "design", True),  # the XML's S1 is the printed and DOCDB S
        ("USD586076", "USD586076", "design", None),  # no kind written, none invented
        ("USRE45678E", "USRE45678E", "invention", True),
        ("USRE45678", "USRE45678", "invention", None),
        ("US45678E", "USRE45678E", "invention", True),  # a reissue written without its series
        ("USPP12345P2", "USPP12345P2", "plant", True),
        ("US20070123456A1", "US20070123456A1", "invention", False),
        ("US2007/0123456 A1", "US20070123456A1", "invention", False),
        ("EP1234567A1", "EP1234567A1", "invention", False),
        ("EP1234567B1", "EP1234567B1", "invention", True),
        ("EP 123456 A2", "EP0123456A2", "invention", False),
        ("WO2019123456A1", "WO2019123456A1", "invention", False),
        ("WO 2019/123456 A1", "WO2019123456A1", "invention", False),
        ("WO9912345A1", "WO1999012345A1", "invention", False),
        ("JP2005123456A", "JP2005123456A", None, None),
    ],
)
def test_foreign_publication_numbers(
    text: str, normalized: str, ptype: str | None, grant: bool | None
) -> None:
    p = parse_publication_number(text)
    assert p.normalized == normalized
    assert p.patent_type == ptype
    assert p.is_grant is grant


def test_bare_number_with_country() -> None:
    assert normalize_publication_number("101096965A", country="CN") == "CN101096965A"
    assert normalize_publication_number("D0586076", country="US") == "USD586076"
    assert normalize_publication_number("D0586076S1", country="US") == "USD586076S"
    assert normalize_publication_number("RE45678", country="US") == "USRE45678"
    assert normalize_publication_number("PP12345", country="US") == "USPP12345"
    with pytest.raises(InvalidValue, match="country"):
        parse_publication_number("101096965A")


@pytest.mark.parametrize(
    "text", ["", "CN12345A", "CN1234567890A", "CN114081026Q", "EP12345678A1", "WO12A1", "!!"]
)
def test_invalid_publication_numbers(text: str) -> None:
    with pytest.raises(InvalidValue):
        parse_publication_number(text)


@given(st.from_regex(r"CN[123]\d{8}", fullmatch=True))
def test_a_document_is_never_a_grant(number: str) -> None:
    assert parse_publication_number(number + "A").is_grant is False
    assert is_grant_kind("CN", "A") is False
    assert is_grant_kind("CN", "A1") is False


def test_is_grant_kind() -> None:
    assert is_grant_kind("CN", None) is None
    assert is_grant_kind("XX", "B") is None
    assert is_grant_kind("US", "A1") is False
    assert is_grant_kind("WO", "A1") is False
    assert is_grant_kind("EP", "B1") is True
