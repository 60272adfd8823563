"""首页's exam-plan panel: days left, today's load, on track or what catching up takes, and the readiness forecast."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sqlalchemy.orm import Session

if TYPE_CHECKING:  # the plan and the forecast load when the card first refreshes, after start-up
    from study.exam_goal import ExamGoal
    from study.forecast import ScoreForecast
    from study.plan import StudyPlan

from foundation.clock import CHINA_TZ
from study.types import QuizMode, QuizSpec
from ui.context import UiContext
from ui.widgets.labels import section_title
from ui.operations import Change

FIRST_LOAD_DELAY_MS = 300


class PlanCard(QFrame):
    """Renders `todays_plan` and `readiness_forecast` for the current learner; sets or clears the exam date."""

    loaded = Signal()  # the plan and forecast on screen are current

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.goal: ExamGoal | None = None
        self._generation = 0
        self._shown = 0  # the generation on screen
        self.setObjectName("card")  # the shared card look (ui/style.py), like the stat tiles beside it
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)  # never squeezed by the columns below
        layout = QVBoxLayout(self)
        header = QHBoxLayout()
        header.addWidget(section_title("考试计划"), 1)
        self.goal_button = QPushButton("设置考试日期(&D)…")
        self.goal_button.clicked.connect(self.edit_goal)
        header.addWidget(self.goal_button)
        layout.addLayout(header)
        self.plan_label = QLabel()
        self.plan_label.setWordWrap(True)
        self.forecast_label = QLabel()
        self.forecast_label.setWordWrap(True)
        layout.addWidget(self.plan_label)
        layout.addWidget(self.forecast_label)

    def refresh(self) -> None:
        """Reload the plan and the forecast (a mock exam as the quiz settings define it) off the UI thread."""
        learner_id = self.ctx.learner_id
        self.setVisible(learner_id is not None)
        self._generation += 1
        if learner_id is None:
            return
        from ui.quiz_defaults import quiz_defaults

        defaults = quiz_defaults(self.ctx.settings)
        spec = QuizSpec(mode=QuizMode.EXAM, count=defaults.count, pass_mark=defaults.pass_mark / 100)
        now = self.ctx.clock()
        generation = self._generation

        def load(session: Session) -> tuple[ExamGoal | None, StudyPlan | None, ScoreForecast | None]:
            from study.exam_goal import exam_goal, todays_plan  # off start-up: the card loads after the window
            from study.readiness import readiness_forecast

            return (exam_goal(session, learner_id=learner_id), todays_plan(session, learner_id=learner_id, now=now),
                    readiness_forecast(session, learner_id=learner_id, spec=spec, now=now))

        def start() -> None:
            if generation == self._generation:
                self.ctx.ops.read_in_background(load, on_done=lambda result: self._show(generation, *result),
                                                parent=self)

        if self._shown == 0:  # the first load waits until the window is up: it is not what start-up waits for
            QTimer.singleShot(FIRST_LOAD_DELAY_MS, start)
        else:
            start()

    def _show(self, generation: int, goal: ExamGoal | None, plan: StudyPlan | None, forecast: ScoreForecast | None) -> None:
        if generation != self._generation:
            return  # a newer refresh is on its way
        self.goal = goal
        self._shown = generation
        from study.plan_text import forecast_text, plan_lines

        self.plan_label.setText("\n".join(plan_lines(plan)))
        self.forecast_label.setText("" if forecast is None else forecast_text(forecast))
        self.goal_button.setText("修改考试日期(&D)…" if goal is not None else "设置考试日期(&D)…")
        self.loaded.emit()

    @property
    def pending(self) -> bool:
        """Whether a load is still on its way, or its text not yet laid out (screenshots wait for both)."""
        if self.ctx.learner_id is None:
            return False
        return self._shown != self._generation or self.height() < self.minimumSizeHint().height()

    def wait_until_idle(self, msecs: int = 10_000) -> bool:
        """Block until background loads have run (shutdown and tests)."""
        return self.ctx.ops.wait_for_done(msecs)

    def apply_goal(self, exam_date: dt.date | None, target_recall: float = 0.9) -> None:
        """Set the exam date and target (or clear them with None), then refresh."""
        learner_id = self.ctx.learner_id
        if learner_id is None:
            return
        now = self.ctx.clock()

        def save(session: Session) -> None:
            from study.exam_goal import clear_exam_goal, set_exam_goal

            if exam_date is None:
                clear_exam_goal(session, learner_id=learner_id)
            else:
                set_exam_goal(session, learner_id=learner_id, exam_date=exam_date, target_recall=target_recall, now=now)

        if self.ctx.ops.write_now(save, changes=Change.SETTINGS, parent=self) is not None:
            self.refresh()

    def edit_goal(self) -> None:
        """The exam-date dialog."""
        dialog = ExamGoalDialog(self.goal, today=self.ctx.clock().astimezone(CHINA_TZ).date(), parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.apply_goal(dialog.chosen_date(), dialog.target.value() / 100)
        elif dialog.cleared:
            self.apply_goal(None)


class ExamGoalDialog(QDialog):
    """Choose the exam date and the recall wanted on the day; or clear the goal."""

    def __init__(self, goal: ExamGoal | None, *, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("考试日期")
        self.cleared = False
        form = QFormLayout(self)
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy年M月d日")
        tomorrow = today + dt.timedelta(days=1)
        self.date.setMinimumDate(QDate(tomorrow.year, tomorrow.month, tomorrow.day))
        chosen = goal.exam_date if goal is not None else today + dt.timedelta(days=21)
        self.date.setDate(QDate(chosen.year, chosen.month, chosen.day))
        self.target = QSpinBox()
        self.target.setRange(70, 99)
        self.target.setSuffix("%")
        self.target.setValue(round(100 * goal.target_recall) if goal is not None else 90)
        form.addRow("考试日期：", self.date)
        form.addRow("考试当天的目标记忆率：", self.target)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        if goal is not None:
            clear = buttons.addButton("取消考试日期", QDialogButtonBox.ButtonRole.DestructiveRole)
            clear.clicked.connect(self._clear)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def chosen_date(self) -> dt.date:
        """The date in the editor."""
        value = self.date.date()
        return dt.date(value.year(), value.month(), value.day())

    def _clear(self) -> None:
        self.cleared = True
        self.reject()
