"""What a learner does with the trainer's files: open a paper file, export the signed result file, import a receipt."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from foundation.errors import UserError
from trainer.paper_file import Paper, read_paper_file
from trainer.paper_sitting import (
    export_result_file,
    import_receipt_file,
    open_paper_file,
    suggested_result_filename,
)
from ui.context import UiContext
from ui.operations import Change, tell_user_error
from ui.trainer.files import (
    PAPER_FILTER,
    RECEIPT_FILTER,
    RESULT_FILTER,
    ask_open_file,
    ask_save_file,
    ask_text,
    show_error,
    show_info,
)

CODE_PROMPT = "请输入培训管理员发给您的个人码（如 K7Q2M-W9XPD），用于给成绩文件签名："


def _code_key(ctx: UiContext) -> str:
    return f"paper/personal_code/{ctx.learner_id}"


def remembered_code(ctx: UiContext) -> str:
    """The personal code this learner last entered on this PC ("" if none)."""
    value = ctx.settings.value(_code_key(ctx), "")
    return value if isinstance(value, str) else ""


def ask_personal_code(ctx: UiContext, parent: QWidget | None, title: str) -> str | None:
    """Ask for the learner's personal code (the last one entered is offered); None if cancelled."""
    code = ask_text(parent, title, CODE_PROMPT, remembered_code(ctx))
    if code is not None and code.strip():
        ctx.settings.setValue(_code_key(ctx), code.strip())
    return code


def choose_paper_file(ctx: UiContext, parent: QWidget | None) -> Paper | None:
    """文件 → 打开试卷文件…: choose and read a paper file (nothing stored yet: the start screen comes first)."""
    if ctx.learner_id is None:
        show_error(parent, "打开试卷", "请先选择或创建学员。")
        return None
    path = ask_open_file(parent, "打开试卷文件", PAPER_FILTER)
    if path is None:
        return None
    try:
        return read_paper_file(path)
    except UserError as error:
        show_error(parent, "无法打开试卷", str(error))
        return None


def open_paper_for_learner(ctx: UiContext, parent: QWidget | None) -> int | None:
    """Choose a paper file and start (or resume) its exam at once; its attempt id or None (no start screen)."""
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


def export_result_dialog(ctx: UiContext, attempt_id: int, parent: QWidget | None) -> bool:
    """导出成绩文件…: save the signed result file of a finished paper for the trainer; True if written."""
    try:
        suggested = ctx.ops.read_now(lambda s: suggested_result_filename(s, attempt_id))
    except UserError as error:
        show_error(parent, "导出成绩文件", str(error))
        return False
    path = ask_save_file(parent, "导出成绩文件", suggested, RESULT_FILTER)
    if path is None:
        return False
    code = ask_personal_code(ctx, parent, "导出成绩文件")
    if code is None:
        return False
    try:  # reads the attempt and writes a file: nothing in the database changes
        summary = ctx.ops.read_now(lambda s: export_result_file(s, attempt_id, path, code=code))
    except UserError as error:
        show_error(parent, "导出成绩文件", str(error))
        return False
    score = "已交卷，成绩由培训管理员评定" if summary.score is None else f"{summary.score:g}/{summary.max_score:g}分"
    signed = "已用个人码签名" if summary.signed else "未签名（没有输入个人码，培训管理员汇总时会标记“未签名”）"
    show_info(parent, "导出成绩文件", f"已保存“{path.name}”（{summary.learner_name}，{score}；{signed}）。请交给培训管理员。")
    return True


def import_receipt_dialog(ctx: UiContext, parent: QWidget | None) -> int | None:
    """导入成绩回执…: apply the trainer's receipt to this learner's sitting; its attempt id or None."""
    if ctx.learner_id is None:
        show_error(parent, "导入成绩回执", "请先选择或创建学员。")
        return None
    path = ask_open_file(parent, "导入成绩回执", RECEIPT_FILTER)
    if path is None:
        return None
    code = ask_personal_code(ctx, parent, "导入成绩回执")
    if code is None:
        return None
    learner_id = ctx.learner_id
    done = ctx.ops.write_now(lambda s: import_receipt_file(s, path, learner_id=learner_id, code=code),
                             changes=Change.BANK | Change.STUDY,
                             on_error=tell_user_error(lambda text: show_error(parent, "无法导入成绩回执", text)))
    return None if done is None else int(done.value)
