"""Mastery, weak topics with reasons, daily activity by local day, streak and the dashboard."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy.orm import Session, sessionmaker

from study.attempts import answer_question, submit_attempt
from study.mastery import TopicEvidence, drill_spec, mastery_of, topic_mastery, weak_reason, weak_topics
from study.quiz import load_quiz_session, start_quiz
from study.scheduling import review_flashcard
from study.stats import dashboard, daily_activity, progress_stats, streak_from_days
from study.types import QuizMode, QuizSpec, Rating
from tests.study.conftest import SmallBank
from tests.study.test_quiz import correct_display_answer, wrong_display_answer


def _evidence(answers: tuple[tuple[int, int, float], ...] = (), recalls: tuple[float, ...] = (), due: int = 0, total: int = 3) -> TopicEvidence:
    return TopicEvidence(topic_id=1, topic_title="原则", position=(1, 0), answers_by_age=answers,
                         card_retrievabilities=recalls, cards_due=due, cards_total=total)


def test_mastery_weighs_recent_answers_more_and_blends_card_recall() -> None:
    recent_right = mastery_of(_evidence(((0, 10, 10.0), (28, 10, 0.0))))
    recent_wrong = mastery_of(_evidence(((0, 10, 0.0), (28, 10, 10.0))))
    assert recent_right.mastery > 0.6 > 0.4 > recent_wrong.mastery
    assert recent_right.accuracy_30d == recent_wrong.accuracy_30d == 0.5
    one_lucky = mastery_of(_evidence(((0, 1, 1.0),)))
    assert one_lucky.mastery == 0.5 and one_lucky.quiz_accuracy == 1.0  # smoothed: one answer is not mastery
    cards_only = mastery_of(_evidence(recalls=(0.9, 0.6), due=1))
    assert cards_only.mastery == (0.9 + 0.6) / 3 and cards_only.retrievability == 0.75
    both = mastery_of(_evidence(((0, 9, 9.0),), recalls=(1.0, 1.0, 1.0)))
    assert both.mastery == 12 / 13  # 0.6 * 0.9 + 0.4 * 1.0 = 0.94, capped by 9 answers and 3 cards reviewed
    assert mastery_of(_evidence()).mastery == 0.0
    assert weak_reason(mastery_of(_evidence())) == "尚未练习"
    assert weak_reason(mastery_of(_evidence(((3, 20, 9.0),), recalls=(0.5,) * 8, due=8, total=8))) == "近30天正确率45%，8张卡片已到期"
    assert weak_reason(mastery_of(_evidence(((40, 20, 9.0),)))) == "掌握度33%"  # old answers weigh little against the smoothing


def test_mastery_needs_evidence_one_review_is_not_full_mastery() -> None:
    """Right after one review a card's recall is about 100%: mastery still waits for more evidence."""
    sequence = [mastery_of(_evidence(recalls=(1.0,) * reviewed, total=1 if reviewed <= 1 else reviewed)).mastery
                for reviewed in (0, 1, 3, 9)]
    assert sequence == [0.0, 0.5, 0.75, 0.9]
    after_answers = [round(mastery_of(_evidence(((0, n, float(n)),), recalls=(1.0,), total=1)).mastery, 3)
                     for n in (1, 4, 19)]
    assert after_answers == [0.667, 0.833, 0.952]  # n answers + 1 card: at most (n+1)/(n+2), never 100%


def test_weak_topics_rank_struggling_then_never_practised_then_nearly_there() -> None:
    from study.mastery import rank_weak
    from study.types import TopicMastery

    def topic(topic_id: int, mastery: float, *, practised: bool = True, due: int = 0) -> TopicMastery:
        return TopicMastery(topic_id=topic_id, topic_title=f"专题{topic_id}", mastery=mastery,  # type: ignore[arg-type]
                            quiz_accuracy=mastery if practised else None, answers_30d=10 if practised else 0,
                            accuracy_30d=mastery if practised else None, retrievability=None, cards_due=due,
                            cards_total=3, cards_reviewed=0)

    masteries = [topic(1, 0.75), topic(2, 0.0, practised=False), topic(3, 0.3), topic(4, 0.0, practised=False),
                 topic(5, 0.9), topic(6, 0.9, due=2), topic(7, 0.45)]
    order = {i: (1, i) for i in range(1, 8)}
    ranked = [int(w.topic_id) for w in rank_weak(masteries, order, limit=10)]
    assert ranked == [3, 7, 2, 4, 1, 6]  # 5 is secure; the 75% topic comes after those never practised
    assert [int(w.topic_id) for w in rank_weak(masteries, order, limit=3)] == [3, 7, 2]


