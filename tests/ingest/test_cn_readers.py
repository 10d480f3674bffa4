"""Chinese-format readers: LexisNexis CN XML, the 61-column export (JSON/CSV/XLSX), KPPatent-ZH, CNKI, title+IPC.

Expected values were read by eye in the data files (see the comments), not produced by the readers.
"""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest

from ipcenter.corpus.models import PatentRecord
from ipcenter.ingest.readers import ALL_READERS
from ipcenter.ingest.readers.base import Reader, ReadItem, UnreadableFile
from ipcenter.ingest.readers.cn_export import (
    CnExportCsvReader,
    CnExportJsonReader,
    CnExportXlsxReader,
)
from ipcenter.ingest.readers.cn_xml import CnXmlReader
from ipcenter.ingest.readers.cnki import CnkiCitationTextReader, CnkiParsedTsvReader
from ipcenter.ingest.readers.kppatent import (
    NO_NUMBER_ABSTRACT_ONLY,
    NO_NUMBER_NO_HEADER,
    KpPatentInstructionReader,
    KpPatentJsonlReader,
)
from ipcenter.ingest.readers.title_ipc import TitleIpcReader

XML = "cn-patent-xml-samples"
EXPORT = "cn-biblio-full-sample/patentsemantix_10_records.json"


def read_all(reader: Reader, path: Path) -> list[ReadItem]:
    return list(reader.read(path))


def records(items: list[ReadItem]) -> list[PatentRecord]:
    return [i.record for i in items if i.record is not None]


def errors(items: list[ReadItem]) -> list[str]:
    return [i.error for i in items if i.error is not None]


def sniffed_by(path: Path) -> str | None:
    head = path.read_bytes()[:65536]
    for reader in ALL_READERS:
        if reader.sniff(path, head):
            return reader.name
    return None


# --------------------------------------------------------------------------- every real file


@pytest.mark.parametrize(
    ("relpath", "reader_name", "n_records", "n_errors", "reason"),
    [
        (EXPORT, "cn-export-json", 10, 0, None),
        ("kppatent-zh/kppatent_test.jsonl", "kppatent-jsonl", 569, 28, NO_NUMBER_NO_HEADER),
        ("kppatent-zh/test_data_TAC.json", "kppatent-instruction", 569, 28, NO_NUMBER_NO_HEADER),
        ("kppatent-zh/data_A.json", "kppatent-instruction", 0, 3024, NO_NUMBER_ABSTRACT_ONLY),
        ("cnki-patent-citations-biomedical/cnki_citations_parsed.tsv", "cnki-citations-tsv", 12829, 0, None),
        ("cn-ipc-title-benchmark/cn_title_ipc_subclass_folds1-4.tsv", "cn-title-ipc", 7798, 0, None),
        ("cn-ipc-title-benchmark/oof_predictions.csv", "cn-title-ipc", 7798, 0, None),
    ],
)
def test_real_file_counts(data_dir, relpath, reader_name, n_records, n_errors, reason):
    path = data_dir / relpath
    assert sniffed_by(path) == reader_name
    reader = next(r for r in ALL_READERS if r.name == reader_name)
    items = read_all(reader, path)
    assert len(records(items)) == n_records
    errs = errors(items)
    assert len(errs) == n_errors
    assert all(e == reason for e in errs)


def test_every_cn_xml_file_reads(data_dir):
    files = sorted((data_dir / XML).glob("*.xml"))
    assert len(files) == 13
    for path in files:
        assert sniffed_by(path) == "cn-xml-lexisnexis", path.name
        items = read_all(CnXmlReader(), path)
        assert errors(items) == [], path.name
        (record,) = records(items)
        assert record.publication_number == path.stem  # files are named by their publication number
        assert record.title and record.abstract and record.claims and record.description


def test_every_cnki_raw_file_reads_with_broken_lines_rejoined(data_dir):
    files = sorted((data_dir / "cnki-patent-citations-biomedical/raw").glob("*/*.txt"))
    assert len(files) == 28
    total = 0
    multi_line = 0
    for path in files:
        assert sniffed_by(path) == "cnki-citation-text", path.name
        items = read_all(CnkiCitationTextReader(), path)
        assert errors(items) == [], path.name
        total += len(items)
        multi_line += sum(1 for i in items if i.position.startswith("lines "))
    # 12,829 single-line citations (the parsed TSV) + the citations the TSV skipped: 42 raw lines broken
    # across lines = 20 citation starts + 22 continuation lines.
    assert multi_line == 20
    assert total == 12829 + 20


