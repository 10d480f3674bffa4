"""Commands of the examine domain: `ipcenter check claims|application`."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path

import typer

from ipcenter import config, render
from ipcenter.examine import output, service
from ipcenter.examine.models import CheckResult
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
    """Add this domain's commands to the `ipcenter` CLI."""
    app.add_typer(check_app, name="check")


def _emit(results: list[CheckResult], fmt: CheckFormat, lang: str, out: Path | None, title: str) -> None:
    if fmt is CheckFormat.text:
        output.print_results(results, lang)
        return
    text = output.as_text(results, fmt.value, lang, title)
    if out:
        out.write_text(text, encoding="utf-8")
        render.err_console.print(f"{label('report', lang)}: {out}")
    else:
        sys.stdout.write(text)


@check_app.command("claims")
def check_claims_command(
    file: Path | None = typer.Argument(None, help="Claims as plain text (.txt) or Word (.docx)."),
    input: Path | None = typer.Option(None, "--input", help='Batch: JSONL, one {"id", "claims"} per line.'),
    fmt: CheckFormat = FormatOption,
    out: Path | None = OutputOption,
    lang: str | None = LangOption,
) -> None:
    """检查权利要求书 / Check claims: numbering, references, wording, antecedent basis."""
    language = config.language(lang)
    apps = service.claims_to_check(file, input)
    _emit(service.check_all_of(apps), fmt, language, out, "claims")


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
    out: Path | None = OutputOption,
    lang: str | None = LangOption,
) -> None:
    """检查整份申请（名称、摘要、权利要求书、说明书）/ Check a whole application."""
    language = config.language(lang)
    apps = service.applications_to_check(file, corpus)
    _emit(service.check_all_of(apps), fmt, language, out, "application")
