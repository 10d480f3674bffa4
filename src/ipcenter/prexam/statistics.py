"""Published pre-examination statistics (domain-cn-2.md §1.9, §6.A.11–12).

Per centre × period × patent type × field: entities (new, total), received, accepted, not accepted,
qualified, 合格率 (qualified / accepted), received→qualified, entered the fast channel, granted, concluded,
审结授权率 (granted / concluded), mean pre-examination duration in working days and mean grant cycle in
days. Counts are by the date of each event inside the period (what centres publish for a period). Every
rate carries its numerator, denominator and definition. Batch reports per year follow the 北京 2023 figures.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ipcenter.core.workdays import HolidayCalendar
from ipcenter.errors import InvalidValue
from ipcenter.prexam.models import Rate

ALL = "全部"

DEFINITIONS = {
    "acceptance": "受理量 / 收到量 (requests accepted / received in the period)",
    "pass_rate": "合格量 / 受理量 (广东 definition: qualified / accepted in the period)",
    "received_to_qualified": "合格量 / 收到量 (qualified / received in the period)",
    "grant_rate": "授权量 / 审结量 (审结授权率: granted / concluded by CNIPA in the period)",
}


@dataclass(frozen=True)
class CaseRecord:
    """One case as the statistics see it (dates of its events; None = not happened)."""

    centre: str
    patent_type: str
    field: str
    received_on: date
    accepted_on: date | None = None
    not_accepted_on: date | None = None
    concluded_on: date | None = None  # pre-exam conclusion (合格 or 不合格)
    qualified: bool | None = None
    filed_on: date | None = None  # formal filing with CNIPA after the pass (fast channel)
    cnipa_concluded_on: date | None = None
    cnipa_outcome: str | None = None  # granted | rejected | withdrawn


@dataclass(frozen=True)
class EntityRecord:
    centre: str
    approved_on: date
    cancelled_on: date | None = None


def _in(day: date | None, start: date, end: date) -> bool:
    return day is not None and start <= day <= end


def _mean(values: Sequence[int]) -> Decimal | None:
    if not values:
        return None
    return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class StatRow:
    centre: str
    patent_type: str
    field: str
    start: date
    end: date
    counts: dict[str, int | None] = dataclasses.field(default_factory=dict)
    rates: dict[str, Rate] = dataclasses.field(default_factory=dict)
    means: dict[str, Decimal | None] = dataclasses.field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "centre": self.centre,
            "patent_type": self.patent_type,
            "field": self.field,
            "period": {"from": self.start.isoformat(), "to": self.end.isoformat()},
            **self.counts,
            "rates": {k: r.to_json() for k, r in self.rates.items()},
            "mean_review_working_days": _float(self.means.get("review_working_days")),
            "mean_grant_cycle_days": _float(self.means.get("grant_cycle_days")),
        }


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _row(
    centre: str,
    ptype: str,
    fld: str,
    cases: Sequence[CaseRecord],
    start: date,
    end: date,
    calendar: HolidayCalendar | None,
) -> StatRow:
    received = sum(_in(c.received_on, start, end) for c in cases)
    accepted = sum(_in(c.accepted_on, start, end) for c in cases)
    not_accepted = sum(_in(c.not_accepted_on, start, end) for c in cases)
    concluded_here = [c for c in cases if _in(c.concluded_on, start, end)]
    qualified = sum(bool(c.qualified) for c in concluded_here)
    filed = sum(_in(c.filed_on, start, end) for c in cases)
    cnipa_done = [c for c in cases if _in(c.cnipa_concluded_on, start, end)]
    granted = sum(c.cnipa_outcome == "granted" for c in cnipa_done)
    row = StatRow(centre, ptype, fld, start, end)
    row.counts = {
        "received": received,
        "accepted": accepted,
        "not_accepted": not_accepted,
        "qualified": qualified,
        "not_qualified": len(concluded_here) - qualified,
        "entered_fast_channel": filed,
        "granted": granted,
        "concluded": len(cnipa_done),
    }
    row.rates = {
        "acceptance": Rate("受理率", accepted, received, DEFINITIONS["acceptance"]),
        "pass_rate": Rate("合格率", qualified, accepted, DEFINITIONS["pass_rate"]),
        "received_to_qualified": Rate(
            "合格量/收到量", qualified, received, DEFINITIONS["received_to_qualified"]
        ),
        "grant_rate": Rate("审结授权率", granted, len(cnipa_done), DEFINITIONS["grant_rate"]),
    }
    if calendar is not None:
        durations = [
            calendar.working_days_between(c.received_on, c.concluded_on)
            for c in concluded_here
            if c.concluded_on is not None
        ]
        row.means["review_working_days"] = _mean(durations)
    cycles = [
        (c.cnipa_concluded_on - c.filed_on).days
        for c in cnipa_done
        if c.cnipa_outcome == "granted" and c.filed_on and c.cnipa_concluded_on
    ]
    row.means["grant_cycle_days"] = _mean(cycles)
    return row


def centre_statistics(
    cases: Iterable[CaseRecord],
    start: date,
    end: date,
    *,
    entities: Iterable[EntityRecord] = (),
    calendar: HolidayCalendar | None = None,
    by: Sequence[str] = ("patent_type", "field"),
) -> list[StatRow]:
    """Rows per centre (and per patent type / field when ``by`` names them), each centre's total first."""
    if end < start:
        raise InvalidValue(f"period end {end} is before its start {start}")
    unknown = [b for b in by if b not in ("patent_type", "field")]
    if unknown:
        raise InvalidValue(f"statistics can be broken down by patent_type and field, not {unknown[0]!r}")
    per_centre: dict[str, list[CaseRecord]] = defaultdict(list)
    for case in cases:
        per_centre[case.centre].append(case)
    registered: dict[str, list[EntityRecord]] = defaultdict(list)
    for entity in entities:
        registered[entity.centre].append(entity)
    rows: list[StatRow] = []
    for centre in sorted(set(per_centre) | set(registered)):
        own = per_centre.get(centre, [])
        total = _row(centre, ALL, ALL, own, start, end, calendar)
        ents = registered.get(centre, [])
        total.counts["entities_new"] = sum(_in(e.approved_on, start, end) for e in ents)
        total.counts["entities_total"] = sum(
            e.approved_on <= end and (e.cancelled_on is None or e.cancelled_on > end) for e in ents
        )
        rows.append(total)
        if not by:
            continue
        groups: dict[tuple[str, str], list[CaseRecord]] = defaultdict(list)
        for case in own:
            key = (case.patent_type if "patent_type" in by else ALL, case.field if "field" in by else ALL)
            groups[key].append(case)
        rows.extend(_row(centre, pt, fd, groups[(pt, fd)], start, end, calendar) for pt, fd in sorted(groups))
    return rows


