"""Demo step of the search domain: build the index of the demo corpus, run field-code, cross-script, sentence
and similar-document searches, show a malformed query's error and export one result set."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from rich.markup import escape

from ipcenter import render
from ipcenter.context import DemoContext, DemoStepResult
from ipcenter.corpus.store import Corpus
from ipcenter.errors import UserError
from ipcenter.i18n import label
from ipcenter.search import output, service
from ipcenter.search.query_lang import QuerySyntaxError

DEMO_QUERIES = (
    "TI=(锂电池 AND 正极)",
    "IC=G06F AND (TX=神经网络 OR TX=深度学习)",
    'TX="lithium battery" OR TI=bicycl*',
    "PA=中科大数据研究院 AND LS=有效",
    "鋰電池 正極",
    "锂离子电池负极材料",
    "一种利用深度学习识别图像中车辆的方法",
)
SIMILAR_TO = "CN114232276A"
MALFORMED = "TI=(锂电池 AND"


def demo_step(ctx: DemoContext) -> DemoStepResult | None:
    """Build the index of the demo corpus, run a few field-code, cross-script, typed and sentence searches."""
    started = time.perf_counter()
    lang = ctx.lang
    render.console.rule(f"{label('search', lang)} — tantivy + jieba/bigrams + opencc + USE vectors")
    report = service.build(ctx.corpus_dir, vectors="text")
    render.console.print(
        f"{label('index_build', lang)}: {report.documents} documents, {report.vectors} vectors, "
        f"{report.seconds} s ({report.docs_per_second} docs/s)"
    )
    engine = service.open_engine(ctx.corpus_dir)
    searches: list[dict[str, Any]] = []
    for q in DEMO_QUERIES:
        r = service.search(engine, q, limit=5, facets=q == DEMO_QUERIES[0])
        output.print_result(r, lang)
        searches.append(r.to_dict())
    # a Chinese sentence against English documents (cross-lingual, vectors only)
    cross = service.search(engine, "自行车的刹车装置", limit=5, mode="semantic")
    output.print_result(cross, lang)
    searches.append(cross.to_dict())
    sim_data: dict[str, Any] = {}
    try:
        body, exclude = service.similar_text_for_number(Corpus(ctx.corpus_dir), SIMILAR_TO)
        sim = service.similar(engine, body, limit=5, exclude=exclude, label=SIMILAR_TO)
        output.print_result(sim, lang)
        sim_data = sim.to_dict()
    except UserError as exc:
        render.error(exc.message)
    # a malformed query shows its error, as the CLI would
    try:
        service.search(engine, MALFORMED)
        error = None
    except QuerySyntaxError as exc:
        error = {"query": MALFORMED, "message": exc.reason, "position": exc.position}
        render.console.print(f"malformed query → {escape(exc.reason)} (position {exc.position})")
    export = service.export_results(engine, DEMO_QUERIES[0], ctx.output / "search-export.xlsx")
    (ctx.output / "search.json").write_text(
        json.dumps(
            {"index": report.to_dict(), "searches": searches, "similar": sim_data},
            ensure_ascii=False,
            indent=1,
        )
    )
    return DemoStepResult(
        name="search",
        title=label("search", "en").capitalize(),
        markdown=_markdown(report.to_dict(), searches, sim_data, error, export),
        data={
            "index": report.to_dict(),
            "searches": searches,
            "similar": sim_data,
            "error": error,
            "export": export,
            "seconds": round(time.perf_counter() - started, 2),
        },
    )


def _markdown(
    report: dict[str, Any],
    searches: list[dict[str, Any]],
    sim_data: dict[str, Any],
    error: dict[str, Any] | None,
    export: dict[str, Any],
) -> str:
    lines = [
        f"Index: {report['documents']} documents ({report['vectors']} with sentence vectors), "
        f"built in {report['seconds']} s.",
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
            f"Similar to {SIMILAR_TO}: " + ", ".join(h["publication_number"] for h in sim_data["hits"]),
        ]
    if error:
        lines += ["", f"Malformed `{error['query']}` → {error['message']} (position {error['position']})."]
    lines += [
        "",
        f"Export: `{Path(export['file']).name}` ({export['exported']} rows, query and corpus version inside).",
    ]
    return "\n".join(lines)
