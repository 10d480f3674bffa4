"""Tests for ipcenter.core.applicant_types. Expected types were decided by reading the names (real names from
../shared/data), not by running the classifier."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from lxml import etree

from ipcenter.core.applicant_types import (
    APPLICANT_TYPES,
    ENTERPRISE,
    GOVERNMENT,
    INDIVIDUAL,
    LABELS_EN,
    LABELS_ZH,
    NAME_RULES,
    RESEARCH_INSTITUTE,
    SERVICE_TYPES,
    UNIVERSITY,
    applicant_type_from_hint,
    classify_applicant,
    is_service,
)

U, R, E, G, P = UNIVERSITY, RESEARCH_INSTITUTE, ENTERPRISE, GOVERNMENT, INDIVIDUAL


def test_labels() -> None:
    assert LABELS_ZH == {U: "大专院校", R: "科研单位", E: "工矿企业", G: "机关团体", P: "个人"}
    assert set(LABELS_EN) == set(APPLICANT_TYPES)
    assert set(SERVICE_TYPES) == {U, R, E, G}
    assert is_service(U) is True and is_service(P) is False and is_service(None) is None


def test_rules_table_rows_have_comments() -> None:
    assert len(NAME_RULES) >= 8
    for rule in NAME_RULES:
        assert rule.type in APPLICANT_TYPES
        assert rule.comment


@pytest.mark.parametrize(
    ("hint", "expected"),
    [
        ("大专院校", U),
        ("高校", U),
        ("院校", U),
        ("科研单位", R),
        ("科研机构", R),
        ("研究所", R),
        ("企业", E),
        ("工矿企业", E),
        ("机关团体", G),
        ("机关", G),
        ("个人", P),
        ("University", U),
        ("Research Institute", R),
        ("Enterprise", E),
        ("company", E),
        ("Government", G),
        ("Individual", P),
        (" 个人 ", P),
        ("ＥＮＴＥＲＰＲＩＳＥ", E),
    ],
)
def test_type_hint_synonyms(hint: str, expected: str) -> None:
    assert applicant_type_from_hint(hint) == expected
    # the hint wins over the name
    assert classify_applicant("同济大学", hint) == expected


@pytest.mark.parametrize("hint", [None, "", "其他", "unknown", "混合"])
def test_unknown_hint_falls_back_to_name(hint: str | None) -> None:
    assert applicant_type_from_hint(hint) is None
    assert classify_applicant("同济大学", hint) == U
    assert classify_applicant(None, hint) is None


CHINESE_CASES = [
    ("同济大学", U),
    ("中南大学", U),
    ("湖南工程学院", U),
    ("长沙民政职业技术学院", U),
    ("山西省繁峙县繁峙中学", U),
    ("中国科学院大学", U),
    ("中国科学院长沙农业现代化研究所", R),
    ("中国农业科学院", R),  # 科学院 contains 学院 but is a research body
    ("新疆农业科学院农业机械化研究所", R),
    ("上海市政工程设计研究总院", R),
    ("中科大数据研究院", R),
    ("国防科技大学前沿交叉学科研究中心", U),  # 大学 decides
    ("湖南省农业科学院作物研究所", R),
    ("电力传动国家重点实验室", R),
    ("中国化工株洲橡胶研究设计院有限公司", E),  # company suffix wins
    ("中车株洲电力机车研究所有限公司", E),
    ("三一重工股份有限公司", E),
    ("湖南江滨集团", E),
    ("中铁十一局五公司", E),
    ("三菱电机株式会社", E),
    ("SCA卫生产品股份公司", E),
    ("铁岭铁光仪器仪表有限责任公司", E),
    ("铁道部株洲电力机车厂", E),
    ("山东医科大学附属医院", G),
    ("中南大学湘雅医院", G),
    ("长沙市市场监督管理局", G),
    ("湖南省人民政府", G),
    ("中国人民解放军63983部队", G),
    ("中国汽车工程学会", G),
    ("长沙市知识产权保护中心", G),
    ("国家电网公司华中分部", E),
    # personal names
    ("林清矫", P),
    ("范永彪", P),
    ("柴丕谟", P),
    ("欧子文", P),
    ("钟世云", P),
    ("刘迪", P),
    ("欧阳修平", P),  # compound surname
    ("司马光", P),
    ("阿不都热依木·卡德尔", P),  # minority name with ·
    ("R.W.乔尔甘塔斯三世", None),  # transliterated with Latin initials: not decided
    ("三一重工", None),  # no company suffix but not a personal name either
    ("华为技术", None),
    ("", None),
    ("   ", None),
]


@pytest.mark.parametrize(("name", "expected"), CHINESE_CASES)
def test_chinese_names(name: str, expected: str | None) -> None:
    assert classify_applicant(name) == expected


LATIN_CASES = [
    ("TONGJI UNIVERSITY", U),
    ("UNIV TONGJI", U),
    ("Jiangsu University", U),
    ("XIJING UNIV", U),
    ("UNIV COLORADO STATE RES FOUND", U),
    ("Research and Business Foundation, Korea University", U),
    ("SHANGHAI GENERAL MUNICIPAL ENGINEERING DESIGN & RESEARCH INSTITUTE", R),
    ("XINJIANG AGRICULTURAL SCIENCE ACADEMY, AGRICULTURAL MECHANIZATION RESEARCH INSTITUTE", R),
    ("INST TEKHN KIB I ROBOTIKA PRI", R),
    ("Agency for Science, Technology and Research", R),
    ("NEC Laboratories America, Inc.", E),  # Laboratories but Inc.
    ("Artann Laboratories, Inc.", E),
    ("Jiangsu Xugong Engineering Machinery Research Institute Co., Ltd.", E),
    ("MITSUBISHI ELECTRIC CORP.", E),
    ("SCA HYGIENE PRODUCTS AB", E),
    ("TIELING TIEGUANG INSTR LTD LIA", E),
    ("CHONGQING DAHUA CONCRETE ADDITIVE TECHNOLOGY DEVELOPMENT CO., LTD.", E),
    ("Soremartec S.A.", E),
    ("Canon Kabushiki Kaisha", E),
    ("Bayer Aktiengesellschaft", E),
    ("Andreas Stihl AG & Co. KG", E),
    ("Wolverine World Wide, Inc.", E),
    ("Hewlett-Packard Development Company, L.P.", E),
    ("ZTE Corporation", E),
    ("PARROT SA", E),
    ("SANYO KIKI KK", E),
    ("AQUIMO LLC", E),
    ("HOSPITAL ATTACHED TO SHANDONG MEDICAL UNIV.", G),
    ("United States of America as represented by the Secretary of the Navy", G),
    # personal names
    ("Mario Scavino", P),
    ("Clifford M. Ellingson", P),
    ("Arthur H. McElroy, II", P),
    ("Anna-Liisa Lönn", P),
    ("Kevin Lee", P),
    ("MARKOWETZ FRANZ", P),
    ("LIN QINGJIAO", P),
    ("KYLE NORMAN A", P),
    ("SMITH, JOHN", P),
    ("Doe, Jane A.", P),
    # unknown rather than guessed
    ("PARROT", None),
    ("AEROSPATIALE", None),
    ("Gree Electric Appliances", None),
    ("Zhejiang NHU", None),
    ("INNOVATIVE AMERICAN TECHNOLOGY", None),
]


@pytest.mark.parametrize(("name", "expected"), LATIN_CASES)
def test_latin_names(name: str, expected: str | None) -> None:
    assert classify_applicant(name) == expected


# ------------------------------------------------------------------------- names read from the real files


def _xml_applicants(data_dir: Path) -> set[str]:
    names: set[str] = set()
    for path in (data_dir / "cn-patent-xml-samples").glob("*.xml"):
        tree = etree.parse(str(path))
        for el in tree.iter("{*}orgname", "orgname", "{*}name", "name"):
            if el.text and el.text.strip():
                names.add(el.text.strip())
    return names


def test_real_xml_applicants(data_dir: Path) -> None:
    names = _xml_applicants(data_dir)
    expected = {
        "同济大学": U,
        "TONGJI UNIVERSITY": U,
        "上海市政工程设计研究总院": R,
        "新疆农业科学院农业机械化研究所": R,
        "重庆达华砼外加剂科技发展有限公司": E,
        "永康市豪迈工具有限公司": E,
        "YONGKANG HAOMAI TOOLS CO., LTD.": E,
        "三菱电机株式会社": E,
        "MITSUBISHI ELECTRIC CORP": E,
        "SCA HYGIENE PROD AB": E,
        "山东医科大学附属医院": G,
        "林清矫": P,
        "范永彪": P,
        "FAN YONGBIAO": P,
        "YONGBIAO FAN": P,
        "QINGJIAO LIN": P,
        "CAI PEIMO": P,
        "OU ZIWEN": P,
    }
    missing = set(expected) - names
    assert not missing, f"sample names not in the data: {missing}"
    wrong = {n: (classify_applicant(n), t) for n, t in expected.items() if classify_applicant(n) != t}
    assert not wrong


def test_real_biblio_sample_type_column(data_dir: Path) -> None:
    records = json.loads((data_dir / "cn-biblio-full-sample" / "patentsemantix_10_records.json").read_text())
    for rec in records:
        assert rec["申请人"] == "中科大数据研究院" and rec["申请人类型"] == "科研机构"  # read from the file
        assert classify_applicant(rec["申请人"], rec["申请人类型"]) == R
        assert classify_applicant(rec["申请人"]) == R  # name alone agrees


def test_real_uspto_assignees_and_parties(data_dir: Path) -> None:
    assignees: set[str] = set()
    parties: set[str] = set()
    with (data_dir / "uspto-xml-samples" / "grants.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            assignees.update(a["name"] for a in rec["assignees"])
            parties.update(p["name"] for p in rec["parties"])
    expected_assignees = {
        "Soremartec S.A.": E,
        "Wolverine World Wide, Inc.": E,
        "Societe des Produits Nestle S.A.": E,
        "GSM (Operations) Pty Ltd": E,
        "Speedo International Limited": E,
        "NEC Laboratories America, Inc.": E,
        "Agency for Science, Technology and Research": R,
        "Research and Business Foundation, Korea University": U,
        "Kabushiki Kaisha Toshiba": E,
        "Honda Giken Kogyo Kabushiki Kaisha": E,
        "Dr. Ing. h.c. F. Porsche Aktiengesellschaft": E,
        "Koninklijke Philips Electronics N.V.": E,
        "Kevin Lee": P,
    }
    expected_parties = {
        "Mario Scavino": P,
        "Gregg Duffy": P,
        "Eva Anderson": P,
        "Clifford M. Ellingson": P,
        "Jerome A. Turner": P,
        "Barbara A. Butts-Cornish": P,
        "Arthur H. McElroy, II": P,
        "Anna-Liisa Lönn": P,
    }
    assert not set(expected_assignees) - assignees
    assert not set(expected_parties) - parties
    for name, t in {**expected_assignees, **expected_parties}.items():
        assert classify_applicant(name) == t, name


def test_real_lens_applicants(data_dir: Path) -> None:
    path = data_dir / "wipo-manual-analytics" / "drones_lens_fulltext_families_5884.csv"
    names: set[str] = set()
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            names.update(a.strip() for a in row["Applicants"].split(";;") if a.strip())
    expected = {
        "MARKOWETZ FRANZ": P,
        "KYLE NORMAN A": P,
        "RHOADS GEOFFREY B": P,
        "HANSCOM ERIC ALAN": P,
        "PARROT SA": E,
        "THALES SA": E,
        "NORTHROP CORP": E,
        "MH SOLAR CO LTD": E,
        "SKYCOMP INC": E,
        "HALLIBURTON ENERGY SERVICES INC": E,
        "SCHLUMBERGER TECHNOLOGY CORP": E,
        "KYOWA HAKKO KOGYO KK": E,
        "XIJING UNIV": U,
        "UNIV COLORADO STATE RES FOUND": U,
        "INST TEKHN KIB I ROBOTIKA PRI": R,
        "AEROSPATIALE": None,
    }
    assert not set(expected) - names
    for name, t in expected.items():
        assert classify_applicant(name) == t, name


def test_real_award_patentees(data_dir: Path) -> None:
    path = data_dir / "china-patent-award" / "china_patent_award_records.tsv"
    with path.open(encoding="utf-8", newline="") as fh:
        names = {row["patentee"] for row in csv.DictReader(fh, delimiter="\t")}
    expected = {
        "三一重工股份有限公司": E,
        "中联重科股份有限公司": E,
        "中国化工株洲橡胶研究设计院有限公司": E,
        "中车株洲电力机车研究所有限公司": E,
        "中铁十一局五公司": E,
        "湖南江滨集团": E,
        "Jiangsu University": U,
        "ZTE Corporation": E,
        "Jiangsu Xugong Engineering Machinery Research Institute Co., Ltd.": E,
        "Frontier Biomedical (Nanjing) Co., Ltd.": E,
        "Spreadtrum Communications, Inc.": E,
    }
    assert not set(expected) - names
    for name, t in expected.items():
        assert classify_applicant(name) == t, name
