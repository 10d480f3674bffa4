"""Command-line options and output formats shared by every command (one definition, one help text)."""

from __future__ import annotations

from enum import StrEnum

import typer

CorpusOption = typer.Option(
    None, "--corpus", help="Corpus directory (default $IPCENTER_CORPUS or ./ipcenter-data/corpus)."
)
DataOption = typer.Option(
    None, "--data", help="Shared data directory (default $IPCENTER_DATA or ../shared/data)."
)
LangOption = typer.Option(None, "--lang", help="Label language: zh (default) or en; or $IPCENTER_LANG.")


class TextOrJson(StrEnum):
    text = "text"
    json = "json"


class TableOrJson(StrEnum):
    table = "table"
    json = "json"
