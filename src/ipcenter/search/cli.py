"""Commands of the search domain: `ipcenter index build|info`, `search`, `similar`.

Each command parses its options, calls `search.service`, and renders (JSON for scripts, `output` for people).
Errors are `UserError`s raised by the service; `ipcenter.cli` prints them.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer
from rich.markup import escape

from ipcenter import config, render
from ipcenter.errors import InvalidValue
from ipcenter.i18n import label
from ipcenter.options import CorpusOption, LangOption, TableOrJson

index_app = typer.Typer(help="检索索引 / Full-text and vector search index.", no_args_is_help=True)


class VectorChoice(StrEnum):
    text = "text"
    all = "all"
    none = "none"


class Mode(StrEnum):
    auto = "auto"
    lexical = "lexical"
    hybrid = "hybrid"
    semantic = "semantic"


class Sort(StrEnum):
    relevance = "relevance"
    newest = "newest"
    oldest = "oldest"
    filed = "filed"


_IndexOpt = typer.Option(None, "--index", help="Index directory (default CORPUS/search-index).")
_FormatOpt = typer.Option(TableOrJson.table, "--format", help="table for people, json for scripts.")
_LimitOpt = typer.Option(10, "--limit", min=1, max=10_000, help="Hits per page.")


def register(app: typer.Typer) -> None:
    """Add this domain's commands to the `ipcenter` CLI (called once by cli.py)."""
    app.add_typer(index_app, name="index")
    app.command("search")(search_command)
    app.command("similar")(similar_command)


@index_app.command("build")
def index_build(
    corpus: Path | None = CorpusOption,
    index: Path | None = _IndexOpt,
    vectors: VectorChoice = typer.Option(
        VectorChoice.text,
        "--vectors",
        help="Sentence vectors for: text (documents with abstract or claims), all (titles too), none.",
    ),
    rebuild: bool = typer.Option(False, "--rebuild", help="Start from scratch instead of updating."),
    fmt: TableOrJson = _FormatOpt,
    lang: str | None = LangOption,
) -> None:
    """建立/更新检索索引 / Build or incrementally update the search index of a corpus."""
    from ipcenter.search import output, service

    report = service.build(config.corpus_dir(corpus), index, vectors=vectors.value, rebuild=rebuild)
    if fmt is TableOrJson.json:
        render.print_json(report.to_dict())
        return
    lg = config.language(lang)
    output.print_state(label("index_build", lg), report.to_dict(), lg)


@index_app.command("info")
def index_info(
    corpus: Path | None = CorpusOption,
    index: Path | None = _IndexOpt,
    fmt: TableOrJson = _FormatOpt,
    lang: str | None = LangOption,
) -> None:
    """检索索引信息 / What the index holds and which corpus version it was built from."""
    from ipcenter.search import output, service

    state = service.index_info(config.corpus_dir(corpus), index)
    if fmt is TableOrJson.json:
        render.print_json(state)
    else:
        lg = config.language(lang)
        output.print_state(label("index_build", lg), state, lg)


def search_command(
    query: str = typer.Argument(
        ...,
        help='A field-code query, e.g. "TI=(锂电池 OR 锂离子电池) AND IC=H01M AND AD>=2010", or plain text '
        '(锂离子电池负极材料, a keyword list, a pasted claim: ranked); "…" asks for an exact phrase.',
    ),
    corpus: Path | None = CorpusOption,
    index: Path | None = _IndexOpt,
    limit: int = _LimitOpt,
    page: int = typer.Option(1, "--page", min=1, help="Page number (pages of --limit hits)."),
    sort: Sort = typer.Option(
        Sort.relevance, "--sort", help="relevance, newest / oldest (publication date), filed."
    ),
    mode: Mode = typer.Option(
        Mode.auto,
        "--mode",
        help="auto: field/boolean queries lexical; plain text ranked, fused with vectors where its shape gains.",
    ),
    facets: bool = typer.Option(
        False, "--facets", help="Add counts by IPC subclass, year, applicant, type, status, region."
    ),
    export: Path | None = typer.Option(
        None, "--export", help="Write the whole result set to FILE.csv or FILE.xlsx."
    ),
    fmt: TableOrJson = _FormatOpt,
    lang: str | None = LangOption,
) -> None:
    """专利检索 / Search the corpus with the CNIPA-style field-code language (see docs/search.md)."""
    from ipcenter.search import output, service
    from ipcenter.search.query_lang import QuerySyntaxError

    engine = service.open_engine(config.corpus_dir(corpus), index)
    output.print_warnings(engine.warnings)
    lg = config.language(lang)
    try:
        if export is not None:
            meta = service.export_results(engine, query, export, sort=sort.value)
            if fmt is TableOrJson.json:
                render.print_json(meta)
            else:
                render.console.print(f"{label('exported', lg)}: {meta['exported']} → {meta['file']}")
            return
        result = service.search(
            engine,
            query,
            limit=limit,
            offset=(page - 1) * limit,
            sort=sort.value,
            mode=mode.value,
            facets=facets,
        )
    except QuerySyntaxError as exc:
        # for people: the query with a caret under the position, below the error line
        raise InvalidValue(f"{exc.message}\n{escape(exc.pointer())}") from None
    if fmt is TableOrJson.json:
        render.print_json(result.to_dict())
    else:
        output.print_result(result, lg)


def similar_command(
    text: str | None = typer.Option(
        None, "--text", help="Text to compare (a disclosure, an abstract, a claim)."
    ),
    number: str | None = typer.Option(None, "--number", help="A patent in the corpus (any number form)."),
    file: Path | None = typer.Option(None, "--file", help="A UTF-8 text file to compare."),
    corpus: Path | None = CorpusOption,
    index: Path | None = _IndexOpt,
    limit: int = _LimitOpt,
    fmt: TableOrJson = _FormatOpt,
    lang: str | None = LangOption,
) -> None:
    """相似专利 / Documents like a text, a file or a patent (prior-art style; hybrid of vectors and BM25)."""
    from ipcenter.search import output, service

    root = config.corpus_dir(corpus)
    engine = service.open_engine(root, index)
    output.print_warnings(engine.warnings)
    result = service.similar_to(engine, root, text=text, number=number, file=file, limit=limit)
    if fmt is TableOrJson.json:
        render.print_json(result.to_dict())
    else:
        output.print_result(result, config.language(lang))
