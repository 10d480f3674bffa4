"""CLI surface and demo step of the search domain: `ipcenter index build|info`, `search`, `similar`."""

from __future__ import annotations

import json
import time
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from ipcenter import config, render
from ipcenter.context import DemoContext, DemoStepResult
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


def _fail(message: str, code: int = 2) -> None:
    render.error(message)
    raise typer.Exit(code)


def _engine(corpus: Path | None, index: Path | None):  # type: ignore[no-untyped-def]
    from ipcenter.corpus.store import Corpus, CorpusError
    from ipcenter.search.index import IndexMissing
    from ipcenter.search.service import SearchEngine

    root = config.corpus_dir(corpus)
    try:
        engine = SearchEngine.for_corpus(root, index)
    except IndexMissing as exc:
        _fail(str(exc))
    try:  # an ingest since the last build: say so (results miss the new documents)
        current = Corpus(root).manifest.version
    except (CorpusError, OSError, ValueError):
        current = None
    built = engine.state.get("corpus_version")
    if current is not None and built is not None and current != built:
        render.error(
            f"the index was built from corpus version {built}, the corpus is now at {current}: "
            "run `ipcenter index build` to update it"
        )
    return engine


def _rich_snippet(snippet: str) -> str:
    return escape(snippet).replace("&lt;em&gt;", "<em>").replace("<em>", "[bold red]").replace("</em>", "[/]")


def print_result(result: Any, lang: str) -> None:
    """Hits as a table (highlights in bold), then facets when asked for."""
    title = (
        f"{label('search_query', lang)}: {result.query[:80]}  —  {label('search_total', lang)} {result.total}"
        f"  ({label('search_mode', lang)} {result.mode}, {result.took_ms:.0f} ms)"
    )
    table = Table(title=escape(title), title_justify="left")
    for key in ("rank", "publication_number", "title", "applicants", "publication_date", "score", "snippet"):
        table.add_column(label(key, lang), overflow="fold")
    for i, h in enumerate(result.hits, start=result.offset + 1):
        table.add_row(
            str(i),
            h.publication_number,
            escape(h.title[:60]),
            escape((h.applicant or "")[:30]),
            h.publication_date or "",
            f"{h.score:.4g}",
            _rich_snippet(h.snippet),
        )
    render.console.print(table)
    for name, buckets in result.facets.items():
        if buckets:
            render.console.print(
                f"[bold]{label('facet_' + name, lang)}[/]: "
                + ", ".join(f"{escape(label(v, lang))} ({n})" for v, n in buckets)
            )


