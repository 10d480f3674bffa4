"""Dependency read from the reference that opens a claim, however the drafter goes on; independent claims of
another category citing earlier claims; the rules that depend on it. Real KPPatent claim sets, read by hand
(benchmarks/examine_eval/labels.txt has the full labels of these sets)."""

from __future__ import annotations

from ipcenter.examine.models import Application, CheckResult
from ipcenter.examine.service import check_application


def _deps(result: CheckResult) -> dict[int | None, object]:
    return {c.number: "I" if c.independent else c.depends_on for c in result.claims}


def _at(result: CheckResult, rule: str) -> list[int | None]:
    return sorted({f.claim for f in result.findings if f.rule == rule}, key=lambda n: n or 0)


def test_opening_with_a_subject_that_starts_with_yizhong(kppatent: dict[str, Application]) -> None:
    # '根据权利要求1所述的一种用于桌面云服务平台的管理方法': dependent (it was read as independent before)
    result = check_application(kppatent["CN112822062A"])
    assert _deps(result) == {1: "I", 2: [1], 3: [2], 4: [1], 5: [1], 6: [1], 7: [1], 8: [1]}


def test_self_reference_written_with_yizhong_is_found(kppatent: dict[str, Application]) -> None:
    # CN114262959A claims 4 and 8: '根据权利要求4所述的一种亚麻混纺用梳棉机' in claim 4, the same in claim 8
    result = check_application(kppatent["CN114262959A"])
    assert _at(result, "CLM-REF-FORWARD") == [4, 8]


def test_dependency_is_the_opening_reference_only(kppatent: dict[str, Application]) -> None:
    # CN113121604A claim 9: '根据权利要求8所述的有机电致发光器件，…所述发光层包含权利要求1～7任一项所述的铂配合物'
    result = check_application(kppatent["CN113121604A"])
    claim = next(c for c in result.claims if c.number == 9)
    assert claim.depends_on == [8] and claim.cited == [1, 2, 3, 4, 5, 6, 7, 8]
    assert 9 not in _at(result, "CLM-MULTI-ON-MULTI")


def test_claims_of_another_category_citing_earlier_claims(kppatent: dict[str, Application]) -> None:
    # '5.如权利要求1-4所述用于调控CO₂加氢…的催化剂的制备方法': a method citing the product claims
    deps = _deps(check_application(kppatent["CN111215080A"]))
    assert deps[5] == "I" and deps[6] == [5] and deps[10] == [5]
    # '3.一种…磁芯的制备方法，其特征在于：采用如权利要求1-2任一项所述的…磁芯材料…'
    result = check_application(kppatent["CN113943153A"])
    claim = next(c for c in result.claims if c.number == 3)
    assert claim.independent and claim.cited == [1, 2] and _deps(result)[4] == [3]
    # '8.一种包括权利要求1至7任一项所述的制备方法得到的高光泽纸张': a product made by the method
    assert _deps(check_application(kppatent["CN107663809A"]))[8] == "I"
    # '9.使用如权利要求1-8中的任意一项所述方法制备得到的半固化片制备层压覆铜板的方法'
    assert _deps(check_application(kppatent["CN113896916A"]))[9] == "I"


def test_multiple_dependency_rules_on_yizhong_openings(kppatent: dict[str, Application]) -> None:
    # CN112760036A: '根据权利要求1-3任一项所述的涂层' (3 cites 1或2), then 1-4, and 6-8 / 6-9 for the method claims
    assert _at(check_application(kppatent["CN112760036A"]), "CLM-MULTI-ON-MULTI") == [4, 5, 9, 10]


def test_interleaved_independent_claims_are_not_reported(kppatent: dict[str, Application]) -> None:
    # CN111253940A: claim 2 is a use claim (independent), claim 3 depends on claim 1 — allowed (Art. 24(3) only
    # asks an independent claim to come before its own dependent claims)
    assert _at(check_application(kppatent["CN111253940A"]), "CLM-INDEPENDENT-ORDER") == []


def test_antecedents_as_drafted(kppatent: dict[str, Application]) -> None:
    # '所述中间产物' (no step makes one), '所述弹性件' (introduced as 弹性补充件), '所述包覆层' (claim 1: 复合层)
    assert 3 in _at(check_application(kppatent["CN113943153A"]), "CLM-ANTECEDENT")
    assert 1 in _at(check_application(kppatent["CN111335844A"]), "CLM-ANTECEDENT")
    assert 2 in _at(check_application(kppatent["CN110661110A"]), "CLM-ANTECEDENT")


def test_antecedent_missing_in_one_alternative(kppatent: dict[str, Application]) -> None:
    # CN113759866A claim 4 '根据权利要求1-3任一所述的方法，…所述故障编号…': 故障编号 is introduced in claim 2 only
    result = check_application(kppatent["CN113759866A"])
    found = [f for f in result.findings if f.rule == "CLM-ANTECEDENT" and f.claim == 4]
    assert found and "引用权利要求1" in found[0].message_zh


