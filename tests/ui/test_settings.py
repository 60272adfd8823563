"""Tests for ui/pages/settings.py: changes apply at once and persist (QSettings and the learner's profile)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from study import get_learner
from ui.context import UiContext
from ui.pages.settings import (
    QUIZ_COUNT_KEY,
    QUIZ_PASS_MARK_KEY,
    QUIZ_TIME_LIMIT_KEY,
    QuizDefaults,
    SettingsPage,
    quiz_defaults,
)
from ui.theme import TEXT_SCALE_KEY, THEME_KEY, apply_appearance, is_dark


@pytest.fixture
def page(ui_context: UiContext, qtbot: QtBot, qapp: QApplication) -> Iterator[SettingsPage]:
    """The settings page, with appearance_changed applied to the app as the main window does."""
    ui_context.events.appearance_changed.connect(lambda: apply_appearance(qapp, ui_context.settings))
    widget = SettingsPage(ui_context)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    yield widget
    ui_context.settings.clear()
    apply_appearance(qapp, ui_context.settings)


def _reopened(settings: QSettings) -> QSettings:
    """The same ini file read by a fresh QSettings (as at the next start)."""
    return QSettings(settings.fileName(), QSettings.Format.IniFormat)


def test_defaults_shown_for_a_fresh_profile(page: SettingsPage) -> None:
    shown = (
        page.text_scale_box.currentText(),
        page.theme_box.currentText(),
        page.new_limit_box.value(),
        page.retention_box.value(),
        page.count_box.value(),
        page.time_limit_box.value(),
        page.pass_mark_box.value(),
    )
    assert shown == ("100%", "跟随系统", 20, 90, 20, 30, 60)


def test_appearance_changes_apply_at_once_and_persist(
    page: SettingsPage, ui_context: UiContext, qtbot: QtBot, qapp: QApplication
) -> None:
    base = qapp.font().pointSizeF()
    with qtbot.waitSignal(ui_context.events.appearance_changed):
        page.text_scale_box.setCurrentIndex(page.text_scale_box.findData(200))
    assert qapp.font().pointSizeF() == pytest.approx(base * 2)
    with qtbot.waitSignal(ui_context.events.appearance_changed):
        page.theme_box.setCurrentIndex(page.theme_box.findData("dark"))
    assert is_dark(qapp.palette())

    stored = _reopened(ui_context.settings)
    assert (int(stored.value(TEXT_SCALE_KEY)), stored.value(THEME_KEY)) == (200, "dark")


def test_keyboard_alone_changes_the_text_size(page: SettingsPage, ui_context: UiContext, qtbot: QtBot) -> None:
    page.activateWindow()
    page.text_scale_box.setFocus()
    qtbot.waitUntil(page.text_scale_box.hasFocus)
    for _ in range(2):
        qtbot.keyClick(page.text_scale_box, Qt.Key.Key_Down)
    assert int(_reopened(ui_context.settings).value(TEXT_SCALE_KEY)) == 150


def test_learner_settings_are_stored_in_the_profile(page: SettingsPage, ui_context: UiContext) -> None:
    page.new_limit_box.setValue(35)
    page.retention_box.setValue(85)
    assert ui_context.learner_id is not None
    with ui_context.session_factory() as session, session.begin():
        learner = get_learner(session, ui_context.learner_id)
    assert (learner.daily_new_limit, learner.desired_retention) == (35, pytest.approx(0.85))  # type: ignore[comparison-overlap]

    page.new_limit_box.setValue(0)
    page.refresh()
    assert (page.new_limit_box.value(), page.retention_box.value()) == (0, 85)


def test_quiz_defaults_persist_for_the_quiz_page(page: SettingsPage, ui_context: UiContext) -> None:
    page.count_box.setValue(50)
    page.time_limit_box.setValue(90)
    page.pass_mark_box.setValue(80)
    assert quiz_defaults(_reopened(ui_context.settings)) == QuizDefaults(count=50, time_limit_min=90, pass_mark=80)

    ui_context.settings.setValue(QUIZ_COUNT_KEY, "many")
    ui_context.settings.setValue(QUIZ_TIME_LIMIT_KEY, 100000)
    ui_context.settings.setValue(QUIZ_PASS_MARK_KEY, -5)
    assert quiz_defaults(ui_context.settings) == QuizDefaults(count=20, time_limit_min=240, pass_mark=1)


def test_without_a_learner_the_profile_fields_are_disabled(bare_ui_context: UiContext, qtbot: QtBot) -> None:
    widget = SettingsPage(bare_ui_context)
    qtbot.addWidget(widget)
    assert not widget.new_limit_box.isEnabled()
    assert "请先选择或创建学员" in widget.learner_note.text()


def test_every_label_fits_at_200_percent_text(page: SettingsPage, qtbot: QtBot, qapp: QApplication) -> None:
    base = page.font().pointSizeF()
    page.text_scale_box.setCurrentIndex(page.text_scale_box.findData(200))
    page.resize(1366 - 160, 768 - 60)
    qtbot.waitUntil(lambda: page.retention_box.font().pointSizeF() == pytest.approx(base * 2))

    def clipped() -> list[str]:
        return [
            label.text()
            for label in page.findChildren(QLabel)
            if label.isVisible() and not label.wordWrap() and label.width() < label.sizeHint().width()
        ]

    qtbot.waitUntil(lambda: not clipped())
    assert page.retention_box.width() >= page.retention_box.sizeHint().width()
