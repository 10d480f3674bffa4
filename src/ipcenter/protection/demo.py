"""Demo step of the protection domain, on the demo's app database (written by the accounts step): the
protection lists imported (batch facts and the named entries, nothing invented), a partner region, a
similarity check against them, the 337 sample imported and matched (Sany's 337-TA-887 for 三一重工 and
三一集团, confirmed: the enterprise's and the bureau's inboxes get the alert), and a research institute's
deadline calendar from the demo corpus (``protection/deadlines.ics``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from ipcenter import render
from ipcenter.accounts import audit, service
from ipcenter.accounts.models import Organisation
from ipcenter.accounts.principal import CLI_OPERATOR
from ipcenter.context import DemoContext, DemoStepResult
from ipcenter.errors import UserError
from ipcenter.platform.database import open_database
from ipcenter.protection import itc, lists, nice, overseas, portfolio, reports, similarity, watches

#: The deadline calendar's reference date: fixed, so the demo's report is the same from run to run.
AS_OF = date(2026, 12, 1)
ENTERPRISES = {  # name → (kind, province, city, English names it uses abroad)
    "三一重工股份有限公司": ("enterprise", "湖南省", "长沙", []),  # found from its Chinese name and pinyin
    "三一集团有限公司": ("enterprise", "湖南省", "长沙", ["Sany Group Co., Ltd."]),
    "中科大数据研究院": ("research_institute", "", "", []),  # an applicant of the CNIPA bibliographic sample
}
HOLDER = "中科大数据研究院"
CHECKS = (("微創醫療", "10"), ("英雄2000", "16"), ("中華牌", "16"))


def _organisation(db: Any, name: str, kind: str) -> int:
    found = db.scalar(select(Organisation).where(Organisation.name == name))
    return found.id if found is not None else service.add_organisation(db, name, kind).id


def demo_step(ctx: DemoContext) -> DemoStepResult:
    render.console.print(
        f"\n[bold]{'Protection and overseas watch' if ctx.lang == 'en' else '保护与海外监测'}[/]"
    )
    data = ctx.data_dir
    database = open_database(f"sqlite:///{ctx.output / 'app.db'}")
    out = ctx.output / "protection"
    out.mkdir(parents=True, exist_ok=True)
    errors: list[str] = []
    try:
        generic = nice.tables(data).generic_names
        with database.session() as db:
            batches = lists.import_batches(db, data / "trademark-protection-lists" / "list_batches.tsv")
            imported = lists.import_entries(
                db, data / "trademark-protection-lists" / "mentioned_entries.tsv", "上海市重点商标保护名录"
            )
            lists.add_partner(
                db, "长沙市", "上海市", "demo configuration: a partnership to be confirmed (UNCONFIRMED)"
            )
            checks = [
                lists.similar_marks(db, mark, [cls], region="长沙市", generic_names=generic)
                for mark, cls in CHECKS
            ]
            for name, (kind, province, city, english) in ENTERPRISES.items():
                _organisation(db, name, kind)
                if province or english:
                    overseas.set_profile(db, name, province=province, city=city, english_names=english)
            itc_result = itc.import_file(db, data / "itc-337")
            matched = overseas.match(db, region="湖南省", corpus_dir=ctx.corpus_dir)
            sany = [m for m in matched["matches"] if m["investigation_no"] == "337-TA-887"]
            decisions = [
                overseas.decide(db, CLI_OPERATOR, m["match_id"], True)
                for m in sany
                if m["state"] == "candidate"
            ]
            holder_id = _organisation(db, HOLDER, "research_institute")
            from ipcenter.accounts.principal import Principal
            from ipcenter.accounts.roles import Role

            owner = Principal(None, "demo", Role.org_admin, holder_id, "cli", "local")
            watches.add_watch(db, owner, "无人机 B64", "ipc", "B64C; B64D; B64U")
            after = reports.after_ingest(db, ctx.corpus_dir, today=AS_OF)
        audit.record(
            database, CLI_OPERATOR, "demo.protection", "protection_list", detail="demo protection step"
        )
        patents = portfolio.patents_of(portfolio.open_corpus(ctx.corpus_dir), [HOLDER])
        calendar = {"organisation": HOLDER, **portfolio.deadlines(patents, AS_OF)}
        (out / "deadlines.ics").write_bytes(portfolio.to_ics(HOLDER, calendar))
        pair = similarity.compare("康师傅", "康帅傅").to_dict()
    except UserError as exc:
        errors.append(f"protection: {exc.message}")
        return DemoStepResult("protection", "保护与海外监测 / Protection and overseas watch", f"error: {exc.message}\n",
                              ok=False, errors=errors)  # fmt: skip
    finally:
        database.dispose()

    render.console.print(
        f"名录 lists: {batches['batches']} batches, {imported['added']} entries (registration numbers given: "
        f"{imported['read'] - imported['without_registration_no']}); 337: {itc_result['investigations']} investigations, "
        f"{len(matched['matches'])} matches in 湖南省 → {', '.join(sorted({m['organisation'] for m in sany}))}; "
        f"{HOLDER}: {len(calendar['deadlines'])} deadlines → {out / 'deadlines.ics'}"
    )
    lines = [
        f"Protection lists: {batches['batches']} published batches registered and {imported['added']} named entries "
        f"imported from `trademark-protection-lists` (no registration number or class in the sources: none invented). "
        "长沙市 honours 上海市's lists (a demo partnership, UNCONFIRMED).",
        "",
        "| proposed mark | class | most similar protected mark | list (recognised as) | score | rules |",
        "|---|---|---|---|---|---|",
    ]
    for (mark, cls), check in zip(CHECKS, checks, strict=True):
        top = check["candidates"][0] if check["candidates"] else None
        if top:
            lines.append(f"| {mark} | {cls} | {top['mark']} | {top['provenance']['list']} {top['provenance']['batch']} "
                         f"({top['provenance'].get('recognised', '')}) | {top['score']} | "
                         f"{', '.join(r['rule'] for r in top['rules'])} |")  # fmt: skip
        else:
            lines.append(f"| {mark} | {cls} | — | — | — | — |")
    lines += [
        "",
        f"`ipcenter trademark compare 康师傅 康帅傅`: similar={pair['similar']}, score {pair['score']}, rules "
        f"{', '.join(r['rule'] for r in pair['rules'])}.",
        "",
        f"US ITC 337 watch: {itc_result['investigations']} investigations and {itc_result['respondents']} respondents "
        f"imported from the sample; {len(matched['matches'])} matches against the registered organisations and "
        f"湖南省's applicants ({matched['candidates']} candidates):",
        "",
        "| investigation | respondent | organisation | score | evidence |",
        "|---|---|---|---|---|",
    ]
    for m in matched["matches"]:
        lines.append(f"| {m['investigation_no']} | {m['respondent']} | {m['organisation']} | {m['score']} | "
                     f"{'; '.join(e['signal'] for e in m['evidence'])} |")  # fmt: skip
    lines += [
        "",
        f"Confirmed: {sum(d['alerted'] for d in decisions)} alerts (the enterprise's members and the bureau's staff "
        "get an inbox message, e-mailed when SMTP is configured).",
        "",
        f"Deadline calendar of {HOLDER} as of {AS_OF}: {calendar['patents']} patents, {len(calendar['deadlines'])} "
        f"deadlines (`protection/deadlines.ics`); first: "
        + (f"{calendar['deadlines'][0]['date']} {calendar['deadlines'][0]['kind']} {calendar['deadlines'][0]['application_number']}"
           if calendar["deadlines"] else "none")
        + f". After-ingest run: {len(after['watches'])} watches, {after['alerts']} alerts.",
    ]  # fmt: skip
    return DemoStepResult(
        name="protection",
        title="保护与海外监测 / Protection and overseas watch",
        markdown="\n".join(lines) + "\n",
        data={
            "list_entries": imported["added"],
            "batches": batches["batches"],
            "similar_checks": {
                mark: [c["mark"] for c in check["candidates"]]
                for (mark, _), check in zip(CHECKS, checks, strict=True)
            },
            "itc_matches": [
                {k: m[k] for k in ("investigation_no", "respondent", "organisation", "score")}
                for m in matched["matches"]
            ],
            "alerts": sum(d["alerted"] for d in decisions),
            "deadlines": {
                "organisation": HOLDER,
                "as_of": AS_OF.isoformat(),
                "count": len(calendar["deadlines"]),
                "file": "protection/deadlines.ics",
            },
        },
    )
