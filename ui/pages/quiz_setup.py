"""测验 set-up page: mode, topics, question types, count, time limit and pass mark -> a QuizSpec."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from question_bank.bank import list_topics
from question_bank.drafts import QuestionType
from study import QuizMode, QuizSpec
from ui.context import UiContext
from ui.operations import Change
from ui.item_models import TopicCheckModel
from ui.widgets.labels import page_title, section_title
from ui.widgets.scrolling import scrolling_body

COUNT_KEY = "quiz/default_count"
TIME_LIMIT_KEY = "quiz/default_time_limit_min"
PASS_MARK_KEY = "quiz/default_pass_mark"
MODE_HELP = {
    QuizMode.PRACTICE: "练习：每答一题即显示对错和解析，不限时。",
    QuizMode.TIMED: "限时测验：在规定时间内作答，交卷后统一显示结果。",
    QuizMode.EXAM: "模拟考试：按考试方式组卷、计时，交卷后评定是否及格。",
}


def _setting_int(ctx: UiContext, key: str, default: int, low: int, high: int) -> int:
    try:
        value = int(str(ctx.settings.value(key, default)))
    except (TypeError, ValueError):
        return default
    return max(low, min(high, value))


class QuizSetupPage(QWidget):
    """Builds a QuizSpec from the learner's choices and emits `quiz_requested(spec)`."""

    title = "测验"

    quiz_requested = Signal(object)  # QuizSpec

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        ctx.events.changed.connect(self.on_changed)
        layout = scrolling_body(self)
        layout.addWidget(page_title("测验"))

        columns = QHBoxLayout()
        layout.addLayout(columns, 1)
        left = QVBoxLayout()
        columns.addLayout(left, 1)

        mode_box = QGroupBox("方式")
        mode_layout = QVBoxLayout(mode_box)
        self.mode_group = QButtonGroup(self)
        self.mode_buttons: dict[QuizMode, QRadioButton] = {}
        shortcuts = {QuizMode.PRACTICE: "练习(&P)", QuizMode.TIMED: "限时测验(&T)", QuizMode.EXAM: "模拟考试(&E)"}
        for mode in QuizMode:
            button = QRadioButton(shortcuts[mode])
            self.mode_group.addButton(button)
            self.mode_buttons[mode] = button
            mode_layout.addWidget(button)
            button.toggled.connect(self._on_mode_changed)
        self.mode_help = QLabel()
        self.mode_help.setWordWrap(True)
        mode_layout.addWidget(self.mode_help)
        left.addWidget(mode_box)

        type_box = QGroupBox("题型")
        type_layout = QGridLayout(type_box)
        self.type_boxes: dict[QuestionType, QCheckBox] = {}
        for i, qtype in enumerate(QuestionType):
            box = QCheckBox(qtype.label)
            box.setChecked(True)
            self.type_boxes[qtype] = box
            type_layout.addWidget(box, i // 3, i % 3)
        left.addWidget(type_box)

        numbers = QGroupBox("题量与时间")
        form = QFormLayout(numbers)
        self.count_box = QSpinBox()
        self.count_box.setRange(1, 200)
        self.count_box.setSuffix(" 题")
        self.time_box = QSpinBox()
        self.time_box.setRange(1, 240)
        self.time_box.setSuffix(" 分钟")
        self.pass_box = QSpinBox()
        self.pass_box.setRange(1, 100)
        self.pass_box.setSuffix(" %")
        form.addRow("题目数量(&N)：", self.count_box)
        form.addRow("时间限制(&I)：", self.time_box)
        form.addRow("及格线(&M)：", self.pass_box)
        left.addWidget(numbers)
        left.addStretch(1)

        right = QVBoxLayout()
        columns.addLayout(right, 1)
        right.addWidget(section_title("专题"))
        self.topic_model = TopicCheckModel(self)
        self.topic_view = QListView()
        self.topic_view.setModel(self.topic_model)
        self.topic_view.setAccessibleName("专题（空格键勾选）")
        self.topic_view.setMinimumHeight(self.fontMetrics().height() * 8)
        right.addWidget(self.topic_view, 1)
        topic_buttons = QHBoxLayout()
        all_button = QPushButton("全选(&A)")
        none_button = QPushButton("全不选(&U)")
        all_button.clicked.connect(lambda: self.topic_model.set_all_checked(True))
        none_button.clicked.connect(lambda: self.topic_model.set_all_checked(False))
        topic_buttons.addWidget(all_button)
        topic_buttons.addWidget(none_button)
        topic_buttons.addStretch(1)
        right.addLayout(topic_buttons)

        bottom = QHBoxLayout()
        self.problem_label = QLabel()
        self.problem_label.setWordWrap(True)
        bottom.addWidget(self.problem_label, 1)
        self.start_button = QPushButton("开始测验(&S)")
        self.start_button.setDefault(True)
        self.start_button.setProperty("role", "primary")
        self.start_button.clicked.connect(self.start)
        bottom.addWidget(self.start_button)
        layout.addLayout(bottom)

        self.mode_buttons[QuizMode.PRACTICE].setChecked(True)
        self._load_defaults()

    def _load_defaults(self) -> None:
        self.count_box.setValue(_setting_int(self.ctx, COUNT_KEY, 20, 1, 200))
        self.time_box.setValue(_setting_int(self.ctx, TIME_LIMIT_KEY, 30, 1, 240))
        self.pass_box.setValue(_setting_int(self.ctx, PASS_MARK_KEY, 60, 1, 100))

    def on_changed(self, changes: Change) -> None:
        """New or removed topics change the list."""
        if changes & Change.BANK and self.isVisible():
            self.refresh()

    def suspend(self) -> None:
        """Nothing runs in the background here."""

    def refresh(self) -> None:
        """Reload the topics (keeping the ticks) and the defaults from the settings."""
        topics = self.ctx.ops.read_now(list_topics)
        previous = set(self.topic_model.checked_ids()) if self.topic_model.rowCount() else None
        self.topic_model.set_topics(topics, checked=previous)
        if self.topic_model.rowCount():
            self.topic_view.setCurrentIndex(self.topic_model.index(0))
        self._load_defaults()
        self.problem_label.clear()

    def mode(self) -> QuizMode:
        """The chosen mode."""
        return next((m for m, b in self.mode_buttons.items() if b.isChecked()), QuizMode.PRACTICE)

    def set_mode(self, mode: QuizMode) -> None:
        """Choose a mode."""
        self.mode_buttons[mode].setChecked(True)

    def _on_mode_changed(self) -> None:
        mode = self.mode()
        self.mode_help.setText(MODE_HELP[mode])
        self.time_box.setEnabled(mode is not QuizMode.PRACTICE)

    def spec(self) -> QuizSpec | None:
        """The quiz the form describes, or None (with a message shown) if it cannot be started."""
        topic_ids = self.topic_model.checked_ids()
        types = [t for t, box in self.type_boxes.items() if box.isChecked()]
        if not topic_ids:
            self.problem_label.setText("请至少选择一个专题。")
            return None
        if not types:
            self.problem_label.setText("请至少选择一种题型。")
            return None
        self.problem_label.clear()
        mode = self.mode()
        all_topics = len(topic_ids) == self.topic_model.rowCount()
        return QuizSpec(
            topic_ids=() if all_topics else tuple(topic_ids),
            types=() if len(types) == len(QuestionType) else tuple(types),
            count=self.count_box.value(),
            mode=mode,
            time_limit_s=None if mode is QuizMode.PRACTICE else self.time_box.value() * 60,
            pass_mark=self.pass_box.value() / 100,
        )

    def start(self) -> None:
        """开始测验: emit the spec (the main window starts the attempt and shows it)."""
        spec = self.spec()
        if spec is not None:
            self.quiz_requested.emit(spec)

    def practice_spec(self, topic_ids: list[int]) -> QuizSpec:
        """A practice quiz on some topics (强化练习, the reader's 练习本段) with the default count."""
        return QuizSpec(topic_ids=tuple(topic_ids), count=_setting_int(self.ctx, COUNT_KEY, 20, 1, 200) // 2 or 1,
                        mode=QuizMode.PRACTICE)

