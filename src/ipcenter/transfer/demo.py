"""Demo step of the transfer domain, on the demo corpus and the demo's app database:

1. the inventory of a real university applicant of the corpus, 北京航空航天大学, found by its name variants
   (the Lens export writes UNIV BEIHANG, UNIV BEI HANG and UNIV BEIJING BUAA), with the value scores beside
   each record, one record taken through the review chain into the resource library, coverage and the XLSX;
2. an enterprise's need and the patents matching it, each with its reasons;
3. an open-licence declaration checked under rule 18 (and the verdict for a record whose validity the corpus
   cannot establish).

Faculty names and the grade entered below are marked as illustrative (示例): the corpus has no faculties.
"""

from __future__ import annotations

import json
import time
from datetime import date
from typing import Any

from sqlalchemy import select

from ipcenter import render
from ipcenter.accounts.models import Organisation
from ipcenter.accounts.principal import Principal
from ipcenter.accounts.roles import Role
from ipcenter.context import DemoContext, DemoStepResult
from ipcenter.errors import UserError
from ipcenter.platform.database import open_database
from ipcenter.transfer import inventory, licensing, needs, patents, review, service
from ipcenter.transfer.matching import Matcher

UNIVERSITY = "北京航空航天大学"
SEEDS = ["BEIHANG", "BEI HANG", "BUAA", "北京航空航天"]
ENTERPRISE = "长沙示例科技有限公司"  # the demo's enterprise (accounts step)
FACULTY = "（示例）仪器科学与光电工程学院"
NEED = {
    "title": "无人机视觉测量相机快速标定",
    "problem": "无人机视觉测量中的相机标定：需要一种快速、高精度的相机标定方法，减少现场标定时间"
    "（camera calibration for drone vision measurement）",
    "desired_effect": "现场标定时间从小时级降到分钟级，标定精度满足三维测量要求",
    "industry": "智能装备",
    "region": "长沙市",
    "budget_min": 10,
    "budget_max": 50,
}


def _org(db: Any, name: str, kind: str) -> Organisation:
    org: Organisation | None = db.scalars(select(Organisation).where(Organisation.name == name)).first()
    if org is None:
        from ipcenter.accounts import service as accounts

        org = accounts.add_organisation(db, name, kind)
    return org


def demo_step(ctx: DemoContext) -> DemoStepResult | None:
    started = time.perf_counter()
    render.console.rule("专利转化运用 / turning patents into products")
    out = ctx.output / "transfer"
    out.mkdir(parents=True, exist_ok=True)
    today = date.today()
    data: dict[str, Any] = {}
    errors: list[str] = []
    database = open_database(f"sqlite:///{ctx.output / 'app.db'}")
    try:
        corpus = patents.open_corpus(ctx.corpus_dir)
        with database.session() as db:
            university = _org(db, UNIVERSITY, "university")
            enterprise = _org(db, ENTERPRISE, "enterprise")
            admin = inventory.acting_for(university)
            buyer = Principal(None, "demo", Role.member, enterprise.id, "cli", "local")
            # 1. inventory by name variants
            variants = patents.suggest_variants(corpus, SEEDS)
            inv = inventory.create(
                db, admin, f"{today.year} 存量专利盘点（演示）", today, [v["name"] for v in variants]
            )
            found = inventory.discover(db, admin, inv, corpus).to_dict()
            rows = inventory.items_of(db, inv)
            chosen = next((r for r in rows if r.legal_status == "in_force"), None)
            if chosen is not None:
                inventory.update(
                    db,
                    admin,
                    chosen,
                    {
                        "faculty": FACULTY,
                        "grade": "转化前景较好",
                        "converted": "未转化",
                        "scenario": "（示例）无人机视觉测量",
                        "maturity": "中试",
                    },
                )
                review.apply(db, admin, chosen, "document", "演示：发明人建档")
                review.apply(db, admin, chosen, "faculty_approve", "演示：院系审核通过")
                review.apply(db, admin, chosen, "university_approve", "演示：学校审核入库")
            report = inventory.report(db, admin, inv, ctx.corpus_dir, ctx.data_dir)
            xlsx = inventory.export_xlsx(report, out / "inventory.xlsx")
            data["inventory"] = {
                "variants": variants,
                "discovery": found,
                "coverage": report["coverage"],
                "by_state": report["by_state"],
                "xlsx": str(xlsx),
                "items": [
                    {
                        k: i[k]
                        for k in ("publication_number", "title", "legal_status", "state", "grade", "value")
                    }
                    for i in report["items"]
                ],
            }
            # 2. a need and its matches
            need = needs.post(db, buyer, NEED, [])
            matcher = Matcher(ctx.corpus_dir, data_dir=ctx.data_dir, models_dir=ctx.output / "models")
            holders = service.library_holders(db, service.library_numbers(db))
            found_matches = matcher.match(needs.need_query(need), limit=5, holders=holders)
            data["need"] = {
                "id": need.id,
                **NEED,
                "matches": [m.to_dict() for m in found_matches],
                "notes": matcher.notes,
            }
            # 3. an open-licence declaration checked (and a verdict the corpus cannot support)
            verdicts = []
            if chosen is not None:
                declaration = licensing.declare(
                    db,
                    admin,
                    corpus,
                    chosen.publication_number,
                    {
                        "payment_method": "lump_sum_plus_royalty",
                        "fee_fixed": 5.0,
                        "royalty_sales_pct": 3.0,
                        "term_from": today.isoformat(),
                        "term_to": today.replace(year=today.year + 3).isoformat(),
                        "scenario": "无人机视觉测量",
                        "industry": "智能装备",
                    },
                )
                verdict = licensing.run_check(db, admin, corpus, declaration, today)
                data["licence"] = {**licensing.view(db, admin, declaration), "verdict": verdict.to_dict()}
                verdicts.append(verdict.to_dict())
            unknown = next((r for r in rows if r.legal_status == "unknown"), None)
            if unknown is not None:
                verdicts.append(
                    service.check_licence(db, corpus, unknown.publication_number, today).to_dict()
                )
            data["licence_checks"] = verdicts
    except UserError as exc:
        errors.append(f"transfer: {exc.message}")
    finally:
        database.dispose()
    (out / "transfer.json").write_text(
        json.dumps(data, ensure_ascii=False, indent=1, default=str), encoding="utf-8"
    )
    markdown = _markdown(data, errors)
    _print(data)
    render.console.print(f"transfer: {out}  ({time.perf_counter() - started:.1f} s)")
    return DemoStepResult(
        "transfer",
        "专利转化运用 / turning patents into products",
        markdown,
        data=_stable(data),
        ok=not errors,
        errors=errors,
    )


