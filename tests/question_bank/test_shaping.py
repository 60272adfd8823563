"""Tests for question_bank/shaping.py: the mix of a real test, one item of a type per knowledge point."""

from __future__ import annotations

from question_bank.drafts import QuestionType
from question_bank.item_drafts import FlashcardDraft, QuestionDraft
from question_bank.shaping import Mix, plan, shape


def _question(point: str, qtype: QuestionType, *, answer: object = 0, review: str = "") -> QuestionDraft:
    return QuestionDraft(key=f"{point}-{qtype}", type=qtype, stem=f"{point}{qtype}", options=None, answer=answer,
                         answer_text="", explanation="", quote="q", start=0, end=1, point=point, review=review)


def test_plan_keeps_every_share_within_the_mix() -> None:
    counts = plan({"single": 80, "multiple": 50, "judge": 60, "blank": 40, "order_match": 5})
    assert counts is not None
    total = counts.single + counts.multiple + counts.judge + counts.blank + counts.order_match
    mix = Mix()
    assert counts.single >= mix.single_min * total and counts.multiple >= mix.multiple_min * total
    assert mix.judge_min * total <= counts.judge <= mix.judge_max * total and counts.blank <= mix.blank_max * total


def test_one_item_of_a_type_per_point_and_review_items_kept_apart() -> None:
    topic = [_question("a", QuestionType.SINGLE), _question("a", QuestionType.SINGLE),
             _question("b", QuestionType.JUDGE, answer=True, review="原文疑似重复")]
    shaped, _ = shape([topic], [[]])
    assert [(q.point, q.type) for q in shaped[0]] == [("a", QuestionType.SINGLE), ("b", QuestionType.JUDGE)]


def test_cards_keep_one_back_each_and_short_backs() -> None:
    card = FlashcardDraft(key="k", front="f", back="六个月", quote="q", start=0, end=1)
    long = FlashcardDraft(key="l", front="g", back="长" * 61, quote="q", start=0, end=1)
    again = FlashcardDraft(key="m", front="h", back="六个月", quote="q", start=0, end=1)
    _, cards = shape([[]], [[card, long, again]])
    assert cards == [[card]]
