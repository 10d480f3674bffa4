"""Address → administrative division (country / province / city / district, with codes).

Mainland addresses are resolved with the ``cpca`` library (its bundled 2019+ division table, loaded lazily
on first use). Before that, text naming Hong Kong / Macao / Taiwan or a foreign country is recognised through
:data:`COUNTRY_NAMES_ZH`, so that such addresses are never counted as mainland. A hint from an export's
国省代码 column (``河南(41)``, ``美国(US)``, ``US``, ``湖南``) is used when the address does not resolve, and
wins over the address when the two disagree on the country or province (it is the office's own coding).

Unresolvable input gives :data:`UNKNOWN_DIVISION` (``country=None``), never an exception — statistics put it
in the explicit "其他" bucket (domain-cn.md §9 rule 4). Pure apart from the cpca table; results are cached.

A region *name* (not an address) is looked up exactly with :func:`find_divisions`: the full names of the
division table (``张家界市``, ``湘西土家族苗族自治州``, ``湖南省``), their usual short forms (``张家界``,
``湘西州``, ``湘西``, ``湖南``, ``长沙``, ``岳麓``) and names written with their parents (``湖南省长沙市``,
``长沙岳麓区``). Unlike an address, nothing may be left over: ``湖南省XYZ`` names no division
(:func:`similar_division_names` proposes what was probably meant).
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "COUNTRY_NAMES_ZH",
    "MUNICIPALITIES",
    "PROVINCE_CODES",
    "UNKNOWN",
    "UNKNOWN_DIVISION",
    "Division",
    "country_from_text",
    "division_by_code",
    "find_divisions",
    "resolve_address",
    "similar_division_names",
]

UNKNOWN = "UNKNOWN"


@dataclass(frozen=True, slots=True)
class Division:
    country: str | None  # ISO alpha-2; 'CN' mainland, 'HK', 'MO', 'TW', foreign codes; None unknown
    province: str | None = None
    city: str | None = None
    district: str | None = None
    code: str | None = None  # 6-digit adcode of the finest level resolved
    source: str | None = None  # 'address', 'hint' or 'address+hint'

    @property
    def is_unknown(self) -> bool:
        return self.country is None

    @property
    def is_mainland(self) -> bool:
        """Domestic for the CNIPA headline indicators: mainland China, excluding HK/MO/TW."""
        return self.country == "CN"

    @property
    def province_code(self) -> str | None:
        """2-digit province code (GB/T 2260), e.g. '43' for 湖南省."""
        return self.code[:2] if self.code else None

    @property
    def level(self) -> str | None:
        """'province', 'city' or 'district': the finest level of :attr:`code` (None without a code)."""
        if not self.code:
            return None
        if self.code.endswith("0000"):
            return "province"
        return "city" if self.code.endswith("00") else "district"

    @property
    def name(self) -> str | None:
        """The division's own name at its finest level (``岳麓区``, ``长沙市``, ``湖南省``)."""
        return {"province": self.province, "city": self.city, "district": self.district}.get(self.level or "")

    @property
    def full_name(self) -> str:
        """Province, city and district written together (``湖南省长沙市岳麓区``; ``北京市朝阳区``)."""
        parts: list[str] = []
        for part in (self.province, self.city, self.district):
            if part and part not in parts:
                parts.append(part)
        return "".join(parts)


UNKNOWN_DIVISION = Division(country=None)

#: GB/T 2260 province-level codes → standard names (as used in 国省代码 hints like '河南(41)').
PROVINCE_CODES: dict[str, str] = {
    "11": "北京市",
    "12": "天津市",
    "13": "河北省",
    "14": "山西省",
    "15": "内蒙古自治区",
    "21": "辽宁省",
    "22": "吉林省",
    "23": "黑龙江省",
    "31": "上海市",
    "32": "江苏省",
    "33": "浙江省",
    "34": "安徽省",
    "35": "福建省",
    "36": "江西省",
    "37": "山东省",
    "41": "河南省",
    "42": "湖北省",
    "43": "湖南省",
    "44": "广东省",
    "45": "广西壮族自治区",
    "46": "海南省",
    "50": "重庆市",
    "51": "四川省",
    "52": "贵州省",
    "53": "云南省",
    "54": "西藏自治区",
    "61": "陕西省",
    "62": "甘肃省",
    "63": "青海省",
    "64": "宁夏回族自治区",
    "65": "新疆维吾尔自治区",
    "71": "台湾省",
    "81": "香港特别行政区",
    "82": "澳门特别行政区",
}
_PROVINCE_BY_NAME = {name: code for code, name in PROVINCE_CODES.items()}