# --------------------------------------------------------------------------- CN XML fields


def xml_record(data_dir: Path, name: str) -> PatentRecord:
    (record,) = records(read_all(CnXmlReader(), data_dir / XML / f"{name}.xml"))
    return record


def test_cn_xml_invention_application(data_dir):
    r = xml_record(data_dir, "CN101314556A")
    assert r.title == "萘系减水剂合成中残留萘的回收方法"
    assert r.title_en == "Naphthalene water reducer remains the recovery method of naphthalene synthesizes,"
    # doc-number 200710078517 without check character; 2*2+7*5+1*6+7*9+8*2+5*3+1*4+7*5 = 178 ≡ 2 (mod 11)
    assert r.application_number == "200710078517.2"
    assert r.filing_date == date(2007, 5, 28)
    assert r.publication_date == date(2008, 12, 3)
    assert r.kind == "A" and r.patent_type == "invention"
    assert r.grant_date is None  # an A document
    assert r.lapse_date == date(2011, 4, 20)  # C02 deemed withdrawal
    assert r.ipc[0] == "C07C15/24"  # AFI: advanced level, first position
    assert set(r.ipc) == {"C07C15/24", "C04B24/00", "C07C7/04"}
    assert r.priorities == []  # the only priority claim is the application itself
    (applicant,) = r.applicants
    assert applicant.name == "重庆达华砼外加剂科技发展有限公司"
    assert applicant.address == "400023重庆市江北区红土地红地苑B栋4－2号"
    assert applicant.province == "重庆市"
    assert r.inventors == ["蒋德双"]
    assert r.agents == ["陆志强"]
    assert r.extra["agency"] == "重庆市恒信知识产权代理有限公司"
    (claim,) = r.claims
    # '<br />' is a printed line wrap: '步\n骤' must read '步骤'
    assert claim.number == 1
    assert claim.text.startswith("一种萘系减水剂合成中残留萘的回收方法，其特征在于回收方法及步骤如下：")
    assert "釜内的温度为160℃--165℃；" in claim.text
    assert [(e.date, e.code) for e in r.legal_events] == [
        (date(2008, 12, 3), "C06"),
        (date(2009, 1, 28), "C10"),
        (date(2011, 4, 20), "C02"),
    ]
    assert r.legal_events[2].description.startswith("DEEMED WITHDRAWAL")
    assert r.abstract.startswith("萘系减水剂合成中残留萘的回收方法涉及水泥混凝土使用的萘系减水剂。")


def test_cn_xml_utility_model_claims_and_grant(data_dir):
    r = xml_record(data_dir, "CN201693419U")
    assert r.application_number == "200920276079.5"
    assert r.patent_type == "utility_model"
    assert r.grant_date == date(2011, 1, 5)  # C14 GRANTED
    assert r.applicants[0].province == "浙江省"
    assert [c.number for c in r.claims] == list(range(1, 10))
    assert r.claims[0].text.startswith(
        "一种墙壁打磨机的手柄，其特征在于包括至少两根呈纵向设置的第一、第二杆件(1、2)"
    )
    assert r.claims[0].depends_on == []
    assert r.claims[2].text.startswith("如权利要求2所述墙壁打磨机的手柄")
    assert r.claims[2].depends_on == [2]
    assert r.description.splitlines()[0] == "技术领域："
    assert (
        "本实用新型涉及一种对墙壁表面进行打磨清洁的墙壁打磨机，特别是一种墙壁打磨机的手柄。" in r.description
    )


def test_cn_xml_1985_utility_model_without_check_digit(data_dir):
    r = xml_record(data_dir, "CN85202237U")
    assert r.publication_number == "CN85202237U"
    assert r.application_number == "85202237"  # 1985-1988 numbers had no check digit
    assert r.filing_date == date(1985, 6, 12)
    assert r.grant_date == date(1987, 5, 13)  # C14
    assert r.lapse_date == date(1990, 2, 21)  # C17 EXPIRY
    assert r.ipc == ["B62M9/04", "B62M25/04"]
    assert r.applicants[0].name == "柴丕谟" and r.applicants[0].province == "山西省"
    assert [c.depends_on for c in r.claims] == [[], [1], [1]]


