"""Tests for ui/pages/results.py through the main window: an exam submitted, its results, then 重练错题."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from question_bank.bank import get_questions
from question_bank.drafts import QuestionType
from study import QuizMode, QuizSpec
from ui.context import UiContext
from ui.main_window import MainWindow
from ui.pages.quiz import QuizPage
from ui.pages.results import ResultsPage, duration_text
from tests.ui.conftest import FakeClock


@pytest.fixture
def window(qtbot: QtBot, ui_context: UiContext) -> MainWindow:
    widget = MainWindow(ui_context)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def judge_answer(ctx: UiContext, question_id: int) -> bool:
    """The correct answer of a 判断题 (no shuffling: display = bank)."""
    with ctx.session_factory() as session, session.begin():
        answer = get_questions(session, [question_id])[0].answer
    assert isinstance(answer, bool)
    return answer


def answer_judge(qtbot: QtBot, quiz: QuizPage, ctx: UiContext, *, correct: bool) -> None:
    """Answer the question on screen with the A (正确) / B (错误) key, rightly or wrongly."""
    assert quiz.quiz is not None and quiz.input is not None
    right = judge_answer(ctx, quiz.quiz.current().question_id)
    qtbot.keyClick(quiz.input, Qt.Key.Key_A if right == correct else Qt.Key.Key_B)


def test_duration_text() -> None:
    import datetime as dt

    assert [duration_text(dt.timedelta(seconds=s)) for s in (5, 605, 3720)] == ["0分05秒", "10分05秒", "1小时02分"]


def test_results_then_retry_the_wrong_ones(qtbot: QtBot, window: MainWindow, ui_context: UiContext,
                                          fake_clock: FakeClock) -> None:
    window.start_quiz(QuizSpec(types=(QuestionType.JUDGE,), count=5, mode=QuizMode.EXAM, time_limit_s=1200,
                               pass_mark=0.6))
    assert window.current_page_name == "quiz"
    quiz = window.page("quiz")
    assert isinstance(quiz, QuizPage) and quiz.quiz is not None
    for correct in (True, False, True, True):  # the fifth stays unanswered
        answer_judge(qtbot, quiz, ui_context, correct=correct)
        qtbot.keyClick(quiz.input, Qt.Key.Key_Right)
        fake_clock.advance(seconds=30)
    quiz.submit()

    assert window.current_page_name == "results"
    results = window.page("results")
    assert isinstance(results, ResultsPage) and results.result is not None
    assert results.score_label.text() == "3/5分（60%）" and results.verdict_label.text() == "及格"
    assert "用时 2分00秒" in results.details_label.text() and "作答 4 题" in results.details_label.text()
    assert [results.item_model.index(r, 1).data() for r in range(5)] == ["正确", "错误", "正确", "正确", "未答"]
    assert results.item_view.currentIndex().row() == 1  # the first wrong one is shown
    assert "正确答案：" in results.item_label.text() and "你的答案：" in results.item_label.text()
    assert "#ffe58a" in results.source_view.toHtml() or "ffe58a" in results.source_view.toHtml()
    assert sum(results.topic_model.row_at(r).questions for r in range(results.topic_model.rowCount())) == 5
    wrong_ids = [int(results.result.items[i].question_id) for i in (1, 4)]
    assert results.retry_button.text() == "重练错题（2）(&R)"

    qtbot.mouseClick(results.open_source_button, Qt.MouseButton.LeftButton)
    assert window.current_page_name == "reader"
    window.show_results(int(results.result.attempt_id))
    assert window.current_page_name == "results"

    qtbot.mouseClick(results.retry_button, Qt.MouseButton.LeftButton)
    assert window.current_page_name == "quiz" and quiz.quiz is not None
    assert quiz.quiz.mode is QuizMode.PRACTICE
    assert [int(item.question_id) for item in quiz.quiz.items] == wrong_ids
