"""The IPC subclass classifier: TF-IDF features, one-vs-rest linear SVMs, Platt-calibrated scores.

Features: character 1–3-grams (work for Chinese and English alike; n-grams in fewer than ``min_df``
training texts dropped), TF-IDF with sublinear term frequency, L2-normalised. ``jieba`` words can be added
(``words=True``); measured, they did not help on Chinese titles and cost training time, so they are off.
Classifier: one linear SVM per subclass (``LinearSVC``, deterministic liblinear dual solver).
Scores: one sigmoid ``1 / (1 + exp(-(a·d + b)))`` fitted on out-of-fold decision values ``d`` (Platt
scaling, one pair for all subclasses, because most subclasses have too few examples for their own).

Two more scorers are blended with the SVM's decision values (each standardised per text, then added at
``blend`` weights), because each measurably adds what titles alone lack (docs/benchmarks.md, classify):
- ``SchemeMatcher``: zero-shot — a subclass scores the best cosine between the text and any of its IPC
  (sub)group titles, Chinese and English, so the ~151 k scheme lines vouch for their subclass directly;
- ``SentenceRidge``: ridge regression from multilingual sentence vectors (``ipcenter.encoder``: USE, Chinese
  and English in one space) to the subclasses, so English text profits from the Chinese training titles.

Decision rule (for micro-F1, a set of subclasses per text): the top-ranked subclass always, plus every
other subclass whose calibrated score is at least ``threshold``, plus a subclass that co-occurs with
the top one in at least ``pair_share`` of training examples (e.g. A61K → A61P) — both chosen by inner CV.
"""

from __future__ import annotations

import logging
import math
import unicodedata
import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy.sparse import csr_matrix, hstack

if TYPE_CHECKING:  # scikit-learn is imported where it is used: it costs ~2 s, and every CLI call imports this
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.multiclass import OneVsRestClassifier

SEED = 20260101


def normalize_text(text: str) -> str:
    """NFKC (full-width → half-width), lower case, collapsed whitespace."""
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


def _words(text: str) -> list[str]:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return [w for w in jieba.lcut(text) if w.strip()]


@dataclass
class TextFeatures:
    """Character n-gram + word TF-IDF, fitted once on the training texts."""

    max_ngram: int = 3
    min_df: int = 2
    use_words: bool = False
    chars: TfidfVectorizer | None = None
    words: TfidfVectorizer | None = None

    def fit_transform(self, texts: Sequence[str]) -> csr_matrix:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.preprocessing import normalize

        self.chars = TfidfVectorizer(
            analyzer="char",
            ngram_range=(1, self.max_ngram),
            min_df=self.min_df,
            sublinear_tf=True,
            dtype=np.float32,
        )
        norm = [normalize_text(t) for t in texts]
        parts = [self.chars.fit_transform(norm)]
        if self.use_words:
            self.words = TfidfVectorizer(
                tokenizer=_words,
                token_pattern=None,
                lowercase=False,
                min_df=self.min_df,
                sublinear_tf=True,
                dtype=np.float32,
            )
            parts.append(self.words.fit_transform(norm))
        return normalize(hstack(parts).tocsr())

    def transform(self, texts: Sequence[str]) -> csr_matrix:
        from sklearn.preprocessing import normalize

        assert self.chars is not None, "features are not fitted"
        norm = [normalize_text(t) for t in texts]
        parts = [self.chars.transform(norm)]
        if self.words is not None:
            parts.append(self.words.transform(norm))
        return normalize(hstack(parts).tocsr())

    @property
    def size(self) -> int:
        assert self.chars is not None, "features are not fitted"
        return len(self.chars.vocabulary_) + (len(self.words.vocabulary_) if self.words is not None else 0)


def standardised_rows(values: np.ndarray) -> np.ndarray:
    """Each row to mean 0 and standard deviation 1, so scorers on different scales can be added."""
    std = values.std(axis=1, keepdims=True)
    std[std == 0] = 1.0
    out: np.ndarray = (values - values.mean(axis=1, keepdims=True)) / std
    return out


