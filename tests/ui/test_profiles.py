"""Tests for ui/pages/profiles.py: first start creates a profile; switching, renaming and deleting later."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from study import active_learner, list_learners
from ui.app import select_learner
from ui.context import UiContext
from ui.pages.profiles import LearnerForm, ProfilesDialog, ProfilesPage


def _when_modal(qtbot: QtBot, kind: type[QWidget], action: Callable[[QWidget], None]) -> None:
    """Run `action` on the next modal dialog of `kind` once it is open (dialogs run their own loop)."""

    def attempt() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, kind) and widget.isVisible():
            action(widget)
        else:
            QTimer.singleShot(10, attempt)

    QTimer.singleShot(0, attempt)


def _fill_form(name: str, unit: str) -> Callable[[QWidget], None]:
    def fill(widget: QWidget) -> None:
        assert isinstance(widget, LearnerForm)
        ok = widget.buttons.button(QDialogButtonBox.StandardButton.Ok)
        widget.name_edit.clear()
        enabled_without_name = ok.isEnabled()
        widget.name_edit.setText(name)
        widget.unit_edit.setText(unit)
        enabled_with_name = ok.isEnabled()
        ok.click()
        assert (enabled_without_name, enabled_with_name) == (False, True)  # a name is required

    return fill


def test_first_start_creates_a_profile(qtbot: QtBot, bare_ui_context: UiContext) -> None:
    ctx = bare_ui_context
    changes: list[bool] = []
    ctx.events.learner_changed.connect(lambda: changes.append(True))

    def on_profiles(widget: QWidget) -> None:
        assert isinstance(widget, ProfilesDialog)
        assert widget.page.heading.text() == "欢迎使用巡学" and not widget.page.choose_button.isEnabled()
        _when_modal(qtbot, LearnerForm, _fill_form("王五", "第二巡视组"))
        widget.page.new_button.click()

    _when_modal(qtbot, ProfilesDialog, on_profiles)
    learner_id = select_learner(ctx)
    assert learner_id is not None and ctx.learner_id == learner_id and changes == [True]
    with ctx.session_factory() as session, session.begin():
        learners = list_learners(session)
        active = active_learner(session)
    assert [(l.name, l.unit) for l in learners] == [("王五", "第二巡视组")]
    assert active is not None and active.id == learner_id
    assert select_learner(ctx) == learner_id  # later starts go straight in


def test_switch_rename_and_delete(qtbot: QtBot, ui_context: UiContext, monkeypatch: pytest.MonkeyPatch) -> None:
    page = ProfilesPage(ui_context)
    qtbot.addWidget(page)
    first = ui_context.learner_id
    second = page.add_learner("李四", "")
    assert second is not None and ui_context.learner_id == second
    assert [page.model.index(r).data() for r in range(2)] == ["张三（第一巡视组）", "李四"]
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))
    assert page.add_learner("   ", "") is None and warnings == ["学员姓名不能为空。"]

    page.view.setCurrentIndex(page.model.index(page.model.row_of(first)))
    chosen: list[int] = []
    page.learner_chosen.connect(chosen.append)
    page.choose_current()
    assert chosen == [first] and ui_context.learner_id == first

    _when_modal(qtbot, LearnerForm, _fill_form("张三丰", "武当"))
    page.rename_current()
    assert page.model.index(page.model.row_of(first)).data() == "张三丰（武当）"

    monkeypatch.setattr(QMessageBox, "question", lambda *_args, **_kw: QMessageBox.StandardButton.No)
    page.delete_current()
    assert page.model.rowCount() == 2
    monkeypatch.setattr(QMessageBox, "question", lambda *_args, **_kw: QMessageBox.StandardButton.Yes)
    page.delete_current()
    assert page.model.rowCount() == 1 and page.model.index(0).data() == "李四"
    assert ui_context.learner_id is None


def test_a_twin_profile_is_created_only_when_confirmed(ui_context: UiContext, qtbot: QtBot,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    page = ProfilesPage(ui_context)
    qtbot.addWidget(page)
    first = ui_context.learner_id
    asked: list[str] = []

    def answer(reply: QMessageBox.StandardButton) -> Callable[..., QMessageBox.StandardButton]:
        def ask(_parent: object, _title: str, text: str, *_a: object, **_k: object) -> QMessageBox.StandardButton:
            asked.append(text)
            return reply
        return ask

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    assert page.add_learner(" 张三 ", "第一巡视组") is None
    assert asked[0].startswith("已有学员“张三（第一巡视组）”") and page.model.rowCount() == 1
    assert ui_context.learner_id == first
    assert page.add_learner("张三", "第二巡视组") is not None and len(asked) == 1  # another unit tells them apart
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    twin = page.add_learner("张三", "第一巡视组")
    assert twin is not None and twin != first and len(asked) == 2 and page.model.rowCount() == 3
