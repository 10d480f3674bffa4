"""CNIPA / incoPat-style bibliographic exports with Chinese column names (61 columns), in JSON, CSV or XLSX.

One row describes one **application**. The three containers share one row mapping (:class:`RowMapper`);
every cell is first turned into text (``20221202`` and ``"20221202"`` and ``20221202.0`` read the same), so
the same rows give the same records whatever the container.

**Which publication number keys the row.** A row may name two documents: the publication (公开号, e.g. the
``A`` document of an invention) and the grant (授权公告号, the ``B`` document). The record is keyed by the
grant number when there is one and it differs from 公开号 (an invention published as A, later granted as
B): then ``publication_number``/``kind``/``publication_date`` are the grant's (授权公告号/授权公告日), the A
number is kept in ``extra['公开号']`` (its date in ``extra['公开日']``) and in ``family_members``. Otherwise
(utility models and designs, whose 公开号 is the grant number; inventions not yet granted) the key is
公开号. ``grant_date`` is 授权公告日 only when the keyed document is a grant (kind B/C/U/Y/S/D), never for
an ``A`` document.

**Errors** (error items, the file goes on): no 公开号 and no 授权公告号 (nothing to key the record by); an
invalid 申请号 (the core says why: check character, type digit…); an unparseable date or IPC symbol; a
cell longer than the column allows (``MAX_CELL_CHARS``); in CSV, bytes that do not decode in the file's
encoding. A missing 申请号 is allowed (the record has no application number). Duplicate rows are yielded
as they come: the ingest service deduplicates.

**Mapped columns**: 申请日 公开日 授权公告日 失效日期 (``yyyymmdd``; 0 or empty = none), 申请号, 公开号,
授权公告号, 专利类型, 专利名称 (授权名称 when it differs → extra), 申请摘要, 主权项 (→ claims), 申请人 (``;``
separated; 申请人地址, 国省代码 and 申请人类型 describe the first applicant), 发明人 (else 当前发明人),
专利代理人 (→ agents), 法律状态 (→ ``legal_status_raw``, ``legal_status`` derived by the core), 主分类号 +
分类号 (→ ipc, main first), CPC主分类号 + CPC分类号 (→ cpc), 当前权利人 (else 第一权利人; → patentees; a
patentee who is the first applicant gets the applicant's address), 法律事件 (→ legal_events), 引证专利 /
非专利引证 (→ citations), 同族专利 (→ family_members), 简单同族数量 (→ family_size), 专利转移次数 / 许可次数 /
质押次数 (→ counts), 优先权 + 优先权日 (→ priorities). Every other non-empty column (专利代理机构, 国际申请号,
国际公开号, FI分类号, 审查员, 实质审查日 …, and columns this module does not know) goes to ``extra`` under its
own name, as text; empty cells and ``0`` are left out. 序号 (the export's row counter) is not kept.
"""

from __future__ import annotations

import csv
import json
import re
import zipfile
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from ipcenter.core.errors import InvalidValue
from ipcenter.core.legal_status import status_from_raw
from ipcenter.core.numbers import is_grant_kind, parse_cn_application_number, parse_publication_number
from ipcenter.corpus.models import Citation, LegalEvent, PatentRecord, Priority, Provenance
from ipcenter.ingest.layouts import CN_EXPORT_COLUMNS
from ipcenter.ingest.readers.base import Reader, ReadItem, UnreadableFile, excerpt
from ipcenter.ingest.readers.common import (
    application_number,
    claims_from,
    ipc_list,
    iter_json_array,
    optional_date,
    party,
    publication_number,
    split_names,
)
from ipcenter.ingest.textio import (
    detect_encoding,
    iter_csv_rows,
    iter_json_lines,
    iter_lines,
    looks_binary,
    read_head,
)

__all__ = [
    "COLUMN_ALIASES",
    "MAX_CELL_CHARS",
    "READERS",
    "CnExportCsvReader",
    "CnExportJsonReader",
    "CnExportXlsxReader",
    "RowMapper",
    "is_export_header",
]

