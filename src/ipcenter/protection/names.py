"""Enterprise names across scripts: the distinctive core of a Chinese legal name or an English name as it
appears in US documents, without legal suffixes (Co., Ltd. / 有限公司 / Group), places (湖南, Changsha) and
industry words (重工 ↔ Heavy Industry), so that 三一重工股份有限公司 and "Sany Heavy Industry Co., Ltd."
are compared on 三一/sanyi against sany, with the industry and the city as further evidence."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ipcenter.protection import characters

ZH_SUFFIXES = ("股份有限公司", "有限责任公司", "集团有限公司", "集团股份有限公司", "有限公司", "集团公司", "总公司",
               "分公司", "公司", "集团", "控股", "厂", "研究院", "研究所")  # fmt: skip
EN_SUFFIXES = frozenset(
    [
        "co",
        "ltd",
        "limited",
        "inc",
        "incorporated",
        "corp",
        "corporation",
        "company",
        "llc",
        "lp",
        "plc",
        "group",
        "groups",
        "holdings",
        "holding",
        "international",
        "intl",
        "gmbh",
        "ag",
        "sa",
        "spa",
        "srl",
        "cv",
        "bv",
        "nv",
        "kk",
        "oy",
        "ab",
        "as",
        "pte",
        "pty",
        "the",
        "of",
        "and",
        "a",
        "k",
        "dba",
    ]
)
#: Industry words: Chinese → the English words US documents use for them (from company names' usual
#: translations; an entry is evidence only when both names carry it).
INDUSTRY: dict[str, tuple[str, ...]] = {
    "重工": ("heavy industry", "heavy industries"), "工业": ("industry", "industries", "industrial"),
    "实业": ("industrial", "industry"), "科技": ("technology", "technologies", "science and technology", "tech"),
    "技术": ("technology", "technologies"), "电气": ("electric", "electrical"), "电器": ("electric", "electrical", "appliance"),
    "机械": ("machinery", "machine"), "精密": ("precision",), "钢铁": ("iron steel", "iron and steel", "steel"),
    "塑料": ("plastic", "plastics"), "智能": ("smart", "intelligent"), "视觉": ("visual",), "驱动": ("drive",),
    "材料": ("materials", "material"), "光电": ("optoelectronics", "opto", "photoelectric"), "电子": ("electronics", "electronic"),
    "医药": ("pharmaceutical", "pharma"), "制药": ("pharmaceutical", "pharma"), "汽车": ("automobile", "auto", "motor"),
    "工程": ("engineering",), "建设": ("construction",), "通信": ("communications", "communication"),
    "网络": ("network", "networks"), "软件": ("software",), "设备": ("equipment",), "装备": ("equipment",),
    "仪器": ("instruments", "instrument"), "医疗": ("medical",), "化工": ("chemical", "chemicals"),
    "纺织": ("textile", "textiles"), "数码": ("digital",), "信息": ("information",), "制造": ("manufacturing",),
    "能源": ("energy",), "新能源": ("new energy",), "电池": ("battery", "batteries"), "照明": ("lighting",),
    "贸易": ("trade", "trading"), "国际贸易": ("international trade",), "电力": ("power", "electric power"),
    "动力": ("power",), "娱乐": ("recreation", "entertainment"), "生物": ("biotech", "biological", "bio"),
    "光学": ("optical", "optics"), "半导体": ("semiconductor",), "食品": ("food", "foods"), "家具": ("furniture",),
}  # fmt: skip
_EN_INDUSTRY = sorted({w for words in INDUSTRY.values() for w in words}, key=lambda w: -len(w))


@dataclass(frozen=True)
class NameParts:
    original: str
    core: str  # Chinese characters for a Chinese name, lower-case letters for an English one
    core_pinyin: str  # toneless pinyin of a Chinese core; the letters of an English one
    industries: frozenset[str]  # Chinese industry words (English ones mapped to them)
    places: frozenset[str]  # place names found, as lower-case pinyin (changsha, hunan)
    script: str  # 'han' or 'latin'


@functools.cache
def _place_pinyin() -> dict[str, str]:
    """Chinese province and prefecture names (full and short) → pinyin, from cpca's bundled division table."""
    import cpca

    names: dict[str, str] = {}
    for info in cpca.ad_2_addr_dict.values():
        code = str(info.adcode)
        name = str(info.name)
        if not code.endswith("00") or name in ("市辖区",):
            continue
        for form in {name, re.sub(r"(省|市|自治区|特别行政区|壮族|回族|维吾尔|地区|盟|自治州)+$", "", name)}:
            if len(form) >= 2:
                names[form] = characters.spelled(form)
    return names


@functools.cache
def _place_words() -> frozenset[str]:
    return frozenset(_place_pinyin().values())


def chinese_parts(name: str) -> NameParts:
    text = characters.normalise(name)
    text = re.sub(r"[(（].*?[)）]", "", text)
    places: set[str] = set()
    changed = True
    while changed:
        changed = False
        for suffix in ZH_SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix) + 1:
                text, changed = text[: -len(suffix)], True
        for place, spelled in sorted(_place_pinyin().items(), key=lambda p: -len(p[0])):
            if text.startswith(place) and len(text) > len(place) + 1:
                text, changed = text[len(place) :], True
                places.add(spelled)
                break
    industries: set[str] = set()
    changed = True
    while changed:
        changed = False
        for word in sorted(INDUSTRY, key=len, reverse=True):
            if text.endswith(word) and len(text) > len(word) + 1:
                text, changed = text[: -len(word)], True
                industries.add(word)
                break
    return NameParts(name, text, characters.spelled(text), frozenset(industries), frozenset(places), "han")


def english_parts(name: str) -> NameParts:
    text = name.lower().replace("&", " and ")
    text = re.sub(r"\(.*?\)", " ", text)
    text = " ".join(re.sub(r"[^a-z0-9 ]+", " ", text).split())
    industries: set[str] = set()
    for phrase in _EN_INDUSTRY:
        pattern = rf"\b{phrase}\b"
        if re.search(pattern, text):
            for zh, words in INDUSTRY.items():
                if phrase in words:
                    industries.add(zh)
            text = " ".join(re.sub(pattern, " ", text).split())
    places: set[str] = set()
    tokens = []
    for token in text.split():
        if token in EN_SUFFIXES:
            continue
        if token in _place_words() and len(text.split()) > 1:
            places.add(token)
            continue
        tokens.append(token)
    return NameParts(
        name, "".join(tokens), "".join(tokens), frozenset(industries), frozenset(places), "latin"
    )


def parts(name: str) -> NameParts:
    return chinese_parts(name) if characters.han_part(characters.normalise(name)) else english_parts(name)


def alternatives(name: str) -> list[str]:
    """The names a respondent is listed under: 'X, a/k/a Y, a/k/a Z' → [X, Y, Z]."""
    return [
        p.strip(" ,;")
        for p in re.split(r",?\s*(?:a/k/a|aka|d/b/a|dba|f/k/a)\s+", name, flags=re.I)
        if p.strip(" ,;")
    ]
