"""A study plan to an exam date (pure): new cards spread to a week before, reviews so recall on the day reaches a target.

The plan is recomputed from the cards' real FSRS states whenever it is asked for, so a missed day is
never lost: what fell behind is spread over the coming days. `build_plan` simulates the rest of the
run-up assuming each planned review is answered 良好 and returns the load per day and today's cards.

Formulas (FSRS-6 with the library's default parameters):
- a card's planned review time is the earlier of its FSRS due time (the learner's desired retention)
  and the time its retrievability falls to the exam target; a card whose retrievability evaluated AT
  the exam (`Scheduler.get_card_retrievability(card, exam_at)`) would still be below the target is
  reviewed on the last day before the exam at the latest;
- new cards (weak topics first, in the order given) go to day ``floor(i * W / N)`` of an introduction
  window of ``W`` days ending ``INTRO_LEAD_DAYS`` before the exam (at least three days when the learner is
  behind or when fewer would overload a day: an exam set a week ahead is not a day of fifty new cards);
- each day is held under twice the average: the run-up is simulated, and if a day is over, simulated again
  with a daily cap (1.8, then 1.5, 1.2 times the average), postponing surplus reviews a day (never past the
  last day before the exam) or bringing reviews forward from crowded coming days onto lighter ones;
- reviews that fell due before today (missed days) go, most overdue first, to day ``floor(j * C / B)``
  of a catch-up window of ``C = min(days left, max(3, 2 * days behind))`` days.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

import fsrs

from foundation.clock import CHINA_TZ

INTRO_LEAD_DAYS = 7  # every card seen at least a week before the exam
EXAM_HOUR = 9  # local time the exam is assumed to start
STUDY_HOUR = 12  # local time a future day's planned study is simulated at
CATCH_UP_MIN_DAYS = 3
DEFAULT_TARGET_RECALL = 0.9
_UTC = dt.timezone.utc


@dataclass(frozen=True)
class PlanCard:
    """One flashcard as the plan sees it: its FSRS card, or None if never studied."""

    flashcard_id: int
    card: fsrs.Card | None


@dataclass(frozen=True)
class PlanDay:
    """The planned load of one local day: new cards, reviews, and how many of the reviews are catch-up."""

    day: dt.date
    new: int
    reviews: int
    catch_up: int = 0

    @property
    def load(self) -> int:
        """Cards to study that day."""
        return self.new + self.reviews


@dataclass(frozen=True)
class CatchUp:
    """What catching up takes: overdue reviews and new cards behind, spread over `days` days."""

    overdue_reviews: int
    new_behind: int
    days: int

    @property
    def extra_per_day(self) -> float:
        """Overdue reviews added to each catch-up day, on average."""
        return self.overdue_reviews / self.days if self.days else float(self.overdue_reviews)


@dataclass(frozen=True)
class StudyPlan:
    """The plan from today to the exam: one entry per day before it, today's cards, and where the learner stands."""

    exam_date: dt.date
    target_recall: float
    today: dt.date
    intro_deadline: dt.date  # last day a new card is introduced
    days: tuple[PlanDay, ...]  # today first, the day before the exam last
    today_review_ids: tuple[int, ...]  # catch-up reviews first, then today's due reviews
    today_new_ids: tuple[int, ...]
    predicted_recall: float  # mean FSRS retrievability at the exam if the plan is followed
    cards_below_target: int  # cards whose predicted recall at the exam stays below the target
    catch_up: CatchUp | None  # None when nothing fell behind

    @property
    def days_left(self) -> int:
        """Study days left before the exam (today included)."""
        return len(self.days)

    @property
    def today_load(self) -> int:
        """Cards still planned for today."""
        return len(self.today_review_ids) + len(self.today_new_ids)

    @property
    def average_load(self) -> float:
        """Mean planned cards per day up to the exam."""
        return sum(d.load for d in self.days) / len(self.days) if self.days else 0.0

    @property
    def on_track(self) -> bool:
        """Nothing overdue, no new cards behind, and the target reached if the plan is followed."""
        return self.catch_up is None and self.cards_below_target == 0


