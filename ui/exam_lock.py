"""While a timed quiz, mock exam or paper runs: which pages stay closed, and the notice shown in their place.

The state is not a flag kept in memory but a query (`study.exam_in_progress`): an exam runs while the
learner has an open, non-practice attempt within its time, whichever page is on screen and even
after a restart. The main window consults `running_exam` before it shows a page that could reveal the
bank's keys (ui.main_window.LOCKED_DURING_EXAM) or starts another quiz; the quiz page asks before the learner
leaves a running exam (the clock runs on).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QMessageBox, QPushButton, QVBoxLayout, QWidget

from foundation.server import is_postgresql
from study import UnfinishedAttempt, exam_in_progress
from ui.context import UiContext
from ui.formatting import countdown_text
from ui.operations import Change
from ui.widgets.labels import ScaledLabel, page_title
from ui.widgets.scrolling import set_page_margins

# Pages that show answers or the text they come from: 学习 (cards), 测验 (practice shows keys), 错题本,
# 原文 (its question lists print the answers), 进度.


def running_exam(ctx: UiContext) -> UnfinishedAttempt | None:
    """The current learner's exam in progress, if any (a quick read).

    On a shared server that includes a sitting of a published paper, on the server's clock (none when the
    server cannot be reached: the exam page on screen still knows its own sitting).
    """
    learner_id = ctx.learner_id
    if learner_id is None:
        return None
    now = ctx.clock()
    exam = ctx.ops.read_now(lambda s: exam_in_progress(s, learner_id=learner_id, now=now))
    if exam is None and is_postgresql(ctx.app.db_url):
        from sqlalchemy.exc import DBAPIError

        from study.shared_exam import shared_exam_in_progress

        try:
            exam = ctx.ops.read_now(shared_exam_in_progress)
        except DBAPIError:  # out of reach, or a server without published papers
            return None
    return exam


def exam_text(exam: UnfinishedAttempt) -> str:
    """“模拟考试正在进行（剩余 12:34，已答 5/20 题）。”"""
    remaining = f"剩余 {countdown_text(exam.remaining)}，" if exam.remaining is not None else ""
    return f"{exam.mode.label}正在进行（{remaining}已答 {exam.answered}/{exam.total} 题）。"


def ask_to_leave_exam(parent: QWidget, exam: UnfinishedAttempt) -> bool:
    """Confirm leaving a running exam (a module function so tests can answer it)."""
    answer = QMessageBox.question(
        parent, "离开考试",
        f"{exam_text(exam)}\n离开后计时不会暂停，时间到会自动交卷；可从首页或本页返回考试。\n确定要离开吗？",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def tell_exam_running(parent: QWidget, exam: UnfinishedAttempt) -> None:
    """Say why no other quiz starts now (a module function so tests can answer it)."""
    QMessageBox.information(parent, "考试进行中", f"{exam_text(exam)}\n请先交卷，再开始新的测验。")


class ExamLockPage(QWidget):
    """Shown instead of a page that could reveal answers while an exam runs; offers to go back to it."""

    title = "考试进行中"

    resume_requested = Signal(int)  # attempt id
    shared_resume_requested = Signal(str)  # the uid of a paper published on the shared server

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.exam: UnfinishedAttempt | None = None
        self.locked_title = ""
        layout = QVBoxLayout(self)
        set_page_margins(layout)  # the same margins as the page it stands in for
        layout.addWidget(page_title("考试进行中"))
        self.message_label = ScaledLabel("", scale=1.2)
        self.message_label.setObjectName("examLockMessage")
        layout.addWidget(self.message_label)
        self.back_button = QPushButton("返回考试(&B)")
        self.back_button.clicked.connect(self._resume)
        layout.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

    def show_for(self, page_title_text: str, exam: UnfinishedAttempt) -> None:
        """Explain that `page_title_text` is closed until the exam is handed in."""
        self.exam = exam
        self.locked_title = page_title_text
        self.back_button.setEnabled(True)
        self.message_label.setText(
            f"{exam_text(exam)}\n考试期间，“{page_title_text}”暂不开放，交卷后即可查看。")

    def refresh(self) -> None:
        """Renew the remaining time (the exam may have been handed in meanwhile)."""
        exam = running_exam(self.ctx)
        if exam is not None:
            self.show_for(self.locked_title, exam)
        else:
            self.exam = None
            self.message_label.setText("考试已结束，请重新打开该页面。")
            self.back_button.setEnabled(False)

    def on_changed(self, changes: Change) -> None:
        """Nothing here follows the data."""
        del changes

    def suspend(self) -> None:
        """Nothing runs in the background here."""

    def _resume(self) -> None:
        if self.exam is not None and self.exam.on_server and self.exam.paper_uid:
            self.shared_resume_requested.emit(self.exam.paper_uid)
        elif self.exam is not None:
            self.resume_requested.emit(int(self.exam.attempt_id))
