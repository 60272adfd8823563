"""The quiz page: one question at a time, a countdown, a palette; every answer is committed when given."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from foundation.errors import UserError
from question_bank.answer_shapes import OPTION_LETTERS
from question_bank.drafts import QuestionType
from study import (
    AnswerResult,
    QuizSession,
    QuizSpec,
    UnfinishedAttempt,
    answer_feedback,
    answer_question,
    load_quiz_session,
    set_current,
    set_flag,
    start_quiz,
    submit_attempt,
    verdict_text,
)
from ui import exam_lock
from ui.context import UiContext
from ui.exam_lock import running_exam
from ui.formatting import countdown_text
from ui.operations import Change, show_error
from ui.theme import verdict_html
from ui.widgets.answer_inputs import AnswerInput, BlankInput, OrderInput, make_input
from ui.widgets.labels import ScaledLabel, set_text_colour
from ui.widgets.question_palette import QuestionPalette

URGENT_SECONDS = 60
URGENT_COLOUR = "#d0021b"
LETTER_KEYS = {getattr(Qt.Key, f"Key_{c}"): i for i, c in enumerate(OPTION_LETTERS[:8])}
DIGIT_KEYS = {getattr(Qt.Key, f"Key_{d}"): i for i, d in enumerate("12345678")}


def ask_to_submit(parent: QWidget, unanswered: int) -> bool:
    """Confirm a submission with unanswered questions (a module function so tests can answer it)."""
    answer = QMessageBox.question(
        parent, "确认交卷", f"还有 {unanswered} 道题没有作答，确定要交卷吗？",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def ask_about_empty_blanks(parent: QWidget, empty: list[int], total: int) -> bool:
    """Confirm moving on with blanks left empty (a module function so tests can answer it)."""
    if len(empty) == total:
        text = "这道题还没有填写答案。确定跳过吗？"
    else:
        which = "、".join(f"第{i + 1}空" for i in empty)
        text = f"{which}还没有填写。确定就这样作答吗？"
    answer = QMessageBox.question(
        parent, "有空未填", text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


class QuizPage(QWidget):
    """Draws a `QuizSession` and forwards what the learner does to the study engine."""

    title = "测验"

    attempt_finished = Signal(int)  # attempt id, submitted (by the learner or by the clock)
    page_requested = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        ctx.events.changed.connect(self.on_changed)
        self.quiz: QuizSession | None = None
        self.input: AnswerInput | None = None
        self.feedback: AnswerResult | None = None
        self._dirty = False
        self._shown_at = ctx.clock()

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.title_label = ScaledLabel("", scale=1.3, bold=True)
        top.addWidget(self.title_label, 1)
        self.countdown_label = ScaledLabel("", scale=1.5, bold=True)
        self.countdown_label.setWordWrap(False)
        self.countdown_label.setAccessibleName("剩余时间")
        self.countdown_label.setObjectName("countdown")
        top.addWidget(self.countdown_label)
        self.flag_button = QPushButton("标记(&M)")
        self.flag_button.setCheckable(True)
        self.flag_button.clicked.connect(self.toggle_flag)
        top.addWidget(self.flag_button)
        self.submit_button = QPushButton("交卷(&J)")
        self.submit_button.setProperty("role", "primary")
        self.submit_button.clicked.connect(self.request_submit)
        top.addWidget(self.submit_button)
        layout.addLayout(top)

        middle = QHBoxLayout()
        layout.addLayout(middle, 1)
        question_scroll = QScrollArea()
        question_scroll.setWidgetResizable(True)
        question_scroll.setFrameShape(QFrame.Shape.StyledPanel)
        question_scroll.setObjectName("questionCard")
        question_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no ringless Tab stop; it scrolls to the focused input
        question_body = QWidget()
        question_scroll.setWidget(question_body)
        self.question_layout = QVBoxLayout(question_body)
        self.question_layout.setContentsMargins(28, 22, 28, 22)
        self.question_layout.setSpacing(10)
        self.type_label = QLabel()
        self.type_label.setObjectName("questionType")
        self.stem_label = ScaledLabel("", scale=1.35, bold=True)
        self.stem_label.setObjectName("questionStem")
        self.stem_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.input_holder = QVBoxLayout()
        self.hint_label = QLabel()
        self.hint_label.setWordWrap(True)
        self.feedback_label = QLabel()
        self.feedback_label.setWordWrap(True)
        self.feedback_label.setTextFormat(Qt.TextFormat.RichText)
        self.question_layout.addStretch(1)  # the question sits a little above the middle of its card
        self.question_layout.addWidget(self.type_label)
        self.question_layout.addWidget(self.stem_label)
        self.question_layout.addLayout(self.input_holder)
        self.question_layout.addWidget(self.hint_label)
        self.question_layout.addWidget(self.feedback_label)
        self.question_layout.addStretch(2)
        middle.addWidget(question_scroll, 3)

        self.answer_sheet = QuestionPalette()
        self.answer_sheet.question_chosen.connect(self.go_to)
        middle.addWidget(self.answer_sheet, 1)

        bottom = QHBoxLayout()
        self.previous_button = QPushButton("← 上一题")
        self.confirm_button = QPushButton("确认答案（回车）")
        self.confirm_button.setProperty("role", "primary")
        self.next_button = QPushButton("下一题 →")
        self.previous_button.clicked.connect(self.previous)
        self.confirm_button.clicked.connect(self.confirm)
        self.next_button.clicked.connect(self.next)
        bottom.addWidget(self.previous_button)
        bottom.addStretch(1)
        bottom.addWidget(self.confirm_button)
        bottom.addStretch(1)
        bottom.addWidget(self.next_button)
        layout.addLayout(bottom)


        self.countdown_timer = QTimer(self)
        self.countdown_timer.setInterval(500)
        self.countdown_timer.timeout.connect(self.tick)

    # ----- attempts --------------------------------------------------------------------------------
    def on_changed(self, changes: Change) -> None:
        """The attempt on screen changes only through this page: nothing to redraw."""
        del changes

    def refresh(self) -> None:
        """Reload the open attempt from the database (answers and remaining time as stored)."""
        if self.quiz is not None:
            self.open_attempt(int(self.quiz.attempt_id))

    def start(self, spec: QuizSpec) -> int | None:
        """Start an attempt from a spec for the current learner; None (with a message) if it cannot start."""
        if self.ctx.learner_id is None:
            return None
        learner_id, now, rng = self.ctx.learner_id, self.ctx.clock(), self.ctx.rng
        done = self.ctx.ops.write_now(lambda s: start_quiz(s, learner_id=learner_id, spec=spec, now=now, rng=rng),
                                      changes=Change.STUDY, parent=self, on_error=self._cannot_start)
        return None if done is None else int(done.value)

    def _cannot_start(self, error: BaseException, details: str) -> None:
        if isinstance(error, UserError):
            QMessageBox.information(self, "无法开始测验", str(error))
        else:
            show_error(self, error, details)

    def open_attempt(self, attempt_id: int) -> None:
        """Show an attempt where it stood; one whose time ran out meanwhile is submitted as it stood."""
        now = self.now()
        quiz = self.ctx.ops.read_now(lambda s: load_quiz_session(s, attempt_id, now))
        paper_title: str | None = None
        if quiz.spec.paper_uid:  # a trainer's paper: its own title in the header
            from trainer.paper_sitting import paper_title_of_attempt

            paper_title = self.ctx.ops.read_now(lambda s: paper_title_of_attempt(s, attempt_id))
        self.present(quiz, f"试卷：{paper_title}" if paper_title else quiz.mode.label)

    def present(self, quiz: QuizSession, title: str) -> None:
        """Show a quiz flow (loaded by `open_attempt`, or by a subclass from elsewhere) under this title."""
        self.quiz = quiz
        if quiz.is_submitted:
            self.finished(int(quiz.attempt_id))
            return
        if quiz.is_expired(self.now()):
            self.submit()
            return
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.title_label.setText(title)
        timed = quiz.deadline_at is not None
        self.countdown_label.setVisible(timed)
        self._build_palette()
        self._show_question()
        if timed:
            self.tick()
            self.countdown_timer.start()
        else:
            self.countdown_timer.stop()

    def may_leave(self) -> bool:
        """Whether the learner may go to another page: a running exam asks first; its clock runs on."""
        quiz = self.quiz
        if quiz is None or quiz.is_submitted or quiz.shows_feedback:
            return True
        self._commit_pending()
        exam = self.running()
        return exam is None or exam_lock.ask_to_leave_exam(self, exam)

    # ----- where the attempt is kept (a subclass sits a paper on the shared server instead) ------------------
    def now(self) -> dt.datetime:
        """The exam's clock: this PC's (the shared server's in a subclass)."""
        return self.ctx.clock()

    def running(self) -> UnfinishedAttempt | None:
        """The exam on this page as the database holds it, if it still runs."""
        return running_exam(self.ctx)

    def store_answer(self, quiz: QuizSession, *, position: int, answer: Any, now: dt.datetime,
                     duration_ms: int) -> AnswerResult | None:
        """Store one answer (one write); None if it failed (the failure was told)."""
        done = self.ctx.ops.write_now(
            lambda s: answer_question(s, attempt_id=quiz.attempt_id, position=position, answer=answer, now=now,
                                      duration_ms=duration_ms),
            changes=Change.STUDY, parent=self, error_title="答案未保存")
        return None if done is None else done.value

    def store_position(self, quiz: QuizSession, position: int) -> None:
        """Remember which question is on screen."""
        self.ctx.ops.write_now(lambda s: set_current(s, attempt_id=quiz.attempt_id, position=position),
                               changes=Change.NONE, parent=self)  # only where the attempt stands: nothing to redraw

    def store_flag(self, quiz: QuizSession, position: int, flagged: bool) -> bool:
        """Store a question's mark; whether it was stored."""
        return self.ctx.ops.write_now(
            lambda s: set_flag(s, attempt_id=quiz.attempt_id, position=position, flagged=flagged),
            changes=Change.NONE, parent=self) is not None

    def hand_in(self, quiz: QuizSession) -> bool:
        """Close the attempt (one write); whether it was closed."""
        now = self.now()
        return self.ctx.ops.write_now(lambda s: submit_attempt(s, attempt_id=quiz.attempt_id, now=now),
                                      changes=Change.STUDY, parent=self, error_title="交卷失败") is not None

    def finished(self, attempt_id: int) -> None:
        """The attempt is handed in: on to its results."""
        self.attempt_finished.emit(attempt_id)

    def suspend(self) -> None:
        """The window is closing: keep the attempt (answers are stored), stop the clock display."""
        self._commit_pending()
        self.countdown_timer.stop()

    # ----- one question ------------------------------------------------------------------------------
    def _show_question(self) -> None:
        quiz = self.quiz
        assert quiz is not None
        view = quiz.current()
        if self.input is not None:
            self.input.blockSignals(True)
            self.input.setParent(None)
            self.input.deleteLater()
        self.type_label.setText(f"第 {quiz.index + 1} / {quiz.total} 题 · {view.type.label}")
        self.stem_label.setText(view.stem)
        self.input = make_input(view, self)
        self.input.changed.connect(self._on_changed)
        self.input.chosen.connect(self._on_chosen)
        self.input.settled.connect(self._on_settled)
        self.input_holder.addWidget(self.input)
        for child in (self.input, *self.input.findChildren(QWidget)):
            child.installEventFilter(self)  # arrows move between questions even from radio buttons
        self.hint_label.setText(_hint(view.type))
        self.flag_button.setChecked(view.flagged)
        self.feedback = None
        self.feedback_label.clear()
        self._dirty = False
        locked = quiz.shows_feedback and view.answered
        self.input.setEnabled(not locked)
        if locked:
            position = quiz.index
            self._show_feedback(self.ctx.ops.read_now(
                lambda s: answer_feedback(s, attempt_id=quiz.attempt_id, position=position)))
        self.previous_button.setEnabled(quiz.has_previous)
        self.next_button.setEnabled(quiz.has_next)
        self._update_palette()
        self._shown_at = self.now()
        self.input.focus_first()

    def _on_changed(self) -> None:
        self._dirty = True

    def _commit_pending(self) -> AnswerResult | None:
        """Store the answer on screen if it changed; returns what the engine said."""
        quiz, widget = self.quiz, self.input
        if quiz is None or widget is None or not self._dirty or quiz.is_submitted:
            return None
        answer = widget.answer()
        now = self.now()
        duration_ms = int((now - self._shown_at).total_seconds() * 1000)
        result = self.store_answer(quiz, position=quiz.index, answer=answer, now=now, duration_ms=duration_ms)
        if result is None:
            return None
        self._dirty = False
        self._shown_at = now
        if not result.recorded and quiz.is_expired(now):
            self._finish_expired()
            return result
        quiz.record_answer(quiz.index, answer)
        self._update_palette()
        return result

    def confirm(self) -> None:
        """Enter / 确认答案: store the answer; practice shows feedback first, the next Enter moves on."""
        quiz = self.quiz
        if quiz is None or self.input is None:
            return
        if isinstance(self.input, BlankInput) and self.input.isEnabled() and self.feedback is None:
            empty = self.input.empty_blanks()
            if empty and not ask_about_empty_blanks(self, empty, len(self.input.edits)):
                self.input.edits[empty[0]].setFocus(Qt.FocusReason.OtherFocusReason)
                return
        if quiz.shows_feedback and (self.feedback is not None or not self.input.isEnabled()
                                    or (self.input.answer() is None and not isinstance(self.input, OrderInput))):
            self.next_unanswered_or_next()  # feedback seen, or nothing chosen yet: move on
            return
        if isinstance(self.input, OrderInput) and self.input.answer() is None:
            self.input.mark_as_answer()  # the order on screen is the learner's answer
            self._dirty = True
        self._record(show_feedback=quiz.shows_feedback)
        if self.quiz is not None and not quiz.shows_feedback and not quiz.is_submitted:
            self.next_unanswered_or_next()

    def _on_settled(self) -> None:
        """Outside practice every finished change is stored at once (a crash loses nothing)."""
        if self.quiz is not None and not self.quiz.shows_feedback:
            self._commit_pending()

    def _on_chosen(self) -> None:
        """A one-click choice (single, judge) is stored at once; practice shows its feedback."""
        if self.quiz is not None:
            self._record(show_feedback=self.quiz.shows_feedback)

    def _record(self, *, show_feedback: bool) -> None:
        result = self._commit_pending()
        if show_feedback and self.input is not None and result is not None and result.recorded and result.correct is not None:
            self._show_feedback(result)
            self.input.setEnabled(False)
            self.confirm_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def next_unanswered_or_next(self) -> None:
        """Move on: the next question; after the last, the first unanswered one, or the 交卷 button."""
        quiz = self.quiz
        if quiz is None:
            return
        if quiz.has_next:
            self.go_to(quiz.index + 1)
            return
        unanswered = quiz.unanswered_positions()
        if unanswered:
            self.go_to(unanswered[0])
            self.hint_label.setText(f"已是最后一题。还有 {len(unanswered)} 道题未作答，已跳到第 {unanswered[0] + 1} 题。")
            return
        self.hint_label.setText("全部题目已作答。检查无误后，按“交卷”按钮（Alt+J）提交。")
        self.submit_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_feedback(self, result: AnswerResult) -> None:
        self.feedback = result
        score = result.score or 0.0
        words = verdict_text(answered=True, correct=bool(result.correct), score=score)  # as on the results page
        verdict = verdict_html(f"回答{words}！" if result.correct else f"回答{words}。" if score <= 0 else f"{words}。",
                               ok=bool(result.correct))
        if self.input is not None:
            self.input.show_feedback(result)
        parts = [verdict, f"正确答案：{_escape(result.correct_answer_text or '')}"]
        if result.explanation:
            parts.append(f"解析：{_escape(result.explanation)}")
        if result.quote:
            parts.append(f'原文：<span style="background-color:#ffe58a; color:#000000;">{_escape(result.quote)}</span>')
        parts.append("按回车键继续。")
        self.feedback_label.setText("<br>".join(parts))

    # ----- navigation ------------------------------------------------------------------------------------
    def go_to(self, index: int) -> None:
        """Show another question, storing the one on screen first."""
        quiz = self.quiz
        if quiz is None:
            return
        self._commit_pending()
        if self.quiz is None or quiz.is_submitted:
            return
        quiz.go_to(index)
        self.store_position(quiz, quiz.index)
        self._show_question()

    def next(self) -> None:
        """→: the next question."""
        if self.quiz is not None and self.quiz.has_next:
            self.go_to(self.quiz.index + 1)

    def previous(self) -> None:
        """←: the previous question."""
        if self.quiz is not None and self.quiz.has_previous:
            self.go_to(self.quiz.index - 1)

    def toggle_flag(self) -> None:
        """Mark or unmark the question on screen to come back to."""
        quiz = self.quiz
        if quiz is None:
            return
        flagged = not quiz.current().flagged
        if not self.store_flag(quiz, quiz.index, flagged):
            return
        quiz.record_flag(quiz.index, flagged)
        self.flag_button.setChecked(flagged)
        self._update_palette()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """←/→ (and PageUp/PageDown) move between questions from inside any input but a text field."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = Qt.Key(event.key())
            in_text = isinstance(watched, QLineEdit) and key in (Qt.Key.Key_Left, Qt.Key.Key_Right)
            if key in NAVIGATION_KEYS and not in_text and event.modifiers() == Qt.KeyboardModifier.NoModifier:
                NAVIGATION_KEYS[key](self)
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """A-H or 1-8 pick options, Enter confirms (keys the focused input did not use)."""
        key = Qt.Key(event.key())
        if self.input is not None and self.input.isEnabled() and event.modifiers() in (
            Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier
        ):
            index = LETTER_KEYS.get(key, DIGIT_KEYS.get(key))
            if index is not None and self.input.choose(index):
                return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.confirm()
            return
        if key in NAVIGATION_KEYS and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            NAVIGATION_KEYS[key](self)
            return
        super().keyPressEvent(event)

    # ----- palette -----------------------------------------------------------------------------------------
    def _build_palette(self) -> None:
        assert self.quiz is not None
        self.answer_sheet.build(self.quiz.total)

    @property
    def palette_buttons(self) -> list[QToolButton]:
        """The answer sheet's buttons, one per question."""
        return self.answer_sheet.buttons

    @property
    def palette_summary(self) -> QLabel:
        """“已答 n 题，未答 m 题，标记 k 题”."""
        return self.answer_sheet.summary

    def palette_states(self) -> list[str]:
        """Each question's palette state: answered / unanswered / flagged (flagged wins)."""
        if self.quiz is None:
            return []
        return ["flagged" if item.flagged else "answered" if item.answered else "unanswered" for item in self.quiz.items]

    def _update_palette(self) -> None:
        quiz = self.quiz
        if quiz is not None:
            self.answer_sheet.show_states(self.palette_states(), quiz.index, answered=len(quiz.answered_positions()))

    # ----- time and submission --------------------------------------------------------------------------------
    def tick(self) -> None:
        """Update the countdown (red in the last minute); at zero the attempt submits itself."""
        quiz = self.quiz
        if quiz is None or quiz.is_submitted:
            self.countdown_timer.stop()
            return
        now = self.now()
        remaining = quiz.remaining(now)
        if remaining is None:
            return
        self.countdown_label.setText(countdown_text(remaining))
        urgent = remaining.total_seconds() <= URGENT_SECONDS
        set_text_colour(self.countdown_label, URGENT_COLOUR if urgent else None)
        self.countdown_label.setProperty("urgent", urgent)
        if quiz.is_expired(now):
            self._finish_expired()

    def _finish_expired(self) -> None:
        self.countdown_timer.stop()
        self._dirty = False  # the deadline has passed: nothing more is recorded
        for box in self.findChildren(QMessageBox):
            box.reject()  # a 确认交卷 still open must not ask about an exam the clock has handed in
        self.submit()

    def request_submit(self) -> None:
        """交卷: ask for confirmation when questions are unanswered."""
        quiz = self.quiz
        if quiz is None:
            return
        self._commit_pending()
        if self.quiz is None or quiz.is_submitted:
            return
        unanswered = len(quiz.unanswered_positions())
        if unanswered and not ask_to_submit(self, unanswered):
            return
        self.submit()

    def submit(self) -> None:
        """Close the attempt and hand over to the results page."""
        quiz = self.quiz
        if quiz is None:
            return
        self._commit_pending()
        self.countdown_timer.stop()
        if not self.hand_in(quiz):
            return
        attempt_id = int(quiz.attempt_id)
        self.quiz = None
        self.finished(attempt_id)


NAVIGATION_KEYS = {
    Qt.Key.Key_Left: QuizPage.previous,
    Qt.Key.Key_Right: QuizPage.next,
    Qt.Key.Key_PageUp: QuizPage.previous,
    Qt.Key.Key_PageDown: QuizPage.next,
}


def _hint(question_type: QuestionType) -> str:
    return {
        QuestionType.SINGLE: "按 A-H 或 1-8 选择，选中即作答。",
        QuestionType.JUDGE: "按 A（正确）或 B（错误）作答。",
        QuestionType.MULTIPLE: "按 A-H 或 1-8 勾选或取消，选好后按回车确认。",
        QuestionType.BLANK: "在每个空中输入答案（可用中文输入法），按回车确认。",
        QuestionType.ORDER: "拖动条目，或选中后用“上移”“下移”调整顺序，按回车确认。",
        QuestionType.MATCH: "为左侧每一项选择对应的右侧内容，按回车确认。",
    }[question_type]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

