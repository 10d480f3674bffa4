"""Readable output of the ingest domain for people: the progress display and the run report."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from ipcenter import render
from ipcenter.i18n import label
from ipcenter.ingest.service import IngestReport, ingest


def run_ingest(
    paths: Iterable[Path], corpus_dir: Path, *, show_progress: bool, workers: int | None = 1
) -> IngestReport:
    """Ingest with a progress display when stderr is a terminal."""
    if not (show_progress and sys.stderr.isatty()):
        return ingest(paths, corpus_dir, workers=workers)
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("{task.completed} records"),
        TimeElapsedColumn(),
        console=render.err_console,
        transient=True,
    ) as progress:
        task = progress.add_task("ingest", total=None)
        state = {"file": ""}

        def on_record(file: str, n: int) -> None:
            if file != state["file"]:
                state["file"] = file
                progress.update(task, description=Path(file).name)
            if n % 200 == 0:
                progress.update(task, completed=n)

        return ingest(paths, corpus_dir, progress=on_record, workers=workers)


def print_ingest_report(report: IngestReport, lang: str) -> None:
    rows = []
    for f in report.files:
        if f.status == "skipped":
            continue
        rows.append(
            [f.path, f.format, label(f.status, lang), f.read, f.stored, f.duplicates, f.quarantined, f.error]
        )
    rows.append(
        [label("total", lang), "", "", report.read, report.stored, report.duplicates, report.quarantined, ""]
    )
    render.print_table(
        f"{label('corpus', lang)}: {report.corpus} (v{report.corpus_version}, {report.corpus_records} {label('records', lang)})",
        ["file", "format", "status", "read", "stored", "duplicates", "quarantined", "error"],
        rows,
        lang,
    )
    skipped: dict[str, list[str]] = {}
    for f in report.files:
        if f.status == "skipped":
            skipped.setdefault(f.error or "", []).append(Path(f.path).name)
    for why, names in skipped.items():  # every skipped file, with the reason
        render.console.print(f"{label('skipped', lang)} ({why}): {', '.join(names)}", soft_wrap=True)
    for f in report.failed_files:
        render.error(f"{f.path}: {label(f.status, lang)} — {f.error}")
    if report.quarantine_file:
        render.console.print(f"{label('quarantine_file', lang)}: {report.quarantine_file}")
