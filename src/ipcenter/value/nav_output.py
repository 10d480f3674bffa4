"""The navigation report as HTML (charts, plotly.js embedded) and XLSX (every table), no logic."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ipcenter.value.html import Charts, Table, page, table_html, write_text, write_xlsx
from ipcenter.value.nav_tables import NavData, NavTable
from ipcenter.value.navigation import SECTION_TABLES, SECTION_TITLES, NavReport


def _t(t: NavTable) -> Table:
    return Table(t.key, t.title, t.columns, t.rows)


def _bar(rows: list[list[Any]], title: str, horizontal: bool = True) -> Any:
    import plotly.graph_objects as go

    labels = [str(r[0]) for r in rows]
    values = [r[1] for r in rows]
    if horizontal:
        fig = go.Figure(go.Bar(x=values, y=labels, orientation="h"))
        fig.update_layout(title=title, yaxis={"autorange": "reversed"})
    else:
        fig = go.Figure(go.Bar(x=labels, y=values))
        fig.update_layout(title=title)
    return fig


def _charts(section: str, data: NavData, report: NavReport) -> list[tuple[Any, int]]:
    import plotly.graph_objects as go

    tables = data.tables
    out: list[tuple[Any, int]] = []
    if section == "trend" and tables["trend"].rows:
        rows = tables["trend"].rows
        fig = go.Figure()
        for i, name in ((1, "applications"), (2, "publications"), (3, "grants")):
            fig.add_scatter(x=[r[0] for r in rows], y=[r[i] for r in rows], mode="lines+markers", name=name)
        fig.update_layout(title=tables["trend"].title)
        out.append((fig, 360))
    elif section == "composition":
        for key in ("types", "offices", "ipc_subclasses"):
            if tables[key].rows:
                out.append((_bar(tables[key].rows[:15], tables[key].title), 340))
    elif section == "geography":
        for key in ("countries", "provinces"):
            if tables[key].rows:
                out.append((_bar(tables[key].rows[:15], tables[key].title), 340))
    elif section == "applicants" and tables["applicants"].rows:
        rows = [[r[1], r[2]] for r in tables["applicants"].rows[:15]]
        out.append((_bar(rows, tables["applicants"].title), 420))
    elif section == "life_cycle" and tables["life_cycle"].rows:
        rows = tables["life_cycle"].rows
        fig = go.Figure(
            go.Scatter(
                x=[r[1] for r in rows], y=[r[2] for r in rows], text=[str(r[0]) for r in rows],
                mode="lines+markers+text", textposition="top center",
            )
        )  # fmt: skip
        fig.update_layout(
            title=tables["life_cycle"].title, xaxis_title="applications", yaxis_title="applicants"
        )
        out.append((fig, 420))
    elif section == "effects" and tables["effect_matrix"].rows:
        t = tables["effect_matrix"]
        fig = go.Figure(
            go.Heatmap(
                z=[r[1:] for r in t.rows], x=t.columns[1:], y=[r[0] for r in t.rows], colorscale="Blues"
            )
        )
        fig.update_layout(title=t.title, yaxis={"autorange": "reversed"})
        out.append((fig, 160 + 30 * len(t.rows)))
    elif section == "citations" and tables["citation_edges"].rows:
        edges = tables["citation_edges"].rows[:600]
        cited = {r[0]: r[1] for r in tables["most_cited"].rows}
        years = {r[0]: r[2] for r in edges} | {r[1]: r[3] for r in edges}
        counts: dict[str, int] = {}
        for e in edges:
            counts[e[1]] = counts.get(e[1], 0) + 1
        fig = go.Figure()
        xs: list[Any] = []
        ys: list[Any] = []
        for e in edges:
            xs += [years.get(e[0]), years.get(e[1]), None]
            ys += [counts.get(e[0], 0), counts.get(e[1], 0), None]
        fig.add_scatter(
            x=xs, y=ys, mode="lines", line={"width": 0.5, "color": "#999"}, hoverinfo="skip", name="citation"
        )
        nodes = sorted(years)
        fig.add_scatter(
            x=[years[n] for n in nodes], y=[counts.get(n, 0) for n in nodes], text=nodes, mode="markers",
            marker={"size": [6 + 2 * cited.get(n, 0) for n in nodes]}, name="document",
        )  # fmt: skip
        fig.update_layout(title="引证网络 / citation network (x: publication year, y: cited within the set)")
        out.append((fig, 420))
    elif section == "inventors" and tables["inventors"].rows:
        out.append(
            (_bar([[r[0], r[1]] for r in tables["inventors"].rows[:15]], tables["inventors"].title), 400)
        )
    elif section == "landscape" and report.landscape.points:
        fig = go.Figure()
        labels = {c["cluster"]: c["label"] for c in report.landscape.clusters}
        for c in sorted(labels):
            pts = [p for p in report.landscape.points if p["cluster"] == c]
            fig.add_scatter(
                x=[p["x"] for p in pts], y=[p["y"] for p in pts], mode="markers", name=f"{c}: {labels[c]}",
                text=[f"{p['publication_number']} {p['title']}" for p in pts], marker={"size": 5},
            )  # fmt: skip
        fig.update_layout(title="技术地图 / landscape (sentence vectors, PCA)")
        out.append((fig, 520))
    return out


def html_report(report: NavReport, title: str | None = None) -> str:
    charts = Charts()
    data = report.data
    summary = data.summary
    sections = [
        "<p class='big'>"
        f"{summary.get('documents', 0)} documents · {summary.get('applications', 0)} applications ·"
        f" {summary.get('applicants', 0)} applicants · CR4 {summary.get('cr4')} · HHI {summary.get('hhi')}</p>"
    ]
    for section in report.nav_type.sections:
        sections.append(f"<h2>{SECTION_TITLES[section]}</h2>")
        for fig, height in _charts(section, data, report):
            sections.append(charts.add(fig, height=height))
        for key in SECTION_TABLES[section]:
            t = data.tables.get(key)
            if t is None:
                continue
            sections.append(table_html(_t(t), limit=30))
            if t.note:
                sections.append(f"<p class='meta'>{t.note}</p>")
    name = title or f"专利导航报告 — {report.nav_type.name_zh} / patent navigation report"
    return page(name, [f"{k}: {v}" for k, v in report.about()], sections)


def write(report: NavReport, path: Path) -> None:
    """``.html`` → the report; ``.xlsx`` → every table, one sheet each, and the ``about`` sheet."""
    suffix = path.suffix.lower()
    if suffix == ".html":
        write_text(path, html_report(report))
    elif suffix == ".xlsx":
        summary = [(f"summary: {k}", v) for k, v in report.data.summary.items()]
        write_xlsx(path, [_t(t) for t in report.data.tables.values()], [*report.about(), *summary])
    else:
        from ipcenter.errors import InvalidValue

        raise InvalidValue(f"--output must end in .html or .xlsx, not {path.name!r}")
