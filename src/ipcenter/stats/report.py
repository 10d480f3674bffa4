"""Report outputs: terminal table, JSON, CSV, XLSX (the official table layout) and an HTML report with charts.

The HTML is self-contained (plotly.js is embedded, nothing is fetched when it is opened). Every output states the
as-of date, corpus version, attribution rule, population vintage and the configuration, UNCONFIRMED ones marked.
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ipcenter import render
from ipcenter.i18n import label
from ipcenter.stats.models import COUNT_COLUMNS, ROW_KEYS, StatsTable

TOTAL_KEY = {
    "valid_inventions": "valid_invention_total",
    "high_value": "high_value_total",
    "sei": "sei_total",
}


def table_json(table: StatsTable) -> dict[str, Any]:
    """The CLI contract: as_of, population_vintage, rows (exact keys), then the provenance of every number."""
    rows = []
    for r in table.rows:
        row = r.to_json()
        if table.indicator != "valid_inventions":  # the same columns, the total named for what it counts
            row = {
                (
                    "region"
                    if k == "region"
                    else TOTAL_KEY[table.indicator]
                    if k == "valid_invention_total"
                    else k
                ): v
                for k, v in row.items()
            }
        rows.append(row)
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
    if table.indicator != "valid_inventions":
        keys[1] = TOTAL_KEY[table.indicator]
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
    if table.indicator == "high_value" and table.extra:
        render.print_table(
            label("criteria", lang),
            ["criterion", "count"],
            [[label(k, lang), v] for k, v in table.extra["criteria_totals"].items()]
            + [[f"∩ {k}", v] for k, v in table.extra["criteria_combinations"].items()],
            lang,
        )
    if table.indicator == "sei" and table.extra:
        render.print_table(
            label("by_industry", lang),
            ["sei_code", "sei_name", "count"],
            [[i["code"], i["name"], i["total"]] for i in table.extra["industries"]]
            + [[f["code"], f["name"], f["total"]] for f in table.extra["sub_fields"]],
            lang,
        )
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


def _figure_html(fig: Any, include_js: bool) -> str:
    return str(fig.to_html(full_html=False, include_plotlyjs=bool(include_js)))


def html_report(
    tables: Sequence[StatsTable],
    lang: str,
    *,
    trend: Sequence[dict[str, Any]] = (),
    title: str | None = None,
) -> str:
    """One self-contained page: ranking by density, applicant-type breakdown, industries, trend, the tables."""
    import plotly.graph_objects as go

    charts: list[str] = []
    by_name = {t.indicator: t for t in tables}
    vi = by_name.get("valid_inventions")
    if vi is not None:
        ranked = sorted(
            (r for r in vi.rows if r.kind == "region" and r.density_per_10k is not None),
            key=lambda r: r.rank or 0,
        )
        if ranked:
            fig = go.Figure(
                go.Bar(x=[r.region for r in ranked], y=[float(r.density_per_10k or 0) for r in ranked])
            )
            fig.update_layout(
                title=label("chart_ranking", lang), yaxis_title=label("density_per_10k", lang), height=380
            )
            charts.append(fig)
        regions = [r for r in vi.rows if r.kind in ("region", "other")]
        fig = go.Figure()
        for col in (
            "universities",
            "research_institutes",
            "enterprises",
            "government_organisations",
            "individuals",
        ):
            fig.add_bar(
                name=label(col, lang), x=[r.region for r in regions], y=[r.count(col) for r in regions]
            )
        fig.update_layout(barmode="stack", title=label("chart_types", lang), height=420)
        charts.append(fig)
    if trend:
        fig = go.Figure(
            go.Scatter(
                x=[t["as_of"] for t in trend],
                y=[t["valid_invention_total"] for t in trend],
                mode="lines+markers",
            )
        )
        fig.update_layout(
            title=label("chart_trend", lang), yaxis_title=label("valid_invention_total", lang), height=360
        )
        charts.append(fig)
    sei = by_name.get("sei")
    if sei is not None and sei.extra.get("industries"):
        inds = sei.extra["industries"]
        fig = go.Figure(go.Bar(x=[i["name"] for i in inds], y=[i["total"] for i in inds]))
        fig.update_layout(title=label("chart_industries", lang), height=380)
        charts.append(fig)
    hv = by_name.get("high_value")
    if hv is not None and hv.extra.get("criteria_totals"):
        crit = hv.extra["criteria_totals"]
        fig = go.Figure(go.Bar(x=[label(k, lang) for k in crit], y=list(crit.values())))
        fig.update_layout(title=label("chart_criteria", lang), height=360)
        charts.append(fig)

    parts = [
        "<!DOCTYPE html><html lang='zh'><head><meta charset='utf-8'>",
        f"<title>{html.escape(title or label('stats_report', lang))}</title>",
        "<style>body{font-family:system-ui,'Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:2em;max-width:1200px}"
        "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;padding:3px 8px;text-align:right}"
        "td:first-child,th:first-child{text-align:left}.prov{color:#555;font-size:90%}</style></head><body>",
        f"<h1>{html.escape(title or label('stats_report', lang))}</h1>",
    ]
    for i, fig in enumerate(charts):
        parts.append(f"<div class='chart' id='chart-{i}'>{_figure_html(fig, include_js=i == 0)}</div>")
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
    """Write or print ``table`` in ``fmt`` (table/json/csv/xlsx/html); xlsx and html need ``output``."""
    if fmt == "table":
        print_table(table, lang)
        return
    if fmt == "json":
        text = json.dumps(table_json(table), ensure_ascii=False, indent=2) + "\n"
    elif fmt == "csv":
        text = to_csv(table, lang)
    elif fmt == "html":
        text = html_report([table], lang)
    elif fmt == "xlsx":
        if output is None:
            raise ValueError("--format xlsx needs --output FILE")
        write_xlsx(table, output, lang)
        return
    else:
        raise ValueError(f"unknown format {fmt!r}")
    if output is None:
        if fmt == "html":
            raise ValueError("--format html needs --output FILE")
        import sys

        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
