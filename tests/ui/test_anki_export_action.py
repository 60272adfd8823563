"""Tests for ui/anki_export_action.py (文件 → 导出卡片到 Anki…)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from foundation.errors import UserError
from ui.anki_export_action import export_anki_to
from ui.context import UiContext
from ui.main_window import MainWindow


def test_export_adds_the_suffix_writes_the_package_and_says_so(ui_context: UiContext, tmp_path: Path) -> None:
    message = export_anki_to(ui_context, tmp_path / "卡片")
    assert (tmp_path / "卡片.apkg").exists() and "张记忆卡片" in message
    with zipfile.ZipFile(tmp_path / "卡片.apkg") as archive:
        assert "collection.anki2" in archive.namelist()
    with pytest.raises(UserError, match="目录不存在"):
        export_anki_to(ui_context, tmp_path / "missing" / "x.apkg")


def test_the_file_menu_offers_the_export(qtbot: QtBot, ui_context: UiContext) -> None:
    window = MainWindow(ui_context)
    qtbot.addWidget(window)
    assert "导出卡片到 Anki(&A)…" in [action.text() for action in window.file_menu.actions()]
