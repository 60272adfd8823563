"""A paper's exam date meets the learner's exam goal: adopted when the learner has none, offered when theirs differs.

A trainer may give a paper the unit's exam date. When a learner opens such a paper:

- without an exam goal (or with one whose day has passed) the app adopts the paper's date, keeping the learner's
  target recall, and says so on the start screen;
- with a goal on that very day nothing changes;
- with a goal on another day the learner's own date stays: the start screen offers the paper's date and only
  the learner's click (`adopt_paper_exam_date`) moves the goal. Opening the paper again never overwrites a
  date the learner set after adopting the paper's.

A paper date that is today or already past, or more than two years ahead, is shown but never planned toward.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from sqlalchemy.orm import Session

from foundation.clock import CHINA_TZ
from study.exam_goal import MAX_DAYS_AHEAD, ExamGoal, exam_goal, set_exam_goal
from study.plan import DEFAULT_TARGET_RECALL
from trainer.paper_file import Paper


class DateMatch(enum.Enum):
    """How a paper's exam date stands to the learner's exam goal."""

    NO_DATE = "no_date"  # the paper names no exam date
    PASSED = "passed"  # the paper's date is today or past: nothing to plan toward
    TOO_FAR = "too_far"  # more than two years ahead (a hand-edited file): shown, never planned toward
    NO_GOAL = "no_goal"  # the learner has no goal ahead: the paper's date is adopted
    SAME = "same"  # the learner's goal is already on that day
    DIFFERENT = "different"  # the learner's own date differs: offered, never imposed


@dataclass(frozen=True)
class PaperExamDate:
    """The paper's exam date beside the learner's goal, and whether opening the paper adopted it."""

    paper_date: dt.date | None
    own_date: dt.date | None  # the learner's goal date (after adoption, the paper's)
    match: DateMatch
    adopted: bool = False  # this opening set the learner's goal to the paper's date


def date_match(*, paper_date: dt.date | None, goal: ExamGoal | None, today: dt.date) -> DateMatch:
    """Compare a paper's exam date with the learner's goal (a goal whose day has come counts as none)."""
    if paper_date is None:
        return DateMatch.NO_DATE
    if paper_date <= today:
        return DateMatch.PASSED
    if (paper_date - today).days > MAX_DAYS_AHEAD:
        return DateMatch.TOO_FAR
    if goal is None or goal.exam_date <= today:
        return DateMatch.NO_GOAL
    return DateMatch.SAME if goal.exam_date == paper_date else DateMatch.DIFFERENT


def paper_exam_date(session: Session, paper: Paper, *, learner_id: int, now: dt.datetime,
                    tz: dt.tzinfo = CHINA_TZ) -> PaperExamDate:
    """What the start screen says about the paper's exam date, without changing anything."""
    goal = exam_goal(session, learner_id=learner_id)
    today = now.astimezone(tz).date()
    match = date_match(paper_date=paper.exam_date, goal=goal, today=today)
    own = goal.exam_date if goal is not None and goal.exam_date > today else None
    return PaperExamDate(paper_date=paper.exam_date, own_date=own, match=match)


def take_paper_exam_date(session: Session, paper: Paper, *, learner_id: int, now: dt.datetime,
                         tz: dt.tzinfo = CHINA_TZ) -> PaperExamDate:
    """Opening a paper: adopt its exam date when the learner has no goal ahead; otherwise change nothing."""
    seen = paper_exam_date(session, paper, learner_id=learner_id, now=now, tz=tz)
    if seen.match is not DateMatch.NO_GOAL:
        return seen
    goal = _adopt(session, paper, learner_id=learner_id, now=now, tz=tz)
    return PaperExamDate(paper_date=paper.exam_date, own_date=goal.exam_date, match=DateMatch.SAME, adopted=True)


def adopt_paper_exam_date(session: Session, paper: Paper, *, learner_id: int, now: dt.datetime,
                          tz: dt.tzinfo = CHINA_TZ) -> ExamGoal:
    """改用试卷的考试日期: the learner moves their goal to the paper's date (their target recall kept).

    Raises:
        UserError: the paper names no date ahead, or the learner does not exist.
    """
    return _adopt(session, paper, learner_id=learner_id, now=now, tz=tz)


def _adopt(session: Session, paper: Paper, *, learner_id: int, now: dt.datetime, tz: dt.tzinfo) -> ExamGoal:
    from foundation.errors import UserError

    if paper.exam_date is None:
        raise UserError("这份试卷没有指定考试日期。")
    goal = exam_goal(session, learner_id=learner_id)
    target = goal.target_recall if goal is not None else DEFAULT_TARGET_RECALL
    return set_exam_goal(session, learner_id=learner_id, exam_date=paper.exam_date, now=now, target_recall=target, tz=tz)
