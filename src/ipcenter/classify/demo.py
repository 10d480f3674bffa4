"""Demo step of the classify domain: classify a few real documents of the demo corpus and check them
against one protection centre's pre-examination scope."""

from __future__ import annotations

import json
import time
from typing import Any

from ipcenter import config, render
from ipcenter.classify import data as classify_data
from ipcenter.classify import scope, service
from ipcenter.classify.errors import ModelMissing
from ipcenter.context import DemoContext, DemoStepResult
from ipcenter.corpus import service as corpus_service
from ipcenter.corpus.store import Corpus
from ipcenter.i18n import label

#: Documents the demo classifies: real CN and US documents from the samples, checked against one centre.
DEMO_CENTRE = "成都知识产权保护中心"
DEMO_DOCUMENTS = ("CN101096965A", "CN101108287A", "CN201081743Y", "CN201094265Y", "US7854521B2")


def _classifier(ctx: DemoContext) -> tuple[service.Classifier, str]:
    """The model the commands would use (``config.models_dir``), else the one under the demo output, else
    the quick nearest-centroid one, trained now (seconds on 2 cores; calibrated on a 2-fold inner split)
    and written under the demo output, where `ipcenter classify` finds it afterwards."""
    model_dir = ctx.output / "models"
    for directory in (config.models_dir(None), model_dir):
        try:
            return service.load_classifier(directory), str(directory)
        except ModelMissing:
            continue
    lang = ctx.lang
    render.console.print(label("training_quick", lang))
    t0 = time.perf_counter()
    classifier = service.build_classifier(ctx.data_dir, quick=True, n_jobs=2)
    service.save_classifier(classifier, model_dir)
    trained = round(time.perf_counter() - t0, 1)
    render.console.print(
        f"快速模型已训练（{trained} 秒），准确度低于完整模型；完整模型请运行 ipcenter classify train"
        if lang == "zh"
        else f"quick model trained in {trained} s (less accurate than the full model; "
        "run `ipcenter classify train` for that)"
    )
    return classifier, (
        f"{model_dir} (quick model, trained now in {trained} s; `ipcenter classify train` builds the full one)"
    )


def demo_step(ctx: DemoContext) -> DemoStepResult | None:
    """Classify a few real documents of the demo corpus and check them against a centre's scope."""
    lang = ctx.lang
    render.console.rule(f"{label('classify_step', lang)}")
    started = time.perf_counter()
    classifier, source = _classifier(ctx)
    entries = classify_data.load_scopes(ctx.data_dir)
    corpus = Corpus(ctx.corpus_dir)
    rows = []
    results: list[dict[str, Any]] = []
    for number in DEMO_DOCUMENTS:
        found = corpus_service.find_documents(corpus, number)
        if not found:
            continue
        doc = corpus_service.document_view(found[0])
        text = "\n".join(str(doc.get(k) or "") for k in ("title", "abstract"))
        suggestions = service.suggest(classifier, [text], top=3)[0]
        by_text = scope.check_text(entries, DEMO_CENTRE, suggestions, text)
        given = doc.get("ipc") or []
        by_ipc = scope.check_ipc(entries, DEMO_CENTRE, given[0]) if given else None
        true_subs = sorted({g[:4] for g in given})
        results.append(
            {
                "publication_number": doc["publication_number"],
                "title": doc.get("title"),
                "ipc": given,
                "suggestions": [s.to_dict() for s in suggestions],
                "hit@3": bool(set(true_subs) & {s.code for s in suggestions}),
                "scope_by_text": by_text.decision,
                "scope_by_ipc": by_ipc.decision if by_ipc else None,
                "reasons": by_text.reasons + (by_ipc.reasons if by_ipc else []),
            }
        )
        rows.append(
            [
                doc["publication_number"],
                (doc.get("title") or "")[:30],
                ",".join(true_subs),
                ", ".join(f"{s.code} {s.score:.2f}" for s in suggestions),
                label(by_text.decision, lang),
                label(by_ipc.decision, lang) if by_ipc else "",
            ]
        )
    render.print_table(
        f"{label('ipc_suggestions', lang)} · {DEMO_CENTRE}",
        ["publication_number", "title", "ipc", "suggestions", "scope_by_text", "scope_by_ipc"],
        rows,
        lang,
    )
    seconds = round(time.perf_counter() - started, 1)
    (ctx.output / "classify.json").write_text(
        json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    lines = [
        f"Model: `{source}` ({classifier.meta.get('subclasses')} subclasses, trained {classifier.meta.get('trained_at')}). "
        f"Centre: {DEMO_CENTRE}. {seconds} s. These sample documents are among the training examples "
        "(their codes are real); held-out accuracy is in docs/benchmarks.md.",
        "",
        "| document | title | given IPC | top-3 suggestions | scope (text) | scope (given IPC) |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['publication_number']} | {r['title']} | {', '.join(r['ipc'])} | "
            + ", ".join(f"{s['code']} {s['score']:.2f}" for s in r["suggestions"])
            + f" | {r['scope_by_text']} | {r['scope_by_ipc']} |"
        )
    return DemoStepResult(
        name="classify",
        title="IPC classification and pre-examination scope",
        markdown="\n".join(lines),
        data={"model": source, "centre": DEMO_CENTRE, "documents": results, "seconds": seconds},
        ok=bool(results),
    )