def test_streak_counts_consecutive_local_days_ending_today_or_yesterday() -> None:
    today = dt.date(2026, 11, 27)
    days = {today - dt.timedelta(days=n) for n in (1, 2, 3, 5)}
    assert streak_from_days(days, today) == (3, False)
    assert streak_from_days(days | {today}, today) == (4, True)
    assert streak_from_days({today - dt.timedelta(days=2)}, today) == (0, False)


def _sit(factory: sessionmaker[Session], topic: int, right_share: float, at: dt.datetime, rng: random.Random, count: int = 7) -> None:
    with factory() as s, s.begin():
        attempt_id = start_quiz(s, learner_id=1, spec=QuizSpec(topic_ids=(topic,), count=count, mode=QuizMode.EXAM), now=at, rng=rng)
        views = load_quiz_session(s, attempt_id, at).items
        for i, view in enumerate(views):
            right = correct_display_answer(s, view)
            answer_question(s, attempt_id=attempt_id, position=i, now=at, duration_ms=30_000,
                            answer=right if i < round(right_share * len(views)) else wrong_display_answer(view, right))
        submit_attempt(s, attempt_id=attempt_id, now=at + dt.timedelta(minutes=5))


def test_a_learners_progress_weak_topics_and_dashboard(
    factory: sessionmaker[Session], bank: SmallBank, learner_id: int, now: dt.datetime, rng: random.Random
) -> None:
    t1, t2, t3, t4 = bank.topic_ids
    day = dt.timedelta(days=1)
    with factory() as s:
        fresh = weak_topics(s, learner_id=learner_id, now=now)
    assert [(w.topic_id, w.reason) for w in fresh] == [(t, "尚未练习") for t in bank.topic_ids]
    _sit(factory, t1, 1.0, now - 3 * day, rng)
    _sit(factory, t2, 3 / 7, now - 2 * day, rng)
    _sit(factory, t1, 1.0, now - day, rng)
    with factory() as s, s.begin():
        for card in bank.flashcard_ids[6:9]:  # topic 3's cards, reviewed and now overdue
            review_flashcard(s, learner_id=learner_id, flashcard_id=card, rating=Rating.GOOD, now=now - 2 * day, enable_fuzzing=False)
    with factory() as s:
        weak = weak_topics(s, learner_id=learner_id, now=now)
        mastery = {int(m.topic_id): m for m in topic_mastery(s, learner_id=learner_id, now=now)}
        board = dashboard(s, learner_id=learner_id, now=now)
        stats = progress_stats(s, learner_id=learner_id, now=now, days=7)
    # t2 struggles (43%); t4 was never practised; t3's cards are due but were recalled well: last
    assert [(w.topic_id, w.reason) for w in weak] == [(t2, "近30天正确率43%"), (t4, "尚未练习"), (t3, "3张卡片已到期")]
    assert mastery[t1].mastery > mastery[t2].mastery and mastery[t1].accuracy_30d == 1.0
    assert drill_spec(weak, count=15).topic_ids == (t2, t4, t3)
    assert (board.due_count, board.new_today, board.new_available) == (3, 0, 9)
    assert (board.streak_days, board.studied_today) == (3, False)
    assert board.answers_30d == 21 and board.accuracy_30d == 17 / 21
    assert [round(e.percent) for e in board.recent_exams] == [100, 43, 100] and board.unfinished is None
    assert [w.topic_id for w in board.weak_topics] == [t2, t4, t3]
    activity = [(a.day.isoformat(), a.reviews, a.answers, a.correct, a.minutes) for a in stats.days]
    assert activity == [
        ("2026-11-21", 0, 0, 0, 0.0), ("2026-11-22", 0, 0, 0, 0.0), ("2026-11-23", 0, 0, 0, 0.0),
        ("2026-11-24", 0, 7, 7, 3.5), ("2026-11-25", 3, 7, 3, 3.5), ("2026-11-26", 0, 7, 7, 3.5),
        ("2026-11-27", 0, 0, 0, 0.0),
    ]
    assert stats.total_reviews == 3 and stats.total_answers == 21 and len(stats.exams) == 3


