"""CLI surface (`ipcenter stats …`) and demo step of the stats domain."""

from __future__ import annotations

import csv
import json
import shutil
import time
from collections.abc import Callable
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from ipcenter import config, render
from ipcenter.context import DemoContext, DemoStepResult
from ipcenter.i18n import label
from ipcenter.options import CorpusOption, LangOption
from ipcenter.stats import population as pop
from ipcenter.stats import report, service
from ipcenter.stats.models import SERVICE_COLUMNS, StatsConfig, StatsTable, config_from_dict

stats_app = typer.Typer(
    help="官方专利统计：有效发明专利、专利密度、高价值发明专利、战略性新兴产业 / Official patent statistics.",
    no_args_is_help=True,
)


class OutFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"
    html = "html"


class Level(StrEnum):
    province = "province"
    city = "city"
    district = "district"


class Engine(StrEnum):
    duckdb = "duckdb"
    spark = "spark"


AsOfOption = typer.Option(..., "--as-of", help="Cut-off date YYYY-MM-DD (e.g. the last day of the month).")
WithinOption = typer.Option(
    None,
    "--within",
    help="Region: a province (湖南省), city (长沙市), district, or a grouping (长株潭); default the country.",
)
LevelOption = typer.Option(
    None, "--level", help="Rows by province, city or district (default: one level below --within)."
)
PopulationOption = typer.Option(
    None,
    "--population",
    help="Population TSV: region, resident_population_10k, year, source (default: population-hunan in the data directory).",
)
DataOption = typer.Option(
    None, "--data", help="Shared data directory (SEI concordance, awards, populations)."
)
FormatOption = typer.Option(OutFormat.table, "--format", help="table, json, csv, xlsx or html.")
OutputOption = typer.Option(None, "--output", "-o", help="File to write (needed for xlsx and html).")
EngineOption = typer.Option(
    Engine.duckdb, "--engine", help="duckdb (default) or spark (PySpark, local mode)."
)
ConfigOption = typer.Option(
    None, "--config", help="JSON file of settings (see docs/stats.md); UNCONFIRMED ones are shown."
)


def register(app: typer.Typer) -> None:
    """Add this domain's commands to the `ipcenter` CLI (called once by cli.py)."""
    app.add_typer(stats_app, name="stats")


def _fail(message: str) -> None:
    render.error(message)
    raise typer.Exit(2)


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        _fail(f"--as-of {text!r} is not a date YYYY-MM-DD")
        raise


def _config(path: Path | None) -> StatsConfig:
    if path is None:
        return StatsConfig()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("the configuration must be a JSON object")
        return config_from_dict(data)
    except (OSError, ValueError, TypeError) as exc:
        _fail(f"--config {path}: {exc}")
        raise


def _run(
    indicator: Callable[..., StatsTable],
    as_of: str,
    within: str | None,
    level: Level | None,
    population: Path | None,
    corpus: Path | None,
    data: Path | None,
    fmt: OutFormat,
    output: Path | None,
    engine: Engine,
    config_file: Path | None,
    lang: str | None,
) -> None:
    lang_ = config.language(lang)
    cutoff = _parse_date(as_of)
    settings = _config(config_file)
    data_dir = config.data_dir(data)
    if fmt in (OutFormat.xlsx, OutFormat.html) and output is None:
        _fail(f"--format {fmt.value} needs --output FILE")
    try:
        inputs = service.load_inputs(config.corpus_dir(corpus), data_dir, settings)
        table = indicator(
            inputs,
            cutoff,
            within=within,
            level=level.value if level else None,
            population_file=population or service.default_population_file(data_dir),
            config=settings,
            engine=engine.value,
        )
        if fmt is OutFormat.html:
            assert output is not None
            output.write_text(report.html_report([table], lang_), encoding="utf-8")
        else:
            report.write_output(table, fmt.value, output, lang_)
    except (service.StatsError, ValueError, OSError) as exc:
        _fail(str(exc))
    if output is not None and fmt is not OutFormat.table:
        render.err_console.print(f"written: {output}")


def _indicator_command(name: str, indicator: Any, help_text: str) -> None:
    """Register one indicator command; the three share every option (the CLI contract of issue 3)."""

    def command(
        as_of: str = AsOfOption,
        within: str | None = WithinOption,
        level: Level | None = LevelOption,
        population: Path | None = PopulationOption,
        corpus: Path | None = CorpusOption,
        data: Path | None = DataOption,
        fmt: OutFormat = FormatOption,
        output: Path | None = OutputOption,
        engine: Engine = EngineOption,
        config_file: Path | None = ConfigOption,
        lang: str | None = LangOption,
    ) -> None:
        _run(
            indicator, as_of, within, level, population, corpus, data, fmt, output, engine, config_file, lang
        )

    command.__doc__ = help_text
    stats_app.command(name)(command)