def test_antecedent_of_a_long_chemical_name_or_a_list(kppatent: dict[str, Application]) -> None:
    # CN107663809A introduces 聚乙烯醇 (claim 4): '所述聚乙烯醇缩丁醛树脂' is another compound; a list after 所述
    # whose first item is nowhere before is reported too
    app = kppatent["CN107663809A"]
    claims = list(app.claims)  # (number, text) pairs from the record
    last_number, last_text = claims[-1]
    for addition in ("，所述聚乙烯醇缩丁醛树脂的用量为5份", "，所述棘轮、齿轮和链条均为钢制"):
        seeded = [*claims[:-1], (last_number, last_text.rstrip("。") + addition + "。")]
        result = check_application(Application(id="x", claims=seeded, lang="zh"))
        assert last_number in _at(result, "CLM-ANTECEDENT"), addition


def test_vague_terms_as_drafted(kppatent: dict[str, Application]) -> None:
    cases = {
        "CN111088560A": 5,  # '所述热稳定处理的温度优选为180～300℃'
        "CN113980274A": 2,  # '包括但不限于向列相液晶'
        "CN111448810A": 2,  # '到网页等的链接'
    }
    for number, claim in cases.items():
        assert claim in _at(check_application(kppatent[number]), "CLM-VAGUE-TERM"), number


def test_reference_typos_as_drafted(kppatent: dict[str, Application]) -> None:
    assert 9 in _at(check_application(kppatent["CN111101881A"]), "CLM-REF-TYPO")  # '根据权利权利1'
    assert 15 in _at(check_application(kppatent["CN113759866A"]), "CLM-REF-TYPO")  # '根据权利要求14述的'
    result = check_application(kppatent["CN109137486A"])  # '权利2要求2所述，化学镀溶液…'
    assert 3 in _at(result, "CLM-REF-TYPO") and _deps(result)[3] == [2]


def test_drawing_of_the_description_cited_in_a_claim(kppatent: dict[str, Application]) -> None:
    # '其具有与说明书附图图1基本上相同的XRPD图谱'
    assert _at(check_application(kppatent["CN109384768A"]), "CLM-FIGURE-REF") == [2, 7, 12]


def test_reference_going_on_after_renyixiang(kppatent: dict[str, Application]) -> None:
    # CN109131822A claim 15: '如权利要求3至6任一项、或9或10所述的无人机' cites 9 and 10 as well (read as 3-6 before,
    # its subject as '、或9或10')
    result = check_application(kppatent["CN109131822A"])
    assert _deps(result)[15] == [3, 4, 5, 6, 9, 10] and _deps(result)[11] == [3, 4, 5, 6, 9, 10]
    assert next(c for c in result.claims if c.number == 15).subject == "无人机"


def test_method_combined_with_a_method_claim(kppatent: dict[str, Application]) -> None:
    # CN112277516A: '6.根据权利要求1或2所述的一种咬扣柔性装饰片的制作方法，结合权利要求5,…' depends on the
    # method of claim 5 (not an independent method citing the products 1, 2); claim 5 itself is independent
    deps = _deps(check_application(kppatent["CN112277516A"]))
    assert deps[5] == "I" and deps[6] == [5] and deps[8] == [5, 6] and deps[9] == [5] and deps[7] == "I"


def test_when_dependent_on(kppatent: dict[str, Application]) -> None:
    # CN111448810A claim 23: '根据权利要求22所述的方法，当从属于权利要求17至19中的任一项时，…'
    assert _deps(check_application(kppatent["CN111448810A"]))[23] == [17, 18, 19, 22]
    # CN110036149A claim 14: '根据从属于权利要求6时的权利要求7所述的衣物处理设备' (subject read as '时的权利要求7')
    result = check_application(kppatent["CN110036149A"])
    claim = next(c for c in result.claims if c.number == 14)
    assert claim.depends_on == [6, 7] and claim.subject == "衣物处理设备"
    assert 14 not in _at(result, "CLM-SUBJECT-MISMATCH")


def test_subject_names_another_thing(kppatent: dict[str, Application]) -> None:
    # the same head noun with other words ('钻孔设备' under '建筑设备'), a longer name ('无人机的机架组件' under
    # '无人机'), another head ('重油加氢处理催化剂' under '…催化剂载体'); names shortened before their head, or
    # a product-and-method name, are not reported
    assert 12 in _at(check_application(kppatent["CN112400045A"]), "CLM-SUBJECT-MISMATCH")
    assert 10 in _at(check_application(kppatent["CN109131822A"]), "CLM-SUBJECT-MISMATCH")
    assert 14 in _at(check_application(kppatent["CN111375438A"]), "CLM-SUBJECT-MISMATCH")
    for number in ("CN111253940A", "CN113943956A", "CN110922574A", "CN111215080A"):
        assert _at(check_application(kppatent[number]), "CLM-SUBJECT-MISMATCH") == [], number


