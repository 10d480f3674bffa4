"""Known real defects in the shared data are found, at the right claim and place; clean sets stay clean."""

from __future__ import annotations

from ipcenter.examine.models import Application
from ipcenter.examine.service import check_application


def _rules(result, rule: str) -> list[tuple[int | None, str]]:
    out = []
    for f in result.findings:
        if f.rule == rule:
            text = result.claims[f.claim_index].text if f.part == "claims" else ""
            out.append((f.claim, text[f.start : f.end]))
    return out


def test_claims_citing_themselves(kppatent: dict[str, Application]) -> None:
    # CN113982540A claims 3, 5, 6 and 7 read '根据权利要求N所述' with N their own number
    result = check_application(kppatent["CN113982540A"])
    assert _rules(result, "CLM-REF-FORWARD") == [
        (3, "权利要求3"),
        (5, "权利要求5"),
        (6, "权利要求6"),
        (7, "权利要求7"),
    ]
    assert all(
        f.basis == "专利法实施细则第二十五条第二款" for f in result.findings if f.rule == "CLM-REF-FORWARD"
    )


def test_reference_typos(kppatent: dict[str, Application]) -> None:
    # '根据权利要82所述' (CN110832885A claims 84-87) and '如权力要求1所述' (CN110685156A)
    typos = _rules(check_application(kppatent["CN110832885A"]), "CLM-REF-TYPO")
    assert (84, "权利要") in typos and (86, "权利要") in typos
    assert ("权力要求") in [t for _, t in _rules(check_application(kppatent["CN110685156A"]), "CLM-REF-TYPO")]
    # the missing 权 of '如利要求9至10任一项' (CN113132524A claim 13)
    assert (13, "利要求") in _rules(check_application(kppatent["CN113132524A"]), "CLM-REF-TYPO")


def test_figure_references(kppatent: dict[str, Application]) -> None:
    found = _rules(check_application(kppatent["CN111606816A"]), "CLM-FIGURE-REF")
    assert (5, "如图3所示") in found and (6, "如图4所示") in found


def test_cumulative_multiple_dependency(kppatent: dict[str, Application]) -> None:
    result = check_application(kppatent["CN111377041A"])  # '3.根据权利要求1和2所述的…'
    found = [f for f in result.findings if f.rule == "CLM-MULTI-NOT-ALTERNATIVE"]
    assert [(f.claim, f.severity) for f in found] == [(3, "error")]


def test_multiple_on_multiple(kppatent: dict[str, Application]) -> None:
    # CN111511578A claim 11 '根据权利要求8至10中任一项': 8 and 10 are themselves multiple-dependent
    result = check_application(kppatent["CN111511578A"])
    claims = {c.number: c for c in result.claims}
    assert claims[11].multiple_dependent
    flagged = {f.claim for f in result.findings if f.rule == "CLM-MULTI-ON-MULTI"}
    assert 11 in flagged
    assert all(claims[n].multiple_dependent for n in flagged)


def test_clean_claim_set_has_no_error(kppatent: dict[str, Application]) -> None:
    # CN113914863A: 10 well-formed claims, one alternative reference ('权利要求2或3')
    result = check_application(kppatent["CN113914863A"])
    assert [c.number for c in result.claims] == list(range(1, 11))
    assert result.claims[3].references[0].kind == "alternative"
    assert result.claims[3].depends_on == [2, 3]
    assert [f for f in result.findings if f.part == "claims" and f.severity == "error"] == []


def test_us_self_reference(uspto: dict[str, Application]) -> None:
    # US6982689B2 claim 3: '… drive apparatus according to claim 3'
    result = check_application(uspto["US6982689B2"])
    assert [(f.claim, f.rule) for f in result.findings if f.severity == "error"] == [(3, "CLM-REF-FORWARD")]
    assert result.findings[0].basis.startswith("35 U.S.C. 112(d)")


def test_bare_sign_in_a_set_without_parentheses(kppatent: dict[str, Application]) -> None:
    # CN110956013A claim 5 '隔离单元连接第一连接器140,': the set puts no sign in parentheses (US drafting)
    assert (5, "140") in _rules(check_application(kppatent["CN110956013A"]), "CLM-REF-SIGN")
