"""Tests for ipcenter.core.regions. Expected divisions were read off the addresses by hand."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from lxml import etree

from ipcenter.core.regions import (
    COUNTRY_NAMES_ZH,
    PROVINCE_CODES,
    UNKNOWN_DIVISION,
    Division,
    country_from_text,
    division_by_code,
    find_divisions,
    resolve_address,
    similar_division_names,
)


def _d(address: str | None, hint: str | None = None) -> tuple[str | None, str | None, str | None, str | None]:
    r = resolve_address(address, hint)
    return (r.country, r.province, r.city, r.district)


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("410083湖南省长沙市岳麓区麓山南路932号", ("CN", "湖南省", "长沙市", "岳麓区")),
        ("长沙市雨花区韶山中路", ("CN", "湖南省", "长沙市", "雨花区")),  # no province
        ("湘西土家族苗族自治州吉首市人民北路", ("CN", "湖南省", "湘西土家族苗族自治州", "吉首市")),
        ("北京市海淀区中关村大街", ("CN", "北京市", "北京市", "海淀区")),
        ("天津市南开区卫津路", ("CN", "天津市", "天津市", "南开区")),
        ("重庆市江北区红土地", ("CN", "重庆市", "重庆市", "江北区")),
        ("上海市浦东新区张江路", ("CN", "上海市", "上海市", "浦东新区")),
        ("湖南省", ("CN", "湖南省", None, None)),
        ("湖南", ("CN", "湖南省", None, None)),
        ("中国", ("CN", None, None, None)),
        ("香港九龙", ("HK", "香港特别行政区", None, None)),
        ("中国香港", ("HK", "香港特别行政区", None, None)),
        ("澳门", ("MO", "澳门特别行政区", None, None)),
        ("台湾省台北市", ("TW", "台湾省", None, None)),
        ("中国台湾新竹市", ("TW", "台湾省", None, None)),
        ("美国加利福尼亚州", ("US", None, None, None)),
        ("日本东京都千代田区", ("JP", None, None, None)),
        ("韩国首尔", ("KR", None, None, None)),
        ("德国慕尼黑", ("DE", None, None, None)),
        ("英国伦敦", ("GB", None, None, None)),
        ("法国巴黎", ("FR", None, None, None)),
        ("瑞士巴塞尔", ("CH", None, None, None)),
        ("荷兰埃因霍温", ("NL", None, None, None)),
        ("ＵＳ", (None, None, None, None)),  # an address is not a code; only the hint may be one
    ],
)
def test_addresses(address: str, expected: tuple[str | None, ...]) -> None:
    assert _d(address) == expected


def test_codes_and_flags() -> None:
    r = resolve_address("410083湖南省长沙市岳麓区麓山南路932号")
    assert r.code == "430104" and r.province_code == "43" and r.is_mainland and not r.is_unknown
    hk = resolve_address("香港九龙")
    assert hk.code == "810000" and not hk.is_mainland
    assert not resolve_address("美国纽约").is_mainland
    assert resolve_address("湖南省").code == "430000"


@pytest.mark.parametrize("address", [None, "", "   ", "xyz", "待定", "科技园", "何兰", "英属", "123456"])
def test_unknown_is_explicit(address: str | None) -> None:
    r = resolve_address(address)
    assert r == UNKNOWN_DIVISION and r.country is None and r.is_unknown


@pytest.mark.parametrize(
    ("address", "hint", "expected"),
    [
        (None, "河南(41)", ("CN", "河南省", None, None)),
        (None, "湖南(43)", ("CN", "湖南省", None, None)),
        (None, "河南（41）", ("CN", "河南省", None, None)),  # full-width brackets
        (None, "美国(US)", ("US", None, None, None)),
        (None, "日本(JP)", ("JP", None, None, None)),
        (None, "US", ("US", None, None, None)),
        (None, "us", ("US", None, None, None)),
        (None, "台湾(71)", ("TW", "台湾省", None, None)),
        (None, "香港(HK)", ("HK", "香港特别行政区", None, None)),
        (None, "湖南", ("CN", "湖南省", None, None)),
        (None, "瑞士", ("CH", None, None, None)),
        (
            "450000河南省郑州市金水区",
            "河南(41)",
            ("CN", "河南省", "郑州市", "金水区"),
        ),  # agree: address detail
        ("长沙市岳麓区", "河南(41)", ("CN", "河南省", None, None)),  # disagree: the hint wins
        ("瑞典哥德堡", "美国(US)", ("US", None, None, None)),
        ("无法识别的地址", "湖南(43)", ("CN", "湖南省", None, None)),
    ],
)
def test_hints(address: str | None, hint: str, expected: tuple[str | None, ...]) -> None:
    assert _d(address, hint) == expected


@pytest.mark.parametrize("hint", ["(99)", "火星(XX9)", "??", "未知"])
def test_bad_hints_are_unknown(hint: str) -> None:
    assert resolve_address(None, hint) == UNKNOWN_DIVISION


def test_tables() -> None:
    assert PROVINCE_CODES["43"] == "湖南省" and PROVINCE_CODES["41"] == "河南省"
    assert len(PROVINCE_CODES) == 34
    assert "CN" not in COUNTRY_NAMES_ZH.values()
    assert COUNTRY_NAMES_ZH["台湾"] == "TW" and COUNTRY_NAMES_ZH["美国"] == "US"
    assert country_from_text("410083湖南省") is None
    assert country_from_text("中国") == "CN"
    assert country_from_text(None) is None


def test_division_fields_keep_signature() -> None:
    d = Division("CN", "湖南省", "长沙市", "岳麓区", "430104")
    assert (d.country, d.province, d.city, d.district, d.code) == (
        "CN",
        "湖南省",
        "长沙市",
        "岳麓区",
        "430104",
    )


# --------------------------------------------------------------------------------- real addresses


def test_real_xml_addresses(data_dir: Path) -> None:
    found: set[str] = set()
    for path in (data_dir / "cn-patent-xml-samples").glob("*.xml"):
        for el in etree.parse(str(path)).iter("{*}address-1", "address-1"):
            if el.text:
                found.add(el.text.strip())
    expected = {
        "200092上海市四平路1239号": ("CN", "上海市", "上海市", None),
        "400023重庆市江北区红土地红地苑B栋4－2号": ("CN", "重庆市", "重庆市", "江北区"),
        "362400福建省泉州市安溪县凤城镇中山街166－702": ("CN", "福建省", "泉州市", "安溪县"),
        "115003辽宁省营口市站前区爱国里005－41号": ("CN", "辽宁省", "营口市", "站前区"),
        "112002辽宁省铁岭市银州区汇工街72号": ("CN", "辽宁省", "铁岭市", "银州区"),
        "321300 浙江省永康市五金科技工业园华夏路95号": ("CN", "浙江省", "金华市", "永康市"),
        "830091新疆维吾尔自治区乌鲁木齐市南昌南路291号": ("CN", "新疆维吾尔自治区", "乌鲁木齐市", None),
        "山东省济南市文化路107号": ("CN", "山东省", "济南市", None),
        "山西省繁峙县繁峙中学": ("CN", "山西省", "忻州市", "繁峙县"),
        "贵州省贵阳市四方河安装公司": ("CN", "贵州省", "贵阳市", None),
        "瑞典哥德堡": ("SE", None, None, None),
        "日本东京": ("JP", None, None, None),
    }
    assert not set(expected) - found
    for address, exp in expected.items():
        assert _d(address) == exp, address


def test_real_biblio_addresses_and_codes(data_dir: Path) -> None:
    records = json.loads((data_dir / "cn-biblio-full-sample" / "patentsemantix_10_records.json").read_text())
    for rec in records:
        assert rec["国省代码"] == "河南(41)"
        r = resolve_address(rec["申请人地址"], rec["国省代码"])
        # every address is in 郑州市郑东新区 (a development zone, not an administrative district)
        assert (r.country, r.province, r.city) == ("CN", "河南省", "郑州市"), rec["申请人地址"]
        assert r.code is not None and r.code.startswith("4101")
        assert _d(None, rec["国省代码"]) == ("CN", "河南省", None, None)


def test_real_cnki_region_column(data_dir: Path) -> None:
    path = data_dir / "cnki-patent-citations-biomedical" / "cnki_citations_parsed.tsv"
    with path.open(encoding="utf-8", newline="") as fh:
        regions = {row["region"] for row in csv.DictReader(fh, delimiter="\t")}
    expected = {
        "湖南": ("CN", "湖南省"),
        "上海": ("CN", "上海市"),
        "北京": ("CN", "北京市"),
        "广东": ("CN", "广东省"),
        "新疆": ("CN", "新疆维吾尔自治区"),
        "内蒙古": ("CN", "内蒙古自治区"),
        "深圳市": ("CN", "广东省"),
        "中国": ("CN", None),
        "美国": ("US", None),
        "瑞士": ("CH", None),
        "德国": ("DE", None),
        "日本": ("JP", None),
        "英国": ("GB", None),
        "瑞典": ("SE", None),
        "韩国": ("KR", None),
        "法国": ("FR", None),
        "荷兰": ("NL", None),
        "以色列": ("IL", None),
        "俄罗斯联邦": ("RU", None),
        "百慕大群岛": ("BM", None),
        "开曼群岛": ("KY", None),
        "香港": ("HK", "香港特别行政区"),
        "中国香港": ("HK", "香港特别行政区"),
        "台湾": ("TW", "台湾省"),
        "中国台湾": ("TW", "台湾省"),
        "澳门": ("MO", "澳门特别行政区"),
        "待定": (None, None),
        "何兰": (None, None),  # a typo in the data: left unknown, not guessed
    }
    assert not set(expected) - regions
    for region, (country, province) in expected.items():
        r = resolve_address(region)
        assert (r.country, r.province) == (country, province), region
    # every value is handled without an exception, and the mainland ones never become foreign
    for region in regions:
        resolve_address(region)


def test_fast_cpca_lookup_equals_cpca_transform(data_dir) -> None:
    """The per-address fast path gives what cpca.transform gives, on every real CN address we have."""
    import json
    import re

    import cpca

    from ipcenter.core.regions import _cpca_lookup

    addresses = {
        r["申请人地址"]
        for r in json.loads(
            (data_dir / "cn-biblio-full-sample/patentsemantix_10_records.json").read_text("utf-8")
        )
    }
    for path in (data_dir / "cn-patent-xml-samples").glob("*.xml"):
        addresses.update(re.findall(r"<address-1>(.*?)</address-1>", path.read_text(encoding="utf-8")))
    addresses.update(
        ["长沙市雨花区", "湖南省", "湘西州吉首市", "浏阳市集里街道", "台湾省台北市", "澳门", "朝阳区建国路"]
    )
    frame = cpca.transform(sorted(addresses))
    for address, (_, row) in zip(sorted(addresses), frame.iterrows(), strict=True):
        expected = {k: (None if isinstance(row[k], float) else row[k]) for k in ("省", "市", "区", "adcode")}
        assert _cpca_lookup(address) == expected, address


# --------------------------------------------------------------------------------- names of divisions


@pytest.mark.parametrize(
    ("name", "code"),
    [
        # as the statistics bureau publishes them (full names) and as the market-regulation tables write them
        ("张家界市", "430800"),
        ("张家界", "430800"),
        ("湘西土家族苗族自治州", "433100"),
        ("湘西州", "433100"),
        ("湘西", "433100"),
        ("湖南省", "430000"),
        ("湖南", "430000"),
        ("长沙", "430100"),
        ("长沙市", "430100"),
        ("岳麓区", "430104"),
        ("开福区", "430105"),
        ("城步苗族自治县", "430529"),
        ("城步县", "430529"),
        ("红河哈尼族彝族自治州", "532500"),
        ("红河州", "532500"),
        ("伊犁州", "654000"),  # 伊犁哈萨克自治州: the people's name without 族
        ("内蒙古", "150000"),
        ("广西", "450000"),
        ("北京", "110000"),
        # with their parents
        ("湖南省长沙市", "430100"),
        ("长沙岳麓区", "430104"),
        ("湖南省长沙市岳麓区", "430104"),
        ("南京市鼓楼区", "320106"),
        # a name several levels share: the higher level when it is alone there
        ("吉林", "220000"),
        ("朝阳", "211300"),
        ("恩施", "422800"),
        (" 长 沙 ", "430100"),
    ],
)
def test_find_divisions_by_name(name: str, code: str) -> None:
    (found,) = find_divisions(name)
    assert found.code == code and found.country == "CN"


def test_find_divisions_exact_ambiguous_and_narrowed() -> None:
    assert find_divisions("湖南省XYZ") == []  # nothing may be left over (an address parser would say 湖南省)
    assert find_divisions("火星") == [] and find_divisions("") == []
    assert find_divisions("香港") == []  # mainland divisions only
    assert find_divisions("全省") == []
    gulou = find_divisions("鼓楼区")
    assert [d.code for d in gulou] == ["320106", "320302", "350102", "410204"]
    (nanjing,) = find_divisions("鼓楼区", inside=["3201"])
    assert (
        nanjing.full_name == "江苏省南京市鼓楼区" and nanjing.level == "district" and nanjing.name == "鼓楼区"
    )
    (city,) = find_divisions("吉林", level="city")
    assert city.code == "220200"


def test_division_by_code_and_similar_names() -> None:
    d = division_by_code("4308")
    assert (d.province, d.city, d.district, d.level, d.name) == (
        "湖南省",
        "张家界市",
        None,
        "city",
        "张家界市",
    )
    assert division_by_code("43").name == "湖南省" and division_by_code("43").level == "province"
    assert division_by_code("110105").city == "北京市"  # a municipality's districts: city = the municipality
    assert division_by_code("999999") == UNKNOWN_DIVISION
    assert similar_division_names("湖南省XYZ")[0] == "湖南省"
    assert "湖南省" in similar_division_names("湖难省")
    assert similar_division_names("火星") == []
