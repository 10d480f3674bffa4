"""Classify-domain work: train the subclass model, load it, suggest IPC codes for texts (the scope check is
in ``scope.py``). No printing here: the CLI, the demo and the web API call these functions.

The trained model lives in a model directory (``config.models_dir``: ``--models``, ``$IPCENTER_MODELS``,
``./ipcenter-data/models``, or for reading ``./ipcenter-demo/models`` after ``ipcenter demo``), never in git:
``ipc-classifier.joblib`` plus ``ipc-classifier.json`` (what it was trained on, its settings, how long it took).
"""

from __future__ import annotations

import json
import os
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix

from ipcenter import config
from ipcenter.classify import data as classify_data
from ipcenter.classify.errors import BadInput, ModelMissing
from ipcenter.classify.model import (
    SEED,
    SubclassModel,
    decide,
    encode_sentences,
    fit_platt,
    hits,
    micro_f1,
)
from ipcenter.classify.models import Classification, Example, Suggestion
from ipcenter.errors import UserError

MODEL_FILE = "ipc-classifier.joblib"
META_FILE = "ipc-classifier.json"
FORMAT_VERSION = 4  # 2: stacked weights; 3: pruned, sparse; 4: + scheme-title and sentence-vector scorers
LEVELS = ("subclass", "group")  # suggestions of subclasses (G06F), or of main groups under them (G06F40/00)

# ---------------------------------------------------------------------------------------------- training


#: The quick model (``classify train --quick``, and the demo step when no model exists): nearest centroid
#: instead of ~650 SVM fits (the SVM needs 30–60 s on 2 shared cores, the centroids a few seconds), with its
#: calibration and decision rule from a 2-fold inner split (two more centroid fits, seconds).
QUICK_METHOD = "centroid"


def training_examples(
    data_dir: Path, title_chars: int = 300, groups: bool = True, *, quick: bool = False
) -> list[Example]:
    """Every labelled example: CN titles (folds 1–4), US/EP/CN documents (title + abstract + claims), the
    English titles with IPC of the WIPO Manual's sets, IPC subclass titles (zh and en) and, with ``groups``,
    each main-group title as an example of its subclass.

    With ``quick`` (the nearest-centroid demo model) the documents are title + abstract and the WIPO sets are
    left out, as before they were added: with both, a centroid is an average dominated by long claims and by
    ~15 k English titles on two topics (pizza, drones), and the demo documents' own subclass fell out of the
    top three for 2 of 4 (`tests/classify/test_demo.py`); the SVM of the full model weighs examples instead of
    averaging them."""
    titles = classify_data.load_ipc_titles(data_dir)
    return (
        classify_data.cn_title_examples(data_dir)
        + classify_data.document_examples(data_dir, claims=not quick)
        + ([] if quick else classify_data.english_title_examples(data_dir))
        + classify_data.title_examples(titles, max_chars=title_chars)
        + (classify_data.group_examples(titles) if groups else [])
    )


#: Sources the sentence-vector scorer does not learn from: the main-group titles (~15 k short texts, and the
#: scheme matcher already holds their wording) and the WIPO sets' English titles (~17 k: encoding them costs
#: minutes on two cores; the SVM learns them).
NO_SENTENCE_VECTORS = ("ipc-group", "wipo-")


def sentence_rows(examples: Sequence[Example]) -> list[int]:
    """The examples the sentence-vector scorer learns from (all but :data:`NO_SENTENCE_VECTORS`)."""
    return [i for i, e in enumerate(examples) if not e.source.startswith(NO_SENTENCE_VECTORS)]


def sentence_vectors(examples: Sequence[Example]) -> np.ndarray:
    """Sentence vectors aligned with ``examples`` (zero rows where ``sentence_rows`` leaves one out):
    encoded once, then sliced for each inner-CV fit."""
    rows = sentence_rows(examples)
    encoded = encode_sentences([examples[i].text for i in rows])
    out = np.zeros((len(examples), encoded.shape[1] if len(rows) else 0), dtype=np.float32)
    out[rows] = encoded
    return out


def _fit_on(
    examples: Sequence[Example],
    indices: Sequence[int],
    c: float,
    n_jobs: int | None,
    method: str,
    scheme_titles: Sequence[tuple[str, str]],
    vectors: np.ndarray | None,
) -> SubclassModel:
    """One model on ``examples[indices]``: SVM (+ scheme matcher + sentence ridge), or the centroid model."""
    chosen = [examples[i] for i in indices]
    model = SubclassModel(c=c, method=method, n_jobs=n_jobs)
    if method != "svm":
        return model.fit([e.text for e in chosen], [e.subclasses for e in chosen])
    rows = sentence_rows(chosen)
    return model.fit(
        [e.text for e in chosen],
        [e.subclasses for e in chosen],
        scheme_titles=scheme_titles,
        vectors=None if vectors is None else vectors[np.asarray(indices)[rows]],
        vector_rows=rows,
    )


