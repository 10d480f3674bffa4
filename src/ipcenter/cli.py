"""The `ipcenter` command line: the top-level app, the one error handler and the main job.

Each domain declares its own commands in ``ipcenter/<domain>/cli.py`` (``register(app)``); the list of
domains is `ipcenter.domains.DOMAINS`. Contracts written in the issues (names, options, JSON keys) are
stable: scripts depend on them.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import typer
import typer.core

from ipcenter import config, render
from ipcenter.domains import DOMAINS
from ipcenter.errors import UserError
from ipcenter.options import DataOption, LangOption


class _UserErrorGroup(typer.core.TyperGroup):
    """Turns a `UserError` raised anywhere below into the ``error:`` line and its exit code (no traceback)."""

    def invoke(self, ctx: Any) -> Any:  # typer's own (vendored) click Context
        try:
            return super().invoke(ctx)
        except UserError as exc:
            render.error(exc.message)
            raise typer.Exit(exc.exit_code) from None


app = typer.Typer(
    cls=_UserErrorGroup,
    help="ipcenter — 知识产权公共服务平台 / open IP public-service platform.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.command()
def demo(
    data: Path | None = DataOption,
    output: Path = typer.Option(
        Path("ipcenter-demo"), "--output", "-o", help="Where the demo writes its corpus and report."
    ),
    lang: str | None = LangOption,
) -> None:
    """演示 / The main job: ingest every real sample, summarise, write a report."""
    from ipcenter import demo as demo_job

    data_dir = config.data_dir(data)
    if data_dir is None or not data_dir.is_dir():
        raise UserError("data directory not found: give --data DIR or set IPCENTER_DATA")
    raise typer.Exit(demo_job.run(data_dir, output, config.language(lang)))


for _domain in DOMAINS:
    if _domain.cli:
        _domain.module("cli").register(app)


def main() -> None:
    """Entry point: never a stack trace for people (set IPCENTER_DEBUG=1 to see one)."""
    try:
        app()
    except KeyboardInterrupt:
        render.error("interrupted; the corpus is unchanged unless the run finished")
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("IPCENTER_DEBUG"):
            raise
        render.error(f"{type(exc).__name__}: {exc} (set IPCENTER_DEBUG=1 for the traceback)")
        sys.exit(3)


__all__ = ["app", "main"]