def test_cn_xml_foreign_applicant_priority_and_family(data_dir):
    r = xml_record(data_dir, "CN101096965A")
    assert r.applicants[0].name == "三菱电机株式会社"
    assert r.applicants[0].country == "JP"
    assert len(r.inventors) == 6 and r.inventors[0] == "新井俊胜"
    assert [(p.country, p.number, p.date) for p in r.priorities] == [("JP", "2006175532", date(2006, 6, 26))]
    assert r.family_id == "110776220"
    assert "JP2008002441A" in r.family_members
    assert r.agents == ["何腾云"]


def test_cn_xml_pct_national_phase(data_dir):
    r = xml_record(data_dir, "CN101223695A")
    assert r.application_number.startswith("200580051058.")  # type digit 8: PCT invention
    assert r.patent_type == "invention"
    assert r.extra["pct_publication_number"] == "WO2007006329"
    assert r.extra["ecla"] == "A47K 10/36;H03K 17/94L1"


def test_cn_xml_truncated_is_an_error_item(tmp_path, data_dir):
    data = (data_dir / XML / "CN101314556A.xml").read_bytes()
    path = tmp_path / "CN101314556A.xml"
    path.write_bytes(data[: len(data) // 2])
    items = read_all(CnXmlReader(), path)
    assert len(items) == 1 and items[0].record is None
    assert "not well-formed" in items[0].error


def test_cn_xml_wrong_check_character_is_quarantined(tmp_path, data_dir):
    text = (data_dir / XML / "CN101314556A.xml").read_text(encoding="utf-8-sig")
    assert "<doc-number>200710078517</doc-number>" in text
    path = tmp_path / "bad.xml"
    path.write_text(
        text.replace("<doc-number>200710078517</doc-number>", "<doc-number>200710078517.3</doc-number>", 1)
    )
    (item,) = read_all(CnXmlReader(), path)
    assert item.record is None
    assert "check character is 3 but the digits give 2" in item.error
    # the correct check character is accepted
    path.write_text(
        text.replace("<doc-number>200710078517</doc-number>", "<doc-number>200710078517.2</doc-number>", 1)
    )
    (item,) = read_all(CnXmlReader(), path)
    assert item.record is not None and item.record.application_number == "200710078517.2"


def test_cn_xml_does_not_resolve_external_entities(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET")
    path = tmp_path / "x.xml"
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e SYSTEM "file://{secret}">]>'
        "<lexisnexis-patent-document><bibliographic-data><publication-reference><document-id>"
        "<country>CN</country><doc-number>101314556</doc-number><kind>A</kind></document-id>"
        "</publication-reference><invention-title lang='chi'>&e;</invention-title>"
        "</bibliographic-data></lexisnexis-patent-document>"
    )
    items = read_all(CnXmlReader(), path)
    assert all("SECRET" not in (i.record.title or "") for i in items if i.record)


# --------------------------------------------------------------------------- export rows


def export_rows(data_dir: Path) -> list[dict[str, object]]:
    return json.loads((data_dir / EXPORT).read_text(encoding="utf-8"))


def test_export_json_fields(data_dir):
    recs = records(read_all(CnExportJsonReader(), data_dir / EXPORT))
    by_number = {r.publication_number: r for r in recs}
    assert [r.publication_number for r in recs] == [
        "CN218751475U",
        "CN216774847U",
        "CN217546176U",
        "CN218824140U",
        "CN216160555U",
        "CN215590999U",
        "CN215361852U",
        "CN116245100A",
        "CN116595400A",
        "CN115883397B",  # 公开号 CN115883397A, 授权公告号 CN115883397B: keyed by the grant
    ]
    assert [r.patent_type for r in recs] == ["utility_model"] * 7 + ["invention"] * 3

    um = by_number["CN218751475U"]
    assert um.application_number == "202223220665.2"
    assert um.filing_date == date(2022, 12, 2)
    assert um.publication_date == date(2023, 3, 28)
    assert um.grant_date == date(2023, 3, 28)
    assert um.legal_status_raw == "有权-审定授权"
    assert um.title == "一种无人机机载多功能盒"
    assert um.ipc == ["B64U20/80", "B64U101/30"]
    assert um.inventors == ["刘迪", "刘敏", "王煜伟", "付艳波", "王元卓"]
    assert um.agents == ["袁艳丽"]
    assert um.extra["专利代理机构"] == "郑州明华专利代理事务所（普通合伙）"
    assert um.claims[0].number == 1
    assert um.claims[0].text.startswith("一种无人机机载多功能盒，其特征在于，包括内盒（1），外盒（2）")
    (applicant,) = um.applicants
    assert applicant.name == "中科大数据研究院"
    assert applicant.address == "450000河南省郑州市郑东新区中道东路6号创意岛大厦8层"
    assert applicant.province == "河南省"
    assert [p.name for p in um.patentees] == ["中科大数据研究院"]
    assert um.transfer_count == 0 and um.licence_count == 0 and um.pledge_count == 0
    assert um.lapse_date is None  # 失效日期 0

    pending = by_number["CN116245100A"]
    assert pending.legal_status_raw == "审中-实质审查"
    assert pending.grant_date is None  # 授权公告日 0, and an A document is never a grant
    assert pending.publication_date == date(2023, 6, 9)
    assert pending.extra["实质审查日"] == "20230627"

    granted = by_number["CN115883397B"]
    assert granted.kind == "B"
    assert granted.application_number == "202211359874.7"
    assert granted.grant_date == date(2024, 4, 5)
    assert granted.publication_date == date(2024, 4, 5)
    assert granted.filing_date == date(2022, 11, 2)
    assert granted.extra["公开号"] == "CN115883397A"
    assert granted.extra["公开日"] == "2023-03-31"
    assert "CN115883397A" in granted.family_members
    assert granted.legal_status_raw == "有权-审定授权"
    assert granted.extra["审查员"] == "邓雪彬"
    (npl,) = granted.citations
    assert npl.kind == "npl" and npl.text.startswith("仇韫琦等.面向知识库问答的问句语义解析研究综述")


def _write_csv(path: Path, rows: list[dict[str, object]], encoding: str, delimiter: str = ",") -> None:
    with open(path, "w", encoding=encoding, newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), delimiter=delimiter)
        writer.writeheader()
        for row in rows:
            writer.writerow(row)


