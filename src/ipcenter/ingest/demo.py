"""Demo step of the ingest domain, the foundation of `ipcenter demo`: ingest every real sample under the
data directory into a fresh corpus, summarise it, explain every quarantined record, show a few documents.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

from ipcenter import render
from ipcenter.context import DemoContext, DemoStepResult
from ipcenter.corpus import output as corpus_output
from ipcenter.corpus import service as corpus_service
from ipcenter.corpus.store import Corpus
from ipcenter.i18n import label
from ipcenter.ingest.service import IngestReport, ingest

#: Documents shown by the demo (one per source family), when present.
SHOWCASE = ("CN101096965A", "CN218751475U", "US7854521B2", "EP1000000B1")


def _by_dataset(report: IngestReport, data_dir: Path) -> list[dict[str, Any]]:
    """Per top-level data folder: files ingested, formats, and the four counts."""
    groups: dict[str, dict[str, Any]] = {}
    for f in report.files:
        if f.status == "skipped":
            continue
        rel = Path(f.path).relative_to(data_dir) if Path(f.path).is_relative_to(data_dir) else Path(f.path)
        g = groups.setdefault(
            rel.parts[0],
            {
                "dataset": rel.parts[0],
                "files": 0,
                "formats": [],
                "read": 0,
                "stored": 0,
                "duplicates": 0,
                "quarantined": 0,
            },
        )
        g["files"] += 1
        if f.format and f.format not in g["formats"]:
            g["formats"].append(f.format)
        for key in ("read", "stored", "duplicates", "quarantined"):
            g[key] += getattr(f, key)
    return list(groups.values())


def _quarantine_reasons(report: IngestReport) -> list[dict[str, Any]]:
    if not report.quarantine_file:
        return []
    counts: Counter[tuple[str, str]] = Counter()
    with open(report.quarantine_file, encoding="utf-8") as fh:
        for line in fh:
            entry = json.loads(line)
            # Group by file and the reason's kind (text before a quoted value), so reasons stay readable.
            reason = entry["reason"].split(" '")[0] if "' is not" in entry["reason"] else entry["reason"]
            counts[(Path(entry["file"]).name, reason)] += 1
    return [{"file": f, "reason": r, "records": n} for (f, r), n in counts.most_common()]


def demo_step(ctx: DemoContext) -> DemoStepResult:
    """Step 1: a fresh corpus from every real sample; the table of counts; quarantine reasons; showcase."""
    data_dir, lang = ctx.data_dir, ctx.lang
    if ctx.corpus_dir.exists():
        shutil.rmtree(ctx.corpus_dir)
    render.console.rule(f"1. {label('corpus', lang)} — ingest {data_dir}")
    report = ingest([data_dir], ctx.corpus_dir)
    rows = [
        [
            d["dataset"],
            d["files"],
            ", ".join(d["formats"]),
            d["read"],
            d["stored"],
            d["duplicates"],
            d["quarantined"],
        ]
        for d in _by_dataset(report, data_dir)
    ]
    rows.append(
        [label("total", lang), "", "", report.read, report.stored, report.duplicates, report.quarantined]
    )
    render.print_table(
        f"{label('read', lang)} = {label('stored', lang)} + {label('duplicates', lang)} + {label('quarantined', lang)}",
        ["dataset", "files", "format", "read", "stored", "duplicates", "quarantined"],
        rows,
        lang,
    )
    assert report.read == report.stored + report.duplicates + report.quarantined
    reasons = _quarantine_reasons(report)
    if reasons:
        render.print_table(
            label("quarantined", lang),
            ["file", "error", "count"],
            [[r["file"], r["reason"], r["records"]] for r in reasons],
            lang,
        )
    corpus = Corpus(ctx.corpus_dir)
    info = corpus_service.corpus_info(corpus)
    corpus_output.print_info(info, lang)
    shown = []
    for number in SHOWCASE:
        found = corpus_service.find_documents(corpus, number)
        if found:
            doc = corpus_service.document_view(found[0])
            shown.append(doc["publication_number"])
            corpus_output.print_document({**doc, "claims": doc["claims"][:3]}, lang)
    data = {
        "data": str(data_dir),
        "corpus": info,
        "ingest": report.to_dict(),
        "datasets": _by_dataset(report, data_dir),
        "quarantine_reasons": reasons,
        "documents_shown": shown,
    }
    return DemoStepResult(
        name="ingest",
        title=label("corpus", lang),
        markdown=_markdown(data),
        data=data,
        ok=not report.failed_files,
        errors=[f"{f.path}: {f.error}" for f in report.failed_files],
        top_level=True,
    )


def _markdown(summary: dict[str, Any]) -> str:
    info = summary["corpus"]
    ing = summary["ingest"]
    lines = [
        "# ipcenter demo report",
        "",
        f"Data: `{summary['data']}` — corpus version {info['version']} ({info['updated_at']}), "
        f"{info['records']} documents, {info['applications']} applications. Run time {{seconds}} s.",
        "",
        "## Ingest (read = stored + duplicates + quarantined)",
        "",
        f"Totals: read {ing['read']}, stored {ing['stored']}, duplicates {ing['duplicates']}, "
        f"quarantined {ing['quarantined']}.",
        "",
        "| dataset | files | formats | read | stored | duplicates | quarantined |",
        "|---|---:|---|---:|---:|---:|---:|",
    ]
    for d in summary["datasets"]:
        lines.append(
            f"| {d['dataset']} | {d['files']} | {', '.join(d['formats'])} | {d['read']} | {d['stored']} "
            f"| {d['duplicates']} | {d['quarantined']} |"
        )
    if summary["quarantine_reasons"]:
        lines += [
            "",
            "## Quarantined records, by reason",
            "",
            "| file | reason | records |",
            "|---|---|---:|",
        ]
        lines += [f"| {r['file']} | {r['reason']} | {r['records']} |" for r in summary["quarantine_reasons"]]
    for key in ("by_source", "by_country", "by_type", "by_status"):
        lines += ["", f"## {key.replace('_', ' ')}", "", "| value | documents |", "|---|---:|"]
        lines += [f"| {k} | {v} |" for k, v in sorted(info[key].items(), key=lambda kv: -kv[1])]
    return "\n".join(lines) + "\n"
