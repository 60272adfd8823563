"""A blank answer of thousands of Chinese numerals typed into the quiz page: refused in Chinese, the earlier answer kept."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from question_bank.drafts import QuestionType
from study import QuizMode, QuizSpec, attempt_result
from ui.context import UiContext
from ui.pages.quiz import QuizPage
from ui.widgets.answer_inputs import BlankInput


def _type(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.clear()
    commit = QInputMethodEvent()  # what a Chinese input method sends when a phrase is chosen
    commit.setCommitString(text)
    QApplication.sendEvent(edit, commit)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def test_a_blank_answer_of_4301_numerals_is_refused_and_the_answer_before_it_kept(
    qtbot: QtBot, ui_context: UiContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    warnings: list[str] = []
    crashes: list[BaseException] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a: warnings.append(text))
    monkeypatch.setattr("sys.excepthook", lambda _kind, error, _tb: crashes.append(error))
    page = QuizPage(ui_context)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitExposed(page)
    attempt_id = page.start(QuizSpec(types=(QuestionType.BLANK,), count=1, mode=QuizMode.EXAM, time_limit_s=600))
    assert attempt_id is not None
    page.open_attempt(attempt_id)
    widget = page.input
    assert isinstance(widget, BlankInput)
    edit = widget.findChild(QLineEdit)
    assert isinstance(edit, QWidget) and isinstance(edit, QLineEdit)
    _type(qtbot, edit, "五年")
    assert page.quiz is not None and page.quiz.items[0].answer[0] == "五年"
    _type(qtbot, edit, "三" * 4301)
    qtbot.waitUntil(lambda: bool(warnings) or bool(crashes), timeout=5000)
    assert crashes == []
    assert set(warnings) == {"答案格式不正确：每处填空最多200字，而作答有4301字。"}  # (said on input and on Enter)
    page.submit()
    with ui_context.session_factory() as session, session.begin():
        result = attempt_result(session, attempt_id=attempt_id)
    assert result.items[0].learner_answer is not None and result.items[0].learner_answer[0] == "五年"
