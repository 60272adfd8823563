"""Tests for question_bank/generation.py."""

from __future__ import annotations

import pytest

from question_bank.builtin import RAW_SOURCE
from question_bank.drafts import ArticleDraft, QuestionType
from question_bank.generation import QuestionDraft, TopicItems, distractor_pool, generate_topic
from question_bank.knowledge import extract_knowledge
from question_bank.structure import parse_document


@pytest.fixture(scope="module")
def interview() -> ArticleDraft:
    return parse_document(RAW_SOURCE.read_bytes(), filename=RAW_SOURCE.name)[0]


def generate(article: ArticleDraft, title: str, seed: int = 0) -> TopicItems:
    points = {t: extract_knowledge(t, text=article.text) for t in article.topics}
    pool = distractor_pool([p for ps in points.values() for p in ps], text=article.text)
    topic = next(t for t in article.topics if t.title == title)
    return generate_topic(topic, text=article.text, points=points[topic], pool=pool, seed=seed)


def test_same_input_and_seed_give_the_same_items(interview: ArticleDraft) -> None:
    assert generate(interview, "巡视工作原则", 7) == generate(interview, "巡视工作原则", 7)


def test_principles_topic_yields_every_type_with_sound_keys(interview: ArticleDraft) -> None:
    items = generate(interview, "巡视工作原则")
    by_type = {q.type for q in items.questions}
    # no other list of the document reads like a principle (坚持……), so no multiple choice offers wrong ones
    assert by_type == set(QuestionType) - {QuestionType.MULTIPLE}
    principles = ["坚持党中央集中统一领导、分级负责", "坚持围绕中心、服务大局", "坚持人民立场、贯彻群众路线",
                  "坚持问题导向、发扬斗争精神", "坚持实事求是、依规依纪依法"]
    order = next(q for q in items.questions if q.type is QuestionType.ORDER)
    assert order.options is not None and [order.options[i] for i in order.answer] == principles
    match = next(q for q in items.questions if q.type is QuestionType.MATCH)
    assert match.options == ("一是", "二是", "三是", "四是", "五是") and match.answer == principles
    for q in items.questions:
        assert interview.text[q.start:q.end] == q.quote
        assert q.explanation.startswith("依据原文：“")
        if q.type is QuestionType.SINGLE and "不在" not in q.stem and "括号" not in q.stem:
            assert q.options is not None and q.options[q.answer] in principles
            assert sum(o in principles for o in q.options) == 1
    assert any(c.front.startswith("这次修订《条例》，明确了巡视工作应当遵循的5项原则") or "5项原则" in c.front
               for c in items.flashcards)


def test_change_gives_accepted_variants_and_the_old_value_as_distractor(interview: ArticleDraft) -> None:
    items = generate(interview, "巡视整改和成果运用")
    blank = next(q for q in items.questions if q.type is QuestionType.BLANK and q.answer_text == "6个月")
    assert blank.answer == [["6个月", "6", "六", "六个月"]] and "（  ）" in blank.stem
    single = next(q for q in items.questions if q.key.endswith("single-new"))
    assert single.options is not None
    assert single.options[single.answer] == "6个月" and "2个月" in single.options
    old = next(q for q in items.questions if q.key.endswith("judge-old"))
    assert old.answer is False and "2个月" in old.stem


def test_every_topic_gets_a_topic_card_with_the_gist(interview: ArticleDraft) -> None:
    items = generate(interview, "巡视工作原则")
    card = next(c for c in items.flashcards if c.key == "topic")
    assert card.front == "《条例》对巡视工作原则有什么规定？"
    assert card.back.startswith("一是坚持党中央集中统一领导") and len(card.back) < 200


def test_no_stem_opens_with_a_verb_that_has_lost_its_subject(interview: ArticleDraft) -> None:
    import re

    stems = [q.stem for topic in interview.topics for q in generate(interview, topic.title).questions]
    assert stems
    assert [s for s in stems if re.match(r"(明确了|明确|规定了|规定|提出|强调|新增)", s)] == []


def _all_questions(article: ArticleDraft) -> list[QuestionDraft]:
    return [q for topic in article.topics for q in generate(article, topic.title).questions]


