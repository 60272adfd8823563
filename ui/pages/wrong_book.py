"""错题本 page: the learner's wrong answers by topic, with practice of all, one topic, or the selected ones."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from question_bank.answer_shapes import OPTION_LETTERS
from question_bank.drafts import QuestionType
from study import QuizMode, QuizSpec, WrongBookEntry
from study.wrong_answers import wrong_book
from ui.context import UiContext
from ui.item_models import ID_ROLE, wrong_book_model
from ui.operations import Change
from ui.widgets.labels import ScaledLabel, page_title

ALL_TOPICS = -1
MAX_PRACTICE = 50
LETTERS = OPTION_LETTERS


def entry_detail(entry: WrongBookEntry) -> str:
    """One entry in full: the stem, the options as the learner last saw them, their answer and the right one."""
    lines = [f"【{entry.type.label}】{entry.stem}"]  # not “填空题：填空：…”
    if entry.type is not QuestionType.MATCH:  # a match question's left items are in both answers already
        lines += [f"{LETTERS[i]}．{option}" for i, option in enumerate(entry.options)]
    if entry.learner_answer_text:
        lines.append(f"你的答案：{entry.learner_answer_text}")
    lines.append(f"正确答案：{entry.correct_answer_text}")
    return "\n".join(lines)


class WrongBookPage(QWidget):
    """Lists open wrong answers; practice buttons emit `quiz_requested(spec)`."""

    title = "错题本"

    quiz_requested = Signal(object)  # QuizSpec

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        ctx.events.changed.connect(self.on_changed)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(page_title("错题本"))
        top.addStretch(1)
        topic_label = QLabel("专题(&T)：")
        self.topic_box = QComboBox()
        self.topic_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        topic_label.setBuddy(self.topic_box)
        top.addWidget(topic_label)
        top.addWidget(self.topic_box)
        layout.addLayout(top)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.summary_label)

        self.stack = QStackedWidget()
        self.model = wrong_book_model(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setTabKeyNavigation(False)  # Tab leaves the table (arrows move inside it)
        self.view.verticalHeader().setVisible(False)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)  # the whole text is in the tooltip
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.view.setAccessibleName("错题列表")
        self.stack.addWidget(self.view)
        self.empty_label = ScaledLabel("错题本是空的。\n测验中答错的题会记在这里，之后连续答对两次就会移出。", scale=1.2)
        self.stack.addWidget(self.empty_label)
        layout.addWidget(self.stack, 1)
        self.detail_label = QLabel()
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextFormat(Qt.TextFormat.PlainText)  # the bank's text, never markup
        self.detail_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.detail_label)
        self.view.selectionModel().currentRowChanged.connect(lambda current, _previous: self._show_detail(current.row()))

        buttons = QHBoxLayout()
        self.practice_all_button = QPushButton("练习全部错题(&A)")
        self.practice_topic_button = QPushButton("练习本专题错题(&P)")
        self.practice_selected_button = QPushButton("练习选中的题(&S)")
        self.practice_all_button.clicked.connect(lambda: self._emit(self.all_spec()))
        self.practice_topic_button.clicked.connect(lambda: self._emit(self.topic_spec()))
        self.practice_selected_button.clicked.connect(lambda: self._emit(self.selected_spec()))
        for button in (self.practice_all_button, self.practice_topic_button, self.practice_selected_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.topic_box.activated.connect(lambda _index: self._load_entries())
        self.total = 0

    def refresh(self) -> None:
        """Reload the wrong-answer book and its topics."""
        entries = self._entries(None)
        self.total = len(entries)
        current = self.topic_box.currentData()
        topics = dict.fromkeys((int(e.topic_id), e.topic_title) for e in entries)
        self.topic_box.clear()
        self.topic_box.addItem(f"全部专题（{self.total}）", ALL_TOPICS)
        for topic_id, title in topics:
            count = sum(1 for e in entries if e.topic_id == topic_id)
            self.topic_box.addItem(f"{title}（{count}）", topic_id)
        self.topic_box.setCurrentIndex(max(self.topic_box.findData(current), 0))
        self._load_entries()

    def _entries(self, topic_id: int | None) -> list:  # type: ignore[type-arg]
        if self.ctx.learner_id is None:
            return []
        learner_id, topic_ids = self.ctx.learner_id, None if topic_id is None else [topic_id]
        return self.ctx.ops.read_now(lambda s: wrong_book(s, learner_id=learner_id, topic_ids=topic_ids))

    def on_changed(self, changes: Change) -> None:
        """Answers and submitted attempts add to (or clear) the wrong-answer book."""
        if changes & (Change.STUDY | Change.BANK) and self.isVisible():
            self.refresh()

    def suspend(self) -> None:
        """Nothing runs in the background here."""

    def selected_topic(self) -> int | None:
        """The topic filter (None = all topics)."""
        data = self.topic_box.currentData()
        return None if data in (None, ALL_TOPICS) else int(data)

    def _load_entries(self) -> None:
        entries = self._entries(self.selected_topic())
        self.model.set_rows(entries)
        self.stack.setCurrentWidget(self.view if entries else self.empty_label)
        self.summary_label.setText(
            f"共 {self.total} 道错题。答错的题会记入错题本；之后连续答对两次即移出。" if self.total else ""
        )
        self.practice_all_button.setEnabled(self.total > 0)
        self.practice_topic_button.setEnabled(bool(entries) and self.selected_topic() is not None)
        self.practice_selected_button.setEnabled(bool(entries))
        if entries:
            self.view.selectRow(0)
        self._show_detail(0 if entries else -1)

    def _show_detail(self, row: int) -> None:
        """The selected entry in full (the table elides long stems)."""
        if not 0 <= row < self.model.rowCount():
            self.detail_label.clear()
            return
        self.detail_label.setText(entry_detail(self.model.row_at(row)))

    def all_spec(self) -> QuizSpec:
        """Practice every open wrong answer (up to MAX_PRACTICE)."""
        return QuizSpec(from_wrong_book=True, count=min(max(self.total, 1), MAX_PRACTICE), mode=QuizMode.PRACTICE)

    def topic_spec(self) -> QuizSpec | None:
        """Practice the wrong answers of the chosen topic."""
        topic_id = self.selected_topic()
        if topic_id is None:
            return None
        return QuizSpec(topic_ids=(topic_id,), from_wrong_book=True, count=MAX_PRACTICE, mode=QuizMode.PRACTICE)

    def selected_spec(self) -> QuizSpec | None:
        """Practice the selected rows."""
        rows = sorted({index.row() for index in self.view.selectionModel().selectedRows()})
        ids = tuple(int(self.model.index(row, 0).data(ID_ROLE)) for row in rows)
        if not ids:
            return None
        return QuizSpec(question_ids=ids, count=len(ids), mode=QuizMode.PRACTICE)

    def _emit(self, spec: QuizSpec | None) -> None:
        if spec is not None:
            self.quiz_requested.emit(spec)
