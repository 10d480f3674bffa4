"""Readable outputs of a value explanation: terminal tables, the HTML report and the XLSX (no logic here)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ipcenter import render
from ipcenter.i18n import add_labels, label
from ipcenter.value.html import Charts, Table, page, table_html, write_xlsx
from ipcenter.value.models import UNCONFIRMED, ValueExplanation
from ipcenter.value.tree import load_tree

add_labels(
    {
        "value_report": ("专利价值评估报告（GB/T 42748 场景）", "patent value report (GB/T 42748 scenario)"),
        "scenario": ("评估场景", "scenario"),
        "composite": ("综合得分", "composite"),
        "percentile": ("同组百分位", "cohort percentile"),
        "cohort_size": ("同组数量", "cohort size"),
        "weight": ("权重", "weight"),
        "contribution": ("贡献", "contribution"),
        "indicator": ("指标", "indicator"),
        "dimension": ("一级指标", "dimension"),
        "raw": ("原始值", "raw value"),
        "blanks": ("空缺指标", "blank indicators"),
        "weight_set": ("权重版本", "weight set"),
        "cut_off": ("数据截止日", "data cut-off"),
        "coverage": ("权重覆盖率", "weight coverage"),
        "grade": ("等级", "grade"),
        "reason": ("原因", "reason"),
        "stats_attributes": (
            "统计口径属性（非GB/T 42748评级）",
            "statistical attributes (not a GB/T 42748 grade)",
        ),
        "external_attributes": ("外部评分（未并入）", "external scores (not merged)"),
        "expert_inputs": ("专家录入", "expert inputs"),
        "standard_tree": ("GB/T 42748-2023 指标体系", "GB/T 42748-2023 indicator tree"),
    }
)


def _indicator_name(key: str, lang: str) -> str:
    ind = load_tree().indicators.get(key)
    return ind.name(lang) if ind else key


def _line_rows(e: ValueExplanation, lang: str, descriptive: bool = False) -> list[list[Any]]:
    lines = e.descriptive if descriptive else e.lines
    return [
        [
            _indicator_name(x.name, lang),
            x.name,
            e.tree.dimension_name(x.dimension, lang),
            x.raw,
            x.percentile,
            x.cohort_size,
            x.weight,
            x.contribution,
        ]
        for x in lines
    ]


LINE_COLUMNS = ["indicator", "key", "dimension", "raw", "percentile", "cohort_size", "weight", "contribution"]


def summary_lines(e: ValueExplanation, lang: str) -> list[str]:
    cohort = e.cohort
    field = cohort["field"] if lang == "en" else cohort["field_zh"]
    return [
        f"{label('scenario', lang)}: {e.scenario.name(lang)} ({e.scenario.key}) — {e.scenario.purpose}",
        f"{label('composite', lang)}: {e.composite} / 100;"
        f" {label('grade', lang)}: {e.grade or '-'} (bands {e.weight_set.grade_bands_status})",
        f"{label('coverage', lang)}: {e.coverage:.0%} of the scenario's nominal weight had a value",
        f"cohort: {field} × {cohort['filing_year'] or 'year unknown'}",
        f"{label('weight_set', lang)}: {e.weight_set.label()}",
        f"{label('cut_off', lang)}: {e.cut_off}; corpus {e.corpus_version}",
        f"standard: {e.tree.profile}, tree {e.tree.version}; {len(e.tree.unconfirmed())} of its second/third-level"
        f" indicators {UNCONFIRMED} (not transcribed, not scored)",
    ]


def print_explanation(e: ValueExplanation, lang: str) -> None:
    title = f"{label('value_report', lang)} — {e.publication_number} {e.title or ''}"
    render.console.print(title, markup=False)
    for line in summary_lines(e, lang):
        render.console.print(f"  {line}", markup=False)
    render.print_table(label("contribution", lang), LINE_COLUMNS, _line_rows(e, lang), lang)
    if e.blanks:
        render.print_table(
            label("blanks", lang),
            ["indicator", "dimension", "reason"],
            [[_indicator_name(b["name"], lang), b["dimension"], b["reason"]] for b in e.blanks],
            lang,
        )
    stats = e.stats_attributes
    if stats:
        render.console.print(f"{label('stats_attributes', lang)}: {_stats_text(stats)}", markup=False)
    for x in e.external_attributes:
        render.console.print(
            f"{label('external_attributes', lang)}: {x['vendor']} {x['attribute']} = {x['value']}"
            f" ({x.get('vendor_date') or 'no date'}; entered by {x['by']} {x['at']})",
            markup=False,
        )


def _stats_text(stats: dict[str, Any]) -> str:
    if not stats.get("available"):
        return f"not available — {stats.get('reason', '')}"
    if "flags" not in stats:
        return str(stats.get("reason", "not counted"))
    hits = [k for k, v in stats["flags"].items() if v]
    return (
        f"高价值发明专利 (statistical) = {'yes' if stats['high_value'] else 'no'}"
        f" ({', '.join(hits) or 'no criterion met'}); SEI member = {'yes' if stats['sei_member'] else 'no'}"
    )


def tables(e: ValueExplanation, lang: str) -> list[Table]:
    out = [
        Table(
            "indicators",
            label("contribution", lang),
            [label(c, lang) for c in LINE_COLUMNS],
            _line_rows(e, lang),
        ),
        Table(
            "dimensions",
            label("dimension", lang),
            ["dimension", "name", "nominal weight", "weight used", "score", "contribution"],
            [
                [d["dimension"], d["name"], d["nominal_weight"], d["weight"], d["score"], d["contribution"]]
                for d in e.dimensions
            ],
        ),
        Table(
            "blanks",
            label("blanks", lang),
            ["indicator", "key", "dimension", "nominal weight", "reason"],
            [
                [
                    _indicator_name(b["name"], lang),
                    b["name"],
                    b["dimension"],
                    b["nominal_weight"],
                    b["reason"],
                ]
                for b in e.blanks
            ],
        ),
        Table(
            "descriptive",
            "indicators with a value, not weighted in this scenario",
            [label(c, lang) for c in LINE_COLUMNS],
            _line_rows(e, lang, descriptive=True),
        ),
        Table(
            "tree",
            label("standard_tree", lang),
            ["level", "id", "parent", "name"],
            [[1, d["key"], "", d["name_en"] if lang == "en" else d["name_zh"]] for d in e.tree.first_level]
            + [[2, n.id, n.parent or UNCONFIRMED, n.display(lang)] for n in e.tree.second_level]
            + [[3, n.id, n.parent or UNCONFIRMED, n.display(lang)] for n in e.tree.third_level]
            + [
                ["extension", i.key, i.dimension, f"{i.name(lang)} ({i.source})"]
                for i in e.tree.indicators.values()
            ],
        ),
        Table(
            "expert_inputs",
            label("expert_inputs", lang),
            ["indicator", "score", "by", "at", "evidence"],
            [[x["indicator"], x["score"], x["by"], x["at"], x.get("evidence", "")] for x in e.expert_inputs],
        ),
        Table(
            "external",
            label("external_attributes", lang),
            ["vendor", "attribute", "value", "vendor date", "by", "at", "merged into score"],
            [
                [x["vendor"], x["attribute"], x["value"], x.get("vendor_date"), x["by"], x["at"], "no"]
                for x in e.external_attributes
            ],
        ),
    ]
    stats = e.stats_attributes
    if stats:
        rows: list[list[Any]] = [["concept", stats.get("concept", "")], ["summary", _stats_text(stats)]]
        for k, v in (stats.get("flags") or {}).items():
            rows.append([k, "yes" if v else "no"])
        rows += [["SEI industry", f"{i['code']} {i['name']}"] for i in stats.get("sei_industries", [])]
        rows += [["note", n] for n in stats.get("notes", [])]
        out.append(Table("stats", label("stats_attributes", lang), ["item", "value"], rows))
    return out


def html_report(e: ValueExplanation, lang: str) -> str:
    import plotly.graph_objects as go

    charts = Charts()
    names = [_indicator_name(x.name, lang) for x in e.lines]
    fig = go.Figure(go.Bar(x=[x.contribution for x in e.lines], y=names, orientation="h"))
    fig.update_layout(
        title=f"{label('contribution', lang)} (Σ = {e.composite})", yaxis={"autorange": "reversed"}
    )
    sections = [
        f"<p class='big'>{label('composite', lang)}: {e.composite} / 100 — {e.scenario.name(lang)}</p>",
        charts.add(fig, height=120 + 24 * max(len(names), 1)),
    ]
    sections += [table_html(t) for t in tables(e, lang)]
    sections.append("<h3>notes</h3><ul>" + "".join(f"<li>{n}</li>" for n in e.notes) + "</ul>")
    text: str = page(
        f"{label('value_report', lang)} — {e.publication_number} {e.title or ''}",
        summary_lines(e, lang),
        sections,
    )
    return text


def write_value_xlsx(e: ValueExplanation, path: Path, lang: str) -> None:
    about = [("publication number", e.publication_number), ("title", e.title)]
    about += [(line.split(":")[0], line.split(":", 1)[1].strip()) for line in summary_lines(e, lang)]
    about += [("note", n) for n in e.notes]
    write_xlsx(path, tables(e, lang), about)