def test_every_stem_stands_alone(interview: ArticleDraft) -> None:
    """No stem starts mid-sentence (……), with a list ordinal (四是), a bare verb or a bare demonstrative."""
    import re

    stems = [q.stem.removeprefix("填空：") for q in _all_questions(interview)]
    assert stems
    broken = [s for s in stems if re.match(r"…|[一二三四五六七八九十]是|要|进一步|这一|这些|[^…]{0,24}……[一二三四五]是", s)]
    assert broken == []
    judged = [q.stem for q in _all_questions(interview) if q.type is QuestionType.JUDGE]
    assert judged and not [s for s in judged if s.endswith("……")]  # a statement ends; it does not trail off
    assert any(s.startswith("这次修订《条例》，进一步明确巡视干部应当具备的条件，强调") for s in stems)
    assert any(s.startswith("《条例》关于巡视领导体制和工作机制的规定，有利于") for s in stems)


def test_series_swaps_keep_the_series_shape(interview: ArticleDraft) -> None:
    from question_bank.generation import same_kind

    items = ("严于律己", "严负其责", "严管所辖")
    assert not same_kind("机构职责", "严负其责", items)  # ends in 责 too, but is no 严……
    assert same_kind("纪律关", "能力关", ("政治关", "品行关", "能力关"))
    assert not same_kind("财会", "统计", ("宣传", "统战", "统计", "信访"))  # no shared shape: no swap at all
    stems = [q.stem for q in _all_questions(interview)]
    assert not any("机构职责、严管所辖" in s or "对下级党组织的加强监督" in s for s in stems)
    swapped = [q for q in generate(interview, "巡视加强对“一把手”的监督").questions
               if q.type is QuestionType.JUDGE and "严管所辖" in q.stem]
    assert swapped and all(q.answer is True and "严于律己、严负其责、严管所辖" in q.stem for q in swapped)


def test_list_distractors_are_of_the_list_kind(interview: ArticleDraft) -> None:
    """A wrong option for 5项原则 must itself read like a principle (坚持……); with none such, no choice is made."""
    import re

    from question_bank.knowledge import extract_knowledge

    lists = [p.items for t in interview.topics for p in extract_knowledge(t, text=interview.text) if p.items]
    for q in _all_questions(interview):
        if q.type not in (QuestionType.SINGLE, QuestionType.MULTIPLE) or not re.search("下列属于|不在", q.stem):
            continue
        assert q.options is not None
        keys = [q.options[i] for i in ([q.answer] if q.type is QuestionType.SINGLE else q.answer)]
        inside = [o for o in q.options if o not in keys] if "不在" in q.stem else keys
        home = next(items for items in lists if set(inside) <= set(items))
        assert keys and all(any(o[:2] == i[:2] for i in home) for o in q.options), q.stem
    principles = generate(interview, "巡视工作原则").questions
    assert not [q for q in principles if q.type in (QuestionType.SINGLE, QuestionType.MULTIPLE) and "括号" not in q.stem]
    assert not [q for q in principles if q.type is QuestionType.JUDGE and "其中包括“进一步" in q.stem]


def test_a_false_count_does_not_carry_the_list_that_refutes_it(interview: ArticleDraft) -> None:
    principles = generate(interview, "巡视工作原则").questions
    [false_count] = [q for q in principles if q.type is QuestionType.JUDGE and "4项原则" in q.stem]
    assert false_count.stem == "这次修订《条例》，明确了巡视工作应当遵循的4项原则。" and false_count.answer is False


def test_an_excerpt_does_not_stop_between_a_coverb_phrase_and_its_verb(interview: ArticleDraft) -> None:
    stems = [q.stem for q in generate(interview, "巡察工作").questions if "责任追究等" in q.stem]
    assert stems and all("责任追究等，明确参照《条例》关于巡视工作的规定" in s for s in stems)


def test_two_character_blanks_are_never_half_a_phrase(interview: ArticleDraft) -> None:
    blanks = {q.answer_text: q.stem for q in _all_questions(interview) if q.type is QuestionType.BLANK}
    assert not {"导向", "汇报", "内涵", "职责"} & set(blanks)  # 问题导向, 巡视汇报, 定位内涵, 机构职责
    assert "党章" in blanks  # 以（  ）为根本依据
