"""`ipcenter numbers normalize`: one item per input, in order, never stopping at a bad one.

Inputs are numbers as real sample files print them (cn-biblio-full-sample, uspto-xml-samples) and as a
bureau's spreadsheet holds them (GBK or UTF-8 with BOM, a header row, blank lines, rubbish in between).
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

KEYS = {"input", "publication_number", "country", "number", "kind", "error"}


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ipcenter", "numbers", "normalize", *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=120,
        env=os.environ,
    )


def test_arguments_json_in_order_with_every_key(data_dir: Path) -> None:
    export = json.loads(
        (data_dir / "cn-biblio-full-sample/patentsemantix_10_records.json").read_text("utf-8")
    )
    printed = [export[0]["公开号"], "US D0558629 S1", "not a number", export[0]["申请号"], "JP8-179521"]
    result = run(*printed, "--format", "json")
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    assert [i["input"] for i in items] == printed
    assert all(set(i) >= KEYS for i in items)
    assert items[0]["publication_number"] == "CN218751475U" and items[0]["kind"] == "U"
    assert (items[1]["publication_number"], items[1]["country"], items[1]["number"], items[1]["kind"]) == (
        "USD558629S",
        "US",
        "D558629",
        "S",
    )
    assert items[2]["publication_number"] is None and "not a patent number" in items[2]["error"]
    assert items[3]["type"] == "application" and items[3]["application_number"] == "202223220665.2"
    assert items[4]["publication_number"] == "JPH08179521"
    assert "1 of 5 numbers could not be read" in result.stderr


def test_input_file_gbk_with_header_and_rubbish_csv_output(tmp_path: Path) -> None:
    sheet = tmp_path / "numbers.csv"
    rows = (
        "序号,公开号,备注\n1,CN218751475U,实用新型\n2,？？,坏\n\n3,DE000004240017A1,德国\n4,JP09242576,两义\n"
    )
    sheet.write_bytes(rows.encode("gbk"))
    result = run("--input", str(sheet), "--column", "公开号", "--format", "csv")
    assert result.returncode == 0, result.stderr
    items = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [i["input"] for i in items] == ["CN218751475U", "？？", "DE000004240017A1", "JP09242576"]
    assert [i["publication_number"] for i in items] == ["CN218751475U", "", "DE4240017A1", ""]
    assert items[1]["error"]
    assert items[3]["candidates"] == "JPH09242576;JP9242576" and "Heisei 9" in items[3]["error"]


def test_input_text_file_with_bom_and_stdin(tmp_path: Path) -> None:
    listing = tmp_path / "list.txt"
    listing.write_bytes("\ufeffWO 03/066704 A1\r\nPCT/US99/009417\r\n\r\nUSUS5650746A\r\n".encode())
    items = json.loads(run("--input", str(listing)).stdout)
    assert [i["publication_number"] for i in items] == ["WO2003066704A1", None, "US5650746A"]
    assert items[1]["application_number"] == "PCT/US1999/009417" and items[1]["error"] is None
    piped = json.loads(run("--input", "-", stdin="EP666666B1\nfoo\n").stdout)
    assert [i["publication_number"] for i in piped] == ["EP0666666B1", None]


def test_country_for_bare_numbers() -> None:
    items = json.loads(run("D0558629", "RE049033", "--country", "US").stdout)
    assert [i["publication_number"] for i in items] == ["USD558629", "USRE49033"]


def test_errors_are_clear_lines() -> None:
    missing = run("--input", "/nonexistent/numbers.txt")
    assert (
        missing.returncode == 2 and missing.stderr.startswith("error:") and "Traceback" not in missing.stderr
    )
    nothing = run()
    assert nothing.returncode == 2 and "no numbers given" in nothing.stderr
