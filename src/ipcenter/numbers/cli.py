"""Commands of the numbers domain: `ipcenter numbers normalize`."""

from __future__ import annotations

import csv
import sys
from enum import StrEnum
from pathlib import Path

import typer

from ipcenter import render
from ipcenter.errors import UserError

numbers_app = typer.Typer(help="专利号规范化 / Patent numbers in their canonical form.", no_args_is_help=True)


class JsonOrCsv(StrEnum):
    json = "json"
    csv = "csv"


def register(app: typer.Typer) -> None:
    app.add_typer(numbers_app, name="numbers")


@numbers_app.command("normalize")
def normalize(
    numbers: list[str] = typer.Argument(None, help="Numbers in any written form (CN, US, EP, WO, JP …)."),
    input_file: Path | None = typer.Option(
        None, "--input", help="A text file (one number per line) or CSV/TSV file; '-' reads stdin."
    ),
    column: str | None = typer.Option(None, "--column", help="CSV column (header name or 1-based position)."),
    country: str | None = typer.Option(None, "--country", help="Country of numbers written without one."),
    fmt: JsonOrCsv = typer.Option(JsonOrCsv.json, "--format", help="json or csv."),
) -> None:
    """专利号规范化 / One item per number, in order: canonical publication number and its parts, or why not."""
    from ipcenter.numbers import service

    inputs = list(numbers or [])
    if input_file is not None:
        if str(input_file) == "-":
            inputs += [line.strip() for line in sys.stdin.read().splitlines() if line.strip()]
        else:
            inputs += service.numbers_from_file(input_file, column=column)
    if not inputs:
        raise UserError("no numbers given: name them or give --input FILE")
    items = list(service.normalize_numbers(inputs, country=country))
    if fmt is JsonOrCsv.json:
        render.print_json(items)
    else:
        writer = csv.DictWriter(sys.stdout, fieldnames=list(service.FIELDS), lineterminator="\n")
        writer.writeheader()
        for item in items:
            writer.writerow({**item, "candidates": ";".join(item["candidates"])})
    failed = sum(1 for item in items if item["error"])
    if failed:
        render.err_console.print(f"{failed} of {len(items)} numbers could not be read (see 'error')")
