"""The Excel tab: a refused file lists its rows and changes nothing; template and export work."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from question_bank.models import QuestionRow
from trainer.excel_format import HEADERS
from ui.context import UiContext
from ui.trainer.excel_tab import ExcelTab


def test_import_refusal_template_and_export(qtbot: QtBot, ui_context: UiContext, tmp_path: Path) -> None:
    tab = ExcelTab(ui_context)
    qtbot.addWidget(tab)
    with ui_context.session_factory() as s:
        before = s.scalar(select(func.count()).select_from(QuestionRow))
    assert before is not None
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(HEADERS))
    sheet.append(["单选", "好题（ ）", "甲", "乙", "丙", None, None, None, None, None, "A"])
    sheet.append(["单选", "坏题（ ）", "甲", "乙", "丙", None, None, None, None, None, "E"])
    workbook.save(tmp_path / "bad.xlsx")
    with qtbot.waitSignal(tab.finished) as finished:
        tab.import_file(tmp_path / "bad.xlsx")
        assert not tab.import_button.isEnabled()  # busy while the worker reads the file
    assert finished.args == [False] and tab.import_button.isEnabled()
    assert tab.log.toPlainText().splitlines()[1:] == ["第3行：答案“E”不在选项中"]
    with ui_context.session_factory() as s:
        assert s.scalar(select(func.count()).select_from(QuestionRow)) == before
    assert tab.save_template(tmp_path / "模板.xlsx")
    with qtbot.waitSignals([ui_context.events.bank_changed, tab.finished]):
        tab.import_file(tmp_path / "模板.xlsx")
    assert tab.log.toPlainText().startswith("已从“模板.xlsx”导入6道题目。")
    with qtbot.waitSignal(tab.finished) as finished:
        tab.export_file(tmp_path / "out.xlsx")
    assert finished.args == [True]
    assert tab.log.toPlainText() == f"已导出{before + 6}道题目到“{tmp_path / 'out.xlsx'}”。"
    with qtbot.waitSignal(tab.finished) as finished:
        tab.export_file(tmp_path)  # a folder: refused in Chinese, the app goes on
    assert finished.args == [False] and tab.log.toPlainText().startswith("无法导出：")
