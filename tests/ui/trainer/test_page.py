"""The trainer page's password gate: first use, wrong password, keyboard entry, locking again."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ui.context import UiContext
from ui.trainer import TrainerPage


def make_page(qtbot: QtBot, ctx: UiContext) -> TrainerPage:
    page = TrainerPage(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    return page


def test_first_use_sets_the_password_then_it_is_asked_for(qtbot: QtBot, ui_context: UiContext) -> None:
    page = make_page(qtbot, ui_context)
    gate = page.gate
    assert gate.first_use and not page.unlocked and gate.confirm.isVisible()
    assert gate.explanation.text().startswith("这个密码保护题库")  # the first use says what the password is for
    qtbot.keyClicks(gate.password, "abc")
    qtbot.keyClicks(gate.confirm, "abc")
    qtbot.keyClick(gate.confirm, Qt.Key.Key_Return)
    assert "至少需要6个字符" in gate.message.text() and not page.unlocked
    gate.password.setText("培训密码123")
    gate.confirm.setText("培训密码12")
    gate.submit()
    assert gate.message.text() == "两次输入的密码不一致。"
    gate.password.setText("培训密码123")
    gate.confirm.setText("培训密码123")
    gate.submit()
    assert page.unlocked and page.tabs is not None
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == ["题库", "导入资料", "Excel 导入/导出", "组卷", "成绩汇总"]
    page.lock()
    assert not page.unlocked and not gate.first_use and not gate.confirm.isVisible()

    # A new window (a new page) asks again: trainer mode does not outlive the window.
    second = make_page(qtbot, ui_context)
    assert not second.unlocked
    qtbot.keyClicks(second.gate.password, "guess-password")  # QTest types ASCII only
    qtbot.keyClick(second.gate.password, Qt.Key.Key_Return)
    assert second.gate.message.text() == "密码不正确。" and second.gate.password.text() == ""
    assert not second.unlocked
    second.gate.password.setText("培训密码123")
    qtbot.keyClick(second.gate.password, Qt.Key.Key_Return)
    assert second.unlocked
