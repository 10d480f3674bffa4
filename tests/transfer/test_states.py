"""The state machines as tables: the review chain (发明人 → 院系 → 学校 → 转化资源库), the open-licence
declaration and the matchmaking event. Every (state, action) pair is tried: the pairs of the expected table
move to the state written here, every other pair is refused. Expectations are written out from the issue,
not read back from the modules. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from ipcenter.errors import Conflict, InvalidValue, NotFound, UserError
from ipcenter.transfer import events, inventory, licensees, licensing, needs, review
from ipcenter.transfer.tables import Inventory, InventoryItem, LicenceDeclaration

FACULTY = "数据科学研究所"
REVIEW_EXPECTED = {
    ("candidate", "document"): "documented",
    ("returned", "document"): "documented",
    ("documented", "faculty_approve"): "faculty_approved",
    ("documented", "faculty_return"): "returned",
    ("faculty_approved", "university_approve"): "in_library",
    ("faculty_approved", "university_return"): "returned",
    ("faculty_approved", "university_decline"): "not_listed",
    ("in_library", "withdraw"): "not_listed",
    ("not_listed", "reopen"): "documented",
}
REVIEW_STATES = ("candidate", "documented", "returned", "faculty_approved", "in_library", "not_listed")
REVIEW_ACTIONS = (
    "document",
    "faculty_approve",
    "faculty_return",
    "university_approve",
    "university_return",
    "university_decline",
    "withdraw",
    "reopen",
)
#: Who takes each action (the step of the chain): the inventor, the faculty's reviewer, the institution's admin.
ACTOR = {"document": "inventor", "faculty_approve": "reviewer", "faculty_return": "reviewer"}


def _item(w: Any, state: str, **changes: Any) -> int:
    admin = w.who("admin")
    with w.database.session() as db:
        found = db.scalars(select(Inventory)).first()
        if found is None:
            found = inventory.create(db, admin, "2025 盘点", date(2025, 12, 31), ["中科大数据研究院"])
            review.add_reviewer(db, admin, admin.organisation_id, FACULTY, "reviewer@example.cn")
        n = db.scalar(select(func.count(InventoryItem.id))) or 0
        values: dict[str, Any] = {
            "organisation_id": found.organisation_id,
            "inventory_id": found.id,
            "patent_key": f"K{n}",
            "publication_number": f"CN11588339{n}B",
            "faculty": FACULTY,
            "inventors": "李玺",
            "converted": "unconverted",
            "grade": "转化前景较好",
            "legal_status": "in_force",
            "state": state,
            "status_source": "corpus: granted",
        }
        values.update(changes)
        row = InventoryItem(**values)
        db.add(row)
        db.flush()
        return row.id


@pytest.mark.parametrize("state", REVIEW_STATES)
def test_review_chain_table(world: Any, state: str) -> None:
    for action in REVIEW_ACTIONS:
        item_id = _item(world, state)
        who = world.who(ACTOR.get(action, "admin"))
        with world.database.session() as db:
            row = db.get(InventoryItem, item_id)
            expected = REVIEW_EXPECTED.get((state, action))
            if expected is None:
                with pytest.raises(Conflict):
                    review.apply(db, who, row, action, "comment")
                continue
            step = review.apply(db, who, row, action, "comment")
            assert (row.state, step.from_state, step.to_state) == (expected, state, expected), action
            assert step.actor == who.email and step.comment == "comment"


def test_review_steps_are_taken_by_their_step_only(world: Any) -> None:
    item_id = _item(world, "documented")
    with world.database.session() as db:
        row = db.get(InventoryItem, item_id)
        with pytest.raises(Conflict, match="reviewer of the faculty"):
            review.apply(db, world.who("inventor"), row, "faculty_approve")
        with pytest.raises(InvalidValue, match="comment"):
            review.apply(db, world.who("reviewer"), row, "faculty_return", "  ")
        review.apply(db, world.who("reviewer"), row, "faculty_approve")
        with pytest.raises(Conflict, match="admin"):
            review.apply(db, world.who("reviewer"), row, "university_approve")
        with pytest.raises(NotFound):  # another organisation does not learn the record exists
            review.apply(db, world.who("other_admin"), row, "university_approve")
    other_faculty = _item(world, "documented", faculty="无人机研究中心")
    with world.database.session() as db, pytest.raises(Conflict):
        review.apply(db, world.who("reviewer"), db.get(InventoryItem, other_faculty), "faculty_approve")


def test_documenting_needs_the_template_fields_and_the_library_needs_valid_unconverted(world: Any) -> None:
    bare = _item(world, "candidate", faculty="", grade="", converted="unknown")
    with (
        world.database.session() as db,
        pytest.raises(InvalidValue, match=r"faculty, (inventors|grade)"),
    ):
        review.apply(db, world.who("inventor"), db.get(InventoryItem, bare), "document")
    lapsed = _item(world, "faculty_approved", legal_status="lapsed", status_source="corpus: expired")
    converted = _item(world, "faculty_approved", converted="converted")
    with world.database.session() as db:
        with pytest.raises(Conflict, match="valid patents only"):
            review.apply(db, world.who("admin"), db.get(InventoryItem, lapsed), "university_approve")
        with pytest.raises(Conflict, match="already converted"):
            review.apply(db, world.who("admin"), db.get(InventoryItem, converted), "university_approve")


# --------------------------------------------------------------------------- open licence declarations

LICENCE_EXPECTED = {
    ("draft", "check"): "accepted",
    ("refused", "check"): "accepted",
    ("accepted", "check"): "accepted",
    ("accepted", "announce"): "announced",
    ("announced", "request_withdrawal"): "withdrawal_pending",
    ("withdrawal_pending", "cancel_withdrawal"): "announced",
    ("withdrawal_pending", "announce_withdrawal"): "withdrawn",
}
LICENCE_STATES = ("draft", "refused", "accepted", "announced", "withdrawal_pending", "withdrawn")
ON = date(2025, 6, 1)


def _declaration(w: Any, state: str, patentees: list[str] | None = None) -> int:
    admin = w.who("admin")
    with w.database.session() as db:
        number = f"CN9{state[:4].upper()}{db.scalar(select(func.count(LicenceDeclaration.id))) or 0}B"
        for kind, start, end in (
            ("status_confirmed", date(2025, 1, 1), date(2026, 12, 31)),
            ("annuity_paid_until", None, date(2026, 12, 31)),
        ):
            licensing.add_fact(db, admin, None, number, kind, start, end, "test")
        row = licensing.declare(
            db,
            admin,
            None,
            number,
            {
                "patentees": patentees or ["中科大数据研究院"],
                "payment_method": "lump_sum",
                "fee_fixed": 5.0,
                "term_from": "2025-07-01",
                "term_to": "2030-06-30",
            },
        )
        row.state = state
        row.announced_on = ON if state in ("announced", "withdrawal_pending", "withdrawn") else None
        return row.id


def _act(db: Any, who: Any, row: LicenceDeclaration, action: str) -> None:
    if action == "check":
        licensing.run_check(db, who, None, row, ON)
    elif action == "announce":
        licensing.announce(db, who, None, row, ON)
    elif action == "request_withdrawal":
        licensing.request_withdrawal(db, who, row, "转让给企业，需撤回")
    elif action == "cancel_withdrawal":
        licensing.cancel_withdrawal(db, who, row)
    else:
        licensing.announce_withdrawal(db, who, row, date(2025, 9, 1))


@pytest.mark.parametrize("state", LICENCE_STATES)
def test_licence_table(world: Any, state: str) -> None:
    for action in ("check", "announce", "request_withdrawal", "cancel_withdrawal", "announce_withdrawal"):
        licence_id = _declaration(world, state)
        with world.database.session() as db:
            row = db.get(LicenceDeclaration, licence_id)
            expected = LICENCE_EXPECTED.get((state, action))
            if expected is None:
                with pytest.raises(Conflict):
                    _act(db, world.who("admin"), row, action)
                continue
            _act(db, world.who("admin"), row, action)
            assert row.state == expected, (state, action)


def test_a_failing_check_refuses_with_reasons_and_announce_checks_again(world: Any) -> None:
    licence_id = _declaration(world, "draft")
    admin = world.who("admin")
    with world.database.session() as db:
        row = db.get(LicenceDeclaration, licence_id)
        licensing.add_fact(
            db,
            admin,
            None,
            row.publication_number,
            "exclusive_licence",
            date(2025, 1, 1),
            date(2025, 7, 31),
            "独占许可 2025",
        )
        verdict = licensing.run_check(db, admin, None, row, ON)
        assert row.state == "refused" and [r.rule for r in verdict.reasons] == ["exclusive_or_sole_licence"]
        assert licensing.run_check(db, admin, None, row, date(2025, 8, 1)).allowed and row.state == "accepted"
        with pytest.raises(Conflict, match="exclusive"):
            licensing.announce(db, admin, None, row, date(2025, 7, 15))  # still exclusive on that day
        licensing.announce(db, admin, None, row, date(2025, 8, 2))
        assert row.state == "announced"


def test_withdrawal_needs_every_co_owner_and_leaves_existing_licences(world: Any) -> None:
    licence_id = _declaration(world, "announced", ["中科大数据研究院", "郑州某大学"])
    admin, enterprise = world.who("admin"), world.who("enterprise")
    with world.database.session() as db:
        row = db.get(LicenceDeclaration, licence_id)
        early = licensees.take(db, enterprise, row, "长沙示例科技有限公司", date(2025, 6, 10))
        with pytest.raises(Conflict, match="郑州某大学"):
            licensing.request_withdrawal(db, admin, row, "转让")
        licensing.add_consent(db, admin, row, "中科大数据研究院", date(2025, 8, 1), "consent-1.pdf")
        licensing.add_consent(db, admin, row, "郑州某大学", date(2025, 8, 2), "consent-2.pdf")
        with pytest.raises(InvalidValue):
            licensing.add_consent(db, admin, row, "不相干的公司", date(2025, 8, 2), "")
        licensing.request_withdrawal(db, admin, row, "转让")
        late_but_before = licensees.take(db, world.who("other"), row, "另一家企业", date(2025, 8, 20))
        licensing.announce_withdrawal(db, admin, row, date(2025, 9, 1))
        with pytest.raises(Conflict, match="withdrawn on 2025-09-01"):
            licensees.take(db, world.who("other"), row, "另一家企业", date(2025, 9, 1))
        licensees.pay(db, enterprise, early, 5.0, date(2025, 10, 1), "after the withdrawal: unaffected")
        assert early.state == "active" and late_but_before.state == "notified"
        with pytest.raises(Conflict, match="own patent"):
            licensees.take(db, admin, row, "self", date(2025, 6, 10))


# --------------------------------------------------------------------------- matchmaking events

EVENT_EXPECTED = {
    ("proposed", "contacted"),
    ("proposed", "declined"),
    ("contacted", "negotiating"),
    ("contacted", "declined"),
    ("negotiating", "licensed"),
    ("negotiating", "transferred"),
    ("negotiating", "declined"),
}
EVENT_STATES = ("proposed", "contacted", "negotiating", "licensed", "transferred", "declined")


def test_event_table(world: Any) -> None:
    enterprise = world.who("enterprise")
    with world.database.session() as db:
        need = needs.post(
            db,
            enterprise,
            {"title": "网页数据采集", "problem": "需要一种通用的网页数据采集方法，适配多种网站"},
            [],
        )
        for state in EVENT_STATES:
            for to in EVENT_STATES:
                row = events.open_event(db, enterprise, need, "CN115883397B", 0.5, {"summary": "test"})
                row.state = state
                if (state, to) not in EVENT_EXPECTED:
                    with pytest.raises(UserError):
                        events.advance(db, enterprise, row, to, "reason")
                    continue
                events.advance(db, enterprise, row, to, "reason")
                assert row.state == to
        row = events.open_event(db, enterprise, need, "CN115883397B", 0.5, {})
        with pytest.raises(InvalidValue, match="reason"):
            events.advance(db, enterprise, row, "declined", "")
        with pytest.raises(NotFound):
            events.advance(db, world.who("other"), row, "contacted")
        outcome = events.outcomes(db, enterprise)
        # 12 rows were put in licensed/transferred directly (refused moves leave them there) + 2 moved there
        assert outcome["concluded"] == 14 and outcome["declined_reasons"].count("reason") == 3


def test_inventories_belong_to_universities_and_institutes(world: Any) -> None:
    with (
        world.database.session() as db,
        pytest.raises(Conflict, match="universities and research institutes"),
    ):
        inventory.create(db, world.who("other_admin"), "x", date(2025, 1, 1), [])
