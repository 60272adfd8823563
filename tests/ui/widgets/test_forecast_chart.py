"""Tests for ui/widgets/forecast_chart.py on 进度: hidden without mock exams, one point per exam after them."""

from __future__ import annotations

import random

from pytestqt.qtbot import QtBot

from study import QuizMode, QuizSpec, start_quiz, submit_attempt
from tests.ui.conftest import FakeClock
from ui.context import UiContext
from ui.pages.progress import ProgressPage
from ui.widgets.forecast_chart import ForecastChart


def test_the_progress_page_draws_forecast_and_score_per_mock_exam(
    qtbot: QtBot, ui_context: UiContext, fake_clock: FakeClock
) -> None:
    page = ProgressPage(ui_context)
    qtbot.addWidget(page)
    page.refresh()
    page.wait_until_idle()
    chart = page.forecast_chart
    assert isinstance(chart, ForecastChart) and chart.isHidden() and chart.records == ()
    assert ui_context.learner_id is not None
    for _ in range(2):
        with ui_context.session_factory() as session, session.begin():
            attempt = start_quiz(session, learner_id=ui_context.learner_id, spec=QuizSpec(count=5, mode=QuizMode.EXAM),
                                 now=fake_clock(), rng=random.Random(1))
            submit_attempt(session, attempt_id=attempt, now=fake_clock.advance(minutes=10))
    page.refresh()
    page.wait_until_idle()
    assert len(chart.records) == 2 and all(r.actual_percent == 0 for r in chart.records)
    assert [s.name() for s in chart.chart().series()] == ["预测范围", "考前预测", "实际得分"]
