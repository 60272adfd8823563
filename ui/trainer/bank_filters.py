"""The 题库 tab's filter bar: questions or flashcards, by document, topic, type and status, and a search."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from question_bank.drafts import Document, QuestionType, Topic
from trainer.bank_editor import STATUS_LABELS


@dataclass(frozen=True)
class BankFilter:
    """What the list should show: the search the tab runs."""

    cards: bool
    document_id: int | None
    topic_id: int | None
    topic_ids_of_document: frozenset[int]
    question_type: QuestionType | None
    status: str | None
    text: str


def _type_of(value: object) -> QuestionType | None:
    """A type from a combo box's data (Qt hands enums back as plain strings)."""
    return QuestionType(str(value)) if value else None


class BankFilters(QWidget):
    """Two rows of filters; `changed` fires when the search must run again, `document_changed` first if topics must reload."""

    kind_changed = Signal()  # questions <-> flashcards
    document_changed = Signal()  # the topic list depends on the document
    changed = Signal()  # any other filter or the search text

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = QComboBox()
        self.kind.addItem("题目", "questions")
        self.kind.addItem("知识卡片", "flashcards")
        self.document = QComboBox()
        self.topic = QComboBox()
        self.question_type = QComboBox()
        self.question_type.addItem("全部题型", None)
        for qtype in QuestionType:
            self.question_type.addItem(qtype.label, qtype.value)
        self.status = QComboBox()
        self.status.addItem("全部状态", None)
        for key, label in STATUS_LABELS.items():
            self.status.addItem(label, key)
        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索题干、答案、解析……")
        self.search.setClearButtonEnabled(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row1 = QHBoxLayout()
        row1.addWidget(self.kind)
        row1.addWidget(self.document, 2)
        row1.addWidget(self.topic, 2)
        row2 = QHBoxLayout()
        row2.addWidget(self.question_type)
        row2.addWidget(self.status)
        row2.addWidget(self.search, 2)
        layout.addLayout(row1)
        layout.addLayout(row2)

        self.kind.currentIndexChanged.connect(self._on_kind_changed)
        self.document.currentIndexChanged.connect(lambda _i: self.document_changed.emit())
        for combo in (self.topic, self.question_type, self.status):
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.search.textChanged.connect(lambda _t: self.changed.emit())

    @property
    def showing_cards(self) -> bool:
        """Whether the list shows flashcards instead of questions."""
        return bool(self.kind.currentData() == "flashcards")

    def _on_kind_changed(self) -> None:
        cards = self.showing_cards
        self.question_type.setEnabled(not cards)
        self.status.setEnabled(not cards)
        self.kind_changed.emit()

    def set_documents(self, documents: Sequence[Document]) -> None:
        """Fill the document box (keeping the choice) without firing a search."""
        current = self.document.currentData()
        self.document.blockSignals(True)
        self.document.clear()
        self.document.addItem("全部资料", None)
        for document in documents:
            self.document.addItem(document.title, int(document.id))
        self.document.setCurrentIndex(max(0, self.document.findData(current)))
        self.document.blockSignals(False)

    def set_topics(self, topics: Sequence[Topic]) -> None:
        """Fill the topic box with the chosen document's topics without firing a search."""
        self.topic.blockSignals(True)
        self.topic.clear()
        self.topic.addItem("全部专题", None)
        for topic in topics:
            self.topic.addItem(topic.title, int(topic.id))
        self.topic.blockSignals(False)

    def current(self) -> BankFilter:
        """The filters as they stand."""
        return BankFilter(
            cards=self.showing_cards, document_id=self.document.currentData(), topic_id=self.topic.currentData(),
            topic_ids_of_document=frozenset(self.topic.itemData(i) for i in range(1, self.topic.count())),
            question_type=_type_of(self.question_type.currentData()), status=self.status.currentData(),
            text=self.search.text(),
        )
