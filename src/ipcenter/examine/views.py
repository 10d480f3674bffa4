"""CLI surface (`ipcenter check claims|application`) and demo step of the examine domain."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path

import typer

from ipcenter import config, render
from ipcenter.context import DemoContext, DemoStepResult
from ipcenter.examine import report
from ipcenter.examine.models import Application, CheckResult
from ipcenter.examine.service import check_application
from ipcenter.examine.sources import InputError, from_corpus, load_applications, read_jsonl
from ipcenter.i18n import label
from ipcenter.options import LangOption

check_app = typer.Typer(
    help="形式审查辅助：权利要求书等格式检查 / Formal pre-examination checks (an aid, not a legal conclusion).",
    no_args_is_help=True,
)


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    jsonl = "jsonl"
    html = "html"


FormatOption = typer.Option(
    CheckFormat.text, "--format", help="text for people; json/jsonl for scripts; html report."
)
OutputOption = typer.Option(None, "--output", "-o", help="Write the report here instead of standard output.")


def register(app: typer.Typer) -> None:
    """Add this domain's commands to the `ipcenter` CLI (called once by cli.py)."""
    app.add_typer(check_app, name="check")


def _fail(message: str) -> None:
    render.error(message)
    raise typer.Exit(2)


def _emit(results: list[CheckResult], fmt: CheckFormat, lang: str, output: Path | None, title: str) -> None:
    if fmt is CheckFormat.text:
        for r in results:
            report.print_result(r, lang)
        if len(results) > 1:
            report.print_summary(results, lang)
        return
    if fmt is CheckFormat.json:
        data = [r.to_dict(lang) for r in results]
        text = json.dumps(data[0] if len(data) == 1 else data, ensure_ascii=False, indent=2) + "\n"
    elif fmt is CheckFormat.jsonl:
        text = "".join(json.dumps(r.to_dict(lang), ensure_ascii=False) + "\n" for r in results)
    else:
        text = report.html_report(results, lang, title)
    if output:
        output.write_text(text, encoding="utf-8")
        render.err_console.print(f"{label('report', lang)}: {output}")
    else:
        sys.stdout.write(text)


@check_app.command("claims")
def check_claims_command(
    file: Path | None = typer.Argument(None, help="Claims as plain text (.txt) or Word (.docx)."),
    input: Path | None = typer.Option(None, "--input", help='Batch: JSONL, one {"id", "claims"} per line.'),
    fmt: CheckFormat = FormatOption,
    output: Path | None = OutputOption,
    lang: str | None = LangOption,
) -> None:
    """检查权利要求书 / Check claims: numbering, references, wording, antecedent basis."""
    language = config.language(lang)
    if (file is None) == (input is None):
        _fail("give either a claims FILE or --input FILE.jsonl")
    try:
        if input is not None:
            apps = list(read_jsonl(input)) if input.exists() else []
            if not input.exists():
                raise InputError(f"{input}: no such file")
        else:
            assert file is not None
            loaded = load_applications(file)
            apps = [Application(id=a.id, claims=a.claims, lang=a.lang, office=a.office) for a in loaded]
    except InputError as exc:
        _fail(str(exc))
        return
    _emit([check_application(a) for a in apps], fmt, language, output, "claims")


@check_app.command("application")
def check_application_command(
    file: str = typer.Argument(
        ...,
        help="An application: .txt/.docx with sections, CN XML, JSON, JSONL (batch), or a number in --corpus.",
    ),
    corpus: Path | None = typer.Option(
        None, "--corpus", help="Look FILE up as a publication number in this corpus."
    ),
    fmt: CheckFormat = FormatOption,
    output: Path | None = OutputOption,
    lang: str | None = LangOption,
) -> None:
    """检查整份申请（名称、摘要、权利要求书、说明书）/ Check a whole application."""
    language = config.language(lang)
    try:
        path = Path(file)
        if corpus is not None and not path.exists():
            apps = [from_corpus(corpus, file)]
        else:
            apps = load_applications(path)
    except InputError as exc:
        _fail(str(exc))
        return
    _emit([check_application(a) for a in apps], fmt, language, output, "application")


def demo_step(ctx: DemoContext) -> DemoStepResult | None:
    """Check a few real applications from the demo corpus and write the HTML report."""
    return report.demo(ctx)
