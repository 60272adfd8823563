"""A document's life around an import: duplicates refused, review holds, and removal that keeps history."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from foundation.errors import UserError
from question_bank.bank import list_documents
from question_bank.documents import (
    find_duplicates,
    import_checked,
    regenerate_checked,
    release_for_review,
    remove_document,
    review_settings,
    set_review_settings,
    text_fingerprint,
    waiting_for_review,
)
from question_bank.models import DocumentRow, FlashcardRow, QuestionRow, TopicRow

REGULATION = (Path(__file__).parent / "data" / "regulation_sample.txt").read_bytes()


def _statuses(session: Session, document_id: int) -> set[str]:
    topics = select(TopicRow.id).where(TopicRow.document_id == document_id)
    return set(session.scalars(select(QuestionRow.status).where(QuestionRow.topic_id.in_(topics)))) | set(
        session.scalars(select(FlashcardRow.status).where(FlashcardRow.topic_id.in_(topics))))


def _import(factory: sessionmaker[Session], now: dt.datetime, *, new_version: bool = False) -> int:
    with factory() as s, s.begin():
        checked = import_checked(s, data=REGULATION, filename="办法.txt", now=now, new_version=new_version)
    assert checked.summary is not None
    return int(checked.summary.documents[0].document_id)


def test_the_same_text_is_found_however_it_was_saved() -> None:
    assert text_fingerprint("第一条　巡察\r\n工作。") == text_fingerprint("第一条 巡察工作。") != text_fingerprint("第二条")


def test_a_duplicate_import_stores_nothing_unless_a_new_version_is_confirmed(
    session_factory: sessionmaker[Session], now: dt.datetime
) -> None:
    first = _import(session_factory, now)
    with session_factory() as s, s.begin():
        refused = import_checked(s, data=REGULATION.replace(b"\n", b"\r\n"), filename="办法（另存）.txt", now=now)
        assert refused.summary is None and [d.document_id for d in refused.duplicates] == [first]
        assert len(s.scalars(select(DocumentRow.id)).all()) == 1
    second = _import(session_factory, now, new_version=True)
    assert second != first
    with session_factory() as s:
        assert len(find_duplicates(s, data=REGULATION, filename="办法.txt")) == 1


def test_imported_items_wait_for_review_by_default_and_are_released_by_a_trainer(
    session_factory: sessionmaker[Session], now: dt.datetime, rng: random.Random
) -> None:
    from study import QuizSpec, create_learner, start_quiz
    from study.queue import daily_queue

    with session_factory() as s:
        assert review_settings(s) == (True, False)
    document_id = _import(session_factory, now)
    with session_factory() as s, s.begin():
        assert _statuses(s, document_id) == {"review"} and waiting_for_review(s, document_id=document_id) > 0
        learner = create_learner(s, name="李四", unit="", now=now)
        with pytest.raises(UserError):  # nothing usable: held items are drawn into no quiz
            start_quiz(s, learner_id=learner.id, spec=QuizSpec(count=5), now=now, rng=rng)
        assert daily_queue(s, learner_id=learner.id, now=now).new == ()
    with session_factory() as s, s.begin():
        released = release_for_review(s, document_id=document_id, now=now)
        assert released > 0 and _statuses(s, document_id) == {"active"}
        start_quiz(s, learner_id=learner.id, spec=QuizSpec(count=5), now=now, rng=rng)

    with session_factory() as s, s.begin():  # with the setting off, an import is usable at once
        set_review_settings(s, imports=False, generated=True)
        assert review_settings(s) == (False, True)
    other = _import(session_factory, now, new_version=True)
    with session_factory() as s, s.begin():
        assert _statuses(s, other) == {"active"}
        question = s.scalars(select(QuestionRow).join(TopicRow, TopicRow.id == QuestionRow.topic_id)
                             .where(TopicRow.document_id == other).order_by(QuestionRow.id)).first()
        assert question is not None
        s.delete(question)  # regeneration will make it again: a new item, held for review
    with session_factory() as s, s.begin():
        regenerate_checked(s, document_id=other, now=now)
        assert waiting_for_review(s, document_id=other) == 1


def test_removing_a_document_retires_its_items_and_keeps_the_learners_history(
    session_factory: sessionmaker[Session], now: dt.datetime, rng: random.Random
) -> None:
    from study import QuizMode, QuizSpec, attempt_result, create_learner, dashboard, start_quiz, submit_attempt
    from study.attempts import answer_question

    with session_factory() as s, s.begin():
        set_review_settings(s, imports=False, generated=False)
    document_id = _import(session_factory, now)
    with session_factory() as s, s.begin():
        learner = create_learner(s, name="李四", unit="", now=now)
        attempt_id = start_quiz(s, learner_id=learner.id, spec=QuizSpec(count=3, mode=QuizMode.EXAM), now=now, rng=rng)
        answer_question(s, attempt_id=attempt_id, position=0, answer=None, now=now)
        submit_attempt(s, attempt_id=attempt_id, now=now)
        before = attempt_result(s, attempt_id=attempt_id)
        assert {item.document_id for item in before.items} == {document_id}
    with session_factory() as s, s.begin():
        retired = remove_document(s, document_id=document_id, now=now + dt.timedelta(hours=1))
        assert retired > 0 and _statuses(s, document_id) == {"retired"}
        with pytest.raises(UserError):
            remove_document(s, document_id=document_id, now=now)  # already removed
    with session_factory() as s, s.begin():
        assert [d.id for d in list_documents(s)] == []  # gone from the bank's lists (reader, 测验, 题库)
        assert s.get(DocumentRow, document_id) is not None  # but kept: history points at it
        after = attempt_result(s, attempt_id=attempt_id)
        assert after == before  # the learner's result reads as it did
        assert [e.attempt_id for e in dashboard(s, learner_id=learner.id, now=now).recent_exams] == [attempt_id]
        with pytest.raises(UserError):
            start_quiz(s, learner_id=learner.id, spec=QuizSpec(count=3), now=now, rng=rng)


def test_the_built_in_text_cannot_be_removed(app_context: object, now: dt.datetime) -> None:
    from foundation.context import AppContext

    assert isinstance(app_context, AppContext)
    factory = app_context.session_factory()
    with factory() as s, s.begin():
        builtin = s.scalars(select(DocumentRow.id).where(DocumentRow.builtin.is_(True))).first()
        if builtin is None:
            pytest.skip("this context has no built-in document")
        with pytest.raises(UserError, match="内置"):
            remove_document(s, document_id=builtin, now=now)