def _fold_of(index: int, folds: int) -> int:
    return index % folds


def tune_rule(
    examples: Sequence[Example],
    c: float,
    inner_folds: int = 2,
    n_jobs: int | None = None,
    method: str = "svm",
    scheme_titles: Sequence[tuple[str, str]] = (),
    vectors: np.ndarray | None = None,
) -> dict[str, Any]:
    """Inner cross-validation on the CN titles (other examples always train): out-of-fold decision values
    → Platt sigmoid, then the threshold and co-occurrence share that maximise micro-F1."""
    cn = [i for i, e in enumerate(examples) if e.source == "cn-title"]
    rest = [i for i, e in enumerate(examples) if e.source != "cn-title"]
    rng = np.random.default_rng(SEED)
    order = rng.permutation(len(cn))
    fold_of = {cn[j]: _fold_of(pos, inner_folds) for pos, j in enumerate(order)}
    ranked_values: list[list[tuple[str, float]]] = []
    truth: list[list[str]] = []
    for fold in range(inner_folds):
        train = [i for i in cn if fold_of[i] != fold] + rest
        test = [i for i in cn if fold_of[i] == fold]
        model = _fit_on(examples, train, c, n_jobs, method, scheme_titles, vectors)
        values = model.decision(
            [examples[i].text for i in test], None if vectors is None else vectors[np.asarray(test)]
        )
        for row, i in zip(values, test, strict=True):
            ranked_values.append(model.ranked(row, 10))
            truth.append(examples[i].subclasses)
    result = choose_rule(ranked_values, truth, _pairs_from([examples[i] for i in cn]))
    result["inner_folds"] = inner_folds
    return result


def choose_rule(
    ranked_values: Sequence[list[tuple[str, float]]],
    truth: Sequence[Sequence[str]],
    pairs: dict[str, list[tuple[str, float]]],
) -> dict[str, Any]:
    """From held-out decision values (ten best candidates per text) and the true subclasses: the Platt
    sigmoid, then the threshold and co-occurrence share that maximise micro-F1 on them."""
    flat = np.array([v for ranked in ranked_values for _, v in ranked])
    hit = np.array(
        [code in set(t) for ranked, t in zip(ranked_values, truth, strict=True) for code, _ in ranked]
    )
    a, b = fit_platt(flat, hit)
    ranked_scores = [[(code, float(1 / (1 + np.exp(-(a * v + b))))) for code, v in r] for r in ranked_values]
    best = (-1.0, 0.5, 1.1)
    for threshold in np.arange(0.15, 0.75, 0.05):
        for share in (0.5, 0.6, 0.7, 0.8, 0.9, 1.1):
            predicted = [decide(r, float(threshold), pairs, share) for r in ranked_scores]
            f1 = micro_f1(predicted, truth)
            if f1 > best[0]:
                best = (f1, float(threshold), share)
    top = [[c for c, _ in r] for r in ranked_scores]
    return {
        "platt": (a, b),
        "threshold": round(best[1], 2),
        "pair_share": best[2],
        "tuning_micro_f1": round(best[0], 4),
        "tuning_hit1": round(
            float(np.mean([hits(r, set(t), 1) for r, t in zip(top, truth, strict=True)])), 4
        ),
        "tuning_hit3": round(
            float(np.mean([hits(r, set(t), 3) for r, t in zip(top, truth, strict=True)])), 4
        ),
    }


def fit_model(
    examples: Sequence[Example],
    c: float = 1.0,
    tune: bool = True,
    n_jobs: int | None = None,
    inner_folds: int = 2,
    method: str = "svm",
    scheme_titles: Sequence[tuple[str, str]] = (),
    vectors: np.ndarray | None = None,
) -> SubclassModel:
    """Fit on every example; with ``tune`` the calibration and decision rule come from inner CV. The full
    (``svm``) model also blends ``scheme_titles`` and sentence ``vectors`` (aligned with ``examples``;
    encoded here when None) — see ``model.py``."""
    if method == "svm" and vectors is None:
        vectors = sentence_vectors(examples)
    settings = tune_rule(examples, c, inner_folds, n_jobs, method, scheme_titles, vectors) if tune else {}
    model = _fit_on(examples, range(len(examples)), c, n_jobs, method, scheme_titles, vectors)
    if settings:
        model.platt = (float(settings["platt"][0]), float(settings["platt"][1]))
        model.threshold = settings["threshold"]
        model.pair_share = settings["pair_share"]
    model.pairs = _pairs_from(examples)
    model.info = {k: v for k, v in settings.items() if k != "platt"}
    return model


