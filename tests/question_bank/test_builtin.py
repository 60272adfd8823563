"""Tests for question_bank/builtin: the built-in bank meets the issue's figures and passes the validator."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from question_bank import bank
from question_bank.builtin import ensure_builtin_bank
from question_bank.drafts import Flashcard, Question, QuestionType
from question_bank.models import QuestionRow
from question_bank.validation import Candidate, check

FORBIDDEN_IN_STEMS = re.compile(r"原文|一是|二是|……|^#|\n#|^第[一二三四五六七八九十]+章")


@pytest.fixture
def built(session_factory: sessionmaker[Session], now: dt.datetime) -> tuple[list[Question], list[Flashcard]]:
    ensure_builtin_bank(session_factory, now)
    with session_factory() as s:
        return bank.get_questions(s, bank.question_ids_for(s)), bank.flashcards_for_topics(s, None)


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
        assert len(document.topics) == 15
        # the closing answer (学习宣传贯彻《条例》的部署) states one rule, 党中央's call to treat the study as 重要政治任务;
        # the rest of it is the interviewee's exhortation, which no item tests (a question writer rejects it)
        closing = document.topics[-1]
        assert closing.title.startswith("学习宣传贯彻") and per_topic[closing.id] >= 3
        assert all(per_topic[t.id] >= 6 for t in document.topics[:-1])
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
        assert report is not None and report["checked"] >= len(questions)


def test_the_mix_is_that_of_a_real_test(built: tuple[list[Question], list[Flashcard]]) -> None:
    questions, _ = built
    share = {t: n / len(questions) for t, n in Counter(q.type for q in questions).items()}
    assert share[QuestionType.SINGLE] >= 0.35 and share[QuestionType.MULTIPLE] >= 0.20
    assert 0.20 <= share[QuestionType.JUDGE] <= 0.30 and share[QuestionType.BLANK] <= 0.15
    assert share[QuestionType.ORDER] + share[QuestionType.MATCH] <= 0.10
    judges = [q for q in questions if q.type is QuestionType.JUDGE]
    assert 0.40 <= sum(q.answer is True for q in judges) / len(judges) <= 0.60


def test_one_item_of_each_type_per_knowledge_point(session_factory: sessionmaker[Session], now: dt.datetime) -> None:
    ensure_builtin_bank(session_factory, now)
    with session_factory() as s:
        rows = s.execute(select(QuestionRow.point_key, QuestionRow.type)
                         .where(QuestionRow.status.in_(bank.LIVE_STATUSES))).all()
    assert all(point for point, _ in rows)
    assert max(Counter(rows).values()) == 1


def test_no_stem_tests_the_interviews_structure(built: tuple[list[Question], list[Flashcard]]) -> None:
    questions, _ = built
    for q in questions:
        assert not FORBIDDEN_IN_STEMS.search(q.stem), q.stem
        texts = [q.stem, q.answer_text, *(q.options or ())]
        assert not any(re.search(r"\d+个方面|[一二三四五六七八九十]个方面|\d项", t) for t in texts), q.stem


def test_flashcards_are_short_and_distinct(built: tuple[list[Question], list[Flashcard]]) -> None:
    _, cards = built
    assert all(len(c.back) <= 80 for c in cards)
    assert len({c.back for c in cards}) == len(cards)


def test_the_corrupted_formula_waits_for_review(session_factory: sessionmaker[Session], now: dt.datetime) -> None:
    ensure_builtin_bank(session_factory, now)
    with session_factory() as s:
        waiting = s.scalars(select(QuestionRow).where(QuestionRow.status == "review")).all()
        live = bank.get_questions(s, bank.question_ids_for(s))
    assert waiting and all(r.review_reason for r in waiting)
    assert not any("党中央为核心的党中央" in q.stem or "党中央为核心的党中央" in (q.options or ()) for q in live)
    assert not any("党中央为核心的党中央" in q.explanation for q in live)


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
