"""Building blocks of the domain's self-contained reports: an HTML page (plotly.js embedded once, nothing fetched
when it is opened) and an XLSX workbook with one sheet per table. No logic: callers pass finished tables."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

STYLE = (
    "body{font-family:system-ui,'Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:2em;max-width:1200px}"
    "table{border-collapse:collapse;margin:.6em 0 1.4em}td,th{border:1px solid #bbb;padding:3px 8px;"
    "text-align:left;vertical-align:top}th{background:#f2f2f2}td.n{text-align:right}"
    ".meta{color:#444;font-size:92%}.warn{color:#8a4b00}.big{font-size:150%;font-weight:bold}"
    ".unconfirmed{color:#b00020;font-weight:bold}"
)


class Table:
    """A titled table: column headers and rows of plain values."""

    def __init__(self, key: str, title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        self.key = key  # sheet name in the XLSX
        self.title = title
        self.columns = list(columns)
        self.rows = [list(r) for r in rows]


def esc(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1e6 else f"{value:,.0f}"
    return html.escape(str(value))


def table_html(table: Table, limit: int | None = None) -> str:
    rows = table.rows if limit is None else table.rows[:limit]
    parts = [f"<h3>{esc(table.title)}</h3><table><tr>"]
    parts += [f"<th>{esc(c)}</th>" for c in table.columns]
    parts.append("</tr>")
    for row in rows:
        cells = []
        for v in row:
            cls = " class='n'" if isinstance(v, int | float) and not isinstance(v, bool) else ""
            text = esc(v)
            if text == "UNCONFIRMED":
                text = "<span class='unconfirmed'>UNCONFIRMED</span>"
            cells.append(f"<td{cls}>{text}</td>")
        parts.append("<tr>" + "".join(cells) + "</tr>")
    parts.append("</table>")
    if limit is not None and len(table.rows) > limit:
        parts.append(f"<p class='meta'>… {len(table.rows) - limit} more rows in the XLSX</p>")
    return "".join(parts)


def figure_html(fig: Any, first: bool) -> str:
    """A plotly figure as a div; plotly.js is embedded in the first one only (offline, self-contained)."""
    return str(fig.to_html(full_html=False, include_plotlyjs=bool(first)))


def page(title: str, meta: Sequence[str], sections: Sequence[str]) -> str:
    head = (
        "<!DOCTYPE html><html lang='zh'><head><meta charset='utf-8'>"
        f"<title>{esc(title)}</title><style>{STYLE}</style></head><body>"
        f"<h1>{esc(title)}</h1><ul class='meta'>" + "".join(f"<li>{esc(m)}</li>" for m in meta) + "</ul>"
    )
    return head + "\n".join(sections) + "</body></html>"


class Charts:
    """Collects plotly figures so that only the first embeds plotly.js."""

    def __init__(self) -> None:
        self.count = 0

    def add(self, fig: Any, height: int = 380) -> str:
        fig.update_layout(height=height, margin={"l": 40, "r": 20, "t": 50, "b": 40})
        out = figure_html(fig, self.count == 0)
        self.count += 1
        return f"<div class='chart'>{out}</div>"


_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        value = _ILLEGAL.sub(" ", value)
        return value[:32_000]
    if isinstance(value, list | tuple | dict):
        return _ILLEGAL.sub(" ", str(value))[:32_000]
    return value


def write_xlsx(path: Path, tables: Sequence[Table], about: Sequence[tuple[str, Any]]) -> None:
    """One sheet per table (named by its key) and an ``about`` sheet (query, corpus version, cut-off …)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    info = wb.active
    assert info is not None
    info.title = "about"
    for k, v in about:
        info.append([_cell(k), _cell(v)])
    used: set[str] = {"about"}
    for t in tables:
        name = _SHEET_CHARS.sub("_", t.key)[:31] or "table"
        base, n = name, 2
        while name in used:
            name = f"{base[:28]}_{n}"
            n += 1
        used.add(name)
        ws = wb.create_sheet(name)
        ws.append([_cell(t.title)])
        ws.append([_cell(c) for c in t.columns])
        for cell in ws[2]:
            cell.font = Font(bold=True)
        for row in t.rows:
            ws.append([_cell(v) for v in row])
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    wb.save(tmp)
    tmp.replace(path)


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