#: Other spellings of the same columns in CNIPA / incoPat / 智慧芽 exports → the names used here.
COLUMN_ALIASES: dict[str, str] = {
    "公开(公告)号": "公开号",
    "公开（公告）号": "公开号",
    "公开公告号": "公开号",
    "公开(公告)日": "公开日",
    "公开（公告）日": "公开日",
    "公告号": "授权公告号",
    "授权号": "授权公告号",
    "授权日": "授权公告日",
    "公告日": "授权公告日",
    "标题": "专利名称",
    "发明名称": "专利名称",
    "名称": "专利名称",
    "摘要": "申请摘要",
    "首项权利要求": "主权项",
    "第一权利要求": "主权项",
    "申请(专利权)人": "申请人",
    "申请（专利权）人": "申请人",
    "专利权人": "当前权利人",
    "当前申请(专利权)人": "当前权利人",
    "当前申请（专利权）人": "当前权利人",
    "IPC主分类号": "主分类号",
    "IPC主分类": "主分类号",
    "IPC分类号": "分类号",
    "IPC": "分类号",
    "代理人": "专利代理人",
    "代理机构": "专利代理机构",
    "地址": "申请人地址",
    "申请人类别": "申请人类型",
    "当前法律状态": "法律状态",
    "简单同族": "同族专利",
}

#: Longest plausible cell per column; anything longer is a broken row, not data.
MAX_CELL_CHARS: dict[str, int] = {
    "专利名称": 1000,
    "授权名称": 1000,
    "申请号": 64,
    "公开号": 64,
    "授权公告号": 64,
    "申请人": 5000,
    "发明人": 5000,
    "专利类型": 100,
    "法律状态": 500,
}
DEFAULT_MAX_CELL_CHARS = 200_000

#: Columns whose values are dates (yyyymmdd ints or date text).
_DATE_COLUMNS = ("申请日", "公开日", "授权公告日", "失效日期")
#: The layout's columns that ``RowMapper.record`` maps to record fields; the other columns of the layout (and
#: any column it does not know) go to ``extra`` under their own names.
_MAPPED = frozenset(CN_EXPORT_COLUMNS) - frozenset(
    """
    专利代理机构 优先权数量 全文链接 第一发明人 当前著录项联系人通讯地址 当前专利代理人 当前专利代理机构 变更前代理机构
    引证数 转让日期 质押日期 许可日期 无效宣告日期 FI主分类号 FI分类号 国际申请号 国际申请日 国际公开号 国际公开日
    进入国家日期 颁证日 审查员 审查时长 实质审查日
    """.split()  # noqa: SIM905 (a block of names reads better than one a line)
)

_TYPE_WORDS = (("实用新型", "utility_model"), ("外观设计", "design"), ("发明", "invention"))


def canonical_column(name: str) -> str:
    key = re.sub(r"\s+", "", str(name or "")).lstrip("\ufeff")
    return COLUMN_ALIASES.get(key, key)


def is_export_header(cells: Iterable[object]) -> bool:
    """A header row of this export: it names 申请号 and a publication number column."""
    names = {canonical_column(str(c)) for c in cells if c is not None}
    return "申请号" in names and ("公开号" in names or "授权公告号" in names)


