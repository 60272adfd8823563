"""Tests for ui/pages/quiz.py: every input type, keyboard answering, palette, confirmation, and a timed quiz that runs out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent, QKeySequence, QPalette, QShortcutEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from question_bank.drafts import QuestionType
from study import QuizMode, QuizSpec, attempt_result
from tests.ui.conftest import FakeClock
from ui.context import UiContext
from ui.formatting import countdown_text
from ui.pages import quiz as quiz_module
from ui.pages.quiz import QuizPage
from ui.widgets.answer_inputs import (
    BlankInput,
    JudgeInput,
    MatchInput,
    MultipleInput,
    OrderInput,
    SingleInput,
)


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


def test_every_type_answered_through_its_input(
    qtbot: QtBot, page: QuizPage, ui_context: UiContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(quiz_module, "ask_about_empty_blanks", lambda _parent, _empty, _total: True)
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


def _right_answer(ctx: UiContext, page: QuizPage) -> object:
    from tests.study.test_quiz import correct_display_answer

    assert page.quiz is not None
    with ctx.session_factory() as session:
        return correct_display_answer(session, page.quiz.current())


def test_practice_feedback_marks_the_chosen_and_the_right_options_in_place(
    qtbot: QtBot, page: QuizPage, ui_context: UiContext
) -> None:
    _open(page, QuizSpec(types=(QuestionType.SINGLE,), count=1, mode=QuizMode.PRACTICE))
    right = _right_answer(ui_context, page)
    assert isinstance(right, int) and isinstance(page.input, SingleInput)
    wrong = (right + 1) % len(page.input.buttons)
    qtbot.mouseClick(page.input.rows[wrong].text_label, Qt.MouseButton.LeftButton)  # a click on the text chooses
    marks = page.input.marks()
    assert marks[wrong] == "✗ 你的选择，错误" and marks[right] == "✓ 正确答案"
    assert [m for i, m in enumerate(marks) if i not in (right, wrong)] == [""] * (len(marks) - 2)
    assert page.input.rows[wrong].property("mark") == "wrong" and page.input.rows[right].property("mark") == "missed"

    _open(page, QuizSpec(types=(QuestionType.MULTIPLE,), count=1, mode=QuizMode.PRACTICE))
    right_set = _right_answer(ui_context, page)
    assert isinstance(right_set, list) and isinstance(page.input, MultipleInput)
    extra = next(i for i in range(len(page.input.buttons)) if i not in right_set)
    chosen = [right_set[0], extra]
    for index in chosen:
        qtbot.keyClick(page.input, "ABCDEFGH"[index])
    qtbot.keyClick(page, Qt.Key.Key_Return)
    marks = page.input.marks()
    assert marks[right_set[0]] == "✓ 你的选择，正确" and marks[extra] == "✗ 你的选择，错误"
    assert all(marks[i] == "✓ 正确答案" for i in right_set[1:])  # right options not chosen
    assert "回答错误" in page.feedback_label.text()


def test_match_feedback_marks_each_pair_and_agrees_with_the_results_page(
    qtbot: QtBot, page: QuizPage, ui_context: UiContext
) -> None:
    attempt_id = _open(page, QuizSpec(types=(QuestionType.MATCH,), count=1, mode=QuizMode.PRACTICE))
    right = _right_answer(ui_context, page)
    assert isinstance(right, list) and len(right) >= 3 and isinstance(page.input, MatchInput)
    page.input.combos[0].setCurrentIndex(page.input.combos[0].findData(right[0]))  # one pair right,
    for i, combo in enumerate(page.input.combos[1:], start=1):  # the others wrong
        combo.setCurrentIndex(combo.findData(right[(i % (len(right) - 1)) + 1] if i < len(right) - 1 else right[1]))
    qtbot.keyClick(page.input.combos[0], Qt.Key.Key_Return)
    marks = page.input.marks()
    assert marks[0] == "✓ 正确" and all(m.startswith("✗ 应为：") for m in marks[1:])
    assert marks[1] == f"✗ 应为：{right[1]}"
    feedback = page.feedback_label.text()
    share = round(100 / len(right))
    assert f"部分正确（{share}%）" in feedback and "回答错误" not in feedback
    page.submit()
    from ui.item_models import item_result_model

    with ui_context.session_factory() as session, session.begin():
        result = attempt_result(session, attempt_id=attempt_id)
    model = item_result_model()
    model.set_rows(result.items)
    assert model.index(0, 1).data() == f"部分正确（{share}%）"  # the same words as the practice feedback


def test_an_empty_blank_asks_before_it_is_skipped(
    qtbot: QtBot, page: QuizPage, ui_context: UiContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempt_id = _open(page, QuizSpec(types=(QuestionType.BLANK,), count=2, mode=QuizMode.PRACTICE))
    asked: list[tuple[list[int], int]] = []
    reply = [False]

    def ask(_parent: object, empty: list[int], total: int) -> bool:
        asked.append((empty, total))
        return reply[0]

    monkeypatch.setattr(quiz_module, "ask_about_empty_blanks", ask)
    assert isinstance(page.input, BlankInput)
    total = len(page.input.edits)
    qtbot.keyClick(page.input.edits[0], Qt.Key.Key_Return)
    assert asked == [(list(range(total)), total)]  # declined: still here, nothing stored
    assert page.quiz is not None and page.quiz.index == 0 and not page.quiz.items[0].answered
    assert page.input.edits[0].hasFocus() or not page.isActiveWindow()
    reply[0] = True
    qtbot.keyClick(page.input.edits[0], Qt.Key.Key_Return)
    assert page.quiz.index == 1 and len(asked) == 2  # confirmed: skipped to the next question

    from question_bank.models import QuestionRow

    with ui_context.session_factory() as session:
        question = session.get(QuestionRow, page.quiz.current().question_id)
        assert question is not None
        right = [variants[0] for variants in question.answer]
    assert isinstance(page.input, BlankInput)
    for edit, text in zip(page.input.edits, right, strict=False):
        edit.setText(str(text))
        edit.textEdited.emit(edit.text())
    qtbot.keyClick(page.input.edits[0], Qt.Key.Key_Return)
    assert len(asked) == 2 and "回答正确" in page.feedback_label.text()  # all filled in: no question asked
    assert set(page.input.marks()) == {"✓ 正确"}
    del attempt_id


def test_options_wrap_at_200_percent_text_and_none_is_cut(qtbot: QtBot, ui_context: UiContext) -> None:
    widget = QuizPage(ui_context)
    qtbot.addWidget(widget)
    font = widget.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    widget.setFont(font)  # as the 200% text size does through the application font
    widget.resize(1366 - 154, 768 - 34)
    widget.show()
    qtbot.waitExposed(widget)
    for qtype in (QuestionType.MULTIPLE, QuestionType.SINGLE, QuestionType.MATCH):
        _open(widget, QuizSpec(types=(qtype,), count=8, mode=QuizMode.EXAM, time_limit_s=900))  # the bank's 5 多选 have options of up to 52 characters
        assert widget.quiz is not None
        for _ in range(widget.quiz.total):
            assert widget.input is not None
            viewport = widget.input.parentWidget()
            while viewport is not None and viewport.objectName() != "qt_scrollarea_viewport":
                viewport = viewport.parentWidget()
            assert viewport is not None

            def cut() -> list[str]:
                assert widget.input is not None
                labels = [widget.stem_label, *widget.input.findChildren(QLabel), *widget.input.findChildren(QComboBox),
                          *widget.input.findChildren(QAbstractButton)]
                return [getattr(w, "text", lambda: "")() or w.objectName() for w in labels if w.isVisible()
                        and w.mapTo(viewport, w.rect().topRight()).x() > viewport.width()]

            input_widget = widget.input
            qtbot.waitUntil(lambda: input_widget.isVisible() and input_widget.width() > 100)  # laid out
            QApplication.processEvents()
            assert cut() == []
            widget.next()


def test_fast_repeated_moves_are_all_kept(qtbot: QtBot, page: QuizPage, ui_context: UiContext) -> None:
    """Alt+D, Alt+D, Alt+U, Alt+D as fast as keys go: every move is on screen at once and stored, none dropped."""
    from study import load_quiz_session

    attempt_id = _open(page, QuizSpec(types=(QuestionType.ORDER,), count=1, mode=QuizMode.TIMED, time_limit_s=600))
    widget = page.input
    assert isinstance(widget, OrderInput) and widget.list.count() >= 3
    start = widget.sequence()
    widget.list.setCurrentRow(0)
    for button in (widget.down_button, widget.down_button, widget.up_button, widget.down_button):
        # Alt+D, Alt+D, Alt+U, Alt+D as the shortcut map delivers them, with no time between: Qt's own answer
        # (animateClick, 100 ms) merged such presses into one move
        QApplication.sendEvent(button, QShortcutEvent(QKeySequence.mnemonic(button.text()), 0))
    first = start[0]
    expected = [v for v in start if v != first]
    expected.insert(2, first)  # down, down, up, down: from row 0 to row 2
    assert widget.sequence() == expected and widget.list.currentRow() == 2
    with ui_context.session_factory() as s:
        stored = load_quiz_session(s, attempt_id, ui_context.clock()).items[0].answer
    assert stored == expected
