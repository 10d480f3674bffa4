"""Readable output of the transfer commands (tables and lines for people; no logic)."""

from __future__ import annotations

from typing import Any

from ipcenter import render


def print_inventory(data: dict[str, Any], lang: str) -> None:
    inv = data["inventory"]
    render.console.print(f"[bold]{data['organisation']}[/] · {inv['name']} · {inv['as_of']}")
    render.console.print(f"申请人名称 / applicant names: {', '.join(inv['applicant_names']) or '—'}")
    rows = [
        [
            i["publication_number"],
            (i["title"] or "")[:30],
            i["faculty"],
            i["legal_status"],
            i["converted"],
            i["grade"],
            (i["value"] or {}).get("composite", "—"),
            i["state_label"],
            len(i["feedback"]),
        ]
        for i in data["items"]
    ]
    render.print_table(
        "存量专利 / stock patents",
        [
            "公开号 number",
            "名称 title",
            "院系 faculty",
            "状态 status",
            "转化 converted",
            "自评 grade",
            "价值 value",
            "审核 review",
            "反馈 feedback",
        ],
        rows,
        lang,
        keys=False,
    )
    cov = data["coverage"]
    share = f"{cov['coverage']:.1%}" if cov["coverage"] is not None else "—"
    render.console.print(
        f"覆盖率 / coverage: {cov['inventoried']}/{cov['unconverted_valid']} = {share}"
        f"  ({cov['definition']}); status unknown {cov['status_unknown']}"
    )
    for f in cov["by_faculty"]:
        share = f"{f['coverage']:.1%}" if f["coverage"] is not None else "—"
        render.console.print(f"  {f['faculty']}: {f['inventoried']}/{f['unconverted_valid']} = {share}")
    if data["value"].get("note"):
        render.console.print(f"价值 / value: {data['value']['note']}")


def print_matches(data: dict[str, Any], lang: str) -> None:
    render.console.print(f"需求 / need: {data['need'][:120]}")
    for n, m in enumerate(data["matches"], 1):
        why = m["why"]
        render.console.print(
            f"[bold]{n}. {m['publication_number']}[/] {m['title'][:60]}  score {m['score']:.3f}"
        )
        render.console.print(f"   {why['summary']}")
        for p in why["passages"][:1]:
            render.console.print(f"   「{p['text'][:100]}」 ({p['field']}, {p['similarity']:.2f})")
        if why.get("holder"):
            render.console.print(
                f"   holder: {why['holder']['institution']} (resource library #{why['holder']['item_id']})"
            )


def print_verdict(data: dict[str, Any]) -> None:
    verdict = "允许 allowed" if data["allowed"] else "不允许 not allowed"
    render.console.print(f"[bold]{data['publication_number']}[/] on {data['as_of']}: {verdict}")
    for r in data["reasons"]:
        render.console.print(f"  ✗ {r['rule']}: {r['message']}", markup=False)
    for w in data["warnings"]:
        render.console.print(f"  ! {w['rule']}: {w['message']}", markup=False)


def print_assessment(data: dict[str, Any]) -> None:
    from ipcenter.transfer.assessment import RECOMMENDATIONS

    zh, en = RECOMMENDATIONS[data["recommendation"]]
    render.console.print(f"[bold]建议 / recommendation: {zh} ({en})[/]")
    for reason in data["reasons"]:
        render.console.print(f"  · {reason}")
    render.console.print("最接近的文献 / closest documents:")
    for c in data["closest"][:5]:
        passage = (c.get("passage") or {}).get("text", "")[:80]
        render.console.print(
            f"  {c['publication_number']} {c['title'][:40]} ({c['similarity']:.2f}) 「{passage}」"
        )
    codes = ", ".join(f"{s['code']} {s['score']:.2f}" for s in data["ipc"]) or data.get("ipc_note") or "—"
    render.console.print(f"IPC: {codes}")
    d = data["density"]
    render.console.print(
        f"cohort {d['subclass']} {d['years']}: {d['cohort']} documents, {d['close_documents']} close"
    )
