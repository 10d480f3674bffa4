"""`ipcenter org add|list` and `ipcenter user add|list` end to end (a real process, a real database)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass

import pytest


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


def ipcenter(*args: str, stdin: str = "") -> Result:
    """In process (each command start costs seconds on a busy machine); the error test below runs a process."""
    from typer.testing import CliRunner

    from ipcenter.cli import app

    result = CliRunner().invoke(app, list(args), input=stdin)
    return Result(result.exit_code, result.stdout, result.stderr)


def ipcenter_process(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ipcenter", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env=os.environ,
    )


def test_first_accounts_from_the_command_line(db_url: str) -> None:
    db = ("--db", db_url)
    added = ipcenter("org", "add", "长沙市知识产权局", "--kind", "bureau", *db, "--format", "json")
    assert added.returncode == 0, added.stderr
    assert json.loads(added.stdout)["kind"] == "bureau"
    again = ipcenter("org", "add", "长沙市知识产权局", "--kind", "bureau", *db)
    assert again.returncode == 2 and "exists already" in again.stderr and "Traceback" not in again.stderr
    bad = ipcenter("org", "add", "X", "--kind", "shop", *db)
    assert bad.returncode == 2 and "unknown organisation kind 'shop'" in bad.stderr

    user = ipcenter(
        "user", "add", "--email", "Admin@Example.CN", "--role", "bureau_admin", "--org", "长沙市知识产权局",
        "--password-stdin", *db, "--format", "json", stdin="a long enough secret\n",
    )  # fmt: skip
    assert user.returncode == 0, user.stderr
    view = json.loads(user.stdout)
    assert view["email"] == "admin@example.cn" and view["role"] == "bureau_admin"
    assert "password" not in user.stdout and "secret" not in user.stdout

    short = ipcenter("user", "add", "--email", "b@example.cn", "--role", "member", "--org", "长沙市知识产权局",
                     "--password-stdin", *db, stdin="short\n")  # fmt: skip
    assert short.returncode == 2 and "at least 10 characters" in short.stderr
    misplaced = ipcenter("user", "add", "--email", "c@example.cn", "--role", "pre_examiner",
                         "--org", "长沙市知识产权局", "--password-stdin", *db, stdin="a long enough secret\n")  # fmt: skip
    assert misplaced.returncode == 2 and "protection_centre" in misplaced.stderr
    no_stdin = ipcenter("user", "add", "--email", "d@example.cn", "--role", "bureau_admin", *db)
    assert no_stdin.returncode == 2 and "--password-stdin" in no_stdin.stderr

    listed = ipcenter("user", "list", *db, "--format", "json")
    assert [u["email"] for u in json.loads(listed.stdout)] == ["admin@example.cn"]
    orgs = json.loads(ipcenter("org", "list", *db, "--format", "json").stdout)
    assert orgs[0]["members"] == 1
    table = ipcenter("org", "list", *db)
    assert table.returncode == 0 and "长沙市知识产权局" in table.stdout


@pytest.mark.parametrize("url", ["nosuchdriver://x/y", "postgresql+psycopg://nobody@127.0.0.1:9/x"])
def test_a_bad_database_url_is_an_error_line(url: str) -> None:
    result = ipcenter_process("org", "list", "--db", url)
    assert result.returncode != 0 and result.stderr.startswith("error:") and "Traceback" not in result.stderr
