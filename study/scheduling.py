"""FSRS scheduling of flashcards: one review, the four rating previews, and card-state mapping."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import fsrs
from sqlalchemy import select
from sqlalchemy.orm import Session

from foundation.errors import UserError
from question_bank.drafts import FlashcardId
from question_bank.models import FlashcardRow
from study.models import CardStateRow, LearnerRow, ReviewLogRow
from study.study_days import mark_study_day
from study.types import IntervalPreview, Rating, ReviewResult

LEECH_LAPSES = 8
_UTC = dt.timezone.utc
_DEFAULT_DECAY = -fsrs.Scheduler().parameters[20]
_DEFAULT_FACTOR = 0.9 ** (1 / _DEFAULT_DECAY) - 1


def make_scheduler(desired_retention: float = 0.9, *, enable_fuzzing: bool = True) -> fsrs.Scheduler:
    """An FSRS-6 scheduler with default parameters and the learner's desired retention."""
    return fsrs.Scheduler(desired_retention=desired_retention, enable_fuzzing=enable_fuzzing)


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=_UTC) if value.tzinfo is None else value.astimezone(_UTC)


def card_from_row(row: CardStateRow) -> fsrs.Card:
    """The fsrs Card of a stored state (card_id = flashcard id; UTC re-attached)."""
    return fsrs.Card(
        card_id=row.flashcard_id,
        state=fsrs.State(row.state),
        step=row.step,
        stability=row.stability,
        difficulty=row.difficulty,
        due=_utc(row.due),
        last_review=_utc(row.last_review),
    )


def new_card(flashcard_id: int, now: dt.datetime) -> fsrs.Card:
    """A never-reviewed card, due now."""
    return fsrs.Card(card_id=flashcard_id, due=now)


def store_card(row: CardStateRow, card: fsrs.Card) -> None:
    """Copy an fsrs Card's schedule into a stored state."""
    row.state = int(card.state)
    row.step = card.step
    row.stability = card.stability
    row.difficulty = card.difficulty
    row.due = card.due
    row.last_review = card.last_review


def retrievability(stability: float | None, last_review: dt.datetime | None, now: dt.datetime) -> float:
    """FSRS-6 retrievability with default decay (0 for a card never reviewed)."""
    if stability is None or last_review is None or stability <= 0:
        return 0.0
    elapsed_days = max(0, (now - _utc(last_review)).days)  # type: ignore[operator]
    return float((1 + _DEFAULT_FACTOR * elapsed_days / stability) ** _DEFAULT_DECAY)


def interval_label(interval: dt.timedelta) -> str:
    """A short Chinese label for an interval: 1分钟, 10分钟, 3小时, 5天, 2.5个月, 1.2年."""
    seconds = max(0.0, interval.total_seconds())
    if seconds < 3600:
        return f"{max(1, round(seconds / 60))}分钟"
    if seconds < 86400:
        return f"{round(seconds / 3600)}小时"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}天"
    if days < 365:
        return f"{days / 30:.1f}".removesuffix(".0") + "个月"
    return f"{days / 365:.1f}".removesuffix(".0") + "年"


def _learner(session: Session, learner_id: int) -> LearnerRow:
    row = session.get(LearnerRow, learner_id)
    if row is None:
        raise UserError(f"找不到编号为{learner_id}的学员。")
    return row


def _state_row(session: Session, learner_id: int, flashcard_id: int) -> CardStateRow | None:
    return session.scalars(
        select(CardStateRow).where(
            CardStateRow.learner_id == learner_id, CardStateRow.flashcard_id == flashcard_id
        )
    ).first()


def review_flashcard(
    session: Session,
    *,
    learner_id: int,
    flashcard_id: int,
    rating: Rating,
    now: dt.datetime,
    duration_ms: int = 0,
    cram: bool = False,
    enable_fuzzing: bool = True,
) -> ReviewResult:
    """Record one review: store the new FSRS state and a review log; 8 lapses mark a leech.

    A cram review (review-ahead before an exam) is logged with `cram=True` and leaves the
    schedule exactly as it was.
    """
    rating = Rating(rating)
    learner = _learner(session, learner_id)
    row = _state_row(session, learner_id, flashcard_id)
    session.add(
        ReviewLogRow(
            learner_id=learner_id,
            flashcard_id=flashcard_id,
            rating=int(rating),
            reviewed_at=now,
            duration_ms=max(0, int(duration_ms)),
            cram=cram,
        )
    )
    mark_study_day(session, learner_id=learner_id, now=now)
    if cram:
        session.flush()
        due = row.due if row is not None else now
        return ReviewResult(
            flashcard_id=FlashcardId(flashcard_id),
            rating=rating,
            due=due,
            interval=due - now,
            state=row.state if row is not None else int(fsrs.State.Learning),
            lapses=row.lapses if row is not None else 0,
            became_leech=False,
            leech=row.leech if row is not None else False,
            cram=True,
        )
    if row is None:
        topic_id = session.scalar(select(FlashcardRow.topic_id).where(FlashcardRow.id == flashcard_id))
        if topic_id is None:
            raise UserError(f"找不到编号为{flashcard_id}的卡片。")
        row = CardStateRow(
            learner_id=learner_id, flashcard_id=flashcard_id, topic_id=topic_id,
            reps=0, lapses=0, leech=False, introduced_at=now,
        )
        card = new_card(flashcard_id, now)
        session.add(row)
    else:
        card = card_from_row(row)
    was_review = card.state == fsrs.State.Review
    scheduler = make_scheduler(learner.desired_retention, enable_fuzzing=enable_fuzzing)
    card, _log = scheduler.review_card(card, fsrs.Rating(int(rating)), now)
    store_card(row, card)
    row.reps = (row.reps or 0) + 1
    if was_review and rating is Rating.AGAIN:
        row.lapses = (row.lapses or 0) + 1
    became_leech = not row.leech and row.lapses >= LEECH_LAPSES
    if became_leech:
        row.leech = True
    session.flush()
    return ReviewResult(
        flashcard_id=FlashcardId(flashcard_id),
        rating=rating,
        due=card.due,
        interval=card.due - now,
        state=int(card.state),
        lapses=row.lapses,
        became_leech=became_leech,
        leech=row.leech,
        cram=False,
    )


def next_intervals(
    session: Session, *, learner_id: int, flashcard_id: int, now: dt.datetime
) -> tuple[IntervalPreview, ...]:
    """What each of the four ratings would give now (without fuzz), for the rating buttons."""
    learner = _learner(session, learner_id)
    row = _state_row(session, learner_id, flashcard_id)
    card = new_card(flashcard_id, now) if row is None else card_from_row(row)
    return preview_intervals(card, now, desired_retention=learner.desired_retention)


def preview_intervals(
    card: fsrs.Card, now: dt.datetime, *, desired_retention: float = 0.9,
    ratings: Sequence[Rating] = tuple(Rating),
) -> tuple[IntervalPreview, ...]:
    """Pure: the due time each rating would give `card` at `now`."""
    scheduler = make_scheduler(desired_retention, enable_fuzzing=False)
    previews = []
    for rating in ratings:
        after, _ = scheduler.review_card(card, fsrs.Rating(int(rating)), now)
        interval = after.due - now
        previews.append(IntervalPreview(rating=rating, due=after.due, interval=interval, label=interval_label(interval)))
    return tuple(previews)
