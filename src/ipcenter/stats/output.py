"""Report outputs: terminal table, JSON, CSV, XLSX (the official table layout) and an HTML report with charts.

Each indicator's part of the layout (its total's name, detail tables, charts) comes from its module in the
registry (:mod:`ipcenter.stats.indicators`); nothing here names an indicator. The HTML is self-contained (plotly.js is embedded, nothing is fetched when it is opened). Every output states the
as-of date, corpus version, attribution rule, population vintage and the configuration, UNCONFIRMED ones marked.
"""

from __future__ import annotations

import csv
import html
import io
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ipcenter import render
from ipcenter.i18n import label
from ipcenter.stats import indicators, labels  # noqa: F401 (labels: registers the shared labels)
from ipcenter.stats.errors import StatsError
from ipcenter.stats.indicators.base import Chart
from ipcenter.stats.models import COUNT_COLUMNS, ROW_KEYS, StatsTable


def table_json(table: StatsTable) -> dict[str, Any]:
    """The CLI contract: as_of, population_vintage, rows (exact keys), then the provenance of every number."""
    total_key = indicators.get(
        table.indicator
    ).total_key  # the same columns, the total named for what it counts
    rows = [
        {(total_key if k == "valid_invention_total" else k): v for k, v in r.to_json().items()}
        for r in table.rows
    ]
    meta = table.metadata()
    out: dict[str, Any] = {
        "as_of": meta.pop("as_of"),
        "population_vintage": meta.pop("population_vintage"),
        "rows": rows,
    }
    out.update(meta)
    if table.extra:
        out.update(table.extra)
    return out


def _header(table: StatsTable, lang: str) -> list[str]:
    keys = list(ROW_KEYS)
    keys[1] = indicators.get(table.indicator).total_key
    return [label("density_rank" if k == "rank" else k, lang) for k in keys]


def _cells(table: StatsTable) -> list[list[Any]]:
    out = []
    for r in table.rows:
        j = r.to_json()
        cells = [j["region"], *[j[c] for c in COUNT_COLUMNS]]
        cells.append(f"{r.resident_population_10k}" if r.resident_population_10k is not None else "-")
        cells.append(f"{r.density_per_10k:.2f}" if r.density_per_10k is not None else "-")
        cells.append(r.rank if r.rank is not None else "")
        out.append(cells)
    return out


def provenance_lines(table: StatsTable, lang: str) -> list[str]:
    m = table.metadata()
    lines = [
        f"{label('as_of', lang)}: {m['as_of']}",
        f"{label('corpus_version', lang)}: {m['corpus_version']}",
        f"{label('attribution_rule', lang)}: {m['attribution_rule']}",
        f"{label('population_vintage', lang)}: {m['population_vintage']} ({'; '.join(m['population_sources']) or '-'})",
        f"{label('engine', lang)}: {m['engine']}",
    ]
    for key, s in m["config"].items():
        lines.append(f"{key} = {s['value']} [{s['status']}]")
    lines += list(m["notes"])
    return lines


def print_table(table: StatsTable, lang: str) -> None:
    title = f"{label(table.indicator, lang)} — {table.within or label('country', lang)} — {table.as_of.isoformat()}"
    render.print_table(title, _header(table, lang), _cells(table), lang, keys=False)
    for detail in indicators.get(table.indicator).detail_tables(table, lang):
        render.print_table(detail.title, detail.columns, detail.rows, lang)
    for line in provenance_lines(table, lang):
        render.console.print(f"  {line}", markup=False)


def to_csv(table: StatsTable, lang: str) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    for line in provenance_lines(table, lang):
        w.writerow([f"# {line}"])
    w.writerow(_header(table, lang))
    w.writerows(_cells(table))
    return buf.getvalue()


