"""Services of the pre-examination domain that need no database: working days, code validation, centre
profiles, eligibility, quota, intake checks and the published figures. The CLI, the demo and (with the
platform) the web API call these functions; they take plain arguments and return data or raise UserErrors.
"""

from __future__ import annotations

import json
from dataclasses import asdict, replace
from datetime import date
from pathlib import Path
from typing import Any

from ipcenter.config import data_dir as configured_data_dir
from ipcenter.core.dates import parse_date
from ipcenter.core.uscc import parse_uscc
from ipcenter.errors import InvalidValue, NotFound
from ipcenter.holiday_calendar import load_calendar
from ipcenter.prexam import fixtures
from ipcenter.prexam.eligibility import EligibilityResult, EntityFacts, evaluate
from ipcenter.prexam.intake import CaseFacts, EntityStanding, IntakeDecision, intake_check
from ipcenter.prexam.models import Rate, normalise_patent_type
from ipcenter.prexam.profile import CentreProfile, profile_from_json, select_profile
from ipcenter.prexam.quota import QuotaDecision, yearly_quota
from ipcenter.prexam.scope import ScopeRow, ScopeVerdict
from ipcenter.prexam.scope_file import read_scope
from ipcenter.prexam.statistics import BatchRecord, batch_report, concluded_from_rate, rates_from_counts

SCOPES_FILE = Path("prefiling-scopes") / "prefiling_scopes_with_field.tsv"
SCOPES_SOURCE = (
    "transcribed by vvangpc/pr-re data/prefiling.js from the centre's published list (prefiling-scopes)"
)


# -------------------------------------------------------------------------------------- working days


def _date(value: str, what: str) -> date:
    try:
        return parse_date(value)
    except InvalidValue as exc:
        raise InvalidValue(f"{what}: {exc.message}") from None


def workdays_add(start: str, n: int, data: Path | None = None) -> dict[str, Any]:
    """``{"start", "working_days", "due"}``: ``due`` is the ``n``-th working day after ``start``."""
    first = _date(start, "start")
    due = load_calendar(data).add_working_days(first, n)
    return {"start": first.isoformat(), "working_days": n, "due": due.isoformat()}


def workdays_between(start: str, end: str, data: Path | None = None) -> dict[str, Any]:
    """``{"from", "to", "working_days"}``: working days after ``start`` up to and including ``end``."""
    first, last = _date(start, "from"), _date(end, "to")
    count = load_calendar(data).working_days_between(first, last)
    return {"from": first.isoformat(), "to": last.isoformat(), "working_days": count}


def workday_info(day: str, data: Path | None = None) -> dict[str, Any]:
    calendar = load_calendar(data)
    when = _date(day, "date")
    holiday = calendar.holiday_of(when)
    return {
        "date": when.isoformat(),
        "working_day": calendar.is_working_day(when),
        "holiday": holiday.name_zh if holiday else None,
        "makeup_workday": holiday is None and when.weekday() >= 5 and calendar.is_working_day(when),
    }


# -------------------------------------------------------------------------------------------- codes


def describe_uscc(code: str, lang: str = "zh") -> dict[str, Any]:
    """The validated 统一社会信用代码 and what its parts say (raises InvalidValue when invalid)."""
    return parse_uscc(code).describe(lang)


# ---------------------------------------------------------------------------------------- profiles


def scope_centre_profiles(data: Path | None = None) -> list[CentreProfile]:
    """One profile per centre of ../shared/data/prefiling-scopes, its scope loaded, the rest UNCONFIRMED."""
    root = configured_data_dir(data)
    path = root / SCOPES_FILE if root is not None else None
    if path is None or not path.is_file():
        return []
    profiles = []
    for name, (centre_id, area_code, area_name) in fixtures.SCOPE_CENTRES.items():
        rows = [replace(r, source=SCOPES_SOURCE) for r in read_scope(path, centre=name)]
        profiles.append(
            CentreProfile(
                centre_id=centre_id,
                centre_name=name,
                version=1,
                effective_from=date(2024, 1, 1),
                area_codes=(area_code,),
                area_names=(area_name,),
                fields=tuple(dict.fromkeys(r.field for r in rows)),
                fields_source=SCOPES_SOURCE,
                scope=tuple(rows),
                scope_status="UNCONFIRMED",
                notes="scope as transcribed (UNCONFIRMED against the centre's current notice); "
                "effective date UNCONFIRMED (2024-01-01 used)",
            )
        )
    return profiles


def builtin_profiles(data: Path | None = None) -> list[CentreProfile]:
    """The profiles shipped with the software (fixtures) and those built from the data directory."""
    shipped = [fixtures.ningbo_2025(), fixtures.changsha(), fixtures.beijing(), fixtures.shanghai()]
    return shipped + scope_centre_profiles(data)


def load_profile_file(path: Path) -> CentreProfile:
    if not path.is_file():
        raise NotFound(f"profile file not found: {path}")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidValue(f"{path.name} is not a JSON profile: {exc}") from None
    if not isinstance(data, dict):
        raise InvalidValue(f"{path.name}: a profile is a JSON object")
    return profile_from_json(data)


