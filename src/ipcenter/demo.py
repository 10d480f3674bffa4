"""`ipcenter demo`: the project's main job. It runs each domain's demo step in the order of
`ipcenter.domains.DOMAINS` — the ingest step first builds the corpus from every real sample, then each
capability adds its step — and writes ``report.md`` / ``report.json`` under the output directory.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from ipcenter import render
from ipcenter.context import DemoContext, DemoStepResult
from ipcenter.domains import DOMAINS


def run(data_dir: Path, output: Path, lang: str) -> int:
    started = time.perf_counter()
    output.mkdir(parents=True, exist_ok=True)
    ctx = DemoContext(data_dir=data_dir, output=output, corpus_dir=output / "corpus", lang=lang)
    results: list[DemoStepResult] = []
    for domain in DOMAINS:
        step = domain.demo_step()
        result = step(ctx) if step is not None else None  # each step prints its own heading
        if result is not None:
            results.append(result)
            ctx.results[result.name] = result.data

    elapsed = time.perf_counter() - started
    seconds = round(elapsed, 1)
    head = [r for r in results if r.top_level]
    steps = [r for r in results if not r.top_level]
    summary: dict[str, Any] = {}
    for r in head:
        summary.update(r.data)
    summary["steps"] = {r.name: r.data for r in steps}
    summary["seconds"] = seconds
    (output / "report.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1, default=str))
    markdown = "".join(r.markdown.replace("{seconds}", str(seconds)) for r in head)
    markdown += "".join(f"\n## {r.title}\n\n{r.markdown}\n" for r in steps)
    (output / "report.md").write_text(markdown, encoding="utf-8")
    render.console.print(f"report: {output / 'report.md'}  ({elapsed:.1f} s)")
    failed_steps = [r.name for r in steps if not r.ok]
    if failed_steps:
        render.error("a demo step failed: " + ", ".join(failed_steps))
    for r in results:
        for message in r.errors:
            render.error(message)
    return 1 if failed_steps or any(not r.ok for r in head) else 0
