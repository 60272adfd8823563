"""One answer input per question type; each speaks the display-order answer format of QuizQuestionView.

Options are full-width rows whose text wraps (nothing is cut at 200% text); after practice feedback
each input marks in place which options, blanks or pairs were right (`show_feedback`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QMouseEvent, QShortcutEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from question_bank.answer_shapes import OPTION_LETTERS
from question_bank.drafts import QuestionType
from study import AnswerResult, QuizQuestionView
from ui.widgets.labels import set_text_colour

LETTERS = OPTION_LETTERS[:8]  # an option row per key A-H
UNCHOSEN = "（请选择）"
RIGHT_COLOUR = "#1b7f3b"  # the same green and red as the verdicts (ui/theme.py), readable in both themes
WRONG_COLOUR = "#b3261e"
MARK_RIGHT = "✓ 正确"
MARK_CHOSEN_RIGHT = "✓ 你的选择，正确"
MARK_CHOSEN_WRONG = "✗ 你的选择，错误"
MARK_MISSED = "✓ 正确答案"


def option_text(index: int, text: str) -> str:
    """“A. 文本”: an option with its letter (plain text)."""
    return f"{LETTERS[index] if index < len(LETTERS) else index + 1}. {text}"


def _mark_label() -> QLabel:
    label = QLabel()
    label.setObjectName("answerMark")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.hide()
    return label


def _set_mark(label: QLabel, text: str, *, right: bool) -> None:
    label.setText(text)
    label.setProperty("right", right)
    set_text_colour(label, RIGHT_COLOUR if right else WRONG_COLOUR)
    label.show()


def _repolish(widget: QWidget) -> None:
    """Re-apply the style sheet after a dynamic property changed (chosen, mark)."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class AnswerInput(QWidget):
    """Base: `answer()` in display terms (None = not answered), `set_answer`, `choose(i)` for A-H / 1-8."""

    changed = Signal()  # the learner changed the answer on screen
    settled = Signal()  # a change is complete (a click, a move, a choice, a field left): it can be stored
    chosen = Signal()  # a one-click choice (single, judge): commit at once, even in practice

    def answer(self) -> Any:
        raise NotImplementedError

    def set_answer(self, answer: Any) -> None:
        raise NotImplementedError

    def choose(self, index: int) -> bool:
        """Pick option `index` from the keyboard; False if this type has no such option."""
        del index
        return False

    def focus_first(self) -> None:
        """Put the keyboard focus on the first input."""
        self.focusNextChild()

    def show_feedback(self, result: AnswerResult) -> None:
        """Mark in place what was right and what the right answer is (practice feedback)."""
        del result

    def marks(self) -> list[str]:
        """The marks shown by `show_feedback`, one per option, blank, pair or row ("" = none)."""
        return []


class _OptionText(QLabel):
    """An option's text beside its button: it wraps, and a click on it clicks the button."""

    def __init__(self, text: str, button: QAbstractButton) -> None:
        super().__init__(text)
        self.setObjectName("optionText")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self._button = button

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        """A click on the text chooses the option, as a click on its button does."""
        if event.button() == Qt.MouseButton.LeftButton and self._button.isEnabled():
            self._button.click()
            self._button.setFocus(Qt.FocusReason.MouseFocusReason)
            return
        super().mousePressEvent(event)


