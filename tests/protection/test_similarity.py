"""Each CNIPA word-mark rule fires on its kind of pair and stays silent on a pair it does not describe; the
verdict lists the rule with its evidence and respects the goods (类似群)."""

from __future__ import annotations

import pytest

from ipcenter.errors import InvalidValue
from ipcenter.protection import characters, nice, similarity
from ipcenter.protection.similarity import compare


def rules_of(a: str, b: str, **kw: object) -> set[str]:
    return {hit.rule for hit in compare(a, b, **kw).rules}  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("rule", "positive", "negative"),
    [
        ("same_characters", ("東方", "东方"), ("东方", "西方")),
        ("same_characters", ("ＳＯＮＹ", "sony"), ("sony", "sonny")),
        ("same_characters_order", ("娃哈哈", "哈哈娃"), ("娃哈哈", "哈娃娃哈")),
        ("pinyin_of_mark", ("联想", "LIANXIANG"), ("联想", "LENOVO")),
        ("pinyin_of_mark", ("三一", "Sanyi"), ("三一", "Sanyo Electric")),
        ("one_character_different", ("康师傅", "康帅傅"), ("康师傅", "统一")),
        ("one_character_different", ("稻香村", "稻香园"), ("稻香村", "桂香园")),  # two characters differ
        ("look_alike", ("大白兔", "大白免"), ("大白兔", "大白鲨")),
        ("look_alike", ("雪碧", "雷碧"), ("雪碧", "可碧")),
        ("sound_and_shape", ("晴天", "情天"), ("晴天", "请客")),
        ("same_meaning", ("快乐", "高兴"), ("快乐", "悲伤")),
        ("doubled", ("宝", "宝宝"), ("宝", "贝贝")),
        ("doubled", ("贝贝", "贝"), ("贝贝", "宝")),
        ("generic_addition", ("英雄", "英雄2000"), ("英雄", "雄鹰2000")),
        ("contains_mark", ("微创", "微创医疗"), ("微创", "创新医疗")),
        ("latin_one_letter", ("Lenovo", "Lenova"), ("Lenovo", "Levono Tech")),
        ("latin_word_order", ("Blue Sky", "Sky Blue"), ("Blue Sky", "Blue Sea")),
    ],
)
def test_each_rule_fires_on_its_pair_only(
    rule: str, positive: tuple[str, str], negative: tuple[str, str]
) -> None:
    assert rule in rules_of(*positive), compare(*positive).to_dict()
    assert rule not in rules_of(*negative), compare(*negative).to_dict()


def test_generic_product_name_from_the_goods_table(data_dir: object) -> None:
    names = nice.tables(data_dir).generic_names  # type: ignore[arg-type]
    assert "咖啡" in names
    verdict = compare("雀巢", "雀巢咖啡", generic_names=names)
    assert verdict.rules[0].rule == "generic_addition"
    assert verdict.rules[0].evidence == {"mark": "雀巢", "added": "咖啡", "kind": "generic name"}


def test_first_character_exception_is_reported_not_fired() -> None:
    # three characters, one different, but the first one's sound and shape both clearly differ
    verdict = compare("红太阳", "金太阳")
    assert "one_character_different" not in {h.rule for h in verdict.rules}
    assert verdict.exceptions and verdict.exceptions[0]["exception"] == "first_character_differs"


def test_verdict_lists_evidence_and_score() -> None:
    verdict = compare("康师傅", "康帅傅")
    assert verdict.similar and verdict.score == 0.8
    hit = next(h for h in verdict.rules if h.rule == "one_character_different")
    assert hit.evidence == {"position": 2, "characters": ["师", "帅"]}
    assert set(verdict.to_dict()) >= {"a", "b", "similar", "score", "rules"}


def test_goods_in_different_classes_are_not_compared() -> None:
    same = nice.goods_relation(["0901"], ["0901"])
    other = nice.goods_relation(["09"], ["35"])
    assert compare("康师傅", "康帅傅", same).similar
    verdict = compare("康师傅", "康帅傅", other)
    assert not verdict.similar and verdict.rules  # the rules still show why the marks resemble each other
    assert nice.goods_relation(["0901"], ["0902"]).relation == "different"
    assert nice.goods_relation(["09"], ["0901"]).relation == "same_class"


def test_unrelated_marks_are_not_similar() -> None:
    for a, b in (("华为", "中兴"), ("茅台", "五粮液"), ("Apple", "Google"), ("遇见", "渝见")):
        assert not compare(a, b).similar, (a, b)


def test_sound_with_and_without_tones() -> None:
    assert characters.syllables("康师傅", tones=True) == ("kang1", "shi1", "fu4")
    assert characters.syllables("康师傅") == ("kang", "shi", "fu")
    assert characters.sound_closeness("shi", "si") == 0.8  # sh/s confused
    assert characters.sound_closeness("lan", "lang") == 0.8
    assert characters.sound_closeness("kang", "fu") == 0.0


def test_shape_from_components() -> None:
    assert characters.shape("晴", "睛").shared == ("青",)
    assert characters.shape("未", "末").score == 0.9
    assert characters.shape("山", "水").score < similarity.LOOK_ALIKE_AT


def test_class_codes_are_checked() -> None:
    assert nice.parse_codes("第9类 35") == ["09", "35"]
    with pytest.raises(Exception, match="does not exist"):
        nice.parse_codes("46")
    with pytest.raises(Exception, match="not a Nice class"):
        nice.parse_codes("x9")


def test_a_mark_without_characters_is_refused() -> None:
    with pytest.raises(InvalidValue, match="no characters"):
        compare("（）", "康师傅")


def test_mixed_marks_are_also_judged_by_their_chinese_part() -> None:
    # 中外文组合商标: the Chinese part is compared on its own, and the hit says so
    verdict = compare("金太阳GOLDSUN", "金太阳")
    assert verdict.similar
    hit = next(h for h in verdict.rules if h.evidence.get("part") == "han")
    assert hit.rule == "same_characters" and hit.evidence["compared"] == ["金太阳", "金太阳"]
    assert hit.label_zh.startswith("中文部分") and hit.label_en.startswith("the Chinese part")
    assert compare("微创MICROPORT", "微创医疗").similar  # the earlier mark inside the other's Chinese part
    # a Latin part alone is not compared this way (a common word shared is no similarity), nor a Chinese
    # part that differs
    assert not compare("良田HOME", "美家HOME").similar
    assert not compare("金太阳GOLDSUN", "蓝海湾").similar
    # marks of one script are unchanged: no part hits
    assert all("part" not in h.evidence for h in compare("微创", "微创医疗").rules)
