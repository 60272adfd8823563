"""Tests for ui/main_window.py: navigation, lazy pages, geometry remembered."""

from __future__ import annotations

from typing import cast

import pytest
from pytestqt.qtbot import QtBot

import ui.pages.profiles as profiles
from ui.context import UiContext
from ui.main_window import GEOMETRY_KEY, MainWindow
from ui.operations import Change
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
    assert window.stack.currentWidget() is cast(object, window.built_pages()["wrong_book"])

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
    assert file_actions == ["打开试卷文件(&O)…", "试卷成绩记录(&R)…", "导入成绩回执(&H)…", "导出学习记录(&E)…",
                            "导入学习记录(&I)…", "导出卡片到 Anki(&A)…", "退出(&X)"]
    assert window.windowTitle() == "张三 — 巡学"  # ends with the app's name: Qt adds it no second time

    def choose_other(ctx: UiContext, _parent: object) -> int:
        page = profiles.ProfilesPage(ctx)
        qtbot.addWidget(page)
        return page.add_learner("李四", "") or 0

    monkeypatch.setattr(profiles, "choose_learner", choose_other)
    window.show_page("home")
    window.switch_learner_action.trigger()
    assert window.windowTitle() == "李四 — 巡学"
    home = window.built_pages()["home"]
    assert isinstance(home, HomePage) and home.greeting.text() == "你好，李四"


def _mnemonic_clashes(window: MainWindow) -> dict[str, list[str]]:
    """Alt+letter keys claimed twice among the menu bar and the widgets visible on the page on screen."""
    import re

    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QTabBar

    claimed: dict[str, list[str]] = {}

    def claim(text: str) -> None:
        match = re.search(r"&([^&\s])", text.replace("&&", ""))
        if match:
            claimed.setdefault(match.group(1).upper(), []).append(text)

    for action in window.menuBar().actions():
        claim(action.text())
    page = window.stack.currentWidget()
    assert page is not None
    for widget in page.findChildren(QAbstractButton) + page.findChildren(QLabel) + page.findChildren(QGroupBox):
        if widget.isVisibleTo(window) and not (isinstance(widget, QLabel) and widget.buddy() is None):
            claim(widget.title() if isinstance(widget, QGroupBox) else widget.text())
    for bar in page.findChildren(QTabBar):
        if bar.isVisibleTo(window):
            for index in range(bar.count()):
                claim(bar.tabText(index))
    return {key: texts for key, texts in claimed.items() if len(texts) > 1}


def test_no_alt_key_is_claimed_twice_on_any_screen(qtbot: QtBot, ui_context: UiContext) -> None:
    import random

    from question_bank.drafts import QuestionType
    from study import QuizMode, QuizSpec
    from trainer.paper_file import learner_paper_json, paper_from_json
    from trainer.papers import assemble_random_paper
    from ui.main_window import PAPER_START, QUIZ
    from ui.trainer.page import TrainerPage

    window = MainWindow(ui_context)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    assert [action.text() for action in window.menuBar().actions()] == ["文件(&F)", "学员(&L)", "转到(&G)", "帮助(&H)"]
    clashes: dict[str, dict[str, list[str]]] = {}
    for name in ("home", "study", "quiz_setup", "wrong_book", "reader", "progress", "settings"):
        window.show_page(name)
        clashes[name] = _mnemonic_clashes(window)
    quiz = window.page("quiz")
    for qtype in QuestionType:  # 标记 once took Alt+G from the 转到 menu: Alt+G opened the menu instead
        window.start_quiz(QuizSpec(types=(qtype,), count=2, mode=QuizMode.TIMED, time_limit_s=600))
        assert window.current_page_name == "quiz"
        clashes[f"quiz {qtype.value}"] = _mnemonic_clashes(window)
        quiz.submit()  # type: ignore[attr-defined]
        clashes[f"results {qtype.value}"] = _mnemonic_clashes(window)
    # A trainer's paper as the learner sees it: its start screen, then 已交卷 (both have 返回首页).
    counts = {QuestionType.SINGLE: 2, QuestionType.JUDGE: 1}
    done = ui_context.ops.write_now(lambda s: assemble_random_paper(
        s, title="键盘测试卷", type_counts=counts, time_limit_s=600, pass_mark=0.6, shuffle=False,
        now=ui_context.clock(), rng=random.Random(3)), changes=Change.BANK)
    assert done is not None
    window.show_paper(paper_from_json(learner_paper_json(done.value)))
    assert window.current_page_name == "paper_start"
    clashes["paper start"] = _mnemonic_clashes(window)
    assert window.page(PAPER_START).start() is not None
    window.page(QUIZ).submit()
    assert window.current_page_name == "paper_results"
    clashes["paper submitted"] = _mnemonic_clashes(window)
    trainer = window.show_page("trainer")
    assert isinstance(trainer, TrainerPage)
    trainer.gate.password.setText("培训密码12345")
    trainer.gate.confirm.setText("培训密码12345")
    trainer.gate.submit()
    assert trainer.tabs is not None
    for index in range(trainer.tabs.count()):
        trainer.tabs.setCurrentIndex(index)
        clashes[f"trainer {trainer.tabs.tabText(index)}"] = _mnemonic_clashes(window)
    assert {screen: found for screen, found in clashes.items() if found} == {}
