"""Readable output of check results: the terminal report, JSON/JSONL, and the HTML report (``html.py``)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence

from ipcenter import render
from ipcenter.examine.models import CheckResult, Finding
from ipcenter.examine.rules import DISCLAIMER_EN, DISCLAIMER_ZH
from ipcenter.i18n import label

_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def disclaimer(lang: str) -> str:
    return DISCLAIMER_ZH if lang == "zh" else DISCLAIMER_EN


def print_result(result: CheckResult, lang: str) -> None:
    counts = result.counts()
    render.console.rule(f"{result.id or '-'} — {len(result.claims)} {label('claims', lang)}")
    independents = [str(c.number) for c in result.claims if c.independent]
    render.console.print(
        f"{label('independent_claims', lang)}: {', '.join(independents) or '-'}   "
        f"error {counts['error']}  warning {counts['warning']}"
    )
    rows = []
    for f in result.findings:
        where = f.claim if f.part == "claims" else label(f.part, lang)
        snippet = _snippet(result, f)
        rows.append(
            [
                f"[{_SEVERITY_STYLE[f.severity]}]{f.severity}[/]",
                f.rule,
                where,
                f"{f.start}–{f.end}",
                snippet,
                f.message_zh if lang == "zh" else f.message_en,
                f.basis,
            ]
        )
    if rows:
        render.print_table(
            label("findings", lang),
            ["severity", "rule", "claim", "span", "text", "message", "basis"],
            rows,
            lang,
        )
    else:
        render.console.print(label("no_findings", lang))
    render.console.print(f"[dim]{disclaimer(lang)}[/]")


def print_summary(results: Sequence[CheckResult], lang: str) -> None:
    by_rule: Counter[tuple[str, str]] = Counter((f.rule, f.severity) for r in results for f in r.findings)
    rows = [[rule, sev, n] for (rule, sev), n in sorted(by_rule.items())]
    render.print_table(
        f"{len(results)} {label('applications', lang)}", ["rule", "severity", "count"], rows, lang
    )


def _snippet(result: CheckResult, f: Finding, width: int = 12) -> str:
    text = _part_text(result, f)
    return text[max(0, f.start - width) : f.end + width].replace("\n", " ")


def _part_text(result: CheckResult, f: Finding) -> str:
    if f.part == "claims":
        claim = result.claims[f.claim_index] if f.claim_index < len(result.claims) else None
        return claim.text if claim else ""
    if f.part == "title":
        return result.title or ""
    if f.part == "abstract":
        return result.abstract or ""
    return ""


def as_text(results: Sequence[CheckResult], fmt: str, lang: str, title: str) -> str:
    """The results as one JSON document (one object for one result), JSON Lines, or an HTML report."""
    if fmt == "json":
        data = [r.to_dict(lang) for r in results]
        return json.dumps(data[0] if len(data) == 1 else data, ensure_ascii=False, indent=2) + "\n"
    if fmt == "jsonl":
        return "".join(json.dumps(r.to_dict(lang), ensure_ascii=False) + "\n" for r in results)
    from ipcenter.examine.html import html_report

    return html_report(results, lang, title)


def print_results(results: Sequence[CheckResult], lang: str) -> None:
    for r in results:
        print_result(r, lang)
    if len(results) > 1:
        print_summary(results, lang)
