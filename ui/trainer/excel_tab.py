"""The Excel tab: import a bank in exam-system columns (every bad row listed), export the bank, save the template."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from foundation.errors import UserError
from trainer.excel import (
    BankFileRejected,
    BankImportReport,
    export_bank_xlsx,
    import_bank_xlsx,
    save_template_xlsx,
)
from ui.context import UiContext, log_error
from ui.operations import Change, Task
from ui.trainer.files import EXCEL_FILTER, ask_open_file, ask_save_file
from ui.trainer.review_setting import ReviewImportsBox

INTRO = (
    "题库表格的列：题型、题干、选项A…选项H、答案、解析、专题、难度（与常见考试系统一致）。"
    "导入前逐行检查，有任何一行不合格，会列出行号和原因，整个文件不导入。"
    "“保存模板”生成的表格中有填写说明。"
)


class ExcelTab(QWidget):
    """Three buttons and a log of what they did; imports and exports run off the UI thread."""

    finished = Signal(bool)  # an import or export ended (True: it succeeded)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.import_button = QPushButton("从 Excel 导入题库(&I)…")
        self.export_button = QPushButton("导出题库到 Excel(&E)…")
        self.template_button = QPushButton("保存模板(&T)…")
        self.review_box = ReviewImportsBox(ctx, "导入的题目先“待审核”，审核通过后学员才能看到(&R)")
        self.log = QPlainTextEdit()
        self.log.setReadOnly(True)
        buttons = QHBoxLayout()
        for button in (self.import_button, self.export_button, self.template_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(buttons)
        layout.addWidget(self.review_box)
        layout.addWidget(self.log, 1)
        self.import_button.clicked.connect(self._ask_import)
        self.export_button.clicked.connect(self._ask_export)
        self.template_button.clicked.connect(self._ask_template)

    def refresh(self) -> None:
        """Reload the review setting (the 导入资料 tab shares it)."""
        self.review_box.refresh()

    def _ask_import(self) -> None:
        path = ask_open_file(self, "选择题库表格", EXCEL_FILTER)
        if path is not None:
            self.import_file(path)

    def _ask_export(self) -> None:
        path = ask_save_file(self, "导出题库", "题库.xlsx", EXCEL_FILTER)
        if path is not None:
            self.export_file(path)

    def _ask_template(self) -> None:
        path = ask_save_file(self, "保存题库模板", "题库导入模板.xlsx", EXCEL_FILTER)
        if path is not None:
            self.save_template(path)

    def import_file(self, path: Path) -> Task[BankImportReport]:
        """Import a bank file off the UI thread; the log then lists what was added, or every bad row."""
        now = self.ctx.clock()
        self._set_busy(True, f"正在导入“{path.name}”……")
        return self.ctx.ops.write_in_background(
            lambda session: import_bank_xlsx(session, path, now=now), changes=Change.BANK,
            on_done=lambda report: self._imported(path, report),
            on_error=lambda error, details: self._import_failed(path, error, details),
            busy_text=f"正在导入“{path.name}”，请稍候……", parent=self,
        )

    def _imported(self, path: Path, report: BankImportReport) -> None:
        lines = [f"已从“{path.name}”导入{report.added}道题目。"]
        if report.held:
            lines.append(f"其中{report.held}道待审核：在“题库”中审核通过后，学员才能看到。")
        if report.already_present:
            lines.append(f"{report.already_present}道题目已在题库中，已跳过。")
        if report.new_topics:
            lines.append("新建专题：" + "、".join(report.new_topics))
        lines.extend(f"提示：{note}" for note in report.notes)
        self._set_busy(False, "\n".join(lines))
        self.finished.emit(True)

    def _import_failed(self, path: Path, error: BaseException, details: str) -> None:
        if isinstance(error, BankFileRejected):
            text = (f"“{path.name}”有{len(error.problems)}处问题，未导入任何题目。请改正后重新导入：\n"
                    + "\n".join(error.problems))
        elif isinstance(error, UserError):
            text = f"无法导入：{error}"
        else:
            text = f"导入失败，没有导入任何题目。详情已记录在：{log_error(self.ctx.app.data_dir, details)}"
        self._set_busy(False, text)
        self.finished.emit(False)

    def export_file(self, path: Path) -> Task[int]:
        """Export the bank (questions not disabled) off the UI thread."""
        self._set_busy(True, f"正在导出到“{path}”……")
        return self.ctx.ops.read_in_background(
            lambda session: export_bank_xlsx(session, path),
            on_done=lambda count: self._done(f"已导出{count}道题目到“{path}”。"),
            on_error=lambda error, details: self._export_failed(error, details),
            busy_text="正在导出题库，请稍候……", parent=self,
        )

    def _done(self, text: str) -> None:
        self._set_busy(False, text)
        self.finished.emit(True)

    def _export_failed(self, error: BaseException, details: str) -> None:
        reason = str(error) if isinstance(error, UserError) else f"详情已记录在：{log_error(self.ctx.app.data_dir, details)}"
        self._set_busy(False, f"无法导出：{reason}")
        self.finished.emit(False)

    def _set_busy(self, busy: bool, text: str) -> None:
        for button in (self.import_button, self.export_button, self.template_button):
            button.setEnabled(not busy)
        self.log.setPlainText(text)

    def save_template(self, path: Path) -> bool:
        """Save the empty template with its instructions sheet."""
        try:
            save_template_xlsx(path)
        except UserError as error:
            self.log.setPlainText(f"无法保存模板：{error}")
            return False
        self.log.setPlainText(f"已保存模板“{path}”，请按“说明”工作表填写。")
        return True
