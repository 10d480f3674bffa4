"""CLI surface and demo step of the classify domain: IPC suggestions and the pre-examination scope check.

Contract (issue 6):
  ipcenter classify "TEXT" [--top K] [--level subclass|group] [--format table|json]
  ipcenter classify --input FILE.tsv [--top K] --format jsonl
  ipcenter classify train
  ipcenter scope check --centre NAME (--ipc CODE | --text "..." | --file FILE) [--format json]
  ipcenter scope list
"""

from __future__ import annotations

import json
import sys
import time
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from ipcenter import config, render
from ipcenter.classify import data as classify_data
from ipcenter.classify import service
from ipcenter.classify.models import ScopeDecision, Suggestion
from ipcenter.context import DemoContext, DemoStepResult
from ipcenter.core.errors import InvalidValue
from ipcenter.i18n import label
from ipcenter.options import DataOption, LangOption, TableOrJson


class Level(StrEnum):
    subclass = "subclass"
    group = "group"


class ClassifyFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


ModelsOption = typer.Option(
    None, "--models", help="Model directory (default $IPCENTER_MODELS or ./ipcenter-data/models)."
)


def _fail(message: str, code: int = 2) -> None:
    render.error(message)
    raise typer.Exit(code)


def _data_dir(option: Path | None) -> Path:
    path = config.data_dir(option)
    if path is None or not path.is_dir():
        _fail("data directory not found: give --data DIR or set IPCENTER_DATA")
    assert path is not None
    return path


def _load(models: Path | None) -> service.Classifier:
    try:
        return service.load_classifier(service.models_dir(models))
    except service.ModelMissing as exc:
        _fail(str(exc), code=1)
        raise


# ---------------------------------------------------------------------------------------------- classify


def classify_command(
    text: str | None = typer.Argument(
        None,
        help='Text to classify (title, title + abstract, or a whole application); "train" rebuilds the model.',
    ),
    input_file: Path | None = typer.Option(
        None, "--input", help="TSV with columns id and text (batch mode)."
    ),
    top: int = typer.Option(3, "--top", min=1, max=50, help="How many suggestions."),
    level: Level = typer.Option(
        Level.subclass, "--level", help="subclass (G06F) or group (main group G06F40/00)."
    ),
    fmt: ClassifyFormat | None = typer.Option(
        None, "--format", help="table (default for one text), json, or jsonl (default for --input)."
    ),
    models: Path | None = ModelsOption,
    data: Path | None = DataOption,
    quick: bool = typer.Option(
        False,
        "--quick",
        help="train: the quick nearest-centroid model (seconds instead of minutes; clearly weaker).",
    ),
    jobs: int = typer.Option(2, "--jobs", min=1, help="train: parallel fits."),
    lang: str | None = LangOption,
) -> None:
    """IPC分类号推荐 / Suggest IPC subclasses (and main groups) for a text; `classify train` rebuilds the model."""
    if text == "train" and input_file is None:
        _train(models, data, quick, jobs)
        return
    if input_file is not None:
        if text is not None:
            _fail("give either TEXT or --input FILE, not both")
        _classify_file(input_file, top, level, fmt or ClassifyFormat.jsonl, models)
        return
    if text is None or not text.strip():
        _fail('give a text to classify (ipcenter classify "一种……") or --input FILE.tsv')
        return
    classifier = _load(models)
    suggestions = service.suggest(classifier, [text], top=top, level=level.value)[0]
    shown = service.flat_suggestions(suggestions, level.value)
    fmt = fmt or ClassifyFormat.table
    if fmt is ClassifyFormat.table:
        print_suggestions(shown, config.language(lang), level.value)
    elif fmt is ClassifyFormat.json:
        render.print_json(
            {
                "text": text,
                "level": level.value,
                "suggestions": [s.to_dict() for s in shown],
                "decided_subclasses": service.decided_subclasses(classifier, text),
            }
        )
    else:
        sys.stdout.write(
            json.dumps(
                {"id": "", "suggestions": [s.to_dict(with_groups=False) for s in shown]}, ensure_ascii=False
            )
            + "\n"
        )


