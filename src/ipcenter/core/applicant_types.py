"""Applicant types (申请人类型) as CNIPA statistics use them.

Five types: 大专院校 university, 科研单位 research institute, 工矿企业 enterprise, 机关团体 government /
organisation (services 职务 = the first four), 个人 individual (非职务). Pure, no I/O.

:func:`classify_applicant` uses the export's type column when it has a known value (:data:`TYPE_HINTS`), and
otherwise infers the type from the name through ONE ordered rules table, :data:`NAME_RULES` (first match
wins). Names that match no row give None (unknown) — never a guess.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = [
    "APPLICANT_TYPES",
    "ENTERPRISE",
    "GOVERNMENT",
    "INDIVIDUAL",
    "LABELS_EN",
    "LABELS_ZH",
    "NAME_RULES",
    "RESEARCH_INSTITUTE",
    "SERVICE_TYPES",
    "TYPE_HINTS",
    "UNIVERSITY",
    "NameRule",
    "applicant_type_from_hint",
    "classify_applicant",
    "is_service",
]

UNIVERSITY = "university"  # 大专院校
RESEARCH_INSTITUTE = "research_institute"  # 科研单位
ENTERPRISE = "enterprise"  # 工矿企业
GOVERNMENT = "government"  # 机关团体
INDIVIDUAL = "individual"  # 个人

APPLICANT_TYPES = (UNIVERSITY, RESEARCH_INSTITUTE, ENTERPRISE, GOVERNMENT, INDIVIDUAL)
#: 职务 (service) types; 个人 is 非职务.
SERVICE_TYPES = (UNIVERSITY, RESEARCH_INSTITUTE, ENTERPRISE, GOVERNMENT)

LABELS_ZH: dict[str, str] = {
    UNIVERSITY: "大专院校",
    RESEARCH_INSTITUTE: "科研单位",
    ENTERPRISE: "工矿企业",
    GOVERNMENT: "机关团体",
    INDIVIDUAL: "个人",
}
LABELS_EN: dict[str, str] = {
    UNIVERSITY: "Universities and colleges",
    RESEARCH_INSTITUTE: "Research institutions",
    ENTERPRISE: "Enterprises",
    GOVERNMENT: "Government agencies and organisations",
    INDIVIDUAL: "Individuals",
}

#: Values seen in export type columns (申请人类型 / 专利权人类型 / applicant type), folded (NFKC, lower case,
#: no spaces), → type.
TYPE_HINTS: dict[str, str] = {
    "大专院校": UNIVERSITY,
    "高校": UNIVERSITY,
    "高等院校": UNIVERSITY,
    "院校": UNIVERSITY,
    "大学": UNIVERSITY,
    "university": UNIVERSITY,
    "universities": UNIVERSITY,
    "college": UNIVERSITY,
    "academic": UNIVERSITY,
    "科研单位": RESEARCH_INSTITUTE,
    "科研机构": RESEARCH_INSTITUTE,
    "科研院所": RESEARCH_INSTITUTE,
    "研究所": RESEARCH_INSTITUTE,
    "研究机构": RESEARCH_INSTITUTE,
    "researchinstitute": RESEARCH_INSTITUTE,
    "researchinstitution": RESEARCH_INSTITUTE,
    "research_institute": RESEARCH_INSTITUTE,
    "research": RESEARCH_INSTITUTE,
    "institute": RESEARCH_INSTITUTE,
    "企业": ENTERPRISE,
    "工矿企业": ENTERPRISE,
    "公司": ENTERPRISE,
    "enterprise": ENTERPRISE,
    "company": ENTERPRISE,
    "corporate": ENTERPRISE,
    "corporation": ENTERPRISE,
    "industry": ENTERPRISE,
    "机关团体": GOVERNMENT,
    "机关": GOVERNMENT,
    "团体": GOVERNMENT,
    "机关事业单位": GOVERNMENT,
    "事业单位": GOVERNMENT,
    "government": GOVERNMENT,
    "organisation": GOVERNMENT,
    "organization": GOVERNMENT,
    "institution": GOVERNMENT,
    "个人": INDIVIDUAL,
    "自然人": INDIVIDUAL,
    "individual": INDIVIDUAL,
    "person": INDIVIDUAL,
    "natural_person": INDIVIDUAL,
    "naturalperson": INDIVIDUAL,
}


@dataclass(frozen=True, slots=True)
class NameRule:
    """One row: when ``pattern`` is found in the folded name (upper case for Latin), the type is ``type``."""

    pattern: re.Pattern[str]
    type: str
    comment: str


def _rule(pattern: str, type_: str, comment: str) -> NameRule:
    return NameRule(re.compile(pattern), type_, comment)


_ORG_WORDS_ZH = (
    "公司|集团|厂|会社|大学|学院|学校|研究|实验室|中心|局|委员会|政府|协会|学会|医院|部队|院|所|站|厅|"
    "科技|技术|工业|实业|电子|电气|机械|重工|药业|制药|生物|能源|材料|智能|设备|装备|工程|建设|控股|投资|贸易|"
    "股份|商店|门市|工作室|农场|车间"
)
_EN_COMPANY = (
    r"INC|INCORPORATED|CORP|CORPORATION|LTD|LIMITED|LLC|L\.L\.C|GMBH|CO|COMPANY|AG|SA|S\.A|NV|N\.V|BV|B\.V|AB|KK|"
    r"K\.K|PLC|SPA|S\.P\.A|SRL|S\.R\.L|SAS|S\.A\.S|OY|OYJ|A/S|PTY|LP|L\.P|KG|OHG|SE|KABUSHIKI|KAISHA|"
    r"AKTIENGESELLSCHAFT|HOLDINGS?|INDUSTRIES|MFG|MANUFACTURING"
)
#: Words that show a Latin-script name is not a person (blocks the 'First Last' rule only; no type implied).
_EN_BUSINESS_WORDS = (
    r"TECHNOLOGY|TECHNOLOGIES|TECH|INTERNATIONAL|SYSTEMS|PRODUCTS|GROUP|ENTERPRISES?|INDUSTRY|ELECTRIC|"
    r"ELECTRICAL|ELECTRONICS?|APPLIANCES?|CHEMICALS?|CHEMICAL|MOTORS?|PHARMA|PHARMACEUTICALS?|MEDICAL|TELECOM|"
    r"STEEL|ENERGY|SOLUTIONS|DESIGNS?|DEVELOPMENT|PATENTS?|PROPERTIES|PLASTICS?|TOOLS?|INNOVATIONS?|INNOVATIVE|"
    r"GLOBAL|NETWORKS?|SOFTWARE|AUTOMOTIVE|MACHINERY|MACHINES?|INSTRUMENTS?|OPTICAL|BIOLOGICS|OUTDOOR|"
    r"SPORTSWEARS?|FOODS?|TRADING|IMPORTS?|EXPORTS?|DYNAMICS|MANAGEMENT|PARTNERS|ASSOCIATES|BROTHERS|WORKS|"
    r"FACTORY|COMPONENTS?|DEVICES?|MATERIALS?|SEMICONDUCTORS?|POWER|COMMUNICATIONS?|CONSTRUCTION|ENGINEERING|"
    r"AEROSPACE|AVIATION|PRECISION|TELECOMMUNICATIONS|BEIJING|SHANGHAI|TIANJIN|CHONGQING|GUANGDONG|SHENZHEN|"
    r"GUANGZHOU|JIANGSU|ZHEJIANG|HUNAN|HUBEI|HENAN|HEBEI|SHANDONG|SHANXI|SHAANXI|SICHUAN|FUJIAN|ANHUI|JIANGXI|"
    r"YUNNAN|GUIZHOU|LIAONING|JILIN|HEILONGJIANG|XINJIANG|CHANGSHA|ZHUZHOU|CHINA|NATIONAL"
)
_EN_ORG_WORDS = (
    _EN_COMPANY + r"|UNIVERSITY|UNIV|COLLEGE|SCHOOL|INSTITUTE|INST|RESEARCH|LABORATORY|LABORATORIES|LAB|LABS|"
    r"ACADEMY|CENTER|CENTRE|FOUNDATION|ASSOCIATION|SOCIETY|HOSPITAL|GOVERNMENT|MINISTRY|DEPARTMENT|AGENCY|OFFICE|"
    r"COUNCIL|COMMISSION|BOARD|TRUST|FUND|BANK|SERVICES?|THE|OF|AND|FOR|&|" + _EN_BUSINESS_WORDS
)

#: The ordered rules table (first match wins). Chinese rows first, then Latin-script rows; personal names last.
NAME_RULES: tuple[NameRule, ...] = (
    # --- Chinese / Japanese organisation names
    _rule(
        r"(有限公司|有限责任公司|股份|集团|公司|株式会社|会社|工厂|厂(?:$|[（(])|企业|合伙|事务所|商行|经营部|合作社)",
        ENTERPRISE,
        "company forms win over every other word (e.g. 研究院有限公司 is a company)",
    ),
    _rule(
        r"医院|卫生院", GOVERNMENT, "hospitals (also university-affiliated ones) are 机关团体 (public bodies)"
    ),
    _rule(r"大学", UNIVERSITY, "大学 — before 科学院 so that 中国科学院大学 is a university"),
    _rule(
        r"研究.{0,2}院|研究所|研究中心|研究室|科学院|设计院|实验室|科研院|技术研究|工程院",
        RESEARCH_INSTITUTE,
        "research institutes (研究院/研究所/研究中心/中国科学院/科学院/实验室); 科学院 before 学院",
    ),
    _rule(r"学院|学校|中学|小学|专科|职业技术|党校|高等", UNIVERSITY, "学院/学校/职业技术学院 → 大专院校"),
    _rule(
        r"局|委员会|政府|协会|学会|研究会|联合会|基金会|商会|部队|解放军|中心|办公室|厅|监督|检验|检测|"
        r"管理处|管理站|服务站|推广站|法院|检察院|公安|消防|博物馆|图书馆|研究会|总站|站$",
        GOVERNMENT,
        "public bodies and organisations (局/委员会/政府/协会/学会/部队/中心 …)",
    ),
    # --- Latin-script organisation names (the name is upper-cased before matching)
    _rule(r"株式会社", ENTERPRISE, "Japanese company"),
    _rule(rf"(?:^|[\s,.(])(?:{_EN_COMPANY})(?:$|[\s,.)])", ENTERPRISE, "company suffix/word wins"),
    _rule(r"\bHOSPITAL\b", GOVERNMENT, "hospital"),
    _rule(
        r"\b(?:UNIVERSITY|UNIV|COLLEGE|UNIVERSITE|UNIVERSITÉ|UNIVERSIDAD|UNIVERSIDADE|UNIVERSITA|UNIVERSITÀ|"
        r"UNIVERSITAET|UNIVERSITÄT|UNIVERSITEIT|HOCHSCHULE|POLYTECHNIC|SCHOOL)\b",
        UNIVERSITY,
        "university/college",
    ),
    _rule(
        r"\b(?:INSTITUTE|INSTITUT|INSTITUTO|ISTITUTO|INST|RESEARCH|LABORATORY|LABORATORIES|LABORATOIRE|ACADEMY|"
        r"LAB|LABS|FRAUNHOFER|CNRS|CENTRE NATIONAL)\b",
        RESEARCH_INSTITUTE,
        "Institute/Research/Laboratories (unless a company suffix matched above)",
    ),
    _rule(
        r"\b(?:GOVERNMENT|MINISTRY|DEPARTMENT|AGENCY|COMMISSION|COUNCIL|ASSOCIATION|SOCIETY|FOUNDATION|"
        r"NAVY|ARMY|AIR FORCE|SECRETARY|UNITED STATES OF AMERICA|STATE OF|CITY OF|OFFICE|AUTHORITY|BUREAU)\b",
        GOVERNMENT,
        "government bodies and non-profit organisations",
    ),
)

# Common Chinese surnames (single) and compound surnames, for recognising 2-4 character personal names.
_SURNAMES_1 = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜"
    "崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文"
    "牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛"
    "曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏"
    "席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝封"
)
_SURNAMES_2 = (
    "欧阳",
    "司马",
    "上官",
    "诸葛",
    "东方",
    "皇甫",
    "尉迟",
    "公孙",
    "慕容",
    "长孙",
    "司徒",
    "夏侯",
    "轩辕",
    "令狐",
    "宇文",
    "端木",
    "独孤",
    "南宫",
    "西门",
    "百里",
)
_CJK = r"[\u4e00-\u9fff]"
_ORG_ZH = re.compile(_ORG_WORDS_ZH)
_MINORITY_NAME = re.compile(rf"^{_CJK}{{1,10}}(?:[·•・]{_CJK}{{1,10}})+$")
_EN_ORG = re.compile(rf"(?:^|[\s,.(])(?:{_EN_ORG_WORDS})(?:$|[\s,.)])")
_EN_TOKEN = r"[^\W\d_](?:[^\W\d_]|['\-])*\.?"
_EN_LAST_FIRST = re.compile(rf"^{_EN_TOKEN}(?:\s{_EN_TOKEN})?,\s*{_EN_TOKEN}(?:\s{_EN_TOKEN}){{0,2}}$")
_EN_FIRST_LAST = re.compile(rf"^{_EN_TOKEN}(?:\s{_EN_TOKEN}){{1,3}}(?:,?\s(?:JR|SR|II|III|IV)\.?)?$")


def _fold_hint(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


def applicant_type_from_hint(type_hint: str | None) -> str | None:
    """Type from an export's type column ('大专院校', '科研机构', '个人', 'Enterprise', …); None when unknown."""
    if not type_hint:
        return None
    return TYPE_HINTS.get(_fold_hint(type_hint))


