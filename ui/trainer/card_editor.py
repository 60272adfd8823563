"""The 题库 tab's flashcard form: front and back of one card, with the status it keeps when saved."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QFormLayout, QPlainTextEdit, QWidget

from trainer.bank_editor import FlashcardListItem


@dataclass(frozen=True)
class CardEdit:
    """A card as the form holds it: its id, texts, and the status it had when chosen."""

    id: int
    front: str
    back: str
    status: str


class CardEditor(QWidget):
    """Shows one flashcard; the card is kept with its status, so it saves even if the list no longer shows it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._card: FlashcardListItem | None = None
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.front = QPlainTextEdit()
        self.front.setTabChangesFocus(True)
        self.back = QPlainTextEdit()
        self.back.setTabChangesFocus(True)
        form.addRow("正面：", self.front)
        form.addRow("背面：", self.back)

    def show_card(self, card: FlashcardListItem) -> None:
        """Fill the form from a listed card."""
        self._card = card
        self.front.setPlainText(card.front)
        self.back.setPlainText(card.back)

    def current_edit(self) -> CardEdit | None:
        """The card being edited with the form's texts (None before a card was chosen)."""
        if self._card is None:
            return None
        return CardEdit(id=self._card.id, front=self.front.toPlainText(), back=self.back.toPlainText(),
                        status=self._card.status)