def _classify_file(path: Path, top: int, level: Level, fmt: ClassifyFormat, models: Path | None) -> None:
    if not path.is_file():
        _fail(f"{path}: no such file")
    try:
        rows = list(classify_data.iter_tsv_inputs(path))
    except (ValueError, UnicodeDecodeError, OSError) as exc:
        _fail(f"cannot read {path}: {exc}")
        return
    classifier = _load(models)
    results: list[dict[str, Any]] = []
    batch = 256
    for start in range(0, len(rows), batch):
        chunk = rows[start : start + batch]
        texts = [t or "" for _, t in chunk]
        for (row_id, _), suggestions in zip(
            chunk, service.suggest(classifier, texts, top=top, level=level.value), strict=True
        ):
            shown = service.flat_suggestions(suggestions, level.value)
            results.append({"id": row_id, "suggestions": [s.to_dict(with_groups=False) for s in shown]})
    if fmt is ClassifyFormat.jsonl:
        for r in results:
            sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
    elif fmt is ClassifyFormat.json:
        render.print_json(results)
    else:
        render.print_table(
            str(path),
            ["id", "code", "score", "title_zh"],
            [
                [r["id"], s["code"], f"{s['score']:.3f}", s["title_zh"]]
                for r in results
                for s in r["suggestions"]
            ],
            "zh",
        )


def _train(models: Path | None, data: Path | None, quick: bool, jobs: int) -> None:
    data_dir = _data_dir(data)
    target = service.models_dir(models)
    render.err_console.print(f"training the IPC classifier from {data_dir} → {target} …")
    try:
        classifier = service.build_classifier(data_dir, quick=quick, n_jobs=jobs)
        path = service.save_classifier(classifier, target)
    except classify_data.DataMissing as exc:
        _fail(str(exc))
        return
    except OSError as exc:
        _fail(f"cannot write the model: {exc}")
        return
    render.print_json({"model": str(path), **classifier.meta})


def print_suggestions(suggestions: list[Suggestion], lang: str, level: str = "subclass") -> None:
    rows: list[list[Any]] = []
    for rank, s in enumerate(suggestions, start=1):
        rows.append([rank, s.code, f"{s.score:.3f}", s.title_zh or "", s.title_en or ""])
        for g in s.groups:
            rows.append(["", f"  {g.code}", f"{g.score:.3f}", g.title_zh or "", g.title_en or ""])
    render.print_table(
        label("ipc_suggestions", lang) + f" ({label(level, lang)})",
        ["rank", "code", "score", "title_zh", "title_en"],
        rows,
        lang,
    )


# ---------------------------------------------------------------------------------------------- scope

scope_app = typer.Typer(
    help="预审服务领域 / Pre-examination scope of protection centres.", no_args_is_help=True
)


@scope_app.command("list")
def scope_list(
    centre: str | None = typer.Option(
        None, "--centre", help="Show one centre's entries (name or part of it)."
    ),
    data: Path | None = DataOption,
    fmt: TableOrJson = typer.Option(TableOrJson.table, "--format", help="table or json."),
    lang: str | None = LangOption,
) -> None:
    """预审服务领域列表 / List the centres and their scope (IPC subclasses and Locarno classes)."""
    language = config.language(lang)
    entries = _scopes(data)
    if centre is not None:
        name = _centre(entries, centre)
        chosen = [e for e in entries if e.centre == name]
        if fmt is TableOrJson.json:
            render.print_json(
                [
                    {
                        "centre": e.centre,
                        "scheme": e.scheme,
                        "code": e.code,
                        "title": e.title,
                        "field": e.field,
                    }
                    for e in chosen
                ]
            )
        else:
            render.print_table(
                name,
                ["scheme", "code", "title_zh", "field"],
                [[e.scheme, e.code, e.title, e.field] for e in chosen],
                language,
            )
        return
    summary = []
    for name in service.centres(entries):
        own = [e for e in entries if e.centre == name]
        summary.append(
            {
                "centre": name,
                "ipc": sum(e.scheme == "IPC" for e in own),
                "loc": sum(e.scheme == "LOC" for e in own),
                "fields": sorted({e.field for e in own if e.field}),
            }
        )
    if fmt is TableOrJson.json:
        render.print_json(summary)
    else:
        render.print_table(
            label("prefiling_scope", language),
            ["centre", "ipc_subclasses", "loc_classes", "field"],
            [[s["centre"], s["ipc"], s["loc"], "、".join(s["fields"])] for s in summary],
            language,
        )


