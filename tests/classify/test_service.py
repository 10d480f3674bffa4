"""Suggestions and scope checks on real data (model from the session fixture: CN folds 1–2 only)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from ipcenter.classify import data as classify_data
from ipcenter.classify import service
from ipcenter.classify.errors import ModelMissing
from ipcenter.classify.model import cooccurrence, decide, micro_f1


def test_unseen_titles_rank_a_true_subclass_in_the_top_three_most_of_the_time(
    small_classifier, cn_examples, small_subclasses
):
    known = set(small_subclasses["seen"])
    held_out = [e for e in cn_examples if e.fold == 4 and set(e.subclasses) <= known][:500]
    scores = small_classifier.model.scores([e.text for e in held_out])
    top3 = [[c for c, _ in small_classifier.model.ranked(row, 3)] for row in scores]
    hit3 = np.mean([bool(set(t) & set(e.subclasses)) for t, e in zip(top3, held_out, strict=True)])
    hit1 = np.mean([t[0] in e.subclasses for t, e in zip(top3, held_out, strict=True)])
    # Half the titles, ~60 subclasses; the full model is measured in benchmarks/. A broken model scores near 0.
    assert hit3 >= 0.75
    assert hit1 >= 0.5


def test_suggestions_are_normalised_ranked_and_titled(small_classifier):
    [suggestions] = service.suggest(small_classifier, ["一种轴流送风机的叶轮"], top=5)
    assert len(suggestions) == 5
    assert suggestions[0].code == "F04D"
    scores = [s.score for s in suggestions]
    assert scores == sorted(scores, reverse=True) and all(0 <= s <= 1 for s in scores)
    assert suggestions[0].title_zh and "泵" in suggestions[0].title_zh
    assert suggestions[0].title_en and "PUMP" in suggestions[0].title_en.upper()


def test_english_text_is_classified(small_classifier):
    [suggestions] = service.suggest(
        small_classifier, ["Lithium ion battery electrode with a silicon anode active material"], top=3
    )
    assert "H01M" in [s.code for s in suggestions]


def test_group_level_suggests_main_groups_under_the_subclass(small_classifier):
    [suggestions] = service.suggest(small_classifier, ["轴流风机的叶片"], top=2, level="group")
    groups = service.flat_suggestions(suggestions, "group")
    assert groups and all("/" in g.code and g.code.endswith("/00") for g in groups)
    fan = [g for g in suggestions[0].groups]
    assert suggestions[0].code == "F04D" and fan[0].code.startswith("F04D")
    assert sum(g.score for g in fan) == pytest.approx(suggestions[0].score, rel=1e-6)


def test_a_subclass_absent_from_training_titles_can_be_suggested(
    small_classifier, small_subclasses, ipc_titles
):
    found = 0
    for code in small_subclasses["unseen"]:  # no CN title of folds 1–2 carries these
        text = classify_data.clean_title(ipc_titles.zh[code])
        [suggestions] = service.suggest(small_classifier, [text], top=3)
        found += code in [s.code for s in suggestions]
    assert found >= 4


def test_decision_rule_adds_threshold_labels_and_companions():
    ranked = [("A61K", 0.9), ("A61P", 0.2), ("C12N", 0.6)]
    pairs = cooccurrence([["A61K", "A61P"]] * 9 + [["A61K"]] * 1)
    assert decide(ranked, 0.5, pairs, 1.1) == ["A61K", "C12N"]
    assert decide(ranked, 0.5, pairs, 0.8) == ["A61K", "C12N", "A61P"]
    assert micro_f1([["A61K", "C12N"]], [["A61K", "A61P"]]) == pytest.approx(0.5)


def test_missing_model_says_how_to_train(tmp_path):
    with pytest.raises(ModelMissing, match="ipcenter classify train"):
        service.load_classifier(tmp_path)


def test_saved_model_gives_the_same_scores(small_classifier, model_dir):
    loaded = service.load_classifier(model_dir)
    text = ["一种茶叶萎凋处理设备"]
    assert np.allclose(loaded.model.scores(text), small_classifier.model.scores(text))


def test_scheme_matcher_scores_a_subclass_by_its_best_title(small_classifier, data_dir):
    """The zero-shot scorer: a subclass's score is the best cosine between the text and any of its scheme
    titles — checked against a brute-force cosine over the real titles of the model's subclasses."""
    model = small_classifier.model
    assert model.scheme is not None and model.sentence is not None
    lines = [(sub, t) for sub, t in classify_data.scheme_title_lines(data_dir) if sub in set(model.classes)]
    texts = ["一种轴流风机的叶片", "Lithium ion battery electrode", "一种茶叶萎凋处理设备"]
    x = model.features.transform(texts)
    got = model.scheme.scores(x)
    title_vectors = model.features.transform([t for _, t in lines])
    sims = (x @ title_vectors.T).toarray()
    for j, code in enumerate(model.classes):
        columns = [i for i, (sub, _) in enumerate(lines) if sub == code]
        expected = sims[:, columns].max(axis=1) if columns else np.zeros(len(texts))
        assert np.allclose(got[:, j], expected, atol=1e-5), code
    # A text worded as one of F04D's titles scores F04D at (about) 1.
    f04d = next(t for sub, t in lines if sub == "F04D" and len(t) > 6)
    assert model.scheme.scores(model.features.transform([f04d]))[0, model.classes.index("F04D")] > 0.99


def test_a_model_trained_before_display_titles_shows_clean_ones(small_classifier, ipc_titles, tmp_path):
    """Models written before titles were cleaned (their meta has no "titles") are cleaned on load, so a
    7-minute full model does not have to be trained again to lose the scheme markers."""
    old = dataclasses.replace(
        small_classifier,
        titles_zh=dict(ipc_titles.source_zh),
        titles_en=dict(ipc_titles.source_en),
        meta={k: v for k, v in small_classifier.meta.items() if k != "titles"},
    )
    service.save_classifier(old, tmp_path)
    loaded = service.load_classifier(tmp_path)
    assert loaded.titles_zh == ipc_titles.zh and loaded.titles_en == ipc_titles.en
    assert loaded.title("H01M")[0] == "用于直接转变化学能为电能的方法或装置，例如电池组"
    assert small_classifier.meta["titles"] == service.DISPLAY_TITLES  # new models are clean when built


def test_texts_without_words_are_not_classified(small_classifier):
    assert service.unusable_reason(small_classifier, "一种轴流送风机") is None
    assert "empty" in service.unusable_reason(small_classifier, " \n")
    assert "no words" in service.unusable_reason(small_classifier, "？？？ 123 !!!")
    # Cyrillic: the sentence scorer reads it; a characters-only model (the quick one) has nothing to go on.
    assert service.unusable_reason(small_classifier, "электрическая батарея") is None
    chars_only = dataclasses.replace(
        small_classifier, model=dataclasses.replace(small_classifier.model, sentence=None)
    )
    assert "none of its letters" in service.unusable_reason(chars_only, "электрическая батарея")
    assert service.suggest(chars_only, ["электрическая батарея", "轴流送风机"], top=2)[0] == []
