"""A small model trained once per session on part of the real data (folds 1–2 of the CN titles)."""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path

import pytest

from ipcenter.classify import data as classify_data
from ipcenter.classify import service


@pytest.fixture(scope="session")
def ipc_titles(data_dir: Path) -> classify_data.IpcTitles:
    return classify_data.load_ipc_titles(data_dir)


@pytest.fixture(scope="session")
def cn_examples(data_dir: Path) -> list:
    return classify_data.cn_title_examples(data_dir)


#: Subclasses the small model knows: the most frequent ones in folds 1–2, those the tests name, and a few
#: with no training title at all (known only from their IPC titles). Few classes keep training fast.
FREQUENT = 50
NAMED = ("F04D", "H01M", "G01F", "A23F", "A61K", "A61P")


@pytest.fixture(scope="session")
def small_subclasses(cn_examples, ipc_titles) -> dict[str, list[str]]:
    counts = Counter(c for e in cn_examples if e.fold in (1, 2) for c in e.subclasses)
    seen = [c for c, _ in counts.most_common(FREQUENT)] + [
        c for c in NAMED if c not in dict(counts.most_common(FREQUENT))
    ]
    unseen = [c for c in ipc_titles.subclasses() if c not in counts and c in ipc_titles.zh][:5]
    return {"seen": seen, "unseen": unseen}


@pytest.fixture(scope="session")
def small_classifier(data_dir: Path, ipc_titles, cn_examples, small_subclasses) -> service.Classifier:
    """Trained on CN title folds 1–2 (+ documents + IPC titles and main-group titles), restricted to ~60
    subclasses, with the scheme matcher and the sentence scorer of the full model."""
    known = set(small_subclasses["seen"]) | set(small_subclasses["unseen"])
    pool = (
        [e for e in cn_examples if e.fold in (1, 2)]
        + classify_data.document_examples(data_dir)
        + classify_data.title_examples(ipc_titles)
        + classify_data.group_examples(ipc_titles)
    )
    examples = []
    for e in pool:
        labels = [c for c in e.subclasses if c in known]
        if labels:
            examples.append(dataclasses.replace(e, subclasses=labels))
    model = service.fit_model(
        examples, tune=False, n_jobs=2, scheme_titles=classify_data.scheme_title_lines(data_dir)
    )
    # Calibration and decision rule from fold 3 (held out from training), as inner CV does in training.
    held = [e for e in cn_examples if e.fold == 3 and set(e.subclasses) <= known][:600]
    values = model.decision([e.text for e in held])
    rule = service.choose_rule(
        [model.ranked(row, 10) for row in values], [e.subclasses for e in held], model.pairs
    )
    model.platt, model.threshold, model.pair_share = rule["platt"], rule["threshold"], rule["pair_share"]
    meta = {"format_version": service.FORMAT_VERSION, "subclasses": len(model.classes)}
    return service.assemble_classifier(model, ipc_titles, meta)


@pytest.fixture(scope="session")
def model_dir(tmp_path_factory: pytest.TempPathFactory, small_classifier) -> Path:
    directory = tmp_path_factory.mktemp("models")
    service.save_classifier(small_classifier, directory)
    return directory