def test_days_are_local_calendar_days(
    factory: sessionmaker[Session], bank: SmallBank, learner_id: int, now: dt.datetime
) -> None:
    # 15:30 UTC is 23:30 in China; 16:30 UTC is already the next local day.
    base = dt.datetime(2026, 11, 26, 15, 30, tzinfo=dt.timezone.utc)
    with factory() as s, s.begin():
        review_flashcard(s, learner_id=learner_id, flashcard_id=bank.flashcard_ids[0], rating=Rating.GOOD, now=base)
        review_flashcard(s, learner_id=learner_id, flashcard_id=bank.flashcard_ids[1], rating=Rating.GOOD, now=base + dt.timedelta(hours=1))
    with factory() as s:
        china = daily_activity(s, learner_id=learner_id, now=now, days=2)
        utc = daily_activity(s, learner_id=learner_id, now=now, days=2, tz=dt.timezone.utc)
    assert [(a.day.day, a.reviews) for a in china] == [(26, 1), (27, 1)]
    assert [(a.day.day, a.reviews) for a in utc] == [(26, 2), (27, 0)]


def test_a_long_streak_is_counted_across_the_look_back_windows(
    factory: sessionmaker[Session], bank: SmallBank, learner_id: int, now: dt.datetime
) -> None:
    from study.stats import study_streak

    card = bank.flashcard_ids[0]
    with factory() as s, s.begin():
        for days_ago in [*range(0, 57), *range(58, 70)]:  # 57 days in a row up to today, a gap, then older days
            review_flashcard(s, learner_id=learner_id, flashcard_id=card, rating=Rating.GOOD,
                             now=now - dt.timedelta(days=days_ago), enable_fuzzing=False, cram=True)
    with factory() as s:
        assert study_streak(s, learner_id=learner_id, now=now) == (57, True)
        assert study_streak(s, learner_id=learner_id, now=now - dt.timedelta(days=60)) == (10, True)  # days 60..69 ago


def test_an_unsubmitted_exam_counts_in_no_statistic_until_it_is_handed_in(
    factory: sessionmaker[Session], bank: SmallBank, learner_id: int, now: dt.datetime, rng: random.Random
) -> None:
    from study.attempts import exam_in_progress

    t1 = bank.topic_ids[0]
    _sit(factory, t1, 4 / 7, now - dt.timedelta(days=1), rng)

    def figures() -> tuple[int, object, object, object, object, object]:
        with factory() as s:
            board = dashboard(s, learner_id=learner_id, now=now)
            stats = progress_stats(s, learner_id=learner_id, now=now, days=3)
            return (board.answers_30d, board.accuracy_30d, tuple(w.reason for w in board.weak_topics),
                    tuple(m.mastery for m in stats.mastery), stats.total_answers, tuple(d.correct for d in stats.days))

    before = figures()
    with factory() as s, s.begin():
        attempt_id = start_quiz(s, learner_id=learner_id, now=now, rng=rng,
                                spec=QuizSpec(topic_ids=(t1,), count=5, mode=QuizMode.EXAM, time_limit_s=600))
        views = load_quiz_session(s, attempt_id, now).items
    seen = []
    for answers in ("right", "wrong", "right"):  # the learner changes answers back and forth
        with factory() as s, s.begin():
            for i, view in enumerate(views):
                right = correct_display_answer(s, view)
                answer_question(s, attempt_id=attempt_id, position=i, now=now,
                                answer=right if answers == "right" else wrong_display_answer(view, right))
            assert exam_in_progress(s, learner_id=learner_id, now=now) is not None
        seen.append(figures())
    assert seen == [before] * 3
    with factory() as s, s.begin():
        submit_attempt(s, attempt_id=attempt_id, now=now)
        assert exam_in_progress(s, learner_id=learner_id, now=now) is None
    after = figures()
    assert after[0] == before[0] + 5 and after != before  # handed in: now the answers count

    with factory() as s, s.begin():  # practice answers count as given: practice shows the feedback anyway
        practice = start_quiz(s, learner_id=learner_id, now=now, rng=rng,
                              spec=QuizSpec(topic_ids=(t1,), count=1, mode=QuizMode.PRACTICE))
        view = load_quiz_session(s, practice, now).items[0]
        answer_question(s, attempt_id=practice, position=0, now=now, answer=correct_display_answer(s, view))
        assert exam_in_progress(s, learner_id=learner_id, now=now) is None
    assert figures()[0] == after[0] + 1
