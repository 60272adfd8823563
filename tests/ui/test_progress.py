"""Tests for ui/pages/progress.py: charts for a learner with history, the empty state, loading off the UI thread."""

from __future__ import annotations

import random
from typing import cast

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QHorizontalBarSeries, QLineSeries, QStackedBarSeries
from PySide6.QtWidgets import QGridLayout, QWidget
from pytestqt.qtbot import QtBot

from study import progress_stats
from ui.context import UiContext
from ui.demo import build_demo_data
from ui.pages.progress import ACTIVITY_DAYS, ProgressPage


def _cell(grid: QGridLayout, widget: QWidget) -> tuple[int, int]:
    """(row, column) of a widget in a grid (PySide6 types getItemPosition's result as object)."""
    return cast(tuple[int, int, int, int], grid.getItemPosition(grid.indexOf(widget)))[:2]


def _page(ctx: UiContext, qtbot: QtBot) -> ProgressPage:
    page = ProgressPage(ctx)
    qtbot.addWidget(page)
    page.resize(1366 - 150, 768 - 60)
    page.show()
    return page


def test_charts_for_the_demo_learner_match_the_statistics(ui_context: UiContext, qtbot: QtBot) -> None:
    ui_context.learner_id = build_demo_data(ui_context.session_factory, now=ui_context.clock(), rng=random.Random(5))
    page = _page(ui_context, qtbot)
    page.refresh()
    assert page.showing == "busy"  # the statistics load in the background
    qtbot.waitUntil(lambda: page.showing == "charts", timeout=10_000)
    with ui_context.session_factory() as session:
        stats = progress_stats(session, learner_id=ui_context.learner_id, now=ui_context.clock(), days=ACTIVITY_DAYS)

    activity = page.charts["activity"]
    bars = next(s for s in activity.series() if isinstance(s, QBarSeries))
    reviews, answers = bars.barSets()
    assert [reviews.at(i) for i in range(reviews.count())] == [d.reviews for d in stats.days]
    assert sum(answers.at(i) for i in range(answers.count())) == sum(d.answers for d in stats.days)
    assert (reviews.label(), answers.label()) == ("复习卡片（次）", "答题（道）")
    assert [a.titleText() for a in activity.axes()] == ["日期", "次数", "分钟"]

    accuracy = page.charts["accuracy"]
    daily = next(s for s in accuracy.series() if s.name() == "当天正确率")
    assert isinstance(daily, QLineSeries)
    assert [round(p.y(), 3) for p in daily.points()] == [
        round(d.accuracy * 100, 3) for d in stats.days if d.accuracy is not None
    ]

    mastery = page.charts["mastery"]
    series = mastery.series()[0]
    assert isinstance(series, QHorizontalBarSeries)
    titles = next(a for a in mastery.axes() if isinstance(a, QBarCategoryAxis)).categories()
    assert titles == [m.topic_title for m in reversed(stats.mastery)]
    assert len(titles) == 15

    exams = page.charts["exams"]
    stacked = next(s for s in exams.series() if isinstance(s, QStackedBarSeries))
    passed, failed = stacked.barSets()
    assert passed.count() == len(stats.exams) >= 3
    assert sum(1 for i in range(failed.count()) if failed.at(i) > 0) == sum(not e.passed for e in stats.exams)
    pass_line = next(s for s in exams.series() if isinstance(s, QLineSeries))
    assert pass_line.name() == "及格线 60%"
    assert {p.y() for p in pass_line.points()} == {60}
    assert f"连续学习 {stats.streak_days} 天" in page.summary.text()


def test_a_new_learner_sees_the_empty_state(ui_context: UiContext, qtbot: QtBot) -> None:
    page = _page(ui_context, qtbot)
    page.refresh()
    qtbot.waitUntil(lambda: page.showing != "busy", timeout=10_000)
    assert page.showing == "empty"
    assert "还没有学习记录" in page.empty_label.text()
    assert page.charts == {}


def test_without_a_learner_nothing_is_loaded(bare_ui_context: UiContext, qtbot: QtBot) -> None:
    page = _page(bare_ui_context, qtbot)
    page.refresh()
    assert page.showing == "empty"


def test_charts_reflow_into_one_column_at_200_percent(ui_context: UiContext, qtbot: QtBot) -> None:
    ui_context.learner_id = build_demo_data(ui_context.session_factory, now=ui_context.clock(), rng=random.Random(5))
    page = _page(ui_context, qtbot)
    page.refresh()
    qtbot.waitUntil(lambda: page.showing == "charts", timeout=10_000)
    grid = page._grid
    assert _cell(grid, page.chart_views["accuracy"]) == (0, 1)
    font = page.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    page.setFont(font)
    page.resize(page.width() - 1, page.height())
    qtbot.waitUntil(lambda: _cell(grid, page.chart_views["accuracy"]) == (1, 0))
    ui_context.events.appearance_changed.emit()  # charts are redrawn in the new text size
    assert page.charts["activity"].titleFont().pointSizeF() == font.pointSizeF()


def test_chart_axes_step_in_round_whole_numbers() -> None:
    from ui.pages.progress import nice_scale

    scales = {value: nice_scale(value) for value in (0, 1, 3, 7, 28, 30, 37, 120, 999)}
    assert scales == {0: (1, 1), 1: (1, 1), 3: (3, 3), 7: (8, 4), 28: (30, 3), 30: (30, 3), 37: (40, 4),
                      120: (150, 3), 999: (1000, 5)}
    for top, steps in scales.values():
        assert top % steps == 0  # every tick a whole number: never 0/7/15/22/30
