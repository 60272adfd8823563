"""Tests for ui/pages/quiz_setup.py: the form becomes the QuizSpec the learner asked for."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from question_bank.drafts import QuestionType
from study import QuizMode, QuizSpec
from ui.context import UiContext
from ui.pages.quiz_setup import QuizSetupPage


def test_form_to_spec(qtbot: QtBot, ui_context: UiContext) -> None:
    ui_context.settings.setValue("quiz/default_count", 15)
    ui_context.settings.setValue("quiz/default_time_limit_min", 45)
    page = QuizSetupPage(ui_context)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    topics = page.topic_model.topic_ids()
    assert len(topics) >= 2 and page.count_box.value() == 15 and page.time_box.value() == 45
    assert not page.time_box.isEnabled()  # practice is untimed
    assert page.spec() == QuizSpec(count=15, mode=QuizMode.PRACTICE, pass_mark=0.6)

    page.set_mode(QuizMode.EXAM)
    assert page.time_box.isEnabled() and "模拟考试" in page.mode_help.text()
    page.topic_view.setFocus()
    page.topic_view.setCurrentIndex(page.topic_model.index(1))
    qtbot.keyClick(page.topic_view, Qt.Key.Key_Space)  # untick the second topic from the keyboard
    page.type_boxes[QuestionType.MATCH].setChecked(False)
    page.pass_box.setValue(80)
    with qtbot.waitSignal(page.quiz_requested) as requested:
        qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    spec = requested.args[0]
    assert spec.topic_ids == tuple(t for t in topics if t != topics[1])
    assert spec.types == tuple(t for t in QuestionType if t is not QuestionType.MATCH)
    assert (spec.mode, spec.count, spec.time_limit_s, spec.pass_mark) == (QuizMode.EXAM, 15, 45 * 60, 0.8)

    page.topic_model.set_all_checked(False)
    with qtbot.assertNotEmitted(page.quiz_requested):
        page.start()
    assert page.problem_label.text() == "请至少选择一个专题。"
    assert page.practice_spec([topics[0]]) == QuizSpec(topic_ids=(topics[0],), count=7, mode=QuizMode.PRACTICE)
