"""Demo step of the pre-examination domain: the holiday calendar and a deadline, the centre profiles, the
宁波 2025 eligibility fixtures, scope and intake verdicts on the 四川 centre's real scope, and the published
上海 / 北京 figures recomputed with their definitions."""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path
from typing import Any

from ipcenter import render
from ipcenter.context import DemoContext, DemoStepResult
from ipcenter.errors import UserError
from ipcenter.holiday_calendar import load_calendar
from ipcenter.prexam import output, service

#: The four 宁波 fixture entities of domain-cn-2.md §6.A.3 (granted inventions / utility models, age).
_CLEAN = [
    {"kind": k, "adverse": False, "checked_on": "2025-11-03", "authority": "信用中国 / CNIPA"}
    for k in ("dishonest", "abnormal_filing", "wilful_infringement")
]
# A made-up code with valid check characters (GB 11714 and GB 32100), not a real company's.
_ENTITY = {
    "uscc": "91330212MA2H00014K",
    "name": "示例科技有限公司",
    "legal_person": True,
    "area_code": "330212",
    "founded": "2020-03-01",
    "insured_staff": 12,
    "credit_checks": _CLEAN,
}
FIXTURE_ENTITIES: list[tuple[str, dict[str, Any]]] = [
    ("2 inventions, 0 UM", {"granted_first_applicant": {"invention": 2, "utility_model": 0}}),
    ("0 inventions, 3 UM", {"granted_first_applicant": {"invention": 0, "utility_model": 3}}),
    ("0 inventions, 2 UM", {"granted_first_applicant": {"invention": 0, "utility_model": 2}}),
    ("age 300 days", {"granted_first_applicant": {"invention": 2}, "founded": "2025-02-04"}),
]


def _seed_database(ctx: DemoContext, path: Path, data: dict[str, Any]) -> str:
    """Centres, accounts, a registration, cases, a batch and the aids in the demo's app database."""
    from ipcenter.platform.database import open_database
    from ipcenter.prexam import demo_db

    database = open_database(f"sqlite:///{path}")
    try:
        seeded = demo_db.seed(database, ctx.data_dir, ctx.corpus_dir, ctx.output / "models")
    finally:
        database.dispose()
    data["database"] = {
        "cases": seeded.cases,
        "batch": {k: v for k, v in seeded.batch.items() if k != "cases"},
        "aids": seeded.aids,
        "statistics": seeded.statistics,
    }  # passwords stay out of report.json
    lines = [
        "",
        "**In the app database** (`ipcenter serve`, then /prexam): the 中国(四川) centre (demo settings "
        "UNCONFIRMED), its staff, an enterprise and its agency; sign in with these generated accounts:",
        "",
        "| role | e-mail | password | organisation |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {a['role']} | {a['email']} | `{a['password']}` | {a['organisation']} |" for a in seeded.accounts
    ]
    lines += ["", "| case | title | state |", "|---|---|---|"]
    lines += [f"| {c['number']} | {c['title']} | {c['state']} |" for c in seeded.cases]
    batch = seeded.batch
    lines.append(
        f"\nBatch {batch.get('number')}: {batch.get('members')} applications, {batch.get('state_zh')}; "
        f"aids {batch.get('progress', {}).get('done')}/{batch.get('progress', {}).get('total')}."
    )
    if seeded.statistics:
        total = seeded.statistics[0]
        lines.append(
            f"Statistics 2025–2026: received {total['received']}, accepted {total['accepted']}, qualified "
            f"{total['qualified']}, 合格率 {total['rates']['pass_rate']['percent']}% "
            f"({total['rates']['pass_rate']['numerator']}/{total['rates']['pass_rate']['denominator']})."
        )
    render.console.print(f"prexam: {len(seeded.cases)} cases, batch {batch.get('number')} → {path}")
    return "\n".join(lines) + "\n"


