"""Sitting a paper published on the unit's shared server: the quiz page on the server's clock and answers.

The exam screen is the quiz page's; only where the sitting is kept differs. Each answer goes to the server
(`xunxue_answer`, graded there against a key this PC never sees) through `SharedExamClient`, which keeps in
`unsent-answers.jsonl` what it could not send and sends it when the connection returns; the countdown runs
on the server's clock carried on by this PC's monotonic clock, so changing the PC's time changes nothing.
Marks (标记) stay on this PC for the sitting on screen.
"""

from __future__ import annotations

import datetime as dt
import time
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QMessageBox, QVBoxLayout, QWidget
from sqlalchemy.exc import DBAPIError

from foundation.errors import UserError
from question_bank.drafts import QuestionType
from study import AnswerResult, QuizSession, UnfinishedAttempt
from study.answer_queue import QUEUE_FILENAME, AnswerQueue, SharedExamClient, is_connection_lost
from study.answers import to_bank
from study.shared_exam import (
    ExamClock,
    SharedSitting,
    new_answer,
    published_paper_line,
    shared_quiz_session,
    start_shared_sitting,
    submit_shared_sitting,
)
from ui.context import UiContext
from ui.operations import Change, show_error
from ui.pages.quiz import QuizPage

RETRY_MS = 5000  # how often unsent answers are offered to the server again
UNREACHABLE = "无法连接单位的共享数据库服务器，请检查网络后重试。"


def tell_unsent_at_hand_in(parent: QWidget, unsent: int) -> None:
    """Say why the paper is not handed in yet (a module function so tests can answer it)."""
    QMessageBox.information(
        parent, "暂不能交卷",
        f"有 {unsent} 个答案因网络中断暂存在本机，尚未上传到服务器。\n恢复连接后会自动上传，请稍后再交卷。")