@dataclass
class SchemeMatcher:
    """Zero-shot scores from the IPC scheme: per subclass, the best cosine between a text's TF-IDF vector and
    the titles of the subclass's main groups and subgroups (Chinese and English)."""

    title_vectors: csr_matrix  # (features, titles), columns sorted by subclass
    starts: np.ndarray  # first column of each run of one subclass (for np.maximum.reduceat)
    columns: np.ndarray  # the class index of each run
    n_classes: int

    @classmethod
    def build(
        cls, features: TextFeatures, classes: Sequence[str], titles: Sequence[tuple[str, str]]
    ) -> SchemeMatcher:
        index = {c: i for i, c in enumerate(classes)}
        kept = sorted(((index[sub], text) for sub, text in titles if sub in index), key=lambda it: it[0])
        class_of = np.array([k for k, _ in kept], dtype=np.int64)
        vectors = features.transform([t for _, t in kept]).T.tocsr().astype(np.float32)
        starts = np.flatnonzero(np.r_[True, class_of[1:] != class_of[:-1]]) if len(kept) else np.zeros(0, int)
        return cls(vectors, starts, class_of[starts], len(classes))

    def scores(self, x: csr_matrix, chunk: int = 64) -> np.ndarray:
        out = np.zeros((x.shape[0], self.n_classes), dtype=np.float32)
        if not len(self.starts):
            return out
        for lo in range(
            0, x.shape[0], chunk
        ):  # chunks: a dense row of ~151 k title cosines per text (~39 MB a chunk)
            sims = np.asarray((x[lo : lo + chunk] @ self.title_vectors).toarray(), dtype=np.float32)
            out[lo : lo + chunk, self.columns] = np.maximum.reduceat(sims, self.starts, axis=1)
        return out


@dataclass
class SentenceRidge:
    """Ridge regression from sentence vectors to the subclasses (targets ±1): closed form, deterministic,
    under a second for ~9 k vectors — a one-vs-rest SVM on the same vectors measured slightly better (+1
    hit@3 on fold 0) but took ~140 s, which the 10-minute training budget with inner CV cannot afford."""

    weights: np.ndarray  # (dimensions, classes) float32
    intercepts: np.ndarray

    @classmethod
    def fit(cls, vectors: np.ndarray, y: np.ndarray, alpha: float = 0.3) -> SentenceRidge:
        from sklearn.linear_model import Ridge

        ridge = Ridge(alpha=alpha).fit(vectors, 2.0 * y - 1.0)
        return cls(ridge.coef_.T.astype(np.float32), np.asarray(ridge.intercept_, dtype=np.float32))

    def scores(self, vectors: np.ndarray) -> np.ndarray:
        out: np.ndarray = vectors @ self.weights + self.intercepts
        return out


def encode_sentences(texts: Sequence[str]) -> np.ndarray:
    from ipcenter.encoder import default_encoder

    return default_encoder().encode(list(texts))


