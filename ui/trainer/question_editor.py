"""The 题库 tab's question form: topic, type, stem, options, answer, explanation, difficulty, as cells."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from question_bank.drafts import QuestionType, Topic
from trainer.bank_editor import EditableQuestion

ANSWER_HINTS = {
    QuestionType.SINGLE: "一个字母，如 A",
    QuestionType.MULTIPLE: "两个以上字母，如 A,C",
    QuestionType.JUDGE: "正确 或 错误",
    QuestionType.BLANK: "同一空的答法用 ; 分隔，多个空用 | 分隔",
    QuestionType.ORDER: "按正确顺序写字母，如 CAB",
    QuestionType.MATCH: "留空（每行选项写成 左项=右项）",
}


class QuestionEditor(QWidget):
    """Shows an `EditableQuestion` and reads it back; saving (with the import checks) is the tab's job."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editing_id: int | None = None  # None: a new question
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.topic = QComboBox()
        self.type = QComboBox()
        for qtype in QuestionType:
            self.type.addItem(qtype.label, qtype.value)
        self.stem = QPlainTextEdit()
        self.stem.setTabChangesFocus(True)
        self.options = QPlainTextEdit()
        self.options.setTabChangesFocus(True)
        self.options.setPlaceholderText("每行一个选项，依次为A、B、C……")
        self.answer = QLineEdit()
        self.explanation = QPlainTextEdit()
        self.explanation.setTabChangesFocus(True)
        self.difficulty = QSpinBox()
        self.difficulty.setRange(1, 3)
        self.difficulty.setValue(2)
        form.addRow("专题：", self.topic)
        form.addRow("题型：", self.type)
        form.addRow("题干：", self.stem)
        form.addRow("选项：", self.options)
        form.addRow("答案：", self.answer)
        form.addRow("解析：", self.explanation)
        form.addRow("难度：", self.difficulty)
        self.type.currentIndexChanged.connect(self._update_answer_hint)
        self._update_answer_hint()

    def set_topics(self, topics: Sequence[Topic]) -> None:
        """The topics a question may belong to (all of them)."""
        self.topic.clear()
        for topic in topics:
            self.topic.addItem(topic.title, int(topic.id))

    def show_question(self, edit: EditableQuestion) -> None:
        """Fill the form from a question's cells."""
        self.editing_id = edit.id
        self.topic.setCurrentIndex(max(0, self.topic.findData(edit.topic_id)))
        self.type.setCurrentIndex(self.type.findData(edit.type.value))
        self.stem.setPlainText(edit.stem)
        self.options.setPlainText("\n".join(edit.option_cells))
        self.answer.setText(edit.answer_cell)
        self.explanation.setPlainText(edit.explanation)
        self.difficulty.setValue(edit.difficulty)

    def current_edit(self) -> EditableQuestion:
        """The form's fields as cells."""
        options = tuple(line.strip() for line in self.options.toPlainText().splitlines() if line.strip())
        return EditableQuestion(
            id=self.editing_id, topic_id=self.topic.currentData(), type=QuestionType(self.type.currentData()),
            stem=self.stem.toPlainText().strip(), option_cells=options, answer_cell=self.answer.text().strip(),
            explanation=self.explanation.toPlainText().strip(), difficulty=self.difficulty.value(),
        )

    def _update_answer_hint(self) -> None:
        value = self.type.currentData()
        self.answer.setPlaceholderText(ANSWER_HINTS.get(QuestionType(value), "") if value else "")
