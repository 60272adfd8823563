"""Conduct → sanction items: the base range blanked, the ladder shown, wrong ranges that fit nowhere nearby."""

from __future__ import annotations

from pathlib import Path

import pytest

from question_bank.drafts import QuestionType
from question_bank.importing import build_article
from question_bank.sanctions import names, range_pool, sanction_rules, subject_of, wrong_ranges
from question_bank.structure import parse_document

REGULATIONS = Path(__file__).resolve().parent / "data" / "regulations"
GAMBLING = ("第三十二条 参与赌博的，给予警告或者记过处分；情节较重的，给予记大过或者降级处分；情节严重的，"
            "给予撤职或者开除处分。\n\n挪用公款赌博的，给予撤职或者开除处分。\n\n有前款第(三)项行为的，给予开除处分。\n")


def _article(name: str):  # type: ignore[no-untyped-def]
    path = next(REGULATIONS.glob(f"{name}*.md"))
    return parse_document(path.read_bytes(), filename=path.name)[0]


def test_rules_take_the_base_range_and_keep_the_ladder_as_context() -> None:
    article = _article("gongwuyuan")
    rules = [r for rs in sanction_rules(article.text, article.topics, law="《条例》") for r in rs]
    gambling = next(r for r in rules if r.conduct == "参与赌博的")
    assert gambling.base == "警告或者记过" and gambling.provision.endswith("第三十二条")
    assert gambling.rest.startswith("；情节较重的，给予记大过或者降级处分")
    embezzling = next(r for r in rules if r.conduct == "挪用公款赌博的")
    assert embezzling.base == "撤职或者开除"
    assert not any("前款" in r.conduct or r.conduct.startswith("其他") for r in rules)
    # 非法出境 is item (六) of 第十八条 but draws 开除 by the article's own later 款: never asked with the list's range
    assert not any("非法出境" in r.conduct for r in rules)


def test_wrong_ranges_are_never_a_tier_of_the_same_article_nor_half_the_key() -> None:
    import random

    article = _article("gongwuyuan")
    rules = [r for rs in sanction_rules(article.text, article.topics, law="《条例》") for r in rs]
    pool = range_pool(article.text)
    for rule in rules:
        key = names(rule.base)
        for option in wrong_ranges(rule, pool, rng=random.Random(0)):  # a 判断's false range
            assert not any(names(option) <= tier for tier in rule.nearby)  # never a tier, nor inside one
            assert not names(option) <= key and not key <= names(option)
            assert not names(option) <= key | rule.heavier  # never what the conduct draws when serious
        for option in wrong_ranges(rule, pool, rng=random.Random(0), strict=False):  # a 单选's wrong option
            assert names(option) != key and not (names(option) < key and len(names(option)) == 1)
            assert names(option) < key or not names(option) <= key | rule.heavier
    superstition = next(r for r in rules if r.conduct.startswith("参与迷信"))  # 组织迷信: 降级或者撤职, 严重开除
    assert "降级、撤职或者开除" not in wrong_ranges(superstition, pool, rng=random.Random(0), strict=False)


def test_subject_is_the_person_the_regulation_names_most() -> None:
    assert subject_of(_article("gongwuyuan").text) == "行政机关公务员"
    assert subject_of(_article("zhengwu").text) == "公职人员"
    assert subject_of(GAMBLING) == ""


@pytest.mark.parametrize("name", ["gongwuyuan", "zhengwu"])
def test_discipline_regulations_ask_which_conduct_draws_which_sanction(name: str) -> None:
    built = build_article(_article(name))
    items = [q for t in built.topics for q in t.questions if q.key.startswith("sanction") and not q.review]
    singles = [q for q in items if q.type is QuestionType.SINGLE]
    judges = [q for q in items if q.type is QuestionType.JUDGE]
    assert len(singles) >= 2 and len(judges) >= 10
    assert not {q.point for q in singles} & {q.point for q in judges}  # one item per conduct: twins answer each other
    assert 0.3 <= sum(q.answer is True for q in judges) / len(judges) <= 0.7
    assert len({q.difficulty for q in judges}) == 1  # the difficulty never tells a true 判断 from a false one
    for q in singles:
        assert q.options is not None and q.options[q.answer] == q.answer_text
        assert "（  ）" in q.stem and q.answer_text not in q.stem.split("（  ）")[0][-4:]
        assert len(q.stem) <= 130 and q.explanation.startswith("依据")
        if "分别给予" in q.stem:  # a whole ladder asked: every option a ladder of the same shape
            assert len({o.count("；") for o in q.options}) == 1
    stems = [q.stem for q in singles]
    assert len(set(stems)) == len(stems)