#: Municipalities directly under the central government: the city is the municipality itself.
MUNICIPALITIES = ("北京市", "上海市", "天津市", "重庆市")

_SPECIAL = {"71": ("TW", "台湾省"), "81": ("HK", "香港特别行政区"), "82": ("MO", "澳门特别行政区")}

#: Chinese names of countries and regions → ISO 3166 alpha-2. Longer names are tried first. Names of HK/MO/TW
#: map to their own codes (never 'CN'). '维尔京群岛' without qualifier is taken as the British Virgin Islands,
#: the usual registration place in CN patent data; '荷属安的列斯' keeps its former code AN.
COUNTRY_NAMES_ZH: dict[str, str] = {
    "中国香港": "HK",
    "香港特别行政区": "HK",
    "香港": "HK",
    "中国澳门": "MO",
    "澳门特别行政区": "MO",
    "澳门": "MO",
    "中国台湾": "TW",
    "台湾省": "TW",
    "台湾": "TW",
    "美国": "US",
    "美利坚合众国": "US",
    "日本": "JP",
    "韩国": "KR",
    "大韩民国": "KR",
    "朝鲜": "KP",
    "德国": "DE",
    "德意志联邦共和国": "DE",
    "法国": "FR",
    "英国": "GB",
    "瑞典": "SE",
    "瑞士": "CH",
    "荷兰": "NL",
    "比利时": "BE",
    "卢森堡": "LU",
    "丹麦": "DK",
    "挪威": "NO",
    "芬兰": "FI",
    "冰岛": "IS",
    "爱尔兰": "IE",
    "意大利": "IT",
    "西班牙": "ES",
    "葡萄牙": "PT",
    "奥地利": "AT",
    "希腊": "GR",
    "波兰": "PL",
    "捷克": "CZ",
    "匈牙利": "HU",
    "塞浦路斯": "CY",
    "摩纳哥": "MC",
    "列支敦士登": "LI",
    "俄罗斯联邦": "RU",
    "俄罗斯": "RU",
    "土耳其": "TR",
    "以色列": "IL",
    "印度": "IN",
    "新加坡": "SG",
    "马来西亚": "MY",
    "泰国": "TH",
    "越南": "VN",
    "印度尼西亚": "ID",
    "菲律宾": "PH",
    "哈萨克斯坦": "KZ",
    "澳大利亚": "AU",
    "新西兰": "NZ",
    "加拿大": "CA",
    "墨西哥": "MX",
    "巴西": "BR",
    "阿根廷": "AR",
    "智利": "CL",
    "乌拉圭": "UY",
    "古巴": "CU",
    "南非": "ZA",
    "埃及": "EG",
    "马里": "ML",
    "沙特阿拉伯": "SA",
    "阿联酋": "AE",
    "阿拉伯联合酋长国": "AE",
    "百慕大群岛": "BM",
    "百慕大": "BM",
    "开曼群岛": "KY",
    "英属维尔京群岛": "VG",
    "维尔京群岛": "VG",
    "荷属安的列斯": "AN",
    "巴巴多斯": "BB",
    "巴哈马": "BS",
    "伯利兹": "BZ",
    "圣基茨和尼维斯": "KN",
}
_COUNTRY_KEYS = sorted(COUNTRY_NAMES_ZH, key=len, reverse=True)
_ISO_NAME = re.compile(r"^[A-Z]{2}$")
_HINT_WITH_CODE = re.compile(r"^(.*?)[(（]\s*([0-9A-Za-z]{2})\s*[)）]$")


def _clean(text: str) -> str:
    s = unicodedata.normalize("NFKC", text).strip()
    s = re.sub(r"^\d{6}\s*", "", s)  # postcode prefix
    return re.sub(r"\s+", "", s)


def country_from_text(text: str | None) -> str | None:
    """ISO code when ``text`` starts with a Chinese country/region name from :data:`COUNTRY_NAMES_ZH`.

    'CN' for a bare '中国' / '中华人民共和国'; None otherwise (mainland places are left to cpca).
    """
    if not text:
        return None
    s = _clean(text)
    for key in _COUNTRY_KEYS:
        if s.startswith(key):
            return COUNTRY_NAMES_ZH[key]
    if s in ("中国", "中华人民共和国", "中国大陆"):
        return "CN"
    return None