def _write_xlsx(path: Path, rows: list[dict[str, object]]) -> None:
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("专利")
    ws.append(["专利检索结果导出"])  # a title row before the header, as exports often have
    ws.append(list(rows[0]))
    for row in rows:
        ws.append(list(row.values()))
    wb.save(path)


def _hashes(items: list[ReadItem]) -> list[str]:
    assert errors(items) == []
    return [r.content_hash() for r in records(items)]


def test_export_containers_give_the_same_records(tmp_path, data_dir):
    rows = export_rows(data_dir)
    expected = _hashes(read_all(CnExportJsonReader(), data_dir / EXPORT))
    assert len(expected) == 10

    cases: list[tuple[Path, Reader]] = []
    for encoding in ("utf-8", "utf-8-sig", "gb18030"):
        path = tmp_path / f"export-{encoding}.csv"
        _write_csv(path, rows, encoding)
        cases.append((path, CnExportCsvReader()))
    tsv = tmp_path / "export.tsv"
    _write_csv(tsv, rows, "gb18030", delimiter="\t")
    cases.append((tsv, CnExportCsvReader()))
    xlsx = tmp_path / "export.xlsx"
    _write_xlsx(xlsx, rows)
    cases.append((xlsx, CnExportXlsxReader()))
    jsonl = tmp_path / "export.jsonl"
    jsonl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    cases.append((jsonl, CnExportJsonReader()))

    for path, reader in cases:
        assert sniffed_by(path) == reader.name, path.name
        assert _hashes(read_all(reader, path)) == expected, path.name


def test_export_gb18030_stray_byte_spoils_one_row_only(tmp_path, data_dir):
    rows = export_rows(data_dir)
    path = tmp_path / "gbk.csv"
    _write_csv(path, rows, "gb18030")
    data = path.read_bytes()
    title = "无人机巡检系统".encode("gb18030")  # row 3's title
    at = data.index(title) + 4
    path.write_bytes(data[:at] + b"\xff" + data[at:])
    items = read_all(CnExportCsvReader(), path)
    assert len(records(items)) == 9
    (bad,) = [i for i in items if i.error]
    assert bad.position == "line 4"  # header is line 1
    assert "not valid gb18030" in bad.error
    assert "CN217546176U" not in {r.publication_number for r in records(items)}
    # the other rows are decoded correctly (not as a single-byte codec)
    assert records(items)[0].title == "一种无人机机载多功能盒"


