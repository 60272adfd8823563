"""Moving one learner's complete history between machines, keyed by stable bank keys; imports are idempotent.

The file format itself (records, reader, writer) is `study.progress_file`; here the history is read from and
merged into a database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from foundation.errors import UserError
from question_bank.answer_shapes import answer_problem
from question_bank.drafts import QuestionType
from question_bank.models import DocumentRow, FlashcardRow, QuestionRow, TopicRow
from study.models import (
    AttemptItemRow,
    CardStateRow,
    LearnerRow,
    QuizAttemptRow,
    ReviewLogRow,
    WrongAnswerRow,
)
from study.goal_models import ExamGoalRow
from study.progress_file import (
    AttemptItemRecord,
    AttemptRecord,
    CardStateRecord,
    ExamGoalRecord,
    ItemKey,
    LearnerRecord,
    ProgressFile,
    ReviewLogRecord,
    TopicKey,
    WrongAnswerRecord,
    replace_spec_ids,
)
from study.study_days import mark_study_days
from study.types import QuizMode, TransferReport, quiz_spec_from_json

_SHUFFLED = (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.ORDER)


def _item_keys(session: Session, row_type: type[QuestionRow] | type[FlashcardRow]) -> dict[int, ItemKey]:
    rows = session.execute(
        select(row_type.id, DocumentRow.title, TopicRow.position, row_type.key)
        .join(TopicRow, TopicRow.id == row_type.topic_id)
        .join(DocumentRow, DocumentRow.id == TopicRow.document_id)
    )
    return {item_id: (title, position, key) for item_id, title, position, key in rows}


def _topic_keys(session: Session) -> dict[int, TopicKey]:
    rows = session.execute(select(TopicRow.id, DocumentRow.title, TopicRow.position).join(DocumentRow, DocumentRow.id == TopicRow.document_id))
    return {topic_id: (title, position) for topic_id, title, position in rows}


def _attempt_record(
    attempt: QuizAttemptRow, items: Sequence[AttemptItemRow], *, learner_uid: str,
    topics: dict[int, TopicKey], questions: dict[int, ItemKey],
) -> AttemptRecord:
    spec = quiz_spec_from_json(attempt.spec)
    return AttemptRecord(
        uid=attempt.uid or f"local-{learner_uid}-{attempt.id}", mode=QuizMode(attempt.mode),
        spec=replace_spec_ids(spec, topic_ids=(), question_ids=None if spec.question_ids is None else ()),
        topics=tuple(topics[t] for t in spec.topic_ids if t in topics),
        questions=None if spec.question_ids is None else tuple(questions[q] for q in spec.question_ids if q in questions),
        paper_uid=attempt.paper_uid, started_at=attempt.started_at, deadline_at=attempt.deadline_at,
        submitted_at=attempt.submitted_at, current_index=attempt.current_index, score=attempt.score,
        max_score=attempt.max_score, passed=attempt.passed,
        items=tuple(
            AttemptItemRecord(
                position=i.position, question=questions[i.question_id],
                option_order=None if i.option_order is None else tuple(i.option_order), answer=i.answer,
                answered_at=i.answered_at, duration_ms=i.duration_ms, score=i.score, correct=i.correct, flagged=i.flagged,
            )
            for i in items if i.question_id in questions
        ),
    )


def export_progress(session: Session, *, learner_id: int, now: dt.datetime) -> ProgressFile:
    """One learner's complete history, ready for `write_progress_file`."""
    learner = session.get(LearnerRow, learner_id)
    if learner is None:
        raise UserError(f"找不到编号为{learner_id}的学员。")
    cards, questions, topics = _item_keys(session, FlashcardRow), _item_keys(session, QuestionRow), _topic_keys(session)
    states = session.scalars(select(CardStateRow).where(CardStateRow.learner_id == learner_id).order_by(CardStateRow.id))
    logs = session.scalars(select(ReviewLogRow).where(ReviewLogRow.learner_id == learner_id).order_by(ReviewLogRow.id))
    attempts = list(session.scalars(select(QuizAttemptRow).where(QuizAttemptRow.learner_id == learner_id).order_by(QuizAttemptRow.id)))
    items: dict[int, list[AttemptItemRow]] = {}
    for item in session.scalars(select(AttemptItemRow).where(AttemptItemRow.learner_id == learner_id).order_by(AttemptItemRow.position)):
        items.setdefault(item.attempt_id, []).append(item)
    wrong = session.scalars(select(WrongAnswerRow).where(WrongAnswerRow.learner_id == learner_id).order_by(WrongAnswerRow.id))
    goal = session.get(ExamGoalRow, learner_id)
    return ProgressFile(
        exported_at=now,
        learner=LearnerRecord(
            uid=learner.uid, name=learner.name, unit=learner.unit, created_at=learner.created_at,
            daily_new_limit=learner.daily_new_limit, desired_retention=learner.desired_retention,
        ),
        card_states=tuple(
            CardStateRecord(
                card=cards[s.flashcard_id], state=s.state, step=s.step, stability=s.stability, difficulty=s.difficulty,
                due=s.due, last_review=s.last_review, reps=s.reps, lapses=s.lapses, leech=s.leech,
                introduced_at=s.introduced_at,
            )
            for s in states if s.flashcard_id in cards
        ),
        review_logs=tuple(
            ReviewLogRecord(card=cards[r.flashcard_id], rating=r.rating, reviewed_at=r.reviewed_at,
                            duration_ms=r.duration_ms, cram=r.cram)
            for r in logs if r.flashcard_id in cards
        ),
        attempts=tuple(
            _attempt_record(a, items.get(a.id, []), learner_uid=learner.uid, topics=topics, questions=questions)
            for a in attempts
        ),
        wrong_answers=tuple(
            WrongAnswerRecord(question=questions[w.question_id], added_at=w.added_at, last_wrong_at=w.last_wrong_at,
                              wrong_count=w.wrong_count, correct_streak=w.correct_streak, resolved_at=w.resolved_at)
            for w in wrong if w.question_id in questions
        ),
        exam_goal=None if goal is None else ExamGoalRecord(exam_date=goal.exam_date, target_recall=goal.target_recall,
                                                           set_on=goal.set_on),
    )


