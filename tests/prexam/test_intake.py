"""Intake checks (domain-cn.md §9 rule 14, domain-cn-2.md §6.A.5–7) at the 四川 centre's real scope."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from ipcenter.errors import InvalidValue, UserError
from ipcenter.prexam.intake import CaseFacts, EntityStanding, intake_check
from ipcenter.prexam.models import confirmed
from ipcenter.prexam.profile import AgencyList, CentreProfile

ON = date(2025, 12, 1)
ENTITY = EntityStanding("四川示例装备有限公司", "approved", "510104")
INVENTION = ["request", "description", "claims", "abstract"]


def case(**changes: Any) -> CaseFacts:
    data: dict[str, Any] = {
        "patent_type": "invention",
        "title": "一种数控机床主轴热误差补偿方法",
        "applicants": ["四川示例装备有限公司", "某大学"],
        "main_class": "B23Q15/18",
        "documents": INVENTION,
    }
    data.update(changes)
    return CaseFacts.from_json(data)


def codes(
    profile: CentreProfile, facts: CaseFacts, entity: EntityStanding | None = ENTITY, **kw: Any
) -> list[str]:
    decision = intake_check(profile, facts, entity, ON, **kw)
    assert decision.accepted is (not decision.reasons)
    return [r.code for r in decision.reasons]


def test_accepted(sichuan: CentreProfile) -> None:
    decision = intake_check(sichuan, case(), ENTITY, ON)
    assert decision.accepted and decision.scope is not None and decision.scope.fields == ("装备制造",)


def test_field_mismatch_says_ordinary_filing_remains_possible(sichuan: CentreProfile) -> None:
    decision = intake_check(sichuan, case(main_class="A23L33/105"), ENTITY, ON)
    assert not decision.accepted
    (reason,) = decision.reasons
    data = reason.to_json()
    assert data["code"] == "field_mismatch" and data["label_zh"] == "领域不符"
    assert (
        reason.ordinary_filing_possible
        and "普通程序" in data["note_zh"]
        and "ordinary filing" in data["note_en"]
    )


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"is_pct": True}, ["pct"]),
        ({"is_national_phase": True}, ["national_phase"]),
        ({"is_divisional": True}, ["divisional"]),
        ({"cnipa_application_number": "202310123456.6"}, ["already_filed"]),
        ({"cnipa_application_number": "201080063196.9"}, ["national_phase", "already_filed"]),  # type digit 8
        ({"applicants": ["某大学", "四川示例装备有限公司"]}, ["first_applicant"]),
        ({"documents": ["request", "description", "claims"]}, ["documents_missing"]),
        ({"documents": [*INVENTION, "drawings"]}, ["documents_missing"]),  # drawings need an abstract drawing
        (
            {"patent_type": "utility_model", "documents": INVENTION},
            ["documents_missing"],
        ),  # UM needs drawings
        (
            {
                "in_batch": True,
                "patent_type": "utility_model",
                "documents": [*INVENTION, "drawings", "abstract_drawing"],
            },
            ["batch_type"],
        ),
    ],
)
def test_refusals(sichuan: CentreProfile, changes: dict[str, Any], expected: list[str]) -> None:
    assert codes(sichuan, case(**changes)) == expected


def test_entity_standing(sichuan: CentreProfile) -> None:
    assert codes(sichuan, case(), None) == ["not_registered"]
    assert codes(sichuan, case(), replace(ENTITY, registration_state="pending")) == ["not_registered"]
    suspended = replace(ENTITY, registration_state="suspended", suspended_until=date(2026, 3, 1))
    assert codes(sichuan, case(), suspended) == ["suspended"]
    assert codes(sichuan, case(), replace(ENTITY, area_code="500101")) == ["outside_area"]  # 重庆万州


def test_several_reasons_are_all_reported(sichuan: CentreProfile) -> None:
    got = codes(sichuan, case(main_class="A23L33/105", is_divisional=True), None, quota_remaining=0)
    assert got == ["not_registered", "divisional", "field_mismatch", "quota_exhausted"]


def test_design_uses_locarno(chengdu: CentreProfile) -> None:
    entity = replace(ENTITY, area_code="510107")
    design = case(
        patent_type="design",
        main_class="24-01",
        documents=["request", "design_views", "brief_description"],
        applicants=[ENTITY.name],
    )
    assert codes(chengdu, design, entity) == []
    assert codes(chengdu, replace(design, main_class="06-01"), entity) == ["field_mismatch"]


def test_accepted_types_and_agency_list(sichuan: CentreProfile) -> None:
    inventions_only = sichuan.with_settings(
        {"accepted_types": confirmed(["invention"], "中心通知")}, date(2025, 1, 1)
    )
    design = case(
        patent_type="design", main_class="14-02", documents=["request", "design_views", "brief_description"]
    )
    assert "type_not_accepted" in codes(inventions_only, design)
    enforced = sichuan.with_settings({"agency_list_enforced": confirmed(True, "中心通知")}, date(2025, 1, 1))
    with pytest.raises(UserError, match="list is not loaded"):
        intake_check(enforced, case(agency="成都某专利代理有限公司"), ENTITY, ON)
    listed = replace(
        enforced,
        agency_list=AgencyList(
            "专利代理机构精准服务保障名单",
            "中华全国专利代理师协会",
            "2025-1",
            members=("成都某专利代理有限公司",),
        ),
    )
    assert codes(listed, case(agency="成都某专利代理有限公司")) == []
    assert codes(listed, case(agency="成都某专利代理有限公司"), agency_registered=False) == [
        "agency_not_listed"
    ]
    assert codes(listed, case(agency="别处代理事务所")) == ["agency_not_listed"]
    assert codes(sichuan, case(agency="别处代理事务所")) == []  # not enforced: any agency


def test_bad_requests(sichuan: CentreProfile) -> None:
    with pytest.raises(InvalidValue, match="unknown document kind"):
        case(documents=["请求书"])
    with pytest.raises(InvalidValue, match="patent type"):
        case(patent_type="trademark")
    with pytest.raises(InvalidValue, match="main classification"):
        intake_check(sichuan, case(main_class="99X"), ENTITY, ON)
    with pytest.raises(InvalidValue, match="check character"):
        intake_check(sichuan, case(cnipa_application_number="202310123456.7"), ENTITY, ON)
    with pytest.raises(UserError, match="not in force"):
        intake_check(sichuan, case(), ENTITY, date(2023, 5, 1))