def test_export_invalid_application_number(tmp_path, data_dir):
    rows = export_rows(data_dir)
    rows[0]["申请号"] = "CN202223220665.3"  # check character changed: the digits give 2
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    items = read_all(CnExportJsonReader(), path)
    assert len(records(items)) == 9
    (err,) = errors(items)
    assert "申请号" in err and "check character is 3 but the digits give 2" in err
    assert items[0].error == err and items[0].position.startswith("row 1")


def test_export_absurdly_long_title_missing_key_and_duplicates(tmp_path, data_dir):
    rows = export_rows(data_dir)
    long_title = dict(rows[1], 专利名称="一种" + "无人机" * 20000)
    no_number = dict(rows[2], 公开号="", 授权公告号="")
    path = tmp_path / "rows.csv"
    _write_csv(path, [*rows, long_title, no_number, rows[0]], "utf-8")
    items = read_all(CnExportCsvReader(), path)
    assert len(items) == 13
    assert "'专利名称' has 60002 characters" in items[10].error
    assert "no 公开号 and no 授权公告号" in items[11].error
    assert items[12].record is not None and items[12].record.publication_number == "CN218751475U"
    assert len(records(items)) == 11  # the duplicate of row 1 is yielded; the service deduplicates


def test_export_unknown_columns_go_to_extra(tmp_path, data_dir):
    rows = [dict(r, 自定义标签="重点专利") for r in export_rows(data_dir)[:2]]
    path = tmp_path / "x.json"
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    recs = records(read_all(CnExportJsonReader(), path))
    assert [r.extra["自定义标签"] for r in recs] == ["重点专利", "重点专利"]


# --------------------------------------------------------------------------- unreadable files


READERS_AND_SUFFIXES = [
    (CnXmlReader(), ".xml"),
    (CnExportJsonReader(), ".json"),
    (CnExportCsvReader(), ".csv"),
    (CnExportXlsxReader(), ".xlsx"),
    (KpPatentJsonlReader(), ".jsonl"),
    (KpPatentInstructionReader(), ".json"),
    (CnkiCitationTextReader(), ".txt"),
    (CnkiParsedTsvReader(), ".tsv"),
    (TitleIpcReader(), ".tsv"),
]


@pytest.mark.parametrize(("reader", "suffix"), READERS_AND_SUFFIXES, ids=lambda x: getattr(x, "name", x))
def test_empty_and_binary_files_are_unreadable(tmp_path, reader, suffix):
    empty = tmp_path / f"empty{suffix}"
    empty.write_bytes(b"")
    with pytest.raises(UnreadableFile):
        read_all(reader, empty)
    binary = tmp_path / f"binary{suffix}"
    binary.write_bytes(bytes(range(256)) * 64)
    with pytest.raises(UnreadableFile):
        read_all(reader, binary)
    assert not reader.sniff(binary, binary.read_bytes())


# --------------------------------------------------------------------------- KPPatent-ZH


def test_kppatent_jsonl_and_instruction_file_agree(data_dir):
    jsonl = records(read_all(KpPatentJsonlReader(), data_dir / "kppatent-zh/kppatent_test.jsonl"))
    tac = records(read_all(KpPatentInstructionReader(), data_dir / "kppatent-zh/test_data_TAC.json"))
    assert {r.publication_number: r.content_hash() for r in jsonl} == {
        r.publication_number: r.content_hash() for r in tac
    }
    r = next(x for x in tac if x.publication_number == "CN114232276A")
    assert r.title == "一种衣物处理装置的预约控制方法及衣物处理装置"
    assert r.extra["keyphrases"] == "起床;长;睡觉;睡眠;预约;时;休息"
    assert len(r.claims) == 9
    # '9.一种衣物处理装置，其特征在于，采用如权利要求1至8任一项所述的控制方法进行控制。' (page header cut off)
    assert (
        r.claims[8].text == "一种衣物处理装置，其特征在于，采用如权利要求1至8任一项所述的控制方法进行控制。"
    )
    assert r.claims[8].depends_on == [1, 2, 3, 4, 5, 6, 7, 8]
    assert r.kind == "A" and r.patent_type == "invention"


def test_kppatent_claims_stop_at_the_page_header(data_dir):
    # item idx 536: the claims section goes on with description text after 'CN109131822A说明书1/5页'
    tac = records(read_all(KpPatentInstructionReader(), data_dir / "kppatent-zh/test_data_TAC.json"))
    r = next(x for x in tac if x.publication_number == "CN109131822A")
    assert r.claims[-1].number == 15
    assert r.claims[-1].text.endswith("所述第一电路板和/或第二电路板上设有若干与所述定位柱对应的定位孔。")