def _reverse(mapping: dict[int, Any]) -> dict[Any, int]:
    return {key: item_id for item_id, key in mapping.items()}


def check_answers(session: Session, progress: ProgressFile) -> None:
    """Refuse a file whose answers or option orders do not fit this bank's questions (see `answer_shapes`).

    Raises:
        UserError: one line of Chinese naming the question; nothing has been stored.
    """
    questions = _reverse(_item_keys(session, QuestionRow))
    rows = {row.id: row for row in session.scalars(select(QuestionRow))} if progress.attempts else {}
    for attempt in progress.attempts:
        for item in attempt.items:
            row = rows.get(questions.get(item.question, -1))
            if row is None:
                continue
            qtype = QuestionType(row.type)
            shown = len(row.options or ()) if qtype in _SHUFFLED else len(row.answer) if qtype is QuestionType.MATCH else 0
            if item.option_order is not None and len(item.option_order) != shown:
                raise UserError(f"学习记录文件中“{row.stem[:20]}”一题的选项顺序与本机题库不符，未导入任何记录。")
            problem = None if item.answer is None else answer_problem(qtype, row.options, row.answer, item.answer)
            if problem is not None:
                raise UserError(f"学习记录文件中“{row.stem[:20]}”一题的作答格式不正确（{problem}），未导入任何记录。")


