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
from ui.operations import Change, tell_user_error
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
    learner_id, now, rng = ctx.learner_id, ctx.clock(), ctx.rng
    done = ctx.ops.write_now(lambda s: open_paper_file(s, path, learner_id=learner_id, now=now, rng=rng),
                             changes=Change.BANK | Change.STUDY,
                             on_error=tell_user_error(lambda text: show_error(parent, "无法打开试卷", text)))
    return None if done is None else int(done.value)


def export_result_dialog(ctx: UiContext, attempt_id: int, parent: QWidget | None) -> None:
    """导出成绩文件…: save the result file of a finished paper for the trainer."""
    try:
        suggested = ctx.ops.read_now(lambda s: suggested_result_filename(s, attempt_id))
    except UserError as error:
        show_error(parent, "导出成绩文件", str(error))
        return
    path = ask_save_file(parent, "导出成绩文件", suggested, RESULT_FILTER)
    if path is None:
        return
    try:  # reads the attempt and writes a file: nothing in the database changes
        summary = ctx.ops.read_now(lambda s: export_result_file(s, attempt_id, path))
    except UserError as error:
        show_error(parent, "导出成绩文件", str(error))
        return
    show_info(parent, "导出成绩文件",
              f"已保存“{path.name}”（{summary.learner_name}，{summary.score:g}/{summary.max_score:g}分）。请交给培训管理员。")
