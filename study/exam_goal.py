"""A learner's exam goal (date and target recall), today's plan toward it, and the queue that follows the plan."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from foundation.errors import UserError
from question_bank.models import FlashcardRow, TopicRow
from study.goal_models import ExamGoalRow
from study.models import CardStateRow, LearnerRow
from study.plan import DEFAULT_TARGET_RECALL, PlanCard, StudyPlan, build_plan, expected_seen, local_midnight
from question_bank.vocabulary import USABLE_STATUSES
from study.queue import card_view, daily_queue
from study.scheduling import card_from_row
from foundation.clock import CHINA_TZ
from study.types import DailyQueue

TARGET_RANGE = (0.7, 0.99)
MAX_DAYS_AHEAD = 730


@dataclass(frozen=True)
class ExamGoal:
    """The exam a learner studies toward."""

    exam_date: dt.date
    target_recall: float
    set_on: dt.date


def exam_goal(session: Session, *, learner_id: int) -> ExamGoal | None:
    """The learner's exam goal, if one is set."""
    row = session.get(ExamGoalRow, learner_id)
    return None if row is None else ExamGoal(exam_date=row.exam_date, target_recall=row.target_recall, set_on=row.set_on)


def set_exam_goal(
    session: Session, *, learner_id: int, exam_date: dt.date, now: dt.datetime,
    target_recall: float = DEFAULT_TARGET_RECALL, tz: dt.tzinfo = CHINA_TZ,
) -> ExamGoal:
    """Set (or move) the learner's exam date and target recall; the plan starts today.

    Raises:
        UserError: the date is not after today or more than two years away, or the target is out of range.
    """
    if session.get(LearnerRow, learner_id) is None:
        raise UserError(f"找不到编号为{learner_id}的学员。")
    today = now.astimezone(tz).date()
    if exam_date <= today:
        raise UserError("考试日期应在今天之后。")
    if (exam_date - today).days > MAX_DAYS_AHEAD:
        raise UserError("考试日期不能晚于两年之后。")
    if not TARGET_RANGE[0] <= target_recall <= TARGET_RANGE[1]:
        raise UserError("考试当天的目标记忆率应在70%到99%之间。")
    row = session.get(ExamGoalRow, learner_id)
    if row is None:
        row = ExamGoalRow(learner_id=learner_id, exam_date=exam_date, target_recall=target_recall, set_on=today)
        session.add(row)
    else:
        if row.exam_date != exam_date:
            row.set_on = today
        row.exam_date, row.target_recall = exam_date, target_recall
    session.flush()
    return ExamGoal(exam_date=row.exam_date, target_recall=row.target_recall, set_on=row.set_on)


def clear_exam_goal(session: Session, *, learner_id: int) -> None:
    """Forget the learner's exam goal (the normal schedule applies again)."""
    row = session.get(ExamGoalRow, learner_id)
    if row is not None:
        session.delete(row)
        session.flush()


def plan_cards(session: Session, *, learner_id: int, now: dt.datetime) -> list[PlanCard]:
    """Every usable flashcard with the learner's FSRS state; never-studied cards weak topics first, then bank order."""
    from study.mastery import weak_topics

    rows = session.execute(
        select(FlashcardRow.id, FlashcardRow.topic_id)
        .join(TopicRow, TopicRow.id == FlashcardRow.topic_id)
        .where(FlashcardRow.status.in_(USABLE_STATUSES))
        .order_by(TopicRow.document_id, TopicRow.position, FlashcardRow.id)
    ).all()
    states = {
        row.flashcard_id: row
        for row in session.scalars(select(CardStateRow).where(CardStateRow.learner_id == learner_id))
    }
    rank = {int(w.topic_id): i for i, w in enumerate(weak_topics(session, learner_id=learner_id, now=now, limit=1000))}
    seen = [PlanCard(fid, card_from_row(states[fid])) for fid, _topic in rows if fid in states]
    fresh = [(rank.get(topic, len(rank)), position, fid) for position, (fid, topic) in enumerate(rows) if fid not in states]
    fresh.sort()
    return seen + [PlanCard(fid, None) for _rank, _position, fid in fresh]


def todays_plan(session: Session, *, learner_id: int, now: dt.datetime, tz: dt.tzinfo = CHINA_TZ) -> StudyPlan | None:
    """The plan from today to the learner's exam, or None without a goal or once the exam date has come."""
    goal = exam_goal(session, learner_id=learner_id)
    learner = session.get(LearnerRow, learner_id)
    if goal is None or learner is None or goal.exam_date <= now.astimezone(tz).date():
        return None
    cards = plan_cards(session, learner_id=learner_id, now=now)
    introduced_today, reviewed_today = done_today(session, learner_id=learner_id, now=now, tz=tz)
    return build_plan(
        cards=cards, exam_date=goal.exam_date, target_recall=goal.target_recall,
        desired_retention=learner.desired_retention, now=now, tz=tz,
        expected_seen_by_today=expected_seen(total_cards=len(cards), set_on=goal.set_on, exam_date=goal.exam_date,
                                             today=now.astimezone(tz).date()),
        introduced_today=introduced_today, reviewed_today=reviewed_today,
    )


def done_today(session: Session, *, learner_id: int, now: dt.datetime, tz: dt.tzinfo = CHINA_TZ) -> tuple[int, int]:
    """Cards introduced since local midnight, and other cards reviewed since then (schedule-changing reviews)."""
    day_start = local_midnight(now.astimezone(tz).date(), tz)
    introduced = session.scalar(
        select(func.count()).select_from(CardStateRow).where(
            CardStateRow.learner_id == learner_id, CardStateRow.introduced_at >= day_start)
    ) or 0
    reviewed = session.scalar(
        select(func.count()).select_from(CardStateRow).where(
            CardStateRow.learner_id == learner_id, CardStateRow.last_review >= day_start,
            CardStateRow.introduced_at < day_start)
    ) or 0
    return int(introduced), int(reviewed)


def plan_queue(session: Session, *, learner_id: int, now: dt.datetime, tz: dt.tzinfo = CHINA_TZ) -> DailyQueue:
    """Today's cards: the plan's while an exam goal is ahead, otherwise the normal daily queue."""
    plan = todays_plan(session, learner_id=learner_id, now=now, tz=tz)
    if plan is None:
        return daily_queue(session, learner_id=learner_id, now=now, tz=tz)
    due = tuple(v for fid in plan.today_review_ids if (v := card_view(session, learner_id=learner_id, flashcard_id=fid)))
    new = tuple(v for fid in plan.today_new_ids if (v := card_view(session, learner_id=learner_id, flashcard_id=fid)))
    introduced, _reviewed = done_today(session, learner_id=learner_id, now=now, tz=tz)
    return DailyQueue(due=due, new=new, new_introduced_today=introduced, daily_new_limit=introduced + len(new))
