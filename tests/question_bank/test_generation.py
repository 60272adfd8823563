"""Tests for question_bank/generation.py."""

from __future__ import annotations

import pytest

from question_bank.builtin import RAW_SOURCE
from question_bank.drafts import ArticleDraft, QuestionType
from question_bank.generation import TopicItems, distractor_pool, generate_topic
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
    assert by_type == set(QuestionType)
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