def import_progress(session: Session, progress: ProgressFile, *, now: dt.datetime) -> TransferReport:
    """Merge a progress file into this database (idempotent: rows already present are skipped).

    Every answer is checked against this bank before anything is added.

    Raises:
        UserError: an answer does not fit its question; nothing is stored.
    """
    del now
    check_answers(session, progress)
    profile = progress.learner
    learner = session.scalars(select(LearnerRow).where(LearnerRow.uid == profile.uid)).first()
    created = learner is None
    if learner is None:
        learner = LearnerRow(
            uid=profile.uid, name=profile.name or "导入的学员", unit=profile.unit, created_at=profile.created_at,
            daily_new_limit=profile.daily_new_limit, desired_retention=profile.desired_retention,
        )
        session.add(learner)
        session.flush()
    lid = learner.id
    cards, questions = _reverse(_item_keys(session, FlashcardRow)), _reverse(_item_keys(session, QuestionRow))
    topics = _reverse(_topic_keys(session))
    card_topic = dict(session.execute(select(FlashcardRow.id, FlashcardRow.topic_id)).all())
    question_topic = dict(session.execute(select(QuestionRow.id, QuestionRow.topic_id)).all())
    skipped = 0
    added_states = added_attempts = added_wrong = 0

    existing_states = {s.flashcard_id: s for s in session.scalars(select(CardStateRow).where(CardStateRow.learner_id == lid))}
    for card_state in progress.card_states:
        card_id = cards.get(card_state.card)
        if card_id is None:
            skipped += 1
            continue
        state = existing_states.get(card_id)
        if state is None:
            state = CardStateRow(learner_id=lid, flashcard_id=card_id, topic_id=card_topic[card_id])
            session.add(state)
            existing_states[card_id] = state
            added_states += 1
        elif state.last_review is not None and (card_state.last_review is None or card_state.last_review <= state.last_review):
            continue  # this machine's state is as new or newer
        state.state, state.step, state.stability, state.difficulty = card_state.state, card_state.step, card_state.stability, card_state.difficulty
        state.due, state.last_review = card_state.due, card_state.last_review
        state.reps, state.lapses, state.leech = card_state.reps, card_state.lapses, card_state.leech
        state.introduced_at = card_state.introduced_at or state.introduced_at

    seen_logs = {
        (card_id, when)
        for card_id, when in session.execute(
            select(ReviewLogRow.flashcard_id, ReviewLogRow.reviewed_at).where(ReviewLogRow.learner_id == lid)
        )
    }
    new_logs = []
    for log in progress.review_logs:
        card_id = cards.get(log.card)
        if card_id is None:
            skipped += 1
            continue
        if (card_id, log.reviewed_at) in seen_logs:
            continue
        seen_logs.add((card_id, log.reviewed_at))
        new_logs.append(ReviewLogRow(learner_id=lid, flashcard_id=card_id, rating=log.rating, reviewed_at=log.reviewed_at,
                                     duration_ms=log.duration_ms, cram=log.cram))
    session.add_all(new_logs)
    studied_at = [log.reviewed_at for log in new_logs]

    known_attempts = set(session.scalars(select(QuizAttemptRow.uid).where(QuizAttemptRow.uid.is_not(None))))
    for attempt_record in progress.attempts:
        if not attempt_record.uid or attempt_record.uid in known_attempts:
            continue
        known_attempts.add(attempt_record.uid)
        spec = replace_spec_ids(
            attempt_record.spec,
            topic_ids=tuple(topics[t] for t in attempt_record.topics if t in topics),
            question_ids=None if attempt_record.questions is None else tuple(questions[q] for q in attempt_record.questions if q in questions),
        )
        attempt = QuizAttemptRow(
            uid=attempt_record.uid, learner_id=lid, mode=attempt_record.mode, spec=spec.to_json(), paper_uid=attempt_record.paper_uid,
            started_at=attempt_record.started_at, deadline_at=attempt_record.deadline_at, submitted_at=attempt_record.submitted_at,
            current_index=attempt_record.current_index, score=attempt_record.score, max_score=attempt_record.max_score, passed=attempt_record.passed,
        )
        session.add(attempt)
        session.flush()
        for item in attempt_record.items:
            question_id = questions.get(item.question)
            if question_id is None:
                skipped += 1
                continue
            if item.answered_at is not None:
                studied_at.append(item.answered_at)
            session.add(AttemptItemRow(
                attempt_id=attempt.id, learner_id=lid, position=item.position, question_id=question_id,
                topic_id=question_topic[question_id],
                option_order=None if item.option_order is None else list(item.option_order),
                answer=item.answer, answered_at=item.answered_at, duration_ms=item.duration_ms,
                score=item.score, correct=item.correct, flagged=item.flagged,
            ))
        added_attempts += 1

    existing_wrong = set(session.scalars(select(WrongAnswerRow.question_id).where(WrongAnswerRow.learner_id == lid)))
    for wrong in progress.wrong_answers:
        question_id = questions.get(wrong.question)
        if question_id is None:
            skipped += 1
            continue
        if question_id in existing_wrong:
            continue
        existing_wrong.add(question_id)
        session.add(WrongAnswerRow(
            learner_id=lid, question_id=question_id, added_at=wrong.added_at, last_wrong_at=wrong.last_wrong_at,
            wrong_count=wrong.wrong_count, correct_streak=wrong.correct_streak, resolved_at=wrong.resolved_at,
        ))
        added_wrong += 1
    goal_taken = _merge_exam_goal(session, learner_id=lid, record=progress.exam_goal)
    mark_study_days(session, learner_id=lid, moments=studied_at)
    session.flush()
    return TransferReport(learner_name=learner.name, learner_created=created, card_states=added_states,
                          review_logs=len(new_logs), attempts=added_attempts, wrong_answers=added_wrong,
                          skipped_unknown_items=skipped, exam_goal=goal_taken)


def _merge_exam_goal(session: Session, *, learner_id: int, record: ExamGoalRecord | None) -> bool:
    """Take the file's exam goal when this machine has none or an older one (set on an earlier day); True if taken.

    A goal set here on the same day or later stays: an import never overwrites the learner's newer date, and
    importing the same file twice changes nothing the second time.
    """
    if record is None:
        return False
    row = session.get(ExamGoalRow, learner_id)
    if row is None:
        session.add(ExamGoalRow(learner_id=learner_id, exam_date=record.exam_date, target_recall=record.target_recall,
                                set_on=record.set_on))
        return True
    if record.set_on <= row.set_on:
        return False
    row.exam_date, row.target_recall, row.set_on = record.exam_date, record.target_recall, record.set_on
    return True
