"""The CLI contract of issue 6, through the real `ipcenter` app (model from the session fixture)."""

from __future__ import annotations

import json

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