@dataclass
class SubclassModel:
    """A fitted classifier over IPC subclasses; ``scores`` gives calibrated scores per subclass."""

    c: float = 1.0
    method: str = "svm"  # "svm": one-vs-rest LinearSVC; "centroid": the quick nearest-centroid model
    n_jobs: int | None = None  # parallel one-vs-rest fits (training only)
    features: TextFeatures = field(default_factory=TextFeatures)
    classes: list[str] = field(default_factory=list)
    prune: float = 0.01  # weights with |w| below this are dropped (sparse storage; see stack_weights)
    svm: OneVsRestClassifier | None = None  # dropped after fit: weights and intercepts below serve
    weights: csr_matrix | None = None  # (features, classes), float32, sparse: one product scores all
    intercepts: np.ndarray | None = None
    platt: tuple[float, float] = (2.0, 0.0)  # a, b of the sigmoid on decision values
    threshold: float = 0.5  # calibrated score for a subclass after the first to be kept (decision rule)
    pair_share: float = 1.1  # > 1 disables the co-occurrence rule
    pairs: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    info: dict[str, Any] = field(default_factory=dict)
    scheme: SchemeMatcher | None = None  # zero-shot scheme-title scores, blended (full model only)
    sentence: SentenceRidge | None = None  # sentence-vector scores, blended (full model only)
    #: weights of the scheme and sentence scores beside the SVM's (all standardised per text); chosen on
    #: fold 0 of the benchmark (docs/benchmarks.md), so fold 0's figures carry that choice
    blend: tuple[float, float] = (0.3, 0.5)

    # ------------------------------------------------------------------ training

    def fit(
        self,
        texts: Sequence[str],
        labels: Sequence[Sequence[str]],
        *,
        scheme_titles: Sequence[tuple[str, str]] = (),
        vectors: np.ndarray | None = None,
        vector_rows: Sequence[int] | None = None,
    ) -> SubclassModel:
        """``scheme_titles``: (subclass, title) lines for the ``SchemeMatcher``; ``vectors``: sentence vectors of
        the rows ``vector_rows`` of ``texts`` (all rows when None) for the ``SentenceRidge``. Either is
        optional; the centroid (quick) method uses neither."""
        from sklearn.multiclass import OneVsRestClassifier
        from sklearn.preprocessing import MultiLabelBinarizer
        from sklearn.svm import LinearSVC

        binarizer = MultiLabelBinarizer()
        y = binarizer.fit_transform(labels)
        self.classes = [str(c) for c in binarizer.classes_]
        x = self.features.fit_transform(texts)
        if self.method == "centroid":
            self._fit_centroids(x, y)
            self.pairs = cooccurrence(labels)
            return self
        self.svm = OneVsRestClassifier(LinearSVC(C=self.c, random_state=SEED), n_jobs=self.n_jobs)
        with warnings.catch_warnings():  # a subclass present in every example of a tiny subset
            warnings.simplefilter("ignore", UserWarning)
            self.svm.fit(x, y)
        self.stack_weights()
        self.pairs = cooccurrence(labels)
        if scheme_titles:
            self.scheme = SchemeMatcher.build(self.features, self.classes, scheme_titles)
        if vectors is not None:
            rows = np.arange(len(texts)) if vector_rows is None else np.asarray(vector_rows)
            self.sentence = SentenceRidge.fit(vectors, y[rows].astype(np.float32))
        return self

    def _fit_centroids(self, x: csr_matrix, y: np.ndarray) -> None:
        """The quick model: each subclass's weight vector is the L2-normalised sum of its examples' vectors
        (nearest centroid by cosine; one sparse product, seconds instead of ~650 SVM fits)."""
        sums = np.asarray((x.T @ csr_matrix(y.astype(np.float32))).toarray(), dtype=np.float32)
        norms = np.linalg.norm(sums, axis=0, keepdims=True)
        norms[norms == 0] = 1.0
        weights = sums / norms
        weights[np.abs(weights) < self.prune] = 0.0
        self.weights = csr_matrix(weights)
        self.intercepts = np.zeros(len(self.classes), dtype=np.float32)

    def stack_weights(self) -> None:
        """One weight matrix instead of one estimator per subclass: a single text is scored by one sparse
        product (~ms) instead of a Python loop over ~650 estimators (~1.4 s measured). Weights below
        ``prune`` in absolute value are dropped and the matrix is stored sparse (float32): most of a
        subclass's weights are tiny, and dropping them keeps the model file small."""
        assert self.svm is not None
        n_features = self.features.size
        weights = np.zeros((n_features, len(self.classes)), dtype=np.float32)
        intercepts = np.zeros(len(self.classes), dtype=np.float32)
        for j, estimator in enumerate(self.svm.estimators_):
            if hasattr(estimator, "coef_"):
                weights[:, j] = estimator.coef_.ravel()
                intercepts[j] = float(np.ravel(estimator.intercept_)[0])
            else:  # a constant predictor (subclass on every or no example of a tiny training set)
                intercepts[j] = 10.0 if float(np.ravel(estimator.y_)[0]) > 0 else -10.0
        weights[np.abs(weights) < self.prune] = 0.0
        self.weights, self.intercepts = csr_matrix(weights), intercepts
        self.svm = None

    def decision(self, texts: Sequence[str], vectors: np.ndarray | None = None) -> np.ndarray:
        """Decision values, one row per text: the SVM's, or the blend with the scheme and sentence scores.
        ``vectors``: the texts' sentence vectors when already computed (else they are encoded here)."""
        assert self.weights is not None and self.intercepts is not None, "model is not fitted"
        x = self.features.transform(texts)
        values: np.ndarray = np.asarray((x @ self.weights).toarray(), dtype=np.float32) + self.intercepts
        values = values.reshape(len(texts), -1)
        if (self.scheme is None and self.sentence is None) or not len(texts):
            return values
        scheme_weight, sentence_weight = self.blend
        blended = standardised_rows(values)
        if self.scheme is not None:
            blended += scheme_weight * standardised_rows(self.scheme.scores(x))
        if self.sentence is not None:
            vectors = encode_sentences(texts) if vectors is None else vectors
            blended += sentence_weight * standardised_rows(self.sentence.scores(vectors))
        return blended

    def calibrate(self, values: np.ndarray) -> np.ndarray:
        a, b = self.platt
        return 1.0 / (1.0 + np.exp(-(a * values + b)))

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        """Calibrated scores, one row per text, one column per ``classes`` entry."""
        return self.calibrate(self.decision(texts))

    # ------------------------------------------------------------------ decisions

    def ranked(self, row: np.ndarray, top: int) -> list[tuple[str, float]]:
        order = np.argsort(-row, kind="stable")[:top]
        return [(self.classes[i], float(row[i])) for i in order]

    def decide(self, row: np.ndarray) -> list[str]:
        """The decision rule: top-1, plus scores ≥ threshold, plus the top-1's frequent companion."""
        return decide(self.ranked(row, 10), self.threshold, self.pairs, self.pair_share)