def test_vague_wording_read_in_context(kppatent: dict[str, Application]) -> None:
    # a unit before 左右 ('0.4米左右长'); 等 closing a list after 高 ('沉降不均匀及基础成本高等问题'); 等 as 'wait
    # until' is not 'etc.' ('，等地面干透后用滚筒涂刷焊接剂')
    assert 2 in _at(check_application(kppatent["CN114108673A"]), "CLM-VAGUE-TERM")
    assert 1 in _at(check_application(kppatent["CN110835923A"]), "CLM-VAGUE-TERM")
    assert 1 not in _at(check_application(kppatent["CN110820504A"]), "CLM-VAGUE-TERM")


def test_a_claim_written_on_the_wrong_claim(kppatent: dict[str, Application]) -> None:
    # CN111099602A: claims 5-7 '根据权利要求1所述含铁复合孔分子筛的制备方法，其特征在于，所述陈化条件为…' limit the
    # method of claim 4 (its steps are where 陈化 is introduced) but cite the sieve of claim 1: dependent claims
    # on the wrong claim, not independent methods citing the product; the warning names claim 4
    result = check_application(kppatent["CN111099602A"])
    deps = _deps(result)
    assert deps[4] == "I" and all(deps[n] == [1] for n in (5, 6, 7))
    found = {f.claim: f for f in result.findings if f.rule == "CLM-SUBJECT-MISMATCH"}
    assert {5, 6, 7} <= set(found) and "是否应引用权利要求4" in found[5].message_zh
    # a method with steps of its own citing the product stays independent (CN112277516A claims 10-12: a device for
    # the method of claim 5/6/7, introducing its parts)
    assert all(_deps(check_application(kppatent["CN112277516A"]))[n] == "I" for n in (10, 11, 12))


def test_a_product_named_after_the_method_it_limits(kppatent: dict[str, Application]) -> None:
    # CN110943206A claims 6-8 '根据权利要求5所述的正极活性材料，其特征在于，所述干燥的方法为…' under the method of
    # claim 5: the method limited under the product's name (a product made by it would say 制得/制备的)
    result = check_application(kppatent["CN110943206A"])
    assert all(_deps(result)[n] == [5] for n in (6, 7, 8))
    found = {f.claim: f for f in result.findings if f.rule == "CLM-SUBJECT-MISMATCH"}
    assert {6, 7, 8} <= set(found) and "是否应引用" not in found[6].message_zh
    # CN114196273A claim 9 '根据权利要求8所述的黑色涂层' under the method '一种基于权利要求1-7…所述的黑色涂层的
    # 制备方法': the coating of claims 1-7 up the method's citations is not the subject claim 9 limits
    assert 9 in _at(check_application(kppatent["CN114196273A"]), "CLM-SUBJECT-MISMATCH")
    # a product made by the cited method keeps its own name (CN112744872A claim 10 '…所述的制备方法制备的…正极材料')
    assert _deps(check_application(kppatent["CN112744872A"]))[10] == "I"


def test_a_dependent_claim_without_a_subject_name(kppatent: dict[str, Application]) -> None:
    # '按照权利要求1所述，其特征在于：…' (CN111217687A claim 7), '权利要求2所述，电刷镀溶液组成为…' (CN109137486A claim 4)
    for number, claim in (("CN111217687A", 7), ("CN109137486A", 4)):
        found = [
            f
            for f in check_application(kppatent[number]).findings
            if f.rule == "CLM-SUBJECT-MISMATCH" and f.claim == claim
        ]
        assert found and "未写明主题名称" in found[0].message_zh, number


def test_another_thing_holding_or_applying_the_cited_one(kppatent: dict[str, Application]) -> None:
    # '包含权利要求7或8所述的…催化材料的电解水装置或者电极' (CN111346658A claim 9) and '应用权利要求6～9任一项所述纱管
    # 全自动标识器的细纱机' (CN114016167A claim 10): independent claims of another subject citing the claims
    assert _deps(check_application(kppatent["CN111346658A"]))[9] == "I"
    assert _deps(check_application(kppatent["CN114016167A"]))[10] == "I"
    # '…的制备过程' is a method: the product-named claims 4-6 under it limit its steps (CN114134645A)
    result = check_application(kppatent["CN114134645A"])
    assert {4, 5, 6} <= set(_at(result, "CLM-SUBJECT-MISMATCH"))
    assert next(c for c in result.claims if c.number == 3).category == "method"
