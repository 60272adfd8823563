"""Tests for ui/main_window.py: navigation, lazy pages, geometry remembered."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from ui.context import UiContext
from ui.main_window import GEOMETRY_KEY, MainWindow


def test_navigation_builds_pages_lazily_and_remembers_geometry(qtbot: QtBot, ui_context: UiContext) -> None:
    window = MainWindow(ui_context)
    qtbot.addWidget(window)
    labels = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert labels[:7] == ["首页", "学习", "测验", "错题本", "原文", "进度", "设置"]
    assert window.built_pages() == {}

    window.show_page("home")
    assert window.current_page_name == "home" and set(window.built_pages()) == {"home"}
    window.nav.setCurrentRow(labels.index("错题本"))
    assert window.current_page_name == "wrong_book"
    assert set(window.built_pages()) == {"home", "wrong_book"}
    assert window.stack.currentWidget() is window.built_pages()["wrong_book"]

    window.resize(720, 520)
    window.close()
    assert ui_context.settings.value(GEOMETRY_KEY) is not None
    again = MainWindow(ui_context)
    qtbot.addWidget(again)
    again.restore_geometry()
    assert (again.width(), again.height()) == (720, 520)
