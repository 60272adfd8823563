"""Tests for ui/exam_lock.py through the main window: a running exam leaks nothing and is left only on purpose."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from question_bank.drafts import QuestionType
from study import QuizMode, QuizSpec, UnfinishedAttempt
from tests.ui.conftest import FakeClock
from tests.ui.test_results import answer_judge, window  # noqa: F401 - the window fixture
from ui import exam_lock
from ui.context import UiContext
from ui.exam_lock import ExamLockPage
from ui.main_window import MainWindow
from ui.pages.home import HomePage
from ui.pages.quiz import QuizPage


def _home_figures(window: MainWindow) -> tuple[str, str, list[str]]:
    home = window.show_page("home")
    assert isinstance(home, HomePage)
    reasons = [label.text() for label in home.findChildren(QLabel) if label.isVisibleTo(home) and "掌握度" in label.text()]
    return home.accuracy_tile.value_label.text(), home.accuracy_tile.caption_label.text(), sorted(reasons)


def _nav_to(window: MainWindow, name: str) -> None:
    for row in range(window.nav.count()):
        if window.nav.item(row).data(Qt.ItemDataRole.UserRole) == name:
            window.nav.setCurrentRow(row)  # as a click in the navigation list does
            return
    raise AssertionError(name)


def test_answering_during_an_exam_changes_nothing_on_home(
    qtbot: QtBot, window: MainWindow, ui_context: UiContext, fake_clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.start_quiz(QuizSpec(types=(QuestionType.JUDGE,), count=4, mode=QuizMode.PRACTICE))
    quiz = window.page("quiz")
    assert isinstance(quiz, QuizPage)
    for correct in (True, False, True, True):  # some history, so the home figures are not empty
        answer_judge(qtbot, quiz, ui_context, correct=correct)
        qtbot.keyClick(quiz, Qt.Key.Key_Return)
    quiz.submit()
    fake_clock.advance(minutes=5)
    before = _home_figures(window)
    assert before[0] == "75%"

    window.start_quiz(QuizSpec(types=(QuestionType.JUDGE,), count=3, mode=QuizMode.EXAM, time_limit_s=900))
    assert window.current_page_name == "quiz" and quiz.quiz is not None
    monkeypatch.setattr(exam_lock, "ask_to_leave_exam", lambda _parent, _exam: True)
    seen = []
    for correct in (True, False, True):  # the learner changes every answer back and forth, looking at 首页
        window.open_attempt(int(quiz.quiz.attempt_id))
        for position in range(3):
            quiz.go_to(position)
            answer_judge(qtbot, quiz, ui_context, correct=correct)
        _nav_to(window, "home")
        assert window.current_page_name == "home"
        seen.append(_home_figures(window))
    assert seen == [before] * 3

    window.open_attempt(int(quiz.quiz.attempt_id))
    quiz.submit()  # handed in: now the answers count
    assert _home_figures(window)[1] != before[1]


def test_pages_that_could_reveal_answers_are_closed_while_an_exam_runs(
    qtbot: QtBot, window: MainWindow, ui_context: UiContext, fake_clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.start_quiz(QuizSpec(types=(QuestionType.JUDGE,), count=3, mode=QuizMode.TIMED, time_limit_s=600))
    quiz = window.page("quiz")
    assert isinstance(quiz, QuizPage) and quiz.quiz is not None
    attempt_id = int(quiz.quiz.attempt_id)
    answer_judge(qtbot, quiz, ui_context, correct=True)

    asked: list[UnfinishedAttempt] = []
    reply = [False]

    def ask(_parent: object, exam: UnfinishedAttempt) -> bool:
        asked.append(exam)
        return reply[0]

    monkeypatch.setattr(exam_lock, "ask_to_leave_exam", ask)
    _nav_to(window, "reader")
    assert len(asked) == 1 and asked[0].answered == 1 and window.current_page_name == "quiz"  # declined: stays
    assert window.stack.currentWidget() is quiz

    reply[0] = True
    fake_clock.advance(seconds=100)
    for name in ("reader", "wrong_book", "progress", "study", "quiz_setup"):
        _nav_to(window, name)
        lock = window.stack.currentWidget()
        assert isinstance(lock, ExamLockPage), name
        text = lock.message_label.text()
        assert "限时测验正在进行（剩余 08:20，已答 1/3 题）" in text and "交卷后即可查看" in text
    assert quiz.countdown_timer.isActive()  # the clock runs on
    from ui.widgets.scrolling import PAGE_MARGINS

    assert isinstance(lock, ExamLockPage)
    layout = lock.layout()
    assert layout is not None and layout.contentsMargins() == PAGE_MARGINS  # placed like the page it stands in for

    started: list[str] = []
    monkeypatch.setattr(exam_lock, "tell_exam_running", lambda _parent, exam: started.append(exam.mode.label))
    window.start_quiz(QuizSpec(types=(QuestionType.JUDGE,), count=2, mode=QuizMode.PRACTICE))
    assert started == ["限时测验"] and window.current_page_name == "quiz_setup"  # no practice beside the exam

    assert isinstance(lock, ExamLockPage)
    qtbot.mouseClick(lock.back_button, Qt.MouseButton.LeftButton)  # 返回考试
    assert window.current_page_name == "quiz" and quiz.quiz is not None and int(quiz.quiz.attempt_id) == attempt_id
    quiz.submit()
    window.show_page("reader")
    assert not isinstance(window.stack.currentWidget(), ExamLockPage)  # handed in: open again


def test_closing_the_window_or_switching_learner_during_an_exam_asks_first(
    qtbot: QtBot, window: MainWindow, ui_context: UiContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.start_quiz(QuizSpec(types=(QuestionType.JUDGE,), count=3, mode=QuizMode.EXAM, time_limit_s=900))
    quiz = window.page("quiz")
    assert isinstance(quiz, QuizPage) and quiz.quiz is not None
    answer_judge(qtbot, quiz, ui_context, correct=True)
    asked: list[UnfinishedAttempt] = []
    reply = [False]

    def ask(_parent: object, exam: UnfinishedAttempt) -> bool:
        asked.append(exam)
        return reply[0]

    monkeypatch.setattr(exam_lock, "ask_to_leave_exam", ask)
    chosen: list[object] = []
    monkeypatch.setattr("ui.pages.profiles.choose_learner", lambda ctx, parent: chosen.append(parent))
    window.switch_learner()
    assert len(asked) == 1 and chosen == []  # declined: the learner stays in the exam
    window.quit_action.trigger()
    assert window.isVisible() and len(asked) == 2  # declined: the window stays open
    reply[0] = True
    window.quit_action.trigger()
    assert not window.isVisible() and len(asked) == 3
    assert quiz.quiz is not None and not quiz.quiz.is_submitted  # left, not handed in: the clock runs on
