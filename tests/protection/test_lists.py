"""Protection-list import: the real partial entries as they are (no registration number invented), an
operator's XLSX, a PDF attachment's text, batch facts, mutual recognition with provenance, bad input."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy.orm import Session

from ipcenter.errors import InvalidValue, UserError
from ipcenter.platform.database import open_database
from ipcenter.protection import lists


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Session]:
    database = open_database(f"sqlite:///{tmp_path / 'app.db'}")
    with database.session() as session:
        yield session
    database.dispose()


def test_partial_entries_are_imported_as_they_are(db: Session, data_dir: Path) -> None:
    path = data_dir / "trademark-protection-lists" / "mentioned_entries.tsv"
    result = lists.import_entries(db, path, "上海市重点商标保护名录")
    assert (
        result["added"] == 10 and result["without_registration_no"] == 10 and result["without_classes"] == 10
    )
    assert result["lists"] == {"上海市重点商标保护名录 首批": 2, "北京重点商标保护名录": 1,
                               "上海市重点商标保护名录 第五批": 7}  # fmt: skip
    found = lists.search(db, "MicroPort")["items"]
    assert found[0]["registration_no"] == "" and found[0]["classes"] == []
    assert found[0]["source"] == "mentioned_entries.tsv:row 3 — same as above"  # the source row as written
    assert lists.import_entries(db, path, "上海市重点商标保护名录")["added"] == 0  # nothing doubled


def test_batch_facts(db: Session, data_dir: Path) -> None:
    result = lists.import_batches(db, data_dir / "trademark-protection-lists" / "list_batches.tsv")
    assert result["batches"] == 6
    jiading = next(r for r in lists.lists_overview(db) if r["name"] == "嘉定区重点商标保护名录")
    assert (
        jiading["document_no"] == "嘉市监知〔2023〕74号"
        and jiading["region"] == "嘉定区"
        and jiading["year"] == 2023
    )


def test_operator_xlsx_with_registration_numbers(db: Session, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["序号", "商标", "注册号", "核定类别", "商标注册人", "核定使用商品"])
    sheet.append([1, "示例牌", "12345678", "第30类", "长沙示例食品有限公司", "茶；咖啡"])
    sheet.append([2, "湘味", None, "29 30", "湖南示例食品有限公司", None])
    path = tmp_path / "batch.xlsx"
    book.save(path)
    result = lists.import_entries(db, path, "长沙市重点商标保护名录", batch="第一批", year=2025)
    assert result["added"] == 2 and result["without_registration_no"] == 1
    entry = lists.search(db, "湘味")["items"][0]
    assert entry["classes"] == ["29", "30"] and entry["registration_no"] == ""
    assert entry["provenance"]["region"] == "长沙市" and entry["source"] == "batch.xlsx:row 3"
    candidates = lists.similar_marks(db, "湘味坊", ["30"])["candidates"]
    assert candidates[0]["mark"] == "湘味" and candidates[0]["goods"]["relation"] == "same_class"
    assert lists.similar_marks(db, "湘味坊", ["09"])["candidates"] == []  # other goods: not compared


def test_pdf_attachment_text(db: Session, tmp_path: Path) -> None:
    text = tmp_path / "名录.txt"
    text.write_text("第五批嘉定区重点商标保护名录\n序号 商标 注册号 类别 注册人\n1 嘉定 1234567 30 上海嘉定示例食品有限公司\n"
                    "2 示例 87654321 第35类 上海示例商贸有限公司\n- 2 -\n", encoding="utf-8")  # fmt: skip
    result = lists.import_entries(db, text, "嘉定区重点商标保护名录", batch="第五批")
    assert result["added"] == 2
    entry = lists.search(db, "上海示例商贸")["items"][0]
    assert entry["registration_no"] == "87654321" and entry["classes"] == ["35"]
    assert entry["source"] == "名录.txt:line 4"


def test_scanned_pdf_is_refused(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    path = tmp_path / "scan.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(UserError, match="no text layer"):
        lists.read_entries(path, "上海市重点商标保护名录")


def test_mutual_recognition_with_provenance(db: Session, data_dir: Path) -> None:
    lists.import_entries(
        db, data_dir / "trademark-protection-lists" / "mentioned_entries.tsv", "上海市重点商标保护名录"
    )
    assert lists.search(db, "", region="长沙市")["total"] == 0  # nothing honoured yet
    lists.add_partner(db, "长沙市", "上海市", "示例合作协议")
    honoured = lists.search(db, "", region="长沙市")
    assert honoured["total"] == 9  # 上海's entries, not 北京's
    first = honoured["items"][0]["provenance"]
    assert first["recognised"] == "mutual recognition: 上海市 → 长沙市" and first["basis"] == "示例合作协议"
    assert lists.search(db, "", region="上海市")["items"][0]["provenance"]["recognised"] == "local list"
    with pytest.raises(InvalidValue):
        lists.add_partner(db, "长沙市", "长沙市")


def test_bad_files(db: Session, tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(InvalidValue, match="empty"):
        lists.import_entries(db, empty, "x")
    no_mark = tmp_path / "no_mark.csv"
    no_mark.write_text("名称,日期\na,b\n", encoding="utf-8")
    with pytest.raises(InvalidValue, match="no mark column"):
        lists.import_entries(db, no_mark, "x")
    bad_number = tmp_path / "bad.csv"
    bad_number.write_text("商标,注册号\n示例,12AB\n", encoding="utf-8")
    with pytest.raises(InvalidValue, match="registration number"):
        lists.import_entries(db, bad_number, "x")
    with pytest.raises(UserError, match="not found"):
        lists.import_entries(db, tmp_path / "missing.xlsx", "x")


def test_new_marks_are_watched_against_the_list(db: Session, data_dir: Path, tmp_path: Path) -> None:
    lists.import_entries(
        db, data_dir / "trademark-protection-lists" / "mentioned_entries.tsv", "上海市重点商标保护名录"
    )
    new = tmp_path / "new.csv"
    new.write_text(
        "商标,申请人,类别\n英雄牌,某文具厂,16\n华为,某科技公司,9\n微創,某医疗公司,10\n", encoding="utf-8"
    )
    result = lists.watch_new_marks(db, new)
    assert result["read"] == 3
    assert [(f["mark"], f["protected"][0]["mark"]) for f in result["flagged"]] == [
        ("英雄牌", "英雄"),
        ("微創", "微创"),
    ]
