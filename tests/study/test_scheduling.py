"""FSRS scheduling as a learner's first two weeks, previews, cramming and leeches."""

from __future__ import annotations

import datetime as dt

import fsrs
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from study.learners import update_learner_settings
from study.models import CardStateRow, ReviewLogRow
from study.queue import daily_queue, leeches
from study.scheduling import interval_label, next_intervals, review_flashcard
from study.types import Rating
from tests.study.conftest import SmallBank

RATINGS = {  # each card's ratings, in the order it comes up
    0: [3, 3, 3, 1, 3, 3, 3, 3, 3, 3],
    1: [4, 3, 3, 3, 3, 3, 3, 3, 3, 3],
    2: [2, 2, 3, 1, 3, 3, 3, 4, 3, 3],
}
# (day, sitting minute, card index, rating, interval) as FSRS-6 gives them with fuzzing off:
EXPECTED = [
    (0, 0, 0, 3, "10分钟"), (0, 0, 1, 4, "8天"),  # the daily limit of 2 new cards
    (0, 10, 0, 3, "2天"),
    (1, 0, 2, 2, "6分钟"),  # the third card is new the next day
    (1, 10, 2, 2, "6分钟"),
    (1, 20, 2, 3, "10分钟"),
    (2, 0, 2, 1, "1分钟"),
    (2, 10, 2, 3, "10分钟"), (2, 10, 0, 3, "11天"),  # most overdue first
    (2, 20, 2, 3, "1天"),
    (3, 20, 2, 3, "2天"),
    (5, 20, 2, 4, "5天"),
    (8, 0, 1, 3, "1.3个月"),
    (10, 20, 2, 3, "11天"),
    (13, 10, 0, 1, "10分钟"),  # a lapse: relearning
    (13, 20, 0, 3, "2天"),
]


def test_a_learners_first_two_weeks_follow_fsrs_exactly(
    factory: sessionmaker[Session], bank: SmallBank, learner_id: int, now: dt.datetime
) -> None:
    topic = (bank.topic_ids[0],)
    cards = bank.flashcard_ids[:3]
    with factory() as s, s.begin():
        update_learner_settings(s, learner_id, daily_new_limit=2)
    given = {i: iter(r) for i, r in RATINGS.items()}
    log = []
    for day in range(14):
        for minute in (0, 10, 20):
            at = now + dt.timedelta(days=day, minutes=minute)
            with factory() as s:
                queue = daily_queue(s, learner_id=learner_id, now=at, topic_ids=topic)
            for card in queue.cards:
                index = cards.index(card.flashcard_id)
                rating = next(given[index])
                with factory() as s, s.begin():
                    result = review_flashcard(s, learner_id=learner_id, flashcard_id=card.flashcard_id,
                                              rating=Rating(rating), now=at, enable_fuzzing=False)
                log.append((day, minute, index, rating, interval_label(result.interval), result.due))
    assert [entry[:5] for entry in log] == EXPECTED

    # Cross-check against fsrs itself, replaying each card's reviews at the same times.
    scheduler = fsrs.Scheduler(enable_fuzzing=False)
    replay = {i: fsrs.Card(card_id=cards[i], due=now) for i in range(3)}
    for day, minute, index, rating, _, due in log:
        at = now + dt.timedelta(days=day, minutes=minute)
        replay[index], _ = scheduler.review_card(replay[index], fsrs.Rating(rating), at)
        assert replay[index].due == due
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(ReviewLogRow)) == len(EXPECTED)
        lapses = dict(s.execute(select(CardStateRow.flashcard_id, CardStateRow.lapses)).all())
    assert lapses == {cards[0]: 1, cards[1]: 0, cards[2]: 0}  # forgetting while still learning is no lapse


def test_rating_buttons_preview_what_each_rating_gives(
    factory: sessionmaker[Session], bank: SmallBank, learner_id: int, now: dt.datetime
) -> None:
    card = bank.flashcard_ids[0]
    with factory() as s:
        fresh = next_intervals(s, learner_id=learner_id, flashcard_id=card, now=now)
    assert [(p.rating.label, p.label) for p in fresh] == [("重来", "1分钟"), ("困难", "6分钟"), ("良好", "10分钟"), ("简单", "8天")]
    with factory() as s, s.begin():
        review_flashcard(s, learner_id=learner_id, flashcard_id=card, rating=Rating.EASY, now=now, enable_fuzzing=False)
    with factory() as s:
        later = next_intervals(s, learner_id=learner_id, flashcard_id=card, now=now + dt.timedelta(days=8))
    assert [p.interval for p in later] == sorted(p.interval for p in later)
    assert later[0].label == "10分钟" and later[3].interval > dt.timedelta(days=20)


def test_cram_reviews_are_logged_but_leave_the_schedule_alone(
    factory: sessionmaker[Session], bank: SmallBank, learner_id: int, now: dt.datetime
) -> None:
    card = bank.flashcard_ids[4]
    with factory() as s, s.begin():
        first = review_flashcard(s, learner_id=learner_id, flashcard_id=card, rating=Rating.EASY, now=now, enable_fuzzing=False)
    def state() -> tuple[object, ...]:
        with factory() as s:
            row = s.scalars(select(CardStateRow).where(CardStateRow.flashcard_id == card)).one()
            return (row.state, row.step, row.stability, row.difficulty, row.due, row.last_review, row.reps, row.lapses)
    before = state()
    for hours, rating in ((1, Rating.AGAIN), (30, Rating.GOOD), (50, Rating.AGAIN)):
        with factory() as s, s.begin():
            crammed = review_flashcard(s, learner_id=learner_id, flashcard_id=card, rating=rating,
                                       now=now + dt.timedelta(hours=hours), cram=True)
        assert crammed.cram and crammed.due == first.due
    assert state() == before
    with factory() as s, s.begin():
        untouched = review_flashcard(s, learner_id=learner_id, flashcard_id=bank.flashcard_ids[5], rating=Rating.GOOD, now=now, cram=True)
        assert untouched.cram
        assert s.scalar(select(func.count()).select_from(CardStateRow).where(CardStateRow.flashcard_id == bank.flashcard_ids[5])) == 0
        assert s.scalar(select(func.count()).select_from(ReviewLogRow).where(ReviewLogRow.cram.is_(True))) == 4


def test_a_card_forgotten_eight_times_becomes_a_leech(
    factory: sessionmaker[Session], bank: SmallBank, learner_id: int, now: dt.datetime
) -> None:
    card = bank.flashcard_ids[7]
    at = now
    became = []
    with factory() as s, s.begin():
        result = review_flashcard(s, learner_id=learner_id, flashcard_id=card, rating=Rating.EASY, now=at, enable_fuzzing=False)
    for _ in range(8):
        at = result.due
        with factory() as s, s.begin():
            lapse = review_flashcard(s, learner_id=learner_id, flashcard_id=card, rating=Rating.AGAIN, now=at, enable_fuzzing=False)
        became.append((lapse.lapses, lapse.became_leech))
        at = lapse.due
        with factory() as s, s.begin():
            result = review_flashcard(s, learner_id=learner_id, flashcard_id=card, rating=Rating.GOOD, now=at, enable_fuzzing=False)
    assert became == [(n, n == 8) for n in range(1, 9)]
    assert result.leech and not result.became_leech
    with factory() as s:
        found = leeches(s, learner_id=learner_id)
    assert [(c.flashcard_id, c.lapses, c.leech) for c in found] == [(card, 8, True)]
    assert found[0].quote  # studied from the source text
