"""已交卷 and the paper result history: every submitted paper, with 导出成绩文件 and 导入成绩回执 always at hand.

A paper made without immediate scoring shows 已交卷 here after submitting (no score: the learner's machine has
no key). The trainer's receipt, imported here, brings the score; then 查看结果 opens the results page.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from trainer.paper_sitting import PaperSittingLine, paper_history
from ui.context import UiContext
from ui.formatting import book_title
from ui.item_models import local_time_text
from ui.operations import Change
from ui.widgets.labels import ScaledLabel, page_title, section_title

COLUMNS = ("试卷", "交卷时间", "作答", "得分/满分")


class PaperSubmittedPage(QWidget):
    """已交卷 for the attempt just submitted, above the history of every submitted paper."""

    title = "试卷成绩"

    results_requested = Signal(int)
    page_requested = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        ctx.events.changed.connect(self.on_changed)
        self.lines: list[PaperSittingLine] = []
        self.attempt_id: int | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(page_title("试卷成绩"))
        self.banner = ScaledLabel("", scale=1.6, bold=True)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.banner)
        self.details = QLabel()
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setWordWrap(True)
        layout.addWidget(self.details)
        buttons = QHBoxLayout()
        self.export_button = QPushButton("导出成绩文件(&E)…")
        self.export_button.clicked.connect(self.export_result)
        self.receipt_button = QPushButton("导入成绩回执(&I)…")
        self.receipt_button.clicked.connect(self.import_receipt)
        self.results_button = QPushButton("查看结果(&V)")
        self.results_button.clicked.connect(self._show_results)
        self.home_button = QPushButton("返回首页(&B)")
        self.home_button.clicked.connect(lambda: self.page_requested.emit("home"))
        for button in (self.export_button, self.receipt_button, self.results_button, self.home_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(section_title("成绩记录"))
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setTabKeyNavigation(False)  # Tab leaves the table (arrows move inside it)
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.currentCellChanged.connect(lambda row, _c, _pr, _pc: self._select_row(row))
        self.table.cellDoubleClicked.connect(lambda _r, _c: self._show_results())
        layout.addWidget(self.table, 1)

    def show_attempt(self, attempt_id: int | None = None) -> None:
        """Show the history with this attempt selected (the newest when None)."""
        self.attempt_id = attempt_id
        self.refresh()

    def refresh(self) -> None:
        """Reload the learner's submitted papers."""
        learner_id = self.ctx.learner_id
        self.lines = [] if learner_id is None else self.ctx.ops.read_now(lambda s: paper_history(s, learner_id=learner_id))
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.lines))
        for row, line in enumerate(self.lines):
            cells = (line.title, local_time_text(line.submitted_at), f"{line.answered}/{line.total}题", line.score_text)
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.blockSignals(False)
        ids = [line.attempt_id for line in self.lines]
        row = ids.index(self.attempt_id) if self.attempt_id in ids else (0 if ids else -1)
        if row >= 0:
            self.table.setCurrentCell(row, 0)
        self._select_row(row)

    def _select_row(self, row: int) -> None:
        line = self.lines[row] if 0 <= row < len(self.lines) else None
        self.attempt_id = line.attempt_id if line is not None else self.attempt_id
        for button in (self.export_button, self.results_button):
            button.setEnabled(line is not None)
        if line is None:
            self.banner.setText("还没有交卷的试卷")
            self.details.setText("在“文件 → 打开试卷文件”中打开培训管理员发来的试卷。")
            return
        self.results_button.setEnabled(line.graded)
        if line.graded:
            verdict = "及格" if line.passed else "不及格"
            self.banner.setText(f"{book_title(line.title)} {line.score_text} {verdict}")
        else:
            self.banner.setText(f"{book_title(line.title)}已交卷")
        self.details.setText(
            f"交卷时间：{local_time_text(line.submitted_at)}；作答{line.answered}/{line.total}题。"
            + ("" if line.graded else "成绩由培训管理员评定：请“导出成绩文件”交给培训管理员，收到成绩回执后在此“导入成绩回执”。")
        )

    def current_line(self) -> PaperSittingLine | None:
        """The selected submitted paper."""
        return next((line for line in self.lines if line.attempt_id == self.attempt_id), None)

    def on_changed(self, changes: Change) -> None:
        """A submitted paper or an imported receipt changes the history."""
        if changes & (Change.STUDY | Change.LEARNER) and self.isVisible():
            self.refresh()

    def suspend(self) -> None:
        """Nothing runs in the background here."""

    def export_result(self) -> None:
        """导出成绩文件… of the selected paper."""
        from ui.trainer import export_result_dialog  # imported on use: keeps the trainer off start-up

        line = self.current_line()
        if line is not None:
            export_result_dialog(self.ctx, line.attempt_id, self)

    def import_receipt(self) -> None:
        """导入成绩回执…: the trainer's grading of a submitted paper."""
        from ui.trainer import import_receipt_dialog

        attempt_id = import_receipt_dialog(self.ctx, self)
        if attempt_id is not None:
            self.show_attempt(attempt_id)

    def _show_results(self) -> None:
        line = self.current_line()
        if line is not None and line.graded:
            self.results_requested.emit(line.attempt_id)
