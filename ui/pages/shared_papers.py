"""单位试卷: the papers published on the unit's shared server to the learner's unit, with their sittings."""

from __future__ import annotations

from PySide6.QtCore import Signal
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
from sqlalchemy.exc import DBAPIError

from study.shared_exam import PublishedPaperLine, my_published_papers
from ui.context import UiContext
from ui.operations import Change
from ui.widgets.labels import page_title

COLUMNS = ("试卷", "考试时长", "题量", "状态")


def time_text(line: PublishedPaperLine) -> str:
    """“60分钟”, or 不限时."""
    return f"{line.time_limit_s // 60}分钟" if line.time_limit_s else "不限时"


class SharedPapersPage(QWidget):
    """The published papers; 查看 (or a double click) emits `paper_requested(uid)` for its start screen."""

    title = "单位试卷"

    paper_requested = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        ctx.events.changed.connect(self.on_changed)
        self.lines: list[PublishedPaperLine] = []
        layout = QVBoxLayout(self)
        layout.addWidget(page_title("单位试卷"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.cellDoubleClicked.connect(lambda row, _column: self._request(row))
        self.table.currentCellChanged.connect(lambda _r, _c, _pr, _pc: self._update_buttons())
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.open_button = QPushButton("查看试卷(&O)")
        self.open_button.setProperty("role", "primary")
        self.open_button.clicked.connect(lambda: self._request(self.table.currentRow()))
        self.refresh_button = QPushButton("刷新(&R)")
        self.refresh_button.clicked.connect(self.refresh)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.refresh_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

    def refresh(self) -> None:
        """Read the published papers from the server again."""
        try:
            self.lines = self.ctx.ops.read_now(my_published_papers)
        except DBAPIError:
            self.lines = []
            self.message.setText("无法连接单位的共享数据库服务器，请检查网络后点“刷新”。")
        else:
            self.message.setText("双击一份试卷，或选中后点“查看试卷”，进入考试说明页。" if self.lines
                                 else "还没有发布给您所在单位的试卷。")
        self.table.setRowCount(len(self.lines))
        for row, line in enumerate(self.lines):
            cells = (line.title, time_text(line), f"{line.question_count}题", line.state_text)
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))  # item text is never markup
        if self.lines:
            self.table.setCurrentCell(0, 0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.open_button.setEnabled(0 <= self.table.currentRow() < len(self.lines))

    def _request(self, row: int) -> None:
        if 0 <= row < len(self.lines):
            self.paper_requested.emit(self.lines[row].paper_uid)

    def on_changed(self, changes: Change) -> None:
        """A sitting started or handed in changes a paper's state."""
        if changes & Change.STUDY and self.isVisible():
            self.refresh()

    def suspend(self) -> None:
        """Nothing runs in the background here."""