def _stable(data: dict[str, Any]) -> dict[str, Any]:
    """report.json's part: what does not change from run to run (no dates, ids or timings)."""
    inv = data.get("inventory", {})
    return {
        "university": UNIVERSITY,
        "variants": [v["name"] for v in inv.get("variants", [])],
        "added": len(inv.get("discovery", {}).get("added", [])),
        "coverage": {k: inv.get("coverage", {}).get(k) for k in ("inventoried", "unconverted_valid")},
        "matches": [m["publication_number"] for m in data.get("need", {}).get("matches", [])],
        "licence_allowed": [v["allowed"] for v in data.get("licence_checks", [])],
    }


def _print(data: dict[str, Any]) -> None:
    inv = data.get("inventory")
    if inv:
        names = ", ".join(f"{v['name']} ({v['documents']})" for v in inv["variants"])
        render.console.print(f"{UNIVERSITY}: name variants {names}")
        cov = inv["coverage"]
        render.console.print(
            f"  {len(inv['discovery']['added'])} records; coverage {cov['inventoried']}/"
            f"{cov['unconverted_valid']}; status unknown {cov['status_unknown']}"
        )
    for m in data.get("need", {}).get("matches", [])[:3]:
        render.console.print(
            f"  match {m['publication_number']} {m['score']:.3f}: {m['why']['summary'][:110]}", markup=False
        )
    for v in data.get("licence_checks", []):
        render.console.print(
            f"  licence check {v['publication_number']}: {'allowed' if v['allowed'] else 'refused'}"
            f" {'; '.join(r['message'] for r in v['reasons'])[:120]}",
            markup=False,
        )


def _markdown(data: dict[str, Any], errors: list[str]) -> str:
    lines = ["Inventory, matching and open licensing on the demo corpus (docs/transfer.md).", ""]
    inv = data.get("inventory")
    if inv:
        names = ", ".join(f"{v['name']} ({v['documents']} documents)" for v in inv["variants"])
        lines += [
            f"**Inventory of {UNIVERSITY}** (a real applicant of the corpus), found by its name variants:"
            f" {names}.",
            "",
            "| number | title | status | review | grade | value (许可转让) |",
            "|---|---|---|---|---|---:|",
        ]
        for i in inv["items"]:
            value = i["value"]["composite"] if i["value"] else "—"
            lines.append(
                f"| {i['publication_number']} | {i['title'][:50]} | {i['legal_status']} | {i['state']} |"
                f" {i['grade'] or '—'} | {value} |"
            )
        cov = inv["coverage"]
        lines += [
            "",
            f"Coverage (inventoried unconverted valid / all unconverted valid): {cov['inventoried']}/"
            f"{cov['unconverted_valid']}; {cov['status_unknown']} records of unknown validity (the Lens export"
            f" carries no legal status for them) wait for a register extract. XLSX: `{inv['xlsx']}`.",
            "",
        ]
    need = data.get("need")
    if need:
        lines += [
            f"**Need** ({ENTERPRISE}, {need['region']}): {need['problem']}",
            "",
            "| patent | score | why |",
            "|---|---:|---|",
        ]
        lines += [
            f"| {m['publication_number']} {m['title'][:40]} | {m['score']:.3f} | {m['why']['summary'][:160]} |"
            for m in need["matches"]
        ]
        lines.append("")
    for v in data.get("licence_checks", []):
        verdict = "allowed" if v["allowed"] else "refused"
        reasons = "; ".join(f"{r['rule']}: {r['message']}" for r in v["reasons"]) or "no blocking reason"
        warnings = "; ".join(f"{w['rule']}: {w['message']}" for w in v["warnings"])
        lines.append(
            f"- Open licence check {v['publication_number']} on {v['as_of']}: **{verdict}** — {reasons}."
            f"{' Warnings: ' + warnings if warnings else ''}"
        )
    lines += [f"- error: {e}" for e in errors]
    return "\n".join(lines) + "\n"
