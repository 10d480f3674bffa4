"""Applicant types (申请人类型) as CNIPA statistics use them. (First cut; see the rules table.)"""

from __future__ import annotations

UNIVERSITY = "university"  # 大专院校
RESEARCH_INSTITUTE = "research_institute"  # 科研单位
ENTERPRISE = "enterprise"  # 工矿企业
GOVERNMENT = "government"  # 机关团体
INDIVIDUAL = "individual"  # 个人

APPLICANT_TYPES = (UNIVERSITY, RESEARCH_INSTITUTE, ENTERPRISE, GOVERNMENT, INDIVIDUAL)


def classify_applicant(name: str | None, type_hint: str | None = None) -> str | None:
    """Applicant type from the export's type column when it says, else from the name; None if unknown."""
    return None