def find_profile(
    centre: str, on: date | None = None, *, profile_file: Path | None = None, data: Path | None = None
) -> CentreProfile:
    """The profile in force on ``on`` (default today): from ``profile_file`` when given, else built in."""
    if profile_file is not None:
        profile = load_profile_file(profile_file)
        if on is not None and not profile.in_force(on):
            raise NotFound(
                f"{profile.centre_name} profile v{profile.version} is not in force on {on.isoformat()}"
            )
        return profile
    profiles = builtin_profiles(data)
    when = on or date.today()
    matches = {
        p.centre_id for p in profiles if centre in (p.centre_id, p.centre_name) or centre in p.centre_name
    }
    if len(matches) > 1:
        raise InvalidValue(f"centre {centre!r} is ambiguous: {', '.join(sorted(matches))}")
    if not matches:
        known = ", ".join(f"{p.centre_id} ({p.centre_name})" for p in profiles)
        raise NotFound(f"no centre profile {centre!r}; known: {known}")
    return select_profile(profiles, matches.pop(), when)


def list_profiles(data: Path | None = None) -> list[dict[str, Any]]:
    return [
        {
            "centre_id": p.centre_id,
            "centre_name": p.centre_name,
            "version": p.version,
            "effective_from": p.effective_from.isoformat(),
            "area": list(p.area_names),
            "fields": list(p.fields),
            "ipc_rows": sum(r.scheme == "IPC" for r in p.scope),
            "loc_rows": sum(r.scheme == "LOC" for r in p.scope),
            "eligibility_rules": len(p.eligibility.get("rules", [])),
            "unconfirmed": len(p.unconfirmed()),
        }
        for p in builtin_profiles(data)
    ]


def check_scope(profile: CentreProfile, patent_type: str, classification: str) -> ScopeVerdict:
    return profile.check_scope(normalise_patent_type(patent_type), classification)


def import_scope(
    path: Path,
    *,
    centre: str | None = None,
    field: str | None = None,
    source: str | None = None,
    source_date: str | None = None,
) -> list[ScopeRow]:
    when = _date(source_date, "source date") if source_date else None
    return read_scope(path, centre=centre, field=field, source=source, source_date=when)


# ------------------------------------------------------------------------------- entity, quota, intake


def _json_file(path: Path, what: str) -> dict[str, Any]:
    if not path.is_file():
        raise NotFound(f"{what} file not found: {path}")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidValue(f"{path.name} is not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise InvalidValue(f"{path.name}: the {what} is a JSON object")
    return data


def check_eligibility(entity: dict[str, Any] | Path, profile: CentreProfile, on: date) -> EligibilityResult:
    facts = EntityFacts.from_json(_json_file(entity, "entity") if isinstance(entity, Path) else entity)
    return evaluate(facts, profile, on)


def compute_quota(profile: CentreProfile, year: int, passed: int, accepted: int) -> QuotaDecision:
    return yearly_quota(profile, year, passed, accepted)


def check_intake(
    case: dict[str, Any] | Path,
    profile: CentreProfile,
    on: date,
    *,
    entity: dict[str, Any] | None = None,
    quota_remaining: int | None = None,
) -> IntakeDecision:
    """Intake verdict; ``entity`` is ``{"name", "registration_state", "area_code"}`` (None = not registered)."""
    data = _json_file(case, "case") if isinstance(case, Path) else case
    facts = CaseFacts.from_json(data)
    standing_data = entity if entity is not None else data.get("entity")
    standing = None
    if standing_data:
        try:
            standing = EntityStanding(
                name=str(standing_data["name"]),
                registration_state=str(standing_data.get("registration_state", "approved")),
                area_code=str(standing_data["area_code"]),
                uscc=str(standing_data.get("uscc", "")),
                suspended_until=parse_date(standing_data["suspended_until"])
                if standing_data.get("suspended_until")
                else None,
            )
        except KeyError as exc:
            raise InvalidValue(f"entity: {exc.args[0]} is missing") from None
    if quota_remaining is None and data.get("quota_remaining") is not None:
        quota_remaining = int(data["quota_remaining"])
    return intake_check(
        profile,
        facts,
        standing,
        on,
        quota_remaining=quota_remaining,
        agency_registered=data.get("agency_registered"),
    )


# ----------------------------------------------------------------------------------- published figures


def batch_rates(figures: fixtures.PublishedBatchFigures) -> dict[str, Rate]:
    return {
        "batch_admission": Rate(
            "批次准入率",
            figures.batches_admitted,
            figures.batches_received,
            "进入批量审查通道批次 / 收到批次",
        ),
        "application_admission": Rate(
            "申请准入率",
            figures.applications_admitted,
            figures.applications_received,
            "进入批量审查通道申请量 / 收到申请量",
        ),
    }


def published_figures() -> dict[str, Any]:
    """The published figures of domain-cn-2.md §1.8–1.9 recomputed with their definitions."""
    sh, bj = fixtures.SHANGHAI_2025, fixtures.BEIJING_2023
    rates = rates_from_counts(sh.received, sh.accepted, sh.qualified)
    estimate, consistent = concluded_from_rate(bj.granted, bj.concluded_grant_rate_percent)
    return {
        "shanghai_2025": {
            "centre": sh.centre,
            "period": {"from": sh.start.isoformat(), "to": sh.end.isoformat()},
            "received": sh.received,
            "accepted": sh.accepted,
            "qualified": sh.qualified,
            "rates": {k: r.to_json() for k, r in rates.items()},
            "source": sh.source,
        },
        "beijing_2023_batches": {
            **asdict(bj),
            "rates": {k: r.to_json() for k, r in batch_rates(bj).items()},
            "concluded_estimate": float(estimate),
            "concluded_consistent_with_rate": consistent,
        },
    }


def report_batches(batches: list[BatchRecord], centre: str, year: int) -> dict[str, Any]:
    return batch_report(batches, centre, year).to_json()
