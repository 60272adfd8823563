"""ui/pages/flashcards.py with an exam goal: 学习 hands out the plan's cards, not the daily limit's."""

from __future__ import annotations

import datetime as dt

from pytestqt.qtbot import QtBot

from study.exam_goal import set_exam_goal, todays_plan
from tests.ui.conftest import FakeClock
from ui.context import UiContext
from ui.pages.flashcards import FlashcardsPage


def test_the_study_page_follows_the_exam_plan(qtbot: QtBot, ui_context: UiContext, fake_clock: FakeClock) -> None:
    assert ui_context.learner_id is not None
    with ui_context.session_factory() as session, session.begin():
        set_exam_goal(session, learner_id=ui_context.learner_id, exam_date=fake_clock().date() + dt.timedelta(days=8),
                      now=fake_clock())
        plan = todays_plan(session, learner_id=ui_context.learner_id, now=fake_clock())
    assert plan is not None and plan.today_new_ids
    page = FlashcardsPage(ui_context)
    qtbot.addWidget(page)
    page.refresh()
    assert [int(card.flashcard_id) for card in page.queue] == list(plan.today_review_ids + plan.today_new_ids)
