"""Readable output of the corpus domain for people: the summary and the document view."""

from __future__ import annotations

from typing import Any

from ipcenter import render
from ipcenter.i18n import label


def print_info(info: dict[str, Any], lang: str) -> None:
    render.console.print(
        f"{label('corpus', lang)}: {info['corpus']}  {label('version', lang)} v{info['version']}"
        f"  {label('records', lang)} {info['records']}  {label('applications', lang)} {info['applications']}"
    )
    for key in ("by_source", "by_country", "by_type", "by_status", "by_year"):
        values = info[key]
        rows = [[label(k, lang), v] for k, v in sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))]
        if key == "by_year":
            rows = [[k, v] for k, v in sorted(values.items())]
        render.print_table(label(key, lang), [key, "count"], rows, lang)


def print_document(doc: dict[str, Any], lang: str) -> None:
    fields = [
        "publication_number",
        "application_number",
        "patent_type",
        "title",
        "filing_date",
        "publication_date",
        "grant_date",
        "lapse_date",
        "legal_status",
    ]
    rows = []
    for f in fields:
        value = doc.get(f)
        if f in ("patent_type", "legal_status") and value:
            value = label(value, lang)
        rows.append([label(f, lang), value])
    rows.append([label("ipc", lang), "; ".join(doc.get("ipc") or [])])
    rows.append([label("applicants", lang), "; ".join(p["name"] for p in doc.get("applicants") or [])])
    rows.append([label("inventors", lang), "; ".join(doc.get("inventors") or [])])
    rows.append([label("citations", lang), len(doc.get("citations") or [])])
    render.print_table(doc["publication_number"], ["", ""], rows, lang, keys=False)
    if doc.get("abstract"):
        render.console.print(f"[bold]{label('abstract', lang)}[/]: {doc['abstract']}")
    for claim in doc.get("claims", [])[:30]:
        deps = f" → {claim['depends_on']}" if claim.get("depends_on") else ""
        render.console.print(f"[bold]{claim['number']}[/]{deps} {claim['text']}")
    if doc.get("other_documents"):
        render.console.print(f"other documents of this application: {', '.join(doc['other_documents'])}")
