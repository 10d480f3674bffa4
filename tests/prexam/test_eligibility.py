"""宁波 2025 eligibility rules (domain-cn-2.md §1.3, §6.A.3): the four fixture cases, and each rule's edges."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from ipcenter.errors import InvalidValue
from ipcenter.prexam.eligibility import EntityFacts, evaluate
from ipcenter.prexam.profile import CentreProfile

ON = date(2025, 12, 1)
CLEAN = [
    {"kind": k, "adverse": False, "checked_on": "2025-11-20", "authority": "信用中国"}
    for k in ("dishonest", "abnormal_filing", "wilful_infringement")
]


def entity(**changes: Any) -> EntityFacts:
    base: dict[str, Any] = {
        "uscc": "91330212MA2H00014K",  # made up, with valid check characters
        "name": "宁波示例科技有限公司",
        "legal_person": True,
        "area_code": "330212",  # 鄞州区
        "founded": "2020-03-01",
        "insured_staff": 12,
        "granted_first_applicant": {"invention": 1},
        "credit_checks": CLEAN,
    }
    base.update(changes)
    return EntityFacts.from_json(base)


@pytest.mark.parametrize(
    ("case", "changes", "eligible", "failed"),
    [
        ("2 inventions / 0 UM", {"granted_first_applicant": {"invention": 2, "utility_model": 0}}, True, []),
        ("0 inventions / 3 UM", {"granted_first_applicant": {"invention": 0, "utility_model": 3}}, True, []),
        (
            "0 inventions / 2 UM",
            {"granted_first_applicant": {"invention": 0, "utility_model": 2}},
            False,
            ["patents"],
        ),
        ("age 300 days", {"founded": (ON - timedelta(days=300)).isoformat()}, False, ["age"]),
    ],
)
def test_ningbo_fixtures(
    ningbo: CentreProfile, case: str, changes: dict[str, Any], eligible: bool, failed: list[str]
) -> None:
    result = evaluate(entity(**changes), ningbo, ON)
    assert result.eligible is eligible, case
    assert [r.rule_id for r in result.failed] == failed
    assert {r.rule_id for r in result.results if r.outcome == "manual"} == {"field", "foundation", "dynamic"}


def test_rule_edges(ningbo: CentreProfile) -> None:
    assert evaluate(entity(founded=(ON - timedelta(days=365)).isoformat()), ningbo, ON).eligible is True
    assert evaluate(entity(founded=(ON - timedelta(days=364)).isoformat()), ningbo, ON).eligible is False
    assert evaluate(entity(insured_staff=5), ningbo, ON).eligible is True
    assert [r.rule_id for r in evaluate(entity(insured_staff=4), ningbo, ON).failed] == ["staff"]
    mixed = entity(granted_first_applicant={"utility_model": 1, "design": 2})  # UM + designs ≥ 3
    assert evaluate(mixed, ningbo, ON).eligible is True
    assert [r.rule_id for r in evaluate(entity(area_code="330106"), ningbo, ON).failed] == [
        "area"
    ]  # 杭州西湖区
    assert [r.rule_id for r in evaluate(entity(legal_person=False), ningbo, ON).failed] == ["legal_person"]


def test_an_individual_business_code_is_not_a_legal_person(ningbo: CentreProfile) -> None:
    result = evaluate(entity(uscc="92340602MA2PBMEM24"), ningbo, ON)  # a real 个体工商户 code
    assert [r.rule_id for r in result.failed] == ["legal_person"]
    assert "个体工商户" in result.failed[0].detail


def test_credit_window_is_two_years(ningbo: CentreProfile) -> None:
    def with_finding(finding_date: str) -> EntityFacts:
        checks = [
            *CLEAN[1:],
            {
                "kind": "dishonest",
                "adverse": True,
                "checked_on": "2025-11-20",
                "finding_date": finding_date,
                "authority": "CNIPA",
            },
        ]
        return entity(credit_checks=checks)

    assert [r.rule_id for r in evaluate(with_finding("2024-06-01"), ningbo, ON).failed] == ["credit"]
    assert (
        evaluate(with_finding("2023-12-01"), ningbo, ON).eligible is True
    )  # exactly two years before: outside
    missing = evaluate(entity(credit_checks=CLEAN[:2]), ningbo, ON)
    assert missing.eligible is None  # not checked yet: the reviewer must complete it
    assert "故意侵犯知识产权" in next(r.detail for r in missing.results if r.rule_id == "credit")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"uscc": "91330212MA2H00014X"}, "check character"),
        ({"insured_staff": -1}, "insured_staff"),
        ({"granted_first_applicant": {"patent": 1}}, "unknown patent type"),
        (
            {"credit_checks": [{"kind": "bad debt", "adverse": False, "checked_on": "2025-01-01"}]},
            "credit check kind",
        ),
        ({"founded": "2025-02-30"}, "does not exist"),
    ],
)
def test_bad_declarations(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidValue, match=message):
        entity(**changes)


def test_a_centre_without_rules_says_so(sichuan: CentreProfile) -> None:
    with pytest.raises(InvalidValue, match="no eligibility rule set"):
        evaluate(entity(), sichuan, ON)