def demo_step(ctx: DemoContext) -> DemoStepResult | None:
    started = time.perf_counter()
    out = ctx.output / "prexam"
    out.mkdir(parents=True, exist_ok=True)
    render.console.rule("专利预审服务 / pre-examination service")
    md: list[str] = []
    data: dict[str, Any] = {}
    errors: list[str] = []
    try:
        calendar = load_calendar(ctx.data_dir)
    except UserError as exc:
        return DemoStepResult(
            "prexam",
            "专利预审服务",
            f"holiday calendar unavailable: {exc.message}\n",
            ok=False,
            errors=[exc.message],
        )
    deadline = service.workdays_add("2025-09-26", 7, ctx.data_dir)
    spring = service.workdays_between("2025-01-24", "2025-02-10", ctx.data_dir)
    data["workdays"] = {
        "calendar_years": [calendar.first_year, calendar.last_year],
        "examples": [deadline, spring],
    }
    md.append(
        f"Holiday calendar {calendar.first_year}–{calendar.last_year} (State Council notices); "
        f"7 working days after {deadline['start']} (国庆/中秋 2025, make-up Sunday 09-28) → {deadline['due']}; "
        f"working days {spring['from']}…{spring['to']} (春节 2025) = {spring['working_days']}.\n"
    )
    render.console.print(md[-1])

    profiles = service.list_profiles(ctx.data_dir)
    output.print_profiles(profiles, ctx.lang)
    data["profiles"] = profiles
    md.append(
        "| centre | version | from | fields | IPC | LOC | UNCONFIRMED settings |\n|---|---|---|---|---|---|---|\n"
        + "".join(
            f"| {p['centre_name']} | {p['version']} | {p['effective_from']} | {'、'.join(p['fields']) or 'UNCONFIRMED'} "
            f"| {p['ipc_rows']} | {p['loc_rows']} | {p['unconfirmed']} |\n"
            for p in profiles
        )
    )

    ningbo = service.find_profile("ningbo", date(2025, 12, 1))
    verdicts = []
    for name, change in FIXTURE_ENTITIES:
        result = service.check_eligibility({**_ENTITY, **change}, ningbo, date(2025, 12, 1))
        verdicts.append(
            {"entity": name, "eligible": result.eligible, "failed": [r.rule_id for r in result.failed]}
        )
    data["ningbo_2025_eligibility"] = verdicts
    md.append(
        "宁波 2025 eligibility fixtures: "
        + "; ".join(f"{v['entity']} → {'pass' if v['eligible'] else 'fail'}" for v in verdicts)
        + ".\n"
    )
    render.console.print(md[-1])

    try:
        sichuan = service.find_profile("sichuan", date(2025, 12, 1), data=ctx.data_dir)
        case = {
            "patent_type": "invention",
            "title": "一种数控机床主轴热误差补偿方法",
            "applicants": ["示例科技有限公司"],
            "main_class": "B23Q15/18",
            "documents": ["request", "description", "claims", "abstract"],
        }
        entity = {"name": "示例科技有限公司", "registration_state": "approved", "area_code": "510104"}
        inside = service.check_intake(case, sichuan, date(2025, 12, 1), entity=entity)
        outside = service.check_intake(
            {**case, "main_class": "A23L33/105"}, sichuan, date(2025, 12, 1), entity=entity
        )
        data["intake_examples"] = [inside.to_json(), outside.to_json()]
        md.append(
            f"Intake at {sichuan.centre_name}: B23Q15/18 → {'受理' if inside.accepted else '不予受理'}; "
            f"A23L33/105 → {'受理' if outside.accepted else '不予受理'} "
            f"({', '.join(r.code for r in outside.reasons)}; ordinary filing remains possible).\n"
        )
        render.console.print(md[-1])
    except UserError as exc:
        errors.append(f"prexam intake example: {exc.message}")

    figures = service.published_figures()
    output.print_figures(figures, ctx.lang)
    data["published_figures"] = figures
    sh = figures["shanghai_2025"]["rates"]
    bj = figures["beijing_2023_batches"]
    md.append(
        f"上海 2025-01…07: acceptance {sh['acceptance']['percent']:.2f}% ({sh['acceptance']['numerator']}/"
        f"{sh['acceptance']['denominator']}), 合格率 {sh['pass_rate']['percent']:.2f}% "
        f"({sh['pass_rate']['numerator']}/{sh['pass_rate']['denominator']}). 北京 2023 batches: applications "
        f"admitted {bj['rates']['application_admission']['percent']:.2f}%, concluded ≈ {bj['concluded_estimate']}.\n"
    )
    database_path = ctx.output / "app.db"
    if database_path.is_file():
        try:
            md.append(_seed_database(ctx, database_path, data))
        except UserError as exc:
            errors.append(f"prexam demo database: {exc.message}")
    (out / "prexam.json").write_text(
        json.dumps(data, ensure_ascii=False, indent=2, default=str), encoding="utf-8"
    )
    data["seconds"] = round(time.perf_counter() - started, 2)
    return DemoStepResult(
        "prexam", "专利预审服务 / pre-examination", "\n".join(md), data, ok=not errors, errors=errors
    )