def _pairs_from(examples: Sequence[Example]) -> dict[str, list[tuple[str, float]]]:
    from ipcenter.classify.model import cooccurrence

    return cooccurrence([e.subclasses for e in examples if e.source == "cn-title"])


@dataclass
class Classifier:
    """A trained model with the IPC titles it shows and the main-group title vectors used under it."""

    model: SubclassModel
    titles_zh: dict[str, str]
    titles_en: dict[str, str]
    groups: list[str] = field(default_factory=list)  # main-group codes, rows of group_vectors
    group_vectors: csr_matrix | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    def title(self, code: str) -> tuple[str | None, str | None]:
        return self.titles_zh.get(code), self.titles_en.get(code)


def build_classifier(data_dir: Path, quick: bool = False, n_jobs: int | None = None) -> Classifier:
    """Train from the data directory: the full blended model, or with ``quick`` the nearest-centroid one
    (no main-group examples, no scheme matcher or sentence scorer; seconds instead of minutes)."""
    started = time.perf_counter()
    titles = classify_data.load_ipc_titles(data_dir)
    examples = training_examples(data_dir, groups=not quick, quick=quick)
    model = fit_model(
        examples,
        n_jobs=n_jobs,
        method=QUICK_METHOD if quick else "svm",
        scheme_titles=() if quick else classify_data.scheme_title_lines(data_dir),
    )
    counts: dict[str, int] = {}
    for e in examples:
        counts[e.source] = counts.get(e.source, 0) + 1
    meta = {
        "format_version": FORMAT_VERSION,
        "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "data_dir": str(data_dir),
        "examples": counts,
        "subclasses": len(model.classes),
        "quick": quick,
        "seed": SEED,
        "c": model.c,
        "method": model.method,
        "min_df": model.features.min_df,
        "prune": model.prune,
        "features": model.features.size,
        "weights_kept": int(model.weights.nnz) if model.weights is not None else 0,
        "scheme_titles": int(model.scheme.title_vectors.shape[1]) if model.scheme is not None else 0,
        "sentence_scorer": model.sentence is not None,
        "blend": list(model.blend),
        "threshold": model.threshold,
        "pair_share": model.pair_share,
        "platt": list(model.platt),
        **model.info,
    }
    classifier = assemble_classifier(model, titles, meta)
    classifier.meta["seconds"] = round(time.perf_counter() - started, 1)
    return classifier


def assemble_classifier(
    model: SubclassModel, titles: classify_data.IpcTitles, meta: dict[str, Any]
) -> Classifier:
    """The model with the titles it shows (cleaned for display) and vectors of every main-group title (zh +
    en, as the scheme prints them) under it."""
    groups = sorted(g for codes in titles.groups.values() for g in codes)
    group_texts = [
        " ".join(
            classify_data.clean_title(t) for t in (titles.source_zh.get(g), titles.source_en.get(g)) if t
        )
        for g in groups
    ]
    return Classifier(
        model=model,
        titles_zh=dict(titles.zh),
        titles_en=dict(titles.en),
        groups=groups,
        group_vectors=model.features.transform(group_texts),
        meta={**meta, "titles": DISPLAY_TITLES},
    )


