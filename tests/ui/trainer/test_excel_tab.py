"""The Excel tab: a refused file lists its rows and changes nothing; template and export work."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from foundation.errors import UserError
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
    with qtbot.waitSignals([ui_context.events.changed, tab.finished]):
        tab.import_file(tmp_path / "模板.xlsx")
    assert tab.log.toPlainText().startswith("已从“模板.xlsx”导入6道题目。")
    with qtbot.waitSignal(tab.finished) as finished:
        tab.export_file(tmp_path / "out.xlsx")
    assert finished.args == [True]
    assert tab.log.toPlainText() == f"已导出{before + 6}道题目到“{tmp_path / 'out.xlsx'}”。"
    with qtbot.waitSignal(tab.finished) as finished:
        tab.export_file(tmp_path)  # a folder: refused in Chinese, the app goes on
    assert finished.args == [False] and tab.log.toPlainText().startswith("无法导出：")


def test_an_excel_import_waits_for_review_in_the_bank_tab_as_the_shared_setting_says(
    qtbot: QtBot, ui_context: UiContext, tmp_path: Path
) -> None:
    """The trainer page: import on the Excel tab (held by default), approve on 题库, turn the setting off on either tab."""
    from question_bank.documents import review_settings
    from question_bank.models import DocumentRow
    from study import QuizSpec, start_quiz
    from trainer.excel import IMPORTED_DOCUMENT_SOURCE
    from ui.trainer import TrainerPage

    page = TrainerPage(ui_context)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    page.gate.password.setText("培训密码123")
    page.gate.confirm.setText("培训密码123")
    page.gate.submit()
    assert page.tabs is not None
    page.tabs.setCurrentWidget(page.excel_tab)
    excel, bank = page.excel_tab, page.bank_tab
    assert excel.review_box.isChecked() and excel.review_box.isVisible()  # on by default, shown where one imports
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(HEADERS))
    for number in (1, 2):
        sheet.append(["单选", f"审核题{number}（ ）", "甲", "乙", "丙", None, None, None, None, None, "B", "", "待审专题"])
    workbook.save(tmp_path / "held.xlsx")
    with qtbot.waitSignal(excel.finished):
        excel.import_file(tmp_path / "held.xlsx")
    assert excel.log.toPlainText().splitlines()[:2] == [
        "已从“held.xlsx”导入2道题目。", "其中2道待审核：在“题库”中审核通过后，学员才能看到。"]

    learner_id, now = ui_context.learner_id, ui_context.clock()
    assert learner_id is not None
    with ui_context.session_factory() as s:
        document_id = s.scalars(select(DocumentRow.id).where(DocumentRow.source_name == IMPORTED_DOCUMENT_SOURCE)).one()
    page.tabs.setCurrentWidget(bank)
    bank.filters.document.setCurrentIndex(bank.filters.document.findData(document_id))
    assert bank.review_label.text().startswith("本文档有2项待审核") and bank.release_button.isEnabled()
    assert {row.status for row in bank.questions.rows()} == {"review"}
    with ui_context.session_factory() as s, s.begin():  # no learner's quiz draws them
        topic_ids = tuple(bank.filters.topic.itemData(i) for i in range(1, bank.filters.topic.count()))
        assert topic_ids and None not in topic_ids
        with pytest.raises(UserError):
            start_quiz(s, learner_id=learner_id, now=now, rng=ui_context.rng, spec=QuizSpec(topic_ids=topic_ids))
    bank.release_button.click()
    assert {row.status for row in bank.questions.rows()} == {"active"} and not bank.release_button.isEnabled()

    page.tabs.setCurrentWidget(excel)  # one setting for both import tabs
    excel.review_box.setChecked(False)
    assert ui_context.ops.read_now(review_settings) == (False, False)
    page.tabs.setCurrentWidget(page.import_tab)
    assert not page.import_tab.review_box.isChecked()
    page.import_tab.review_box.setChecked(True)
    page.tabs.setCurrentWidget(excel)
    assert excel.review_box.isChecked()
