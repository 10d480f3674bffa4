"""Commands of the ingest domain: `ipcenter ingest`."""

from __future__ import annotations

from pathlib import Path

import typer

from ipcenter import config, render
from ipcenter.options import CorpusOption, LangOption, TextOrJson


def register(app: typer.Typer) -> None:
    app.command()(ingest)


def ingest(
    paths: list[Path] = typer.Argument(
        ..., help="Files or directories to ingest (format detected per file)."
    ),
    corpus: Path | None = CorpusOption,
    fmt: TextOrJson = typer.Option(TextOrJson.text, "--format", help="text for people, json for scripts."),
    lang: str | None = LangOption,
    workers: int | None = typer.Option(
        None,
        "--workers",
        min=1,
        help="Worker processes that parse and map large XML files (default: one per core; 1 = no workers).",
    ),
) -> None:
    """导入专利数据 / Ingest patent files into the corpus (read = stored + duplicates + quarantined)."""
    from ipcenter.ingest import output

    report = output.run_ingest(
        paths,
        config.corpus_dir(corpus, writing=True),
        show_progress=fmt is TextOrJson.text,
        workers=workers,
    )
    if fmt is TextOrJson.json:
        render.print_json(report.to_dict())
    else:
        output.print_ingest_report(report, config.language(lang))
    if report.failed_files:
        raise typer.Exit(1)
