"""The search commands as a new user and a hostile one meet them: every example in the docs returns real hits,
bad input is a clear error with a non-zero exit, a stale index is a warning (issue 16 §3, issue 17 §3)."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from ipcenter.corpus.store import Corpus
from ipcenter.ingest.service import ingest
from ipcenter.search.backend import SearchBackend
from ipcenter.search.index import build_index
from ipcenter.search.service import search

REPO = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ipcenter", *args], capture_output=True, text=True, timeout=300, env=os.environ
    )


def doc_examples() -> list[list[str]]:
    """Every `ipcenter search` / `ipcenter similar` line of the code blocks in README.md and docs/search.md."""
    out = []
    for path in (REPO / "README.md", REPO / "docs" / "search.md"):
        for block in re.findall(r"```(?:bash)?\n(.*?)```", path.read_text(encoding="utf-8"), re.S):
            for line in block.splitlines():
                line = line.split("  #")[0].strip()
                if re.match(r"ipcenter (search|similar) ", line):
                    out.append(shlex.split(line)[1:])
    return out


EXAMPLES = doc_examples()


def _without(args: list[str], *options: str) -> list[str]:
    """``args`` less the given options and their values (the examples' own --corpus, --export)."""
    out, skip = [], False
    for a in args:
        if skip:
            skip = False
        elif a in options:
            skip = True
        else:
            out.append(a)
    return out


def test_the_docs_have_search_examples() -> None:
    assert len(EXAMPLES) >= 8 and any(a[0] == "similar" for a in EXAMPLES)


@pytest.mark.parametrize("args", EXAMPLES, ids=[" ".join(a) for a in EXAMPLES])
def test_every_docs_example_returns_real_hits(args: list[str], text_corpus: Corpus, tmp_path: Path) -> None:
    args = _without(args, "--corpus", "--format", "--export")
    result = run(*args, "--corpus", str(text_corpus.root), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["hits"], f"no hits for {args}"


@pytest.mark.parametrize(
    "query", ["(" * 300 + "电池" + ")" * 300, "NOT " * 2000 + "电池", "TI=(" * 100 + "电池" + ")" * 100]
)
def test_hostile_queries_are_clear_errors(query: str, text_corpus: Corpus) -> None:
    result = run("search", query, "--corpus", str(text_corpus.root))
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("error: malformed query: query nested too deeply")
    assert "Traceback" not in result.stderr and "RecursionError" not in result.stderr
    assert len(result.stderr) < 1000  # the pointer shows the place, not all 2,000 NOTs


def test_a_wide_query_still_runs(text_corpus: Corpus) -> None:
    result = run(
        "search", "TI=(" + " OR ".join(["电池", "锂", "电极"] * 700) + ")", "--corpus", str(text_corpus.root)
    )
    assert result.returncode == 0, result.stderr


def test_stale_index_is_a_warning_with_the_command_that_updates_it(data_dir: Path, tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    ingest([data_dir / "cn-patent-xml-samples"], root)
    build_index(Corpus(root), vectors="none")
    ingest([data_dir / "epo-xml-samples"], root)  # the corpus moves on; the index does not
    result = run("search", "TI=电池", "--corpus", str(root), "--format", "json")
    assert result.returncode == 0
    assert result.stderr.startswith(
        "warning: the index was built from corpus version 1, the corpus is now at 2"
    )
    assert f"ipcenter index build --corpus {root}" in result.stderr.replace("\n", "")
    assert "error" not in result.stderr
    assert "corpus version 1" in json.loads(result.stdout)["warnings"][0]
    assert run("index", "build", "--corpus", str(root), "--vectors", "none").returncode == 0
    again = run("search", "TI=电池", "--corpus", str(root), "--format", "json")
    assert again.returncode == 0 and again.stderr == "" and "warnings" not in json.loads(again.stdout)


def test_every_search_page_example_returns_real_hits(engine: SearchBackend) -> None:
    from ipcenter.search.pages import EXAMPLES as PAGE_EXAMPLES

    empty = [q for q in PAGE_EXAMPLES if not search(engine, q, limit=1).hits]
    assert not empty, f"page examples without hits: {empty}"
