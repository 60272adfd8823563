"""Tests for question_bank/generation.py and writers.py: items from propositions, tagged and explained."""

from __future__ import annotations

import pytest

from question_bank.builtin import RAW_SOURCE
from question_bank.drafts import ArticleDraft, QuestionType
from question_bank.generation import generate_article, law_name
from question_bank.structure import parse_document


@pytest.fixture(scope="module")
def interview() -> ArticleDraft:
    return parse_document(RAW_SOURCE.read_bytes(), filename=RAW_SOURCE.name)[0]


def test_every_item_is_tagged_explained_and_deterministic(interview: ArticleDraft) -> None:
    first, again = generate_article(interview, seed=3), generate_article(interview, seed=3)
    assert first == again and law_name(interview) == "《条例》"
    for topic in first.topics:
        for q in topic.questions:
            assert q.point and q.explanation.startswith("依据") and 1 <= q.difficulty <= 3
            assert interview.text[q.start:q.end] == q.quote


def test_explanations_quote_only_the_deciding_clause_and_name_the_old_rule(interview: ArticleDraft) -> None:
    items = [q for t in generate_article(interview).topics for q in t.questions]
    period = next(q for q in items if q.type is QuestionType.SINGLE and q.answer_text == "6个月")
    assert "2个月" in period.options and "“2个月”是原《条例》的规定" in period.explanation  # type: ignore[operator]
    assert "将原《条例》规定的2个月调整为6个月" in period.explanation
    for q in items:
        quoted = q.explanation.split("“", 1)[1].split("”", 1)[0] if "：“" in q.explanation else ""
        assert len(quoted) <= 80


def test_body_duty_pairs_become_who_does_what_items(interview: ArticleDraft) -> None:
    items = [q for t in generate_article(interview).topics for q in t.questions]
    who = next(q for q in items if q.stem.endswith("组织实施的主体是："))
    assert who.options is not None and who.options[who.answer] == "巡视机构"
    match = next(q for q in items if q.type is QuestionType.MATCH and "主体与其职责" in q.stem)
    assert dict(zip(match.options or (), match.answer))["有关职能部门"] == "支持"


def test_a_long_answer_is_asked_as_a_choice_not_a_blank(interview: ArticleDraft) -> None:
    items = [q for t in generate_article(interview).topics for q in t.questions]
    assert any(q.type is QuestionType.SINGLE and q.answer_text == "发现问题、形成震慑，推动改革、促进发展" for q in items)
    assert not any(q.type is QuestionType.BLANK and len(q.answer_text) > 8 for q in items)
