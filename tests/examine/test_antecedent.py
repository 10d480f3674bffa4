"""Antecedent basis of '所述X' on real claim sets (the first-round labelled sample, now development data:
benchmarks/examine_eval/labels.txt): what is reported, what a reader accepts, and what the warning shows."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipcenter.examine.models import Application, CheckResult, Finding
from ipcenter.examine.service import check_application
from ipcenter.examine.sources import xml_applications


@pytest.fixture(scope="module")
def cn_xml(data_dir: Path) -> dict[str, Application]:
    return {a.id: a for a in xml_applications(data_dir / "cn-patent-xml-samples")}


def _antecedents(result: CheckResult) -> dict[int | None, list[Finding]]:
    out: dict[int | None, list[Finding]] = {}
    for f in result.findings:
        if f.rule == "CLM-ANTECEDENT":
            out.setdefault(f.claim, []).append(f)
    return out


def test_introduced_only_in_a_claim_not_cited(kppatent: dict[str, Application]) -> None:
    # CN109477715A claim 23 (cites 19): '所述载体控制信号' is introduced in claim 22; the warning says so
    found = _antecedents(check_application(kppatent["CN109477715A"]))
    message = found[23][0].message_zh
    assert "所述载体控制信号" in message and "见于权利要求22" in message and "权利要求18、19" in message


def test_a_verb_after_a_term_is_no_new_term(kppatent: dict[str, Application]) -> None:
    # '所述载体改变所述搭载物的姿态' (claims 1, 10), '所述搭载物提供的用户界面' (3, 12): 载体 and 搭载物 are introduced
    found = _antecedents(check_application(kppatent["CN109477715A"]))
    assert not {1, 3, 10, 12} & set(found)
    # '所述风机停止运行' (CN112387027A claim 14), '所述第一配体脱离…' (CN110885673A claim 1)
    assert 14 not in _antecedents(check_application(kppatent["CN112387027A"]))
    assert 1 not in _antecedents(check_application(kppatent["CN110885673A"]))


def test_attribute_of_an_introduced_step_or_thing(
    kppatent: dict[str, Application], cn_xml: dict[str, Application]
) -> None:
    # '步骤(2)中所述的干燥温度' after the drying step, '所述溶液浓度', '所述蜗杆轴心线'
    assert 10 not in _antecedents(check_application(kppatent["CN111375438A"]))
    assert not {2, 3, 9} & set(_antecedents(check_application(kppatent["CN113990668A"])))
    assert 3 not in _antecedents(check_application(cn_xml["CN87102734A"]))


def test_the_claims_own_subject(kppatent: dict[str, Application]) -> None:
    # '所述双钙钛矿材料' in claim 1 of '一系列三维非铅铟铋混合双钙钛矿黄光材料'
    assert 1 not in _antecedents(check_application(kppatent["CN111253940A"]))


def test_a_term_near_an_earlier_one_names_it(kppatent: dict[str, Application]) -> None:
    # '所述弹性件' where only 弹性补充件/弹性补偿腔 are introduced; '所述目标维修记录' for '目标历史维护记录'
    found = _antecedents(check_application(kppatent["CN111335844A"]))
    assert "所述弹性件" in found[1][0].message_zh and "最接近的在先记载" in found[1][0].message_zh
    found = _antecedents(check_application(kppatent["CN110650025A"]))
    assert {4, 7, 15} <= set(found) and "目标历史维护记录" in found[4][0].message_zh


def test_missing_along_one_chain_of_a_multiple_dependency(kppatent: dict[str, Application]) -> None:
    # CN113759866A claim 13 → 11 → 6 → 1: 故障标识位 is in claim 3, which 6 cites only as an alternative
    found = _antecedents(check_application(kppatent["CN113759866A"]))
    assert "11 → 6 → 1" in found[13][0].message_zh
    # CN109425167A claim 6 → 5 → 1-4: 报警信息 is introduced in claim 2 only
    assert 6 in _antecedents(check_application(kppatent["CN109425167A"]))


def test_a_claim_read_on_the_claims_its_cited_claim_depends_on(kppatent: dict[str, Application]) -> None:
    # CN111448810A claim 23 '根据权利要求22所述的方法，当从属于权利要求17至19中的任一项时': read with 22 on 17-19,
    # where 第二区域 (claim 22) and 蜂窝通信网络 (claim 17) are introduced
    assert 23 not in _antecedents(check_application(kppatent["CN111448810A"]))


def test_a_verb_and_its_object_after_a_term(kppatent: dict[str, Application]) -> None:
    # '所述收膏套远离进缆部的一端' (CN109188627A claim 7): 收膏套 and 进缆部 are introduced, 远离 relates them; 套
    # of 收膏套 is no measure word introducing '远离进缆部'
    assert 7 not in _antecedents(check_application(kppatent["CN109188627A"]))
    # '所述载体控制信号' stays reported: 控制信号 is introduced as a phrase of its own in claim 22
    assert 23 in _antecedents(check_application(kppatent["CN109477715A"]))


def test_the_parts_of_what_the_claim_is_about(kppatent: dict[str, Application]) -> None:
    # '将所述各组分混合在一起' in the method of making the cleaner of claims 1-3 (CN111349524A claim 7)
    assert 7 not in _antecedents(check_application(kppatent["CN111349524A"]))


def test_ordinals_and_what_ends_a_term(kppatent: dict[str, Application]) -> None:
    # '所述第一对粘合剂条' after '第一对横向间隔开的粘合剂条' (CN112204837A claim 8): the ordinal keeps its measure word
    # and noun, not '所述第一'
    assert 8 not in _antecedents(check_application(kppatent["CN112204837A"]))
    # '所述第一和第二方向' reads as 第一方向 (CN111164954A claim 10, both directions introduced in claim 1)
    found = _antecedents(check_application(kppatent["CN111164954A"]))
    assert not any("所述第一”" in f.message_zh for f in found.get(10, []))
    # '所述温湿度传感器当…' ends at 当: the term shown is the sensor, introduced in claim 1, which claim 9 does not cite
    found = _antecedents(check_application(kppatent["CN112556035A"]))
    assert any("“所述温湿度传感器”" in f.message_zh and "见于权利要求1" in f.message_zh for f in found[9])


def test_a_relative_clause_about_a_term(kppatent: dict[str, Application]) -> None:
    # '与所述服务器通信的影像设备' (CN111183252A claim 10): the server is introduced, 通信的 closes a clause about it
    found = _antecedents(check_application(kppatent["CN111183252A"]))
    assert not any("服务器通信" in f.message_zh for f in found.get(10, []))
