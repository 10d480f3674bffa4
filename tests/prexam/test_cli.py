"""The command line: the stable `ipcenter workdays` contract and the prexam commands, end to end."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ipcenter.cli import app


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """The real command in a subprocess (for the stable contracts)."""
    return subprocess.run(
        [sys.executable, "-m", "ipcenter", *args], capture_output=True, text=True, timeout=120, env=os.environ
    )


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


def invoke(*args: str) -> Ran:
    """The same command in this process (faster; the same app, error handler included)."""
    result = CliRunner().invoke(app, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Ran(result.exit_code, result.stdout, result.stderr)


def test_workdays_add_contract() -> None:
    result = run("workdays", "add", "2025-09-30", "1", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"start": "2025-09-30", "working_days": 1, "due": "2025-10-09"}


def test_workdays_between_contract() -> None:
    result = run("workdays", "between", "2024-12-31", "2025-12-31", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"from": "2024-12-31", "to": "2025-12-31", "working_days": 248}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("workdays", "add", "2026-12-31", "1"), "2027 schedule must be entered"),
        (("workdays", "between", "2026-12-01", "2027-02-01"), "last published"),
        (("workdays", "add", "2025-02-30", "1"), "does not exist"),
        (("workdays", "add", "2025-03-03", "0"), "≥ 1"),
        (("prexam", "uscc", "914403001922038217"), "check character"),
        (("prexam", "profile", "show", "hangzhou"), "no centre profile"),
        (("prexam", "states", "trademark"), "unknown state machine"),
    ],
)
def test_errors_are_one_line_and_non_zero(args: tuple[str, ...], message: str) -> None:
    result = invoke(*args, *(("--format", "json") if args[0] == "workdays" else ()))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error:") and message in result.stderr


def test_prexam_commands(tmp_path: Path) -> None:
    profile = invoke("prexam", "profile", "show", "ningbo", "--on", "2025-12-01", "--format", "json")
    assert profile.returncode == 0, profile.stderr
    data = json.loads(profile.stdout)
    assert (
        data["settings"]["response_days"]["status"] == "UNCONFIRMED"
        and "response_days" in data["unconfirmed"]
    )
    (tmp_path / "p.json").write_text(profile.stdout, encoding="utf-8")
    entity = {
        "uscc": "91330212MA2H00014K",
        "name": "宁波示例",
        "legal_person": True,
        "area_code": "330212",
        "founded": "2025-02-04",
        "insured_staff": 8,
        "granted_first_applicant": {"utility_model": 3},
    }
    (tmp_path / "entity.json").write_text(json.dumps(entity, ensure_ascii=False), encoding="utf-8")
    result = invoke(
        "prexam",
        "eligibility",
        str(tmp_path / "entity.json"),
        "--centre",
        "ningbo",
        "--profile",
        str(tmp_path / "p.json"),
        "--on",
        "2025-12-01",
        "--format",
        "json",
    )
    assert result.returncode == 0, result.stderr
    verdict = json.loads(result.stdout)
    assert verdict["eligible"] is False
    assert {r["rule"] for r in verdict["results"] if r["outcome"] == "fail"} == {"age"}
    assert {r["rule"] for r in verdict["results"] if r["outcome"] == "unknown"} == {"credit"}
    scope = invoke("prexam", "scope", "check", "A23L33/105", "--centre", "sichuan", "--format", "json")
    assert scope.returncode == 0, scope.stderr
    assert json.loads(scope.stdout)["in_scope"] is False
    quota = invoke(
        "prexam",
        "quota",
        "--centre",
        "ningbo",
        "--year",
        "2026",
        "--passed",
        "80",
        "--accepted",
        "100",
        "--format",
        "json",
    )
    assert json.loads(quota.stdout)["pass_rate"]["percent"] == 80.0
    for args in (
        ("prexam", "states", "case"),
        ("prexam", "figures"),
        ("prexam", "profile", "list"),
        ("workdays", "day", "2026-02-14"),
        ("prexam", "uscc", "914403001922038216"),
    ):
        shown = invoke(*args)
        assert shown.returncode == 0, (args, shown.stderr)
    assert "调休" in invoke("workdays", "day", "2026-02-14").stdout


def test_scope_import_command(data_dir: Path) -> None:
    path = data_dir / "prefiling-scopes" / "prefiling_scopes_with_field.tsv"
    result = invoke("prexam", "scope", "import", str(path), "--centre", "成都", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) == 68 and rows[0]["code"] == "A01G" and rows[0]["field"] == "生物"
    missing = invoke("prexam", "scope", "import", str(path))
    assert missing.returncode == 2 and "choose one" in missing.stderr


def test_intake_command(tmp_path: Path) -> None:
    case = {
        "patent_type": "invention",
        "title": "一种智能掘进机开采方法",
        "applicants": ["示例公司"],
        "main_class": "E21C41/16",
        "documents": ["request", "description", "claims", "abstract"],
        "entity": {"name": "示例公司", "registration_state": "approved", "area_code": "510104"},
    }
    (tmp_path / "case.json").write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    result = invoke(
        "prexam",
        "intake",
        str(tmp_path / "case.json"),
        "--centre",
        "sichuan",
        "--on",
        "2025-12-01",
        "--format",
        "json",
    )
    assert result.returncode == 0, result.stderr
    decision = json.loads(result.stdout)
    assert decision["decision_zh"] == "不予受理" and decision["reasons"][0]["code"] == "field_mismatch"
    assert "普通程序" in decision["reasons"][0]["note_zh"]


def test_centre_commands_on_the_app_database(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'app.db'}"
    assert (
        invoke(
            "org", "add", "中国(四川)知识产权保护中心", "--kind", "protection_centre", "--db", db
        ).returncode
        == 0
    )
    added = invoke(
        "prexam", "centre", "add", "中国(四川)知识产权保护中心", "--profile", "sichuan", "--db", db
    )
    assert added.returncode == 0, added.stderr
    listed = json.loads(invoke("prexam", "centre", "list", "--db", db, "--format", "json").stdout)
    assert [(c["slug"], c["version"]) for c in listed] == [("sichuan", 1)] and listed[0]["unconfirmed"] > 0
    again = invoke(
        "prexam", "centre", "add", "中国(四川)知识产权保护中心", "--profile", "sichuan", "--db", db
    )
    assert again.returncode == 2 and "runs a centre already" in again.stderr
    assert "nothing overdue" in invoke("prexam", "overdue", "--db", db).stdout
    assert json.loads(invoke("prexam", "recheck", "--db", db, "--format", "json").stdout) == []
    assert "IPCENTER_SMTP_HOST" in invoke("prexam", "mail", "--db", db).stderr
