"""Readable output of the classify domain: suggestion tables and scope decisions for people (no logic)."""

from __future__ import annotations

from typing import Any

from rich.markup import escape

from ipcenter import render
from ipcenter.classify.models import ScopeDecision, Suggestion
from ipcenter.i18n import label


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


def print_batch(title: str, results: list[dict[str, Any]]) -> None:
    """`classify --input FILE --format table`: one row per suggestion, under the id of its input row."""
    render.print_table(
        title,
        ["id", "code", "score", "title_zh"],
        [[r["id"], s["code"], f"{s['score']:.3f}", s["title_zh"]] for r in results for s in r["suggestions"]],
        "zh",
    )


def print_scope_summary(summary: list[dict[str, Any]], lang: str) -> None:
    render.print_table(
        label("prefiling_scope", lang),
        ["centre", "ipc_subclasses", "loc_classes", "field"],
        [[s["centre"], s["ipc"], s["loc"], "、".join(s["fields"])] for s in summary],
        lang,
    )


def print_centre_entries(centre: str, entries: list[dict[str, Any]], lang: str) -> None:
    render.print_table(
        centre,
        ["scheme", "code", "title_zh", "field"],
        [[e["scheme"], e["code"], e["title"], e["field"]] for e in entries],
        lang,
    )


def print_decision(decision: ScopeDecision, lang: str) -> None:
    render.console.print(f"{label('centre', lang)}: {decision.centre}")
    render.console.print(
        f"{label('scope_decision', lang)}: [bold]{label(decision.decision, lang)}[/] ({decision.decision})"
    )
    for reason in decision.reasons:
        render.console.print(f"  - {escape(reason)}")  # titles may hold brackets such as [b]
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