def _special_division(iso: str, source: str) -> Division:
    for code, (special_iso, name) in _SPECIAL.items():
        if special_iso == iso:
            return Division(country=iso, province=name, code=f"{code}0000", source=source)
    return Division(country=iso, source=source)


def _text_or_none(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    s = str(value).strip()
    return s or None


@lru_cache(maxsize=1)
def _cpca_transform() -> object:
    import cpca  # lazy: loads its bundled table (~1 s)

    return cpca.transform


_CJK = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=1)
def _cpca_one() -> object | None:
    import cpca

    return getattr(cpca, "_get_one_addr", None)


def _cpca_lookup(text: str) -> dict[str, object]:
    """cpca's 省/市/区/adcode for one address.

    ``cpca.transform`` builds a pandas DataFrame per call (~4 ms); its per-address function gives the same
    fields ~200x faster (checked equal on the real addresses in tests/core/test_regions.py). It is private,
    so fall back to ``transform`` if a cpca release removes it.
    """
    one = _cpca_one()
    if one is not None:
        found = one(text, False, {})  # type: ignore[operator]
        return {k: found.get(k) for k in ("省", "市", "区", "adcode")}
    frame = _cpca_transform()([text])  # type: ignore[operator]
    first = frame.iloc[0]
    return {k: first[k] for k in ("省", "市", "区", "adcode")}


def _cpca_division(text: str, source: str) -> Division | None:
    if not _CJK.search(text):
        return None  # cpca knows only Chinese names; skip its (pandas-heavy) call for Latin addresses
    row = _cpca_lookup(text)
    province = _text_or_none(row["省"])
    if province is None:
        return None
    city = _text_or_none(row["市"])
    district = _text_or_none(row["区"])
    code = _text_or_none(row["adcode"])
    if code is not None and code.endswith(".0"):
        code = code[:-2]
    prov_code = code[:2] if code else _PROVINCE_BY_NAME.get(province)
    if prov_code in _SPECIAL:
        iso, name = _SPECIAL[prov_code]
        return Division(country=iso, province=name, code=f"{prov_code}0000", source=source)
    if province in MUNICIPALITIES:
        city = province  # cpca says 市辖区/县 or nothing
    return Division(country="CN", province=province, city=city, district=district, code=code, source=source)


def _from_hint(hint: str) -> Division | None:
    s = unicodedata.normalize("NFKC", hint).strip()
    if not s:
        return None
    m = _HINT_WITH_CODE.match(s)
    name, code = (m.group(1).strip(), m.group(2).upper()) if m else (s, None)
    if code is not None and code.isdigit():
        if code in _SPECIAL:
            return _special_division(_SPECIAL[code][0], "hint")
        if code in PROVINCE_CODES:
            return Division(country="CN", province=PROVINCE_CODES[code], code=f"{code}0000", source="hint")
        return None
    if code is not None and _ISO_NAME.match(code):
        return _special_division(code, "hint") if code != "CN" else Division(country="CN", source="hint")
    if _ISO_NAME.match(s.upper()) and s.isascii():
        upper = s.upper()
        return _special_division(upper, "hint") if upper != "CN" else Division(country="CN", source="hint")
    named = country_from_text(name)
    if named is not None:
        return _special_division(named, "hint") if named != "CN" else Division(country="CN", source="hint")
    found = _cpca_division(name, "hint")
    if found is None:
        return None
    return Division(
        country=found.country,
        province=found.province,
        code=found.code[:2] + "0000" if found.code else None,
        source="hint",
    )