def rates_from_counts(received: int, accepted: int, qualified: int) -> dict[str, Rate]:
    """The rates of published counts (e.g. 上海 2025-01…07: 6947 / 6449 / 4911)."""
    if not received >= accepted >= qualified >= 0:
        raise InvalidValue(
            f"expected received ≥ accepted ≥ qualified ≥ 0, got {received}, {accepted}, {qualified}"
        )
    return {
        "acceptance": Rate("受理率", accepted, received, DEFINITIONS["acceptance"]),
        "pass_rate": Rate("合格率", qualified, accepted, DEFINITIONS["pass_rate"]),
        "received_to_qualified": Rate(
            "合格量/收到量", qualified, received, DEFINITIONS["received_to_qualified"]
        ),
    }


# ------------------------------------------------------------------------------------------ batches


@dataclass(frozen=True)
class BatchRecord:
    batch_id: str
    centre: str
    theme: str
    received_on: date
    admitted: bool | None  # the working group's decision; None = not decided yet
    members: tuple[str | None, ...]  # each member's CNIPA outcome: granted | rejected | withdrawn | None


@dataclass(frozen=True)
class BatchReport:
    year: int
    centre: str
    counts: dict[str, int]
    rates: dict[str, Rate]
    batches: tuple[dict[str, Any], ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "centre": self.centre,
            **self.counts,
            "rates": {k: r.to_json() for k, r in self.rates.items()},
            "batches": list(self.batches),
        }


def batch_report(batches: Iterable[BatchRecord], centre: str, year: int) -> BatchReport:
    """The year's batch figures (§6.A.11): received / admitted batches and applications, granted,
    concluded and 审结授权率 among the admitted applications."""
    own = [b for b in batches if b.centre == centre and b.received_on.year == year]
    admitted = [b for b in own if b.admitted]
    outcomes = [o for b in admitted for o in b.members]
    granted = sum(o == "granted" for o in outcomes)
    concluded = sum(o is not None for o in outcomes)
    counts = {
        "batches_received": len(own),
        "applications_received": sum(len(b.members) for b in own),
        "batches_admitted": len(admitted),
        "applications_admitted": len(outcomes),
        "granted": granted,
        "concluded": concluded,
    }
    rates = {
        "batch_admission": Rate("批次准入率", len(admitted), len(own), "进入批量审查通道批次 / 收到批次"),
        "application_admission": Rate(
            "申请准入率",
            len(outcomes),
            counts["applications_received"],
            "进入批量审查通道申请量 / 收到申请量",
        ),
        "grant_rate": Rate("审结授权率", granted, concluded, DEFINITIONS["grant_rate"]),
        "granted_of_admitted": Rate("已授权/准入", granted, len(outcomes), "授权量 / 进入通道申请量"),
    }
    per_batch = tuple(
        {
            "batch_id": b.batch_id,
            "theme": b.theme,
            "admitted": b.admitted,
            "applications": len(b.members),
            "granted": sum(o == "granted" for o in b.members),
            "concluded": sum(o is not None for o in b.members),
        }
        for b in own
    )
    return BatchReport(year, centre, counts, rates, per_batch)


def concluded_from_rate(granted: int, rate_percent: int) -> tuple[Decimal, list[int]]:
    """From a published granted count and a whole-percent 审结授权率: the point estimate of concluded cases
    and every whole number consistent with the rounded rate (北京 2023: 109 and 96 % → ≈113.5; 113 or 114)."""
    if granted < 0 or not 0 < rate_percent <= 100:
        raise InvalidValue(f"granted must be ≥ 0 and the rate in (0, 100], got {granted}, {rate_percent}")
    estimate = (Decimal(granted) * 100 / rate_percent).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    half = Decimal("0.5")
    consistent = [
        c
        for c in range(granted, int(estimate * 2) + 2)
        if c > 0 and rate_percent - half <= Decimal(granted) * 100 / c < rate_percent + half
    ]
    return estimate, consistent
