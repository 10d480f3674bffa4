"""Rule 18 (domain-cn.md §9): the checks before an open-licence declaration is accepted, on constructed cases —
one per blocking reason, each with the case that lifts it — and the fee guidance as warnings only."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from ipcenter.transfer import rule18
from ipcenter.transfer.patents import PatentFacts
from ipcenter.transfer.settings import DEFAULTS

AS_OF = date(2025, 6, 1)
RULES = list(DEFAULTS["licence_rules"].value)
GUIDANCE = dict(DEFAULTS["fee_guidance"].value)
PAID = rule18.Fact("annuity_paid_until", None, date(2025, 12, 31), "receipt 2025")


def patent(**changes: Any) -> PatentFacts:
    values: dict[str, Any] = {
        "publication_number": "CN115883397B",
        "application_number": "202211359874.7",
        "title": "一种web端数据通用采集方法",
        "patent_type": "invention",
        "country": "CN",
        "ipc": ["H04L43/02"],
        "applicants": ["中科大数据研究院"],
        "patentees": ["中科大数据研究院"],
        "inventors": ["李玺"],
        "province": "河南省",
        "city": "郑州市",
        "as_of": AS_OF,
        "status": "in_force",
        "status_reason": "granted",
        "converted": "unconverted",
        "converted_basis": "export counts",
        "term_end": date(2042, 11, 2),
    }
    values.update(changes)
    return PatentFacts(**values)


def declaration(**changes: Any) -> rule18.Declaration:
    values: dict[str, Any] = {
        "patentees": ["中科大数据研究院"],
        "payment_method": "lump_sum_plus_royalty",
        "fee_fixed": 5.0,
        "royalty_sales_pct": 3.0,
        "term_from": date(2025, 7, 1),
        "term_to": date(2030, 6, 30),
    }
    values.update(changes)
    return rule18.Declaration(**values)


def verdict(
    p: PatentFacts | None = None,
    facts: list[rule18.Fact] | None = None,
    d: rule18.Declaration | None = None,
    rules: list[str] | None = None,
) -> rule18.Verdict:
    case = rule18.LicenceCase(
        "CN115883397B",
        AS_OF,
        p if p is not None else patent(),
        [PAID] if facts is None else facts,
        d,
        GUIDANCE,
        "",
    )
    return rule18.check(case, rules or RULES)


def blocking(v: rule18.Verdict) -> set[str]:
    return {f.rule for f in v.reasons}


def test_a_clean_case_is_allowed_without_warnings() -> None:
    v = verdict(d=declaration())
    assert v.allowed and v.reasons == [] and v.warnings == []
    assert v.to_dict().keys() == {"publication_number", "as_of", "allowed", "reasons", "warnings"}


@pytest.mark.parametrize(
    ("name", "blocked", "lifted"),
    [
        (
            "exclusive licence in force",
            {
                "facts": [
                    PAID,
                    rule18.Fact("exclusive_licence", date(2024, 1, 1), date(2026, 1, 1), "合同 2024-01"),
                ]
            },
            {"facts": [PAID, rule18.Fact("exclusive_licence", date(2020, 1, 1), date(2024, 12, 31))]},
        ),
        (
            "sole licence in force",
            {"facts": [PAID, rule18.Fact("sole_licence", date(2025, 1, 1), None)]},
            {"facts": [PAID, rule18.Fact("sole_licence", date(2025, 7, 1), None)]},
        ),
        (
            "exclusive licence recorded in the corpus",
            {
                "p": patent(
                    events=[
                        {"date": date(2024, 3, 1), "code": None, "description": "独占实施许可合同备案的生效"}
                    ]
                )
            },
            {
                "p": patent(
                    events=[
                        {"date": date(2024, 3, 1), "code": None, "description": "独占实施许可合同备案的生效"},
                        {"date": date(2025, 2, 1), "code": None, "description": "实施许可合同备案的注销"},
                    ]
                )
            },
        ),
        (
            "annuity unpaid",
            {"facts": [PAID, rule18.Fact("annuity_unpaid", date(2025, 5, 1), None, "第3年年费")]},
            {"facts": [PAID, rule18.Fact("annuity_unpaid", date(2024, 5, 1), date(2024, 9, 1))]},
        ),
        (
            "annuities paid only to an earlier day",
            {"facts": [rule18.Fact("annuity_paid_until", None, date(2025, 3, 1))]},
            {"facts": [rule18.Fact("annuity_paid_until", None, date(2025, 9, 1))]},
        ),
        (
            "pledged without consent",
            {"facts": [PAID, rule18.Fact("pledge", date(2024, 6, 1), None, "银行质押")]},
            {
                "facts": [
                    PAID,
                    rule18.Fact("pledge", date(2024, 6, 1), None),
                    rule18.Fact("pledgee_consent", date(2025, 5, 20), None, "质权人书面同意"),
                ]
            },
        ),
        (
            "pledge recorded in the corpus",
            {
                "p": patent(
                    events=[
                        {"date": date(2024, 1, 5), "code": None, "description": "专利权质押合同登记的生效"}
                    ]
                )
            },
            {
                "p": patent(
                    events=[
                        {"date": date(2024, 1, 5), "code": None, "description": "专利权质押合同登记的生效"},
                        {"date": date(2025, 1, 5), "code": None, "description": "专利权质押合同登记的注销"},
                    ]
                )
            },
        ),
        (
            "ownership dispute",
            {"facts": [PAID, rule18.Fact("ownership_dispute", date(2025, 4, 1), None, "权属诉讼")]},
            {"facts": [PAID, rule18.Fact("ownership_dispute", date(2024, 4, 1), date(2025, 1, 1))]},
        ),
        (
            "preservation recorded in the corpus",
            {"p": patent(events=[{"date": date(2025, 1, 2), "code": None, "description": "专利权的保全"}])},
            {
                "p": patent(
                    events=[
                        {"date": date(2025, 1, 2), "code": None, "description": "专利权的保全"},
                        {"date": date(2025, 3, 2), "code": None, "description": "专利权保全的解除"},
                    ]
                )
            },
        ),
        (
            "lapsed on the date",
            {"p": patent(status="lapsed", status_reason="annuity_unpaid")},
            {"p": patent()},
        ),
        (
            "pending on the date",
            {"p": patent(status="pending", status_reason="not_yet_granted")},
            {"p": patent()},
        ),
        (
            "validity unknown",
            {"p": patent(status="unknown", status_reason="no_status_evidence")},
            {
                "p": patent(status="unknown", status_reason="no_status_evidence"),
                "facts": [
                    PAID,
                    rule18.Fact("status_confirmed", date(2025, 5, 1), date(2025, 6, 30), "登记簿副本"),
                ],
            },
        ),
        (
            "utility model without evaluation report",
            {"p": patent(patent_type="utility_model"), "d": declaration()},
            {
                "p": patent(patent_type="utility_model"),
                "d": declaration(evaluation_report="评价报告 2025-0001"),
            },
        ),
        (
            "royalty without rate",
            {"d": declaration(payment_method="royalty", royalty_sales_pct=None)},
            {"d": declaration(payment_method="royalty")},
        ),
        ("term ends before it starts", {"d": declaration(term_to=date(2025, 1, 1))}, {"d": declaration()}),
    ],
)
def test_each_blocking_reason_is_explained_and_lifted(
    name: str, blocked: dict[str, Any], lifted: dict[str, Any]
) -> None:
    v = verdict(**blocked)
    assert not v.allowed, name
    assert all(r.message for r in v.reasons)
    ok = verdict(**lifted)
    assert ok.allowed, (name, [r.message for r in ok.reasons])


def test_messages_name_their_evidence() -> None:
    v = verdict(facts=[PAID, rule18.Fact("pledge", date(2024, 6, 1), None, "银行质押")])
    assert v.reasons[0].rule == "pledged_without_consent"
    assert "2024-06-01" in v.reasons[0].message and "consent" in v.reasons[0].message
    v = verdict(p=patent(status="lapsed", status_reason="annuity_unpaid"))
    assert v.reasons[0].rule == "valid_on_date" and "annuity_unpaid" in v.reasons[0].message


def test_not_in_the_corpus_blocks_until_a_register_extract_is_recorded() -> None:
    case = rule18.LicenceCase("CN000000000B", AS_OF, None, [PAID], None, GUIDANCE, "")
    assert blocking(rule18.check(case, RULES)) == {"valid_on_date"}
    case.facts.append(rule18.Fact("status_confirmed", date(2025, 5, 1), date(2025, 6, 30)))
    assert rule18.check(case, RULES).allowed


def test_fee_above_guidance_is_a_warning_not_an_error() -> None:
    v = verdict(d=declaration(fee_fixed=2500.0, royalty_sales_pct=25.0, royalty_profit_pct=45.0))
    assert v.allowed
    messages = [w.message for w in v.warnings if w.rule == "fee_guidance"]
    assert len(messages) == 3 and all("UNCONFIRMED" in m for m in messages)
    assert not [w for w in verdict(d=declaration(fee_fixed=2000.0)).warnings if w.rule == "fee_guidance"]


def test_unrecorded_facts_are_warnings() -> None:
    v = verdict(facts=[], p=patent(licence_count=2, pledge_count=1))
    assert v.allowed
    assert {w.rule for w in v.warnings} == {
        "annuities_unpaid",
        "exclusive_or_sole_licence",
        "pledged_without_consent",
    }


def test_the_rule_list_is_configuration() -> None:
    facts = [PAID, rule18.Fact("pledge", date(2024, 6, 1), None)]
    assert not verdict(facts=facts).allowed
    assert verdict(facts=facts, rules=[r for r in RULES if r != "pledged_without_consent"]).allowed


def test_licence_term_past_the_patent_term_is_a_warning() -> None:
    v = verdict(p=patent(term_end=date(2028, 1, 1)), d=declaration())
    assert v.allowed and any("past the patent's term" in w.message for w in v.warnings)
