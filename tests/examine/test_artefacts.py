"""PDF-extraction artefacts of KPPatent are not reported as errors of the applicant; real excess still is.

The texts quoted here were read by hand in ``kppatent_test.jsonl``.
"""

from __future__ import annotations

from ipcenter.examine.models import Application
from ipcenter.examine.rules.abstract import check_abstract
from ipcenter.examine.service import check_application


def _abstract_findings(app: Application) -> list[tuple[str, str]]:
    result = check_application(app)
    abstract = app.abstract or ""
    return [(f.severity, abstract[f.start : f.end]) for f in result.findings if f.rule == "ABS-LENGTH"]


def test_flow_chart_tail_is_a_warning(kppatent: dict[str, Application]) -> None:
    # CN114016617A: the abstract proper ends '…焊接于结构梁顶部的预埋板。'; the flow chart's boxes follow
    # ('将大跨度预应力双T板提升至待固定的结构梁的上侧…'), 545 characters in all
    found = _abstract_findings(kppatent["CN114016617A"])
    assert len(found) == 1
    severity, span = found[0]
    assert severity == "warning"
    assert span.startswith("将大跨度预应力双T板提升至待固定的结构梁的上侧")
    assert kppatent["CN114016617A"].abstract.rstrip().endswith(span)


def test_part_names_tail_is_a_warning(kppatent: dict[str, Application]) -> None:
    # CN113053082A: '…可靠性和准确性。供电装置图像采集分析装置-摄像头固定装置' (the drawing's part names), 307 characters
    assert _abstract_findings(kppatent["CN113053082A"]) == [
        ("warning", "供电装置图像采集分析装置-摄像头固定装置")
    ]


def test_merged_flow_chart_labels_are_a_warning(kppatent: dict[str, Application]) -> None:
    # CN109302428A: two columns merged line by line, the step labels doubled inside sentences ('该确430430认证')
    assert _abstract_findings(kppatent["CN109302428A"]) == [("warning", "410410")]


def test_genuinely_long_abstracts_stay_errors(kppatent: dict[str, Application]) -> None:
    # read by hand: clean abstracts of 316, 304 and 307 characters, each ending with '。'
    for number in ("CN114558762A", "CN112940618A", "CN111197405A"):
        found = _abstract_findings(kppatent[number])
        assert [s for s, _ in found] == ["error"], number
        assert found[0][1] == kppatent[number].abstract


def test_tail_does_not_excuse_a_long_abstract() -> None:
    # 310 characters of sentences, then a 20-character drawing tail: still an error (the sentences exceed 300)
    sentences = "本发明公开了一种装置，结构简单。" * 19 + "使用方便。"  # 16 × 19 + 5 = 309 characters
    text = sentences + "供电装置图像采集分析装置-摄像头固定装置"
    found = list(check_abstract(text))
    assert [(f.rule, f.severity) for f in found] == [("ABS-LENGTH", "error")]
    assert "309" in found[0].message_zh


def test_step_label_after_buzhou_is_not_an_artefact() -> None:
    # '步骤S102' is written on purpose: a 310-character abstract with it stays an error
    text = "本发明在步骤S102中对数据进行处理，结构简单。" + "本发明公开了一种装置，结构简单。" * 18
    assert len(text) > 300
    assert [f.severity for f in check_abstract(text)] == ["error"]


def test_drawing_labels_before_claim_1(kppatent: dict[str, Application]) -> None:
    # CN109313565A: '1.快照创建通知(快照准备触发器)' '2.快照准备处理' '3.快照准备结果' '4.快照处理4a-1.快照创建…4b.快照拒绝'
    # precede the real claim 1 '1.一种方法，包括：…' (glued to the fourth label); the claims run 1..n after it
    result = check_application(kppatent["CN109313565A"])
    assert result.claims[0].text.startswith("1.一种方法，包括：由虚拟网络环境的虚拟管理器实体")
    assert [c.number for c in result.claims] == list(range(1, len(result.claims) + 1))
    numbering = [(f.claim, f.severity) for f in result.findings if f.rule == "CLM-NUMBERING"]
    assert numbering == [(1, "warning")]
    assert "快照创建通知" in result.claims[0].preamble
    assert result.claims[1].depends_on == [1]


def test_numbered_items_with_claim_wording_are_not_labels() -> None:
    # a set whose first items are real (short) claims is left alone even when claim 1 is repeated later
    claims = [
        "1.一种杯子，包括杯体。",
        "2.根据权利要求1所述的杯子，其特征在于，杯体为圆形。",
        "1.一种杯盖，包括盖体。",
    ]
    result = check_application(Application(id="x", claims=claims, lang="zh"))
    assert [c.number for c in result.claims] == [1, 2, 1]
    assert [f.severity for f in result.findings if f.rule == "CLM-NUMBERING"] == ["error"]


def test_flow_chart_head_is_a_warning(kppatent: dict[str, Application]) -> None:
    # CN113055586A: the first flow-chart box ('接收触发信号，…摄像头用于在移动的过程中进') is glued before the abstract's
    # opening '本发明公开了一种视频处理方法及装置', and more boxes ('S102行视频拍摄…') follow its last '。'
    app = kppatent["CN113055586A"]
    assert app.abstract.index("本发明公开了一种视频处理方法及装置") > 0
    found = _abstract_findings(app)
    assert [s for s, _ in found] == ["warning"]
    assert found[0][1].startswith("S102行视频拍摄")


