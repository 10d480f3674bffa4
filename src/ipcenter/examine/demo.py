"""Demo step of the examine domain: check real applications of the demo corpus, write the HTML report."""

from __future__ import annotations

import time
from collections import Counter

from ipcenter import render
from ipcenter.context import DemoContext, DemoStepResult
from ipcenter.examine import output
from ipcenter.examine.html import html_report
from ipcenter.examine.rules import DISCLAIMER_EN
from ipcenter.examine.service import check_corpus
from ipcenter.i18n import label

#: Real applications the demo shows, when the corpus has them (CN XML full text, a KPPatent record with
#: real defects, a US grant).
DEMO_DOCUMENTS = (
    "CN101223695A",
    "CN86204813U",
    "CN113982540A",
    "CN110832885A",
    "CN111606816A",
    "US6982689B2",
)


def demo_step(ctx: DemoContext) -> DemoStepResult:
    """Check a few real applications from the demo corpus and write the HTML report."""
    lang = ctx.lang
    render.console.rule(f"{label('check_report', lang)} — examine")
    started = time.perf_counter()
    results = check_corpus(ctx.corpus_dir, DEMO_DOCUMENTS)
    # every application in the corpus with claims: the counts per rule (the demo corpus holds every sample)
    all_results = check_corpus(ctx.corpus_dir)
    for r in results:
        output.print_result(r, lang)
    if all_results:
        output.print_summary(all_results, lang)
    out = ctx.output / "examine_report.html"
    out.write_text(html_report(results, lang, "demo"), encoding="utf-8")
    elapsed = time.perf_counter() - started
    render.console.print(f"{label('report', lang)}: {out}  ({elapsed:.1f} s)")
    by_rule = Counter(f.rule for r in all_results for f in r.findings)
    by_sev = Counter(f.severity for r in all_results for f in r.findings)
    md = [
        f"Checked {len(all_results)} applications with claims in the demo corpus "
        f"({sum(len(r.claims) for r in all_results)} claims) in {elapsed:.1f} s; "
        f"{by_sev['error']} errors, {by_sev['warning']} warnings. HTML report of {len(results)} applications: "
        f"`{out.name}`.",
        "",
        f"> {DISCLAIMER_EN}",
        "",
        "| rule | findings |",
        "|---|---:|",
        *[f"| {k} | {v} |" for k, v in sorted(by_rule.items())],
    ]
    return DemoStepResult(
        name="examine",
        title="Formal claims check (examine)",
        markdown="\n".join(md),
        data={
            "applications": len(all_results),
            "claims": sum(len(r.claims) for r in all_results),
            "findings_by_rule": dict(by_rule),
            "findings_by_severity": dict(by_sev),
            "report": str(out),
            "shown": [r.id for r in results],
        },
    )
