"""What a demo step receives: where the data, the demo corpus and the output are, and the label language."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class DemoContext:
    data_dir: Path  # the shared data directory (reference tables, samples)
    output: Path  # the demo's output directory (reports go here)
    corpus_dir: Path  # the corpus step 1 built from every real sample
    lang: str  # 'zh' or 'en'
    results: dict[str, Any] = field(default_factory=dict)  # earlier steps' results, by step name


@dataclass
class DemoStepResult:
    name: str  # e.g. 'stats'
    title: str  # a heading for the report
    markdown: str  # the step's section of report.md
    data: dict[str, Any] = field(default_factory=dict)  # the step's part of report.json
    ok: bool = True
    errors: list[str] = field(default_factory=list)  # printed as `error:` lines at the end of the demo
    # The foundation step (the corpus every later step uses) heads the report: its data sits at the top
    # of report.json and its markdown opens report.md, instead of a section under "steps".
    top_level: bool = False
