"""Tests for ui/pages/wrong_book.py: wrong answers enter the book and leave after two correct practices."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from question_bank.drafts import QuestionType
from study import QuizMode, QuizSpec
from tests.ui.conftest import FakeClock
from tests.ui.test_results import answer_judge, window  # noqa: F401 - the window fixture
from ui.context import UiContext
from ui.main_window import MainWindow
from ui.pages.quiz import QuizPage
from ui.pages.wrong_book import WrongBookPage


def _practice_all_correctly(qtbot: QtBot, window: MainWindow, book: WrongBookPage, ctx: UiContext) -> None:
    qtbot.mouseClick(book.practice_all_button, Qt.MouseButton.LeftButton)
    quiz = window.page("quiz")
    assert isinstance(quiz, QuizPage) and quiz.quiz is not None and quiz.quiz.mode is QuizMode.PRACTICE
    for _ in range(quiz.quiz.total):
        answer_judge(qtbot, quiz, ctx, correct=True)
        assert "回答正确" in quiz.feedback_label.text()
        qtbot.keyClick(quiz, Qt.Key.Key_Return)
    quiz.submit()


def test_wrong_book_emptied_by_correct_answers(qtbot: QtBot, window: MainWindow, ui_context: UiContext,
                                               fake_clock: FakeClock) -> None:
    book = window.show_page("wrong_book")
    assert isinstance(book, WrongBookPage)
    assert book.stack.currentWidget() is book.empty_label and not book.practice_all_button.isEnabled()

    window.start_quiz(QuizSpec(types=(QuestionType.JUDGE,), count=4, mode=QuizMode.TIMED, time_limit_s=600))
    quiz = window.page("quiz")
    assert isinstance(quiz, QuizPage)
    for correct in (False, True, False, False):
        answer_judge(qtbot, quiz, ui_context, correct=correct)
        qtbot.keyClick(quiz.input, Qt.Key.Key_Right)
    quiz.submit()

    window.show_page("wrong_book")
    assert book.total == 3 and book.model.rowCount() == 3
    assert [book.model.index(r, 1).data() for r in range(3)] == ["判断题"] * 3
    assert {book.model.index(r, 5).data() for r in range(3)} == {"0/2"}
    assert book.topic_box.itemText(0) == "全部专题（3）"
    first = book.model.row_at(0)
    assert book.detail_label.text() == (f"【判断题】{first.stem}\n你的答案：{first.learner_answer_text}\n"
                                        f"正确答案：{first.correct_answer_text}")
    assert {first.learner_answer_text, first.correct_answer_text} == {"正确", "错误"}

    fake_clock.advance(minutes=60)
    _practice_all_correctly(qtbot, window, book, ui_context)
    window.show_page("wrong_book")
    assert book.total == 3 and {book.model.index(r, 5).data() for r in range(3)} == {"1/2"}

    fake_clock.advance(minutes=60)
    _practice_all_correctly(qtbot, window, book, ui_context)
    window.show_page("wrong_book")
    assert book.total == 0 and book.stack.currentWidget() is book.empty_label
    assert not book.practice_all_button.isEnabled()


def test_wrong_book_shows_option_text_and_both_answers_as_on_the_results_page(
    qtbot: QtBot, window: MainWindow, ui_context: UiContext
) -> None:
    from tests.study.test_quiz import correct_display_answer, wrong_display_answer
    from ui.pages.results import ResultsPage

    window.start_quiz(QuizSpec(types=(QuestionType.MULTIPLE,), count=1, mode=QuizMode.EXAM, time_limit_s=600))
    quiz = window.page("quiz")
    assert isinstance(quiz, QuizPage) and quiz.quiz is not None and quiz.input is not None
    view = quiz.quiz.current()
    with ui_context.session_factory() as session:
        wrong = wrong_display_answer(view, correct_display_answer(session, view))
    assert isinstance(wrong, list)
    for index in wrong:
        qtbot.keyClick(quiz.input, "ABCDEFGH"[index])
    quiz.submit()
    results = window.page("results")
    assert isinstance(results, ResultsPage) and results.result is not None
    shown = results.result.items[0]

    book = window.show_page("wrong_book")
    assert isinstance(book, WrongBookPage)
    detail = book.detail_label.text().split("\n")
    options = [f"{'ABCDEFGH'[i]}．{text}" for i, text in enumerate(view.options)]
    assert detail[1:1 + len(options)] == options  # the options' text, in the letters of that attempt
    assert detail[-2:] == [f"你的答案：{shown.learner_answer_text}", f"正确答案：{shown.correct_answer_text}"]
    assert all("．" in part for part in shown.correct_answer_text.split("；"))  # letters with text, not “B、D”