@lru_cache(maxsize=65536)
def resolve_address(address: str | None, country_hint: str | None = None) -> Division:
    """Resolve an address (with or without postcode) and/or a 国省代码 hint like '河南(41)' or '美国(US)'.

    - ``410083湖南省长沙市岳麓区…`` → CN / 湖南省 / 长沙市 / 岳麓区; ``长沙市雨花区…`` (no province) likewise.
    - Municipalities: city = the municipality (``北京市``), never ``市辖区``.
    - 香港/澳门/台湾 (also ``中国台湾``) → country HK/MO/TW with the region name as province; not mainland.
    - Foreign addresses (``日本东京``, ``瑞典哥德堡``) → their ISO code, no province.
    - A province alone (``湖南``) → province with city None.
    - Hint: ``河南(41)`` → 河南省; ``美国(US)`` / ``US`` → US; a Chinese name works too. The hint is used when
      the address does not resolve, and wins when address and hint disagree on country or province.
    - Nothing resolvable → :data:`UNKNOWN_DIVISION`.
    """
    from_address: Division | None = None
    if address is not None:
        text = _clean(address)
        if text:
            iso = country_from_text(text)
            if iso is not None and iso != "CN":
                from_address = _special_division(iso, "address")
            else:
                body = re.sub(r"^(中华人民共和国|中国)", "", text)
                from_address = _cpca_division(body, "address") if body else None
                if from_address is None and iso == "CN":
                    from_address = Division(country="CN", source="address")
    from_hint = _from_hint(country_hint) if country_hint else None
    if from_address is None:
        return from_hint or UNKNOWN_DIVISION
    if from_hint is None:
        return from_address
    if from_hint.country != from_address.country:
        return from_hint
    if from_hint.province is not None and from_address.province not in (None, from_hint.province):
        return from_hint
    if from_address.province is None and from_hint.province is not None:
        return from_hint
    return Division(
        country=from_address.country,
        province=from_address.province,
        city=from_address.city,
        district=from_address.district,
        code=from_address.code,
        source="address+hint",
    )


# --------------------------------------------------------------------------------- names of divisions

#: Rows of the division table that are groupings, not divisions (their children carry the names).
_PLACEHOLDERS = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})
#: Endings removed to make the short form of a name, longest first, by level.
_SHORT_ENDINGS = {
    "province": ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市"),
    "city": ("地区", "盟", "市"),
    "district": ("新区", "林区", "区", "县", "市", "旗"),
}
_AUTONOMOUS = ("自治州", "自治县", "自治旗")


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    """6-digit adcode → name, for the mainland (cpca's bundled table, without groupings and HK/MO/TW)."""
    import cpca  # lazy: loads its bundled table (~1 s)

    table: dict[str, str] = {}
    for info in cpca.ad_2_addr_dict.values():
        code, name = str(info.adcode)[:6], str(info.name)
        if name not in _PLACEHOLDERS and code[:2] not in _SPECIAL:
            table[code] = name
    return table


@lru_cache(maxsize=1)
def _ethnic_names() -> tuple[str, ...]:
    """Ethnic group names as they appear in autonomous divisions' names (``土家族``, ``蒙古``), longest first."""
    from importlib import resources

    text = resources.files("cpca.resources").joinpath("56_nations.csv").read_text(encoding="utf-8")
    names: set[str] = set()
    for line in text.split():
        name = line.strip()
        if name:
            names.add(name)
            bare = name.removesuffix("族")
            if len(bare) >= 2:  # 蒙古, 哈萨克, 柯尔克孜 are written without 族 in some names
                names.add(bare)
    return tuple(sorted(names, key=len, reverse=True))


def _short_forms(name: str, level: str) -> list[str]:
    """The usual short forms of a division's name (张家界市 → 张家界; 湘西土家族苗族自治州 → 湘西州, 湘西)."""
    for ending in _AUTONOMOUS:
        if name.endswith(ending):
            base = name.removesuffix(ending)
            stripped = True
            while stripped:
                stripped = False
                for ethnic in _ethnic_names():
                    if base.endswith(ethnic) and len(base) - len(ethnic) >= 2:
                        base, stripped = base.removesuffix(ethnic), True
                        break
            return [base + ending[-1], base] if base != name.removesuffix(ending) else []
    for ending in _SHORT_ENDINGS[level]:
        if name.endswith(ending) and len(name) - len(ending) >= 2:
            return [name.removesuffix(ending)]
    return []


@lru_cache(maxsize=1)
def _name_index() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """Full name → adcodes, and short form → adcodes."""
    full: dict[str, list[str]] = {}
    short: dict[str, list[str]] = {}
    for code, name in _table().items():
        full.setdefault(name, []).append(code)
        level = division_by_code(code).level or "district"
        for form in _short_forms(name, level):
            if form != name:
                short.setdefault(form, []).append(code)
    return ({k: tuple(sorted(v)) for k, v in full.items()}, {k: tuple(sorted(v)) for k, v in short.items()})


