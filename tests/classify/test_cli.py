"""The CLI contract of issue 6, through the real `ipcenter` app (model from the session fixture)."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ipcenter.cli import app

runner = CliRunner()


def test_classify_one_text_as_json(model_dir):
    result = runner.invoke(
        app,
        ["classify", "一种轴流送风机的叶轮", "--top", "2", "--format", "json", "--models", str(model_dir)],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["suggestions"][0]["code"] == "F04D"
    assert set(data["suggestions"][0]) >= {"code", "score", "title_zh", "title_en"}


def test_classify_group_level_table(model_dir):
    result = runner.invoke(
        app, ["classify", "轴流风机的叶片", "--level", "group", "--models", str(model_dir)]
    )
    assert result.exit_code == 0, result.output
    assert "F04D" in result.output and "/00" in result.output


def test_classify_batch_tsv_to_jsonl(model_dir, tmp_path):
    tsv = tmp_path / "in.tsv"
    tsv.write_text(
        "id\ttext\nCN101096965A\t轴流送风机\nEP1\tLithium ion battery electrode\n", encoding="utf-8"
    )
    result = runner.invoke(
        app, ["classify", "--input", str(tsv), "--top", "3", "--format", "jsonl", "--models", str(model_dir)]
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["id"] for line in lines] == ["CN101096965A", "EP1"]
    assert all(len(line["suggestions"]) == 3 for line in lines)
    assert set(lines[0]["suggestions"][0]) == {"code", "score", "title_zh", "title_en"}


def test_classify_batch_blank_text_gets_no_suggestions(model_dir, tmp_path):
    tsv = tmp_path / "in.tsv"
    tsv.write_text("id\ttext\nA\t \nB\t轴流送风机\nC\t\n", encoding="utf-8")
    result = runner.invoke(
        app, ["classify", "--input", str(tsv), "--top", "2", "--format", "jsonl", "--models", str(model_dir)]
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [(line["id"], len(line["suggestions"])) for line in lines] == [("A", 0), ("B", 2), ("C", 0)]
    assert lines[1]["suggestions"][0]["code"] == "F04D"


def test_classify_without_model_explains_how_to_train(tmp_path):
    result = runner.invoke(app, ["classify", "轴流送风机", "--models", str(tmp_path)])
    assert result.exit_code == 1
    assert "ipcenter classify train" in result.output


def test_classify_bad_input_file(tmp_path, model_dir):
    missing = runner.invoke(
        app, ["classify", "--input", str(tmp_path / "none.tsv"), "--models", str(model_dir)]
    )
    assert missing.exit_code == 2 and "no such file" in missing.output
    bad = tmp_path / "bad.tsv"
    bad.write_text("a\tb\n1\t2\n", encoding="utf-8")
    result = runner.invoke(app, ["classify", "--input", str(bad), "--models", str(model_dir)])
    assert result.exit_code == 2 and "'id' and 'text'" in result.output


def test_scope_list_and_check_by_ipc():
    listed = runner.invoke(app, ["scope", "list", "--format", "json"])
    assert listed.exit_code == 0, listed.output
    centres = {c["centre"]: c for c in json.loads(listed.output)}
    assert centres["重庆市知识产权保护中心"]["ipc"] == 111
    result = runner.invoke(
        app, ["scope", "check", "--centre", "重庆", "--ipc", "G06F 40/30", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["decision"] == "in_scope" and data["matched"][0]["code"] == "G06F"


def test_scope_check_by_text_and_by_document_file(model_dir, data_dir):
    by_text = runner.invoke(
        app,
        [
            "scope",
            "check",
            "--centre",
            "四川",
            "--text",
            "轴流送风机",
            "--models",
            str(model_dir),
            "--format",
            "json",
        ],
    )
    assert by_text.exit_code == 0, by_text.output
    assert json.loads(by_text.output)["decision"] in ("in_scope", "uncertain")
    doc = data_dir / "cn-patent-xml-samples" / "CN101096965A.xml"  # main IPC F04D29/38
    by_file = runner.invoke(
        app, ["scope", "check", "--centre", "成都", "--file", str(doc), "--format", "json"]
    )
    assert by_file.exit_code == 0, by_file.output
    data = json.loads(by_file.output)
    assert data["decision"] == "out_of_scope" and data["input"]["ipc"] == "F04D29/38"


def test_scope_check_bad_input():
    unknown = runner.invoke(app, ["scope", "check", "--centre", "北京", "--ipc", "G06F"])
    assert unknown.exit_code == 2 and "no centre" in unknown.output
    both = runner.invoke(app, ["scope", "check", "--centre", "成都", "--ipc", "G06F", "--text", "x"])
    assert both.exit_code == 2 and "exactly one" in both.output
    bad_ipc = runner.invoke(app, ["scope", "check", "--centre", "成都", "--ipc", "XYZ"])
    assert bad_ipc.exit_code == 2 and "not an IPC symbol" in bad_ipc.output


def test_classify_finds_the_model_the_demo_wrote(model_dir, tmp_path, monkeypatch):
    """Right after `ipcenter demo` (model under ./ipcenter-demo/models, no ./ipcenter-data) a plain
    `ipcenter classify` uses the demo's model (issue 17 §3)."""
    monkeypatch.delenv("IPCENTER_MODELS", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ipcenter-demo").mkdir()
    (tmp_path / "ipcenter-demo" / "models").symlink_to(model_dir, target_is_directory=True)
    result = runner.invoke(app, ["classify", "一种轴流送风机的叶轮", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["suggestions"][0]["code"] == "F04D"
    scoped = runner.invoke(
        app, ["scope", "check", "--centre", "四川", "--text", "轴流送风机", "--format", "json"]
    )
    assert scoped.exit_code == 0, scoped.output


def test_no_model_names_where_it_looked_and_how_to_get_one(tmp_path, monkeypatch):
    monkeypatch.delenv("IPCENTER_MODELS", raising=False)
    monkeypatch.chdir(tmp_path)
    default = runner.invoke(app, ["classify", "轴流送风机"])
    assert default.exit_code == 1
    message = " ".join(default.output.split())
    assert "ipcenter-data/models (the default; ipcenter-demo/models has none either)" in message
    assert "ipcenter classify train" in message and "ipcenter demo" in message
    assert "--models DIR or $IPCENTER_MODELS" in message
    monkeypatch.setenv("IPCENTER_MODELS", str(tmp_path / "elsewhere"))
    from_env = runner.invoke(app, ["scope", "check", "--centre", "成都", "--text", "轴流送风机"])
    assert from_env.exit_code == 1 and "given by $IPCENTER_MODELS" in " ".join(from_env.output.split())
    given = runner.invoke(app, ["classify", "轴流送风机", "--models", str(tmp_path)])
    assert given.exit_code == 1 and "given by --models" in " ".join(given.output.split())


def test_a_model_file_that_is_not_a_model_is_a_clear_error(tmp_path):
    (tmp_path / "ipc-classifier.joblib").write_bytes(b"\x80\x04 not a pickle at all")
    result = runner.invoke(app, ["classify", "轴流送风机", "--models", str(tmp_path)])
    assert result.exit_code == 1, result.output
    assert "cannot be read as a model" in result.output and "ipcenter classify train" in result.output


#: Raw scheme markers people should not see in a title (issue 17 §3).
RAW_MARKERS = re.compile(r"〔[\d，, ]+〕(?!-)|\[\d{8}|\[[\d, ]+\](?!-)|[A-H]\d\d[A-Z]\d{10}")


def test_classify_output_shows_clean_titles(model_dir):
    texts = ["一种锂离子电池正极材料及其制备方法", "一种轴流送风机的叶轮", "Lithium ion battery electrode"]
    titles = []
    for text in texts:
        for level in ("subclass", "group"):
            result = runner.invoke(
                app,
                [
                    "classify",
                    text,
                    "--top",
                    "10",
                    "--level",
                    level,
                    "--format",
                    "json",
                    "--models",
                    str(model_dir),
                ],
            )
            assert result.exit_code == 0, result.output
            for s in json.loads(result.output)["suggestions"]:
                titles += [s["title_zh"], s["title_en"]]
                if s["code"] == "H01M":
                    assert s["title_zh"] == "用于直接转变化学能为电能的方法或装置，例如电池组"  # not …〔2〕
    titles = [t for t in titles if t]
    assert len(titles) > 80
    assert not [t for t in titles if RAW_MARKERS.search(t)]
    check = ["scope", "check", "--centre", "四川", "--text", "一种锂离子电池正极材料", "--top", "20"]
    scoped = runner.invoke(app, [*check, "--models", str(model_dir), "--format", "json"])
    assert scoped.exit_code == 0, scoped.output
    outside = [o["title_zh"] for o in json.loads(scoped.output)["outside"] if o["title_zh"]]
    assert outside and not [t for t in outside if RAW_MARKERS.search(t)]


@pytest.fixture(scope="module")
def hostile_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    files = {
        "binary": bytes(range(256)) * 40,
        "nul": b"\x00" * 64,
        "empty": b"",
        "gbk_tsv": "id\ttext\n1\t锂离子电池\n".encode("gbk"),
    }
    paths = {}
    for name, content in files.items():
        paths[name] = folder / name
        paths[name].write_bytes(content)
    paths["folder"] = folder
    return paths


PROBES = {
    "symbols only": (["classify", "！！！？？？"], "no words"),
    "digits only": (["classify", "12345"], "no words"),
    "top 0": (["classify", "锂电池", "--top", "0"], "--top"),
    "absurd top": (["classify", "锂电池", "--top", "1000000"], "--top"),
    "top not a number": (["classify", "锂电池", "--top", "many"], "--top"),
    "folder as TSV": (["classify", "--input", "{folder}"], "is a directory"),
    "binary TSV": (["classify", "--input", "{binary}"], "not UTF-8"),
    "GBK TSV": (["classify", "--input", "{gbk_tsv}"], "not UTF-8"),
    "empty TSV": (["classify", "--input", "{empty}"], "'id' and 'text'"),
    "empty centre": (["scope", "check", "--centre", "", "--ipc", "G06F"], "no centre matches"),
    "centre matching all": (["scope", "list", "--centre", "中心"], "several centres"),
    "centre matching none": (["scope", "check", "--centre", "长沙", "--text", "锂电池"], "no centre matches"),
    "scope top 0": (["scope", "check", "--centre", "成都", "--text", "锂电池", "--top", "0"], "--top"),
    "symbols to check": (["scope", "check", "--centre", "成都", "--text", "……"], "no words"),
    "binary file to check": (["scope", "check", "--centre", "成都", "--file", "{binary}"], "nor UTF-8"),
    "NUL file to check": (["scope", "check", "--centre", "成都", "--file", "{nul}"], "binary file"),
    "empty file to check": (["scope", "check", "--centre", "成都", "--file", "{empty}"], "holds no text"),
    "folder to check": (["scope", "check", "--centre", "成都", "--file", "{folder}"], "is a directory"),
    "a file as model directory": (["classify", "锂电池", "--models", "{binary}"], "is a file"),
}


@pytest.mark.parametrize("probe", PROBES)
def test_hostile_input_is_a_clear_error(probe, hostile_files, model_dir):
    """Issue 17 §3: bad input → one clear line, a non-zero exit, never the internal-error exit 3."""
    args, expected = PROBES[probe]
    args = [a.format(**{k: str(v) for k, v in hostile_files.items()}) for a in args]
    if "--models" not in args:
        args += ["--models", str(model_dir)] if args[0] == "classify" or "--text" in args else []
    result = runner.invoke(app, args)
    assert result.exit_code in (1, 2), (result.exit_code, result.output)
    assert expected in result.output, result.output
    assert "Traceback" not in result.output


def test_batch_rows_without_words_get_no_suggestions(model_dir, tmp_path):
    tsv = tmp_path / "in.tsv"
    tsv.write_text("id\ttext\nA\t！！！\nB\t轴流送风机\nC\t2024\n", encoding="utf-8")
    result = runner.invoke(app, ["classify", "--input", str(tsv), "--models", str(model_dir)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [(line["id"], len(line["suggestions"])) for line in lines] == [("A", 0), ("B", 3), ("C", 0)]


def test_scope_check_of_a_plain_text_file(model_dir, tmp_path):
    text = tmp_path / "application.txt"
    text.write_text("轴流送风机\n一种轴流送风机，包括叶轮和导流罩。\n", encoding="utf-8")
    result = runner.invoke(
        app,
        [
            "scope",
            "check",
            "--centre",
            "四川",
            "--file",
            str(text),
            "--models",
            str(model_dir),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["input"]["text"].startswith("轴流送风机") and data["matched"][0]["code"] == "F04D"


def test_train_to_an_unwritable_place_fails_before_training(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    started = time.perf_counter()
    result = runner.invoke(app, ["classify", "train", "--quick", "--models", str(blocker / "models")])
    assert result.exit_code == 2 and "cannot write the model" in result.output
    assert time.perf_counter() - started < 5  # no minutes of training first