_indicator_command(
    "valid-inventions",
    service.valid_inventions,
    "有效发明专利 by region and applicant type, with density per 10,000 people and rank (the official table).",
)
_indicator_command(
    "high-value",
    service.high_value,
    "高价值发明专利: union of the five criteria, each criterion and their overlaps, by region.",
)
_indicator_command(
    "sei",
    service.sei,
    "战略性新兴产业: valid inventions per industry and sub-field (2021 SEI–IPC concordance), by region.",
)


@stats_app.command("generate")
def generate_cmd(
    table: Path = typer.Option(
        ..., "--table", help="Target table TSV (official layout), e.g. hunan_valid_invention_2025-07.tsv."
    ),
    as_of: str = AsOfOption,
    output: Path = typer.Option(
        ..., "--output", "-o", help="Directory for synthetic_*.csv / .xlsx and SYNTHETIC.md."
    ),
    seed: int = typer.Option(0, "--seed"),
    distractors: float = typer.Option(
        0.3, "--distractors", help="Distractor rows per valid invention (0–1)."
    ),
) -> None:
    """Write a labelled synthetic 61-column export whose valid inventions reproduce a table."""
    from ipcenter.stats.synthetic import generate_export

    cutoff = _parse_date(as_of)
    if not 0 <= distractors <= 1:
        _fail("--distractors must be between 0 and 1")
    info = generate_export(_read_target(table), cutoff, output, seed=seed, distractor_ratio=distractors)
    render.print_json(
        {
            "files": [str(f) for f in info.files],
            "valid_rows": info.valid_rows,
            "distractor_rows": info.distractor_rows,
            "distractors": info.counts,
        }
    )


def _read_target(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        _fail(f"table not found: {path}")
    rows = list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines(), delimiter="\t"))
    missing = {"region", *SERVICE_COLUMNS, "individuals"} - set(rows[0] if rows else {})
    if missing:
        _fail(f"{path}: missing columns {', '.join(sorted(missing))}")
    return [r for r in rows if r["region"] not in ("全省", "合计")]


# --------------------------------------------------------------------------- demo