class OptionRow(QFrame):
    """One option as a full-width row: its button, its wrapping text, and a mark after feedback.

    Object names for the style sheet: `answerOption` (the row; dynamic properties `chosen`, `focused` and
    `mark` = "" / "right" / "wrong" / "missed"), `optionText`, `answerMark`. The button itself is a bare
    indicator, so the row draws the focus ring when the button has the keyboard focus.
    """

    def __init__(self, button: QRadioButton | QCheckBox, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("answerOption")
        self.setProperty("chosen", False)
        self.setProperty("focused", False)
        self.setProperty("mark", "")
        self.button = button
        button.installEventFilter(self)
        button.setAccessibleName(text)
        self.text_label = _OptionText(text, button)
        self.mark_label = _mark_label()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.text_label, 1)
        layout.addWidget(self.mark_label, 0, Qt.AlignmentFlag.AlignTop)
        button.toggled.connect(self._on_toggled)

    def _on_toggled(self, checked: bool) -> None:
        self.setProperty("chosen", checked)
        _repolish(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """The button's focus shows as a ring around the whole row."""
        if watched is self.button and event.type() in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
            self.setProperty("focused", event.type() == QEvent.Type.FocusIn)
            _repolish(self)
        return super().eventFilter(watched, event)

    def set_mark(self, mark: str, text: str) -> None:
        """Show a mark: `mark` is "right", "wrong" or "missed" (a right option not chosen)."""
        self.setProperty("mark", mark)
        _set_mark(self.mark_label, text, right=mark != "wrong")
        set_text_colour(self.text_label, RIGHT_COLOUR if mark != "wrong" else WRONG_COLOUR)  # readable though locked
        _repolish(self)


class _ChoiceInput(AnswerInput):
    """Radio buttons or check boxes, one row per option; the option text wraps."""

    def __init__(self, labels: list[str], *, exclusive: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("choiceInput")  # the style sheet draws its options as full-width rows
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.group = QButtonGroup(self)
        self.group.setExclusive(exclusive)
        self.buttons: list[QRadioButton | QCheckBox] = []
        self.rows: list[OptionRow] = []
        for i, label in enumerate(labels):
            button: QRadioButton | QCheckBox = QRadioButton() if exclusive else QCheckBox()
            self.group.addButton(button, i)
            self.buttons.append(button)
            row = OptionRow(button, label, self)
            self.rows.append(row)
            layout.addWidget(row)
            button.clicked.connect(self._on_clicked)
        self._exclusive = exclusive

    def _on_clicked(self) -> None:
        self.changed.emit()
        self.settled.emit()
        if self._exclusive:
            self.chosen.emit()

    def _right_indices(self, result: AnswerResult) -> set[int]:
        value = result.correct_display
        if isinstance(value, bool):
            return {0 if value else 1}
        if isinstance(value, int):
            return {value}
        return {int(v) for v in value or ()}

    def show_feedback(self, result: AnswerResult) -> None:
        """The chosen options marked right or wrong, the right ones not chosen marked as the answer."""
        right = self._right_indices(result)
        for i, row in enumerate(self.rows):
            chosen = self.buttons[i].isChecked()
            if chosen and i in right:
                row.set_mark("right", MARK_CHOSEN_RIGHT)
            elif chosen:
                row.set_mark("wrong", MARK_CHOSEN_WRONG)
            elif i in right:
                row.set_mark("missed", MARK_MISSED)

    def marks(self) -> list[str]:
        return [row.mark_label.text() if row.mark_label.isVisibleTo(row) else "" for row in self.rows]

    def choose(self, index: int) -> bool:
        if not 0 <= index < len(self.buttons):
            return False
        button = self.buttons[index]
        button.setChecked(True if self._exclusive else not button.isChecked())
        button.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self._on_clicked()
        return True

    def focus_first(self) -> None:
        checked = self.group.checkedButton()
        (checked or (self.buttons[0] if self.buttons else self)).setFocus(Qt.FocusReason.OtherFocusReason)


class SingleInput(_ChoiceInput):
    """单选题: an int display index."""

    def __init__(self, view: QuizQuestionView, parent: QWidget | None = None) -> None:
        super().__init__([option_text(i, o) for i, o in enumerate(view.options)], exclusive=True, parent=parent)

    def answer(self) -> Any:
        checked = self.group.checkedId()
        return None if checked < 0 else checked

    def set_answer(self, answer: Any) -> None:
        if isinstance(answer, int) and 0 <= answer < len(self.buttons):
            self.buttons[answer].setChecked(True)


class MultipleInput(_ChoiceInput):
    """多选题: sorted display indices."""

    def __init__(self, view: QuizQuestionView, parent: QWidget | None = None) -> None:
        super().__init__([option_text(i, o) for i, o in enumerate(view.options)], exclusive=False, parent=parent)

    def answer(self) -> Any:
        chosen = [i for i, b in enumerate(self.buttons) if b.isChecked()]
        return chosen or None

    def set_answer(self, answer: Any) -> None:
        wanted = set(answer or [])
        for i, button in enumerate(self.buttons):
            button.setChecked(i in wanted)


class JudgeInput(_ChoiceInput):
    """判断题: True = 正确."""

    def __init__(self, view: QuizQuestionView, parent: QWidget | None = None) -> None:
        del view
        super().__init__(["A. 正确", "B. 错误"], exclusive=True, parent=parent)

    def answer(self) -> Any:
        checked = self.group.checkedId()
        return None if checked < 0 else checked == 0

    def set_answer(self, answer: Any) -> None:
        if isinstance(answer, bool):
            self.buttons[0 if answer else 1].setChecked(True)


class BlankInput(AnswerInput):
    """填空题: one line edit per blank (Chinese input methods work in QLineEdit); list[str]."""

    def __init__(self, view: QuizQuestionView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edits: list[QLineEdit] = []
        self.mark_labels: list[QLabel] = []
        for i in range(max(1, view.blank_count)):
            edit = QLineEdit()
            edit.setAccessibleName(f"第{i + 1}空")
            edit.setPlaceholderText("在此输入答案")
            edit.textEdited.connect(lambda _text: self.changed.emit())
            edit.editingFinished.connect(self.settled.emit)
            self.edits.append(edit)
            label = QLabel(f"第{i + 1}空(&{i + 1})：")
            label.setBuddy(edit)
            mark = _mark_label()
            self.mark_labels.append(mark)
            field = QVBoxLayout()
            field.addWidget(edit)
            field.addWidget(mark)
            layout.addRow(label, field)

    def empty_blanks(self) -> list[int]:
        """The blanks left empty (numbered from 0)."""
        return [i for i, edit in enumerate(self.edits) if not edit.text().strip()]

    def show_feedback(self, result: AnswerResult) -> None:
        """Each blank marked right, or wrong with its accepted answer."""
        accepted = result.correct_display if isinstance(result.correct_display, list) else []
        for i, mark in enumerate(self.mark_labels):
            right = i < len(result.parts_right) and result.parts_right[i]
            variants = accepted[i] if i < len(accepted) else []
            first = variants[0] if isinstance(variants, list) and variants else str(variants or "")
            _set_mark(mark, MARK_RIGHT if right else f"✗ 应填：{first}", right=right)

    def marks(self) -> list[str]:
        return [mark.text() if mark.isVisibleTo(self) else "" for mark in self.mark_labels]

    def answer(self) -> Any:
        texts = [edit.text().strip() for edit in self.edits]
        return texts if any(texts) else None

    def set_answer(self, answer: Any) -> None:
        for edit, text in zip(self.edits, answer or [], strict=False):
            edit.setText(str(text))

    def focus_first(self) -> None:
        empty = next((e for e in self.edits if not e.text()), self.edits[0])
        empty.setFocus(Qt.FocusReason.OtherFocusReason)


class RepeatableButton(QPushButton):
    """A button whose Alt+letter acts at once on every press.

    Qt answers a mnemonic with `animateClick()`, which shows the button down for 100 ms and clicks when
    the time is up; a press within that time restarts the clock, so Alt+D pressed three times quickly
    moved an item once (the presses were merged, not queued).
    """

    def event(self, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Shortcut and isinstance(event, QShortcutEvent) and not event.isAmbiguous():
            if self.isEnabled():
                self.click()
            return True
        return super().event(event)


class OrderInput(AnswerInput):
    """排序题: drag to reorder, or 上移/下移 from the keyboard; the display indices in the chosen sequence."""

    def __init__(self, view: QuizQuestionView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget()
        self.list.setAccessibleName("排序（拖动或用上移、下移按钮调整顺序）")
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.setAlternatingRowColors(True)
        self.list.setWordWrap(True)  # long Chinese items wrap instead of scrolling sideways
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for i, text in enumerate(view.options):
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, i)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.model().rowsMoved.connect(lambda *_args: self._moved())
        layout.addWidget(self.list, 1)
        buttons = QVBoxLayout()
        self.up_button = RepeatableButton("上移(&U)")
        self.down_button = RepeatableButton("下移(&D)")
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(1))
        buttons.addWidget(self.up_button)
        buttons.addWidget(self.down_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.touched = False
        rows = max(len(view.options), 3)
        self.list.setMinimumHeight(self.list.sizeHintForRow(0) * rows * 2 + 2 * self.list.frameWidth() + 4)

    def _moved(self) -> None:
        self.touched = True
        self.changed.emit()
        self.settled.emit()

    def sequence(self) -> list[int]:
        """The display indices in on-screen order."""
        return [int(self.list.item(r).data(Qt.ItemDataRole.UserRole)) for r in range(self.list.count())]

    def move_current(self, step: int) -> None:
        """Move the selected item up (-1) or down (+1)."""
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)
        self._moved()

    def answer(self) -> Any:
        return self.sequence() if self.touched else None

    def mark_as_answer(self) -> None:
        """Take the order on screen as the answer even if nothing was moved (confirm with Enter)."""
        self.touched = True

    def set_answer(self, answer: Any) -> None:
        if not answer:
            return
        items = {int(self.list.item(r).data(Qt.ItemDataRole.UserRole)): r for r in range(self.list.count())}
        taken = {index: self.list.item(row) for index, row in items.items()}
        for _ in range(self.list.count()):
            self.list.takeItem(0)
        for index in answer:
            if index in taken:
                self.list.addItem(taken.pop(index))
        for item in taken.values():
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.touched = True

    def focus_first(self) -> None:
        self.list.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_feedback(self, result: AnswerResult) -> None:
        """Each row marked right where it stands, or with the place it belongs in."""
        correct = [int(v) for v in result.correct_display or ()]
        self._marks = []
        for row in range(self.list.count()):
            item = self.list.item(row)
            index = int(item.data(Qt.ItemDataRole.UserRole))
            right = row < len(correct) and correct[row] == index
            mark = "✓" if right else (f"✗ 应在第{correct.index(index) + 1}位" if index in correct else "✗")
            self._marks.append(mark)
            item.setText(f"{item.text()}　{mark}")
            item.setForeground(QBrush(QColor(RIGHT_COLOUR if right else WRONG_COLOUR)))

    def marks(self) -> list[str]:
        return list(getattr(self, "_marks", []))


class MatchInput(AnswerInput):
    """连线题: a combo box of right items per left item; list[str] aligned with the left items."""

    def __init__(self, view: QuizQuestionView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # A grid, not a form: a form gives the wrapped left items only their narrowest width (two lines
        # of four characters beside a box as wide as the page); here they share the width 2:3.
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setColumnStretch(0, 2)
        layout.setColumnStretch(1, 3)
        self.combos: list[QComboBox] = []
        self.mark_labels: list[QLabel] = []
        for i, left in enumerate(view.options):
            combo = QComboBox()
            combo.addItem(UNCHOSEN, None)
            for right in view.right_items:
                combo.addItem(right, right)
            combo.setAccessibleName(left)
            # a long right-hand item must not widen the page: the box shrinks, its list shows the whole text
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
            combo.currentIndexChanged.connect(self._on_pair_changed)
            self.combos.append(combo)
            label = QLabel(f"{option_text(i, left)} →")
            label.setWordWrap(True)
            label.setBuddy(combo)
            mark = _mark_label()
            self.mark_labels.append(mark)
            field = QVBoxLayout()
            field.addWidget(combo)
            field.addWidget(mark)
            layout.addWidget(label, i, 0)
            layout.addLayout(field, i, 1)

    def _on_pair_changed(self, _index: int) -> None:
        self.changed.emit()
        self.settled.emit()

    def answer(self) -> Any:
        values = [combo.currentData() for combo in self.combos]
        if all(v is None for v in values):
            return None
        return ["" if v is None else str(v) for v in values]

    def set_answer(self, answer: Any) -> None:
        for combo, value in zip(self.combos, answer or [], strict=False):
            index = combo.findData(value)
            combo.setCurrentIndex(max(index, 0))

    def focus_first(self) -> None:
        if self.combos:
            self.combos[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def show_feedback(self, result: AnswerResult) -> None:
        """Each pair marked right, or wrong with the item it belongs to."""
        correct = result.correct_display if isinstance(result.correct_display, list) else []
        for i, mark in enumerate(self.mark_labels):
            right = i < len(result.parts_right) and result.parts_right[i]
            _set_mark(mark, MARK_RIGHT if right else f"✗ 应为：{correct[i] if i < len(correct) else ''}", right=right)

    def marks(self) -> list[str]:
        return [mark.text() if mark.isVisibleTo(self) else "" for mark in self.mark_labels]


INPUTS: dict[QuestionType, Callable[[QuizQuestionView, QWidget | None], AnswerInput]] = {
    QuestionType.SINGLE: SingleInput,
    QuestionType.MULTIPLE: MultipleInput,
    QuestionType.JUDGE: JudgeInput,
    QuestionType.BLANK: BlankInput,
    QuestionType.ORDER: OrderInput,
    QuestionType.MATCH: MatchInput,
}


def make_input(view: QuizQuestionView, parent: QWidget | None = None) -> AnswerInput:
    """The input for a question's type, showing its stored answer."""
    widget = INPUTS[view.type](view, parent)
    if view.answer is not None:
        widget.blockSignals(True)
        widget.set_answer(view.answer)
        widget.blockSignals(False)
    return widget
