"""Learner profiles: create one on first start, choose, switch, rename or delete later."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from study import (
    active_learner,
    create_learner,
    delete_learner,
    list_learners,
    rename_learner,
    set_active_learner,
)
from ui.context import UiContext
from ui.operations import Change
from ui.item_models import ID_ROLE, LearnerListModel
from ui.widgets.labels import page_title


class LearnerForm(QDialog):
    """Name (required) and unit (optional) of a learner profile."""

    def __init__(self, title: str, parent: QWidget | None = None, *, name: str = "", unit: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name_edit = QLineEdit(name)
        self.name_edit.setPlaceholderText("必填，例如：张三")
        self.name_edit.setMaxLength(100)
        self.unit_edit = QLineEdit(unit)
        self.unit_edit.setPlaceholderText("选填，例如：第一巡视组")
        self.unit_edit.setMaxLength(200)
        form.addRow("姓名(&N)：", self.name_edit)
        form.addRow("单位(&U)：", self.unit_edit)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self._accept_if_named)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.name_edit.textChanged.connect(self._update_ok)
        self._update_ok()
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 50)

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.name_edit.text().strip()))

    def _accept_if_named(self) -> None:
        if self.name_edit.text().strip():
            self.accept()


class ProfilesPage(QWidget):
    """The list of learner profiles with 新建 / 切换 / 重命名 / 删除; emits `learner_chosen(id)`."""

    learner_chosen = Signal(int)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        self.heading = page_title("选择学员")
        self.hint = QLabel("每位学员的学习记录相互独立。双击或按回车键进入。")
        self.hint.setWordWrap(True)
        layout.addWidget(self.heading)
        layout.addWidget(self.hint)
        self.model = LearnerListModel(self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setAccessibleName("学员列表")
        self.view.activated.connect(lambda _index: self.choose_current())
        layout.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        self.new_button = QPushButton("新建学员(&N)…")
        self.choose_button = QPushButton("进入学习(&E)")
        self.rename_button = QPushButton("修改(&R)…")
        self.delete_button = QPushButton("删除(&D)…")
        for button in (self.new_button, self.choose_button, self.rename_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.new_button.clicked.connect(self.create_profile)
        self.choose_button.clicked.connect(self.choose_current)
        self.rename_button.clicked.connect(self.rename_current)
        self.delete_button.clicked.connect(self.delete_current)
        self.refresh()

    def refresh(self) -> None:
        """Reload the profiles and select the active one."""
        learners, active = self.ctx.ops.read_now(lambda s: (list_learners(s), active_learner(s)))
        self.model.set_learners(learners)
        wanted = self.ctx.learner_id if self.ctx.learner_id is not None else (active.id if active else None)
        row = max(self.model.row_of(wanted), 0)
        if learners:
            self.view.setCurrentIndex(self.model.index(row))
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_any = self.model.rowCount() > 0
        for button in (self.choose_button, self.rename_button, self.delete_button):
            button.setEnabled(has_any)
        self.heading.setText("选择学员" if has_any else "欢迎使用巡学")
        self.hint.setText(
            "每位学员的学习记录相互独立。双击或按回车键进入。" if has_any
            else "首次使用，请先建立学员档案（姓名必填，单位选填）。"
        )

    def selected_id(self) -> int | None:
        """The id of the selected learner, if any."""
        index = self.view.currentIndex()
        return int(index.data(ID_ROLE)) if index.isValid() else None

    def create_profile(self) -> int | None:
        """Ask for a name and unit, create the profile and choose it."""
        form = LearnerForm("新建学员", self)
        if form.exec() != QDialog.DialogCode.Accepted:
            return None
        return self.add_learner(form.name_edit.text(), form.unit_edit.text())

    def add_learner(self, name: str, unit: str) -> int | None:
        """Create a profile (the action behind the 新建 form) and choose it; a twin of an existing one is confirmed."""
        twin = _twin_label(self.model, name, unit)
        if twin is not None:
            answer = QMessageBox.question(
                self,
                "同名学员",
                f"已有学员“{twin}”。两个同名同单位的档案在列表中无法区分，仍要新建吗？\n"
                "如果是同一个人，请选中已有的档案进入学习。",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return None
        now = self.ctx.clock()
        done = self.ctx.ops.write_now(lambda s: int(create_learner(s, name, unit=unit, now=now).id),
                                      changes=Change.LEARNER, parent=self, error_title="无法新建学员")
        if done is None:
            return None
        self.refresh()
        self.choose(done.value)
        return done.value

    def choose_current(self) -> None:
        """Make the selected learner the active one."""
        learner_id = self.selected_id()
        if learner_id is not None:
            self.choose(learner_id)

    def choose(self, learner_id: int) -> None:
        """Activate a learner in the core and in the UI context, then tell everyone."""
        def make_current(_value: object) -> None:
            changed = self.ctx.learner_id != learner_id
            self.ctx.learner_id = learner_id
            if changed:
                self.ctx.events.learner_changed.emit()

        if self.ctx.ops.write_now(lambda s: set_active_learner(s, learner_id), changes=Change.LEARNER,
                                  parent=self, on_done=make_current) is None:
            return
        self.learner_chosen.emit(learner_id)

    def rename_current(self) -> None:
        """Edit the selected learner's name and unit."""
        index = self.view.currentIndex()
        if not index.isValid():
            return
        learner = self.model.learner_at(index.row())
        form = LearnerForm("修改学员信息", self, name=learner.name, unit=learner.unit)
        if form.exec() != QDialog.DialogCode.Accepted:
            return
        name, unit = form.name_edit.text(), form.unit_edit.text()
        self.ctx.ops.write_now(lambda s: rename_learner(s, learner.id, name=name, unit=unit),
                               changes=Change.LEARNER, parent=self, error_title="无法修改")
        self.refresh()

    def delete_current(self) -> None:
        """Delete the selected learner and only that learner's data, after confirmation."""
        index = self.view.currentIndex()
        if not index.isValid():
            return
        learner = self.model.learner_at(index.row())
        answer = QMessageBox.question(
            self,
            "删除学员",
            f"确定删除学员“{learner.name}”吗？\n该学员的全部学习记录、测验成绩和错题本将被删除，且无法恢复。",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        def forget_if_active(_value: object) -> None:
            if self.ctx.learner_id == learner.id:
                self.ctx.learner_id = None
                self.ctx.events.learner_changed.emit()

        self.ctx.ops.write_now(lambda s: delete_learner(s, learner.id), changes=Change.LEARNER | Change.STUDY,
                               parent=self, error_title="无法删除学员", on_done=forget_if_active)
        self.refresh()


def _twin_label(model: LearnerListModel, name: str, unit: str) -> str | None:
    """How an existing profile with the same name and unit is listed, if there is one."""
    for row in range(model.rowCount()):
        learner = model.learner_at(row)
        if learner.name == name.strip() and learner.unit == unit.strip():
            return str(model.index(row).data())
    return None


class ProfilesDialog(QDialog):
    """The profiles page in a dialog: first start (must create one) or switching learners."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("选择学员")  # Qt adds “ — 巡学”
        layout = QVBoxLayout(self)
        self.page = ProfilesPage(ctx, self)
        layout.addWidget(self.page)
        self.chosen_id: int | None = None
        self.page.learner_chosen.connect(self._on_chosen)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        close.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        width = self.fontMetrics().averageCharWidth() * 70
        self.resize(width, width * 3 // 4)
        if self.page.model.rowCount() == 0:
            self.page.new_button.setDefault(True)
            self.page.new_button.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.page.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_chosen(self, learner_id: int) -> None:
        self.chosen_id = learner_id
        self.accept()


def choose_learner(ctx: UiContext, parent: QWidget | None = None) -> int | None:
    """Show the profiles dialog; returns the chosen learner id (None if cancelled)."""
    dialog = ProfilesDialog(ctx, parent)
    dialog.exec()
    return dialog.chosen_id