def write_xlsx(table: StatsTable, path: Path, lang: str) -> None:
    import openpyxl
    from openpyxl.styles import Font

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = label(table.indicator, lang)[:31]
    ws.append([f"{label(table.indicator, lang)} {table.within or ''} {table.as_of.isoformat()}"])
    ws.append(_header(table, lang))
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for cells in _cells(table):
        ws.append([c if not isinstance(c, str) or c != "-" else None for c in cells])
    info = wb.create_sheet("provenance")
    for line in provenance_lines(table, lang):
        info.append([line])
    if table.extra:
        extra = wb.create_sheet("details")
        extra.append([json.dumps(table.extra, ensure_ascii=False)[:32000]])
    wb.save(path)


# --------------------------------------------------------------------------- HTML


def _figure(chart: Chart) -> Any:
    import plotly.graph_objects as go

    fig = go.Figure()
    for name, values in chart.series:
        fig.add_bar(name=name, x=list(chart.x), y=list(values))
    fig.update_layout(title=chart.title, height=chart.height, **chart.layout)
    if chart.y_title:
        fig.update_layout(yaxis_title=chart.y_title)
    if chart.stacked:
        fig.update_layout(barmode="stack")
    return fig


def _trend_figure(trend: Sequence[dict[str, Any]], lang: str) -> Any:
    import plotly.graph_objects as go

    fig = go.Figure(
        go.Scatter(
            x=[t["as_of"] for t in trend], y=[t["valid_invention_total"] for t in trend], mode="lines+markers"
        )
    )
    fig.update_layout(
        title=label("chart_trend", lang), yaxis_title=label("valid_invention_total", lang), height=360
    )
    return fig


def html_report(
    tables: Sequence[StatsTable],
    lang: str,
    *,
    trend: Sequence[dict[str, Any]] = (),
    title: str | None = None,
) -> str:
    """One self-contained page: each table's charts (from its indicator), the trend, then the tables."""
    figures = [_figure(c) for t in tables for c in indicators.get(t.indicator).charts(t, lang)]
    if trend:
        figures.append(_trend_figure(trend, lang))
    parts = [
        "<!DOCTYPE html><html lang='zh'><head><meta charset='utf-8'>",
        f"<title>{html.escape(title or label('stats_report', lang))}</title>",
        "<style>body{font-family:system-ui,'Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:2em;max-width:1200px}"
        "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;padding:3px 8px;text-align:right}"
        "td:first-child,th:first-child{text-align:left}.prov{color:#555;font-size:90%}</style></head><body>",
        f"<h1>{html.escape(title or label('stats_report', lang))}</h1>",
    ]
    for i, fig in enumerate(figures):
        # plotly.js is embedded once, with the first chart
        html_fig = str(fig.to_html(full_html=False, include_plotlyjs=i == 0))
        parts.append(f"<div class='chart' id='chart-{i}'>{html_fig}</div>")
    for t in tables:
        parts.append(
            f"<h2>{html.escape(label(t.indicator, lang))} — {html.escape(t.within or label('country', lang))} — {t.as_of}</h2>"
        )
        parts.append(
            "<table><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in _header(t, lang)) + "</tr>"
        )
        for cells in _cells(t):
            parts.append("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in cells) + "</tr>")
        parts.append("</table><ul class='prov'>")
        parts += [f"<li>{html.escape(line)}</li>" for line in provenance_lines(t, lang)]
        parts.append("</ul>")
    parts.append("</body></html>")
    return "\n".join(parts)


def write_output(table: StatsTable, fmt: str, output: Path | None, lang: str) -> None:
    """Write ``table`` in ``fmt`` (table/json/csv/xlsx/html) to ``output``, or print it; xlsx and html need a file."""
    if fmt == "table":
        print_table(table, lang)
        return
    if fmt in ("xlsx", "html") and output is None:
        raise StatsError(f"--format {fmt} needs --output FILE")
    if fmt == "xlsx":
        assert output is not None
        write_xlsx(table, output, lang)
        return
    writers = {
        "json": lambda: json.dumps(table_json(table), ensure_ascii=False, indent=2) + "\n",
        "csv": lambda: to_csv(table, lang),
        "html": lambda: html_report([table], lang),
    }
    if fmt not in writers:
        raise StatsError(f"unknown format {fmt!r}: expected table, {', '.join(writers)} or xlsx")
    text = writers[fmt]()
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
