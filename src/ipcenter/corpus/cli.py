"""Commands of the corpus domain: `ipcenter corpus info`, `show`, `export`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from ipcenter import config, render
from ipcenter.errors import NotFound, UserError
from ipcenter.options import CorpusOption, LangOption, TableOrJson, TextOrJson

corpus_app = typer.Typer(help="专利库信息 / Corpus information.", no_args_is_help=True)


class ExportFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"
    jsonl = "jsonl"
    parquet = "parquet"


def register(app: typer.Typer) -> None:
    app.add_typer(corpus_app, name="corpus")
    app.command()(show)
    app.command()(export)


@corpus_app.command("info")
def corpus_info(
    corpus: Path | None = CorpusOption,
    fmt: TableOrJson = typer.Option(TableOrJson.table, "--format", help="table or json."),
    lang: str | None = LangOption,
) -> None:
    """专利库统计 / Counts by source, country, type, year and legal status."""
    from ipcenter.corpus import output, service
    from ipcenter.corpus.store import Corpus

    info = service.corpus_info(Corpus.existing(config.corpus_dir(corpus)))
    if fmt is TableOrJson.json:
        render.print_json(info)
    else:
        output.print_info(info, config.language(lang))


def show(
    number: str = typer.Argument(..., help="Publication or application number, any accepted form."),
    corpus: Path | None = CorpusOption,
    fmt: TextOrJson = typer.Option(TextOrJson.text, "--format", help="text or json."),
    lang: str | None = LangOption,
) -> None:
    """显示一件专利 / Show one document (grant first when several documents share the number)."""
    from ipcenter.corpus import output, service
    from ipcenter.corpus.store import Corpus

    rows = service.find_documents(Corpus.existing(config.corpus_dir(corpus)), number)
    if not rows:
        raise NotFound(f"no document {number!r} in the corpus")
    doc = service.document_view(rows[0])
    doc["other_documents"] = [r["publication_number"] for r in rows[1:]]
    if fmt is TextOrJson.json:
        render.print_json(doc)
    else:
        output.print_document(doc, config.language(lang))


def export(
    output: Path = typer.Option(..., "--output", "-o", help="File to write (written atomically)."),
    fmt: ExportFormat = typer.Option(..., "--format", help="csv, xlsx, jsonl or parquet."),
    corpus: Path | None = CorpusOption,
) -> None:
    """导出专利库 / Export the whole corpus."""
    from ipcenter.corpus import service
    from ipcenter.corpus.store import Corpus

    try:
        count = service.export_corpus(Corpus.existing(config.corpus_dir(corpus)), fmt.value, output)
    except OSError as exc:
        raise UserError(str(exc)) from exc
    render.err_console.print(f"{count} → {output}")
