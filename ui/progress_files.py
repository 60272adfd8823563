"""文件 → 导出/导入学习记录: one learner's history to and from a file, through the operation layer."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from foundation.errors import UserError
from study import TransferReport, export_progress as export_data, get_learner, import_progress as import_data
from study.progress_file import read_progress_file, write_progress_file
from ui import file_dialogs
from ui.context import UiContext
from ui.operations import Change

PROGRESS_FILTER = "巡学学习记录 (*.xxprogress.json *.json)"
EXPORT_TITLE = "导出学习记录"
IMPORT_TITLE = "导入学习记录"


def export_progress(ctx: UiContext, parent: QWidget | None) -> bool:
    """Ask where, then write the current learner's complete history there; True when written."""
    learner_id = ctx.learner_id
    if learner_id is None:
        QMessageBox.information(parent, EXPORT_TITLE, "请先选择学员。")
        return False
    name = ctx.ops.read_now(lambda s: get_learner(s, learner_id).name)
    path = file_dialogs.ask_save_file(parent, EXPORT_TITLE, file_dialogs.safe_file_name(f"{name}的学习记录") + ".xxprogress.json",
                                      PROGRESS_FILTER)
    if path is None:
        return False
    now = ctx.clock()
    try:
        data = ctx.ops.read_now(lambda s: export_data(s, learner_id=learner_id, now=now))
        write_progress_file(data, path)
    except UserError as error:
        QMessageBox.warning(parent, EXPORT_TITLE, str(error))
        return False
    QMessageBox.information(parent, EXPORT_TITLE,
                            f"已把学员“{name}”的学习记录导出到：\n{path}\n\n在另一台电脑上用“文件 → 导入学习记录…”导入。")
    return True


def import_progress(ctx: UiContext, parent: QWidget | None) -> TransferReport | None:
    """Ask for a file and merge its history into this database (records already here are skipped)."""
    path = file_dialogs.ask_open_file(parent, IMPORT_TITLE, PROGRESS_FILTER)
    if path is None:
        return None
    try:
        data = read_progress_file(path)
    except UserError as error:
        QMessageBox.warning(parent, IMPORT_TITLE, str(error))
        return None
    now = ctx.clock()
    done = ctx.ops.write_now(lambda s: import_data(s, data, now=now), changes=Change.STUDY | Change.LEARNER,
                             parent=parent, error_title=IMPORT_TITLE)
    if done is None:
        return None
    QMessageBox.information(parent, IMPORT_TITLE, report_text(done.value))
    return done.value


def report_text(report: TransferReport) -> str:
    """What an import added, in one Chinese paragraph."""
    text = (f"已导入学员“{report.learner_name}”的学习记录：卡片记录 {report.card_states} 条，复习 {report.review_logs} 次，"
            f"测验 {report.attempts} 次，错题 {report.wrong_answers} 道。已有的记录不会重复导入。")
    if report.exam_goal:
        text += "\n\n考试计划（考试日期和目标记忆率）已随记录导入。"
    if report.skipped_unknown_items:
        text += f"\n\n有 {report.skipped_unknown_items} 条记录对应的题目或卡片不在本机题库中，已跳过。"
    if report.learner_created:
        text += f"\n\n已新建学员“{report.learner_name}”，可在“学员 → 切换学员…”中切换。"
    return text
