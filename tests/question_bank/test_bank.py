"""Tests for question_bank/bank.py: storing, querying, regeneration and export."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from question_bank import bank
from question_bank.builtin import build_builtin_bank
from question_bank.drafts import QuestionType
from question_bank.importing import regenerate_document
from question_bank.models import QuestionRow


def test_queries_return_frozen_values_that_trace_to_the_text(session_factory: sessionmaker[Session], now: dt.datetime) -> None:
    with session_factory() as s, s.begin():
        build_builtin_bank(s, now=now)
    with session_factory() as s:
        [document] = bank.list_documents(s)
        assert document.builtin and len(document.topics) == 15
        text = bank.document_text(s, document.id)
        topic = document.topics[2]
        assert bank.get_topic(s, topic.id) == topic
        ids = bank.question_ids_for(s, topic_ids=[topic.id], types=[QuestionType.SINGLE])
        order = bank.get_questions(s, ids)[0]
        assert order.type is QuestionType.SINGLE and text[order.source.start:order.source.end] == order.source.quote
        cards = bank.flashcards_for_topics(s, [topic.id])
        assert bank.get_flashcards(s, [c.id for c in cards]) == cards
        cards_here, questions_here = bank.items_for_paragraph(s, document.id, topic.start, topic.end)
        assert {c.topic_id for c in cards_here} == {topic.id}
        assert order in questions_here
        assert bank.question_ids_for(s, topic_ids=[]) == []


def test_regeneration_keeps_edits_and_manual_items_and_retires_vanished(
    session_factory: sessionmaker[Session], now: dt.datetime
) -> None:
    with session_factory() as s, s.begin():
        build_builtin_bank(s, now=now)
        first = s.scalars(select(QuestionRow).order_by(QuestionRow.id)).first()
        assert first is not None
        first.stem, first.edited = "训练员改过的题干：", True
        topic_id = first.topic_id
        s.add(QuestionRow(topic_id=topic_id, key="manual-1", type="judge", stem="手工添加的题目。", answer=True,
                          origin="manual", quote="", status="active"))
        s.add(QuestionRow(topic_id=topic_id, key="old-generated", type="judge", stem="旧版生成的题目。", answer=True,
                          origin="generated", quote="", status="active"))
        edited_id, before = first.id, bank.export_bank_json(s)
    later = now + dt.timedelta(days=1)
    with session_factory() as s, s.begin():
        counts = regenerate_document(s, 1, now=later, seed=0)
    assert counts.retired == 1 and counts.added == 0 and counts.kept == 1
    with session_factory() as s:
        rows = {r.key: r for r in s.scalars(select(QuestionRow).where(QuestionRow.topic_id == topic_id))}
        assert s.get(QuestionRow, edited_id).stem == "训练员改过的题干："  # type: ignore[union-attr]
        assert rows["manual-1"].status == "active" and rows["old-generated"].status == "retired"
        after = bank.export_bank_json(s)
    assert len(after["questions"]) == len(before["questions"]) - 1
    assert after["format"] == "xunxue-bank" and after["version"] == 1
