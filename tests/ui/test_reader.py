"""Tests for ui/pages/reader.py: search, a paragraph's items, practice, source jumps and mastery colours."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from question_bank.bank import (
    document_text,
    get_questions,
    list_documents,
    list_topics,
    question_ids_for,
)
from question_bank.builtin import RAW_SOURCE
from question_bank.drafts import Question
from study import topic_mastery
from ui.context import UiContext
from ui.demo import build_demo_data
from ui.pages.reader import ReaderPage


@pytest.fixture
def reader(ui_context: UiContext, qtbot: QtBot) -> ReaderPage:
    """The reader on the built-in interview, shown at 1366x768."""
    page = ReaderPage(ui_context)
    qtbot.addWidget(page)
    page.resize(1366 - 150, 768 - 60)
    page.show()
    page.refresh()
    return page


def _some_question(ctx: UiContext, *, topic_index: int = 3) -> Question:
    with ctx.session_factory() as session:
        topic = list_topics(session)[topic_index]
        ids = question_ids_for(session, topic_ids=[topic.id])
        return get_questions(session, ids[:1])[0]


def test_shows_the_interview_by_topic_with_questions_as_headings(reader: ReaderPage, ui_context: UiContext) -> None:
    with ui_context.session_factory() as session:
        documents = list_documents(session)
        topics = list_topics(session, documents[0].id)
    assert reader.topic_list.count() == len(topics) == 15
    assert reader.topic_list.item(1).text() == f"2. {topics[1].title}"
    assert not reader.document_box.isVisible()  # one document: no chooser
    shown = reader.text_view.toPlainText()
    assert f"2. {topics[1].question}" in shown
    assert topics[1].body.splitlines()[0].strip() in shown
    assert "答：\n" not in shown


def test_search_counts_highlights_and_walks_through_hits(reader: ReaderPage, qtbot: QtBot) -> None:
    shown = reader.text_view.toPlainText()
    reader.activateWindow()
    qtbot.keyClick(reader, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(reader.search_field.hasFocus)
    reader.search_field.insert("利剑")  # as an input method commits it (QTest types ASCII only)
    expected = shown.count("利剑")
    assert expected >= 3
    assert len(reader.hits) == expected
    assert reader.hit_label.text() == f"第1处，共{expected}处"
    assert reader.highlighted_text("current") == ["利剑"]
    assert reader.highlighted_text("hit") == ["利剑"] * (expected - 1)

    visited = []
    for _ in range(expected):
        qtbot.keyClick(reader.search_field, Qt.Key.Key_Return)
        visited.append(reader.current_hit)
    assert visited == [*range(1, expected), 0]  # wraps to the first
    reader.previous_button.click()
    assert reader.hit_label.text() == f"第{expected}处，共{expected}处"
    cursor = reader.text_view.textCursor()
    assert cursor.position() == reader.hits[-1][0]

    reader.search_field.setText("没有这个词语")
    assert (reader.hits, reader.hit_label.text(), reader.highlighted_text("hit")) == ([], "无匹配", [])


def test_a_paragraph_lists_its_items_and_practises_its_topic(
    reader: ReaderPage, ui_context: UiContext, qtbot: QtBot
) -> None:
    question = _some_question(ui_context)
    assert reader.laid_out is not None
    position = reader.laid_out.position(question.source.start)
    assert position is not None
    cursor = QTextCursor(reader.text_view.document())
    cursor.setPosition(position)
    reader.text_view.setTextCursor(cursor)  # as a click or the arrow keys would

    paragraph = reader.selected_paragraph
    assert paragraph is not None and paragraph.topic_id == question.topic_id
    assert paragraph.start <= question.source.start < paragraph.end
    assert question.id in [q.id for q in reader.paragraph_questions]
    assert all(paragraph.start < q.source.end and q.source.start < paragraph.end for q in reader.paragraph_questions)
    assert all(paragraph.start < c.source.end and c.source.start < paragraph.end for c in reader.paragraph_flashcards)
    assert f"{len(reader.paragraph_questions)}道题" in reader.paragraph_title.text()
    assert question.stem[:10] in reader.items_view.toPlainText()
    assert reader.highlighted_text("paragraph")

    with qtbot.waitSignal(reader.practice_requested) as emitted:
        reader.practice_button.click()
    assert emitted.args == [[question.topic_id]]


def test_show_source_opens_and_highlights_the_sentence(reader: ReaderPage, ui_context: UiContext) -> None:
    question = _some_question(ui_context, topic_index=12)
    with ui_context.session_factory() as session:
        text = document_text(session, question.source.document_id)
    assert text[question.source.start : question.source.end] == question.source.quote

    assert reader.show_source(question.source.document_id, question.source.start, question.source.end)
    assert reader.highlighted_text("source") == [question.source.quote]
    assert reader.selected_paragraph is not None
    assert question.id in [q.id for q in reader.paragraph_questions]
    rect = reader.text_view.cursorRect()
    assert reader.text_view.viewport().rect().contains(rect.center())  # scrolled into view

    assert not reader.show_source(9999, 0, 5)


def test_topics_are_coloured_by_the_learners_mastery(ui_context: UiContext, qtbot: QtBot) -> None:
    ui_context.learner_id = build_demo_data(ui_context.session_factory, now=ui_context.clock(), rng=random.Random(3))
    page = ReaderPage(ui_context)
    qtbot.addWidget(page)
    page.refresh()
    with ui_context.session_factory() as session:
        masteries = topic_mastery(session, learner_id=ui_context.learner_id, now=ui_context.clock())
    studied = sorted((m for m in masteries if m.quiz_accuracy is not None or m.cards_reviewed), key=lambda m: m.mastery)
    assert len(studied) >= 2 and studied[0].mastery < studied[-1].mastery
    weakest, strongest = page.topic_color(studied[0].topic_id), page.topic_color(studied[-1].topic_id)
    assert weakest.hslHue() < strongest.hslHue()  # red end vs green end
    unstudied = [m for m in masteries if m.quiz_accuracy is None and not m.cards_reviewed]
    for mastery in unstudied:
        assert page.topic_color(mastery.topic_id).hslSaturation() == 0  # grey: not studied yet


def test_topic_list_follows_the_text_and_moves_it_by_keyboard(
    reader: ReaderPage, ui_context: UiContext, qtbot: QtBot
) -> None:
    question = _some_question(ui_context, topic_index=5)
    with ui_context.session_factory() as session:
        topic_ids = [t.id for t in list_topics(session)]
    assert reader.show_source(question.source.document_id, question.source.start, question.source.end)
    row = topic_ids.index(question.topic_id)
    assert reader.topic_list.currentRow() == row
    where = reader.text_view.textCursor().position()

    reader.activateWindow()
    reader.topic_list.setFocus()
    qtbot.waitUntil(reader.topic_list.hasFocus)
    assert reader.text_view.textCursor().position() == where  # focusing the list does not move the text

    qtbot.keyClick(reader.topic_list, Qt.Key.Key_Down)
    assert reader.laid_out is not None
    heading = reader.laid_out.document.findBlockByNumber(reader.laid_out.anchors[topic_ids[row + 1]].block)
    assert reader.text_view.textCursor().position() == heading.position()
    assert heading.text().startswith(f"{row + 2}. ")


def test_several_documents_get_a_chooser_and_refresh_keeps_the_place(
    reader: ReaderPage, ui_context: UiContext, qtbot: QtBot
) -> None:
    from question_bank.importing import import_file

    question = _some_question(ui_context, topic_index=8)
    assert reader.show_source(question.source.document_id, question.source.start, question.source.end)
    where = reader.text_view.textCursor().position()
    reader.refresh()  # as the window does on every visit: same text, so the place is kept
    assert (reader.text_view.textCursor().position(), reader.highlighted_text("source")) == (
        where, [question.source.quote])

    with ui_context.session_factory() as session, session.begin():
        import_file(session, RAW_SOURCE, now=ui_context.clock())
    with qtbot.waitSignal(ui_context.events.bank_changed):
        ui_context.events.bank_changed.emit()
    titles = [reader.document_box.itemText(i) for i in range(reader.document_box.count())]
    assert len(titles) == 3 and reader.document_box.isVisible()
    sora = next(i for i, title in enumerate(titles) if "Sora" in title or "视频" in title)
    reader.document_box.setCurrentIndex(sora)
    assert reader.document_id == reader.document_box.itemData(sora)
    shown = reader.text_view.toPlainText()
    assert "Sora" in shown and "巡视工作条例" not in shown
    assert reader.topic_list.count() >= 1


def test_search_ignores_stray_spaces_and_the_width_of_punctuation(reader: ReaderPage) -> None:
    shown = reader.text_view.toPlainText()
    expected = shown.count("“一把手”")
    assert expected >= 1 and shown.count("《条例》") >= 1
    for typed in ("“一把手”", '"一把手"', " “一把手” ", '"一把手”'):  # ASCII quotes, as a keyboard without IME gives
        assert reader.search(typed) == expected, typed
        assert reader.highlighted_text("current") == ["“一把手”"]
    assert reader.search("<条例>") == shown.count("《条例》") and reader.highlighted_text("current") == ["《条例》"]
    assert reader.search("巡视 ") == shown.count("巡视")  # a space left by the input method
    assert reader.search("(") == shown.count("（")
    assert reader.search("没有这个词语") == 0 and reader.hit_label.text() == "无匹配"
    assert reader.search(".*") == 0  # typed text is literal, not a pattern
    assert reader.search("   ") == 0 and reader.hit_label.text() == ""
