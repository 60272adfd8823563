"""进度 page: charts of daily activity, accuracy trend, mastery per topic and exam history (QtCharts)."""

from __future__ import annotations

import datetime as dt
import math

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QLineSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QPointF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QResizeEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from foundation.clock import CHINA_TZ
from study import ProgressStats
from ui.context import UiContext
from ui.operations import Change
from ui.quiz_defaults import quiz_defaults
from ui.theme import is_dark
from ui.widgets.forecast_chart import ForecastChart
from ui.widgets.labels import page_title
from ui.widgets.scrolling import scroll_area

ACTIVITY_DAYS = 30
_REVIEWS, _ANSWERS, _MINUTES = QColor("#3b7dd8"), QColor("#e0903a"), QColor("#4aa36c")
_PASSED, _FAILED, _PASS_LINE = QColor("#4aa36c"), QColor("#d65a4a"), QColor("#8a8a8a")


class ProgressPage(QWidget):
    """Statistics load off the UI thread; the page shows a busy note, an empty state or four charts."""

    title = "进度"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        ctx.events.changed.connect(self.on_changed)
        self.stats: ProgressStats | None = None
        self.charts: dict[str, QChart] = {}
        self._generation = 0

        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.busy_label = QLabel("正在统计学习记录……")
        self.busy_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label = QLabel(
            "还没有学习记录。\n到“学习”翻几张记忆卡片，或在“测验”做一次练习，这里就会画出你的进度。"
        )
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.error_label = QLabel("")
        self.error_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.error_label.setWordWrap(True)

        self.chart_views = {name: QChartView() for name in ("activity", "accuracy", "mastery", "exams")}
        grid_host = QWidget()
        self._grid = QGridLayout(grid_host)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._columns = 0
        for view in self.chart_views.values():
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.forecast_chart = ForecastChart(ctx)  # forecast beside real score per mock exam (its own module)
        self._grid.addWidget(self.forecast_chart, 10, 0, 1, 2)
        scroll = scroll_area(grid_host)
        # The page's one Tab stop: the charts run below the window, and arrows or Page Down scroll them.
        scroll.setObjectName("keyboardScroll")
        scroll.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._grid_host = grid_host

        self.stack = QStackedWidget()
        for widget in (self.busy_label, self.empty_label, self.error_label, scroll):
            self.stack.addWidget(widget)
        self._charts_panel = scroll

        layout = QVBoxLayout(self)
        layout.addWidget(page_title("学习进度"))
        layout.addWidget(self.summary)
        layout.addWidget(self.stack, 1)
        ctx.events.appearance_changed.connect(self._redraw)
        self._reflow()

    def _reflow(self) -> None:
        """Two columns of charts when there is room for them at the current text size, else one."""
        columns = 2 if self.width() >= self.fontMetrics().height() * 52 else 1
        if columns == self._columns:
            return
        self._columns = columns
        for view in self.chart_views.values():
            self._grid.removeWidget(view)
        for index, name in enumerate(("activity", "accuracy", "mastery", "exams")):
            # only the mastery chart grows with the topic count; the others keep their height at the top
            align = Qt.AlignmentFlag(0) if name == "mastery" else Qt.AlignmentFlag.AlignTop
            self._grid.addWidget(self.chart_views[name], index // columns, index % columns, align)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        """Reflow the charts for the new width."""
        super().resizeEvent(event)
        self._reflow()

    # ----- loading ---------------------------------------------------------------------------------
    @property
    def showing(self) -> str:
        """Which state is on screen: 'busy', 'empty', 'error' or 'charts'."""
        return ("busy", "empty", "error", "charts")[self.stack.currentIndex()]

    def refresh(self) -> None:
        """Load the current learner's statistics in the background, then draw them."""
        learner_id = self.ctx.learner_id
        self._generation += 1
        generation = self._generation
        if learner_id is None:
            self.stats = None
            self.summary.setText("")
            self.stack.setCurrentWidget(self.empty_label)
            return
        self.stack.setCurrentWidget(self.busy_label)
        self.forecast_chart.refresh()
        now = self.ctx.clock()

        def load(session: Session) -> ProgressStats:
            from study import progress_stats

            return progress_stats(session, learner_id=learner_id, now=now, days=ACTIVITY_DAYS)

        self.ctx.ops.read_in_background(
            load,
            on_done=lambda stats: self._loaded(generation, stats),
            on_error=lambda error, _details: self._failed(generation, error),
            busy_text="正在统计学习记录……",
            parent=self,
        )

    def _loaded(self, generation: int, stats: ProgressStats) -> None:
        if generation != self._generation:
            return  # a newer refresh is on its way
        self.stats = stats
        self._redraw()

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self.error_label.setText(f"统计学习记录时出错：{error}")
        self.stack.setCurrentWidget(self.error_label)

    def wait_until_idle(self, msecs: int = 10_000) -> bool:
        """Block until background loads have run (shutdown and tests)."""
        return self.ctx.ops.wait_for_done(msecs)

    def on_changed(self, changes: Change) -> None:
        """New answers, reviews or settings change the statistics."""
        if changes & (Change.STUDY | Change.SETTINGS | Change.LEARNER) and self.isVisible():
            self.refresh()

    def suspend(self) -> None:
        """A load in flight delivers to a generation nobody waits for; nothing to stop."""

    # ----- drawing ---------------------------------------------------------------------------------
    def _redraw(self) -> None:
        stats = self.stats
        if stats is None:
            return
        if not stats.total_reviews and not stats.total_answers:
            self.summary.setText("")
            self.stack.setCurrentWidget(self.empty_label)
            return
        exams = len(stats.exams)
        self.summary.setText(
            f"连续学习 {stats.streak_days} 天 · 累计复习卡片 {stats.total_reviews} 次 · "
            f"累计答题 {stats.total_answers} 道 · 考试 {exams} 次"
        )
        self.charts = {
            "activity": self._activity_chart(stats),
            "accuracy": self._accuracy_chart(stats),
            "mastery": self._mastery_chart(stats),
            "exams": self._exam_chart(stats),
        }
        line = self.fontMetrics().height()
        for view in self.chart_views.values():
            view.setMinimumHeight(line * 18)
            view.setMinimumWidth(line * 20)
        self.chart_views["mastery"].setMinimumHeight(line * max(18, int(len(stats.mastery) * 2.2) + 6))
        self._columns = 0
        self._reflow()
        self.stack.setCurrentWidget(self._charts_panel)

    def _new_chart(self, name: str, title: str) -> QChart:
        """The view's own chart, emptied and styled for the current theme and text size.

        Each view keeps its one QChart for its whole life: swapping charts in and out of a view
        hands C++ ownership back and forth, which PySide cannot follow.
        """
        chart = self.chart_views[name].chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
            axis.deleteLater()
        dark = is_dark(self.palette())
        chart.setTheme(QChart.ChartTheme.ChartThemeDark if dark else QChart.ChartTheme.ChartThemeLight)
        if dark:
            chart.setBackgroundBrush(self.palette().base())
        chart.setTitle(title)
        title_font = QFont(self.font())
        title_font.setBold(True)
        chart.setTitleFont(title_font)
        chart.legend().setFont(self.font())
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        return chart

    def _axis_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 0.95)
        return font

    def _value_axis(self, title: str, low: float, high: float, *, integer: bool = True, ticks: int = 5) -> QValueAxis:
        axis = QValueAxis()
        axis.setRange(low, high)
        axis.setTitleText(title)
        axis.setTitleFont(self._axis_font())
        axis.setLabelsFont(self._axis_font())
        axis.setLabelFormat("%d" if integer else "%.1f")
        axis.setTickCount(ticks)  # 0..100 in 5 ticks reads 0/25/50/75/100
        return axis

    def _category_axis(self, categories: list[str], title: str = "") -> QBarCategoryAxis:
        axis = QBarCategoryAxis()
        axis.append(categories)
        axis.setLabelsFont(self._axis_font())
        if title:
            axis.setTitleText(title)
            axis.setTitleFont(self._axis_font())
        return axis

    def _day_axis(self, days: tuple[dt.date, ...]) -> QCategoryAxis:
        """An x axis over day indexes 0..n-1, naming about six of the days so labels never crowd."""
        axis = QCategoryAxis()
        axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        axis.setRange(-0.5, len(days) - 0.5)
        step = max(1, round(len(days) / 6))
        for index in sorted(range(len(days) - 1, -1, -step)):  # end values must ascend
            axis.append(f"{days[index].month}/{days[index].day}", index)
        axis.setLabelsFont(self._axis_font())
        axis.setTitleText("日期")
        axis.setTitleFont(self._axis_font())
        axis.setGridLineVisible(False)
        return axis

    def _activity_chart(self, stats: ProgressStats) -> QChart:
        chart = self._new_chart("activity", f"每日学习（近{len(stats.days)}天）")
        reviews, answers = QBarSet("复习卡片（次）"), QBarSet("答题（道）")
        reviews.setColor(_REVIEWS)
        answers.setColor(_ANSWERS)
        minutes = QLineSeries()
        minutes.setName("学习时长（分钟）")
        minutes.setPen(QPen(_MINUTES, 2))
        minutes.setPointsVisible(True)
        for index, day in enumerate(stats.days):
            reviews.append(day.reviews)
            answers.append(day.answers)
            minutes.append(QPointF(index, day.minutes))
        bars = QBarSeries()
        bars.append(reviews)
        bars.append(answers)
        chart.addSeries(bars)
        chart.addSeries(minutes)
        axis_x = self._day_axis(tuple(d.day for d in stats.days))
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        count_top, count_steps = nice_scale(max([1] + [max(d.reviews, d.answers) for d in stats.days]))
        axis_count = self._value_axis("次数", 0, count_top, ticks=count_steps + 1)
        chart.addAxis(axis_count, Qt.AlignmentFlag.AlignLeft)
        minute_top, minute_steps = nice_scale(max([1.0] + [d.minutes for d in stats.days]))
        axis_minutes = self._value_axis("分钟", 0, minute_top, ticks=minute_steps + 1)
        chart.addAxis(axis_minutes, Qt.AlignmentFlag.AlignRight)
        for series, axis_y in ((bars, axis_count), (minutes, axis_minutes)):
            series.attachAxis(axis_x)
            series.attachAxis(axis_y)
        return chart

    def _accuracy_chart(self, stats: ProgressStats) -> QChart:
        chart = self._new_chart("accuracy", "答题正确率趋势")
        daily = QLineSeries()
        daily.setName("当天正确率")
        daily.setPointsVisible(True)
        daily.setPen(QPen(_ANSWERS, 1.5, Qt.PenStyle.DotLine))
        rolling = QLineSeries()
        rolling.setName("近7天正确率")
        rolling.setPen(QPen(_REVIEWS, 2.5))
        for index, day in enumerate(stats.days):
            if day.accuracy is not None:
                daily.append(QPointF(index, day.accuracy * 100))
            window = stats.days[max(0, index - 6) : index + 1]
            answered = sum(d.answers for d in window)
            if answered:
                rolling.append(QPointF(index, 100 * sum(d.correct for d in window) / answered))
        chart.addSeries(daily)
        chart.addSeries(rolling)
        axis_x = self._day_axis(tuple(d.day for d in stats.days))
        axis_y = self._value_axis("正确率（%）", 0, 100)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        for series in (daily, rolling):
            series.attachAxis(axis_x)
            series.attachAxis(axis_y)
        return chart

    def _mastery_chart(self, stats: ProgressStats) -> QChart:
        chart = self._new_chart("mastery", "各专题掌握程度")
        values = QBarSet("掌握程度（%）")
        values.setColor(_REVIEWS)
        titles = []
        for topic in reversed(stats.mastery):  # the first topic at the top
            titles.append(topic.topic_title)
            values.append(round(topic.mastery * 100))
        series = QHorizontalBarSeries()
        series.append(values)
        series.setLabelsVisible(True)
        series.setLabelsFormat("@value%")
        chart.addSeries(series)
        axis_y = self._category_axis(titles)
        axis_x = self._value_axis("掌握程度（%）", 0, 100)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_y)
        series.attachAxis(axis_x)
        chart.legend().setVisible(False)
        return chart

    def _exam_chart(self, stats: ProgressStats) -> QChart:
        chart = self._new_chart("exams", "考试成绩")
        exams = sorted(stats.exams, key=lambda e: e.submitted_at)
        if not exams:
            chart.setTitle("考试成绩（还没有提交过限时测验或模拟考试）")
        passed, failed = QBarSet("通过"), QBarSet("未通过")
        passed.setColor(_PASSED)
        failed.setColor(_FAILED)
        labels = []
        for exam in exams:
            local = exam.submitted_at.astimezone(CHINA_TZ)
            labels.append(f"{local.month}/{local.day} {exam.mode.label}")
            passed.append(round(exam.percent) if exam.passed else 0)
            failed.append(0 if exam.passed else round(exam.percent))
        bars = QStackedBarSeries()
        bars.append(passed)
        bars.append(failed)
        chart.addSeries(bars)
        pass_mark = quiz_defaults(self.ctx.settings).pass_mark
        pass_line = QLineSeries()
        pass_line.setName(f"及格线 {pass_mark}%")
        pass_line.setPen(QPen(_PASS_LINE, 2, Qt.PenStyle.DashLine))
        pass_line.append(QPointF(-0.5, pass_mark))
        pass_line.append(QPointF(max(len(exams), 1) - 0.5, pass_mark))
        chart.addSeries(pass_line)
        axis_x = self._category_axis(labels or [""])
        axis_x.setLabelsAngle(-30 if len(exams) > 4 else 0)
        axis_y = self._value_axis("得分（%）", 0, 100)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        for series in (bars, pass_line):
            series.attachAxis(axis_x)
            series.attachAxis(axis_y)
        return chart




def nice_scale(value: float, *, max_intervals: int = 5) -> tuple[int, int]:
    """A round axis top at or above `value` and how many equal whole-number steps reach it.

    The step is 1, 2 or 5 times a power of ten, so the ticks read 0/10/20/30 and never 0/7/15/22/30.
    """
    top = max(1.0, float(value))
    magnitude = 1
    while True:
        for base in (1, 2, 5):
            step = base * magnitude
            intervals = math.ceil(top / step)
            if intervals <= max_intervals:
                return step * intervals, intervals
        magnitude *= 10