def register(app: typer.Typer) -> None:
    """Add this domain's commands to the `ipcenter` CLI (called once by cli.py)."""
    app.add_typer(index_app, name="index")

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
        from ipcenter.corpus.store import Corpus, CorpusError
        from ipcenter.search.index import build_index

        root = config.corpus_dir(corpus)
        c = Corpus(root)
        if not c.exists:
            _fail(f"no corpus at {root}: run `ipcenter ingest PATH --corpus {root}` first")
        try:
            report = build_index(c, index, vectors=vectors.value, rebuild=rebuild)
        except CorpusError as exc:
            _fail(str(exc))
            return
        if fmt is TableOrJson.json:
            render.print_json(report.to_dict())
            return
        lg = config.language(lang)
        render.print_table(
            label("index_build", lg),
            ["item", "count"],
            [[k, v] for k, v in report.to_dict().items()],
            lg,
        )

    @index_app.command("info")
    def index_info(
        corpus: Path | None = CorpusOption,
        index: Path | None = _IndexOpt,
        fmt: TableOrJson = _FormatOpt,
        lang: str | None = LangOption,
    ) -> None:
        """检索索引信息 / What the index holds and which corpus version it was built from."""
        from ipcenter.search.index import IndexMissing, index_dir_for, read_state

        root = config.corpus_dir(corpus)
        try:
            state = read_state(index or index_dir_for(root))
        except IndexMissing as exc:
            _fail(str(exc))
            return
        if fmt is TableOrJson.json:
            render.print_json(state)
        else:
            lg = config.language(lang)
            render.print_table(label("index_build", lg), ["item", "count"], list(state.items()), lg)

    @app.command("search")
    def search_command(
        query: str = typer.Argument(
            ..., help='Query, e.g. "TI=(锂电池 AND 正极) AND IC=H01M AND AD>=20200101" or a sentence.'
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
            help="auto: field/boolean queries lexical, sentences hybrid (lexical + vectors).",
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
        from ipcenter.search.query_lang import QuerySyntaxError
        from ipcenter.search.service import export_results, search

        engine = _engine(corpus, index)
        lg = config.language(lang)
        try:
            if export is not None:
                meta = export_results(engine, query, export, sort=sort.value)
                if fmt is TableOrJson.json:
                    render.print_json(meta)
                else:
                    render.console.print(f"{label('exported', lg)}: {meta['exported']} → {meta['file']}")
                return
            result = search(
                engine,
                query,
                limit=limit,
                offset=(page - 1) * limit,
                sort=sort.value,
                mode=mode.value,
                facets=facets,
            )
        except QuerySyntaxError as exc:
            render.error(f"malformed query: {exc.message} at position {exc.position}")
            render.err_console.print(escape(exc.pointer()), highlight=False)
            raise typer.Exit(2) from None
        except ValueError as exc:
            _fail(str(exc))
            return
        if fmt is TableOrJson.json:
            render.print_json(result.to_dict())
        else:
            print_result(result, lg)

    @app.command("similar")
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
        from ipcenter.corpus.store import Corpus
        from ipcenter.search.service import similar, similar_text_for_number

        given = [x for x in (text, number, file) if x is not None]
        if len(given) != 1:
            _fail("give exactly one of --text, --number or --file")
        engine = _engine(corpus, index)
        exclude: list[str] = []
        label_text: str | None = None
        if number is not None:
            try:
                body, exclude = similar_text_for_number(Corpus(config.corpus_dir(corpus)), number)
            except LookupError as exc:
                _fail(str(exc))
                return
            label_text = number
        elif file is not None:
            try:
                body = file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                _fail(f"cannot read {file}: {exc}")
                return
            label_text = str(file)
        else:
            body = text or ""
        try:
            result = similar(engine, body, limit=limit, exclude=exclude, label=label_text)
        except ValueError as exc:
            _fail(str(exc))
            return
        if fmt is TableOrJson.json:
            render.print_json(result.to_dict())
        else:
            print_result(result, config.language(lang))


# --------------------------------------------------------------------------- demo

DEMO_QUERIES = (
    "TI=(锂电池 AND 正极)",
    "IC=G06F AND (TX=神经网络 OR TX=深度学习)",
    'TX="lithium battery" OR TI=bicycl*',
    "PA=中科大数据研究院 AND LS=有效",
    "鋰電池 正極",
    "一种利用深度学习识别图像中车辆的方法",
)


def demo_step(ctx: DemoContext) -> DemoStepResult | None:
    """Build the index of the demo corpus, run a few field-code, cross-script and sentence searches."""
    from ipcenter.corpus.store import Corpus
    from ipcenter.search.index import build_index
    from ipcenter.search.query_lang import QuerySyntaxError
    from ipcenter.search.service import SearchEngine, export_results, search, similar, similar_text_for_number

    started = time.perf_counter()
    lang = ctx.lang
    render.console.rule(f"{label('search', lang)} — tantivy + jieba/bigrams + opencc + USE vectors")
    corpus = Corpus(ctx.corpus_dir)
    report = build_index(corpus, vectors="text")
    render.console.print(
        f"{label('index_build', lang)}: {report.documents} documents, {report.vectors} vectors, "
        f"{report.seconds} s ({report.docs_per_second} docs/s)"
    )
    engine = SearchEngine.for_corpus(ctx.corpus_dir)
    searches: list[dict[str, Any]] = []
    for q in DEMO_QUERIES:
        r = search(engine, q, limit=5, facets=q == DEMO_QUERIES[0])
        print_result(r, lang)
        searches.append(r.to_dict())
    # a Chinese sentence against English documents (cross-lingual, vectors only)
    cross = search(engine, "自行车的刹车装置", limit=5, mode="semantic")
    print_result(cross, lang)
    searches.append(cross.to_dict())
    sim_data: dict[str, Any] = {}
    try:
        body, exclude = similar_text_for_number(corpus, "CN114232276A")
        sim = similar(engine, body, limit=5, exclude=exclude, label="CN114232276A")
        print_result(sim, lang)
        sim_data = sim.to_dict()
    except LookupError as exc:
        render.error(str(exc))
    # a malformed query shows its error, as the CLI would
    bad = "TI=(锂电池 AND"
    try:
        search(engine, bad)
        error = None
    except QuerySyntaxError as exc:
        error = {"query": bad, "message": exc.message, "position": exc.position}
        render.console.print(f"malformed query → {escape(exc.message)} (position {exc.position})")
    export = export_results(engine, DEMO_QUERIES[0], ctx.output / "search-export.xlsx")
    (ctx.output / "search.json").write_text(
        json.dumps(
            {"index": report.to_dict(), "searches": searches, "similar": sim_data},
            ensure_ascii=False,
            indent=1,
        )
    )
    lines = [
        f"Index: {report.documents} documents ({report.vectors} with sentence vectors), built in {report.seconds} s.",
        "",
        "| query | mode | total | top hit |",
        "|---|---|---:|---|",
    ]
    for s in searches:
        top = s["hits"][0] if s["hits"] else None
        lines.append(
            f"| `{s['query']}` | {s['mode']} | {s['total']} | "
            + (f"{top['publication_number']} {top['title'][:30]}" if top else "—")
            + " |"
        )
    if sim_data:
        lines += [
            "",
            "Similar to CN114232276A: " + ", ".join(h["publication_number"] for h in sim_data["hits"]),
        ]
    if error:
        lines += ["", f"Malformed `{bad}` → {error['message']} (position {error['position']})."]
    lines += [
        "",
        f"Export: `{Path(export['file']).name}` ({export['exported']} rows, query and corpus version inside).",
    ]
    return DemoStepResult(
        name="search",
        title=label("search", "en").capitalize(),
        markdown="\n".join(lines),
        data={
            "index": report.to_dict(),
            "searches": searches,
            "similar": sim_data,
            "error": error,
            "export": export,
            "seconds": round(time.perf_counter() - started, 2),
        },
    )
