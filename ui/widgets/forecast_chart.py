"""进度's forecast chart: the score forecast made before each mock exam beside the score then got (QtCharts)."""

from __future__ import annotations

from PySide6.QtCharts import QAreaSeries, QChart, QChartView, QLineSeries, QValueAxis
from PySide6.QtCore import QMargins, QPointF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QWidget

from study.readiness import ForecastRecord, forecast_history
from ui.context import UiContext

_PREDICTED, _ACTUAL = QColor("#3b7dd8"), QColor("#e0903a")


class ForecastChart(QChartView):
    """Hidden until the learner has sat a mock exam; then one point per exam: forecast (with its range) and score."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.records: tuple[ForecastRecord, ...] = ()
        self._band_edges: tuple[QLineSeries, QLineSeries] | None = None
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setVisible(False)

    def refresh(self) -> None:
        """Reload the stored forecasts of the current learner and redraw."""
        learner_id = self.ctx.learner_id
        records: tuple[ForecastRecord, ...] = ()
        if learner_id is not None:
            records = self.ctx.ops.read_now(lambda session: forecast_history(session, learner_id=learner_id))
        self.records = records
        self.setVisible(bool(records))
        if records:
            self._draw(records)

    def _draw(self, records: tuple[ForecastRecord, ...]) -> None:
        chart = self.chart()  # the view keeps its one chart (see ProgressPage._new_chart)
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
            axis.deleteLater()
        title_font = QFont(self.font())
        title_font.setBold(True)
        chart.setTitle("模拟考试：考前预测与实际得分")
        chart.setTitleFont(title_font)
        chart.legend().setFont(self.font())
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        low, high, predicted, actual = QLineSeries(), QLineSeries(), QLineSeries(), QLineSeries()
        for index, record in enumerate(records, start=1):
            low.append(QPointF(index, record.low_percent))
            high.append(QPointF(index, record.high_percent))
            predicted.append(QPointF(index, record.predicted_percent))
            actual.append(QPointF(index, record.actual_percent))
        band = QAreaSeries(high, low)
        self._band_edges = (high, low)  # the area series does not own its edges: keep them alive with the chart
        band.setName("预测范围")
        fill = QColor(_PREDICTED)
        fill.setAlpha(50)
        band.setBrush(fill)
        band.setPen(QPen(Qt.PenStyle.NoPen))
        predicted.setName("考前预测")
        predicted.setPen(QPen(_PREDICTED, 2))
        predicted.setPointsVisible(True)
        actual.setName("实际得分")
        actual.setPen(QPen(_ACTUAL, 2))
        actual.setPointsVisible(True)
        x_axis = QValueAxis()
        x_axis.setRange(0.5, len(records) + 0.5)
        x_axis.setTickCount(min(len(records), 10) + 1)
        x_axis.setLabelFormat("%d")
        x_axis.setTitleText("第几次模拟考试")
        y_axis = QValueAxis()
        y_axis.setRange(0, 100)
        y_axis.setLabelFormat("%d")
        y_axis.setTitleText("得分")
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        for series in (band, predicted, actual):
            chart.addSeries(series)
            series.attachAxis(x_axis)
            series.attachAxis(y_axis)
        self.setMinimumHeight(self.fontMetrics().height() * 18)
