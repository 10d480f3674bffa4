"""Readable output of the search domain for people: hits as a table (matches in bold), then facets."""

from __future__ import annotations

from rich.markup import escape
from rich.table import Table

from ipcenter import render
from ipcenter.i18n import label
from ipcenter.search.models import SearchResult


def rich_snippet(snippet: str) -> str:
    """A snippet's <em>…</em> marks as bold red, everything else escaped."""
    return escape(snippet).replace("&lt;em&gt;", "<em>").replace("<em>", "[bold red]").replace("</em>", "[/]")


def print_result(result: SearchResult, lang: str) -> None:
    """Hits as a table (highlights in bold), then facets when asked for."""
    title = (
        f"{label('search_query', lang)}: {result.query[:80]}  —  {label('search_total', lang)} {result.total}"
        f"  ({label('search_mode', lang)} {result.mode}, {result.took_ms:.0f} ms)"
    )
    table = Table(title=escape(title), title_justify="left")
    for key in ("rank", "publication_number", "title", "applicants", "publication_date", "score", "snippet"):
        table.add_column(label(key, lang), overflow="fold")
    for i, h in enumerate(result.hits, start=result.offset + 1):
        table.add_row(
            str(i),
            h.publication_number,
            escape(h.title[:60]),
            escape((h.applicant or "")[:30]),
            h.publication_date or "",
            f"{h.score:.4g}",
            rich_snippet(h.snippet),
        )
    render.console.print(table)
    for name, buckets in result.facets.items():
        if buckets:
            render.console.print(
                f"[bold]{label('facet_' + name, lang)}[/]: "
                + ", ".join(f"{escape(label(v, lang))} ({n})" for v, n in buckets)
            )


def print_state(title: str, items: dict[str, object], lang: str) -> None:
    """An index build report or an index's state as a two-column table."""
    render.print_table(title, ["item", "count"], [[k, v] for k, v in items.items()], lang)


def print_warnings(warnings: list[str]) -> None:
    """Warnings on stderr (the command still succeeds): ``warning: …``."""
    for message in warnings:
        render.err_console.print(f"[bold yellow]warning[/]: {escape(message)}", soft_wrap=True)
