"""Tests for ui/main_window.py: navigation, lazy pages, geometry remembered."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

import ui.pages.profiles as profiles
from ui.context import UiContext
from ui.main_window import GEOMETRY_KEY, MainWindow
from ui.pages.home import HomePage


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


def test_trainer_entries_and_learner_switching(qtbot: QtBot, ui_context: UiContext,
                                               monkeypatch: pytest.MonkeyPatch) -> None:

    window = MainWindow(ui_context)
    qtbot.addWidget(window)
    labels = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert labels[-1] == "培训管理"  # the trainer toolkit is installed
    file_actions = [action.text() for action in window.file_menu.actions() if action.text()]
    assert file_actions == ["打开试卷文件(&O)…", "退出(&X)"]
    assert window.windowTitle() == "巡学 · 张三"

    def choose_other(ctx: UiContext, _parent: object) -> int:
        page = profiles.ProfilesPage(ctx)
        qtbot.addWidget(page)
        return page.add_learner("李四", "") or 0

    monkeypatch.setattr(profiles, "choose_learner", choose_other)
    window.show_page("home")
    window.switch_learner_action.trigger()
    assert window.windowTitle() == "巡学 · 李四"
    home = window.built_pages()["home"]
    assert isinstance(home, HomePage) and home.greeting.text() == "你好，李四"
