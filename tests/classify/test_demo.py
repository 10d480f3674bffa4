"""The classify step of `ipcenter demo`, on a corpus of the real CN XML samples."""

from __future__ import annotations

import json

from ipcenter.classify import demo
from ipcenter.context import DemoContext
from ipcenter.ingest.service import ingest


def test_demo_step_classifies_documents_and_checks_the_scope(data_dir, model_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("IPCENTER_MODELS", str(model_dir))
    corpus_dir = tmp_path / "corpus"
    ingest([data_dir / "cn-patent-xml-samples"], corpus_dir)
    ctx = DemoContext(data_dir=data_dir, output=tmp_path, corpus_dir=corpus_dir, lang="zh")
    result = demo.demo_step(ctx)
    assert result is not None and result.ok
    docs = {d["publication_number"]: d for d in result.data["documents"]}
    assert set(docs) >= {"CN101096965A", "CN201081743Y"}
    # Given main IPCs: F04D29/38 is outside the Chengdu list, G01F1/34 inside.
    assert docs["CN101096965A"]["scope_by_ipc"] == "out_of_scope"
    assert docs["CN201081743Y"]["scope_by_ipc"] == "in_scope"
    assert all(len(d["suggestions"]) == 3 for d in docs.values())
    assert "CN101096965A" in result.markdown
    written = json.loads((tmp_path / "classify.json").read_text(encoding="utf-8"))
    assert len(written) == len(docs)


def test_demo_step_without_a_model_trains_the_quick_one_and_says_so(data_dir, tmp_path, monkeypatch):
    """A fresh machine: no model anywhere. The step trains the quick (nearest-centroid) model under its
    output, says so, and still classifies: the demo documents' own subclasses are among the top three."""
    monkeypatch.setenv("IPCENTER_MODELS", str(tmp_path / "no-models-here"))
    corpus_dir = tmp_path / "corpus"
    ingest([data_dir / "cn-patent-xml-samples"], corpus_dir)
    ctx = DemoContext(data_dir=data_dir, output=tmp_path / "out", corpus_dir=corpus_dir, lang="en")
    ctx.output.mkdir()
    result = demo.demo_step(ctx)
    assert result is not None and result.ok
    assert "quick model, trained now" in result.data["model"]
    meta = json.loads((ctx.output / "models" / "ipc-classifier.json").read_text(encoding="utf-8"))
    assert meta["quick"] is True and meta["method"] == "centroid"
    docs = result.data["documents"]
    assert len(docs) >= 4
    assert sum(d["hit@3"] for d in docs) >= len(docs) - 1
