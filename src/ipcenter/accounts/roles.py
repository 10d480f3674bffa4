"""Organisation kinds and roles: the vocabulary of the policy module (labels Chinese first)."""

from __future__ import annotations

from enum import StrEnum


class OrgKind(StrEnum):
    enterprise = "enterprise"
    university = "university"
    research_institute = "research_institute"
    agency = "agency"  # 专利代理机构
    protection_centre = "protection_centre"  # 知识产权保护中心
    bureau = "bureau"  # 知识产权局


class Role(StrEnum):
    public = "public"  # anonymous: nobody signs in with it
    member = "member"
    org_admin = "org_admin"
    pre_examiner = "pre_examiner"  # 预审员
    statistician = "statistician"
    bureau_admin = "bureau_admin"


KIND_LABELS: dict[OrgKind, tuple[str, str]] = {
    OrgKind.enterprise: ("企业", "enterprise"),
    OrgKind.university: ("高校", "university"),
    OrgKind.research_institute: ("科研院所", "research institute"),
    OrgKind.agency: ("专利代理机构", "patent agency"),
    OrgKind.protection_centre: ("知识产权保护中心", "IP protection centre"),
    OrgKind.bureau: ("知识产权局", "IP bureau"),
}

ROLE_LABELS: dict[Role, tuple[str, str]] = {
    Role.public: ("公众", "public"),
    Role.member: ("成员", "member"),
    Role.org_admin: ("机构管理员", "organisation admin"),
    Role.pre_examiner: ("预审员", "pre-examiner"),
    Role.statistician: ("统计人员", "statistician"),
    Role.bureau_admin: ("局管理员", "bureau admin"),
}

#: Roles that act for the authority, hence only inside an organisation of these kinds: a pre-examiner works
#: for the protection centre, statisticians and bureau admins for the bureau.
AUTHORITY_ROLES: dict[Role, frozenset[OrgKind]] = {
    Role.pre_examiner: frozenset({OrgKind.protection_centre}),
    Role.statistician: frozenset({OrgKind.bureau}),
    Role.bureau_admin: frozenset({OrgKind.bureau}),
}

#: Roles an account can have (public is the anonymous visitor).
ACCOUNT_ROLES: tuple[Role, ...] = tuple(r for r in Role if r is not Role.public)


def kind_label(kind: str, lang: str) -> str:
    zh, en = KIND_LABELS[OrgKind(kind)]
    return en if lang == "en" else zh


def role_label(role: str, lang: str) -> str:
    zh, en = ROLE_LABELS[Role(role)]
    return en if lang == "en" else zh
