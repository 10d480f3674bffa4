"""统一社会信用代码 (GB 32100-2015). Valid vectors are real published codes (those of well-known companies,
and codes collected online in python-stdnum's test file test_cn_uscc.doctest); invalid ones are the same
codes with one character changed, checked against an independent statement of the rule."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipcenter.core.errors import InvalidValue
from ipcenter.core.uscc import CHARSET, gb11714_check_character, parse_uscc, uscc_check_character

REAL = [
    "914403001922038216",  # 华为技术有限公司
    "91440300708461136T",  # 深圳市腾讯计算机系统有限公司
    "91330100799655058B",  # 阿里巴巴（中国）有限公司
    "91110000600037341L",
    "91110000710926094P",
    "121200004013590816",  # 事业单位 (机构编制)
    "91310115MA1K3BTP2B",  # an MA… code (issued after 2015)
    "9144030071526726XG",  # X as the organisation code's check character
    "91620105L015101280",
    "92340602MA2PBMEM24",  # 个体工商户
    "91152201078371135X",
]


def _independent_check(first17: str) -> str:
    """The rule restated: weights 3^i mod 31, check = 31 − (sum mod 31), 31 → 0, mapped back to the set."""
    weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    total = sum("0123456789ABCDEFGHJKLMNPQRTUWXY".index(c) * w for c, w in zip(first17, weights, strict=True))
    value = 31 - total % 31
    return "0123456789ABCDEFGHJKLMNPQRTUWXY"[0 if value == 31 else value]


@pytest.mark.parametrize("code", REAL)
def test_real_codes_are_valid(code: str) -> None:
    parsed = parse_uscc(code)
    assert parsed.code == code
    assert _independent_check(code[:17]) == code[17]
    assert parsed.organisation_code_checks  # every real code here follows GB 11714 too


def test_parts() -> None:
    huawei = parse_uscc("914403001922038216")
    assert (huawei.authority, huawei.category, huawei.division, huawei.organisation_code) == (
        "9",
        "91",
        "440300",
        "192203821",
    )
    assert huawei.describe()["category"] == "企业" and huawei.describe("en")["category"] == "enterprise"
    assert parse_uscc("121200004013590816").describe()["category"] == "事业单位"
    assert parse_uscc("92340602MA2PBMEM24").is_legal_person_category is False
    assert huawei.is_legal_person_category is None  # an enterprise code may be a branch: the code cannot tell


@pytest.mark.parametrize(
    "text",
    [
        "9144 0300 1922 0382 16",
        "914403001922038216 ",
        "９１４４０３００１９２２０３８２１６",
        "91310115ma1k3btp2b",
        "91-440300-192203821-6",
    ],
)
def test_accepted_forms(text: str) -> None:
    assert parse_uscc(text).code in REAL


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("91440300192203821", "17 characters"),
        ("9144030019220382166", "19 characters"),
        ("914403001922038217", "check character is 7 but"),
        ("914403001922O38216", "'O'"),  # the letter O is not used
        ("91ABCDEF1922038216", "division code"),
        (
            "91350100M0001TGQXM",
            "check character is M",
        ),  # an early Fujian pilot code: valid in law, off the standard
    ],
)
def test_invalid_codes(text: str, message: str) -> None:
    with pytest.raises(InvalidValue, match=message):
        parse_uscc(text)


@given(code=st.sampled_from(REAL), position=st.integers(0, 16), replacement=st.sampled_from(CHARSET))
def test_any_single_change_is_caught(code: str, position: int, replacement: str) -> None:
    changed = code[:position] + replacement + code[position + 1 :]
    if changed == code or (2 <= position < 8 and not replacement.isdigit()):
        return
    # one changed character among the first 17 always changes the weighted sum mod 31 (31 is prime)
    with pytest.raises(InvalidValue, match="check character"):
        parse_uscc(changed)


def test_check_characters() -> None:
    assert uscc_check_character("91440300192203821") == "6"
    assert gb11714_check_character("19220382") == "1"
    assert gb11714_check_character("71526726") == "X"
    with pytest.raises(InvalidValue):
        uscc_check_character("9144030019220382I")
