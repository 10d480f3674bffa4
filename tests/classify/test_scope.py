"""The pre-examination scope: centres, decisions by given IPC and by classified text (real scope lists)."""

from __future__ import annotations

import pytest

from ipcenter.classify import data as classify_data
from ipcenter.classify import scope, service
from ipcenter.classify.errors import UnknownCentre


@pytest.fixture(scope="module")
def scopes(data_dir):
    return classify_data.load_scopes(data_dir)


def test_centre_names_resolve_by_part(scopes):
    assert scope.resolve_centre(scopes, "成都") == "成都知识产权保护中心"
    assert scope.resolve_centre(scopes, "四川") == "中国(四川)知识产权保护中心"
    with pytest.raises(UnknownCentre, match="several"):
        scope.resolve_centre(scopes, "知识产权保护中心")
    with pytest.raises(UnknownCentre, match="no centre"):
        scope.resolve_centre(scopes, "长沙")


def test_scope_by_given_ipc(scopes):
    inside = scope.check_ipc(scopes, "成都知识产权保护中心", "G01F 1/34")
    assert inside.decision == "in_scope" and inside.matched[0]["code"] == "G01F"
    outside = scope.check_ipc(scopes, "成都知识产权保护中心", "F04D29/38")
    assert outside.decision == "out_of_scope" and "F04D" in outside.reasons[0]


def test_scope_by_text(small_classifier, scopes):
    centre = "中国(四川)知识产权保护中心"  # F04D (pumps, fans) is in the Sichuan list
    text = "轴流送风机 一种轴流送风机，包括叶轮和导流罩"
    [suggestions] = service.suggest(small_classifier, [text], top=5)
    decision = scope.check_text(scopes, centre, suggestions, text)
    assert decision.decision in ("in_scope", "uncertain")
    assert "F04D" in [m["code"] for m in decision.matched]
    chengdu = scope.check_text(scopes, "成都知识产权保护中心", suggestions, text)
    assert chengdu.decision in ("out_of_scope", "uncertain")
    assert "F04D" in [o["code"] for o in chengdu.outside]
