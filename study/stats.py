"""Statistics: the dashboard in one call, daily activity by local day, streak, accuracy and exam history."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from foundation.clock import CHINA_TZ, as_date, local_day_sql
from question_bank.models import FlashcardRow
from question_bank.vocabulary import USABLE_STATUSES
from study.attempts import unfinished_attempt
from study.mastery import (
    counted_answers,
    mastery_of,
    rank_weak,
    topic_evidence,
    topic_mastery,
)
from study.models import (
    AttemptItemRow,
    CardStateRow,
    LearnerRow,
    QuizAttemptRow,
    ReviewLogRow,
)
from study.goal_models import ExamGoalRow
from study.queue import due_count, local_day_start
from study.study_days import study_days_since
from study.types import (
    AttemptId,
    Dashboard,
    DayActivity,
    ExamRecord,
    LearnerId,
    ProgressStats,
    QuizMode,
)

STREAK_WINDOW_DAYS = 730  # a streak counts at most two years back


def daily_activity(
    session: Session, *, learner_id: int, now: dt.datetime, days: int = 30, tz: dt.tzinfo = CHINA_TZ
) -> tuple[DayActivity, ...]:
    """Reviews, answers, correct answers and minutes per local day over the last `days` days, oldest first."""
    start = local_day_start(now, tz) - dt.timedelta(days=days - 1)
    review_day = local_day_sql(session, ReviewLogRow.reviewed_at, now=now, tz=tz)
    reviews = {
        as_date(day): (int(count), int(ms or 0))
        for day, count, ms in session.execute(
            select(review_day, func.count(), func.sum(ReviewLogRow.duration_ms))
            .where(ReviewLogRow.learner_id == learner_id, ReviewLogRow.reviewed_at >= start, ReviewLogRow.reviewed_at <= now)
            .group_by(review_day)
        )
    }
    answer_day = local_day_sql(session, AttemptItemRow.answered_at, now=now, tz=tz)
    answers = {
        as_date(day): (int(count), int(correct or 0), int(ms or 0))
        for day, count, correct, ms in session.execute(
            select(
                answer_day, func.count(), func.sum(case((AttemptItemRow.correct.is_(True), 1), else_=0)),
                func.sum(AttemptItemRow.duration_ms),
            )
            .where(AttemptItemRow.learner_id == learner_id, AttemptItemRow.answered_at >= start, AttemptItemRow.answered_at <= now,
                   counted_answers(learner_id))
            .group_by(answer_day)
        )
    }
    first = now.astimezone(tz).date() - dt.timedelta(days=days - 1)
    result = []
    for offset in range(days):
        day = first + dt.timedelta(days=offset)
        n_reviews, review_ms = reviews.get(day, (0, 0))
        n_answers, n_correct, answer_ms = answers.get(day, (0, 0, 0))
        result.append(DayActivity(day=day, reviews=n_reviews, answers=n_answers, correct=n_correct,
                                  minutes=(review_ms + answer_ms) / 60000))
    return tuple(result)


def study_streak(session: Session, *, learner_id: int, now: dt.datetime, tz: dt.tzinfo = CHINA_TZ) -> tuple[int, bool]:
    """Consecutive local days with any review or answer, ending today (or yesterday); and whether today counts.

    Reads the recorded study days (study/study_days.py), at most STREAK_WINDOW_DAYS of them.
    """
    today = now.astimezone(tz).date()
    days = study_days_since(session, learner_id=learner_id, first_day=today - dt.timedelta(days=STREAK_WINDOW_DAYS), last_day=today)
    return streak_from_days(days, today)


def streak_from_days(active: set[dt.date], today: dt.date) -> tuple[int, bool]:
    """Pure: the streak length ending today or yesterday, and whether today is in it."""
    studied_today = today in active
    day = today if studied_today else today - dt.timedelta(days=1)
    streak = 0
    while day in active:
        streak += 1
        day -= dt.timedelta(days=1)
    return streak, studied_today


def accuracy_since(session: Session, *, learner_id: int, since: dt.datetime, now: dt.datetime) -> tuple[int, float | None]:
    """How many counted answers (see `counted_answers`) since `since`, and their mean score."""
    count, points = session.execute(
        select(func.count(), func.sum(AttemptItemRow.score)).where(
            AttemptItemRow.learner_id == learner_id, AttemptItemRow.answered_at >= since, AttemptItemRow.answered_at <= now,
            AttemptItemRow.score.is_not(None),  # a keyless paper's answers are not scored on this machine
            counted_answers(learner_id),
        )
    ).one()
    return int(count), (float(points or 0.0) / count if count else None)


def exam_history(session: Session, *, learner_id: int, limit: int = 50) -> tuple[ExamRecord, ...]:
    """Submitted timed quizzes and mock exams, newest first."""
    rows = session.execute(
        select(QuizAttemptRow.id, QuizAttemptRow.mode, QuizAttemptRow.submitted_at, QuizAttemptRow.score,
               QuizAttemptRow.max_score, QuizAttemptRow.passed, QuizAttemptRow.paper_uid)
        .where(QuizAttemptRow.learner_id == learner_id, QuizAttemptRow.submitted_at.is_not(None),
               QuizAttemptRow.mode.in_([QuizMode.TIMED, QuizMode.EXAM]))
        .order_by(QuizAttemptRow.submitted_at.desc(), QuizAttemptRow.id.desc())
        .limit(limit)
    )
    return tuple(
        ExamRecord(attempt_id=AttemptId(attempt_id), mode=QuizMode(mode), submitted_at=submitted_at or dt.datetime.min.replace(tzinfo=dt.timezone.utc),
                   percent=100.0 * (score or 0.0) / max_score if max_score else 0.0, passed=bool(passed), paper_uid=paper_uid,
                   score=score, max_score=max_score or 0.0, graded=score is not None)
        for attempt_id, mode, submitted_at, score, max_score, passed, paper_uid in rows
    )


def dashboard(session: Session, *, learner_id: int, now: dt.datetime, tz: dt.tzinfo = CHINA_TZ) -> Dashboard:
    """Everything the home screen shows for one learner, in one call."""
    learner = session.get(LearnerRow, learner_id)
    limit = learner.daily_new_limit if learner is not None else 20
    new_today = session.scalar(
        select(func.count()).select_from(CardStateRow).where(
            CardStateRow.learner_id == learner_id, CardStateRow.introduced_at >= local_day_start(now, tz)
        )
    ) or 0
    seen = select(CardStateRow.flashcard_id).where(CardStateRow.learner_id == learner_id)
    unseen = session.scalar(
        select(func.count()).select_from(FlashcardRow).where(FlashcardRow.status.in_(USABLE_STATUSES), FlashcardRow.id.not_in(seen))
    ) or 0
    leech_count = session.scalar(
        select(func.count()).select_from(CardStateRow).where(CardStateRow.learner_id == learner_id, CardStateRow.leech.is_(True))
    ) or 0
    streak, studied_today = study_streak(session, learner_id=learner_id, now=now, tz=tz)
    evidence = topic_evidence(session, learner_id=learner_id, now=now)
    weak = rank_weak((mastery_of(e) for e in evidence), {e.topic_id: e.position for e in evidence}, limit=5)
    answers_30d, accuracy_30d = accuracy_since(session, learner_id=learner_id, since=now - dt.timedelta(days=30), now=now)
    plan = None
    if session.get(ExamGoalRow, learner_id) is not None:  # the plan decides today's cards while an exam is ahead
        from study.exam_goal import todays_plan  # loaded only for a learner with a goal (start-up stays light)

        plan = todays_plan(session, learner_id=learner_id, now=now, tz=tz)
    if plan is None:
        due, new_available = due_count(session, learner_id=learner_id, now=now), min(max(0, limit - new_today), int(unseen))
    else:
        due, new_available = len(plan.today_review_ids), len(plan.today_new_ids)
        limit = int(new_today) + new_available
    return Dashboard(
        learner_id=LearnerId(learner_id), due_count=due, new_available=new_available,
        new_today=int(new_today), daily_new_limit=limit, streak_days=streak, studied_today=studied_today,
        weak_topics=tuple(weak), accuracy_30d=accuracy_30d, answers_30d=answers_30d,
        recent_exams=exam_history(session, learner_id=learner_id, limit=5),
        unfinished=unfinished_attempt(session, learner_id=learner_id, now=now), leech_count=int(leech_count),
        planned=plan is not None,
    )


def progress_stats(
    session: Session, *, learner_id: int, now: dt.datetime, days: int = 30, tz: dt.tzinfo = CHINA_TZ
) -> ProgressStats:
    """The progress screen: daily activity (and so the accuracy trend), mastery per topic, exams, totals."""
    total_reviews = session.scalar(select(func.count()).select_from(ReviewLogRow).where(ReviewLogRow.learner_id == learner_id)) or 0
    total_answers = session.scalar(
        select(func.count()).select_from(AttemptItemRow).where(AttemptItemRow.learner_id == learner_id, AttemptItemRow.answered_at.is_not(None),
                                                   counted_answers(learner_id))
    ) or 0
    streak, _ = study_streak(session, learner_id=learner_id, now=now, tz=tz)
    return ProgressStats(
        days=daily_activity(session, learner_id=learner_id, now=now, days=days, tz=tz),
        mastery=tuple(topic_mastery(session, learner_id=learner_id, now=now)),
        exams=exam_history(session, learner_id=learner_id), streak_days=streak,
        total_reviews=int(total_reviews), total_answers=int(total_answers),
    )
