"""The trainer page: the password gate (first use sets it), then the toolkit's tabs; locked again on close."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from trainer.auth import (
    MIN_LENGTH,
    has_trainer_password,
    set_trainer_password,
    verify_trainer_password,
)
from ui.context import UiContext
from ui.operations import Change, tell_user_error
from ui.theme import feedback_style


class PasswordGate(QWidget):
    """Asks for the trainer password, or has it set on first use; emits `unlocked` when it is right."""

    unlocked = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.heading = QLabel()
        self.heading.setObjectName("gateHeading")
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit()
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm_label = QLabel("再次输入：")
        self.message = QLabel()
        self.message.setObjectName("gateMessage")
        self.message.setStyleSheet(feedback_style(ok=False))
        self.enter_button = QPushButton()
        self.enter_button.setDefault(True)
        self.enter_button.clicked.connect(self.submit)
        self.password.returnPressed.connect(self._on_return)
        self.confirm.returnPressed.connect(self.submit)

        form = QFormLayout()
        form.addRow("密码：", self.password)
        form.addRow(self.confirm_label, self.confirm)
        box = QWidget()
        box.setMaximumWidth(560)
        inner = QVBoxLayout(box)
        inner.addWidget(self.heading)
        inner.addWidget(self.explanation)
        inner.addLayout(form)
        inner.addWidget(self.message)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.enter_button)
        inner.addLayout(row)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        centre = QHBoxLayout()
        centre.addStretch(1)
        centre.addWidget(box, 3)
        centre.addStretch(1)
        outer.addLayout(centre)
        outer.addStretch(2)
        self.refresh()

    @property
    def first_use(self) -> bool:
        """Whether no trainer password has been set yet."""
        return self._first_use

    def refresh(self) -> None:
        """Show the first-use form or the password prompt."""
        self._first_use = not self.ctx.ops.read_now(has_trainer_password)
        if self._first_use:
            self.heading.setText("首次使用培训管理，请设置密码")
            self.explanation.setText(
                "这个密码保护题库：有了它才能查看题目的答案、修改题库、组卷和汇总成绩；"
                "学员不知道密码，就看不到答案，也改不了题目。"
                f"请设置至少{MIN_LENGTH}个字符的密码，并妥善保管。"
            )
            self.enter_button.setText("设置密码并进入")
        else:
            self.heading.setText("培训管理")
            self.explanation.setText("请输入培训管理密码。关闭窗口后需要重新输入。")
            self.enter_button.setText("进入")
        self.confirm.setVisible(self._first_use)
        self.confirm_label.setVisible(self._first_use)
        self.password.clear()
        self.confirm.clear()
        self.message.clear()
        self.password.setFocus()

    def _on_return(self) -> None:
        if self._first_use:
            self.confirm.setFocus()
        else:
            self.submit()

    def submit(self) -> None:
        """Check the password (or set it on first use)."""
        password = self.password.text()
        if self._first_use:
            if password != self.confirm.text():
                self.message.setText("两次输入的密码不一致。")
                return
            if self.ctx.ops.write_now(lambda s: set_trainer_password(s, password), changes=Change.TRAINER,
                                      on_error=tell_user_error(self.message.setText)) is None:
                return
        else:
            ok = self.ctx.ops.read_now(lambda s: verify_trainer_password(s, password))
            if not ok:
                self.password.clear()
                self.message.setText("密码不正确。")
                return
        self.password.clear()
        self.confirm.clear()
        self.message.clear()
        self.unlocked.emit()


class TrainerPage(QWidget):
    """培训管理: behind the trainer password, the bank editor, imports, Excel, papers and results."""

    title = "培训管理"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        ctx.events.changed.connect(self.on_changed)
        self.gate = PasswordGate(ctx)
        self.gate.unlocked.connect(self._unlock)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.gate)
        self.tabs: QTabWidget | None = None
        self.lock_button = QPushButton("退出培训管理")
        self.lock_button.clicked.connect(self.lock)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.stack)

    @property
    def unlocked(self) -> bool:
        """Whether trainer mode is on (it lives only as long as this page, i.e. the window)."""
        return self.stack.currentWidget() is not self.gate

    def _unlock(self) -> None:
        if self.tabs is None:
            self.tabs = self._build_tabs()
            holder = QWidget()
            column = QVBoxLayout(holder)
            column.setContentsMargins(0, 0, 0, 0)
            top = QHBoxLayout()
            title = QLabel("培训管理")
            title.setStyleSheet("font-weight: bold;")
            top.addWidget(title)
            top.addStretch(1)
            top.addWidget(self.lock_button)
            column.addLayout(top)
            column.addWidget(self.tabs)
            self.stack.addWidget(holder)
            self._holder = holder
        self.stack.setCurrentWidget(self._holder)
        self.refresh()
        self.tabs.setFocus(Qt.FocusReason.OtherFocusReason)

    def _build_tabs(self) -> QTabWidget:
        from ui.trainer.bank_tab import BankEditorTab
        from ui.trainer.excel_tab import ExcelTab
        from ui.trainer.import_tab import ImportDocumentTab
        from ui.trainer.paper_tab import PaperTab
        from ui.trainer.results_tab import ResultsTab

        tabs = QTabWidget()
        self.bank_tab = BankEditorTab(self.ctx)
        self.import_tab = ImportDocumentTab(self.ctx)
        self.excel_tab = ExcelTab(self.ctx)
        self.paper_tab = PaperTab(self.ctx, selected_questions=self.bank_tab.selected_question_ids)
        self.results_tab = ResultsTab(self.ctx)
        tabs.addTab(self.bank_tab, "题库")
        tabs.addTab(self.import_tab, "导入资料")
        tabs.addTab(self.excel_tab, "Excel 导入/导出")
        tabs.addTab(self.paper_tab, "组卷")
        tabs.addTab(self.results_tab, "成绩汇总")
        self._tab_refreshers: list[Callable[[], None]] = [
            self.bank_tab.refresh, self.import_tab.refresh, self.excel_tab.refresh, self.paper_tab.refresh,
            self.results_tab.refresh,
        ]
        tabs.currentChanged.connect(lambda _index: self._refresh_current())
        return tabs

    def _refresh_current(self) -> None:
        if self.tabs is not None:
            index = self.tabs.currentIndex()
            if 0 <= index < len(self._tab_refreshers):
                self._tab_refreshers[index]()

    def lock(self) -> None:
        """Leave trainer mode: the password is asked again."""
        self.gate.refresh()
        self.stack.setCurrentWidget(self.gate)

    def on_changed(self, changes: Change) -> None:
        """Every write here comes from the tab on screen, which shows its own outcome; tabs reload when chosen.

        (Refreshing the bank editor after its own save would throw away the message and the selection.)
        """
        del changes

    def suspend(self) -> None:
        """Nothing runs in the background here."""

    def refresh(self) -> None:
        """Reload the visible tab (nothing is shown while locked)."""
        if self.unlocked:
            self._refresh_current()
