"""Commands of the classify domain: IPC suggestions and the pre-examination scope check.

Contract (issue 6):
  ipcenter classify "TEXT" [--top K] [--level subclass|group] [--format table|json]
  ipcenter classify --input FILE.tsv [--top K] --format jsonl
  ipcenter classify train
  ipcenter scope check --centre NAME (--ipc CODE | --text "..." | --file FILE) [--format json]
  ipcenter scope list

The services (``service.py``, ``scope.py``) load numpy and scikit-learn; they are imported inside the
commands so that every other command starts without them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Literal

import typer

from ipcenter import config, render
from ipcenter.errors import UserError
from ipcenter.options import DataOption, LangOption, TableOrJson

#: How fine the suggestions are: subclasses (G06F), or main groups under them (G06F40/00).
Level = Literal["subclass", "group"]
#: table (for people, one text), json, or jsonl (one line per text, the batch default).
ClassifyFormat = Literal["table", "json", "jsonl"]

ModelsOption = typer.Option(
    None,
    "--models",
    help="Model directory (default $IPCENTER_MODELS, ./ipcenter-data/models, else ./ipcenter-demo/models).",
)


def register(app: typer.Typer) -> None:
    """Add this domain's commands to the `ipcenter` CLI (called once by cli.py)."""
    app.command("classify")(classify_command)
    app.add_typer(scope_app, name="scope")


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
        "subclass", "--level", help="subclass (G06F) or group (main group G06F40/00)."
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
    from ipcenter.classify import output, service

    if text == "train" and input_file is None:
        _train(models, data, quick, jobs)
        return
    if input_file is not None:
        if text is not None:
            raise UserError("give either TEXT or --input FILE, not both")
        results = service.classify_file(input_file, top=top, level=level, models=models)
        fmt = fmt or "jsonl"
        if fmt == "jsonl":
            for r in results:
                sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
        elif fmt == "json":
            render.print_json(results)
        else:
            output.print_batch(str(input_file), results)
        return
    result = service.classify_text(text or "", top=top, level=level, models=models)
    fmt = fmt or "table"
    if fmt == "table":
        output.print_suggestions(result.suggestions, config.language(lang), level)
    elif fmt == "json":
        render.print_json(result.to_dict())
    else:
        row = {"id": "", "suggestions": [s.to_dict(with_groups=False) for s in result.suggestions]}
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")


def _train(models: Path | None, data: Path | None, quick: bool, jobs: int) -> None:
    from ipcenter.classify import data as classify_data
    from ipcenter.classify import service

    data_dir = classify_data.require_data_dir(data)
    target = config.models_dir(models, writing=True)
    render.err_console.print(f"training the IPC classifier from {data_dir} → {target} …")
    classifier = service.train(data_dir, target, quick=quick, jobs=jobs)
    render.print_json({"model": str(target / service.MODEL_FILE), **classifier.meta})


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
    from ipcenter.classify import output, scope

    language = config.language(lang)
    entries = scope.load_entries(data)
    if centre is not None:
        name = scope.resolve_centre(entries, centre)
        chosen = scope.centre_entries(entries, name)
        if fmt is TableOrJson.json:
            render.print_json(chosen)
        else:
            output.print_centre_entries(name, chosen, language)
        return
    summary = scope.scope_summary(entries)
    if fmt is TableOrJson.json:
        render.print_json(summary)
    else:
        output.print_scope_summary(summary, language)


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
    from ipcenter.classify import output, scope

    decision = scope.check_application(
        centre, ipc=ipc, text=text, file=file, top=top, models=models, data=data
    )
    if fmt is TableOrJson.json:
        render.print_json(decision.to_dict())
    else:
        output.print_decision(decision, config.language(lang))
    # Exit 0 for every decision: out_of_scope is an answer, not an error.