def cell_text(value: object) -> str:
    """Any cell value as text: None → '', 20221202.0 → '20221202', strings stripped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, date):
        return value.strftime("%Y%m%d")
    if isinstance(value, (list, tuple)):
        return ";".join(cell_text(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value).strip()


def _count(value: str) -> int | None:
    if not value:
        return None
    try:
        return int(float(value))
    except ValueError:
        raise InvalidValue(f"count {value!r} is not a number") from None


def _cpc_list(values: Iterable[str]) -> list[str]:
    out: list[str] = []
    for v in values:
        for part in re.split(r"\s*[;,；|]\s*", v):
            sym = re.sub(r"\s+", "", part).upper()
            if sym and sym not in out:
                out.append(sym)
    return out


def _grant_kind(number: str | None) -> bool:
    if not number:
        return False
    pub = parse_publication_number(number)
    return bool(is_grant_kind(pub.country, pub.kind))


class RowMapper:
    """One export row (column name → value) → a record, or the reason it cannot be one."""

    def __init__(self, source_format: str) -> None:
        self.source_format = source_format

    def item(self, row: dict[str, object], position: str, path: Path) -> ReadItem:
        cells: dict[str, str] = {}
        for key, value in row.items():
            if key is None:
                continue
            name = canonical_column(key)
            text = cell_text(value)
            if name in cells and cells[name] and not text:
                continue  # an alias column that is empty does not hide the filled one
            cells[name] = text
        raw = excerpt(json.dumps({k: v[:80] for k, v in cells.items() if v}, ensure_ascii=False))
        for name, text in cells.items():
            limit = MAX_CELL_CHARS.get(name, DEFAULT_MAX_CELL_CHARS)
            if len(text) > limit:
                return ReadItem(
                    position,
                    error=f"column {name!r} has {len(text)} characters (at most {limit} expected): broken row",
                    raw=raw,
                )
        try:
            record = self.record(cells)
        except InvalidValue as exc:
            return ReadItem(position, error=str(exc), raw=raw)
        record.provenance = Provenance(str(path), self.source_format, position)
        return ReadItem(position, record=record, raw=None)

    def record(self, c: dict[str, str]) -> PatentRecord:
        def get(name: str) -> str:
            return c.get(name, "")

        pub_a = publication_number(get("公开号"), country="CN") if get("公开号") else None
        grant = publication_number(get("授权公告号"), country="CN") if get("授权公告号") else None
        if pub_a is None and grant is None:
            raise InvalidValue("row has no 公开号 and no 授权公告号: no publication number to key the record")
        dates = {name: self._date(name, get(name)) for name in _DATE_COLUMNS}

        extra: dict[str, str] = {}
        family: list[str] = []
        key: str
        if grant and grant != pub_a:
            key, pub_date = grant, dates["授权公告日"]
            if pub_a:
                extra["公开号"] = pub_a
                family.append(pub_a)
                if dates["公开日"]:
                    extra["公开日"] = dates["公开日"].isoformat()
        else:
            key = pub_a or grant or ""
            pub_date = dates["公开日"] or dates["授权公告日"]
        pub = parse_publication_number(key)

        app = None
        if get("申请号"):
            try:
                app = application_number(get("申请号"), country="CN")
            except InvalidValue as exc:
                raise InvalidValue(f"{key}: invalid 申请号: {exc}") from None

        record = PatentRecord(
            publication_number=key,
            country=pub.country,
            kind=pub.kind,
            application_number=app,
            filing_date=dates["申请日"],
            publication_date=pub_date,
            lapse_date=dates["失效日期"],
            language="zh",
        )
        record.grant_date = dates["授权公告日"] if _grant_kind(key) else None
        record.patent_type = self._patent_type(get("专利类型"), pub.patent_type, app)

        record.title = get("专利名称") or get("授权名称") or None
        record.abstract = get("申请摘要") or None
        record.claims = claims_from(get("主权项") or None, lang="zh")

        region = get("国省代码") or None
        applicant_names = split_names(get("申请人"))
        address = get("申请人地址") or None
        for i, name in enumerate(applicant_names):
            if i == 0:
                record.applicants.append(
                    party(name, address=address, type_hint=get("申请人类型") or None, region_hint=region)
                )
            else:
                record.applicants.append(party(name))
        patentee_names = split_names(get("当前权利人") or get("第一权利人"))
        for name in patentee_names:
            if applicant_names and name == applicant_names[0]:
                record.patentees.append(
                    party(name, address=address, type_hint=get("申请人类型") or None, region_hint=region)
                )
            else:
                record.patentees.append(party(name))
        record.inventors = split_names(get("发明人") or get("当前发明人"))
        record.agents = split_names(get("专利代理人") or get("当前专利代理人"))

        record.legal_status_raw = get("法律状态") or None
        record.legal_status = status_from_raw(record.legal_status_raw)
        record.legal_events = self._legal_events(get("法律事件"))

        record.ipc = ipc_list(get("分类号") or None, main=get("主分类号") or None)
        record.cpc = _cpc_list([get("CPC主分类号"), get("CPC分类号")])

        record.priorities = self._priorities(get("优先权"), get("优先权日"))
        record.citations = self._citations(get("引证专利"), get("非专利引证"))
        for member in split_names(get("同族专利").replace(",", ";")):
            try:
                number = publication_number(member)
            except InvalidValue:
                number = member
            if number != key and number not in family:
                family.append(number)
        record.family_members = family
        record.family_size = _count(get("简单同族数量"))
        record.transfer_count = _count(get("专利转移次数"))
        record.licence_count = _count(get("许可次数"))
        record.pledge_count = _count(get("质押次数"))

        if get("授权名称") and get("授权名称") != record.title:
            extra["授权名称"] = get("授权名称")
        if get("当前发明人") and split_names(get("当前发明人")) != record.inventors:
            extra["当前发明人"] = get("当前发明人")
        for name, text in c.items():
            if name in _MAPPED or name in extra or text in ("", "0"):
                continue
            extra[name] = text
        record.extra = extra
        return record

    @staticmethod
    def _date(column: str, text: str) -> date | None:
        try:
            return optional_date(text or None)
        except InvalidValue as exc:
            raise InvalidValue(f"{column}: {exc}") from None

    @staticmethod
    def _patent_type(text: str, from_kind: str | None, app: str | None) -> str | None:
        for word, ptype in _TYPE_WORDS:
            if word in text:
                return ptype
        if from_kind:
            return from_kind
        if app:
            return parse_cn_application_number(app).patent_type
        return None

    @staticmethod
    def _legal_events(text: str) -> list[LegalEvent]:
        """'2023-03-28 授权;2022-12-30 实质审查的生效' / '20230328:授权' / one event per line."""
        events: list[LegalEvent] = []
        for entry in re.split(r"\s*(?:;|；|\n)\s*", text):
            if not entry:
                continue
            m = re.match(r"^(\d{4}[-./年]?\d{1,2}[-./月]?\d{1,2}日?)\s*[:：,，\s]?\s*(.*)$", entry)
            when = None
            desc = entry
            if m:
                try:
                    when = optional_date(m.group(1))
                    desc = m.group(2)
                except InvalidValue:
                    when = None
            code_m = re.match(r"^([A-Z]\d{2})\s*[:：]?\s*(.*)$", desc)
            code = None
            if code_m:
                code, desc = code_m.group(1), code_m.group(2)
            events.append(LegalEvent(date=when, code=code, description=desc or None))
        return events

    @staticmethod
    def _priorities(numbers: str, dates: str) -> list[Priority]:
        nums = split_names(numbers.replace(",", ";"))
        whens = split_names(dates.replace(",", ";"))
        out: list[Priority] = []
        for i in range(max(len(nums), len(whens))):
            num = nums[i] if i < len(nums) else None
            when = optional_date(whens[i]) if i < len(whens) else None
            country = None
            if num:
                m = re.match(r"^([A-Z]{2})\s*(.*)$", num.upper())
                if m:
                    country, num = m.group(1), m.group(2)
            out.append(Priority(country=country, number=num, date=when))
        return out

    @staticmethod
    def _citations(patents: str, npl: str) -> list[Citation]:
        out: list[Citation] = []
        for entry in split_names(patents.replace(",", ";")):
            try:
                number: str = publication_number(entry)
            except InvalidValue:
                number = entry
            out.append(Citation(number=number, kind="patent"))
        for entry in split_names(npl):
            out.append(Citation(kind="npl", text=entry))
        return out


# --------------------------------------------------------------------------- containers


def _text_head(head: bytes) -> str:
    try:
        enc = detect_encoding(Path("-"), head)
    except UnreadableFile:
        return ""
    return head.decode("utf-8" if enc == "utf-8-sig" else enc, errors="ignore").lstrip("\ufeff")


class CnExportJsonReader:
    name = "cn-export-json"
    description = "CNIPA/incoPat-style bibliographic export (Chinese columns) as a JSON array or JSON Lines"

    def __init__(self) -> None:
        self.mapper = RowMapper(self.name)

    def sniff(self, path: Path, head: bytes) -> bool:
        text = _text_head(head).lstrip()
        if not text.startswith(("[", "{")):
            return False
        return '"申请号"' in text and any(f'"{n}"' in text for n in ("公开号", "授权公告号", "公开(公告)号"))

    def read(self, path: Path) -> Iterator[ReadItem]:
        head = read_head(path, "JSON")
        first = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
        if first == b"[":
            yield from self._array(path)
        elif first == b"{":
            yield from self._lines(path)
        else:
            raise UnreadableFile("not JSON (expected an array of row objects or one object per line)")

    def _array(self, path: Path) -> Iterator[ReadItem]:
        index = 0
        try:
            for index, value, offset in iter_json_array(path):
                position = f"row {index + 1} (char {offset})"
                if not isinstance(value, dict):
                    yield ReadItem(
                        position, error="array element is not a row object", raw=excerpt(str(value))
                    )
                    continue
                yield self.mapper.item(value, position, path)
        except json.JSONDecodeError as exc:
            yield ReadItem(
                f"after row {index + 1}",
                error=f"JSON is broken at line {exc.lineno} column {exc.colno}: {exc.msg}; rest of file not read",
            )

    def _lines(self, path: Path) -> Iterator[ReadItem]:
        for position, value, error, line in iter_json_lines(path):
            if value is None:
                yield ReadItem(position, error=error, raw=excerpt(line))
                continue
            yield self.mapper.item(value, position, path)


class CnExportCsvReader:
    name = "cn-export-csv"
    description = (
        "CNIPA/incoPat-style bibliographic export (Chinese columns) as CSV/TSV (UTF-8, BOM, GB18030)"
    )

    #: rows searched for the header (exports may start with a title line)
    HEADER_ROWS = 10

    def __init__(self) -> None:
        self.mapper = RowMapper(self.name)

    def sniff(self, path: Path, head: bytes) -> bool:
        if head[:2] == b"PK" or looks_binary(head):
            return False
        text = _text_head(head)
        if text.lstrip().startswith(("[", "{")):
            return False
        for line in text.splitlines()[: self.HEADER_ROWS]:
            delim = "\t" if line.count("\t") > line.count(",") else ","
            if is_export_header(next(csv.reader([line], delimiter=delim), [])):
                return True
        return False

    def read(self, path: Path) -> Iterator[ReadItem]:
        encoding = detect_encoding(path)  # raises UnreadableFile for empty / binary files
        lines = iter_lines(path, encoding)
        # find the delimiter and header among the first lines
        header: list[str] | None = None
        delim = ","
        header_line = 0
        for header_line, text, _error in lines:
            delim = "\t" if text.count("\t") > text.count(",") else ","
            cells = next(csv.reader([text], delimiter=delim), [])
            if is_export_header(cells):
                header = [canonical_column(c) for c in cells]
                break
            if header_line >= self.HEADER_ROWS:
                break
        if header is None:
            raise UnreadableFile("no header row with 申请号 and 公开号 in the first lines: not this export")
        for position, cells, errors in iter_csv_rows(lines, delim, header_line + 1):
            if errors:
                yield ReadItem(position, error="; ".join(errors), raw=excerpt(delim.join(cells)) or None)
                continue
            if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
                yield ReadItem(
                    position,
                    error=f"row has {len(cells)} cells but the header has {len(header)} columns",
                    raw=excerpt(delim.join(cells)),
                )
                continue
            row = dict(zip(header, cells, strict=False))
            yield self.mapper.item(dict(row), position, path)


class CnExportXlsxReader:
    name = "cn-export-xlsx"
    description = "CNIPA/incoPat-style bibliographic export (Chinese columns) as an Excel workbook (.xlsx)"

    HEADER_ROWS = 10

    def __init__(self) -> None:
        self.mapper = RowMapper(self.name)

    def sniff(self, path: Path, head: bytes) -> bool:
        if not head.startswith(b"PK"):
            return False
        try:
            with zipfile.ZipFile(path) as zf:
                if "xl/workbook.xml" not in zf.namelist():
                    return False
        except (zipfile.BadZipFile, OSError):
            return False
        try:
            for _, cells in zip(range(self.HEADER_ROWS), self._rows(path), strict=False):
                if is_export_header(cells):
                    return True
        except Exception:
            return False
        return False

    @staticmethod
    def _rows(path: Path) -> Iterator[tuple[object, ...]]:
        import openpyxl

        try:
            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:
            raise UnreadableFile(f"not a readable .xlsx workbook: {exc}") from None
        try:
            ws = wb.worksheets[0]
            yield from ws.iter_rows(values_only=True)
        finally:
            wb.close()

    def read(self, path: Path) -> Iterator[ReadItem]:
        with open(path, "rb") as fh:
            head = fh.read(8)
        if not head:
            raise UnreadableFile("file is empty")
        if not head.startswith(b"PK"):
            raise UnreadableFile("not an .xlsx workbook (no ZIP signature)")
        header: list[str] | None = None
        for number, cells in enumerate(self._rows(path), start=1):
            if header is None:
                if is_export_header(cells):
                    header = [canonical_column(cell_text(c)) for c in cells]
                elif number >= self.HEADER_ROWS:
                    raise UnreadableFile("no header row with 申请号 and 公开号 in the first rows")
                continue
            if not any(cell_text(c) for c in cells):
                continue
            position = f"row {number}"
            row = {name: value for name, value in zip(header, cells, strict=False) if name}
            yield self.mapper.item(row, position, path)
        if header is None:
            raise UnreadableFile("no header row with 申请号 and 公开号: not this export")


READERS: list[Reader] = [CnExportJsonReader(), CnExportCsvReader(), CnExportXlsxReader()]
