"""Mastery per topic from recency-weighted quiz accuracy and card retrievability; weak topics to drill."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, exists, func, or_, select
from sqlalchemy.orm import Session

from foundation.clock import as_date, local_day, local_day_sql
from question_bank.drafts import TopicId
from question_bank.models import FlashcardRow, QuestionRow, TopicRow
from question_bank.vocabulary import USABLE_STATUSES
from study.models import AttemptItemRow, CardStateRow, QuizAttemptRow
from study.scheduling import retrievability
from study.types import QuizMode, QuizSpec, TopicMastery, WeakTopic

HALF_LIFE_DAYS = 14.0  # an answer two weeks old weighs half as much as today's
WINDOW_DAYS = 90  # older answers are left out of mastery
QUIZ_WEIGHT = 0.6  # the rest is the cards' retrievability
WEAK_BELOW = 0.8
STRUGGLING_BELOW = 0.5  # practised and still below this: listed before topics never practised


def counted_answers(learner_id: int) -> ColumnElement[bool]:
    """The attempt items that count in statistics (accuracy, mastery, weak topics, activity).

    Answers of submitted attempts count; so do practice answers as soon as they are given, since
    practice shows its feedback at once (and locks the question). Answers of an unsubmitted timed
    quiz, mock exam or paper count in nothing: while it runs, no figure may move with a changed
    answer and so tell the learner whether it was right.
    """
    counted = select(QuizAttemptRow.id).where(  # the learner's own attempts only: a few, not every learner's
        QuizAttemptRow.learner_id == learner_id,
        or_(QuizAttemptRow.submitted_at.is_not(None), QuizAttemptRow.mode == QuizMode.PRACTICE.value),
    )
    return AttemptItemRow.attempt_id.in_(counted)


@dataclass(frozen=True)
class TopicEvidence:
    """What mastery is computed from, for one topic (pure input)."""

    topic_id: int
    topic_title: str
    position: tuple[int, int]  # (document id, topic position), for a stable order
    answers_by_age: tuple[tuple[int, int, float], ...]  # (age in days, answers, points)
    card_retrievabilities: tuple[float, ...]  # one per reviewed card
    cards_due: int
    cards_total: int


def mastery_of(evidence: TopicEvidence) -> TopicMastery:
    """Pure: combine recency-weighted accuracy (half-life 14 days) and mean card retrievability.

    Quiz accuracy is smoothed with one imaginary wrong answer, so one lucky answer is not mastery;
    cards never reviewed count as retrievability 0 against the topic's total. Mastery needs evidence:
    with n answers and reviewed cards it is at most n/(n+1), so one review of a one-card topic, whose
    recall is near 100% the moment after, is 50% and not 100%.
    """
    weighted_n = weighted_points = 0.0
    n30 = 0
    points30 = 0.0
    for age, answers, points in evidence.answers_by_age:
        weight = 0.5 ** (max(0, age) / HALF_LIFE_DAYS)
        weighted_n += weight * answers
        weighted_points += weight * points
        if age < 30:
            n30 += answers
            points30 += points
    quiz = weighted_points / (weighted_n + 1.0) if weighted_n > 0 else None
    reviewed = len(evidence.card_retrievabilities)
    mean_r = sum(evidence.card_retrievabilities) / reviewed if reviewed else None
    cards = sum(evidence.card_retrievabilities) / evidence.cards_total if reviewed and evidence.cards_total else None
    if quiz is not None and cards is not None:
        mastery = QUIZ_WEIGHT * quiz + (1 - QUIZ_WEIGHT) * cards
    else:
        mastery = quiz if quiz is not None else (cards if cards is not None else 0.0)
    evidence_count = sum(answers for _age, answers, _points in evidence.answers_by_age) + reviewed
    mastery = min(mastery, evidence_count / (evidence_count + 1))
    return TopicMastery(
        topic_id=TopicId(evidence.topic_id),
        topic_title=evidence.topic_title,
        mastery=max(0.0, min(1.0, mastery)),
        quiz_accuracy=None if quiz is None else weighted_points / weighted_n,
        answers_30d=n30,
        accuracy_30d=points30 / n30 if n30 else None,
        retrievability=mean_r,
        cards_due=evidence.cards_due,
        cards_total=evidence.cards_total,
        cards_reviewed=reviewed,
    )


def weak_reason(mastery: TopicMastery) -> str:
    """Pure: why a topic is weak, in Chinese (“近30天正确率45%，8张卡片已到期”, “尚未练习”)."""
    if mastery.answers_30d == 0 and mastery.cards_reviewed == 0 and mastery.quiz_accuracy is None:
        return "尚未练习"
    reasons = []
    if mastery.accuracy_30d is not None and mastery.accuracy_30d < WEAK_BELOW:
        reasons.append(f"近30天正确率{round(mastery.accuracy_30d * 100)}%")
    if mastery.cards_due:
        reasons.append(f"{mastery.cards_due}张卡片已到期")
    if not reasons:
        reasons.append(f"掌握度{round(mastery.mastery * 100)}%")
    return "，".join(reasons)


def rank_weak(masteries: Iterable[TopicMastery], order: dict[int, tuple[int, int]], *, limit: int) -> list[WeakTopic]:
    """Pure: the weakest topics in three bands, each by lowest mastery (then document order).

    1. struggling: practised and still below 50% -- evidence of real difficulty comes first;
    2. never practised, in document order -- nothing is known of them yet, so they come before
    3. practised but not yet secure (50-80%, or cards due) -- a 75% topic is nearly there.
    """
    struggling, untouched, unsure = [], [], []
    for m in masteries:
        if m.quiz_accuracy is None and m.cards_reviewed == 0:
            untouched.append(m)
        elif m.mastery < STRUGGLING_BELOW:
            struggling.append(m)
        elif m.mastery < WEAK_BELOW or m.cards_due:
            unsure.append(m)
    for band in (struggling, unsure):
        band.sort(key=lambda m: (m.mastery, order.get(m.topic_id, (0, 0))))
    untouched.sort(key=lambda m: order.get(m.topic_id, (0, 0)))
    chosen = (struggling + untouched + unsure)[: max(0, limit)]
    return [WeakTopic(topic_id=m.topic_id, topic_title=m.topic_title, mastery=m.mastery, reason=weak_reason(m)) for m in chosen]


def _usable_topics(session: Session, topic_ids: Sequence[int] | None) -> list[tuple[int, str, int, int]]:
    has_items = exists().where(QuestionRow.topic_id == TopicRow.id, QuestionRow.status.in_(USABLE_STATUSES))
    has_cards = exists().where(FlashcardRow.topic_id == TopicRow.id, FlashcardRow.status.in_(USABLE_STATUSES))
    query = select(TopicRow.id, TopicRow.title, TopicRow.document_id, TopicRow.position).where(has_items | has_cards)
    if topic_ids:
        query = query.where(TopicRow.id.in_(list(topic_ids)))
    return [tuple(row) for row in session.execute(query)]  # type: ignore[misc]


def topic_evidence(
    session: Session, *, learner_id: int, now: dt.datetime, topic_ids: Sequence[int] | None = None
) -> list[TopicEvidence]:
    """Gather each usable topic's evidence with three grouped queries."""
    topics = _usable_topics(session, topic_ids)
    since = now - dt.timedelta(days=WINDOW_DAYS)
    day = local_day_sql(session, AttemptItemRow.answered_at, now=now)
    answer_rows = session.execute(
        select(AttemptItemRow.topic_id, day, func.count(), func.coalesce(func.sum(AttemptItemRow.score), 0.0))
        .where(
            AttemptItemRow.learner_id == learner_id,
            AttemptItemRow.answered_at >= since,
            AttemptItemRow.answered_at <= now,
            counted_answers(learner_id),
        )
        .group_by(AttemptItemRow.topic_id, day)
    )
    today = local_day(now)
    answers: dict[int, list[tuple[int, int, float]]] = defaultdict(list)
    for topic_id, day_value, count, points in answer_rows:
        age = (today - as_date(day_value)).days
        answers[topic_id].append((age, int(count), float(points)))
    recalls: dict[int, list[float]] = defaultdict(list)
    due: dict[int, int] = defaultdict(int)
    for topic_id, stability, last_review, due_at in session.execute(
        select(CardStateRow.topic_id, CardStateRow.stability, CardStateRow.last_review, CardStateRow.due).where(
            CardStateRow.learner_id == learner_id
        )
    ):
        recalls[topic_id].append(retrievability(stability, last_review, now))
        if due_at is not None and due_at <= now:
            due[topic_id] += 1
    totals = dict(
        session.execute(
            select(FlashcardRow.topic_id, func.count())
            .where(FlashcardRow.status.in_(USABLE_STATUSES))
            .group_by(FlashcardRow.topic_id)
        ).all()
    )
    return [
        TopicEvidence(
            topic_id=topic_id,
            topic_title=title,
            position=(document_id, position),
            answers_by_age=tuple(answers.get(topic_id, ())),
            card_retrievabilities=tuple(recalls.get(topic_id, ())),
            cards_due=due.get(topic_id, 0),
            cards_total=int(totals.get(topic_id, 0)),
        )
        for topic_id, title, document_id, position in topics
    ]


def topic_mastery(
    session: Session, *, learner_id: int, now: dt.datetime, topic_ids: Sequence[int] | None = None
) -> list[TopicMastery]:
    """Mastery of every usable topic (or the given ones), in document order."""
    evidence = sorted(topic_evidence(session, learner_id=learner_id, now=now, topic_ids=topic_ids), key=lambda e: e.position)
    return [mastery_of(e) for e in evidence]


def weak_topics(session: Session, *, learner_id: int, now: dt.datetime, limit: int = 5) -> list[WeakTopic]:
    """The learner's weakest topics with a Chinese reason each."""
    evidence = topic_evidence(session, learner_id=learner_id, now=now)
    order = {e.topic_id: e.position for e in evidence}
    return rank_weak((mastery_of(e) for e in evidence), order, limit=limit)


def drill_spec(
    weak: Sequence[WeakTopic], *, count: int = 10, mode: QuizMode = QuizMode.PRACTICE, time_limit_s: int | None = None
) -> QuizSpec:
    """The quiz behind “强化练习”: questions from the weak topics."""
    return QuizSpec(topic_ids=tuple(int(w.topic_id) for w in weak), count=count, mode=mode, time_limit_s=time_limit_s)
