"""Centre profiles and published figures shipped with the software, each with its source
(domain-cn-2.md §1.3, §1.8, §1.9, §2.1, §6.A). Only what a source states is marked confirmed; the rest
keeps the UNCONFIRMED defaults of `ipcenter.prexam.profile.SETTINGS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ipcenter.prexam.models import confirmed
from ipcenter.prexam.profile import AgencyList, CentreProfile

NINGBO_SOURCE = "《宁波知识产权保护中心专利预审申请服务管理办法（2025修订）》第八条, http://m.12425.cn/news/202510/xwif_57324.html"

#: The 宁波 2025 eligibility rules (Art. 8), as a rule set (domain-cn-2.md §1.3 and §6.A.3).
NINGBO_2025_RULES: dict[str, Any] = {
    "name": "宁波知识产权保护中心 备案条件 2025",
    "source": NINGBO_SOURCE,
    "rules": [
        {"id": "legal_person", "kind": "legal_person", "basis": "第八条(一) 独立法人资格的企事业单位"},
        {"id": "area", "kind": "registered_in_area", "basis": "第八条(一) 在宁波市注册"},
        {"id": "age", "kind": "min_age_days", "days": 365, "basis": "第八条(一) 原则上成立满1年"},
        {"id": "staff", "kind": "min_insured_staff", "count": 5, "basis": "第八条(一) 参保人数不少于5人"},
        {
            "id": "patents",
            "kind": "granted_patents",
            "any_of": [{"invention": 1}, {"utility_model+design": 3}],
            "basis": "第八条(五) 作为第一申请人原则上拥有1件以上授权发明专利或3件以上授权实用新型、外观设计专利",
        },
        {
            "id": "credit",
            "kind": "clean_credit",
            "years": 2,
            "findings": ["dishonest", "abnormal_filing", "wilful_infringement"],
            "basis": "第八条(四) 近2年内无失信、非正常申请专利行为、故意侵犯知识产权记录",
        },
        {
            "id": "field",
            "kind": "manual",
            "basis": "第八条(二)",
            "text": "生产、研发或经营范围属于国家知识产权局核定的预审产业领域，有真实的研发场所、研发团队和较强研发能力",
        },
        {
            "id": "foundation",
            "kind": "manual",
            "basis": "第八条(三)",
            "text": "具备良好的专利工作基础，有稳定的管理团队和规范的管理制度",
        },
        {
            "id": "dynamic",
            "kind": "manual",
            "basis": "第八条(六)",
            "text": "国家知识产权局规定的其他动态条件",
        },
    ],
}


def ningbo_2025() -> CentreProfile:
    return CentreProfile(
        centre_id="ningbo",
        centre_name="宁波知识产权保护中心",
        version=1,
        # 宁波's own effective date was not captured; the Zhejiang provincial revision is in force from
        # 2025-10-01 (domain-cn-2.md §1.1, §1.3).
        effective_from=date(2025, 10, 1),
        area_codes=("330200",),
        area_names=("宁波市",),
        fields_source="UNCONFIRMED: 宁波's approved fields were not captured",
        agency_list=AgencyList(
            name="专利代理机构精准服务保障名单",
            publisher="中华全国专利代理师协会",
            version="UNCONFIRMED (list not loaded)",
        ),
        settings={"agency_list_enforced": confirmed(True, NINGBO_SOURCE)},
        eligibility=NINGBO_2025_RULES,
        notes="effective_from 2025-10-01 is the Zhejiang provincial revision's date (UNCONFIRMED for 宁波)",
    )


def changsha() -> CentreProfile:
    return CentreProfile(
        centre_id="changsha",
        centre_name="中国（长沙）知识产权保护中心",
        version=1,
        effective_from=date(2018, 4, 23),
        area_codes=("430100",),
        area_names=("长沙市",),
        fields=("智能制造装备",),
        fields_source="中新网 2018-04-23 (domain-cn-2.md §2.1); current fields UNCONFIRMED",
        notes="current field list, IPC scope and a 大健康产业 channel (2025) are UNCONFIRMED: load the centre's notice",
    )


def beijing() -> CentreProfile:
    source = "北京保护中心获批2024年发明专利申请批量预审审查试点单位 (domain-cn-2.md §1.8, weak source)"
    return CentreProfile(
        centre_id="beijing",
        centre_name="北京市知识产权保护中心",
        version=1,
        effective_from=date(2022, 1, 1),
        area_codes=("110000",),
        area_names=("北京市",),
        settings={
            "batch_pilot": confirmed(True, source),
            "batch_quota_exempt": confirmed(True, source),
            "batch_types": confirmed(["invention"], source),
        },
        notes="batch pilot unit since 2022 (first pilots) and again for 2024; fields and scope UNCONFIRMED",
    )


def shanghai() -> CentreProfile:
    return CentreProfile(
        centre_id="shanghai",
        centre_name="上海市知识产权保护中心",
        version=1,
        effective_from=date(2023, 1, 1),
        area_codes=("310000",),
        area_names=("上海市",),
        notes="pre-examination since 2023 (citynewsservice.cn 2025); fields and scope UNCONFIRMED",
    )


#: Centres whose scope is in ../shared/data/prefiling-scopes: id, area code, area name.
SCOPE_CENTRES: dict[str, tuple[str, str, str]] = {
    "成都知识产权保护中心": ("chengdu", "510100", "成都市"),
    "中国(四川)知识产权保护中心": ("sichuan", "510000", "四川省"),
    "重庆市知识产权保护中心": ("chongqing", "500000", "重庆市"),
}


@dataclass(frozen=True)
class PublishedCentreFigures:
    """A centre's published pre-examination counts for a period (domain-cn-2.md §1.9)."""

    centre: str
    start: date
    end: date
    received: int
    accepted: int
    qualified: int
    source: str


@dataclass(frozen=True)
class PublishedBatchFigures:
    """A centre's published batch pre-examination figures for a year (domain-cn-2.md §1.8)."""

    centre: str
    year: int
    batches_received: int
    applications_received: int
    batches_admitted: int
    applications_admitted: int
    granted: int
    concluded_grant_rate_percent: int
    source: str


SHANGHAI_2025 = PublishedCentreFigures(
    centre="上海市知识产权保护中心",
    start=date(2025, 1, 1),
    end=date(2025, 7, 31),
    received=6947,
    accepted=6449,
    qualified=4911,
    source="https://www.citynewsservice.cn/shine/1899e396-ef12-4166-b002-36620fcbb3a9",
)

#: Weak source: the news item's address was not captured.
BEIJING_2023 = PublishedBatchFigures(
    centre="北京市知识产权保护中心",
    year=2023,
    batches_received=23,
    applications_received=313,
    batches_admitted=11,
    applications_admitted=146,
    granted=109,
    concluded_grant_rate_percent=96,
    source="北京市知识产权保护中心 news item 2024 (title: 北京保护中心获批2024年发明专利申请批量预审审查试点单位)",
)