def demo_step(ctx: DemoContext) -> DemoStepResult | None:
    """Official tables from counts; a synthetic export → ingest → the three indicators; reports on disk."""
    started = time.perf_counter()
    lang = ctx.lang
    out = ctx.output / "stats"
    out.mkdir(parents=True, exist_ok=True)
    render.console.rule(f"{label('stats_report', lang)} — {label('valid_inventions', lang)}")
    md: list[str] = []
    data: dict[str, Any] = {}
    ok = True
    # 1. the official Hunan tables, recomputed from their counts and the published populations
    folder = ctx.data_dir / "hunan-official-tables"
    pop_file = service.default_population_file(ctx.data_dir)
    checks = []
    if folder.is_dir() and pop_file is not None:
        figures = pop.load_population(pop_file)
        for path in sorted(folder.glob("hunan_valid_invention_*.tsv")):
            month = path.stem.rsplit("_", 1)[-1]
            official = _read_target(path)
            full = list(csv.DictReader(path.read_text(encoding="utf-8").splitlines(), delimiter="\t"))
            year, mon = (int(x) for x in month.split("-"))
            as_of = date(year + mon // 12, mon % 12 + 1, 1) - timedelta(days=1)  # the month's last day
            vintage = pop.choose_vintage(
                figures, as_of, StatsConfig().population_lag_months, [r["region"] for r in full]
            )
            cities = [
                (r["region"], {c: int(r[c]) for c in (*SERVICE_COLUMNS, "individuals")})
                for r in official
                if r["region"] != "其他"
            ]
            other = next(
                (
                    {c: int(r[c]) for c in (*SERVICE_COLUMNS, "individuals")}
                    for r in official
                    if r["region"] == "其他"
                ),
                None,
            )
            rows = service.table_from_counts(cities, other, "全省", figures, vintage or 0)
            mismatches = 0
            for got, want in zip(rows, full, strict=False):
                j = got.to_json()
                same = (
                    all(j[k] == int(want[k]) for k in ("valid_invention_total", "service_total"))
                    and (
                        (f"{got.density_per_10k:.2f}" if got.density_per_10k is not None else "")
                        == want["density_per_10k"]
                    )
                    and (str(got.rank or "") == want["rank"])
                )
                mismatches += 0 if same else 1
            checks.append(
                {
                    "table": month,
                    "as_of": as_of.isoformat(),
                    "population_vintage": vintage,
                    "rows": len(rows),
                    "mismatches": mismatches,
                }
            )
        render.print_table(
            "湖南省有效发明专利统计表 — recomputed from counts",
            ["table", "as_of", "population_vintage", "records", "error"],
            [[c["table"], c["as_of"], c["population_vintage"], c["rows"], c["mismatches"]] for c in checks],
            lang,
        )
        ok = ok and all(c["mismatches"] == 0 for c in checks)
    examples = [(81989, "1061.65"), (76135, "1051.31"), (29742, "1051.31"), (76135, "1061.65")]
    density_examples = [
        {"count": c, "population_10k": p, "density": str(pop.density(c, p))} for c, p in examples
    ]
    data["official_tables"] = checks
    data["density_examples"] = density_examples
    md.append(
        "Official Hunan tables recomputed from their counts and the published populations (mismatching rows):\n"
    )
    md += [
        f"- {c['table']} (as of {c['as_of']}, population vintage {c['population_vintage']}): {c['mismatches']} of {c['rows']}"
        for c in checks
    ]
    md.append(
        "\nDensity examples: "
        + "; ".join(f"{e['count']} / {e['population_10k']} → {e['density']}" for e in density_examples)
    )

    # 2. a synthetic export for the 2025-07 table (1/100 scale) → ingest → the three indicators
    from ipcenter.ingest.service import ingest
    from ipcenter.stats.synthetic import generate_export

    target_path = folder / "hunan_valid_invention_2025-07.tsv"
    if target_path.is_file() and pop_file is not None:
        target = [
            {
                **r,
                **(
                    {c: str(int(r[c]) // 100) for c in (*SERVICE_COLUMNS, "individuals")}
                    if r["region"] != "其他"
                    else {}
                ),
            }
            for r in _read_target(target_path)
        ]
        work = out / "synthetic"
        if work.exists():
            shutil.rmtree(work)
        generate_export(target, date(2025, 7, 31), work / "export", seed=1, name="hunan_2025-07_scaled")
        ingest([work / "export"], work / "corpus")
        inputs = service.load_inputs(work / "corpus", ctx.data_dir, StatsConfig())
        as_of = date(2025, 7, 31)
        vi = service.valid_inventions(inputs, as_of, within="湖南省", population_file=pop_file)
        hv = service.high_value(inputs, as_of, within="湖南省", population_file=pop_file)
        se = service.sei(inputs, as_of, within="湖南省", population_file=pop_file)
        for t in (vi, hv, se):
            report.print_table(t, lang)
        expected = {r["region"]: sum(int(r[c]) for c in (*SERVICE_COLUMNS, "individuals")) for r in target}
        got_totals = {row.region: row.count("valid_invention_total") for row in vi.rows}
        e2e_ok = all(got_totals.get(k) == v for k, v in expected.items())
        ok = ok and e2e_ok
        trend = [
            {
                "as_of": d.isoformat(),
                "valid_invention_total": service.valid_inventions(inputs, d, within="湖南省")
                .rows[-1]
                .count("valid_invention_total"),
            }
            for d in (date(2019, 12, 31), date(2021, 12, 31), date(2023, 12, 31), as_of)
        ]
        (out / "valid_inventions.json").write_text(
            json.dumps(report.table_json(vi), ensure_ascii=False, indent=1), encoding="utf-8"
        )
        (out / "high_value.json").write_text(
            json.dumps(report.table_json(hv), ensure_ascii=False, indent=1), encoding="utf-8"
        )
        (out / "sei.json").write_text(
            json.dumps(report.table_json(se), ensure_ascii=False, indent=1), encoding="utf-8"
        )
        (out / "valid_inventions.csv").write_text(report.to_csv(vi, lang), encoding="utf-8")
        report.write_xlsx(vi, out / "valid_inventions.xlsx", lang)
        (out / "report.html").write_text(
            report.html_report([vi, hv, se], lang, trend=trend, title="湖南省 2025-07（合成数据 1/100）"),
            encoding="utf-8",
        )
        data["synthetic_end_to_end"] = {
            "matches_target": e2e_ok,
            "valid_inventions": report.table_json(vi),
            "high_value_totals": hv.extra.get("criteria_totals"),
            "trend": trend,
        }
        md.append(
            f"\nSynthetic 61-column export (2025-07 table at 1/100 scale, with distractors) → ingest → statistics: "
            f"{'matches' if e2e_ok else 'DOES NOT match'} the target table; province total {vi.rows[-1].count('valid_invention_total')}, "
            f"high-value {hv.rows[-1].count('valid_invention_total')}, SEI {se.rows[-1].count('valid_invention_total')}."
        )
        md.append(
            f"Reports: `{out / 'report.html'}`, `valid_inventions.{{json,csv,xlsx}}`, `high_value.json`, `sei.json`."
        )
    # 3. the demo corpus itself (real samples), national view
    try:
        real = service.load_inputs(ctx.corpus_dir, ctx.data_dir, StatsConfig())
        nat = service.valid_inventions(real, date.today())
        data["demo_corpus_national"] = report.table_json(nat)
        md.append(
            "\nDemo corpus (real samples), valid inventions as of today, by owner province: "
            + ", ".join(f"{r.region} {r.count('valid_invention_total')}" for r in nat.rows)
        )
    except service.StatsError as exc:
        md.append(f"\nDemo corpus: {exc}")
    seconds = round(time.perf_counter() - started, 1)
    data["seconds"] = seconds
    render.console.print(f"stats: {out}  ({seconds} s)")
    return DemoStepResult(
        name="stats", title=label("stats_report", lang), markdown="\n".join(md) + "\n", data=data, ok=ok
    )
