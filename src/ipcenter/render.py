"""Output for people (rich tables, labelled in Chinese or English) and for machines (JSON)."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from rich.console import Console
from rich.table import Table

from ipcenter.i18n import label

# Not a terminal (a pipe, a log file, CI): a wide fixed width instead of 80 columns, so tables stay readable.
console = Console(highlight=False, width=None if sys.stdout.isatty() else 160)
err_console = Console(stderr=True, highlight=False, width=None if sys.stderr.isatty() else 160)


def _default(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def print_json(data: Any) -> None:
    """Plain JSON on stdout (no colour, UTF-8, not escaped), for scripts."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=_default) + "\n")


def print_table(
    title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], lang: str, *, keys: bool = True
) -> None:
    """A table; ``columns`` are label keys (translated) unless ``keys`` is False."""
    table = Table(title=title, title_justify="left")
    for col in columns:
        table.add_column(label(col, lang) if keys else col, overflow="fold")
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    console.print(table)


def error(message: str) -> None:
    err_console.print(f"[bold red]error[/]: {message}", soft_wrap=True)
