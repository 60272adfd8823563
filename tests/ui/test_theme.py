"""Tests for ui/theme.py: text size scaling and light/dark/system palettes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from PySide6.QtCore import QSettings
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLabel

from ui.theme import (
    TEXT_SCALE_KEY,
    THEME_KEY,
    Theme,
    apply_appearance,
    is_dark,
    mastery_color,
    text_scale,
    theme,
)


@pytest.fixture
def settings(tmp_path: Path, qapp: QApplication) -> Iterator[QSettings]:
    """Settings in a temporary ini file; the app's appearance is put back to the defaults afterwards."""
    store = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    yield store
    store.clear()
    apply_appearance(qapp, store)


def test_text_size_scales_the_app_font_from_its_base_without_compounding(
    qapp: QApplication, settings: QSettings
) -> None:
    apply_appearance(qapp, settings)
    base = qapp.font().pointSizeF()
    sizes = []
    for percent in (150, 200, 200, 125, 100):
        settings.setValue(TEXT_SCALE_KEY, percent)
        apply_appearance(qapp, settings)
        sizes.append(round(qapp.font().pointSizeF() / base, 2))
    assert sizes == [1.5, 2.0, 2.0, 1.25, 1.0]


def test_existing_widgets_follow_the_new_text_size(
    qapp: QApplication, settings: QSettings, qtbot: QtBot
) -> None:
    label = QLabel("巡视工作条例")
    qtbot.addWidget(label)
    apply_appearance(qapp, settings)
    small = label.sizeHint()
    settings.setValue(TEXT_SCALE_KEY, 200)
    apply_appearance(qapp, settings)
    qtbot.waitUntil(lambda: label.sizeHint().width() > small.width() * 1.6)
    assert label.sizeHint().height() > small.height() * 1.5


def test_stored_values_are_clamped_or_fall_back(settings: QSettings) -> None:
    readings = []
    for value in (100, 175, 300, 50, "abc", None):
        settings.setValue(TEXT_SCALE_KEY, value)
        readings.append(text_scale(settings))
    assert readings == [100, 175, 200, 100, 100, 100]
    settings.setValue(THEME_KEY, "purple")
    assert theme(settings) is Theme.SYSTEM
    settings.setValue(THEME_KEY, "dark")
    assert theme(settings) is Theme.DARK


def test_theme_switches_palette_dark_light_and_back_to_system(qapp: QApplication, settings: QSettings) -> None:
    apply_appearance(qapp, settings)
    system_window = qapp.palette().color(QPalette.ColorRole.Window)
    seen = []
    for choice in (Theme.DARK, Theme.LIGHT, Theme.SYSTEM):
        settings.setValue(THEME_KEY, choice.value)
        apply_appearance(qapp, settings)
        seen.append(is_dark(qapp.palette()))
    assert seen == [True, False, is_dark(QPalette(system_window, system_window))]
    assert qapp.palette().color(QPalette.ColorRole.Window) == system_window
    assert [t.label for t in Theme] == ["跟随系统", "浅色", "深色"]


def test_mastery_colours_run_from_red_to_green_and_grey_when_unknown() -> None:
    hues = [mastery_color(m, dark=False).hslHue() for m in (0.0, 0.5, 1.0)]
    assert hues == [0, 60, 120]
    unknown = mastery_color(None, dark=False)
    assert unknown.hslSaturation() == 0
    assert mastery_color(0.5, dark=True).lightness() < mastery_color(0.5, dark=False).lightness()


def test_table_rows_grow_with_the_text_so_200_percent_is_not_clipped(
    qapp: QApplication, settings: QSettings, qtbot: QtBot
) -> None:
    """Qt sizes rows from a fixed metric: at 200% they stayed 32 px around 28 px text (首页's 最近成绩)."""
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QTableView

    apply_appearance(qapp, settings)
    model = QStandardItemModel(2, 2)
    model.setItem(0, 0, QStandardItem("11月28日 20:07"))
    on_screen = QTableView()
    qtbot.addWidget(on_screen)
    on_screen.setModel(model)
    on_screen.show()
    normal = on_screen.rowHeight(0)
    assert normal >= on_screen.fontMetrics().height() * 1.3
    settings.setValue(TEXT_SCALE_KEY, 200)
    apply_appearance(qapp, settings)
    qtbot.waitUntil(lambda: on_screen.fontMetrics().height() > 0 and on_screen.rowHeight(0) > normal)
    line = on_screen.fontMetrics().height()
    assert on_screen.rowHeight(0) >= line * 1.3  # a table already on screen
    later = QTableView()
    qtbot.addWidget(later)
    later.setModel(model)
    assert later.rowHeight(0) >= later.fontMetrics().height() * 1.3  # and one made at 200%
    settings.setValue(TEXT_SCALE_KEY, 100)
    apply_appearance(qapp, settings)
    qtbot.waitUntil(lambda: on_screen.rowHeight(0) == normal)  # and back