def local_midnight(day: dt.date, tz: dt.tzinfo = CHINA_TZ) -> dt.datetime:
    """The UTC instant a local calendar day begins."""
    return dt.datetime.combine(day, dt.time(0), tzinfo=tz).astimezone(_UTC)


def exam_moment(exam_date: dt.date, tz: dt.tzinfo = CHINA_TZ) -> dt.datetime:
    """The UTC instant the exam is assumed to start (09:00 local)."""
    return dt.datetime.combine(exam_date, dt.time(EXAM_HOUR), tzinfo=tz).astimezone(_UTC)


def intro_window(days_left: int) -> int:
    """Days over which new cards are introduced: up to a week before the exam; once that is past, the first half of what is left."""
    if days_left <= 0:
        return 0
    if days_left >= INTRO_LEAD_DAYS:
        return days_left - INTRO_LEAD_DAYS + 1
    return max(1, (days_left + 1) // 2)


def expected_seen(*, total_cards: int, set_on: dt.date, exam_date: dt.date, today: dt.date) -> int:
    """Cards that should have been introduced before today by the plan made on `set_on`."""
    window = intro_window((exam_date - set_on).days)
    elapsed = (today - set_on).days
    if window <= 0 or elapsed <= 0:
        return 0
    return math.floor(total_cards * min(1.0, elapsed / window))


def target_interval_days(stability: float, target: float, scheduler: fsrs.Scheduler) -> int:
    """Whole days until FSRS retrievability falls to `target` (at least 1; floor, so never past it)."""
    decay = -float(scheduler.parameters[20])
    factor = float(0.9 ** (1 / decay)) - 1
    days = stability / factor * (float(target ** (1 / decay)) - 1)
    return max(1, math.floor(days))


def planned_review_time(card: fsrs.Card, *, target: float, scheduler: fsrs.Scheduler) -> dt.datetime:
    """The earlier of the FSRS due time and the time recall falls to the target."""
    if card.state != fsrs.State.Review or card.stability is None or card.last_review is None:
        return card.due
    return min(card.due, card.last_review + dt.timedelta(days=target_interval_days(card.stability, target, scheduler)))


class _Calendar:
    """Day indexes from today (0) to the day before the exam (days_left - 1)."""

    def __init__(self, *, now: dt.datetime, exam_date: dt.date, tz: dt.tzinfo) -> None:
        self.now = now
        self.tz = tz
        self.today = now.astimezone(tz).date()
        self.days_left = (exam_date - self.today).days
        self.exam_at = exam_moment(exam_date, tz)
        self.start = local_midnight(self.today, tz)

    def index(self, moment: dt.datetime) -> int:
        """The day index of a moment (negative before today)."""
        return (moment.astimezone(self.tz).date() - self.today).days

    def study_time(self, index: int) -> dt.datetime:
        """When day `index`'s cards are studied: now for today, local noon later."""
        if index <= 0:
            return self.now
        day = self.today + dt.timedelta(days=index)
        return dt.datetime.combine(day, dt.time(STUDY_HOUR), tzinfo=self.tz).astimezone(_UTC)


def _review_until_graduated(scheduler: fsrs.Scheduler, card: fsrs.Card, when: dt.datetime) -> fsrs.Card:
    """Answer 良好 now and through the same day's learning steps, as a learner sitting through a session does."""
    card, _ = scheduler.review_card(card, fsrs.Rating.Good, when)
    while card.state != fsrs.State.Review:
        card, _ = scheduler.review_card(card, fsrs.Rating.Good, card.due)
    return card


@dataclass
class _Item:
    """A card waiting in the simulation: a new card to introduce, a catch-up review or a planned review."""

    flashcard_id: int
    card: fsrs.Card | None  # None: introduce it
    catch_up: bool = False
    pulled: bool = False
    studied_on: int = -1  # day index of its last review (negative: before today)


@dataclass
class _Run:
    """What one simulation gave."""

    new: list[int]
    reviews: list[int]
    catch_up: list[int]
    final: list[fsrs.Card]
    today: list[_Item]


def build_plan(
    *,
    cards: Sequence[PlanCard],
    exam_date: dt.date,
    target_recall: float,
    desired_retention: float,
    now: dt.datetime,
    expected_seen_by_today: int = 0,
    introduced_today: int = 0,
    reviewed_today: int = 0,
    tz: dt.tzinfo = CHINA_TZ,
) -> StudyPlan | None:
    """Plan the days from `now` to the exam; None on or after the exam date (the normal schedule resumes).

    The run-up is simulated twice: once as scheduled, then with a daily cap of 1.8 times that average
    (at least one card), pulling reviews forward from overloaded days onto lighter earlier ones, so that no
    day carries more than twice the average load.

    Args:
        cards: every usable flashcard; never-studied ones in the order they should come (weak topics first).
        expected_seen_by_today: cards the plan made when the goal was set had introduced before today.
        introduced_today, reviewed_today: new cards and (other) reviews already done today, so that
            today's quotas count them instead of handing out more.
    """
    calendar = _Calendar(now=now, exam_date=exam_date, tz=tz)
    days_left = calendar.days_left
    if days_left <= 0:
        return None
    scheduler = fsrs.Scheduler(desired_retention=desired_retention, enable_fuzzing=False)
    seen = [c for c in cards if c.card is not None]
    fresh = [c.flashcard_id for c in cards if c.card is None]
    start: dict[int, list[_Item]] = {}
    new_behind = max(0, expected_seen_by_today - (len(seen) - introduced_today))
    overdue: list[tuple[dt.datetime, PlanCard]] = []
    for plan_card in seen:
        assert plan_card.card is not None
        due = planned_review_time(plan_card.card, target=target_recall, scheduler=scheduler)
        if calendar.index(due) < 0:
            overdue.append((due, plan_card))
            continue
        index = _before_exam(plan_card.card, calendar.index(due), calendar=calendar, target=target_recall, scheduler=scheduler)
        last = plan_card.card.last_review
        studied_on = calendar.index(last) if last is not None else -1
        start.setdefault(index, []).append(_Item(plan_card.flashcard_id, plan_card.card, studied_on=studied_on))
    overdue.sort(key=lambda pair: (pair[0], pair[1].flashcard_id))  # most overdue first
    behind_days = -calendar.index(overdue[0][0]) if overdue else 0
    catch_days = min(days_left, max(CATCH_UP_MIN_DAYS, 2 * behind_days))
    for j, (_due, plan_card) in enumerate(overdue):  # spread over the catch-up window, counting today's reviews
        index = math.floor((j + reviewed_today) * catch_days / (len(overdue) + reviewed_today))
        start.setdefault(index, []).append(_Item(plan_card.flashcard_id, plan_card.card, catch_up=True))

    def simulate(cap: int | None, window: int) -> _Run:
        pending = {day: list(items) for day, items in start.items()}
        for i, flashcard_id in enumerate(fresh):  # evenly over the window, counting those introduced today
            day = math.floor((i + introduced_today) * window / (len(fresh) + introduced_today))
            pending.setdefault(day, []).append(_Item(flashcard_id, None))
        run = _Run(new=[0] * days_left, reviews=[0] * days_left, catch_up=[0] * days_left, final=[], today=[])
        for day in range(days_left):
            items = pending.pop(day, [])
            if cap is not None:
                _level(pending, items, day=day, cap=cap, days_left=days_left)
            if day == 0:
                run.today = list(items)
            when = calendar.study_time(day)
            for item in items:
                card = item.card or fsrs.Card(card_id=item.flashcard_id, due=when)
                if item.card is None:
                    run.new[day] += 1
                else:
                    run.reviews[day] += 1
                    run.catch_up[day] += item.catch_up
                card = _review_until_graduated(scheduler, card, when)
                following = _next_day(card, calendar=calendar, target=target_recall, scheduler=scheduler, after=day)
                if following < days_left:
                    pending.setdefault(following, []).append(_Item(item.flashcard_id, card, studied_on=day))
                else:
                    run.final.append(card)
        for items in pending.values():  # planned on or after the exam: kept as they stand
            run.final.extend(item.card for item in items if item.card is not None)
        return run

    def levelled(window: int) -> _Run:
        run = simulate(None, window)
        for share in (1.8, 1.5, 1.2):
            if not _overloaded(run, days_left):
                break
            average = (sum(run.new) + sum(run.reviews)) / days_left
            run = simulate(max(1, math.floor(share * average)), window)
        return run

    window = intro_window(days_left)
    relaxed = max(window, min(days_left, CATCH_UP_MIN_DAYS))
    if new_behind:  # behind on new cards: never all on one day
        window = relaxed
    run = levelled(window)
    if relaxed > window and _overloaded(run, days_left):  # a week before is too close: new cards over a few days
        window = relaxed
        run = levelled(window)
    exam_recall = [scheduler.get_card_retrievability(card, calendar.exam_at) for card in run.final]
    behind = CatchUp(overdue_reviews=len(overdue), new_behind=new_behind, days=catch_days) if overdue or new_behind else None
    days = tuple(
        PlanDay(day=calendar.today + dt.timedelta(days=i), new=run.new[i], reviews=run.reviews[i], catch_up=run.catch_up[i])
        for i in range(days_left)
    )
    today_reviews = sorted((item for item in run.today if item.card is not None and _ready(item.card, now)),
                           key=lambda item: (not item.catch_up, item.pulled, item.card.due if item.card else now))
    return StudyPlan(
        exam_date=exam_date,
        target_recall=target_recall,
        today=calendar.today,
        intro_deadline=calendar.today + dt.timedelta(days=window - 1),
        days=days,
        today_review_ids=tuple(item.flashcard_id for item in today_reviews),
        today_new_ids=tuple(item.flashcard_id for item in run.today if item.card is None),
        predicted_recall=sum(exam_recall) / len(exam_recall) if exam_recall else 1.0,
        cards_below_target=sum(1 for r in exam_recall if r < target_recall - 1e-9),
        catch_up=behind,
    )


PULL_LOOKAHEAD_DAYS = 7


def _overloaded(run: _Run, days_left: int) -> bool:
    """Whether some day carries more than twice the average load."""
    loads = [n + r for n, r in zip(run.new, run.reviews)]
    return max(loads) > 2 * sum(loads) / days_left


def _ready(card: fsrs.Card, now: dt.datetime) -> bool:
    """A card in its learning steps waits for its step (minutes); a review card due later today can come now."""
    return card.state == fsrs.State.Review or card.due <= now


def _level(pending: dict[int, list[_Item]], items: list[_Item], *, day: int, cap: int, days_left: int) -> None:
    """Keep `day` at `cap`: postpone its surplus reviews a day (never past the last day before the exam), or,
    when it has room, bring reviews forward from the nearest coming days that are over the cap."""
    if len(items) > cap and day + 1 < days_left:
        movable = [i for i, item in enumerate(items) if item.card is not None and not item.catch_up]
        surplus = movable[len(movable) - min(len(movable), len(items) - cap):]
        moved = [items[i] for i in surplus]
        for i in reversed(surplus):
            del items[i]
        pending[day + 1] = moved + pending.get(day + 1, [])
        return
    for ahead in range(day + 1, min(days_left, day + 1 + PULL_LOOKAHEAD_DAYS)):
        later = pending.get(ahead, [])
        while len(items) < cap and len(later) > cap:
            reviews = [i for i, item in enumerate(later) if item.card is not None and item.studied_on < day]
            if not reviews:
                break
            item = later.pop(reviews[-1])
            item.pulled = True
            items.append(item)
        if len(items) >= cap:
            return


def _before_exam(card: fsrs.Card, index: int, *, calendar: _Calendar, target: float, scheduler: fsrs.Scheduler) -> int:
    """A planned day on or after the exam moves to the day before it if recall at the exam would miss the target."""
    if index >= calendar.days_left and scheduler.get_card_retrievability(card, calendar.exam_at) < target:
        return calendar.days_left - 1
    return index


def _next_day(card: fsrs.Card, *, calendar: _Calendar, target: float, scheduler: fsrs.Scheduler, after: int) -> int:
    """The day index of a card's next planned review (at least the day after `after`, when it was studied)."""
    index = max(after + 1, calendar.index(planned_review_time(card, target=target, scheduler=scheduler)))
    return _before_exam(card, index, calendar=calendar, target=target, scheduler=scheduler)