def test_references_into_lost_claims_are_warnings(kppatent: dict[str, Application]) -> None:
    # CN110901400A: the KPPatent claims start inside claim 12 (claims 1-11 were lost by extraction); claims 13-17
    # cite 8 and 1-12. The numbering finding says the input is incomplete; the references point to it.
    result = check_application(kppatent["CN110901400A"])
    assert [(f.claim, f.severity) for f in result.findings if f.rule == "CLM-NUMBERING"] == [
        (None, "warning"),
        (13, "warning"),
    ]
    missing = [(f.claim, f.severity) for f in result.findings if f.rule == "CLM-REF-MISSING"]
    assert missing and all(s == "warning" for _, s in missing)
    assert {c for c, _ in missing} >= {13, 16, 17}


def test_reference_beyond_the_last_claim_stays_an_error() -> None:
    claims = ["1.一种杯子，包括杯体。", "2.根据权利要求5所述的杯子，其特征在于，杯体为圆形。"]
    result = check_application(Application(id="x", claims=claims, lang="zh"))
    assert [(f.rule, f.claim, f.severity) for f in result.findings if f.rule == "CLM-REF-MISSING"] == [
        ("CLM-REF-MISSING", 2, "error")
    ]


def test_use_claim_citing_product_claims_is_independent(kppatent: dict[str, Application]) -> None:
    # CN111194343A claim 12: '权利要求1～9所述的制冷剂组合物作为制冷剂的使用。' — a use claim, another category
    result = check_application(kppatent["CN111194343A"])
    claim = next(c for c in result.claims if c.number == 12)
    assert (claim.number, claim.body[:24]) == (12, "权利要求1～9所述的制冷剂组合物作为制冷剂的使用")
    assert claim.independent and claim.category == "use"
    assert [f.rule for f in result.findings if f.claim == 12 and f.severity == "error"] == []


def test_claims_lost_at_the_start_are_warnings(kppatent: dict[str, Application]) -> None:
    # CN111077804A: the KPPatent claims begin with '9.根据权利要求2所述的装置' (claims 1-8 went into the abstract field)
    result = check_application(kppatent["CN111077804A"])
    assert (result.claims[0].number, result.claims[0].body[:12]) == (9, "根据权利要求2所述的装置")
    numbering = [(f.claim, f.severity) for f in result.findings if f.rule == "CLM-NUMBERING"]
    assert numbering == [(9, "warning")]


def test_unnumbered_first_claim_that_opens_like_a_claim_stays_an_error() -> None:
    claims = ["一种杯子，包括杯体。", "2.根据权利要求1所述的杯子，其特征在于，杯体为圆形。"]
    result = check_application(Application(id="x", claims=claims, lang="zh"))
    assert [(f.claim, f.severity) for f in result.findings if f.rule == "CLM-NUMBERING"] == [(None, "error")]


def test_page_counts_before_the_title_are_not_counted(kppatent: dict[str, Application]) -> None:
    # '权利要求书1页说明书9页附图2页用于制备多晶硅的方法': the title is the last 11 characters
    result = check_application(kppatent["CN109562951A"])
    assert [f for f in result.findings if f.rule == "TITLE-LENGTH"] == []
    # CN113121604A: page counts, the end of the abstract ('…和寿命。…产业化前景。'), then a 28-character title
    app = kppatent["CN113121604A"]
    found = [f for f in check_application(app).findings if f.rule == "TITLE-LENGTH"]
    assert [(f.severity, app.title[f.start : f.end]) for f in found] == [
        ("warning", "一种红色有机电致磷光铂配合物及其在OLED器件上的应用")
    ]


def test_claims_inside_the_abstract_field(kppatent: dict[str, Application]) -> None:
    # CN111432309A: the KPPatent claims hold only claim 14; claims 1-13 are in the abstract field ('…13.根据权利要求1所述')
    app = kppatent["CN111432309A"]
    assert "13.根据权利要求1所述的耳塞式耳机麦克风模块" in app.abstract
    assert [s for s, _ in _abstract_findings(app)] == ["warning"]


def test_label_only_last_sentence(kppatent: dict[str, Application]) -> None:
    # CN112878500A ends '…凝固后表面更加光滑、美观。SteplStep2Step3Step4。' (the drawing's step labels, 314 in all)
    assert _abstract_findings(kppatent["CN112878500A"]) == [("warning", "SteplStep2Step3Step4。")]


def test_periods_made_by_extraction_are_warnings(kppatent: dict[str, Application]) -> None:
    # CN113955813A claim 6: '过渡金属氧化物包含Li。M.O₂,a≥0;b>0' — the formula LiₐMᵦO₂ with its subscripts read as '。' and '.'
    result = check_application(kppatent["CN113955813A"])
    found = [(f.claim, f.severity) for f in result.findings if f.rule == "CLM-PERIOD-INSIDE"]
    assert found == [(6, "warning")]
    # CN112982054A claim 5: '…不少于混合料80%。通过加大集料间的摩擦力，…' — a real second sentence: an error
    result = check_application(kppatent["CN112982054A"])
    assert (5, "error") in [(f.claim, f.severity) for f in result.findings if f.rule == "CLM-PERIOD-INSIDE"]
