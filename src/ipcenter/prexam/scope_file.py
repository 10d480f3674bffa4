"""Reads a centre's scope list (IPC subclasses/groups and Locarno classes → industry field) from CSV, TSV
or XLSX, as centres publish it or as ../shared/data/prefiling-scopes transcribes it.

Columns are found by header (English or Chinese): scheme (IPC/LOC, else told by the code's form), code,
field, title, centre, source, date. A file listing several centres needs ``centre``. Rows that cannot be
used are refused with their row numbers (nothing half-imported).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from ipcenter.core.dates import parse_optional_date
from ipcenter.errors import InvalidValue, NotFound, UserError
from ipcenter.prexam.scope import ScopeRow

HEADERS: dict[str, tuple[str, ...]] = {
    "scheme": ("scheme", "分类体系", "分类类型", "体系"),
    "code": ("code", "分类号", "ipc", "ipc分类号", "洛迦诺分类号", "小类", "分类"),
    "field": ("field", "领域", "产业领域", "所属领域", "产业"),
    "title": ("title", "名称", "含义", "类名", "说明"),
    "centre": ("centre", "center", "中心", "保护中心", "机构"),
    "source": ("source", "source_file", "来源", "依据"),
    "date": ("date", "source_date", "日期", "发布日期"),
}


def _column_map(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, name in enumerate(header):
        key = re.sub(r"\s+", "", str(name or "")).lower()
        for column, aliases in HEADERS.items():
            if key in aliases and column not in found:
                found[column] = index
    if "code" not in found:
        raise InvalidValue(f"no code column among {header}: expected one of {', '.join(HEADERS['code'])}")
    return found


def _table(path: Path) -> Iterator[list[str]]:
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook  # only when an XLSX is read

        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises several types for a damaged file
            raise UserError(f"{path.name} is not a readable XLSX file ({type(exc).__name__})") from None
        try:
            for values in book.worksheets[0].iter_rows(values_only=True):
                yield [
                    "" if v is None else (v.isoformat() if isinstance(v, date) else str(v)) for v in values
                ]
        finally:
            book.close()
        return
    if suffix not in (".csv", ".tsv", ".txt"):
        raise InvalidValue(f"{path.name}: scope lists are read from .csv, .tsv or .xlsx")
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise UserError(f"{path.name} is neither UTF-8 nor GB18030 text")
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first else ","
    yield from csv.reader(io.StringIO(text), delimiter=delimiter)


def _scheme(code: str) -> str:
    return "LOC" if re.match(r"^\s*(LOC|\d)", code.upper()) else "IPC"


def centres_in(path: Path) -> list[str]:
    """The centre names a multi-centre file lists (empty when it has no centre column)."""
    rows = iter(_table(path))
    header = next(rows, None)
    if header is None:
        return []
    columns = _column_map(header)
    if "centre" not in columns:
        return []
    return list(dict.fromkeys(r[columns["centre"]].strip() for r in rows if len(r) > columns["centre"]))


def read_scope(
    path: Path,
    *,
    centre: str | None = None,
    field: str | None = None,
    source: str | None = None,
    source_date: date | None = None,
) -> list[ScopeRow]:
    """The scope rows of one centre. ``field`` fills rows without a field column; ``source`` and
    ``source_date`` fill rows without their own (default source: the file's name)."""
    if not path.is_file():
        raise NotFound(f"scope file not found: {path}")
    rows = iter(_table(path))
    header = next(rows, None)
    if header is None:
        raise InvalidValue(f"{path.name} is empty")
    columns = _column_map(header)
    if "field" not in columns and not field:
        raise InvalidValue(f"{path.name} has no field column: give the field every row belongs to")
    names = centres_in(path) if "centre" in columns else []
    if len(names) > 1 and centre is None:
        raise InvalidValue(f"{path.name} lists {len(names)} centres ({'; '.join(names)}): choose one")
    chosen_centre = None
    if centre is not None and names:
        matches = [n for n in names if centre in n or n in centre]
        if len(matches) != 1:
            raise NotFound(f"centre {centre!r} is not (uniquely) in {path.name}: {'; '.join(names)}")
        chosen_centre = matches[0]

    def cell(row: list[str], column: str) -> str:
        index = columns.get(column)
        return row[index].strip() if index is not None and index < len(row) and row[index] else ""

    out: list[ScopeRow] = []
    errors: list[str] = []
    for number, row in enumerate(rows, start=2):
        if not any(str(v).strip() for v in row):
            continue
        if chosen_centre is not None and cell(row, "centre") != chosen_centre:
            continue
        code = cell(row, "code")
        try:
            out.append(
                ScopeRow.make(
                    cell(row, "scheme") or _scheme(code),
                    code,
                    cell(row, "field") or (field or ""),
                    cell(row, "title"),
                    cell(row, "source") or source or path.name,
                    parse_optional_date(cell(row, "date")) or source_date,
                )
            )
        except InvalidValue as exc:
            errors.append(f"row {number}: {exc.message}")
    if errors:
        more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
        raise InvalidValue(f"{path.name}: {'; '.join(errors[:5])}{more}")
    if not out:
        raise InvalidValue(f"{path.name}: no scope rows{' for ' + chosen_centre if chosen_centre else ''}")
    return out
