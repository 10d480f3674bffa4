"""CLI surface and demo step of the classify domain (to be built)."""

from __future__ import annotations

import typer

from ipcenter.context import DemoContext, DemoStepResult


def register(app: typer.Typer) -> None:
    """Add this domain's commands to the `ipcenter` CLI (called once by cli.py)."""


def demo_step(ctx: DemoContext) -> DemoStepResult | None:
    """This domain's step of `ipcenter demo`; None while the domain has none."""
    return None
