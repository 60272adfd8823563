"""The quiz's answer sheet (答题卡): one button per question, coloured answered / unanswered / flagged."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QScrollArea, QToolButton, QVBoxLayout, QWidget

COLUMNS = 5
STATE_NAMES = {"flagged": "已标记", "answered": "已答", "unanswered": "未答"}


class QuestionPalette(QWidget):
    """Numbered buttons in a grid; clicking one emits `question_chosen(position)`."""

    question_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("答题卡"))
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the numbers, not to a ringless frame
        self.scroll_area = scroll
        grid_holder = QWidget()
        self.grid = QGridLayout(grid_holder)
        self.grid.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        scroll.setWidget(grid_holder)
        layout.addWidget(scroll, 1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        legend = QLabel("绿色：已答\n橙色：已标记\n无底色：未答")  # one a line: a wrap never splits a colour
        legend.setWordWrap(True)
        layout.addWidget(legend)
        self.buttons: list[QToolButton] = []
        self.states: list[str] = []

    def build(self, total: int) -> None:
        """One button per question (sized for the current text size)."""
        for button in self.buttons:
            button.setParent(None)
            button.deleteLater()
        self.buttons = []
        size = self.fontMetrics().horizontalAdvance("000") + 16
        for position in range(total):
            button = QToolButton()
            button.setText(str(position + 1))
            button.setMinimumSize(size, size)
            button.setCheckable(True)
            button.clicked.connect(lambda _checked=False, p=position: self.question_chosen.emit(p))
            self.grid.addWidget(button, position // COLUMNS, position % COLUMNS)
            self.buttons.append(button)
        # The columns set the sheet's width: at 200% text the fifth column was cut off, with no scroll bar.
        margins = self.grid.contentsMargins()
        columns = min(COLUMNS, max(total, 1))
        grid_width = columns * size + (columns - 1) * max(self.grid.horizontalSpacing(), 0) + margins.left() + margins.right()
        bar = self.scroll_area.verticalScrollBar().sizeHint().width()
        self.scroll_area.setMinimumWidth(grid_width + bar + 2 * self.scroll_area.frameWidth())

    def show_states(self, states: Sequence[str], current: int, *, answered: int) -> None:
        """Colour each button by its state (flagged wins over answered); the question on screen is drawn pressed."""
        self.states = list(states)
        for position, (button, state) in enumerate(zip(self.buttons, states, strict=True)):
            if button.property("state") != state:
                button.setProperty("state", state)  # the style sheet colours answered and flagged cells
                button.style().unpolish(button)
                button.style().polish(button)
            button.setChecked(position == current)
            button.setToolTip(f"第{position + 1}题：{STATE_NAMES[state]}")
            button.setAccessibleName(f"第{position + 1}题，{STATE_NAMES[state]}")
        flagged = sum(1 for state in states if state == "flagged")
        self.summary.setText(f"已答 {answered} 题，未答 {len(states) - answered} 题，标记 {flagged} 题")
