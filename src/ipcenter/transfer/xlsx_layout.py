"""The inventory's XLSX layout: one sheet, one row per patent, the columns of a batch template (建档模板).

The same layout is read (`read_template`) and written (`write_inventory`): an exported inventory can be
edited and imported again. Columns are found by their header (Chinese, or the English name in brackets),
in any order; the columns marked ``export_only`` are written for people and ignored on import. The exact
columns of the national platform's template (patentnavi.org.cn) are not published: this layout carries the
fields of domain-cn.md §9 rule 17.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zipfile import BadZipFile

from ipcenter.errors import InvalidValue, UserError

SHEET = "存量专利盘点"


@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    en: str
    export_only: bool = False
    width: int = 14


COLUMNS: tuple[Column, ...] = (
    Column("seq", "序号", "no", export_only=True, width=6),
    Column("application_number", "申请号", "application number", width=18),
    Column("publication_number", "公开（公告）号", "publication number", width=16),
    Column("title", "专利名称", "title", width=36),
    Column("patent_type", "专利类型", "patent type", width=10),
    Column("faculty", "院系", "faculty", width=16),
    Column("inventors", "发明人", "inventors", width=20),
    Column("legal_status", "法律状态", "legal status", width=10),
    Column("converted", "是否已转化", "converted", width=10),
    Column("scenario", "应用场景", "application scenario", width=30),
    Column("maturity", "技术成熟度", "technology maturity", width=12),
    Column("grade", "价值分级自评", "self-assessed grade", width=14),
    Column("state", "审核状态", "review state", export_only=True, width=16),
    Column("value", "价值评分（许可转让）", "value score (licensing)", export_only=True, width=12),
    Column("feedback", "企业评价反馈", "enterprise feedback", export_only=True, width=30),
)

CONVERTED_WORDS = {
    "已转化": "converted",
    "是": "converted",
    "converted": "converted",
    "yes": "converted",
    "未转化": "unconverted",
    "否": "unconverted",
    "unconverted": "unconverted",
    "no": "unconverted",
    "": "unknown",
    "未知": "unknown",
    "unknown": "unknown",
}
CONVERTED_LABELS = {"converted": "已转化", "unconverted": "未转化", "unknown": "未知"}
STATUS_WORDS = {
    "有效": "in_force",
    "in_force": "in_force",
    "失效": "lapsed",
    "lapsed": "lapsed",
    "审中": "pending",
    "pending": "pending",
    "": "unknown",
    "未知": "unknown",
    "unknown": "unknown",
}
STATUS_LABELS = {"in_force": "有效", "lapsed": "失效", "pending": "审中", "unknown": "未知"}
TYPE_LABELS = {"invention": "发明", "utility_model": "实用新型", "design": "外观设计"}


def _header_key(text: Any) -> str | None:
    value = str(text or "").strip()
    for c in COLUMNS:
        if value in (c.zh, c.en, f"{c.zh}（{c.en}）", f"{c.zh} ({c.en})", c.key):
            return c.key
    return None


def read_template(path: Path) -> list[dict[str, Any]]:
    """The rows of an inventory XLSX as dicts of column keys (with ``row``, the sheet row number).

    Raises a UserError naming the problem for a file that is not an XLSX workbook or has no patent column."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    path = Path(path)
    if not path.is_file():
        raise UserError(f"cannot read {path}: no such file")
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError) as exc:
        raise UserError(
            f"{path.name} is not an XLSX workbook ({type(exc).__name__}): save it as .xlsx"
        ) from None
    sheet = workbook[SHEET] if SHEET in workbook.sheetnames else workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        raise InvalidValue(f"{path.name}: the sheet is empty")
    keys = [_header_key(h) for h in header]
    if "application_number" not in keys and "publication_number" not in keys:
        raise InvalidValue(
            f"{path.name}: no 申请号 or 公开（公告）号 column in the first row (columns: "
            f"{', '.join(str(h) for h in header if h)}); `ipcenter inventory template FILE.xlsx` writes the layout"
        )
    out = []
    for number, values in enumerate(rows, start=2):
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        record: dict[str, Any] = {"row": number}
        for key, value in zip(keys, values, strict=False):
            if key is None or any(c.key == key and c.export_only for c in COLUMNS):
                continue
            record[key] = "" if value is None else str(value).strip()
        out.append(record)
    workbook.close()
    return out


def write_inventory(path: Path, rows: list[dict[str, Any]], meta: dict[str, Any]) -> Path:
    """Write ``rows`` (dicts of column keys) in the layout, and a second sheet with the report's figures."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    path = Path(path)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET
    sheet.append([c.zh for c in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for i, c in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[sheet.cell(1, i).column_letter].width = c.width
    for row in rows:
        sheet.append([row.get(c.key, "") for c in COLUMNS])
    sheet.freeze_panes = "A2"
    info = workbook.create_sheet("说明")
    for key, value in meta.items():
        info.append([key, value if isinstance(value, str | int | float) or value is None else str(value)])
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        workbook.save(tmp)
        tmp.replace(path)
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc}") from None
    return path


def write_template(path: Path) -> Path:
    """An empty template with one example row (a real document of the demo corpus) to show the format."""
    example = {
        "application_number": "202211359874.7",
        "publication_number": "CN115883397B",
        "title": "一种web端数据通用采集方法",
        "patent_type": "发明",
        "faculty": "数据科学研究所",
        "inventors": "张三、李四",
        "legal_status": "有效",
        "converted": "未转化",
        "scenario": "网页数据采集",
        "maturity": "中试",
        "grade": "转化前景较好",
    }
    return write_inventory(
        path, [example], {"layout": "ipcenter inventory template", "note": "replace the row"}
    )
