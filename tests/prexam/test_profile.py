"""Centre profiles: scope lists read from the real files (prefiling-scopes) as TSV, CSV and XLSX, scope
verdicts, settings that stay UNCONFIRMED, JSON round trip and effective-dated versions."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from ipcenter.errors import InvalidValue, NotFound, UserError
from ipcenter.prexam import service
from ipcenter.prexam.models import confirmed
from ipcenter.prexam.profile import CentreProfile, close_versions, profile_from_json, select_profile
from ipcenter.prexam.scope import parse_locarno
from ipcenter.prexam.scope_file import centres_in, read_scope

# Counts stated in prefiling-scopes/SOURCE.md
COUNTS = {
    "成都知识产权保护中心": (55, 13),
    "中国(四川)知识产权保护中心": (163, 47),
    "重庆市知识产权保护中心": (111, 23),
}


@pytest.mark.parametrize("centre", list(COUNTS))
def test_real_scope_lists_read_with_their_counts(scopes_file: Path, centre: str) -> None:
    rows = read_scope(scopes_file, centre=centre)
    assert (sum(r.scheme == "IPC" for r in rows), sum(r.scheme == "LOC" for r in rows)) == COUNTS[centre]
    assert all(r.field and r.source for r in rows)


def test_a_multi_centre_file_needs_a_centre(scopes_file: Path) -> None:
    assert len(centres_in(scopes_file)) == 3
    with pytest.raises(InvalidValue, match="lists 3 centres"):
        read_scope(scopes_file)
    with pytest.raises(NotFound, match="not \\(uniquely\\)"):
        read_scope(scopes_file, centre="长沙")


def test_file_without_field_needs_one(data_dir: Path) -> None:
    plain = data_dir / "prefiling-scopes" / "prefiling_scopes.tsv"
    with pytest.raises(InvalidValue, match="no field column"):
        read_scope(plain, centre="成都")
    rows = read_scope(plain, centre="成都", field="生物", source="成都中心公告", source_date=date(2024, 5, 1))
    assert len(rows) == 68 and {r.field for r in rows} == {"生物"} and rows[0].source_date == date(2024, 5, 1)


def _as_table(scopes_file: Path, centre: str) -> list[list[str]]:
    with scopes_file.open(encoding="utf-8") as handle:
        rows = [r for r in csv.reader(handle, delimiter="\t")]
    header = ["分类体系", "分类号", "名称", "产业领域"]  # Chinese headers, as a centre's own sheet would have
    return [header] + [[r[1], r[2], r[3], r[4]] for r in rows[1:] if r[0] == centre]


def test_xlsx_and_gb18030_csv_give_the_same_rows(tmp_path: Path, scopes_file: Path) -> None:
    centre = "重庆市知识产权保护中心"
    table = _as_table(scopes_file, centre)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in table:
        sheet.append(row)
    book.save(tmp_path / "scope.xlsx")
    with (tmp_path / "scope.csv").open("w", encoding="gb18030", newline="") as handle:
        csv.writer(handle).writerows(table)
    reference = [(r.scheme, r.code, r.field) for r in read_scope(scopes_file, centre=centre)]
    for name in ("scope.xlsx", "scope.csv"):
        got = [(r.scheme, r.code, r.field) for r in read_scope(tmp_path / name)]
        assert got == reference, name


def test_bad_rows_are_refused_with_row_numbers(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("code,field\nA61K,生物\nZ99Q,生物\n24-77x,新材料\n", encoding="utf-8")
    with pytest.raises(InvalidValue, match=r"row 3: .*Z99Q.*row 4"):
        read_scope(path)
    other = tmp_path / "scope.json"
    other.write_text("{}", encoding="utf-8")
    with pytest.raises(InvalidValue, match="xlsx"):
        read_scope(other)


def test_scope_verdicts_on_a_real_scope(sichuan: CentreProfile, chengdu: CentreProfile) -> None:
    inside = sichuan.check_scope("invention", "B23Q 15/18")
    assert inside.in_scope and inside.fields == ("装备制造",) and inside.code == "B23Q15/18"
    outside = sichuan.check_scope("invention", "A23L33/105")
    assert not outside.in_scope and "163 IPC" in outside.reason
    design = chengdu.check_scope("design", "24-01")
    assert design.in_scope and design.fields == ("新材料",)
    assert chengdu.check_scope("design", "LOC(14) Cl. 24-03").fields == ("生物",)
    assert not chengdu.check_scope("design", "06-01").in_scope
    with pytest.raises(InvalidValue):
        sichuan.check_scope("invention", "not a class")


def test_a_group_row_is_more_specific_than_its_subclass(chengdu: CentreProfile) -> None:
    from dataclasses import replace

    from ipcenter.prexam.scope import ScopeRow

    extra = ScopeRow.make("IPC", "A61K36/00", "中医药", source="test")
    profile = replace(chengdu, scope=(*chengdu.scope, extra))
    assert profile.check_scope("invention", "A61K36/185").fields == ("中医药",)
    assert profile.check_scope("invention", "A61K31/00").fields == ("生物",)


def test_no_scope_loaded_is_an_error_not_a_refusal(ningbo: CentreProfile) -> None:
    with pytest.raises(UserError, match="no IPC scope table loaded"):
        ningbo.check_scope("invention", "G06F40/30")


def test_locarno_forms() -> None:
    assert parse_locarno("24-01") == ("24", "01")
    assert parse_locarno("2401") == ("24", "01")
    assert parse_locarno("8") == ("08", None)
    with pytest.raises(InvalidValue, match="does not exist"):
        parse_locarno("45-01")


def test_settings_stay_unconfirmed_until_entered(ningbo: CentreProfile) -> None:
    assert ningbo.setting("agency_list_enforced").confirmed
    assert ningbo.setting("formal_filing_days").value == 10
    assert ningbo.setting("formal_filing_days").shown() == "10 (UNCONFIRMED)"
    assert "response_days" in ningbo.unconfirmed() and "scope" in ningbo.unconfirmed()
    with pytest.raises(UserError, match="has not set response_days"):
        ningbo.setting("response_days").require("response_days")
    newer = ningbo.with_settings({"response_days": confirmed(15, "中心通知 2026")}, date(2026, 1, 1))
    assert (
        newer.version == 2
        and newer.value("response_days") == 15
        and "response_days" not in newer.unconfirmed()
    )
    with pytest.raises(InvalidValue, match="whole number"):
        ningbo.with_settings({"response_days": confirmed(-1, "x")}, date(2026, 1, 1))
    with pytest.raises(InvalidValue, match="must start after"):
        ningbo.with_settings({"response_days": confirmed(15, "x")}, date(2025, 1, 1))


def test_versions_are_selected_by_date(ningbo: CentreProfile) -> None:
    newer = ningbo.with_settings({"max_rounds": confirmed(2, "中心通知")}, date(2026, 3, 1))
    versions = close_versions([newer, ningbo])
    assert versions[0].effective_to == date(2026, 3, 1)
    assert select_profile(versions, "ningbo", date(2026, 2, 28)).version == 1
    assert select_profile(versions, "宁波知识产权保护中心", date(2026, 3, 1)).version == 2
    with pytest.raises(NotFound, match="no profile in force"):
        select_profile(versions, "ningbo", date(2024, 1, 1))


def test_json_round_trip(sichuan: CentreProfile, ningbo: CentreProfile) -> None:
    for profile in (sichuan, ningbo):
        again = profile_from_json(profile.to_json())
        assert again.to_json() == profile.to_json()
    broken = sichuan.to_json()
    broken["settings"]["response_day_type"] = {"value": "fortnightly", "status": "confirmed", "source": "x"}
    with pytest.raises(InvalidValue, match="working, calendar"):
        profile_from_json(broken)
    broken = sichuan.to_json()
    del broken["centre_id"]
    with pytest.raises(InvalidValue, match="centre_id is missing"):
        profile_from_json(broken)


def test_several_centres_per_city_and_area(
    data_dir: Path, sichuan: CentreProfile, chengdu: CentreProfile
) -> None:
    # 成都 lies in both the city centre's and the provincial centre's area: a city may have several centres
    assert chengdu.in_area("510104") and sichuan.in_area("510104")
    assert not chengdu.in_area("511602") and sichuan.in_area("511602")
    assert (
        service.find_profile("sichuan", date(2025, 1, 1), data=data_dir).centre_name
        == "中国(四川)知识产权保护中心"
    )
    with pytest.raises(InvalidValue, match="6 digits"):
        chengdu.in_area("5101")
