"""Regions for the statistics: the `--within` region, its sub-regions and the names official tables use.

Names are resolved exactly through the core's division data (:func:`ipcenter.core.regions.find_divisions`):
full names (湘西土家族苗族自治州), short forms (湘西州, 长沙, 湖南) and names written with their parents
(湖南省长沙市岳麓区). A name that names no division, or several, is an error that lists the candidates.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ipcenter.core.regions import (
    MUNICIPALITIES,
    Division,
    division_by_code,
    find_divisions,
    similar_division_names,
)
from ipcenter.stats.errors import RegionError

#: cpca's full names → the short names the Hunan tables write (region names as the official tables write them).
OFFICIAL_SHORT_NAMES = {
    "张家界市": "张家界",
    "湘西土家族苗族自治州": "湘西州",
}
#: Custom groupings: name → adcode prefixes of their members (configurable; e.g. a park's districts).
GROUPS: dict[str, tuple[str, ...]] = {
    "长株潭": ("4301", "4302", "4303"),
}
#: Rows of owners outside the mainland (reported, never given a density: domain-cn.md §9 rule 2).
OUTSIDE_NAMES = {"HK": "香港", "MO": "澳门", "TW": "台湾", "foreign": "国外"}
TOTAL_NAMES = {"country": "全国", "province": "全省", "city": "全市", "district": "全区"}
COUNTRY_NAMES = ("全国", "中国", "CN")
#: The rows of a table one level below its region (a district's table has the district itself as its row).
SUB_LEVEL = {
    "country": "province",
    "province": "city",
    "city": "district",
    "district": "district",
    "group": "city",
}
LEVEL_ORDER = ("province", "city", "district")
LEVEL_DIGITS = {"province": 2, "city": 4, "district": 6}


@dataclass(frozen=True)
class Within:
    name: str | None  # the region's name (湖南省, 长沙市, 岳麓区, 长株潭); None = the whole country
    level: str  # 'country', 'province', 'city', 'district' or 'group'
    prefixes: tuple[str, ...]  # adcode prefixes; () = the whole country
    total_name: str
    code: str | None  # adcode prefix of the region itself ('' = the country; None = a group)

    def check_level(self, level: str) -> None:
        if level not in LEVEL_ORDER:
            raise RegionError(f"level {level!r}: expected one of {', '.join(LEVEL_ORDER)}")
        if self.level == "district":
            if level != "district":
                raise RegionError(f"level {level!r} is not below the district {self.name!r} (use district)")
        elif self.level in LEVEL_ORDER and LEVEL_ORDER.index(level) <= LEVEL_ORDER.index(self.level):
            raise RegionError(f"level {level!r} is not below the {self.level} {self.name!r}")


def official_name(name: str | None) -> str | None:
    if name is None:
        return None
    return OFFICIAL_SHORT_NAMES.get(name, name)


def code_prefix(division: Division) -> str:
    """The adcode prefix that stands for a division: 2 digits for a province, 4 for a city, 6 for a district."""
    assert division.code is not None and division.level is not None
    return division.code[: LEVEL_DIGITS[division.level]]


def region_name(code: str) -> str | None:
    """The name a table row of this adcode prefix shows (as the official tables write it)."""
    return official_name(division_by_code(code).name)


def resolve_region(
    name: str, *, inside: Iterable[str] = (), level: str | None = None, what: str = "region"
) -> Division:
    """The one mainland division ``name`` names; a clear error naming the candidates otherwise."""
    prefixes = tuple(inside)
    found = find_divisions(name, inside=prefixes, level=level)
    if len(found) == 1:
        return found[0]
    if found:
        names = ", ".join(d.full_name for d in found[:8])
        raise RegionError(
            f"{what} {name!r} is ambiguous: {names}; write it with its province or city "
            f"(e.g. {found[0].full_name})"
        )
    similar = similar_division_names(name, inside=prefixes)
    hint = f"; did you mean {' or '.join(similar)}?" if similar else ""
    raise RegionError(f"{what} {name!r} is not a mainland province, city or district{hint}")


def resolve_within(name: str | None) -> Within:
    """'湖南省' / '湖南' → the province; '长沙市' / '长沙' → the city; '岳麓区' → the district; '长株潭' → a
    group; None → the whole country. A municipality (北京市) is a city: its rows are its districts."""
    if not name or name in COUNTRY_NAMES:
        return Within(None, "country", (), TOTAL_NAMES["country"], "")
    if name in GROUPS:
        return Within(name, "group", GROUPS[name], name, None)
    division = resolve_region(name)
    level = division.level or "district"
    code = code_prefix(division)
    if level == "province" and division.province in MUNICIPALITIES:
        level = "city"
    return Within(division.name, level, (code,), TOTAL_NAMES[level], code)
