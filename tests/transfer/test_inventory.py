"""The inventory: coverage arithmetic, discovery by name variants on real data, the XLSX template read and
written in the same layout, refused files naming every bad row."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ipcenter.corpus.store import Corpus
from ipcenter.errors import InvalidValue, UserError
from ipcenter.transfer import inventory, patents, xlsx_layout
from ipcenter.transfer.tables import InventoryItem


def record(faculty: str, status: str, converted: str, state: str) -> InventoryItem:
    return InventoryItem(faculty=faculty, legal_status=status, converted=converted, state=state)


def test_coverage_arithmetic() -> None:
    rows = [
        # 计算机学院: 3 unconverted valid, 2 inventoried (documented, in the library), 1 still a candidate
        record("计算机学院", "in_force", "unconverted", "documented"),
        record("计算机学院", "in_force", "unknown", "in_library"),  # conversion unknown counts as unconverted
        record("计算机学院", "in_force", "unconverted", "candidate"),
        record("计算机学院", "in_force", "converted", "documented"),  # converted: outside the figure
        record("计算机学院", "lapsed", "unconverted", "documented"),  # not valid: outside
        # 材料学院: 2 unconverted valid, 1 inventoried (returned counts: it was documented)
        record("材料学院", "in_force", "unconverted", "returned"),
        record("材料学院", "in_force", "unconverted", "candidate"),
        record("材料学院", "unknown", "unconverted", "candidate"),  # validity unknown: counted apart
        record("", "in_force", "unconverted", "not_listed"),  # no faculty given: its own row
    ]
    cov = inventory.coverage(rows)
    assert (cov["inventoried"], cov["unconverted_valid"], cov["coverage"]) == (4, 6, round(4 / 6, 4))
    by = {f["faculty"]: (f["inventoried"], f["unconverted_valid"], f["coverage"]) for f in cov["by_faculty"]}
    assert by == {
        "计算机学院": (2, 3, round(2 / 3, 4)),
        "材料学院": (1, 2, 0.5),
        inventory.NO_FACULTY: (1, 1, 1.0),
    }
    assert (cov["status_unknown"], cov["converted"], cov["not_valid"], cov["conversion_unknown"]) == (
        1,
        1,
        1,
        1,
    )
    assert sum(f["unconverted_valid"] for f in cov["by_faculty"]) == cov["unconverted_valid"]
    assert inventory.coverage([])["coverage"] is None


def test_variants_and_discovery_on_real_data(world: Any, served_corpus: Path) -> None:
    corpus = Corpus(served_corpus)
    found = patents.suggest_variants(corpus, ["中科大数据"])
    assert [(f["name"], f["documents"]) for f in found] == [("中科大数据研究院", 10)]
    assert patents.suggest_variants(corpus, ["", " ", "中科大数据"]) == found  # blanks ignored
    with pytest.raises(InvalidValue, match="at least two characters"):
        patents.suggest_variants(corpus, ["", "　", ""])
    admin = world.who("admin")
    with world.database.session() as db:
        inv = inventory.create(db, admin, "2025 盘点", date(2025, 12, 31), ["中科大数据研究院"])
        report = inventory.discover(db, admin, inv, corpus)
        # the export's 10 applications: 8 in force (7 utility models, 1 invention), 2 pending applications
        assert (report.documents, report.applications, len(report.added)) == (10, 10, 8)
        assert sorted(s["publication_number"] for s in report.skipped) == ["CN116245100A", "CN116595400A"]
        rows = inventory.items_of(db, inv)
        assert {r.legal_status for r in rows} == {"in_force"}
        # the export counts 0 transfers and 0 licences: unconverted, and it says why
        assert {r.converted for r in rows} == {"unconverted"} and "转让 0" in rows[0].converted_basis
        assert inventory.discover(db, admin, inv, corpus).already  # a second run adds nothing new
        assert len(inventory.items_of(db, inv)) == 8


def write_rows(path: Path, rows: list[dict[str, str]]) -> Path:
    return xlsx_layout.write_inventory(path, rows, {"test": "rows"})


def test_import_documents_records_and_export_reads_back(
    world: Any, served_corpus: Path, tmp_path: Path
) -> None:
    admin = world.who("admin")
    corpus = Corpus(served_corpus)
    rows = [
        {
            "publication_number": "CN115883397B",
            "faculty": "数据科学研究所",
            "inventors": "李玺、康锐文",
            "converted": "未转化",
            "scenario": "网页数据采集",
            "maturity": "中试",
            "grade": "转化前景较好",
        },
        {
            "application_number": "202223220665.2",
            "faculty": "无人机研究中心",
            "inventors": "刘迪",
            "converted": "已转化",
            "grade": "转化前景一般",
        },
        {
            "publication_number": "CN000000001B",
            "title": "不在库中的专利",
            "faculty": "无人机研究中心",
            "inventors": "王五",
            "legal_status": "有效",
            "converted": "未转化",
            "grade": "暂无法评估",
        },
    ]
    with world.database.session() as db:
        inv = inventory.create(db, admin, "2025 盘点", date(2025, 12, 31), [])
        report = inventory.import_file(db, admin, inv, write_rows(tmp_path / "in.xlsx", rows), corpus)
        assert (report["rows"], report["created"], report["not_in_corpus"]) == (3, 3, ["CN000000001B"])
        items = {r.publication_number: r for r in inventory.items_of(db, inv)}
        assert set(items) == {
            "CN115883397B",
            "CN218751475U",
            "CN000000001B",
        }  # the application number resolved
        assert {r.state for r in items.values()} == {"documented"}
        assert items["CN218751475U"].converted == "converted"  # declared over the export's 0 counts
        assert items["CN000000001B"].status_source == "declared in the template"
        data = inventory.report(db, admin, inv, served_corpus, None)
        out = inventory.export_xlsx(data, tmp_path / "out.xlsx")
        again = inventory.import_file(db, admin, inv, out, corpus)
        assert (again["created"], again["updated"]) == (0, 3)
    back = xlsx_layout.read_template(out)
    assert [r["publication_number"] for r in back] == [i["publication_number"] for i in data["items"]]
    assert back[0]["grade"] == "转化前景较好" and "state" not in back[0]  # export-only columns are ignored


def test_a_wrong_file_is_refused_naming_every_bad_row(
    world: Any, served_corpus: Path, tmp_path: Path
) -> None:
    admin = world.who("admin")
    rows = [
        {"publication_number": "CN115883397B", "converted": "也许", "grade": "很好"},
        {"faculty": "没有专利号"},
        {"publication_number": "CN218751475U", "converted": "未转化", "legal_status": "存续"},
    ]
    with world.database.session() as db:
        inv = inventory.create(db, admin, "2025", date(2025, 12, 31), [])
        with pytest.raises(InvalidValue) as err:
            inventory.import_file(
                db, admin, inv, write_rows(tmp_path / "bad.xlsx", rows), Corpus(served_corpus)
            )
        message = err.value.message
        assert "row 2" in message and "也许" in message and "很好" in message and "转化前景较好" in message
        assert "row 3: no 申请号" in message and "row 4" in message and "存续" in message
        assert inventory.items_of(db, inv) == []  # nothing imported
    (tmp_path / "notes.xlsx").write_text("not a workbook")
    with pytest.raises(UserError, match="not an XLSX workbook"):
        xlsx_layout.read_template(tmp_path / "notes.xlsx")


def test_a_closed_record_is_not_edited_and_a_corpus_status_is_not_overridden(world: Any) -> None:
    admin = world.who("admin")
    with world.database.session() as db:
        inv = inventory.create(db, admin, "2025", date(2025, 12, 31), [])
        row = InventoryItem(
            organisation_id=inv.organisation_id,
            inventory_id=inv.id,
            patent_key="k",
            publication_number="CN1B",
            legal_status="lapsed",
            status_source="corpus: expired",
            in_corpus=True,
            state="candidate",
            converted="unknown",
        )
        db.add(row)
        db.flush()
        with pytest.raises(UserError, match="the corpus establishes"):
            inventory.update(db, admin, row, {"legal_status": "有效"})
        inventory.update(db, admin, row, {"grade": "转化前景较好", "converted": "未转化"})
        assert (row.grade, row.converted) == ("转化前景较好", "unconverted")
        with pytest.raises(InvalidValue, match="转化前景较好"):
            inventory.update(db, admin, row, {"grade": "特优"})
        row.state = "in_library"
        with pytest.raises(UserError, match="closed"):
            inventory.update(db, admin, row, {"grade": "转化前景一般"})