class SharedExamPage(QuizPage):
    """The quiz page sitting a published paper; emits `sitting_finished(paper_uid)` once it is handed in."""

    title = "单位试卷"

    sitting_finished = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None, *,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        super().__init__(ctx, parent)
        self.monotonic = monotonic
        self.sitting: SharedSitting | None = None
        self.exam_clock: ExamClock | None = None
        self.paper_title = ""
        self._hand_in_waiting = False  # the time ran out while answers were unsent: hand in once they are
        self.client = SharedExamClient(ctx.ops.send, AnswerQueue(ctx.app.data_dir / QUEUE_FILENAME),
                                       monotonic=lambda: self.monotonic(), retry_after_s=RETRY_MS / 1000)
        self.connection_label = QLabel()
        self.connection_label.setObjectName("connectionNotice")
        self.connection_label.setWordWrap(True)
        self.connection_label.setTextFormat(Qt.TextFormat.PlainText)
        self.connection_label.setVisible(False)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(1, self.connection_label)
        self.retry_timer = QTimer(self)
        self.retry_timer.setInterval(RETRY_MS)
        self.retry_timer.timeout.connect(self.send_unsent)

    # ----- opening -----------------------------------------------------------------------------------------
    def open_paper(self, paper_uid: str) -> bool:
        """Start, or resume, the learner's sitting of a published paper; whether it is on screen."""
        self.send_unsent()
        try:
            line = self.ctx.ops.read_now(lambda s: published_paper_line(s, paper_uid))
        except DBAPIError as error:
            self._tell_failure(error, traceback.format_exc())
            return False
        done = self.ctx.ops.write_now(lambda s: start_shared_sitting(s, paper_uid), changes=Change.STUDY,
                                      on_error=self._tell_failure)
        if done is None:
            return False
        sitting = done.value
        self.sitting = sitting
        self.exam_clock = ExamClock(sitting.server_now, self.monotonic())
        self.paper_title = line.title if line is not None else ""
        unsent = {a.question_key: a.answer for a in self.client.queue.pending() if a.sitting_id == sitting.sitting_id}
        self._hand_in_waiting = False
        self.present(shared_quiz_session(sitting, unsent=unsent), f"试卷：{self.paper_title}")
        self._show_connection()
        return True

    def refresh(self) -> None:
        """Redraw the sitting as this page holds it (the server is asked again only on opening)."""
        if self.quiz is not None and not self.quiz.is_submitted:
            self.present(self.quiz, f"试卷：{self.paper_title}")

    def suspend(self) -> None:
        """The window is closing: send what can be sent; the sitting stays open on the server."""
        super().suspend()
        self.retry_timer.stop()

    # ----- where the sitting is kept ---------------------------------------------------------------------------
    def now(self) -> dt.datetime:
        """The server's clock, carried on by this PC's monotonic clock."""
        if self.exam_clock is None:
            return self.ctx.clock()
        return self.exam_clock.now(self.monotonic())

    def running(self) -> UnfinishedAttempt | None:
        """The sitting on screen while it runs (no round trip: the server's clock is carried here)."""
        quiz, sitting = self.quiz, self.sitting
        if quiz is None or sitting is None or quiz.is_submitted or quiz.is_expired(self.now()):
            return None
        return UnfinishedAttempt(
            attempt_id=quiz.attempt_id, mode=quiz.mode, started_at=quiz.started_at, deadline_at=quiz.deadline_at,
            remaining=quiz.remaining(self.now()), answered=len(quiz.answered_positions()), total=quiz.total,
            paper_uid=sitting.paper_uid, on_server=True)

    def store_answer(self, quiz: QuizSession, *, position: int, answer: Any, now: dt.datetime,
                     duration_ms: int) -> AnswerResult | None:
        """Send one answer to the server, or keep it in the offline queue when the server is out of reach."""
        del duration_ms  # the server keeps when an answer was given, not how long it took
        sitting = self.sitting
        if sitting is None:
            return None
        view = quiz.items[position]
        try:
            given = to_bank(view.type, answer, None, len(view.options))
            outcome = self.client.answer(new_answer(sitting.sitting_id, sitting.questions[position].key, given,
                                                    answered_at=now, blank=view.type is QuestionType.BLANK))
        except Exception as error:  # noqa: BLE001 - told through the one handler
            show_error(self, error, traceback.format_exc(), title="答案未保存")
            return None
        self._show_connection()
        return AnswerResult(position=position, recorded=outcome != "closed")

    def store_position(self, quiz: QuizSession, position: int) -> None:
        """Where the learner stands is not kept on the server."""
        del quiz, position

    def store_flag(self, quiz: QuizSession, position: int, flagged: bool) -> bool:
        """Marks stay on this PC, for the sitting on screen."""
        del quiz, position, flagged
        return True

    def hand_in(self, quiz: QuizSession) -> bool:
        """Hand the sitting in on the server once every answer is there; whether it was handed in."""
        sitting = self.sitting
        if sitting is None:
            return False
        self.send_unsent()
        if self.client.unsent:
            if quiz.is_expired(self.now()):  # the clock handed it in: it goes as soon as the answers are up
                self._hand_in_waiting = True
                self._show_connection()
            else:
                tell_unsent_at_hand_in(self, self.client.unsent)
            return False
        done = self.ctx.ops.write_now(lambda s: submit_shared_sitting(s, sitting.sitting_id), changes=Change.STUDY,
                                      on_error=self._tell_failure)
        if done is None:
            return False
        self._hand_in_waiting = False
        self.retry_timer.stop()
        self.connection_label.setVisible(False)
        return True

    def finished(self, attempt_id: int) -> None:
        """Handed in: the paper's start screen says 已交卷 (and the result, when the paper shows it)."""
        del attempt_id
        if self.sitting is not None:
            self.sitting_finished.emit(self.sitting.paper_uid)

    # ----- the connection --------------------------------------------------------------------------------------
    def send_unsent(self) -> None:
        """Offer the queued answers to the server again; hand in a sitting whose time ran out meanwhile."""
        if not self.client.unsent:
            return
        try:
            self.client.flush()
        except Exception as error:  # noqa: BLE001 - a refused answer is told, the queue stays
            show_error(self, error, traceback.format_exc(), title="答案未保存")
        self._show_connection()
        if self._hand_in_waiting and not self.client.unsent and self.quiz is not None:
            self.submit()

    def _show_connection(self) -> None:
        unsent = self.client.unsent
        if unsent:
            waiting = "时间已到，上传后自动交卷。" if self._hand_in_waiting else "可以继续作答。"
            self.connection_label.setText(
                f"与服务器的连接中断：{unsent} 个答案暂存在本机，恢复连接后自动上传。{waiting}")
            self.retry_timer.start()
        else:
            self.retry_timer.stop()
        self.connection_label.setVisible(bool(unsent))

    def _tell_failure(self, error: BaseException, details: str) -> None:
        if isinstance(error, UserError):
            QMessageBox.information(self, "无法开始考试", str(error))
        elif isinstance(error, DBAPIError) and is_connection_lost(error):
            QMessageBox.warning(self, "无法连接服务器", UNREACHABLE)
        else:
            show_error(self, error, details)
