"""Demo step of the value domain on the demo corpus (real data): one patent's explained GB/T 42748 score, one
enterprise's portfolio and one patent navigation report, written under ``<output>/value/``."""

from __future__ import annotations

import time
from typing import Any

from ipcenter import render
from ipcenter.context import DemoContext, DemoStepResult
from ipcenter.errors import UserError
from ipcenter.value import nav_output, navigation, output, portfolio, portfolio_output, service

#: A CNIPA export record (status, dates, transactions), the WIPO manual's pizza company, the pizza subclass.
PATENT = "CN115883397B"
ENTERPRISE = "Nestec"
NAVIGATION_IPC = "A21D"
NAVIGATION_TYPE = "产业规划"


def demo_step(ctx: DemoContext) -> DemoStepResult:
    render.console.rule("价值评估、专利组合与专利导航 / value, portfolio and navigation")
    started = time.perf_counter()
    out = ctx.output / "value"
    out.mkdir(parents=True, exist_ok=True)
    data: dict[str, Any] = {}
    errors: list[str] = []
    lines: list[str] = []
    try:
        inputs = service.open_inputs(ctx.corpus_dir, ctx.data_dir, store_path=out / "value-inputs.json")
        explanation = service.explain(inputs, PATENT, "管理")
        (out / f"value-{PATENT}.html").write_text(output.html_report(explanation, ctx.lang), encoding="utf-8")
        data["value"] = {
            "publication_number": PATENT,
            "scenario": explanation.scenario.name_zh,
            "composite": explanation.composite,
            "coverage": explanation.coverage,
            "blanks": [b["name"] for b in explanation.blanks],
            "weight_set": inputs.weights.label(),
            "cut_off": inputs.cut_off.isoformat(),
        }
        lines.append(
            f"- `{PATENT}` ({explanation.title}): composite **{explanation.composite}** / 100 in scenario"
            f" {explanation.scenario.name_zh}, {explanation.coverage:.0%} of the weight had a value; blanks:"
            f" {', '.join(b['name'] for b in explanation.blanks) or 'none'} — `value/value-{PATENT}.html`"
        )
        render.console.print(lines[-1], markup=False)

        pf = portfolio.portfolio(inputs, ENTERPRISE, map_points=600)
        portfolio_output.write(pf, out / "portfolio-nestec.html", "html")
        portfolio_output.write(pf, out / "portfolio-nestec.xlsx", "xlsx")
        data["portfolio"] = {
            "applicant": pf["applicant"],
            "variants": pf["variants"],
            "applications": pf["applications"],
            "value_mean": pf["value"]["mean"],
            "competitors": [a["name"] for a in pf["ipc_coverage"]["applicants"][1:]],
            "white_spaces": [w["main_group"] for w in pf.get("white_spaces", [])[:5]],
        }
        lines.append(
            f"- portfolio of **{pf['applicant']}** ({len(pf['variants'])} name variants merged:"
            f" {', '.join(pf['variants'])}): {pf['applications']} applications, mean composite"
            f" {pf['value']['mean']}; competitors {', '.join(data['portfolio']['competitors'])};"
            f" white-space candidates {', '.join(data['portfolio']['white_spaces']) or '-'}"
            " — `value/portfolio-nestec.html`, `.xlsx`"
        )
        render.console.print(lines[-1], markup=False)

        report = navigation.navigate(
            ctx.corpus_dir,
            NAVIGATION_TYPE,
            ipc=NAVIGATION_IPC,
            map_points=800,
            command=f"ipcenter navigate --ipc {NAVIGATION_IPC} --type {NAVIGATION_TYPE} --output navigation-A21D.html",
        )
        nav_output.write(report, out / "navigation-A21D.html")
        nav_output.write(report, out / "navigation-A21D.xlsx")
        s = report.data.summary
        data["navigation"] = {
            "type": NAVIGATION_TYPE,
            "selector": f"--ipc {NAVIGATION_IPC}",
            "documents": s.get("documents"),
            "applicants": s.get("applicants"),
            "cr4": s.get("cr4"),
            "hhi": s.get("hhi"),
            "citation_edges": s.get("citation_edges"),
            "clusters": [c["label"] for c in report.landscape.clusters],
        }
        lines.append(
            f"- navigation report ({NAVIGATION_TYPE}, `--ipc {NAVIGATION_IPC}`): {s.get('documents')} documents,"
            f" {s.get('applicants')} applicants, CR4 {s.get('cr4')}, HHI {s.get('hhi')},"
            f" {s.get('citation_edges')} citations inside the set — `value/navigation-A21D.html`, `.xlsx`"
        )
        render.console.print(lines[-1], markup=False)
    except UserError as exc:
        errors.append(f"value demo: {exc.message}")
    seconds = round(time.perf_counter() - started, 1)
    data["seconds"] = seconds
    markdown = (
        "GB/T 42748 scenario scores (weights illustrative, not from the standard), a portfolio and a GB/T 39551"
        f" navigation report on the real samples ({seconds} s).\n\n" + "\n".join(lines) + "\n"
    )
    return DemoStepResult(
        name="value",
        title="价值评估与专利导航 / value assessment and navigation",
        markdown=markdown,
        data=data,
        ok=not errors,
        errors=errors,
    )
