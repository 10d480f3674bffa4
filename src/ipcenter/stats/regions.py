"""Regions for the statistics: the `--within` region, its sub-regions and the names official tables use."""

from __future__ import annotations

from dataclasses import dataclass

from ipcenter.core.regions import resolve_address
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
SUB_LEVEL = {"country": "province", "province": "city", "city": "district", "group": "city"}
LEVEL_ORDER = ("province", "city", "district")


@dataclass(frozen=True)
class Within:
    name: str | None  # as the user wrote it; None = the whole country
    level: str  # 'country', 'province', 'city', 'district' or 'group'
    prefixes: tuple[str, ...]  # adcode prefixes; () = the whole country
    address_prefix: str  # text placed before a sub-region name to resolve it (e.g. '湖南省')
    total_name: str

    def check_level(self, level: str) -> None:
        if level not in LEVEL_ORDER:
            raise RegionError(f"level {level!r}: expected one of {', '.join(LEVEL_ORDER)}")
        if self.level in LEVEL_ORDER and LEVEL_ORDER.index(level) <= LEVEL_ORDER.index(self.level):
            raise RegionError(f"level {level!r} is not below the {self.level} {self.name!r}")


def official_name(name: str | None) -> str | None:
    if name is None:
        return None
    return OFFICIAL_SHORT_NAMES.get(name, name)


def resolve_within(name: str | None) -> Within:
    """'湖南省' / '湖南' → the province; '长沙市' → the city; '长株潭' → a group; None → the whole country."""
    if not name or name in ("全国", "中国", "CN"):
        return Within(None, "country", (), "", TOTAL_NAMES["country"])
    if name in GROUPS:
        return Within(name, "group", GROUPS[name], "", name)
    division = resolve_address(name)
    if division.country != "CN" or not division.code:
        raise RegionError(f"region {name!r} is not a mainland province, city or district")
    code = division.code
    if code[2:] == "0000":
        return Within(name, "province", (code[:2],), division.province or name, TOTAL_NAMES["province"])
    if code[4:] == "00":
        return Within(
            name, "city", (code[:4],), f"{division.province or ''}{division.city or ''}", TOTAL_NAMES["city"]
        )
    return Within(
        name,
        "district",
        (code,),
        f"{division.province or ''}{division.city or ''}{division.district or ''}",
        TOTAL_NAMES["district"],
    )


def sub_region_code(within: Within, name: str, level: str) -> str | None:
    """The adcode prefix of a sub-region named in a population table, when it lies inside ``within``."""
    full = {v: k for k, v in OFFICIAL_SHORT_NAMES.items()}.get(name, name)
    division = resolve_address(within.address_prefix + full)
    if division.country != "CN" or not division.code:
        return None
    digits = {"province": 2, "city": 4, "district": 6}[level]
    code = division.code[:digits]
    if code.endswith("00") or (within.prefixes and not any(code.startswith(p) for p in within.prefixes)):
        return None
    return code
