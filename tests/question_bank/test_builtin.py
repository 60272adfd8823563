"""Tests for question_bank/builtin: the built-in bank meets the issue's figures and passes the validator."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from question_bank import bank
from question_bank.builtin import ensure_builtin_bank
from question_bank.drafts import QuestionType
from question_bank.validation import Candidate, check


def test_builtin_bank_figures_and_every_item_valid(session_factory: sessionmaker[Session], now: dt.datetime) -> None:
    ensure_builtin_bank(session_factory, now)
    ensure_builtin_bank(session_factory, now)  # idempotent
    with session_factory() as s:
        [document] = bank.list_documents(s)
        text = bank.document_text(s, document.id)
        questions = bank.get_questions(s, bank.question_ids_for(s))
        cards = bank.flashcards_for_topics(s, None)
        assert len(questions) >= 150 and len(cards) >= 60
        per_topic = Counter(q.topic_id for q in questions)
        assert len(document.topics) == 15 and all(per_topic[t.id] >= 6 for t in document.topics)
        assert {q.type for q in questions} == set(QuestionType)
        bodies = {t.id: t.body for t in document.topics}
        for q in questions:
            assert text[q.source.start:q.source.end] == q.source.quote
            candidate = Candidate(type=q.type, stem=q.stem, options=q.options, answer=q.answer,
                                  answer_text=q.answer_text, quote=q.source.quote, start=q.source.start,
                                  end=q.source.end)
            assert check(candidate, document_text=text, topic_text=bodies[q.topic_id]) is None, q.stem
        for c in cards:
            assert text[c.source.start:c.source.end] == c.source.quote and c.front and c.back
        report = bank.validation_report(s, document.id)
        assert report is not None and report["accepted"] == len(questions)


def test_two_builds_export_identically(tmp_path: Path, session_factory: sessionmaker[Session], now: dt.datetime) -> None:
    from foundation.data_dir import sqlite_url
    from foundation.database import make_engine, make_session_factory, upgrade_to_head

    other = make_engine(sqlite_url(tmp_path / "other"))
    (tmp_path / "other").mkdir()
    upgrade_to_head(other)
    exports: list[dict[str, object]] = []
    for factory in (session_factory, make_session_factory(other)):
        ensure_builtin_bank(factory, now + dt.timedelta(hours=len(exports)))
        with factory() as s:
            exports.append(bank.export_bank_json(s))
    other.dispose()
    assert exports[0] == exports[1]
