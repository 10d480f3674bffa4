"""The state machines as tables: every legal transition works, every other one is refused clearly."""

from __future__ import annotations

import pytest

from ipcenter.errors import InvalidValue
from ipcenter.prexam.states import CASE, ENTITY, MACHINES, InvalidTransition, StateMachine, machine

ALL = [
    (name, m, state, action)
    for name, m in MACHINES.items()
    for state in m.states
    for action in sorted({t.action for t in m.transitions})
]


@pytest.mark.parametrize(
    ("name", "table", "state", "action"), ALL, ids=[f"{n}:{s}:{a}" for n, _, s, a in ALL]
)
def test_every_state_action_pair(name: str, table: StateMachine, state: str, action: str) -> None:
    legal = {(t.source, t.action): t for t in table.transitions}
    if (state, action) in legal:
        expected = legal[(state, action)]
        details = {key: "x" for key in expected.requires}
        assert table.apply(state, action, details).target == expected.target
        if expected.requires:  # an action that needs details is refused without them
            with pytest.raises(InvalidValue, match=expected.requires[0]):
                table.apply(state, action, {})
    else:
        with pytest.raises(InvalidTransition, match=f"cannot {action}") as refused:
            table.apply(state, action, {})
        assert refused.value.http_status == 409
        assert "possible:" in refused.value.message


@pytest.mark.parametrize("table", MACHINES.values(), ids=list(MACHINES))
def test_every_state_is_reachable_from_the_start(table: StateMachine) -> None:
    seen, frontier = {table.initial}, [table.initial]
    while frontier:
        state = frontier.pop()
        for t in table.actions(state):
            if t.target not in seen:
                seen.add(t.target)
                frontier.append(t.target)
    assert seen == set(table.states)


def test_the_entity_machine_follows_the_spec() -> None:
    # 草稿 → 待审 → 通过 | 驳回(reason) → 暂停(from, to, reason) → 恢复 | 取消
    path = [
        ("submit", {}),
        ("approve", {}),
        ("suspend", {"reason": "资格复核", "suspended_from": "2026-01-01", "suspended_to": "2026-06-30"}),
        ("resume", {}),
        ("cancel", {"reason": "不再符合条件"}),
    ]
    state = ENTITY.initial
    for action, details in path:
        state = ENTITY.apply(state, action, details).target
    assert state == "cancelled" and ENTITY.label(state) == "取消"
    assert ENTITY.terminal == ["cancelled"]


def test_a_case_through_two_rounds_to_grant() -> None:
    steps = [
        "submit",
        "accept",
        "start_review",
        "send_opinion",
        "answer",
        "resume_review",
        "send_opinion",
        "answer",
        "resume_review",
        "qualify",
        "record_filing",
        "record_grant",
    ]
    state = CASE.initial
    for action in steps:
        t = CASE.apply(state, action, {k: "x" for k in CASE.apply(state, action, _all()).requires})
        state = t.target
    assert state == "granted"
    assert set(CASE.terminal) == {
        "not_accepted",
        "not_qualified",
        "deemed_abandoned",
        "withdrawn",
        "granted",
        "rejected",
        "deemed_withdrawn",
    }


def _all() -> dict[str, str]:
    return {k: "x" for t in CASE.transitions for k in t.requires}


def test_unknown_names() -> None:
    with pytest.raises(InvalidValue, match="unknown state"):
        CASE.apply("lost", "submit")
    with pytest.raises(InvalidValue, match="unknown state machine"):
        machine("trademark")
    with pytest.raises(InvalidTransition, match="final state"):
        CASE.apply("granted", "withdraw")
