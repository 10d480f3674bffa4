"""The `ipcenter` command line: every command is declared here; the logic lives in the domain packages.

Contracts written in the issues (names, options, JSON keys) are stable: scripts depend on them.
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path

import typer

from ipcenter import config, render
from ipcenter.classify import views as classify_views
from ipcenter.corpus.store import CorpusError
from ipcenter.examine import views as examine_views
from ipcenter.i18n import label
from ipcenter.options import CorpusOption, LangOption, TableOrJson, TextOrJson
from ipcenter.search import views as search_views
from ipcenter.stats import views as stats_views

app = typer.Typer(
    help="ipcenter — 知识产权公共服务平台 / open IP public-service platform.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
corpus_app = typer.Typer(help="专利库信息 / Corpus information.", no_args_is_help=True)
app.add_typer(corpus_app, name="corpus")


class ExportFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"
    jsonl = "jsonl"
    parquet = "parquet"


def _fail(message: str, code: int = 2) -> None:
    render.error(message)
    raise typer.Exit(code)


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(
        ..., help="Files or directories to ingest (format detected per file)."
    ),
    corpus: Path | None = CorpusOption,
    fmt: TextOrJson = typer.Option(TextOrJson.text, "--format", help="text for people, json for scripts."),
    lang: str | None = LangOption,
) -> None:
    """导入专利数据 / Ingest patent files into the corpus (read = stored + duplicates + quarantined)."""
    from ipcenter.ingest import views

    try:
        report = views.run_ingest(paths, config.corpus_dir(corpus), show_progress=fmt is TextOrJson.text)
    except CorpusError as exc:
        _fail(str(exc))
        return
    if fmt is TextOrJson.json:
        render.print_json(report.to_dict())
    else:
        views.print_ingest_report(report, config.language(lang))
    if report.failed_files:
        raise typer.Exit(1)


@corpus_app.command("info")
def corpus_info(
    corpus: Path | None = CorpusOption,
    fmt: TableOrJson = typer.Option(TableOrJson.table, "--format", help="table or json."),
    lang: str | None = LangOption,
) -> None:
    """专利库统计 / Counts by source, country, type, year and legal status."""
    from ipcenter.corpus import service, views
    from ipcenter.corpus.store import Corpus

    try:
        info = service.corpus_info(Corpus(config.corpus_dir(corpus)))
    except CorpusError as exc:
        _fail(str(exc))
        return
    if fmt is TableOrJson.json:
        render.print_json(info)
    else:
        views.print_info(info, config.language(lang))


@app.command()
def show(
    number: str = typer.Argument(..., help="Publication or application number, any accepted form."),
    corpus: Path | None = CorpusOption,
    fmt: TextOrJson = typer.Option(TextOrJson.text, "--format", help="text or json."),
    lang: str | None = LangOption,
) -> None:
    """显示一件专利 / Show one document (grant first when several documents share the number)."""
    from ipcenter.corpus import service, views
    from ipcenter.corpus.store import Corpus

    try:
        rows = service.find_documents(Corpus(config.corpus_dir(corpus)), number)
    except CorpusError as exc:
        _fail(str(exc))
        return
    if not rows:
        _fail(f"no document {number!r} in the corpus", code=1)
        return
    doc = service.document_view(rows[0])
    doc["other_documents"] = [r["publication_number"] for r in rows[1:]]
    if fmt is TextOrJson.json:
        render.print_json(doc)
    else:
        views.print_document(doc, config.language(lang))


@app.command()
def export(
    output: Path = typer.Option(..., "--output", "-o", help="File to write (written atomically)."),
    fmt: ExportFormat = typer.Option(..., "--format", help="csv, xlsx, jsonl or parquet."),
    corpus: Path | None = CorpusOption,
) -> None:
    """导出专利库 / Export the whole corpus."""
    from ipcenter.corpus import service
    from ipcenter.corpus.store import Corpus

    try:
        count = service.export_corpus(Corpus(config.corpus_dir(corpus)), fmt.value, output)
    except (CorpusError, OSError) as exc:
        _fail(str(exc))
        return
    render.err_console.print(f"{count} → {output}")


@app.command()
def demo(
    data: Path | None = typer.Option(
        None, "--data", help="Shared data directory (default $IPCENTER_DATA or ../shared/data)."
    ),
    output: Path = typer.Option(
        Path("ipcenter-demo"), "--output", "-o", help="Where the demo writes its corpus and report."
    ),
    lang: str | None = LangOption,
) -> None:
    """演示 / The main job: ingest every real sample, summarise, write a report."""
    from ipcenter import demo as demo_job

    data_dir = config.data_dir(data)
    if data_dir is None or not data_dir.is_dir():
        _fail("data directory not found: give --data DIR or set IPCENTER_DATA")
        return
    code = demo_job.run(data_dir, output, config.language(lang))
    raise typer.Exit(code)


# Domains register their own commands (each in its views.py); this list is the one place that says which.
for _domain_views in (stats_views, search_views, classify_views, examine_views):
    _domain_views.register(app)


def main() -> None:
    """Entry point: never a stack trace for people (set IPCENTER_DEBUG=1 to see one)."""
    try:
        app()
    except KeyboardInterrupt:
        render.error("interrupted; the corpus is unchanged unless the run finished")
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("IPCENTER_DEBUG"):
            raise
        render.error(f"{type(exc).__name__}: {exc} (set IPCENTER_DEBUG=1 for the traceback)")
        sys.exit(3)


__all__ = ["app", "label", "main"]
