"""The portfolio view as HTML (charts) and XLSX (every table), from the portfolio service's dict; no logic."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ipcenter.value.html import Charts, Table, page, table_html, write_text, write_xlsx


def tables(p: dict[str, Any]) -> list[Table]:
    cov = p.get("ipc_coverage") or {}
    out = [
        Table(
            "variants",
            "名称变体（已合并）/ name variants merged",
            ["name as written", "documents"],
            list(p["variants"].items()),
        ),
        Table(
            "similar",
            "相似名称（未合并）/ similar names, not merged",
            ["name", "documents", "variants"],
            [[s["name"], s["documents"], "; ".join(s["variants"])] for s in p.get("similar_not_merged", [])],
        ),
        Table(
            "status",
            "法律状态 / by legal status (applications)",
            ["status", "applications"],
            list(p["by_status"].items()),
        ),
        Table("types", "专利类型 / by type", ["type", "applications"], list(p["by_type"].items())),
        Table("years", "申请年 / by filing year", ["year", "applications"], list(p["by_year"].items())),
        Table(
            "value_distribution",
            f"价值分布 / value distribution — {p['value']['scenario']} ({p['value']['weight_set']})",
            ["composite", "applications"],
            p["value"]["distribution"],
        ),
        Table(
            "value_top",
            "价值最高 / highest composites (coverage = share of the scenario's weight that had a value)",
            ["publication number", "composite", "coverage"],
            [[t["publication_number"], t["composite"], t["coverage"]] for t in p["value"]["top"]],
        ),
        Table(
            "expiries",
            "即将届满 / expiries in the next five years",
            ["publication number", "term end", "title"],
            [[e["publication_number"], e["term_end"], e["title"]] for e in p["expiries"]],
        ),
        Table(
            "fees",
            f"年费/维持费 / next fee due — {p['fee_rule']}",
            ["publication number", "due", "fee"],
            [[f["publication_number"], f["due"], f["fee"]] for f in p["annual_fees"]],
        ),
        Table(
            "ipc_coverage",
            "IPC布局对比 / IPC coverage against the top competitors in the same subclasses (documents)",
            ["subclass", *[a["name"] for a in cov.get("applicants", [])]],
            cov.get("matrix", []),
        ),
    ]
    if "landscape" in p:
        out.append(
            Table(
                "clusters",
                "技术聚类 / technology clusters on the landscape (own documents and share)",
                ["cluster", "documents on the map", "own documents", "own share", "label"],
                [
                    [c["cluster"], c["size"], c["own_documents"], c["share"], c["label"]]
                    for c in p["landscape"]["clusters"]
                ],
            )
        )
        out.append(
            Table(
                "white_spaces",
                "空白点候选（集群式布局）/ white-space candidates next to its clusters",
                [
                    "IPC main group",
                    "cluster",
                    "cluster label",
                    "documents of others",
                    "other applicants",
                    "latest year",
                ],
                [
                    [
                        w["main_group"],
                        w["cluster"],
                        w["cluster_label"],
                        w["documents"],
                        w["applicants"],
                        w["latest"],
                    ]
                    for w in p.get("white_spaces", [])
                ],
            )
        )
    stats = p.get("stats_attributes") or {}
    rows: list[list[Any]] = [["concept", stats.get("concept", "")]]
    if stats.get("available"):
        rows += [
            ["valid domestic inventions counted", stats.get("valid_domestic_inventions_counted")],
            ["统计口径高价值发明专利 / statistical high-value", stats.get("high_value_count")],
            *[[f"criterion: {k}", v] for k, v in (stats.get("criteria") or {}).items()],
        ]
    else:
        rows.append(["not available", stats.get("reason", "")])
    out.append(
        Table("stats", "统计口径属性（非GB/T 42748评级）/ statistical attributes", ["item", "value"], rows)
    )
    return out


def meta(p: dict[str, Any]) -> list[tuple[str, Any]]:
    return [
        ("applicant", f"{p['applicant']} (key {p['key']}; {len(p['variants'])} name variants merged)"),
        ("documents", f"{p['documents']} documents, {p['applications']} applications"),
        (
            "value",
            f"scenario {p['value']['scenario']}, {p['value']['weight_set']}; mean {p['value']['mean']}, median {p['value']['median']}",
        ),
        ("cut-off", p["cut_off"]),
        ("corpus version", p["corpus_version"]),
    ]


def html_report(p: dict[str, Any]) -> str:
    import plotly.graph_objects as go

    charts = Charts()
    sections = []
    years = list(p["by_year"].items())
    sections.append(
        charts.add(
            go.Figure(go.Bar(x=[y for y, _ in years], y=[n for _, n in years])).update_layout(
                title="申请年 / applications by year"
            ),
            320,
        )
    )
    dist = p["value"]["distribution"]
    sections.append(
        charts.add(
            go.Figure(go.Bar(x=[d[0] for d in dist], y=[d[1] for d in dist])).update_layout(
                title="价值分布 / value distribution"
            ),
            320,
        )
    )
    cov = p.get("ipc_coverage") or {}
    if cov.get("matrix"):
        fig = go.Figure(
            go.Heatmap(
                z=[r[1:] for r in cov["matrix"]],
                x=[a["name"] for a in cov["applicants"]],
                y=[r[0] for r in cov["matrix"]],
                colorscale="Blues",
            )
        )
        sections.append(
            charts.add(fig.update_layout(title="IPC布局对比 / IPC coverage"), 160 + 28 * len(cov["matrix"]))
        )
    points = p.get("landscape_points") or []
    if points:
        fig = go.Figure()
        labels = {c["cluster"]: c["label"] for c in p["landscape"]["clusters"]}
        for c in sorted(labels):
            pts = [x for x in points if x["cluster"] == c]
            fig.add_scatter(x=[x["x"] for x in pts], y=[x["y"] for x in pts], mode="markers", name=f"{c}: {labels[c]}",
                            text=[f"{x['publication_number']} {x['title']}" for x in pts],
                            marker={"size": [9 if x.get("own") else 5 for x in pts]})  # fmt: skip
        sections.append(
            charts.add(fig.update_layout(title="技术地图 / landscape (own documents larger)"), 520)
        )
    sections += [table_html(t, limit=40) for t in tables(p)]
    return page(f"专利组合 / portfolio — {p['applicant']}", [f"{k}: {v}" for k, v in meta(p)], sections)


def write(p: dict[str, Any], path: Path, fmt: str) -> None:
    if fmt == "html":
        write_text(path, html_report(p))
    else:
        write_xlsx(path, tables(p), meta(p))
