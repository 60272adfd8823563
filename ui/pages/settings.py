"""设置 page: text size and theme, the learner's daily new cards and desired retention, quiz defaults."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.context import UiContext
from ui.operations import Change
from ui.quiz_defaults import (
    COUNT_RANGE,
    PASS_MARK_RANGE,
    QUIZ_COUNT_KEY,
    QUIZ_PASS_MARK_KEY,
    QUIZ_TIME_LIMIT_KEY,
    TIME_LIMIT_RANGE,
    QuizDefaults,
    quiz_defaults,
)
from ui.theme import TEXT_SCALE_KEY, TEXT_SCALES, THEME_KEY, Theme, text_scale, theme
from ui.widgets.labels import page_title
from ui.widgets.scrolling import scroll_area, set_page_margins

NEW_LIMIT_RANGE = (0, 500)
RETENTION_RANGE = (70, 99)  # percent


class SettingsPage(QWidget):
    """Every change is applied at once: appearance through `appearance_changed`, the rest stored."""

    title = "设置"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        ctx.events.changed.connect(self.on_changed)
        self._loading = False

        self.text_scale_box = QComboBox()
        for percent in TEXT_SCALES:
            self.text_scale_box.addItem(f"{percent}%", percent)
        self.theme_box = QComboBox()
        for choice in Theme:
            self.theme_box.addItem(choice.label, choice.value)

        self.new_limit_box = _spin(NEW_LIMIT_RANGE, suffix=" 张")
        self.retention_box = _spin(RETENTION_RANGE, suffix="%")
        self.learner_note = QLabel()
        self.learner_note.setWordWrap(True)

        self.count_box = _spin(COUNT_RANGE, suffix=" 题")
        self.time_limit_box = _spin(TIME_LIMIT_RANGE, suffix=" 分钟")
        self.pass_mark_box = _spin(PASS_MARK_RANGE, suffix="%")

        appearance = QGroupBox("外观")
        form = QFormLayout(appearance)
        _add_row(form, "文字大小(&Z)：", self.text_scale_box)
        _add_row(form, "主题(&T)：", self.theme_box)

        self.study_group = QGroupBox("记忆卡片（当前学员）")
        form = QFormLayout(self.study_group)
        _add_row(form, "每日新卡片(&N)：", self.new_limit_box)
        _add_row(form, "目标记忆保持率(&R)：", self.retention_box)
        form.addRow(self.learner_note)

        quiz = QGroupBox("测验默认值")
        form = QFormLayout(quiz)
        _add_row(form, "题目数量(&C)：", self.count_box)
        _add_row(form, "限时(&I)：", self.time_limit_box)
        _add_row(form, "及格线(&P)：", self.pass_mark_box)

        content = QWidget()
        column = QVBoxLayout(content)
        set_page_margins(column)
        column.addWidget(page_title("设置"))
        hint = QLabel("修改后立即生效。")
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        column.addWidget(hint)
        for group in (appearance, self.study_group, quiz):
            column.addWidget(group)
        column.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll_area(content))

        self.text_scale_box.currentIndexChanged.connect(self._appearance_edited)
        self.theme_box.currentIndexChanged.connect(self._appearance_edited)
        self.new_limit_box.valueChanged.connect(self._learner_edited)
        self.retention_box.valueChanged.connect(self._learner_edited)
        for box, key in (
            (self.count_box, QUIZ_COUNT_KEY),
            (self.time_limit_box, QUIZ_TIME_LIMIT_KEY),
            (self.pass_mark_box, QUIZ_PASS_MARK_KEY),
        ):
            box.valueChanged.connect(lambda value, key=key: self._quiz_edited(key, value))
        ctx.events.learner_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Show the stored values and the current learner's settings."""
        self._loading = True
        try:
            settings = self.ctx.settings
            self.text_scale_box.setCurrentIndex(max(0, self.text_scale_box.findData(text_scale(settings))))
            self.theme_box.setCurrentIndex(max(0, self.theme_box.findData(theme(settings).value)))
            defaults = quiz_defaults(settings)
            self.count_box.setValue(defaults.count)
            self.time_limit_box.setValue(defaults.time_limit_min)
            self.pass_mark_box.setValue(defaults.pass_mark)
            self._load_learner()
        finally:
            self._loading = False

    def _load_learner(self) -> None:
        learner_id = self.ctx.learner_id
        if learner_id is None:
            self.new_limit_box.setEnabled(False)
            self.retention_box.setEnabled(False)
            self.learner_note.setText("请先选择或创建学员。")
            return
        from study import get_learner

        learner = self.ctx.ops.read_now(lambda s: get_learner(s, learner_id))
        self.new_limit_box.setEnabled(True)
        self.retention_box.setEnabled(True)
        self.new_limit_box.setValue(learner.daily_new_limit)
        self.retention_box.setValue(round(learner.desired_retention * 100))
        self.learner_note.setText(
            f"只对学员“{learner.name}”有效。保持率越高，复习越频繁；一般取90%。"
        )

    def _appearance_edited(self) -> None:
        if self._loading:
            return
        self.ctx.settings.setValue(TEXT_SCALE_KEY, int(self.text_scale_box.currentData()))
        self.ctx.settings.setValue(THEME_KEY, str(self.theme_box.currentData()))
        self.ctx.settings.sync()
        self.ctx.events.appearance_changed.emit()

    def _learner_edited(self) -> None:
        if self._loading or self.ctx.learner_id is None:
            return
        from study import update_learner_settings

        learner_id, new_limit, retention = self.ctx.learner_id, self.new_limit_box.value(), self.retention_box.value() / 100
        self.ctx.ops.write_now(
            lambda s: update_learner_settings(s, learner_id, daily_new_limit=new_limit, desired_retention=retention),
            changes=Change.SETTINGS, parent=self, error_title="设置未保存")

    def on_changed(self, changes: Change) -> None:
        """A renamed learner changes the note under the learner's settings (its own edits need no redraw)."""
        if changes & Change.LEARNER and self.isVisible():
            self.refresh()

    def suspend(self) -> None:
        """Nothing runs in the background here."""

    def _quiz_edited(self, key: str, value: int) -> None:
        if self._loading:
            return
        self.ctx.settings.setValue(key, value)
        self.ctx.settings.sync()


def _spin(value_range: tuple[int, int], *, suffix: str) -> QSpinBox:
    """A spin box over a range, with a unit suffix."""
    box = QSpinBox()
    box.setRange(*value_range)
    box.setSuffix(suffix)
    box.setAccelerated(True)
    box.setKeyboardTracking(False)  # typing "25" stores 25, not 2 then 25
    return box


def _add_row(form: QFormLayout, text: str, field: QWidget) -> None:
    """A labelled row whose mnemonic (Alt+letter) moves the focus to the field."""
    label = QLabel(text)
    label.setBuddy(field)
    form.addRow(label, field)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
