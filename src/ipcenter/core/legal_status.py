"""Legal status (有效 in force / 失效 lapsed / 审中 pending) from status strings, events and dates.

Rules: ../shared/docs/domain-cn.md §7.3 and §9 rule 12. Pure, no I/O.

Everything that turns a raw string into a state goes through ONE versioned table, :data:`MAPPING`
(version :data:`MAPPING_VERSION`). A row says where the raw value comes from (an export status column, a
legal-event code, or a legal-event text), how it is matched (exactly, or as a contained keyword), the
effect on the state (:data:`IN_FORCE`, :data:`LAPSED`, :data:`PENDING`, or :data:`NO_CHANGE` for
transactions such as transfers and pledges) and a reason code. Strings not in the table are never guessed:
:func:`status_from_raw` and :func:`event_effect` return None for them and :func:`status_as_of` reports them
in ``StatusResult.unknown_inputs`` so that callers can log them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ipcenter.core.errors import InvalidValue

__all__ = [
    "DESIGN_15_YEAR_FROM",
    "EFFECTS",
    "IN_FORCE",
    "LABELS_EN",
    "LABELS_ZH",
    "LAPSED",
    "MAPPING",
    "MAPPING_VERSION",
    "NOT_FILED",
    "NO_CHANGE",
    "PENDING",
    "STATES",
    "UNKNOWN",
    "EventEffect",
    "LegalEvent",
    "MappingRow",
    "StatusResult",
    "event_effect",
    "normalize_patent_type",
    "patent_term_end",
    "status_as_of",
    "status_from_raw",
    "status_reason_from_raw",
]

IN_FORCE = "in_force"
LAPSED = "lapsed"
PENDING = "pending"
UNKNOWN = "unknown"
#: Effect of an event that does not change the state (transfer, pledge, licence, …).
NO_CHANGE = "no_change"
#: Reason given (with state None) when ``as_of`` is before the filing date: the application does not exist yet.
NOT_FILED = "not_filed"

STATES = (IN_FORCE, LAPSED, PENDING, UNKNOWN)
EFFECTS = (IN_FORCE, LAPSED, PENDING, NO_CHANGE)

LABELS_ZH: dict[str, str] = {IN_FORCE: "有效", LAPSED: "失效", PENDING: "审中", UNKNOWN: "未知"}
LABELS_EN: dict[str, str] = {IN_FORCE: "In force", LAPSED: "Lapsed", PENDING: "Pending", UNKNOWN: "Unknown"}

#: Designs filed on or after this date have a 15-year term (专利法 2020 revision, Art 42), 10 years before.
DESIGN_15_YEAR_FROM = date(2021, 6, 1)

_TERM_YEARS = {"invention": 20, "utility_model": 10}

MAPPING_VERSION = "2025.1"

# Sources of a raw value.
_STATUS = "status"  # an export's status column (法律状态 / Legal Status)
_CODE = "event_code"  # a legal-event code (LexisNexis / INPADOC CN codes)
_TEXT = "event_text"  # a legal-event description (Chinese gazette wording or English INPADOC text)


@dataclass(frozen=True, slots=True)
class MappingRow:
    """One row of the mapping table."""

    source: str  # 'status' | 'event_code' | 'event_text'
    key: str  # the normalised raw value (see _norm)
    effect: str  # in_force | lapsed | pending | no_change  (or 'unknown' for explicit 'unknown' statuses)
    reason: str
    match: str = "exact"  # 'exact' or 'contains' (keyword rows, tried in table order after exact rows)
    note: str = ""


def _r(source: str, key: str, effect: str, reason: str, match: str = "exact", note: str = "") -> MappingRow:
    return MappingRow(source, key, effect, reason, match, note)


#: The mapping table, version :data:`MAPPING_VERSION`. Keys are normalised with :func:`_norm` (NFKC, upper
#: case, no spaces, every dash → '-'). ``contains`` rows are ordered: the first contained keyword wins, so
#: more specific keywords come first (避免重复授权放弃 before 授权 and 放弃; 开放许可 before 撤回).
MAPPING: tuple[MappingRow, ...] = (
    # --- export status strings (CN vendors: 有权/无权/审中 + detail; CNIPA top-level 有效/失效/审中)
    _r(_STATUS, "有权-审定授权", IN_FORCE, "granted"),
    _r(_STATUS, "有权", IN_FORCE, "granted"),
    _r(_STATUS, "有效", IN_FORCE, "granted"),
    _r(_STATUS, "授权", IN_FORCE, "granted"),
    _r(_STATUS, "有权-授权", IN_FORCE, "granted"),
    _r(_STATUS, "审中-实质审查", PENDING, "examination"),
    _r(_STATUS, "审中-公开", PENDING, "published"),
    _r(_STATUS, "审中", PENDING, "pending"),
    _r(_STATUS, "公开", PENDING, "published"),
    _r(_STATUS, "实质审查", PENDING, "examination"),
    _r(_STATUS, "在审", PENDING, "pending"),
    _r(_STATUS, "无权-视为撤回", LAPSED, "withdrawn"),
    _r(_STATUS, "无权-撤回", LAPSED, "withdrawn"),
    _r(_STATUS, "无权-未缴年费", LAPSED, "unpaid_annuity"),
    _r(_STATUS, "无权-期限届满", LAPSED, "expired"),
    _r(_STATUS, "无权-驳回", LAPSED, "rejected"),
    _r(_STATUS, "无权-放弃", LAPSED, "surrendered"),
    _r(_STATUS, "无权-全部无效", LAPSED, "invalidated"),
    _r(_STATUS, "无权", LAPSED, "lapsed"),
    _r(_STATUS, "失效", LAPSED, "lapsed"),
    _r(_STATUS, "未知", UNKNOWN, "unknown", note="explicitly unknown in the export"),
    # Lens.org 'Legal Status' values (English exports). PATENTED = granted, later status not tracked by Lens;
    # the term check in status_as_of still applies.
    _r(_STATUS, "ACTIVE", IN_FORCE, "granted"),
    _r(_STATUS, "PATENTED", IN_FORCE, "granted"),
    _r(_STATUS, "GRANTED", IN_FORCE, "granted"),
    _r(_STATUS, "PENDING", PENDING, "pending"),
    _r(_STATUS, "INACTIVE", LAPSED, "lapsed"),
    _r(_STATUS, "EXPIRED", LAPSED, "expired"),
    _r(_STATUS, "DISCONTINUED", LAPSED, "withdrawn", note="Lens: application abandoned/withdrawn"),
    _r(_STATUS, "LAPSED", LAPSED, "lapsed"),
    _r(_STATUS, "REVOKED", LAPSED, "invalidated"),
    _r(_STATUS, "CEASED", LAPSED, "lapsed"),
    _r(_STATUS, "UNKNOWN", UNKNOWN, "unknown", note="explicitly unknown in the export"),
    # --- CN legal-event codes (old 'C' gazette codes as carried by LexisNexis/INPADOC, and the post-2010
    # two-letter codes). Codes seen in ../shared/data/cn-patent-xml-samples: C06, C10, C02, C14, C17, REG.
    _r(_CODE, "C06", PENDING, "published", note="PUBLICATION (公开)"),
    _r(_CODE, "C10", PENDING, "examination", note="REQUEST OF EXAMINATION AS TO SUBSTANCE (实质审查的生效)"),
    _r(_CODE, "C14", IN_FORCE, "granted", note="GRANTED (授权)"),
    _r(_CODE, "C02", LAPSED, "withdrawn", note="DEEMED WITHDRAWAL AFTER PUBLICATION (公布后视为撤回)"),
    _r(_CODE, "C17", LAPSED, "expired", note="EXPIRY (专利权有效期届满) as in the sample XML"),
    _r(_CODE, "C19", LAPSED, "unpaid_annuity", note="lapse for non-payment of annual fee; UNCONFIRMED"),
    _r(_CODE, "C12", LAPSED, "rejected", note="rejection after publication (驳回); UNCONFIRMED"),
    _r(_CODE, "C41", NO_CHANGE, "transfer", note="transfer of application/patent right (专利权转移)"),
    _r(_CODE, "C53", NO_CHANGE, "bibliographic_change", note="correction of bibliographic data"),
    _r(_CODE, "C56", NO_CHANGE, "bibliographic_change", note="change of name/address of patentee"),
    _r(
        _CODE,
        "REG",
        NO_CHANGE,
        "national_reference",
        note="REFERENCE TO A NATIONAL CODE (e.g. HK designation)",
    ),
    _r(_CODE, "PB01", PENDING, "published"),
    _r(_CODE, "SE01", PENDING, "examination"),
    _r(_CODE, "GR01", IN_FORCE, "granted"),
    _r(_CODE, "WD01", LAPSED, "withdrawn"),
    _r(_CODE, "RJ01", LAPSED, "rejected"),
    _r(_CODE, "CF01", LAPSED, "unpaid_annuity"),
    _r(_CODE, "EXPY", LAPSED, "expired"),
    _r(_CODE, "TR01", NO_CHANGE, "transfer"),
    _r(_CODE, "PE01", NO_CHANGE, "pledge"),
    _r(_CODE, "PC01", NO_CHANGE, "pledge"),
    _r(_CODE, "EE01", NO_CHANGE, "license"),
    _r(_CODE, "EC01", NO_CHANGE, "license"),
    _r(_CODE, "EM01", NO_CHANGE, "license"),
    # --- event texts: English (INPADOC) exact descriptions
    _r(_TEXT, "PUBLICATION", PENDING, "published"),
    _r(_TEXT, "REQUESTOFEXAMINATIONASTOSUBSTANCE", PENDING, "examination"),
    _r(_TEXT, "GRANTED", IN_FORCE, "granted"),
    _r(_TEXT, "EXPIRY", LAPSED, "expired"),
    _r(_TEXT, "REFERENCETOANATIONALCODE", NO_CHANGE, "national_reference"),
    # --- event texts: keywords (Chinese gazette wording, then English), first match wins
    _r(_TEXT, "避免重复授权放弃", LAPSED, "surrendered", "contains", "double-patenting surrender"),
    _r(_TEXT, "开放许可", NO_CHANGE, "open_license", "contains", "开放许可声明 / 开放许可声明撤回"),
    _r(_TEXT, "许可", NO_CHANGE, "license", "contains", "实施许可合同备案(的生效/变更/注销)"),
    _r(_TEXT, "质押", NO_CHANGE, "pledge", "contains", "质押登记生效/注销"),
    _r(_TEXT, "保全", NO_CHANGE, "preservation", "contains", "专利权的保全及其解除"),
    _r(_TEXT, "转移", NO_CHANGE, "transfer", "contains", "专利(申请)权转移"),
    _r(_TEXT, "著录事项变更", NO_CHANGE, "bibliographic_change", "contains"),
    _r(_TEXT, "未缴年费", LAPSED, "unpaid_annuity", "contains", "未缴年费专利权终止"),
    _r(_TEXT, "有效期届满", LAPSED, "expired", "contains", "专利权有效期届满"),
    _r(_TEXT, "期限届满", LAPSED, "expired", "contains"),
    _r(_TEXT, "全部无效", LAPSED, "invalidated", "contains", "专利权全部无效"),
    _r(_TEXT, "部分无效", NO_CHANGE, "partially_invalidated", "contains", "the right survives in part"),
    _r(_TEXT, "视为撤回", LAPSED, "withdrawn", "contains", "(发明专利申请公布后的)视为撤回"),
    _r(_TEXT, "视为放弃", LAPSED, "surrendered", "contains", "视为放弃取得专利权"),
    _r(_TEXT, "撤回", LAPSED, "withdrawn", "contains", "申请撤回"),
    _r(_TEXT, "驳回", LAPSED, "rejected", "contains", "(发明专利申请公布后的)驳回"),
    _r(_TEXT, "放弃", LAPSED, "surrendered", "contains", "专利权的主动放弃"),
    _r(_TEXT, "实质审查", PENDING, "examination", "contains", "实质审查的生效"),
    _r(_TEXT, "公布", PENDING, "published", "contains"),
    _r(_TEXT, "公开", PENDING, "published", "contains"),
    _r(_TEXT, "授权", IN_FORCE, "granted", "contains"),
    _r(_TEXT, "DEEMEDWITHDRAWAL", LAPSED, "withdrawn", "contains"),
    _r(_TEXT, "WITHDRAW", LAPSED, "withdrawn", "contains"),
    _r(_TEXT, "REJECTION", LAPSED, "rejected", "contains"),
    _r(_TEXT, "NON-PAYMENT", LAPSED, "unpaid_annuity", "contains"),
    _r(_TEXT, "NONPAYMENT", LAPSED, "unpaid_annuity", "contains"),
    _r(_TEXT, "TRANSFER", NO_CHANGE, "transfer", "contains"),
)

_DASHES = re.compile(r"[‐‑‒–—―－~～_]")


def _norm(text: str) -> str:
    s = unicodedata.normalize("NFKC", text).upper()
    s = _DASHES.sub("-", s)
    return re.sub(r"\s+", "", s)


def _build_exact() -> dict[tuple[str, str], MappingRow]:
    table: dict[tuple[str, str], MappingRow] = {}
    for row in MAPPING:
        if row.match != "exact":
            continue
        if (row.source, row.key) in table:
            raise AssertionError(f"duplicate mapping row {row}")
        table[(row.source, row.key)] = row
    return table


_EXACT = _build_exact()
_CONTAINS: tuple[MappingRow, ...] = tuple(r for r in MAPPING if r.match == "contains")


def _lookup_status(raw: str | None) -> MappingRow | None:
    if raw is None:
        return None
    key = _norm(raw)
    if not key:
        return None
    return _EXACT.get((_STATUS, key))


def status_from_raw(raw: str | None) -> str | None:
    """Map an export status string ('有权-审定授权', '无权-未缴年费', 'ACTIVE', …) to a state.

    Returns :data:`IN_FORCE`, :data:`LAPSED`, :data:`PENDING`, :data:`UNKNOWN` (only for strings that say
    'unknown' themselves: '未知', 'UNKNOWN'), or None when the string is empty or not in :data:`MAPPING`.
    Matching is exact after normalisation (full-width → half-width, case, spaces, dash variants).
    """
    row = _lookup_status(raw)
    return row.effect if row else None


def status_reason_from_raw(raw: str | None) -> str | None:
    """The reason code of an export status string ('无权-未缴年费' → 'unpaid_annuity'); None when unknown."""
    row = _lookup_status(raw)
    return row.reason if row else None


@dataclass(frozen=True, slots=True)
class EventEffect:
    """What one legal event does: ``effect`` is a state or :data:`NO_CHANGE`; ``matched_by`` says which input."""

    effect: str
    reason: str
    matched_by: str  # 'event_code' or 'event_text'


def event_effect(code: str | None, description: str | None = None) -> EventEffect | None:
    """Effect of one legal event, from its code and/or its description; None when neither is in the table.

    The code is tried first (exact match); then the description: exact rows, then keyword rows in table order.
    A known code with an unknown description is therefore still mapped, and vice versa.
    """
    if code:
        row = _EXACT.get((_CODE, _norm(code)))
        if row:
            return EventEffect(row.effect, row.reason, _CODE)
    if description:
        key = _norm(description)
        row = _EXACT.get((_TEXT, key))
        if row is None:
            row = next((r for r in _CONTAINS if r.key in key), None)
        if row:
            return EventEffect(row.effect, row.reason, _TEXT)
    return None


@dataclass(frozen=True, slots=True)
class LegalEvent:
    """One dated legal event (法律事件): gazette date, code and/or description."""

    date: date | None
    code: str | None = None
    description: str | None = None


@dataclass(frozen=True, slots=True)
class StatusResult:
    """The state on ``as_of`` and why.

    ``state`` is one of :data:`STATES`, or None when the application was not filed yet on ``as_of``
    (then ``reason`` is :data:`NOT_FILED`): such a record must not be counted at all.
    ``source`` names the input that decided: 'filing_date', 'term', 'lapse_date', 'grant_date', 'event',
    'raw_status' or 'none'. ``unknown_inputs`` lists raw values that are not in the mapping table (and
    unusable inputs such as an unknown patent type), for logging; they never influence the state.
    """

    state: str | None
    reason: str
    source: str
    unknown_inputs: tuple[str, ...] = ()
    term_end: date | None = None


_TYPE_ALIASES = {
    "invention": "invention",
    "发明": "invention",
    "发明专利": "invention",
    "发明公开": "invention",
    "发明授权": "invention",
    "发明申请": "invention",
    "utility_model": "utility_model",
    "utilitymodel": "utility_model",
    "utility-model": "utility_model",
    "实用新型": "utility_model",
    "实用新型专利": "utility_model",
    "design": "design",
    "外观设计": "design",
    "外观设计专利": "design",
    "外观": "design",
}


def normalize_patent_type(patent_type: str | None) -> str | None:
    """'invention' / 'utility_model' / 'design' from English or Chinese names ('发明授权', '实用新型'); else None."""
    if not patent_type:
        return None
    s = unicodedata.normalize("NFKC", patent_type).strip().lower().replace(" ", "_")
    return _TYPE_ALIASES.get(s) or _TYPE_ALIASES.get(s.replace("_", ""))


def _add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February in a non-leap target year
        return date(d.year + years, 3, 1)


def patent_term_end(patent_type: str, filing_date: date) -> date:
    """First day on which the right is no longer in force: the filing-date anniversary after the term.

    Term from the filing date (专利法 Art 42): invention 20 years, utility model 10 years, design 10 years, or
    15 years for designs filed on/after 2021-06-01. The last day in force is the day before the returned date
    (a patent filed 2000-03-15 is in force up to 2020-03-14). A 29 February filing date whose anniversary
    does not exist ends on 1 March. Raises :class:`InvalidValue` for an unknown type.
    """
    kind = normalize_patent_type(patent_type)
    if kind is None:
        raise InvalidValue(f"patent type {patent_type!r} is not invention, utility_model or design")
    if kind == "design":
        years = 15 if filing_date >= DESIGN_15_YEAR_FROM else 10
    else:
        years = _TERM_YEARS[kind]
    return _add_years(filing_date, years)


def _as_event(item: LegalEvent | tuple[date | None, str | None, str | None]) -> LegalEvent:
    if isinstance(item, LegalEvent):
        return item
    d, code, desc = item
    return LegalEvent(d, code, desc)


def _describe(ev: LegalEvent) -> str:
    return f"event:{ev.code or ''}:{ev.description or ''}"


def status_as_of(
    *,
    patent_type: str | None,
    filing_date: date,
    as_of: date,
    grant_date: date | None = None,
    lapse_date: date | None = None,
    raw_status: str | None = None,
    events: Iterable[LegalEvent | tuple[date | None, str | None, str | None]] = (),
    raw_status_date: date | None = None,
) -> StatusResult:
    """Legal state of one CN patent/application on ``as_of`` (a cut-off date such as 截至12月31日).

    Decisions, in order of precedence:

    1. ``as_of`` before ``filing_date`` → ``state=None, reason='not_filed'``: not counted anywhere.
    2. ``as_of`` on/after :func:`patent_term_end` → lapsed ('expired'), whatever else says.
    3. ``lapse_date <= as_of`` → lapsed; the reason comes from a lapsing event, else a lapsed raw status,
       else 'lapsed'. A ``lapse_date`` after ``as_of`` means the right still existed on ``as_of``: a lapsed raw
       status is then ignored (it describes a later time).
    4. ``grant_date > as_of`` → pending ('not_yet_granted'): it was later granted, so it was pending then.
    5. Otherwise the latest evidence dated on/before ``as_of`` wins: ``grant_date`` (in force), events
       (their effect through :data:`MAPPING`; :data:`NO_CHANGE` events are skipped; events dated after
       ``as_of`` are ignored), and the raw status.
       The raw status is a snapshot: with ``raw_status_date`` it is evidence at that date (and when that date
       is after ``as_of`` only a 'pending' snapshot is carried back). Without ``raw_status_date`` it is assumed
       to describe ``as_of`` (callers computing a past cut-off should pass a date), unless dated inputs show
       the raw state began after ``as_of`` (e.g. a lapsing event dated later).
    6. With no evidence at all (only a filing date) → :data:`UNKNOWN` ('no_status_evidence').

    Unknown status strings, unmapped events, events without a date and unknown patent types are listed in
    ``unknown_inputs``; they never change the state. The rules are those of CN law (term from filing).
    """
    unknown: list[str] = []
    kind = normalize_patent_type(patent_type)
    term_end: date | None = None
    if kind is None:
        unknown.append(f"patent_type:{patent_type}")
    else:
        term_end = patent_term_end(kind, filing_date)

    raw_row = _lookup_status(raw_status)
    if raw_status is not None and raw_status.strip() and raw_row is None:
        unknown.append(f"raw_status:{raw_status}")

    mapped: list[tuple[LegalEvent, EventEffect]] = []
    for item in events:
        ev = _as_event(item)
        eff = event_effect(ev.code, ev.description)
        if eff is None or ev.date is None:
            unknown.append(_describe(ev))
            continue
        mapped.append((ev, eff))
    mapped.sort(key=lambda pair: pair[0].date or date.min)  # stable: same-day events keep their order

    def result(state: str | None, reason: str, source: str) -> StatusResult:
        return StatusResult(state, reason, source, tuple(unknown), term_end)

    if as_of < filing_date:
        return result(None, NOT_FILED, "filing_date")
    if term_end is not None and as_of >= term_end:
        return result(LAPSED, "expired", "term")

    past = [(ev, eff) for ev, eff in mapped if ev.date is not None and ev.date <= as_of]
    if lapse_date is not None and lapse_date <= as_of:
        lapsing = [eff.reason for _, eff in past if eff.effect == LAPSED]
        if lapsing:
            reason = lapsing[-1]
        elif raw_row is not None and raw_row.effect == LAPSED:
            reason = raw_row.reason
        else:
            reason = "lapsed"
        return result(LAPSED, reason, "lapse_date")
    if grant_date is not None and grant_date > as_of:
        return result(PENDING, "not_yet_granted", "grant_date")

    # Evidence: (date, order, state, reason, source); the last after sorting wins.
    evidence: list[tuple[date, int, str, str, str]] = []
    if grant_date is not None:
        evidence.append((grant_date, 0, IN_FORCE, "granted", "grant_date"))
    for ev, eff in past:
        if eff.effect != NO_CHANGE and ev.date is not None:
            evidence.append((ev.date, 1, eff.effect, eff.reason, "event"))

    if raw_row is not None and raw_row.effect != UNKNOWN:
        raw_state = raw_row.effect
        if raw_status_date is not None:
            if raw_status_date <= as_of:
                evidence.append((raw_status_date, 2, raw_state, raw_row.reason, "raw_status"))
            elif raw_state == PENDING:
                evidence.append((filing_date, 2, PENDING, raw_row.reason, "raw_status"))
        elif not _began_after(raw_state, as_of, lapse_date, grant_date, mapped):
            evidence.append((as_of, 2, raw_state, raw_row.reason, "raw_status"))

    if not evidence:
        return result(UNKNOWN, "no_status_evidence", "none")
    evidence.sort(key=lambda e: (e[0], e[1]))
    _, _, state, reason, source = evidence[-1]
    return result(state, reason, source)


def _began_after(
    state: str,
    as_of: date,
    lapse_date: date | None,
    grant_date: date | None,
    mapped: list[tuple[LegalEvent, EventEffect]],
) -> bool:
    """True when dated inputs show that ``state`` was reached only after ``as_of``."""
    if state == LAPSED:
        if lapse_date is not None:
            return lapse_date > as_of
        dates = [ev.date for ev, eff in mapped if eff.effect == LAPSED and ev.date is not None]
        return bool(dates) and min(dates) > as_of
    if state == IN_FORCE:
        if grant_date is not None:
            return grant_date > as_of
        dates = [ev.date for ev, eff in mapped if eff.effect == IN_FORCE and ev.date is not None]
        return bool(dates) and min(dates) > as_of
    return False