def decide(
    ranked: list[tuple[str, float]],
    threshold: float,
    pairs: dict[str, list[tuple[str, float]]],
    pair_share: float,
) -> list[str]:
    if not ranked:
        return []
    first = ranked[0][0]
    chosen = [first] + [code for code, score in ranked[1:] if score >= threshold]
    for code, share in pairs.get(first, []):
        if share >= pair_share and code not in chosen:
            chosen.append(code)
    return chosen


def cooccurrence(labels: Sequence[Sequence[str]], min_count: int = 5) -> dict[str, list[tuple[str, float]]]:
    """For each subclass seen at least ``min_count`` times, the share of its examples that also carry
    each other subclass (only shares ≥ 0.3 kept)."""
    single: Counter[str] = Counter()
    joint: Counter[tuple[str, str]] = Counter()
    for codes in labels:
        unique = sorted(set(codes))
        single.update(unique)
        joint.update((a, b) for a in unique for b in unique if a != b)
    pairs: dict[str, list[tuple[str, float]]] = {}
    for (a, b), n in joint.items():
        if single[a] >= min_count and n / single[a] >= 0.3:
            pairs.setdefault(a, []).append((b, n / single[a]))
    for companions in pairs.values():
        companions.sort(key=lambda cs: -cs[1])
    return pairs


def fit_platt(values: np.ndarray, truth: np.ndarray) -> tuple[float, float]:
    """Sigmoid a, b on decision values (flattened top candidates) by logistic regression."""
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(C=100.0, random_state=SEED).fit(values.reshape(-1, 1), truth.reshape(-1))
    return float(lr.coef_[0, 0]), float(lr.intercept_[0])


def hits(ranked: list[str], truth: set[str], k: int) -> bool:
    return bool(set(ranked[:k]) & truth)


def micro_f1(predicted: Sequence[Sequence[str]], truth: Sequence[Sequence[str]]) -> float:
    tp = fp = fn = 0
    for pred, true in zip(predicted, truth, strict=True):
        p, t = set(pred), set(true)
        tp += len(p & t)
        fp += len(p - t)
        fn += len(t - p)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))
