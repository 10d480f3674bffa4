"""Commands of the stats domain: one `ipcenter stats <indicator>` per indicator of the registry (they share
every option: the CLI contract of the statistics issue) and `ipcenter stats generate`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer
from rich.markup import escape

from ipcenter import config, render
from ipcenter.options import CorpusOption, LangOption
from ipcenter.stats import output, service, verify
from ipcenter.stats.errors import StatsError
from ipcenter.stats.indicators import INDICATORS, Indicator

stats_app = typer.Typer(
    help="官方专利统计：有效发明专利、专利密度、高价值发明专利、战略性新兴产业 / Official patent statistics.",
    no_args_is_help=True,
)

# The choices of three options (enums, so that --help lists them and typer checks them).
OutFormat = StrEnum("OutFormat", ["table", "json", "csv", "xlsx", "html"])
Level = StrEnum("Level", ["province", "city", "district"])
Engine = StrEnum("Engine", ["duckdb", "spark"])

AsOfOption = typer.Option(..., "--as-of", help="Cut-off date YYYY-MM-DD (e.g. the last day of the month).")


def register(app: typer.Typer) -> None:
    """Add this domain's commands to the `ipcenter` CLI (called once by cli.py)."""
    app.add_typer(stats_app, name="stats")


def _add_indicator_command(indicator: Indicator) -> None:
    def command(
        as_of: str = AsOfOption,
        within: str | None = typer.Option(
            None,
            "--within",
            help="Region: a province (湖南省), city (长沙市), district, or a grouping (长株潭); default the country.",
        ),
        level: Level | None = typer.Option(
            None, "--level", help="Rows by province, city or district (default: one level below --within)."
        ),
        population: Path | None = typer.Option(
            None,
            "--population",
            help="Population TSV: region, resident_population_10k, year, source (default: population-hunan in the data directory).",
        ),
        corpus: Path | None = CorpusOption,
        data: Path | None = typer.Option(
            None, "--data", help="Shared data directory (SEI concordance, awards, populations)."
        ),
        fmt: OutFormat = typer.Option(OutFormat.table, "--format", help="table, json, csv, xlsx or html."),
        output_file: Path | None = typer.Option(
            None, "--output", "-o", help="File to write (needed for xlsx and html)."
        ),
        engine: Engine = typer.Option(
            Engine.duckdb, "--engine", help="duckdb (default) or spark (PySpark, local mode)."
        ),
        config_file: Path | None = typer.Option(
            None, "--config", help="JSON file of settings (see docs/stats.md); UNCONFIRMED ones are shown."
        ),
        allow_missing_population: bool = typer.Option(
            False,
            "--allow-missing-population",
            help="Report regions without a population figure (and population rows naming no region) as warnings, "
            "their density and rank left empty, instead of refusing.",
        ),
        lang: str | None = LangOption,
    ) -> None:
        cutoff = service.parse_as_of(as_of)
        settings = service.load_config(config_file)
        if fmt in (OutFormat.xlsx, OutFormat.html) and output_file is None:
            raise StatsError(f"--format {fmt.value} needs --output FILE")
        data_dir = config.data_dir(data)
        inputs = service.load_inputs(config.corpus_dir(corpus), data_dir, settings)
        table = service.compute(
            indicator,
            inputs,
            cutoff,
            within=within,
            level=level.value if level else None,
            population_file=population or service.default_population_file(data_dir),
            config=settings,
            engine=engine.value,
            allow_missing_population=allow_missing_population,
        )
        for warning in table.warnings:
            render.err_console.print(f"[bold yellow]warning[/]: {escape(warning)}", soft_wrap=True)
        try:
            output.write_output(table, fmt.value, output_file, config.language(lang))
        except OSError as exc:
            raise StatsError(f"cannot write {output_file}: {exc}") from None
        if output_file is not None and fmt is not OutFormat.table:
            render.err_console.print(f"written: {output_file}")

    command.__doc__ = indicator.help
    stats_app.command(indicator.command)(command)


for _indicator in INDICATORS:
    _add_indicator_command(_indicator)


@stats_app.command("generate")
def generate_cmd(
    table: Path = typer.Option(
        ..., "--table", help="Target table TSV (official layout), e.g. hunan_valid_invention_2025-07.tsv."
    ),
    as_of: str = AsOfOption,
    output_dir: Path = typer.Option(
        ..., "--output", "-o", help="Directory for synthetic_*.csv / .xlsx and SYNTHETIC.md."
    ),
    seed: int = typer.Option(0, "--seed"),
    distractors: float = typer.Option(
        0.3, "--distractors", help="Distractor rows per valid invention (0–1)."
    ),
) -> None:
    """Write a labelled synthetic 61-column export whose valid inventions reproduce a table."""
    from ipcenter.stats.synthetic import generate_export

    cutoff = service.parse_as_of(as_of)
    if not 0 <= distractors <= 1:
        raise StatsError("--distractors must be between 0 and 1")
    target = verify.read_target_table(table)
    info = generate_export(target, cutoff, output_dir, seed=seed, distractor_ratio=distractors)
    render.print_json(
        {
            "files": [str(f) for f in info.files],
            "valid_rows": info.valid_rows,
            "distractor_rows": info.distractor_rows,
            "distractors": info.counts,
        }
    )
