"""Tests for ui/widgets/plan_card.py on 首页: no plan, then a plan to an exam date with the forecast, then cleared."""

from __future__ import annotations

import datetime as dt

from pytestqt.qtbot import QtBot

from tests.ui.conftest import FakeClock
from ui.context import UiContext
from ui.pages.home import HomePage
from ui.widgets.plan_card import ExamGoalDialog, PlanCard


def test_the_home_page_shows_the_plan_and_forecast_once_an_exam_date_is_set(
    qtbot: QtBot, ui_context: UiContext, fake_clock: FakeClock
) -> None:
    home = HomePage(ui_context)
    qtbot.addWidget(home)
    card = home.plan_card
    assert isinstance(card, PlanCard)
    with qtbot.waitSignal(card.loaded):
        home.refresh()
    assert "未设置考试日期" in card.plan_label.text() and "预计得分" in card.forecast_label.text()
    assert card.goal_button.text().startswith("设置考试日期")
    with qtbot.waitSignal(card.loaded):
        card.apply_goal(fake_clock().date() + dt.timedelta(days=20), 0.92)
    text = card.plan_label.text()
    assert "距考试还有20天" in text and "今日计划：复习0张，新学" in text and "进度正常" in text and "目标92%" in text
    assert card.goal_button.text().startswith("修改考试日期")
    with qtbot.waitSignal(card.loaded):
        card.apply_goal(None)
    assert "未设置考试日期" in card.plan_label.text()


def test_no_learner_hides_the_plan(qtbot: QtBot, bare_ui_context: UiContext) -> None:
    card = PlanCard(bare_ui_context)
    qtbot.addWidget(card)
    card.refresh()
    assert card.isHidden()


def test_the_dialog_starts_three_weeks_ahead_and_offers_clearing_only_for_a_set_goal(qtbot: QtBot) -> None:
    today = dt.date(2026, 11, 27)
    dialog = ExamGoalDialog(None, today=today)
    qtbot.addWidget(dialog)
    assert dialog.chosen_date() == dt.date(2026, 12, 18) and dialog.target.value() == 90
    dialog.date.setDate(dialog.date.minimumDate().addDays(-5))
    assert dialog.chosen_date() == dt.date(2026, 11, 28)  # never today or before
