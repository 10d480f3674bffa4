"""Readable output of the pre-examination commands (tables and lines for people; no logic)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ipcenter import render
from ipcenter.i18n import add_labels, label
from ipcenter.prexam.eligibility import EligibilityResult
from ipcenter.prexam.intake import IntakeDecision
from ipcenter.prexam.profile import CentreProfile
from ipcenter.prexam.quota import QuotaDecision
from ipcenter.prexam.scope import ScopeRow
from ipcenter.prexam.settings import SETTINGS
from ipcenter.prexam.states import StateMachine

add_labels(
    {
        "px_centre_id": ("中心代号", "centre id"),
        "px_centre": ("保护中心", "centre"),
        "px_version": ("版本", "version"),
        "px_effective": ("生效日期", "in force from"),
        "px_area": ("服务区域", "area"),
        "px_fields": ("产业领域", "fields"),
        "px_ipc_rows": ("IPC条目", "IPC rows"),
        "px_loc_rows": ("洛迦诺条目", "Locarno rows"),
        "px_rules": ("备案规则", "eligibility rules"),
        "px_unconfirmed": ("待确认参数", "UNCONFIRMED settings"),
        "px_setting": ("参数", "setting"),
        "px_value": ("取值", "value"),
        "px_source": ("来源", "source"),
        "px_scheme": ("分类体系", "scheme"),
        "px_code": ("分类号", "code"),
        "px_field": ("领域", "field"),
        "px_title": ("名称", "title"),
        "px_rule": ("规则", "rule"),
        "px_outcome": ("结果", "outcome"),
        "px_detail": ("说明", "detail"),
        "px_basis": ("依据", "basis"),
        "px_reason": ("原因", "reason"),
        "px_from": ("原状态", "from"),
        "px_action": ("操作", "action"),
        "px_to": ("新状态", "to"),
        "px_actor": ("操作人", "actor"),
        "px_requires": ("须填写", "requires"),
        "px_rate": ("比率", "rate"),
        "px_numerator": ("分子", "numerator"),
        "px_denominator": ("分母", "denominator"),
        "px_percent": ("百分比", "percent"),
        "px_definition": ("口径", "definition"),
    }
)

OUTCOME_LABELS = {
    "pass": ("符合", "pass"),
    "fail": ("不符合", "fail"),
    "unknown": ("待核实", "data missing"),
    "manual": ("人工审核", "reviewer checks"),
}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def print_day(result: Mapping[str, Any]) -> None:
    kind = "工作日 / working day" if result["working_day"] else "休息日 / day off"
    extra = (
        f" ({result['holiday']})"
        if result["holiday"]
        else " (调休上班 / make-up working day)"
        if result["makeup_workday"]
        else ""
    )
    render.console.print(f"{result['date']}: {kind}{extra}")


def print_mapping(title: str, data: Mapping[str, Any], lang: str) -> None:
    render.print_table(title, ["px_setting", "px_value"], [[k, v] for k, v in data.items()], lang)


def print_profiles(rows: Sequence[Mapping[str, Any]], lang: str) -> None:
    render.print_table(
        label("px_centre", lang),
        [
            "px_centre_id",
            "px_centre",
            "px_version",
            "px_effective",
            "px_area",
            "px_fields",
            "px_ipc_rows",
            "px_loc_rows",
            "px_rules",
            "px_unconfirmed",
        ],
        [
            [
                r["centre_id"],
                r["centre_name"],
                r["version"],
                r["effective_from"],
                "、".join(r["area"]),
                "、".join(r["fields"]) or "UNCONFIRMED",
                r["ipc_rows"],
                r["loc_rows"],
                r["eligibility_rules"],
                r["unconfirmed"],
            ]
            for r in rows
        ],
        lang,
    )


def print_profile(profile: CentreProfile, lang: str) -> None:
    render.console.print(
        f"[bold]{profile.centre_name}[/] v{profile.version}, {label('px_effective', lang)} "
        f"{profile.effective_from.isoformat()}; {label('px_area', lang)} {'、'.join(profile.area_names)} "
        f"({', '.join(profile.area_codes)}); {label('px_fields', lang)} {'、'.join(profile.fields) or 'UNCONFIRMED'}"
    )
    scope = f"{sum(r.scheme == 'IPC' for r in profile.scope)} IPC + {sum(r.scheme == 'LOC' for r in profile.scope)} LOC"
    render.console.print(f"scope: {scope} ({profile.scope_status})")
    rows = []
    for key, spec in SETTINGS.items():
        setting = profile.setting(key)
        rows.append([_pick((spec.label_zh, spec.label_en), lang), setting.shown(), setting.source])
    render.print_table(label("px_setting", lang), ["px_setting", "px_value", "px_source"], rows, lang)
    if profile.notes:
        render.console.print(profile.notes)


def print_scope(rows: Sequence[ScopeRow], lang: str) -> None:
    render.print_table(
        f"{len(rows)} {label('px_code', lang)}",
        ["px_scheme", "px_code", "px_field", "px_title", "px_source"],
        [[r.scheme, r.code, r.field, r.title, r.source] for r in rows],
        lang,
    )


def print_eligibility(result: EligibilityResult, lang: str) -> None:
    verdict = {
        True: ("符合备案条件", "eligible"),
        False: ("不符合备案条件", "not eligible"),
        None: ("待补充信息", "data missing"),
    }[result.eligible]
    render.console.print(f"[bold]{_pick(verdict, lang)}[/] — {result.rule_set} ({result.on.isoformat()})")
    rows = [[r.rule_id, _pick(OUTCOME_LABELS[r.outcome], lang), r.detail, r.basis] for r in result.results]
    render.print_table(result.source, ["px_rule", "px_outcome", "px_detail", "px_basis"], rows, lang)


def print_quota(result: QuotaDecision, lang: str) -> None:
    quota = "不限 / no limit (UNCONFIRMED)" if result.quota is None else str(result.quota)
    render.console.print(f"{result.year}: quota {quota} [{result.status}] — {result.explanation}")
    print_rates({"pass_rate": result.rate.to_json()}, lang)


def print_intake(result: IntakeDecision, lang: str) -> None:
    decision = ("受理", "accepted") if result.accepted else ("不予受理", "not accepted")
    render.console.print(f"[bold]{_pick(decision, lang)}[/]")
    if result.scope is not None:
        render.console.print(f"scope: {result.scope.reason}")
    for reason in result.reasons:
        data = reason.to_json()
        line = f"- {data['label_en'] if lang == 'en' else data['label_zh']}: {reason.detail}"
        if reason.ordinary_filing_possible:
            line += f" ({data['note_en'] if lang == 'en' else data['note_zh']})"
        render.console.print(line)
    for note in result.notes:
        render.console.print(f"note: {note}")


def print_machine(table: StateMachine, lang: str) -> None:
    rows = [
        [table.label(t.source, lang), t.action, table.label(t.target, lang), t.actor, ", ".join(t.requires)]
        for t in table.transitions
    ]
    render.print_table(table.name, ["px_from", "px_action", "px_to", "px_actor", "px_requires"], rows, lang)


def print_rates(rates: Mapping[str, Mapping[str, Any]], lang: str) -> None:
    rows = [
        [
            r["name"],
            r["numerator"],
            r["denominator"],
            "—" if r["percent"] is None else f"{r['percent']:.2f}%",
            r["definition"],
        ]
        for r in rates.values()
    ]
    render.print_table(
        label("px_rate", lang),
        ["px_rate", "px_numerator", "px_denominator", "px_percent", "px_definition"],
        rows,
        lang,
    )


def print_figures(result: Mapping[str, Any], lang: str) -> None:
    sh, bj = result["shanghai_2025"], result["beijing_2023_batches"]
    render.console.print(
        f"[bold]{sh['centre']}[/] {sh['period']['from']}…{sh['period']['to']} ({sh['source']})"
    )
    print_rates(sh["rates"], lang)
    render.console.print(f"[bold]{bj['centre']}[/] {bj['year']} 批量预审 ({bj['source']})")
    print_rates(bj["rates"], lang)
    render.console.print(
        f"审结量 / concluded ≈ {bj['concluded_estimate']} (whole numbers consistent with "
        f"{bj['concluded_grant_rate_percent']}%: {bj['concluded_consistent_with_rate']})"
    )