@scope_app.command("check")
def scope_check(
    centre: str = typer.Option(..., "--centre", help="Centre name or part of it (成都, 四川, 重庆)."),
    ipc: str | None = typer.Option(None, "--ipc", help="The application's main IPC (e.g. G06F40/30)."),
    text: str | None = typer.Option(None, "--text", help="Text to classify first (title, abstract, claims)."),
    file: Path | None = typer.Option(
        None,
        "--file",
        help="A patent document the ingest readers know (its main IPC, else its text) or a UTF-8 text file.",
    ),
    top: int = typer.Option(5, "--top", min=1, max=20, help="Suggestions considered when classifying text."),
    models: Path | None = ModelsOption,
    data: Path | None = DataOption,
    fmt: TableOrJson = typer.Option(TableOrJson.table, "--format", help="table or json."),
    lang: str | None = LangOption,
) -> None:
    """预审范围核查 / Is an application inside a centre's pre-examination scope? in_scope / out_of_scope / uncertain."""
    given = [x for x in (ipc, text, file) if x is not None]
    if len(given) != 1:
        _fail("give exactly one of --ipc CODE, --text TEXT, --file FILE")
    entries = _scopes(data)
    name = _centre(entries, centre)
    if file is not None:
        ipc, text = _read_application(file)
    if ipc is not None:
        try:
            decision = service.check_ipc(entries, name, ipc)
        except InvalidValue as exc:
            _fail(str(exc))
            return
    else:
        assert text is not None
        if not text.strip():
            _fail("the text is empty")
        classifier = _load(models)
        suggestions = service.suggest(classifier, [text], top=top)[0]
        decision = service.check_text(entries, name, suggestions, text)
    if fmt is TableOrJson.json:
        render.print_json(decision.to_dict())
    else:
        print_decision(decision, config.language(lang))
    # Exit 0 for every decision: out_of_scope is an answer, not an error.


def _read_application(path: Path) -> tuple[str | None, str | None]:
    """(main IPC, None) when a reader finds codes in the document, else (None, its text)."""
    if not path.is_file():
        _fail(f"{path}: no such file")
    from ipcenter.ingest.service import detect_reader

    reader = detect_reader(path)
    if reader is not None:
        for item in reader.read(path):
            rec = item.record
            if rec is None:
                continue
            if rec.ipc:
                return rec.ipc[0], None
            parts = [rec.title, rec.abstract, " ".join(c.text for c in rec.claims[:3])]
            return None, "\n".join(p for p in parts if p)
    try:
        return None, path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError) as exc:
        _fail(f"cannot read {path} as a patent document or UTF-8 text: {exc}")
        raise


def _scopes(data: Path | None) -> list[Any]:
    try:
        return classify_data.load_scopes(_data_dir(data))
    except classify_data.DataMissing as exc:
        _fail(str(exc))
        raise


def _centre(entries: list[Any], name: str) -> str:
    try:
        return service.resolve_centre(entries, name)
    except ValueError as exc:
        _fail(str(exc))
        raise


def print_decision(decision: ScopeDecision, lang: str) -> None:
    render.console.print(f"{label('centre', lang)}: {decision.centre}")
    render.console.print(
        f"{label('scope_decision', lang)}: [bold]{label(decision.decision, lang)}[/] ({decision.decision})"
    )
    for reason in decision.reasons:
        render.console.print(f"  - {reason}")
    if decision.matched or decision.outside:
        rows = [
            [m["code"], m.get("score", ""), label("in_scope", lang), m.get("title", "")]
            for m in decision.matched
        ]
        rows += [
            [o["code"], o.get("score", ""), label("out_of_scope", lang), o.get("title_zh") or ""]
            for o in decision.outside
        ]
        render.print_table("", ["code", "score", "scope_decision", "title_zh"], rows, lang)


def register(app: typer.Typer) -> None:
    """Add this domain's commands to the `ipcenter` CLI (called once by cli.py)."""
    app.command("classify")(classify_command)
    app.add_typer(scope_app, name="scope")


# ---------------------------------------------------------------------------------------------- demo

#: Documents the demo classifies: real CN and US documents from the samples, checked against one centre.
DEMO_CENTRE = "成都知识产权保护中心"
DEMO_DOCUMENTS = ("CN101096965A", "CN101108287A", "CN201081743Y", "CN201094265Y", "US7854521B2")


def demo_step(ctx: DemoContext) -> DemoStepResult | None:
    """Classify a few real documents of the demo corpus and check them against a centre's scope."""
    from ipcenter.corpus import service as corpus_service
    from ipcenter.corpus.store import Corpus

    lang = ctx.lang
    render.console.rule(f"{label('classify_step', lang)}")
    started = time.perf_counter()
    model_dir = ctx.output / "models"
    try:
        classifier = service.load_classifier(service.models_dir(None))
        source = str(service.models_dir(None))
    except service.ModelMissing:
        try:
            classifier = service.load_classifier(model_dir)
            source = str(model_dir)
        except service.ModelMissing:
            # No trained model: the quick nearest-centroid one, calibrated on a 2-fold inner split (seconds
            # on 2 cores), written under the demo output.
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
            source = f"{model_dir} (quick model, trained now in {trained} s; `ipcenter classify train` builds the full one)"
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
        by_text = service.check_text(entries, DEMO_CENTRE, suggestions, text)
        given = doc.get("ipc") or []
        by_ipc = service.check_ipc(entries, DEMO_CENTRE, given[0]) if given else None
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