# --------------------------------------------------------------------------- CNKI


def test_cnki_broken_citation_is_rejoined(data_dir):
    raw_dir = data_dir / "cnki-patent-citations-biomedical/raw"
    found = None
    for path in sorted(raw_dir.glob("*/*.txt")):
        for item in CnkiCitationTextReader().read(path):
            if item.record and item.record.publication_number == "CN1175247":
                found = item
    assert found is not None and found.position.startswith("lines ")
    r = found.record
    # [377]托德·K·琼斯,… (three lines) … 罗伯特·L·戴维斯. 类固醇受体调节剂化合物及方法[P]. 美国：CN1175247,1998-03-04.
    assert r.title == "类固醇受体调节剂化合物及方法"
    assert r.inventors[0] == "托德·K·琼斯" and r.inventors[-1] == "罗伯特·L·戴维斯"
    assert len(r.inventors) == 11
    assert r.kind is None and r.country == "CN"
    assert r.publication_date == date(1998, 3, 4)
    assert r.extra["region"] == "美国"


def test_cnki_tsv_and_raw_agree(data_dir):
    base = data_dir / "cnki-patent-citations-biomedical"
    tsv = records(read_all(CnkiParsedTsvReader(), base / "cnki_citations_parsed.tsv"))
    first = tsv[0]
    assert first.publication_number == "CN108472367A"
    assert first.title == "作为对IL23拮抗剂的临床应答的预测因子的CCL20"
    assert first.extra["region"] == "美国" and first.publication_date == date(2018, 8, 31)
    raw = records(
        read_all(
            CnkiCitationTextReader(), base / "raw/breast_cancer_and_biomarker/CNKI-636757698033548750.txt"
        )
    )
    assert raw[0].content_hash() == first.content_hash()


def test_cnki_gb18030_crlf_file(tmp_path):
    text = (
        "[1]陶永光,毛超,王敏,刘双. 长链非编码RNA LINC00559作为生物标志物在制备肺腺癌预后检测制剂中的应用[P]. "
        "湖南：CN108192973A,2018-06-22.\r\n\r\n"
        "[2]托德·K·琼斯,马克·E·戈尔德曼,\r\n詹姆斯·P·爱德华兹. 类固醇受体调节剂化合物及方法[P]. 美国：CN1175247,1998-03-04.\r\n"
    )
    path = tmp_path / "cnki.txt"
    path.write_bytes(text.encode("gb18030"))
    assert CnkiCitationTextReader().sniff(path, path.read_bytes())
    recs = records(read_all(CnkiCitationTextReader(), path))
    assert [r.publication_number for r in recs] == ["CN108192973A", "CN1175247"]
    assert recs[0].inventors == ["陶永光", "毛超", "王敏", "刘双"]
    assert recs[0].extra["region"] == "湖南"
    assert recs[1].inventors == ["托德·K·琼斯", "马克·E·戈尔德曼", "詹姆斯·P·爱德华兹"]


# --------------------------------------------------------------------------- title + IPC


def test_title_ipc_files_agree_and_predictions_stay_in_extra(data_dir):
    base = data_dir / "cn-ipc-title-benchmark"
    tsv = {
        r.publication_number: r
        for r in records(read_all(TitleIpcReader(), base / "cn_title_ipc_subclass_folds1-4.tsv"))
    }
    oof = {r.publication_number: r for r in records(read_all(TitleIpcReader(), base / "oof_predictions.csv"))}
    assert tsv.keys() == oof.keys()
    assert all(
        (tsv[k].title, tsv[k].ipc, tsv[k].extra["fold"]) == (oof[k].title, oof[k].ipc, oof[k].extra["fold"])
        for k in tsv
    )
    # first row: CN114081026A,一种水电站高压输电线路驱鸟保护装置,A01M|G06F|H02G,…,A01M|G06V|H02J
    r = oof["CN114081026A"]
    assert r.title == "一种水电站高压输电线路驱鸟保护装置"
    assert r.ipc == ["A01M", "G06F", "H02G"]
    assert r.extra["predicted_subclasses"] == "A01M|G06V|H02J"
    assert "G06V" not in r.ipc
    assert tsv["CN215667380U"].patent_type == "utility_model"
    assert tsv["CN215667380U"].ipc == ["B60S", "C02F"]
