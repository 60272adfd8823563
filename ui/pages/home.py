"""首页: today's cards, streak, the unfinished exam to resume, recent scores and the weakest topics."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from study import Dashboard, UnfinishedAttempt, WeakTopic, dashboard, drill_spec, get_learner
from ui.context import UiContext
from ui.item_models import exam_history_model, local_time_text, percent_text
from ui.formatting import countdown_text
from ui.operations import Change
from ui.widgets.labels import StatTile, page_title, section_title, tint
from ui.widgets.plan_card import PlanCard
from ui.widgets.scrolling import scrolling_body


class HomePage(QWidget):
    """Renders `study.dashboard` for the current learner; its buttons ask the window to navigate."""

    title = "首页"

    study_requested = Signal()
    page_requested = Signal(str)
    resume_requested = Signal(int)  # attempt id
    shared_resume_requested = Signal(str)  # the uid of a paper published on the shared server
    quiz_requested = Signal(object)  # QuizSpec (强化练习)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        ctx.events.changed.connect(self.on_changed)
        self.board: Dashboard | None = None
        self.unfinished: UnfinishedAttempt | None = None  # the board's, or a sitting on the shared server
        self._read_at = ctx.clock()  # when `board` was read (the resume banner counts down from it)
        layout = scrolling_body(self)

        self.greeting = page_title("首页")
        layout.addWidget(self.greeting)

        self.resume_frame = QFrame()
        self.resume_frame.setObjectName("banner")
        self._resume_timer = QTimer(self)  # the remaining time counts down while 首页 is on screen
        self._resume_timer.setInterval(1000)
        self._resume_timer.timeout.connect(self._tick_unfinished)
        resume_layout = QHBoxLayout(self.resume_frame)
        self.resume_label = QLabel()
        self.resume_label.setWordWrap(True)
        self.resume_button = QPushButton("继续作答(&C)")
        self.resume_button.clicked.connect(self._resume)
        resume_layout.addWidget(self.resume_label, 1)
        resume_layout.addWidget(self.resume_button)
        layout.addWidget(self.resume_frame)

        tiles = QGridLayout()
        self.due_tile = StatTile("今日到期卡片")
        self.new_tile = StatTile("今日新卡片")
        self.streak_tile = StatTile("连续学习")
        self.accuracy_tile = StatTile("近30天正确率")
        for column, tile in enumerate((self.due_tile, self.new_tile, self.streak_tile, self.accuracy_tile)):
            tiles.addWidget(tile, 0, column)
        layout.addLayout(tiles)

        actions = QHBoxLayout()
        self.study_button = QPushButton("开始今日学习(&S)")
        self.study_button.setProperty("role", "primary")
        self.study_button.clicked.connect(self.study_requested.emit)
        self.quiz_button = QPushButton("去测验(&Q)")
        self.quiz_button.clicked.connect(lambda: self.page_requested.emit("quiz_setup"))
        actions.addWidget(self.study_button)
        actions.addWidget(self.quiz_button)
        actions.addStretch(1)
        layout.addLayout(actions)
        self.plan_card = PlanCard(ctx)  # exam plan and readiness forecast (its own module)
        layout.addWidget(self.plan_card)
        self.leech_label = QLabel()
        self.leech_label.setWordWrap(True)
        layout.addWidget(self.leech_label)

        columns = QHBoxLayout()
        layout.addLayout(columns, 1)
        left = QVBoxLayout()
        left.addWidget(section_title("最近成绩"))
        self.exam_model = exam_history_model(self)
        self.exam_view = QTableView()
        self.exam_view.setModel(self.exam_model)
        self.exam_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.exam_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.exam_view.setTabKeyNavigation(False)  # Tab leaves the table (arrows move inside it)
        self.exam_view.verticalHeader().setVisible(False)
        self.exam_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.exam_view.horizontalHeader().setStretchLastSection(True)
        self.exam_view.setMinimumHeight(self.fontMetrics().height() * 7)
        self.no_exams_label = QLabel("还没有限时测验或模拟考试的成绩。")
        left.addWidget(self.exam_view, 1)
        left.addWidget(self.no_exams_label)
        left.addStretch(0)
        columns.addLayout(left, 1)

        right = QVBoxLayout()
        right.addWidget(section_title("薄弱专题"))
        self.weak_box = QVBoxLayout()
        right.addLayout(self.weak_box)
        right.addStretch(1)
        columns.addLayout(right, 1)
        self.weak_buttons: list[QPushButton] = []

    def on_changed(self, changes: Change) -> None:
        """Everything on the dashboard comes from the learner's history, profile and the bank."""
        if changes & (Change.STUDY | Change.BANK | Change.LEARNER | Change.SETTINGS) and self.isVisible():
            self.refresh()

    def suspend(self) -> None:
        """Stop the resume banner's countdown."""
        self._resume_timer.stop()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt override
        """Another page is on screen: the banner's clock stops (it is recomputed when 首页 shows again)."""
        self._resume_timer.stop()
        super().hideEvent(event)

    def refresh(self) -> None:
        """Reload the dashboard (a read: attempts whose time ran out are closed by `expire_overdue_attempts`)."""
        learner_id = self.ctx.learner_id
        self.plan_card.refresh()
        if learner_id is None:
            self._show_no_learner()
            return
        self.study_button.setEnabled(True)
        self.quiz_button.setEnabled(True)
        now = self.ctx.clock()
        board, name = self.ctx.ops.read_now(
            lambda s: (dashboard(s, learner_id=learner_id, now=now), get_learner(s, learner_id).name))
        self.board = board
        self.greeting.setText(f"你好，{name}")
        self.unfinished = board.unfinished or self._shared_unfinished()
        self._show_unfinished()
        self.due_tile.set_value(str(board.due_count), detail="今日复习（按计划）" if board.planned else "今日到期卡片")
        new_room = max(0, min(board.new_available, board.daily_new_limit - board.new_today))
        self.new_tile.set_value(str(new_room), detail=(f"今日新卡片（按计划，已学 {board.new_today}）" if board.planned
                                                        else f"今日新卡片（已学 {board.new_today}/{board.daily_new_limit}）"))
        self.streak_tile.set_value(f"{board.streak_days}天",
                                   detail="连续学习" + ("（今天已学习）" if board.studied_today else "（今天还未学习）"))
        self.accuracy_tile.set_value(percent_text(board.accuracy_30d), detail=f"近30天正确率（{board.answers_30d}题）")
        self.leech_label.setText(f"有 {board.leech_count} 张卡片屡次遗忘，建议到“原文”页对照原文细读。"
                                 if board.leech_count else "")
        self.leech_label.setVisible(bool(board.leech_count))
        self.exam_model.set_rows(board.recent_exams)
        self.exam_view.setVisible(bool(board.recent_exams))
        self.no_exams_label.setVisible(not board.recent_exams)
        self._show_weak_topics(board.weak_topics)

    def _shared_unfinished(self) -> UnfinishedAttempt | None:
        """On a shared server, a sitting of a published paper still running (none when the server is out of reach)."""
        from foundation.server import is_postgresql

        if not is_postgresql(self.ctx.app.db_url):
            return None
        from sqlalchemy.exc import DBAPIError

        from study.shared_exam import shared_exam_in_progress

        try:
            return self.ctx.ops.read_now(shared_exam_in_progress)
        except DBAPIError:
            return None

    def _show_no_learner(self) -> None:
        """No active learner (the last one was deleted): nothing of another learner's stays on screen."""
        self.board = None
        self.unfinished = None
        self.greeting.setText("欢迎使用巡学")
        self.resume_frame.setVisible(False)
        for tile, detail in ((self.due_tile, "今日到期卡片"), (self.new_tile, "今日新卡片"),
                             (self.streak_tile, "连续学习"), (self.accuracy_tile, "近30天正确率")):
            tile.set_value("—", detail=detail)
        self.study_button.setEnabled(False)
        self.quiz_button.setEnabled(False)
        self.leech_label.setText("请先选择或新建学员：菜单“学员 → 切换学员…”（Ctrl+Shift+L）。")
        self.leech_label.setVisible(True)
        self.exam_model.set_rows(())
        self.exam_view.setVisible(False)
        self.no_exams_label.setVisible(True)
        self._show_weak_topics(())

    def _show_unfinished(self) -> None:
        unfinished = self.unfinished
        self.resume_frame.setVisible(unfinished is not None)
        self._read_at = self.ctx.clock()
        if unfinished is None:
            self._resume_timer.stop()
            return
        self._tick_unfinished()
        if unfinished.remaining is not None:
            self._resume_timer.start()
        else:
            self._resume_timer.stop()

    def _tick_unfinished(self) -> None:
        """Redraw the banner with the time left now (the dashboard's figure was true when it was read)."""
        unfinished = self.unfinished
        if unfinished is None:
            self._resume_timer.stop()
            return
        what = "单位试卷" if unfinished.on_server else unfinished.mode.label
        text = (f"您有一场未完成的{what}（{local_time_text(unfinished.started_at)} 开始），"
                f"已答 {unfinished.answered}/{unfinished.total} 题")
        if unfinished.remaining is not None:
            left = max(unfinished.remaining - (self.ctx.clock() - self._read_at), dt.timedelta(0))
            text += f"，剩余时间 {countdown_text(left)}（计时从开考起连续计算）"
            if not left:
                self._resume_timer.stop()
        self.resume_label.setText(text + "。")

    def _resume(self) -> None:
        unfinished = self.unfinished
        if unfinished is not None and unfinished.on_server and unfinished.paper_uid:
            self.shared_resume_requested.emit(unfinished.paper_uid)
        elif unfinished is not None:
            self.resume_requested.emit(int(unfinished.attempt_id))

    def _show_weak_topics(self, weak: tuple[WeakTopic, ...]) -> None:
        while self.weak_box.count():
            item = self.weak_box.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # gone at once, not only when the deferred delete runs
                widget.deleteLater()
        self.weak_buttons = []
        if not weak:
            self.weak_box.addWidget(QLabel("暂无薄弱专题。"))
            return
        for topic in weak:
            row = QFrame()
            row.setObjectName("card")
            row_layout = QHBoxLayout(row)
            row_layout.setContentsMargins(14, 10, 14, 10)
            label = QLabel(f"<b>{_escape(topic.topic_title)}</b><br>{_escape(weak_topic_text(topic))}")
            label.setWordWrap(True)
            button = QPushButton("强化练习")
            button.setAccessibleName(f"强化练习：{topic.topic_title}")
            button.clicked.connect(lambda _checked=False, t=topic: self.drill(t))
            row_layout.addWidget(label, 1)
            row_layout.addWidget(button)
            self.weak_box.addWidget(row)
            self.weak_buttons.append(button)

    def drill(self, topic: WeakTopic) -> None:
        """强化练习 on one weak topic."""
        self.quiz_requested.emit(drill_spec([topic]))


def weak_topic_text(topic: WeakTopic) -> str:
    """The line under a weak topic's title: why it is weak and its mastery, each said once."""
    if topic.reason == "尚未练习":
        return topic.reason
    mastery = f"掌握度 {percent_text(topic.mastery)}"
    return topic.reason if "掌握度" in topic.reason else f"{topic.reason}，{mastery}"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
