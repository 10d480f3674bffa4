"""The 337 matcher on the real sample (../shared/data/itc-337): Sany's 337-TA-887 is found for 三一重工 and
三一集团; none of the sample's US respondents matches a local enterprise."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipcenter.protection import itc, matcher

LOCAL = [
    matcher.Candidate("三一重工股份有限公司", 1, city="长沙", province="湖南省"),
    matcher.Candidate("三一集团有限公司", 2, english_names=("Sany Group Co., Ltd.",)),
    matcher.Candidate("中联重科股份有限公司", 3, city="长沙", province="湖南省"),
    matcher.Candidate("蓝思科技股份有限公司", 4, city="长沙", province="湖南省"),
    matcher.Candidate("湖南星邦智能装备股份有限公司", 5, city="长沙", province="湖南省"),
    matcher.Candidate("长沙示例科技有限公司", 6, city="长沙", province="湖南省"),
    matcher.Candidate("湖南示例大学", 7),
    matcher.Candidate("株洲中车时代电气股份有限公司", 8, city="株洲", province="湖南省"),
]


@pytest.fixture(scope="module")
def respondents(data_dir: Path) -> list[dict[str, str]]:
    investigations = itc.read_file(data_dir / "itc-337")
    assert len(investigations) == 17
    return [{"name": r.name, "name_zh": r.name_zh, "city": r.city, "region": r.region, "country": r.country,
             "case": i.case_ref} for i in investigations for r in i.respondents]  # fmt: skip


def test_sany_is_found_for_both_companies(respondents: list[dict[str, str]]) -> None:
    found = matcher.match_respondents(respondents, LOCAL)
    pairs = {(m.respondent, m.candidate.name) for m in found}
    assert ("Sany Heavy Industry Co., Ltd.", "三一重工股份有限公司") in pairs
    assert ("Sany Heavy Industry Co., Ltd.", "三一集团有限公司") in pairs
    assert {m.candidate.name for m in found} <= {"三一重工股份有限公司", "三一集团有限公司"}


def test_sany_is_found_without_the_chinese_name(respondents: list[dict[str, str]]) -> None:
    """The IDS feed gives English names only: pinyin, industry word and known English names carry it."""
    english_only = [{**r, "name_zh": ""} for r in respondents]
    found = matcher.match_respondents(english_only, LOCAL)
    assert {(m.respondent, m.candidate.name) for m in found} == {
        ("Sany Heavy Industry Co., Ltd.", "三一重工股份有限公司"),
        ("Sany Heavy Industry Co., Ltd.", "三一集团有限公司"),
    }
    heavy = next(m for m in found if m.candidate.name == "三一重工股份有限公司")
    signals = {e["signal"] for e in heavy.evidence}
    assert {"pinyin close to the English name", "same industry"} <= signals


def test_no_us_respondent_matches(respondents: list[dict[str, str]]) -> None:
    us = [r for r in respondents if r["country"] == "United States"]
    assert len(us) >= 25  # the sample's US respondents (Sany America, Loctek Inc., Fitbit, CVS …)
    assert matcher.match_respondents(us, LOCAL) == []
    sany_america = next(r for r in us if r["name"].startswith("Sany America"))
    assert matcher.score_pair(sany_america, LOCAL[0]).evidence[0]["signal"] == "not local"


def test_a_chinese_respondent_with_its_chinese_name(respondents: list[dict[str, str]]) -> None:
    ningbo = matcher.Candidate("宁波小伏科技有限公司", 9, city="宁波", province="浙江省")
    found = matcher.match_respondents(respondents, [ningbo])
    assert [m.respondent for m in found] == ["Ningbo Voltage Smart Production Co."]
    assert any(e["signal"] == "same place" for e in found[0].evidence)


def test_sanyo_is_not_sany() -> None:
    sanyo = {"name": "Sanyo Electric Co., Ltd.", "country": ""}
    assert matcher.score_pair(sanyo, LOCAL[0]).score < matcher.MATCH_AT


def test_ids_json_layout(tmp_path: Path) -> None:
    import json

    feed = {"data": [
        {"Investigation ID": 1, "Investigation Number": "337-TA-887", "Full Title": "Certain Crawler Cranes",
         "Investigation Type": {"Description": "Sec 337"}, "Start Date": "2013-07-11",
         "Investigation Status": {"Description": "Closed"},
         "Participants": [{"Participant Name": "Sany Heavy Industry Co., Ltd.", "Participant Type": "Respondent",
                           "Country": "China"},
                          {"Participant Name": "Manitowoc Cranes, LLC", "Participant Type": "Complainant"}]},
        {"Investigation Number": "731-TA-1234", "Full Title": "Steel", "Investigation Type": "AD"},
    ]}  # fmt: skip
    path = tmp_path / "investigations.json"
    path.write_text(json.dumps(feed), encoding="utf-8")
    [inv] = itc.read_file(path)
    assert inv.investigation_no == "337-TA-887" and inv.status == "Closed"
    assert inv.complainants == "Manitowoc Cranes, LLC"
    assert [r.name for r in inv.respondents] == ["Sany Heavy Industry Co., Ltd."]


def test_fetching_is_explicit_and_fails_cleanly_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    import urllib.request

    from ipcenter.errors import Unavailable

    def offline(*_args: object, **_kwargs: object) -> None:
        raise OSError("network unreachable")

    monkeypatch.setattr(urllib.request, "urlopen", offline)
    with pytest.raises(Unavailable, match="import a downloaded file instead"):
        list(itc.fetch_ids(timeout=1))
