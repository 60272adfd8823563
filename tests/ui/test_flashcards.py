"""Tests for ui/pages/flashcards.py: a session flipped and rated from the keyboard; cram mode leaves the schedule alone."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from study import Rating, daily_queue, update_learner_settings
from tests.ui.conftest import FakeClock
from ui.context import UiContext
from ui.pages.flashcards import FlashcardsPage


@pytest.fixture
def page(qtbot: QtBot, ui_context: UiContext) -> FlashcardsPage:
    with ui_context.session_factory() as session, session.begin():
        assert ui_context.learner_id is not None
        update_learner_settings(session, ui_context.learner_id, daily_new_limit=3)
    widget = FlashcardsPage(ui_context)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    widget.refresh()
    return widget


def _queue_size(ctx: UiContext, fake_clock: FakeClock) -> tuple[int, int]:
    assert ctx.learner_id is not None
    with ctx.session_factory() as session, session.begin():
        queue = daily_queue(session, learner_id=ctx.learner_id, now=fake_clock())
    return len(queue.due), len(queue.new)


def test_session_rated_from_the_keyboard(qtbot: QtBot, page: FlashcardsPage, ui_context: UiContext,
                                         fake_clock: FakeClock) -> None:
    assert _queue_size(ui_context, fake_clock) == (0, 3)
    assert len(page.queue) == 3 and page.progress_label.text() == "第 1 / 3 张 · 新卡片"
    assert not page.back_label.isVisible() and not page.rating_buttons[Rating.GOOD].isEnabled()

    qtbot.keyClick(page, Qt.Key.Key_4)  # rating before flipping does nothing
    assert page.position == 0 and page.rated == 0
    qtbot.keyClick(page, Qt.Key.Key_Space)
    assert page.flipped and page.back_label.isVisible() and page.topic_label.text().startswith("专题：")
    assert page.source_label.text().startswith("原文：")
    labels = [page.rating_buttons[r].text() for r in Rating]
    assert [label.split("（")[0] for label in labels] == ["重来", "困难", "良好", "简单"]
    assert all(label.split("\n")[1].strip() for label in labels)  # each shows its next interval

    studied = []
    with qtbot.waitSignal(page.session_finished, timeout=3000) as finished:
        for keys in ("4", "4", "1"):  # 简单, 简单, 重来 (comes back this session), then 简单
            studied.append(page.current_card())
            qtbot.keyClick(page, Qt.Key.Key_Space)
            qtbot.keyClick(page, keys)
            fake_clock.advance(seconds=20)
            if page.current_card() is not None:  # the next card's front: no interval, least of all the last card's
                assert [page.rating_buttons[r].text().split("\n")[1].strip() for r in Rating] == ["", "", "", ""]
        assert page.current_card() == studied[2] and len(page.queue) == 4
        qtbot.keyClick(page, Qt.Key.Key_Space)
        qtbot.keyClick(page, Qt.Key.Key_4)
    assert finished.args == [4]
    assert page.done_label.isVisible() and "4 张卡片" in page.done_label.text()
    assert _queue_size(ui_context, fake_clock) == (0, 0)  # daily limit of 3 new cards reached
    fake_clock.advance(days=30)
    assert _queue_size(ui_context, fake_clock)[0] == 3


def test_cram_mode_by_topic_does_not_change_the_schedule(qtbot: QtBot, page: FlashcardsPage,
                                                         ui_context: UiContext, fake_clock: FakeClock) -> None:
    page.source_box.setCurrentIndex(1)
    page.start_session()
    assert page.cramming and page.queue and page.progress_label.text().endswith("考前突击")
    qtbot.keyClick(page, Qt.Key.Key_Space)
    assert all(button.text().endswith("不改变安排") for button in page.rating_buttons.values())
    qtbot.keyClick(page, Qt.Key.Key_1)
    assert page.rated == 1
    assert _queue_size(ui_context, fake_clock) == (0, 3)  # nothing introduced, nothing due


def test_the_counter_keeps_its_total_when_cards_come_back(qtbot: QtBot, page: FlashcardsPage,
                                                           fake_clock: FakeClock) -> None:
    """`第2/21` once became `第17/35` as cards rated 重来 were queued again: the total is the session's cards."""
    seen = [page.progress_label.text()]
    for _ in range(4):  # 重来 three new cards, then the first comes back
        qtbot.keyClick(page, Qt.Key.Key_Space)
        qtbot.keyClick(page, Qt.Key.Key_1)
        fake_clock.advance(seconds=20)
        seen.append(page.progress_label.text())
    assert len(page.queue) > 3  # the queue grew ...
    assert seen == ["第 1 / 3 张 · 新卡片", "第 2 / 3 张 · 新卡片", "第 3 / 3 张 · 新卡片",
                    "再看一遍 · 已记住 0 / 3 张", "再看一遍 · 已记住 0 / 3 张"]  # ... the total did not
    assert page.progress_bar.maximum() == 3
