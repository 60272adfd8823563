"""What a learner does with the trainer's files: open a paper file to sit it, export the result file."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from foundation.errors import UserError
from trainer.paper_sitting import (
    export_result_file,
    open_paper_file,
    suggested_result_filename,
)
from ui.context import UiContext
from ui.trainer.files import (
    PAPER_FILTER,
    RESULT_FILTER,
    ask_open_file,
    ask_save_file,
    show_error,
    show_info,
)


def open_paper_for_learner(ctx: UiContext, parent: QWidget | None) -> int | None:
    """文件 → 打开试卷文件…: choose a paper file and start (or resume) the mock exam; its attempt id or None."""
    if ctx.learner_id is None:
        show_error(parent, "打开试卷", "请先选择或创建学员。")
        return None
    path = ask_open_file(parent, "打开试卷文件", PAPER_FILTER)
    if path is None:
        return None
    try:
        with ctx.session_factory() as session, session.begin():
            attempt_id = open_paper_file(session, path, learner_id=ctx.learner_id, now=ctx.clock(), rng=ctx.rng)
    except UserError as error:
        show_error(parent, "无法打开试卷", str(error))
        return None
    ctx.events.bank_changed.emit()
    ctx.events.study_changed.emit()
    return int(attempt_id)


def export_result_dialog(ctx: UiContext, attempt_id: int, parent: QWidget | None) -> None:
    """导出成绩文件…: save the result file of a finished paper for the trainer."""
    try:
        with ctx.session_factory() as session, session.begin():
            suggested = suggested_result_filename(session, attempt_id)
    except UserError as error:
        show_error(parent, "导出成绩文件", str(error))
        return
    path = ask_save_file(parent, "导出成绩文件", suggested, RESULT_FILTER)
    if path is None:
        return
    try:
        with ctx.session_factory() as session, session.begin():
            summary = export_result_file(session, attempt_id, path)
    except UserError as error:
        show_error(parent, "导出成绩文件", str(error))
        return
    show_info(parent, "导出成绩文件",
              f"已保存“{path.name}”（{summary.learner_name}，{summary.score:g}/{summary.max_score:g}分）。请交给培训管理员。")
