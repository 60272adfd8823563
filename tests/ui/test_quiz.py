"""Tests for ui/pages/quiz.py: every input type, keyboard answering, palette, confirmation, and a timed quiz that runs out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent, QPalette
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from question_bank.drafts import QuestionType
from study import QuizMode, QuizSpec, attempt_result
from tests.ui.conftest import FakeClock
from ui.context import UiContext
from ui.pages import quiz as quiz_module
from ui.pages.quiz import QuizPage, countdown_text
from ui.widgets.answer_inputs import BlankInput, JudgeInput, MatchInput, MultipleInput, OrderInput, SingleInput


@pytest.fixture
def page(qtbot: QtBot, ui_context: UiContext) -> QuizPage:
    widget = QuizPage(ui_context)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _open(page: QuizPage, spec: QuizSpec) -> int:
    attempt_id = page.start(spec)
    assert attempt_id is not None
    page.open_attempt(attempt_id)
    return attempt_id


def test_countdown_text() -> None:
    assert [countdown_text(dt.timedelta(seconds=s)) for s in (0, 59.2, 60, 605, 5400)] == [
        "00:00", "01:00", "01:00", "10:05", "90:00"]


def test_timed_quiz_runs_out_and_submits_itself_with_answers_given(
    qtbot: QtBot, page: QuizPage, ui_context: UiContext, fake_clock: FakeClock
) -> None:
    spec = QuizSpec(types=(QuestionType.JUDGE,), count=6, mode=QuizMode.TIMED, time_limit_s=300)
    attempt_id = _open(page, spec)
    assert page.countdown_label.text() == "05:00" and page.countdown_label.property("urgent") is False
    assert page.palette_states() == ["unanswered"] * 6

    # Two answers from the keyboard: A (正确) is committed at once, Enter moves on.
    qtbot.keyClick(page.input, Qt.Key.Key_A)
    assert isinstance(page.input, JudgeInput) and page.input.answer() is True
    qtbot.keyClick(page.input, Qt.Key.Key_Return)
    assert page.quiz is not None and page.quiz.index == 1
    qtbot.keyClick(page.input, Qt.Key.Key_2)
    assert page.input.answer() is False
    assert page.palette_states()[:2] == ["answered", "answered"]

    fake_clock.advance(seconds=250)
    page.tick()
    assert page.countdown_label.text() == "00:50" and page.countdown_label.property("urgent") is True
    assert page.countdown_label.palette().color(QPalette.ColorRole.WindowText).name() == "#d0021b"

    fake_clock.advance(seconds=51)
    with qtbot.waitSignal(page.attempt_finished, timeout=2000) as finished:
        page.countdown_timer.timeout.emit()  # the timer's slot, as the event loop would fire it
    assert finished.args == [attempt_id]
    with ui_context.session_factory() as session, session.begin():
        result = attempt_result(session, attempt_id=attempt_id)
    assert result.expired and result.answered == 2 and len(result.items) == 6
    assert [item.answered for item in result.items] == [True, True, False, False, False, False]
    assert result.time_used == dt.timedelta(seconds=300)
    assert page.quiz is None and not page.countdown_timer.isActive()


def test_every_type_answered_through_its_input(qtbot: QtBot, page: QuizPage, ui_context: UiContext) -> None:
    seen: set[QuestionType] = set()
    for qtype, widget_class in ((QuestionType.SINGLE, SingleInput), (QuestionType.MULTIPLE, MultipleInput),
                                (QuestionType.BLANK, BlankInput), (QuestionType.ORDER, OrderInput),
                                (QuestionType.MATCH, MatchInput)):
        attempt_id = _open(page, QuizSpec(types=(qtype,), count=1, mode=QuizMode.EXAM, time_limit_s=600))
        widget = page.input
        assert isinstance(widget, widget_class)
        if isinstance(widget, SingleInput):
            qtbot.keyClick(widget, Qt.Key.Key_B)
            expected: object = 1
        elif isinstance(widget, MultipleInput):
            qtbot.keyClick(widget, Qt.Key.Key_A)
            qtbot.keyClick(widget, Qt.Key.Key_3)
            assert page.quiz is not None and page.quiz.items[0].answer == [0, 2]  # stored at each tick
            qtbot.keyClick(widget, Qt.Key.Key_Return)
            expected = [0, 2]
        elif isinstance(widget, BlankInput):
            edit = widget.findChild(QLineEdit)
            assert edit is not None
            commit = QInputMethodEvent()  # what a Chinese input method sends when a phrase is chosen
            commit.setCommitString("五年")
            QApplication.sendEvent(edit, commit)
            qtbot.keyClick(edit, Qt.Key.Key_Return)
            expected = ["五年"] + [""] * (len(widget.edits) - 1)
        elif isinstance(widget, OrderInput):
            before = widget.sequence()
            widget.list.setCurrentRow(0)
            qtbot.mouseClick(widget.down_button, Qt.MouseButton.LeftButton)
            qtbot.keyClick(widget.list, Qt.Key.Key_Return)
            expected = [before[1], before[0], *before[2:]]
        else:
            assert isinstance(widget, MatchInput)
            for combo in widget.combos:
                combo.setCurrentIndex(1)
            qtbot.keyClick(widget.combos[0], Qt.Key.Key_Return)
            expected = [widget.combos[0].itemData(1)] * len(widget.combos)
        assert page.quiz is not None and page.quiz.items[0].answered and page.quiz.items[0].answer == expected
        page.submit()
        with ui_context.session_factory() as session, session.begin():
            result = attempt_result(session, attempt_id=attempt_id)
        assert result.answered == 1 and result.items[0].learner_answer == expected
        seen.add(qtype)
    assert len(seen) == 5


def test_navigation_flag_and_confirmed_submission(
    qtbot: QtBot, page: QuizPage, ui_context: UiContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempt_id = _open(page, QuizSpec(types=(QuestionType.JUDGE,), count=4, mode=QuizMode.EXAM, time_limit_s=900))
    qtbot.keyClick(page.input, Qt.Key.Key_B)
    qtbot.keyClick(page.input, Qt.Key.Key_Right)
    assert page.quiz is not None and page.quiz.index == 1
    qtbot.mouseClick(page.flag_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(page.input, Qt.Key.Key_Right)
    qtbot.keyClick(page.input, Qt.Key.Key_Left)
    assert page.quiz.index == 1 and page.flag_button.isChecked()
    assert page.palette_states() == ["answered", "flagged", "unanswered", "unanswered"]
    assert page.palette_summary.text() == "已答 1 题，未答 3 题，标记 1 题"
    qtbot.mouseClick(page.palette_buttons[3], Qt.MouseButton.LeftButton)
    assert page.quiz.index == 3 and not page.next_button.isEnabled()

    asked: list[int] = []

    def answer(submit: bool) -> Callable[[object, int], bool]:
        def ask(_parent: object, n: int) -> bool:
            asked.append(n)
            return submit
        return ask

    monkeypatch.setattr(quiz_module, "ask_to_submit", answer(False))
    qtbot.mouseClick(page.submit_button, Qt.MouseButton.LeftButton)
    assert asked == [3] and page.quiz is not None  # declined: still answering

    monkeypatch.setattr(quiz_module, "ask_to_submit", answer(True))
    with qtbot.waitSignal(page.attempt_finished, timeout=2000):
        qtbot.mouseClick(page.submit_button, Qt.MouseButton.LeftButton)
    assert asked == [3, 3]
    with ui_context.session_factory() as session, session.begin():
        result = attempt_result(session, attempt_id=attempt_id)
    assert result.answered == 1 and result.items[1].flagged and not result.expired


def test_practice_shows_feedback_then_moves_on(qtbot: QtBot, page: QuizPage) -> None:
    _open(page, QuizSpec(types=(QuestionType.SINGLE,), count=2, mode=QuizMode.PRACTICE))
    assert not page.countdown_label.isVisible()
    qtbot.keyClick(page.input, Qt.Key.Key_A)
    text = page.feedback_label.text()
    assert ("回答正确" in text or "回答错误" in text) and "正确答案：" in text
    assert page.input is not None and not page.input.isEnabled()
    qtbot.keyClick(page, Qt.Key.Key_Return)
    assert page.quiz is not None and page.quiz.index == 1 and page.feedback_label.text() == ""
    qtbot.keyClick(page, Qt.Key.Key_Return)  # Enter on the last, unanswered: it stays, nothing recorded
    assert page.quiz.index == 1 and page.hint_label.text().startswith("已是最后一题。还有 1 道题未作答")
    qtbot.keyClick(page.input, Qt.Key.Key_B)
    qtbot.keyClick(page, Qt.Key.Key_Return)
    qtbot.keyClick(page, Qt.Key.Key_Return)
    assert page.hint_label.text().startswith("全部题目已作答") and page.submit_button.hasFocus()


def test_the_answer_sheet_shows_all_five_columns_at_200_percent_text(qtbot: QtBot, ui_context: UiContext) -> None:
    widget = QuizPage(ui_context)
    qtbot.addWidget(widget)
    font = widget.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    widget.setFont(font)  # as the 200% text size does through the application font
    widget.resize(1366 - 154, 768 - 34)  # the page's share of a 1366x768 window
    widget.show()
    qtbot.waitExposed(widget)
    _open(widget, QuizSpec(count=20, mode=QuizMode.EXAM, time_limit_s=1800))
    viewport = widget.answer_sheet.scroll_area.viewport()

    def cut_off() -> list[str]:
        return [button.text() for button in widget.palette_buttons
                if button.mapTo(viewport, button.rect().bottomRight()).x() >= viewport.width()]

    qtbot.waitUntil(lambda: len(widget.palette_buttons) == 20 and not cut_off())
    assert widget.answer_sheet.geometry().right() < widget.width()


def test_time_running_out_while_confirming_closes_the_question(
    qtbot: QtBot, page: QuizPage, fake_clock: FakeClock
) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    attempt_id = _open(page, QuizSpec(types=(QuestionType.JUDGE,), count=3, mode=QuizMode.TIMED, time_limit_s=120))
    finished: list[int] = []
    page.attempt_finished.connect(finished.append)
    still_open: list[str] = []

    def time_runs_out() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, time_runs_out)
            return
        fake_clock.advance(seconds=121)
        page.countdown_timer.timeout.emit()  # the countdown fires while 确认交卷 waits for an answer
        if box.isVisible():  # without the fix the question stays up: note it, then answer it so the test ends
            still_open.append(box.text())
            box.reject()

    QTimer.singleShot(0, time_runs_out)
    page.request_submit()  # 交卷 with 3 unanswered: the confirmation opens
    assert finished == [attempt_id] and page.quiz is None
    assert still_open == []  # it was closed when the clock handed the exam in
