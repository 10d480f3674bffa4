"""Demo step of the stats domain: the official Hunan tables recomputed from their counts; a synthetic export
of the 2025-07 table (1/100 scale) ingested and counted by every indicator; the demo corpus by province."""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path
from typing import Any

from ipcenter import render
from ipcenter.context import DemoContext, DemoStepResult
from ipcenter.i18n import label
from ipcenter.stats import output, service, verify
from ipcenter.stats import population as pop
from ipcenter.stats.errors import StatsError
from ipcenter.stats.models import StatsConfig

AS_OF = date(2025, 7, 31)
TREND_DATES = (date(2019, 12, 31), date(2021, 12, 31), date(2023, 12, 31))


def demo_step(ctx: DemoContext) -> DemoStepResult | None:
    """Official tables from counts; a synthetic export → ingest → the indicators; reports on disk."""
    started = time.perf_counter()
    lang = ctx.lang
    out = ctx.output / "stats"
    out.mkdir(parents=True, exist_ok=True)
    render.console.rule(f"{label('stats_report', lang)} — {label('valid_inventions', lang)}")
    md: list[str] = []
    data: dict[str, Any] = {}
    folder = ctx.data_dir / "hunan-official-tables"
    pop_file = service.default_population_file(ctx.data_dir)

    # 1. the official Hunan tables, recomputed from their counts and the published populations
    checks = []
    if folder.is_dir() and pop_file is not None:
        figures = pop.load_resolved(pop_file)
        checks = [
            verify.check_official_table(path, figures)
            for path in sorted(folder.glob("hunan_valid_invention_*.tsv"))
        ]
        render.print_table(
            "湖南省有效发明专利统计表 — recomputed from counts",
            ["table", "as_of", "population_vintage", "records", "error"],
            [[c["table"], c["as_of"], c["population_vintage"], c["rows"], c["mismatches"]] for c in checks],
            lang,
        )
    ok = all(c["mismatches"] == 0 for c in checks)
    data["official_tables"] = checks
    data["density_examples"] = examples = verify.density_examples()
    md.append(
        "Official Hunan tables recomputed from their counts and the published populations (mismatching rows):\n"
    )
    md += [
        f"- {c['table']} (as of {c['as_of']}, population vintage {c['population_vintage']}): {c['mismatches']} of {c['rows']}"
        for c in checks
    ]
    md.append(
        "\nDensity examples: "
        + "; ".join(f"{e['count']} / {e['population_10k']} → {e['density']}" for e in examples)
    )

    # 2. a synthetic export for the 2025-07 table (1/100 scale) → ingest → every indicator
    target_path = folder / "hunan_valid_invention_2025-07.tsv"
    if target_path.is_file() and pop_file is not None:
        target = verify.scaled(verify.read_target_table(target_path), 100)
        e2e = verify.synthetic_end_to_end(
            target, AS_OF, out / "synthetic", ctx.data_dir, pop_file,
            within="湖南省", name="hunan_2025-07_scaled", trend_dates=TREND_DATES,
        )  # fmt: skip
        ok = ok and e2e.matches_target
        _write_reports(e2e, out, lang)
        vi, hv, se = (e2e.tables[n] for n in ("valid_inventions", "high_value", "sei"))
        data["synthetic_end_to_end"] = {
            "matches_target": e2e.matches_target,
            "valid_inventions": output.table_json(vi),
            "high_value_totals": hv.extra.get("criteria_totals"),
            "trend": e2e.trend,
        }
        md.append(
            f"\nSynthetic 61-column export (2025-07 table at 1/100 scale, with distractors) → ingest → statistics: "
            f"{'matches' if e2e.matches_target else 'DOES NOT match'} the target table; province total {vi.rows[-1].count('valid_invention_total')}, "
            f"high-value {hv.rows[-1].count('valid_invention_total')}, SEI {se.rows[-1].count('valid_invention_total')}."
        )
        md.append(
            f"Reports: `{out / 'report.html'}`, `valid_inventions.{{json,csv,xlsx}}`, `high_value.json`, `sei.json`."
        )

    # 3. the demo corpus itself (real samples), national view
    try:
        real = service.load_inputs(ctx.corpus_dir, ctx.data_dir, StatsConfig())
        nat = service.compute("valid_inventions", real, date.today())
        data["demo_corpus_national"] = output.table_json(nat)
        md.append(
            "\nDemo corpus (real samples), valid inventions as of today, by owner province: "
            + ", ".join(f"{r.region} {r.count('valid_invention_total')}" for r in nat.rows)
        )
    except StatsError as exc:
        md.append(f"\nDemo corpus: {exc}")
    seconds = round(time.perf_counter() - started, 1)
    data["seconds"] = seconds
    render.console.print(f"stats: {out}  ({seconds} s)")
    return DemoStepResult(
        name="stats", title=label("stats_report", lang), markdown="\n".join(md) + "\n", data=data, ok=ok
    )


def _write_reports(e2e: verify.EndToEnd, out: Path, lang: str) -> None:
    """Print each table; write each as JSON, the first also as CSV and XLSX, and one HTML report of all."""
    for table in e2e.tables.values():
        output.print_table(table, lang)
        (out / f"{table.indicator}.json").write_text(
            json.dumps(output.table_json(table), ensure_ascii=False, indent=1), encoding="utf-8"
        )
    vi = e2e.tables["valid_inventions"]
    (out / "valid_inventions.csv").write_text(output.to_csv(vi, lang), encoding="utf-8")
    output.write_xlsx(vi, out / "valid_inventions.xlsx", lang)
    (out / "report.html").write_text(
        output.html_report(
            list(e2e.tables.values()), lang, trend=e2e.trend, title="湖南省 2025-07（合成数据 1/100）"
        ),
        encoding="utf-8",
    )