@lru_cache(maxsize=8192)
def division_by_code(code: str) -> Division:
    """The mainland division of an adcode (``430800`` → 湖南省 / 张家界市), or :data:`UNKNOWN_DIVISION`.

    A 2- or 4-digit prefix stands for its province or city (``43`` → 湖南省, ``4308`` → 张家界市)."""
    code = code.ljust(6, "0")
    table = _table()
    if code not in table:
        return UNKNOWN_DIVISION
    province = table.get(code[:2] + "0000")
    city = table.get(code[:4] + "00") if not code.endswith("0000") else None
    if province in MUNICIPALITIES and not code.endswith("0000"):
        city = province
    district = table[code] if not code.endswith("00") else None
    return Division(country="CN", province=province, city=city, district=district, code=code, source="name")


_LEVEL_RANK = {"province": 0, "city": 1, "district": 2}


def _inside(code: str, prefixes: Iterable[str]) -> bool:
    wanted = tuple(prefixes)
    return not wanted or any(code.startswith(p) for p in wanted)


def _exact(name: str, inside: tuple[str, ...], level: str | None) -> list[Division]:
    full, short = _name_index()
    for index in (full, short):  # a full name wins over a short form (吉林市 vs 吉林)
        found = [division_by_code(c) for c in index.get(name, ()) if _inside(c, inside)]
        found = [d for d in found if level is None or d.level == level]
        if found:
            return found
    return []


def _composite(name: str, inside: tuple[str, ...], level: str | None) -> list[Division]:
    """A name written with its parents: 湖南省长沙市, 长沙岳麓区, 湖南省长沙市岳麓区."""
    found: dict[str, Division] = {}
    for cut in range(2, len(name) - 1):
        for parent in _exact(name[:cut], inside, None):
            if parent.level == "district" or not parent.code:
                continue
            prefix = parent.code[:2] if parent.level == "province" else parent.code[:4]
            for child in _exact(name[cut:], (prefix,), level) or _composite(name[cut:], (prefix,), level):
                if child.code and child.code != parent.code:
                    found[child.code] = child
    return list(found.values())


def _prefer_higher_level(found: list[Division]) -> list[Division]:
    """Of matches at several levels, the highest when it is alone there (吉林 → 吉林省, 朝阳 → 朝阳市)."""
    if len(found) < 2:
        return found
    top = min(_LEVEL_RANK[d.level or "district"] for d in found)
    highest = [d for d in found if _LEVEL_RANK[d.level or "district"] == top]
    return highest if len(highest) == 1 else found


def find_divisions(name: str, *, inside: Iterable[str] = (), level: str | None = None) -> list[Division]:
    """The mainland divisions that ``name`` names exactly (several when it is ambiguous, none when unknown).

    ``inside`` (adcode prefixes) and ``level`` ('province', 'city', 'district') narrow the candidates first:
    ``find_divisions('鼓楼区')`` gives four districts, ``find_divisions('鼓楼区', inside=['3201'])`` the
    one in 南京市. Accepted: full names (``湘西土家族苗族自治州``), short forms (``湘西州``, ``湘西``,
    ``长沙``), names with their parents (``湖南省长沙市岳麓区``); spaces and full-width forms are ignored.
    """
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", name or ""))
    if not text:
        return []
    prefixes = tuple(inside)
    found = _exact(text, prefixes, level) or _composite(text, prefixes, level)
    return sorted(_prefer_higher_level(found), key=lambda d: d.code or "")


def similar_division_names(name: str, *, inside: Iterable[str] = (), limit: int = 5) -> list[str]:
    """Full names of divisions ``name`` probably meant (for error messages): the division its beginning
    names (``湖南省XYZ`` → 湖南省) and the names closest in spelling."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", name or ""))
    prefixes = tuple(inside)
    out: list[str] = []
    for cut in range(len(text) - 1, 1, -1):
        for d in find_divisions(text[:cut], inside=prefixes):
            if d.full_name not in out:
                out.append(d.full_name)
        if out:
            break
    full, short = _name_index()
    names = [n for n in (*full, *short) if any(_inside(c, prefixes) for c in (full.get(n) or short[n]))]
    for close in difflib.get_close_matches(text, names, n=limit, cutoff=0.6):
        for d in find_divisions(close, inside=prefixes):
            if d.full_name not in out:
                out.append(d.full_name)
    return out[:limit]
