"""统一社会信用代码 (unified social credit code of legal persons and other organisations, GB 32100-2015).

18 characters from the 31-character set ``0-9`` and ``A-Y`` without I, O, S, V, Z:

1. 登记管理部门代码 (registration authority: 1 机构编制, 5 民政, 9 工商/市场监管, Y 其他, …);
2. 机构类别代码 (entity category within that authority, e.g. 91 企业, 92 个体工商户, 93 农民专业合作社);
3. positions 3–8: 登记管理机关行政区划码 (GB/T 2260 division code of the *registering authority*,
   not necessarily the entity's address);
4. positions 9–17: 主体标识码 (the 组织机构代码, GB 11714, with its own check character at position 17);
5. position 18: the check character: the first 17 characters' values weighted by 3^i mod 31
   (1, 3, 9, 27, 19, …), check = (31 − sum mod 31) mod 31 as a character of the set.

The GB 32100 check decides validity. The GB 11714 check of the organisation code is reported but does not
refuse a code: a few codes issued in early pilot areas (e.g. Fujian's ``…M000…`` series) do not follow
the standard and are still legal, so a reviewer may need to accept them by hand. Pure, no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ipcenter.core.errors import InvalidValue

__all__ = ["USCC", "gb11714_check_character", "parse_uscc", "uscc_check_character"]

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {c: i for i, c in enumerate(CHARSET)}
_WEIGHTS = tuple(
    pow(3, i, 31) for i in range(17)
)  # 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)  # GB 11714-1997

#: Registration authorities and entity categories of GB 32100-2015 Appendix A (the common ones).
AUTHORITIES: dict[str, tuple[str, str]] = {
    "1": ("机构编制", "establishment administration"),
    "5": ("民政", "civil affairs"),
    "9": ("工商（市场监管）", "market regulation (industry and commerce)"),
    "Y": ("其他", "other"),
}
CATEGORIES: dict[str, tuple[str, str]] = {
    "11": ("机关", "government organ"),
    "12": ("事业单位", "public institution"),
    "13": ("中央编办直接管理机构编制的群众团体", "mass organisation under the central establishment office"),
    "19": ("其他（机构编制）", "other (establishment administration)"),
    "51": ("社会团体", "social organisation"),
    "52": ("民办非企业单位", "private non-enterprise unit"),
    "53": ("基金会", "foundation"),
    "59": ("其他（民政）", "other (civil affairs)"),
    "91": ("企业", "enterprise"),
    "92": ("个体工商户", "individual business"),
    "93": ("农民专业合作社", "farmers' specialised cooperative"),
    "Y1": ("其他", "other"),
}
#: Categories that are never an independent legal person (a 个体工商户 is a natural person's business).
NOT_LEGAL_PERSON = frozenset({"92"})


def _fold(text: str) -> str:
    return re.sub(r"[\s\-]+", "", unicodedata.normalize("NFKC", text)).upper()


def uscc_check_character(first17: str) -> str:
    """The GB 32100-2015 check character of the first 17 characters."""
    if len(first17) != 17 or any(c not in _VALUE for c in first17):
        raise InvalidValue(f"check character needs 17 characters of {CHARSET}, got {first17!r}")
    total = sum(_VALUE[c] * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def gb11714_check_character(body8: str) -> str:
    """The GB 11714-1997 check character of an organisation code's first 8 characters (10 → X, 11 → 0)."""
    if len(body8) != 8 or not re.fullmatch(r"[0-9A-Z]{8}", body8):
        raise InvalidValue(f"organisation code body needs 8 digits or letters, got {body8!r}")
    total = sum(
        (int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(body8, _ORG_WEIGHTS, strict=True)
    )
    check = 11 - total % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)


@dataclass(frozen=True, slots=True)
class USCC:
    code: str  # 18 characters, upper case, no spaces

    @property
    def authority(self) -> str:
        return self.code[0]

    @property
    def category(self) -> str:
        return self.code[:2]

    @property
    def division(self) -> str:
        """GB/T 2260 division code of the registering authority (positions 3–8)."""
        return self.code[2:8]

    @property
    def organisation_code(self) -> str:
        return self.code[8:17]

    @property
    def organisation_code_checks(self) -> bool:
        """Whether positions 9–17 carry a valid GB 11714 check character (reported, not required)."""
        body, check = self.organisation_code[:8], self.organisation_code[8]
        return gb11714_check_character(body) == check

    @property
    def is_legal_person_category(self) -> bool | None:
        """False for categories that are never legal persons; None when the code alone cannot tell
        (an enterprise code also covers branches, which are not independent legal persons)."""
        return False if self.category in NOT_LEGAL_PERSON else None

    def describe(self, lang: str = "zh") -> dict[str, str | bool | None]:
        idx = 1 if lang == "en" else 0
        authority = AUTHORITIES.get(self.authority)
        category = CATEGORIES.get(self.category)
        return {
            "code": self.code,
            "authority": authority[idx] if authority else self.authority,
            "category": category[idx] if category else self.category,
            "division": self.division,
            "organisation_code": self.organisation_code,
            "organisation_code_checks": self.organisation_code_checks,
            "legal_person_category": self.is_legal_person_category,
        }

    def __str__(self) -> str:
        return self.code


def parse_uscc(text: str) -> USCC:
    """Validate a 统一社会信用代码; raises :class:`InvalidValue` saying what is wrong.

    Spaces, hyphens, full-width characters and lower case are accepted and normalised.
    """
    if not isinstance(text, str):
        raise InvalidValue(f"统一社会信用代码 must be text, got {type(text).__name__}")
    code = _fold(text)
    if len(code) != 18:
        raise InvalidValue(
            f"统一社会信用代码 {text!r} has {len(code)} characters; 18 expected (GB 32100-2015)"
        )
    bad = sorted({c for c in code if c not in _VALUE})
    if bad:
        raise InvalidValue(
            f"统一社会信用代码 {text!r} contains {''.join(bad)!r}; only digits and the letters "
            "A–Y without I, O, S, V, Z are used (GB 32100-2015)"
        )
    if not code[2:8].isdigit():
        raise InvalidValue(f"统一社会信用代码 {text!r}: positions 3–8 must be a 6-digit division code")
    expected = uscc_check_character(code[:17])
    if code[17] != expected:
        raise InvalidValue(
            f"统一社会信用代码 {text!r}: check character is {code[17]} but the first 17 characters give "
            f"{expected} (a character is wrong or transposed)"
        )
    return USCC(code)