def _is_chinese_personal_name(name: str) -> bool:
    if _MINORITY_NAME.match(name):
        return not _ORG_ZH.search(name.replace("·", ""))
    if not re.fullmatch(rf"{_CJK}{{2,4}}", name):
        return False
    if _ORG_ZH.search(name):
        return False
    if name[:2] in _SURNAMES_2:
        return len(name) >= 3
    return name[0] in _SURNAMES_1


def _is_latin_personal_name(upper: str) -> bool:
    if _EN_ORG.search(upper):
        return False
    return bool(_EN_LAST_FIRST.match(upper) or _EN_FIRST_LAST.match(upper))


def classify_applicant(name: str | None, type_hint: str | None = None) -> str | None:
    """Applicant type from the export's type column when it says, else from the name; None if unknown.

    ``type_hint`` values not in :data:`TYPE_HINTS` (e.g. '其他') are ignored and the name decides. Name rules:
    :data:`NAME_RULES` in order, then personal names: 2–4 CJK characters starting with a common surname (or a
    compound surname) and no organisation word; minority/transliterated names with '·'; Latin 'LAST, FIRST'
    or 'First [M.] Last' with no organisation word. Anything else → None.
    """
    hinted = applicant_type_from_hint(type_hint)
    if hinted:
        return hinted
    if not name:
        return None
    folded = unicodedata.normalize("NFKC", name).strip()
    folded = re.sub(r"\s+", " ", folded)
    if not folded:
        return None
    upper = folded.upper()
    for rule in NAME_RULES:
        if rule.pattern.search(upper):
            return rule.type
    compact = folded.replace(" ", "")
    if _is_chinese_personal_name(compact):
        return INDIVIDUAL
    if _is_latin_personal_name(upper):
        return INDIVIDUAL
    return None


def is_service(applicant_type: str | None) -> bool | None:
    """True for 职务 types, False for 个人, None when the type is unknown."""
    if applicant_type is None:
        return None
    return applicant_type in SERVICE_TYPES