def save_classifier(classifier: Classifier, directory: Path) -> Path:
    """Write atomically (temporary file, then rename) so a reader never sees half a model."""
    import joblib

    directory.mkdir(parents=True, exist_ok=True)
    target = directory / MODEL_FILE
    tmp = directory / (MODEL_FILE + ".tmp")
    # Uncompressed: 117 MB instead of 69 MB, but it loads in 0.8 s instead of 3.7 s (every CLI call loads it).
    joblib.dump(classifier, tmp, compress=0)
    tmp.replace(target)
    (directory / META_FILE).write_text(
        json.dumps(classifier.meta, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return target


_CACHE: dict[Path, tuple[float, Classifier]] = {}

#: ``meta["titles"]`` of a model whose titles are cleaned for display; older models get theirs cleaned on load.
DISPLAY_TITLES = "display"

#: What every "no model" message ends with: the command that builds one and the options that point to one.
HOW_TO_GET_A_MODEL = (
    "build one with `ipcenter classify train` (the full model, ~7 min on 2 cores; add --quick for a weaker "
    "one in seconds) or `ipcenter demo` (trains the quick one into ./ipcenter-demo/models), or point "
    f"--models DIR or $IPCENTER_MODELS at a directory holding {MODEL_FILE}"
)


def _where(option: Path | None) -> str:
    """How the model directory was chosen, for the message when it holds no model."""
    if option is not None:
        return "given by --models"
    if os.environ.get("IPCENTER_MODELS"):
        return "given by $IPCENTER_MODELS"
    return f"the default; {config.DEMO_HOME / 'models'} has none either"


def load_model(option: Path | None = None) -> Classifier:
    """The model of the directory ``config.models_dir(option)`` chooses; `ModelMissing` says how to get one."""
    return load_classifier(config.models_dir(option), chosen_by=_where(option))


def load_classifier(directory: Path, *, chosen_by: str | None = None) -> Classifier:
    """The model in ``directory`` (cached while its file is unchanged); ``chosen_by`` says, in the message
    when there is none, how that directory was chosen."""
    import joblib

    path = directory / MODEL_FILE
    if directory.is_file():
        raise ModelMissing(
            f"{directory} is a file; the model directory holds {MODEL_FILE}: {HOW_TO_GET_A_MODEL}"
        )
    if not path.is_file():
        where = f" ({chosen_by})" if chosen_by else ""
        raise ModelMissing(f"no trained IPC model in {directory}{where}: {HOW_TO_GET_A_MODEL}")
    key = path.resolve()
    mtime = path.stat().st_mtime
    cached = _CACHE.get(key)
    if cached and cached[0] == mtime:
        return cached[1]
    try:
        classifier = joblib.load(path)
    except Exception as exc:  # a truncated or foreign file fails in many ways (pickle, zlib, numpy, EOF)
        raise ModelMissing(
            f"{path} cannot be read as a model ({type(exc).__name__}): {HOW_TO_GET_A_MODEL}"
        ) from None
    if not isinstance(classifier, Classifier) or classifier.meta.get("format_version") != FORMAT_VERSION:
        raise ModelMissing(
            f"{path} was written by another version of ipcenter: run `ipcenter classify train` again"
        )
    if classifier.meta.get("titles") != DISPLAY_TITLES:  # trained before titles were cleaned for display
        classifier.titles_zh = {c: classify_data.display_title(t) for c, t in classifier.titles_zh.items()}
        classifier.titles_en = {c: classify_data.display_title(t) for c, t in classifier.titles_en.items()}
        classifier.meta["titles"] = DISPLAY_TITLES
    _CACHE[key] = (mtime, classifier)
    return classifier


def train(data_dir: Path, target: Path, *, quick: bool = False, jobs: int | None = None) -> Classifier:
    """Build a classifier from the data directory and write it to ``target`` (atomically). ``target`` is
    made (or found unwritable) first, not after minutes of training."""
    try:
        target.mkdir(parents=True, exist_ok=True)
        probe = target / (MODEL_FILE + ".probe")
        probe.touch()
        probe.unlink()
    except OSError as exc:
        raise UserError(f"cannot write the model to {target}: {exc.strerror or exc}") from None
    # More parallel fits than cores only adds processes (each holds a copy of the training matrix).
    jobs = min(jobs, os.cpu_count() or 1) if jobs is not None else None
    classifier = build_classifier(data_dir, quick=quick, n_jobs=jobs)
    try:
        save_classifier(classifier, target)
    except OSError as exc:
        raise UserError(f"cannot write the model to {target}: {exc.strerror or exc}") from None
    return classifier


# ---------------------------------------------------------------------------------------------- suggestions


def unusable_reason(classifier: Classifier, text: str) -> str | None:
    """Why ``text`` cannot be classified, or None: it is blank; it has no letters (digits, punctuation or
    symbols only: nothing to classify); or, for a model that reads characters only (the quick one, with no
    sentence scorer), none of its letters' n-grams occurs in what the model learned from (e.g. Cyrillic:
    spaces and digits alone would still score, by the subclasses' priors)."""
    if not text.strip():
        return "the text is empty"
    letters = "".join(ch for ch in text if unicodedata.category(ch).startswith("L"))
    if not letters:
        return "the text has no words (only digits, punctuation or symbols)"
    if classifier.model.sentence is None and classifier.model.features.transform([letters]).nnz == 0:
        return "none of its letters occurs in what the model learned from (Chinese or English expected)"
    return None


def suggest(
    classifier: Classifier, texts: Sequence[str], top: int = 3, level: str = "subclass", groups_per: int = 3
) -> list[list[Suggestion]]:
    """Ranked subclass suggestions per text (``level='group'``: main groups ranked under them). A text that
    `unusable_reason` refuses (blank, no words) gets no suggestions: scoring it would only rank the
    subclasses by their priors."""
    if top < 1:
        raise BadInput("--top must be at least 1")
    if level not in LEVELS:
        raise BadInput(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    filled = [i for i, t in enumerate(texts) if unusable_reason(classifier, t) is None]
    out: list[list[Suggestion]] = [[] for _ in texts]
    if not filled:
        return out
    scores = classifier.model.scores([texts[i] for i in filled])
    vectors = classifier.model.features.transform([texts[i] for i in filled]) if level == "group" else None
    for r, row in enumerate(scores):
        suggestions = []
        for code, score in classifier.model.ranked(row, top):
            zh, en = classifier.title(code)
            s = Suggestion(code, score, zh, en)
            if vectors is not None:
                s.groups = _group_suggestions(classifier, vectors[r], code, score, groups_per)
            suggestions.append(s)
        out[filled[r]] = suggestions
    return out


def _group_suggestions(
    classifier: Classifier, vector: csr_matrix, subclass: str, score: float, limit: int
) -> list[Suggestion]:
    """Main groups of ``subclass`` ranked by title similarity; score = subclass score × share of similarity."""
    assert classifier.group_vectors is not None
    lo = np.searchsorted(classifier.groups, subclass)
    hi = np.searchsorted(classifier.groups, subclass + "~")
    if lo == hi:
        return []
    sims = (classifier.group_vectors[lo:hi] @ vector.T).toarray().ravel()
    order = np.argsort(-sims, kind="stable")[:limit]
    total = float(sims[order].sum()) or 1.0
    result = []
    for i in order:
        code = classifier.groups[lo + i]
        zh, en = classifier.title(code)
        result.append(Suggestion(code, score * float(sims[i]) / total, zh, en))
    return result


def flat_suggestions(suggestions: list[Suggestion], level: str) -> list[Suggestion]:
    """The list a caller asked for: subclasses, or the main groups under them in rank order."""
    if level != "group":
        return suggestions
    groups = [g for s in suggestions for g in s.groups]
    return sorted(groups, key=lambda g: -g.score)


def decided_subclasses(classifier: Classifier, text: str) -> list[str]:
    """The decision rule's set of subclasses for one text (what micro-F1 is measured on)."""
    return classifier.model.decide(classifier.model.scores([text])[0])


# ---------------------------------------------------------------------------------------------- requests


def classify_text(
    text: str, *, top: int = 3, level: str = "subclass", models: Path | None = None
) -> Classification:
    """Suggestions for one text (`classify "TEXT"`). A blank text is refused before any model is loaded."""
    if not text.strip():
        raise BadInput('give a text to classify (ipcenter classify "一种……") or --input FILE.tsv')
    classifier = load_model(models)
    why = unusable_reason(classifier, text)
    if why is not None:
        raise BadInput(f"cannot classify {text[:40]!r}: {why}")
    suggestions = suggest(classifier, [text], top=top, level=level)[0]
    return Classification(
        text=text,
        level=level,
        suggestions=flat_suggestions(suggestions, level),
        decided_subclasses=decided_subclasses(classifier, text),
    )


def classify_rows(
    rows: Sequence[tuple[str, str]], *, top: int = 3, level: str = "subclass", models: Path | None = None
) -> list[dict[str, Any]]:
    """``{"id", "suggestions"}`` per (id, text) row, in order; blank texts get no suggestions."""
    classifier = load_model(models)
    results: list[dict[str, Any]] = []
    batch = 256  # bounded memory: the scheme matcher holds a dense row per text
    for start in range(0, len(rows), batch):
        chunk = rows[start : start + batch]
        texts = [t or "" for _, t in chunk]
        for (row_id, _), suggestions in zip(
            chunk, suggest(classifier, texts, top=top, level=level), strict=True
        ):
            shown = flat_suggestions(suggestions, level)
            results.append({"id": row_id, "suggestions": [s.to_dict(with_groups=False) for s in shown]})
    return results


def classify_file(
    path: Path, *, top: int = 3, level: str = "subclass", models: Path | None = None
) -> list[dict[str, Any]]:
    """`classify_rows` of a TSV with columns ``id`` and ``text`` (`BadInput` when it is not one)."""
    return classify_rows(list(classify_data.iter_tsv_inputs(path)), top=top, level=level, models=models)
