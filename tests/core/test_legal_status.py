"""Tests for ipcenter.core.legal_status. Expected values come from the law/spec (domain-cn.md §7.3, §9 rule 12)
and from reading the real XML samples, not from running the code."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from lxml import etree

from ipcenter.core import legal_status as ls
from ipcenter.core.errors import InvalidValue
from ipcenter.core.legal_status import (
    IN_FORCE,
    LAPSED,
    MAPPING,
    NO_CHANGE,
    NOT_FILED,
    PENDING,
    UNKNOWN,
    LegalEvent,
    event_effect,
    patent_term_end,
    status_as_of,
    status_from_raw,
    status_reason_from_raw,
)

# ----------------------------------------------------------------------------------- constants / table


def test_constants_and_labels() -> None:
    assert (IN_FORCE, LAPSED, PENDING, UNKNOWN) == ("in_force", "lapsed", "pending", "unknown")
    assert ls.LABELS_ZH == {IN_FORCE: "有效", LAPSED: "失效", PENDING: "审中", UNKNOWN: "未知"}
    assert set(ls.LABELS_EN) == {IN_FORCE, LAPSED, PENDING, UNKNOWN}


def test_mapping_table_is_versioned_and_consistent() -> None:
    assert isinstance(ls.MAPPING_VERSION, str) and ls.MAPPING_VERSION
    assert isinstance(MAPPING, tuple) and len(MAPPING) > 50
    allowed_effects = {IN_FORCE, LAPSED, PENDING, NO_CHANGE, UNKNOWN}
    seen = set()
    for row in MAPPING:
        assert row.effect in allowed_effects, row
        assert row.match in ("exact", "contains"), row
        assert row.source in ("status", "event_code", "event_text"), row
        assert row.reason, row
        if row.match == "exact":
            assert (row.source, row.key) not in seen, f"duplicate {row}"
            seen.add((row.source, row.key))
        # keys are stored normalised: no spaces, upper case
        assert row.key == row.key.strip().upper().replace(" ", ""), row


# ----------------------------------------------------------------------------------- status_from_raw

RAW_STATUS_CASES = [
    ("有权-审定授权", IN_FORCE, "granted"),
    ("有权", IN_FORCE, "granted"),
    ("有效", IN_FORCE, "granted"),
    ("授权", IN_FORCE, "granted"),
    ("审中-实质审查", PENDING, "examination"),
    ("审中-公开", PENDING, "published"),
    ("审中", PENDING, "pending"),
    ("公开", PENDING, "published"),
    ("实质审查", PENDING, "examination"),
    ("无权-视为撤回", LAPSED, "withdrawn"),
    ("无权-未缴年费", LAPSED, "unpaid_annuity"),
    ("无权-期限届满", LAPSED, "expired"),
    ("无权-驳回", LAPSED, "rejected"),
    ("无权-放弃", LAPSED, "surrendered"),
    ("无权-全部无效", LAPSED, "invalidated"),
    ("失效", LAPSED, "lapsed"),
    ("ACTIVE", IN_FORCE, "granted"),
    ("PATENTED", IN_FORCE, "granted"),
    ("PENDING", PENDING, "pending"),
    ("INACTIVE", LAPSED, "lapsed"),
    ("EXPIRED", LAPSED, "expired"),
    ("DISCONTINUED", LAPSED, "withdrawn"),
    ("LAPSED", LAPSED, "lapsed"),
    ("REVOKED", LAPSED, "invalidated"),
    ("CEASED", LAPSED, "lapsed"),
    ("UNKNOWN", UNKNOWN, "unknown"),
    ("未知", UNKNOWN, "unknown"),
]


@pytest.mark.parametrize(("raw", "state", "reason"), RAW_STATUS_CASES)
def test_status_from_raw(raw: str, state: str, reason: str) -> None:
    assert status_from_raw(raw) == state
    assert status_reason_from_raw(raw) == reason


@pytest.mark.parametrize(
    ("raw", "state"),
    [
        (" 有权 - 审定授权 ", IN_FORCE),  # spaces
        ("有权—审定授权", IN_FORCE),  # em dash
        ("无权－未缴年费", LAPSED),  # full-width hyphen
        ("active", IN_FORCE),  # case
        ("Expired", LAPSED),
        ("ＡＣＴＩＶＥ", IN_FORCE),  # full-width letters
    ],
)
def test_status_from_raw_normalises_form(raw: str, state: str) -> None:
    assert status_from_raw(raw) == state


@pytest.mark.parametrize("raw", [None, "", "   ", "有权啦", "maybe", "无权-其他", "ACTIVE?"])
def test_status_from_raw_unknown_is_none(raw: str | None) -> None:
    assert status_from_raw(raw) is None
    assert status_reason_from_raw(raw) is None


def test_real_export_statuses_all_map(data_dir: Path) -> None:
    import json

    records = json.loads((data_dir / "cn-biblio-full-sample" / "patentsemantix_10_records.json").read_text())
    statuses = {r["法律状态"] for r in records}
    assert statuses == {"有权-审定授权", "审中-实质审查"}  # read from the file
    assert status_from_raw("有权-审定授权") == IN_FORCE
    assert status_from_raw("审中-实质审查") == PENDING


# ----------------------------------------------------------------------------------- event_effect

EVENT_CASES = [
    # codes seen in cn-patent-xml-samples
    ("C06", "PUBLICATION", PENDING, "published"),
    ("C10", "REQUEST OF EXAMINATION AS TO SUBSTANCE", PENDING, "examination"),
    (
        "C02",
        "DEEMED WITHDRAWAL OF PATENT APPLICATION AFTER PUBLICATION (PATENT LAW 2001)",
        LAPSED,
        "withdrawn",
    ),
    ("C14", "GRANTED", IN_FORCE, "granted"),
    ("C17", "EXPIRY", LAPSED, "expired"),
    ("REG", "REFERENCE TO A NATIONAL CODE", NO_CHANGE, "national_reference"),
    ("C41", None, NO_CHANGE, "transfer"),
    ("C19", None, LAPSED, "unpaid_annuity"),
    # gazette texts without a code
    (None, "授权", IN_FORCE, "granted"),
    (None, "驳回", LAPSED, "rejected"),
    (None, "发明专利申请公布后的驳回", LAPSED, "rejected"),
    (None, "视为撤回", LAPSED, "withdrawn"),
    (None, "发明专利申请公布后的视为撤回", LAPSED, "withdrawn"),
    (None, "未缴年费专利权终止", LAPSED, "unpaid_annuity"),
    (None, "专利权有效期届满", LAPSED, "expired"),
    (None, "专利权全部无效", LAPSED, "invalidated"),
    (None, "放弃", LAPSED, "surrendered"),
    (None, "专利权的主动放弃", LAPSED, "surrendered"),
    (None, "避免重复授权放弃专利权", LAPSED, "surrendered"),
    (None, "实质审查的生效", PENDING, "examination"),
    (None, "公开", PENDING, "published"),
    (None, "发明专利申请公布", PENDING, "published"),
    # transactions that do not change the state
    (None, "专利权转移", NO_CHANGE, "transfer"),
    (None, "专利申请权、专利权的转移", NO_CHANGE, "transfer"),
    (None, "专利权质押合同登记的生效", NO_CHANGE, "pledge"),
    (None, "质押", NO_CHANGE, "pledge"),
    (None, "专利实施许可合同备案的生效", NO_CHANGE, "license"),
    (None, "许可备案", NO_CHANGE, "license"),
    (None, "专利权的保全", NO_CHANGE, "preservation"),
    (None, "开放许可", NO_CHANGE, "open_license"),
    (None, "开放许可声明撤回", NO_CHANGE, "open_license"),  # must not read as 撤回 (withdrawn)
    # post-2010 codes
    ("PB01", None, PENDING, "published"),
    ("SE01", None, PENDING, "examination"),
    ("GR01", None, IN_FORCE, "granted"),
    ("CF01", None, LAPSED, "unpaid_annuity"),
    ("EXPY", None, LAPSED, "expired"),
    ("RJ01", None, LAPSED, "rejected"),
    ("WD01", None, LAPSED, "withdrawn"),
    ("TR01", None, NO_CHANGE, "transfer"),
    ("PE01", None, NO_CHANGE, "pledge"),
]


@pytest.mark.parametrize(("code", "text", "effect", "reason"), EVENT_CASES)
def test_event_effect(code: str | None, text: str | None, effect: str, reason: str) -> None:
    got = event_effect(code, text)
    assert got is not None
    assert (got.effect, got.reason) == (effect, reason)


def test_event_effect_code_wins_then_text() -> None:
    got = event_effect("C14", "专利权转移")
    assert got is not None and got.effect == IN_FORCE and got.matched_by == "event_code"
    got = event_effect("ZZ99", "专利权有效期届满")
    assert got is not None and got.effect == LAPSED and got.matched_by == "event_text"
    got = event_effect(" c14 ", None)  # case and spaces
    assert got is not None and got.effect == IN_FORCE


@pytest.mark.parametrize(
    ("code", "text"),
    [(None, None), ("", ""), ("ZZ99", None), (None, "某种未知事件"), ("X1", "SOMETHING ELSE")],
)
def test_event_effect_unknown(code: str | None, text: str | None) -> None:
    assert event_effect(code, text) is None


def test_every_event_in_the_real_xml_samples_is_mapped(data_dir: Path) -> None:
    for path in sorted((data_dir / "cn-patent-xml-samples").glob("*.xml")):
        for ev in _xml_events(path):
            assert event_effect(ev.code, ev.description) is not None, (path.name, ev)


# ----------------------------------------------------------------------------------- term


@pytest.mark.parametrize(
    ("ptype", "filed", "end"),
    [
        ("invention", date(2000, 3, 15), date(2020, 3, 15)),
        ("发明", date(2000, 3, 15), date(2020, 3, 15)),
        ("发明授权", date(2010, 1, 1), date(2030, 1, 1)),
        ("utility_model", date(2015, 7, 31), date(2025, 7, 31)),
        ("实用新型", date(2015, 7, 31), date(2025, 7, 31)),
        ("design", date(2021, 5, 31), date(2031, 5, 31)),  # last day of the 10-year regime
        ("design", date(2021, 6, 1), date(2036, 6, 1)),  # first day of the 15-year regime
        ("外观设计", date(2022, 2, 3), date(2037, 2, 3)),
        ("invention", date(2000, 2, 29), date(2020, 2, 29)),  # leap → leap
        ("utility_model", date(2004, 2, 29), date(2014, 3, 1)),  # leap → non-leap: ends 1 March
        ("design", date(2024, 2, 29), date(2039, 3, 1)),
    ],
)
def test_patent_term_end(ptype: str, filed: date, end: date) -> None:
    assert patent_term_end(ptype, filed) == end


@pytest.mark.parametrize("ptype", ["plant", "", "专利", "trademark"])
def test_patent_term_end_unknown_type(ptype: str) -> None:
    with pytest.raises(InvalidValue):
        patent_term_end(ptype, date(2020, 1, 1))


# ----------------------------------------------------------------------------------- status_as_of

FILED = date(2010, 5, 20)
GRANTED = date(2013, 8, 7)


def test_before_filing_is_not_counted() -> None:
    r = status_as_of(patent_type="invention", filing_date=FILED, as_of=date(2010, 5, 19), grant_date=GRANTED)
    assert r.state is None and r.reason == NOT_FILED
    # on the filing day it exists
    r = status_as_of(patent_type="invention", filing_date=FILED, as_of=FILED, raw_status="审中")
    assert r.state == PENDING


def test_invention_term_boundary() -> None:
    kw = {"patent_type": "invention", "filing_date": FILED, "grant_date": GRANTED}
    assert status_as_of(as_of=date(2030, 5, 19), **kw).state == IN_FORCE  # type: ignore[arg-type]
    r = status_as_of(as_of=date(2030, 5, 20), **kw)  # type: ignore[arg-type]
    assert (r.state, r.reason, r.source) == (LAPSED, "expired", "term")
    assert r.term_end == date(2030, 5, 20)
    # term wins even over an 'in force' raw status
    r = status_as_of(as_of=date(2031, 1, 1), raw_status="有权", **kw)  # type: ignore[arg-type]
    assert r.state == LAPSED and r.reason == "expired"


def test_utility_model_and_design_terms() -> None:
    um = {"patent_type": "utility_model", "filing_date": date(2012, 1, 10), "grant_date": date(2012, 9, 1)}
    assert status_as_of(as_of=date(2022, 1, 9), **um).state == IN_FORCE  # type: ignore[arg-type]
    assert status_as_of(as_of=date(2022, 1, 10), **um).state == LAPSED  # type: ignore[arg-type]
    old = {"patent_type": "design", "filing_date": date(2021, 5, 31), "grant_date": date(2021, 10, 1)}
    assert status_as_of(as_of=date(2031, 5, 31), **old).state == LAPSED  # type: ignore[arg-type]
    new = {"patent_type": "design", "filing_date": date(2021, 6, 1), "grant_date": date(2021, 10, 1)}
    assert status_as_of(as_of=date(2031, 6, 1), **new).state == IN_FORCE  # type: ignore[arg-type]
    assert status_as_of(as_of=date(2036, 6, 1), **new).state == LAPSED  # type: ignore[arg-type]


def test_lapse_date() -> None:
    kw = {
        "patent_type": "invention",
        "filing_date": FILED,
        "grant_date": GRANTED,
        "lapse_date": date(2016, 5, 20),
    }
    r = status_as_of(as_of=date(2016, 5, 20), **kw)  # type: ignore[arg-type]
    assert (r.state, r.reason, r.source) == (LAPSED, "lapsed", "lapse_date")
    r = status_as_of(as_of=date(2016, 5, 19), **kw)  # type: ignore[arg-type]
    assert r.state == IN_FORCE  # a lapse date after as_of: still in force then
    # a lapsed raw status with a later lapse date describes a later time: ignored on as_of
    r = status_as_of(as_of=date(2015, 12, 31), raw_status="无权-未缴年费", **kw)  # type: ignore[arg-type]
    assert (r.state, r.source) == (IN_FORCE, "grant_date")
    # ... and gives the reason once the lapse date is reached
    r = status_as_of(as_of=date(2016, 12, 31), raw_status="无权-未缴年费", **kw)  # type: ignore[arg-type]
    assert (r.state, r.reason) == (LAPSED, "unpaid_annuity")


def test_grant_after_as_of_is_pending() -> None:
    r = status_as_of(patent_type="invention", filing_date=FILED, as_of=date(2013, 8, 6), grant_date=GRANTED)
    assert (r.state, r.reason, r.source) == (PENDING, "not_yet_granted", "grant_date")
    # even when the (current) raw status says granted
    r = status_as_of(
        patent_type="invention",
        filing_date=FILED,
        as_of=date(2012, 1, 1),
        grant_date=GRANTED,
        raw_status="有权",
    )
    assert r.state == PENDING
    r = status_as_of(patent_type="invention", filing_date=FILED, as_of=GRANTED, grant_date=GRANTED)
    assert (r.state, r.reason) == (IN_FORCE, "granted")


def test_events_after_as_of_are_ignored() -> None:
    events = [
        LegalEvent(date(2011, 11, 30), "C06", "PUBLICATION"),
        LegalEvent(date(2012, 3, 1), "C10", None),
        LegalEvent(date(2013, 8, 7), None, "授权"),
        LegalEvent(date(2015, 2, 1), None, "专利权转移"),
        LegalEvent(date(2017, 7, 1), None, "未缴年费专利权终止"),
    ]
    kw = {"patent_type": "invention", "filing_date": FILED, "events": events}
    expectations = [
        (date(2011, 1, 1), UNKNOWN, "no_status_evidence"),  # filed, nothing happened yet
        (date(2011, 11, 30), PENDING, "published"),
        (date(2012, 6, 1), PENDING, "examination"),
        (date(2013, 8, 7), IN_FORCE, "granted"),
        (date(2016, 1, 1), IN_FORCE, "granted"),  # transfer changes nothing
        (date(2017, 6, 30), IN_FORCE, "granted"),
        (date(2017, 7, 1), LAPSED, "unpaid_annuity"),
        (date(2020, 1, 1), LAPSED, "unpaid_annuity"),
    ]
    for as_of, state, reason in expectations:
        r = status_as_of(as_of=as_of, **kw)  # type: ignore[arg-type]
        assert (r.state, r.reason) == (state, reason), as_of
        assert r.unknown_inputs == ()


def test_events_as_tuples_and_unsorted() -> None:
    events = [(date(2013, 8, 7), "C14", "GRANTED"), (date(2011, 11, 30), "C06", "PUBLICATION")]
    r = status_as_of(patent_type="invention", filing_date=FILED, as_of=date(2014, 1, 1), events=events)
    assert (r.state, r.source) == (IN_FORCE, "event")


def test_undated_raw_status_vs_later_lapsing_event() -> None:
    # the export says lapsed; the event shows it lapsed in 2017 → in 2015 it was in force
    events = [LegalEvent(date(2017, 7, 1), "CF01", None)]
    r = status_as_of(
        patent_type="invention",
        filing_date=FILED,
        as_of=date(2015, 1, 1),
        grant_date=GRANTED,
        raw_status="无权-未缴年费",
        events=events,
    )
    assert r.state == IN_FORCE
    # without dated contrary evidence the undated snapshot is taken to describe as_of
    r = status_as_of(
        patent_type="invention",
        filing_date=FILED,
        as_of=date(2015, 1, 1),
        grant_date=GRANTED,
        raw_status="无权-放弃",
    )
    assert (r.state, r.reason, r.source) == (LAPSED, "surrendered", "raw_status")


def test_raw_status_date() -> None:
    kw = {"patent_type": "invention", "filing_date": FILED, "grant_date": GRANTED, "raw_status": "无权-放弃"}
    r = status_as_of(as_of=date(2015, 1, 1), raw_status_date=date(2016, 1, 1), **kw)  # type: ignore[arg-type]
    assert r.state == IN_FORCE  # lapsed snapshot taken later says nothing about 2015
    r = status_as_of(as_of=date(2016, 6, 1), raw_status_date=date(2016, 1, 1), **kw)  # type: ignore[arg-type]
    assert (r.state, r.reason) == (LAPSED, "surrendered")
    # a later 'pending' snapshot means it was pending earlier too
    r = status_as_of(
        patent_type="invention",
        filing_date=FILED,
        as_of=date(2011, 1, 1),
        raw_status="审中-实质审查",
        raw_status_date=date(2012, 1, 1),
    )
    assert r.state == PENDING


def test_raw_status_alone() -> None:
    for raw, state in [("有权-审定授权", IN_FORCE), ("审中-公开", PENDING), ("无权-驳回", LAPSED)]:
        r = status_as_of(patent_type="invention", filing_date=FILED, as_of=date(2015, 1, 1), raw_status=raw)
        assert (r.state, r.source) == (state, "raw_status")
    r = status_as_of(patent_type="invention", filing_date=FILED, as_of=date(2015, 1, 1), raw_status="UNKNOWN")
    assert r.state == UNKNOWN and r.unknown_inputs == ()


def test_unknown_inputs_are_reported_not_guessed() -> None:
    r = status_as_of(
        patent_type="invention",
        filing_date=FILED,
        as_of=date(2015, 1, 1),
        raw_status="有权啦",
        events=[LegalEvent(date(2012, 1, 1), "ZZ01", "神秘事件"), LegalEvent(None, "C14", None)],
    )
    assert r.state == UNKNOWN
    assert r.unknown_inputs == ("raw_status:有权啦", "event:ZZ01:神秘事件", "event:C14:")
    # with a grant date the dates decide, and the unknowns are still reported
    r = status_as_of(
        patent_type="invention",
        filing_date=FILED,
        as_of=date(2015, 1, 1),
        grant_date=GRANTED,
        raw_status="??",
    )
    assert r.state == IN_FORCE and r.unknown_inputs == ("raw_status:??",)


def test_unknown_patent_type_has_no_term() -> None:
    r = status_as_of(
        patent_type="plant", filing_date=date(1990, 1, 1), as_of=date(2020, 1, 1), raw_status="有权"
    )
    assert r.state == IN_FORCE and r.term_end is None
    assert r.unknown_inputs == ("patent_type:plant",)
    r = status_as_of(patent_type=None, filing_date=FILED, as_of=date(2020, 1, 1))
    assert r.state == UNKNOWN and "patent_type:None" in r.unknown_inputs


# ----------------------------------------------------------------------------------- real XML samples


def _xml_events(path: Path) -> list[LegalEvent]:
    tree = etree.parse(str(path))
    out = []
    for el in tree.iter("{*}legal-event", "legal-event"):
        d = el.findtext("publication-date/date")
        out.append(
            LegalEvent(
                date(int(d[:4]), int(d[4:6]), int(d[6:])) if d else None,
                el.findtext("event-code-1"),
                el.findtext("legal-description"),
            )
        )
    return out


def test_real_utility_model_with_expiry_event(data_dir: Path) -> None:
    # CN85202237U: filed 1985-06-12, C06 1986-10-29, C14 granted 1987-05-13, C17 EXPIRY 1990-02-21 (read
    # from the XML). The 1985 law's shorter UM term is not modelled; the C17 event carries it.
    events = _xml_events(data_dir / "cn-patent-xml-samples" / "CN85202237U.xml")
    assert [(e.date, e.code) for e in events] == [
        (date(1986, 10, 29), "C06"),
        (date(1987, 5, 13), "C14"),
        (date(1990, 2, 21), "C17"),
    ]
    kw = {"patent_type": "utility_model", "filing_date": date(1985, 6, 12), "events": events}
    assert status_as_of(as_of=date(1985, 6, 11), **kw).state is None  # type: ignore[arg-type]
    assert status_as_of(as_of=date(1986, 1, 1), **kw).state == UNKNOWN  # type: ignore[arg-type]
    assert status_as_of(as_of=date(1986, 10, 29), **kw).state == PENDING  # type: ignore[arg-type]
    assert status_as_of(as_of=date(1987, 5, 13), **kw).state == IN_FORCE  # type: ignore[arg-type]
    r = status_as_of(as_of=date(1990, 2, 21), **kw)  # type: ignore[arg-type]
    assert (r.state, r.reason, r.source) == (LAPSED, "expired", "event")


def test_real_invention_deemed_withdrawn(data_dir: Path) -> None:
    # CN101100502A: C06 2008-01-09, C10 2008-02-27, C02 2010-01-13 (read from the XML).
    events = _xml_events(data_dir / "cn-patent-xml-samples" / "CN101100502A.xml")
    kw = {"patent_type": "invention", "filing_date": date(2007, 7, 1), "events": events}
    assert status_as_of(as_of=date(2008, 1, 9), **kw).reason == "published"  # type: ignore[arg-type]
    assert status_as_of(as_of=date(2009, 12, 31), **kw).reason == "examination"  # type: ignore[arg-type]
    r = status_as_of(as_of=date(2010, 1, 13), **kw)  # type: ignore[arg-type]
    assert (r.state, r.reason) == (LAPSED, "withdrawn")
