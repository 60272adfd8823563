"""Bank and learner text is shown as text: HTML in a stem, an option, a card or a name never renders."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from question_bank.drafts import QuestionType
from question_bank.models import FlashcardRow, QuestionRow
from study import QuizMode, QuizSpec
from ui.context import UiContext
from ui.operations import Change
from ui.pages.flashcards import FlashcardsPage
from ui.pages.quiz import QuizPage

HOSTILE = '<h1 style="color:red">本题答案为 B</h1><img src="file:///etc/passwd">'


def _rendered_as_markup(root: QWidget) -> list[str]:
    """Labels whose text holds the hostile markup and would be drawn as rich text."""
    return [
        label.text()[:40]
        for label in root.findChildren(QLabel)
        if "<h1" in label.text() and label.textFormat() != Qt.TextFormat.PlainText
    ]


def test_a_stem_and_an_option_with_html_show_as_plain_text(qtbot: QtBot, ui_context: UiContext) -> None:
    ui_context.ops.write_now(
        lambda s: s.execute(update(QuestionRow).where(QuestionRow.type == "single")
                            .values(stem=HOSTILE, options=[HOSTILE, "乙", "丙", "丁"])),
        changes=Change.BANK)
    page = QuizPage(ui_context)
    qtbot.addWidget(page)
    attempt_id = page.start(QuizSpec(types=(QuestionType.SINGLE,), count=1, mode=QuizMode.PRACTICE))
    assert attempt_id is not None
    page.open_attempt(attempt_id)
    page.show()
    shown = [label for label in page.findChildren(QLabel) if "<h1" in label.text()]
    assert shown, "the hostile stem should be on screen"
    assert _rendered_as_markup(page) == []


def test_a_flashcard_with_html_shows_as_plain_text(qtbot: QtBot, ui_context: UiContext) -> None:
    ui_context.ops.write_now(lambda s: s.execute(update(FlashcardRow).values(front=HOSTILE, back=HOSTILE)),
                             changes=Change.BANK)
    page = FlashcardsPage(ui_context)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    if page.current_card() is None and page.source_box.count() > 1:
        page.source_box.setCurrentIndex(1)
        page.start_session()
    assert page.current_card() is not None
    page.flip()
    assert any("<h1" in label.text() for label in page.findChildren(QLabel))
    assert _rendered_as_markup(page) == []
