"""Published statistics from the app database: every centre's cases and registrations turned into the
records of `ipcenter.prexam.statistics` (one definition of each figure), and the XLSX download."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipcenter.holiday_calendar import load_calendar
from ipcenter.prexam.statistics import CaseRecord, EntityRecord, StatRow, centre_statistics
from ipcenter.prexam.tables import Case, Centre, EntityRegistration

COLUMNS = (
    ("centre", "保护中心"), ("patent_type", "专利类型"), ("field", "领域"), ("entities_new", "新增备案主体"),
    ("entities_total", "备案主体总数"), ("received", "收到量"), ("accepted", "受理量"), ("not_accepted", "不予受理量"),
    ("qualified", "合格量"), ("entered_fast_channel", "进入快速通道量"), ("granted", "授权量"), ("concluded", "审结量"),
)  # fmt: skip
RATES = (("acceptance", "受理率"), ("pass_rate", "合格率"), ("received_to_qualified", "合格量/收到量"),
         ("grant_rate", "审结授权率"))  # fmt: skip


def case_records(db: Session, centre: Centre | None = None) -> list[CaseRecord]:
    statement = (
        select(Case, Centre.name)
        .join(Centre, Centre.id == Case.centre_id)
        .where(Case.received_on.is_not(None))
    )
    if centre is not None:
        statement = statement.where(Case.centre_id == centre.id)
    out = []
    for case, name in db.execute(statement):
        assert case.received_on is not None  # the query's condition
        qualified = (
            None
            if case.concluded_on is None or case.state == "not_accepted"
            else case.reason_code == "qualified"
        )
        out.append(CaseRecord(
            centre=name, patent_type=case.patent_type, field=case.field or "—", received_on=case.received_on,
            accepted_on=case.accepted_on, not_accepted_on=case.concluded_on if case.state == "not_accepted" else None,
            concluded_on=None if case.state == "not_accepted" else case.concluded_on, qualified=qualified,
            filed_on=case.filing_date, cnipa_concluded_on=case.cnipa_concluded_on, cnipa_outcome=case.cnipa_outcome or None,
        ))  # fmt: skip
    return out


def entity_records(db: Session, centre: Centre | None = None) -> list[EntityRecord]:
    statement = (
        select(EntityRegistration, Centre.name)
        .join(Centre, Centre.id == EntityRegistration.centre_id)
        .where(EntityRegistration.decided_at.is_not(None), EntityRegistration.state.in_(("approved", "suspended", "cancelled")))
    )  # fmt: skip
    if centre is not None:
        statement = statement.where(EntityRegistration.centre_id == centre.id)
    out = []
    for row, name in db.execute(statement):
        approved = row.decided_at.date() if row.decided_at else None
        if approved is None:
            continue
        cancelled = approved if row.state == "cancelled" else None
        out.append(EntityRecord(name, approved, cancelled))
    return out


def statistics(
    db: Session,
    start: date,
    end: date,
    *,
    centre: Centre | None = None,
    by: tuple[str, ...] = ("patent_type", "field"),
) -> list[StatRow]:
    try:
        calendar = load_calendar()
    except Exception:  # statistics without working-day durations rather than none at all
        calendar = None
    return centre_statistics(case_records(db, centre), start, end, entities=entity_records(db, centre),
                             calendar=calendar, by=by)  # fmt: skip


def to_xlsx(rows: list[StatRow], start: date, end: date) -> bytes:
    """The statistics table: counts, then each rate as numerator / denominator / percent, and a sheet with
    every rate's definition."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "预审统计"
    header = [zh for _k, zh in COLUMNS]
    for _key, zh in RATES:
        header += [f"{zh}分子", f"{zh}分母", f"{zh}(%)"]
    header += ["平均预审周期(工作日)", "平均授权周期(日)", "统计期间"]
    sheet.append(header)
    for row in rows:
        data: dict[str, Any] = row.to_json()
        line = [data.get(k) for k, _zh in COLUMNS]
        for key, _zh in RATES:
            rate = data["rates"][key]
            line += [rate["numerator"], rate["denominator"], rate["percent"]]
        line += [data["mean_review_working_days"], data["mean_grant_cycle_days"], f"{start}…{end}"]
        sheet.append(line)
    notes = book.create_sheet("口径")
    notes.append(["指标", "口径"])
    if rows:
        for key, zh in RATES:
            notes.append([zh, rows[0].rates[key].definition])
    notes.append(["计数", "按各事件发生日期计入统计期间（收到、受理、结论、正式递交、授权）"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
