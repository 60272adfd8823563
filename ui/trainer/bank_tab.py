"""The 题库 tab: browse, filter and search questions and flashcards; edit, disable, approve, add by hand."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from question_bank.bank import list_documents, list_topics
from question_bank.drafts import QuestionType
from trainer.bank_editor import (
    ORIGIN_LABELS,
    STATUS_LABELS,
    EditableQuestion,
    FlashcardListItem,
    QuestionListItem,
    question_for_editing,
    save_flashcard,
    save_question,
    search_flashcards,
    search_questions,
    set_question_status,
)
from ui.context import UiContext
from ui.operations import Change, tell_user_error
from ui.theme import feedback_style
from ui.item_models import Column, RowTableModel

ANSWER_HINTS = {
    QuestionType.SINGLE: "一个字母，如 A",
    QuestionType.MULTIPLE: "两个以上字母，如 A,C",
    QuestionType.JUDGE: "正确 或 错误",
    QuestionType.BLANK: "同一空的答法用 ; 分隔，多个空用 | 分隔",
    QuestionType.ORDER: "按正确顺序写字母，如 CAB",
    QuestionType.MATCH: "留空（每行选项写成 左项=右项）",
}


def _type_of(value: object) -> QuestionType | None:
    """A type from a combo box's data (Qt hands enums back as plain strings)."""
    return QuestionType(str(value)) if value else None


def question_model(parent: QWidget | None = None) -> RowTableModel[QuestionListItem]:
    """The question list: 编号, 专题, 题型, 题干, 答案, 状态, 来源."""
    columns: list[Column[QuestionListItem]] = [
        Column("编号", lambda q: str(q.id), align_right=True),
        Column("专题", lambda q: q.topic_title),
        Column("题型", lambda q: q.type.label),
        Column("题干", lambda q: q.stem),
        Column("答案", lambda q: q.answer_text),
        Column("状态", lambda q: STATUS_LABELS.get(q.status, q.status)),
        Column("来源", lambda q: ORIGIN_LABELS.get(q.origin, q.origin) + ("（已修改）" if q.edited else "")),
    ]
    return RowTableModel(columns, lambda q: q.id, parent)


def flashcard_model(parent: QWidget | None = None) -> RowTableModel[FlashcardListItem]:
    """The flashcard list: 编号, 专题, 正面, 背面, 状态."""
    columns: list[Column[FlashcardListItem]] = [
        Column("编号", lambda c: str(c.id), align_right=True),
        Column("专题", lambda c: c.topic_title),
        Column("正面", lambda c: c.front),
        Column("背面", lambda c: c.back),
        Column("状态", lambda c: STATUS_LABELS.get(c.status, c.status) + ("（已修改）" if c.edited else "")),
    ]
    return RowTableModel(columns, lambda c: c.id, parent)


class BankEditorTab(QWidget):
    """Filters and a table on the left, the editor of the selected item on the right."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._editing_id: int | None = None
        self._editing_card: int | None = None
        self._editing_card_status = "active"  # kept with the id: the card may be filtered out of the list before 保存

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
        self.count_label = QLabel()

        self.questions = question_model(self)
        self.cards = flashcard_model(self)
        self.table = QTableView()
        self.table.setModel(self.questions)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self._configure_columns()

        filters = QVBoxLayout()
        row1 = QHBoxLayout()
        row1.addWidget(self.kind)
        row1.addWidget(self.document, 2)
        row1.addWidget(self.topic, 2)
        row2 = QHBoxLayout()
        row2.addWidget(self.question_type)
        row2.addWidget(self.status)
        row2.addWidget(self.search, 2)
        filters.addLayout(row1)
        filters.addLayout(row2)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.table, 1)
        actions = QHBoxLayout()
        self.disable_button = QPushButton("停用所选(&D)")
        self.approve_button = QPushButton("审核通过(&A)")
        self.enable_button = QPushButton("恢复可用")
        self.new_button = QPushButton("新增题目(&N)")
        for button in (self.disable_button, self.approve_button, self.enable_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.count_label)
        actions.addWidget(self.new_button)
        left_layout.addLayout(actions)

        self.editor = self._build_editor()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.editor)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.kind.currentIndexChanged.connect(self._on_kind_changed)
        self.document.currentIndexChanged.connect(self._on_document_changed)
        for combo in (self.topic, self.question_type, self.status):
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.search.textChanged.connect(lambda _t: self.reload())
        self.table.selectionModel().currentRowChanged.connect(lambda current, _prev: self._load_row(current.row()))
        self.disable_button.clicked.connect(lambda: self.set_status("disabled"))
        self.approve_button.clicked.connect(lambda: self.set_status("approved"))
        self.enable_button.clicked.connect(lambda: self.set_status("active"))
        self.new_button.clicked.connect(self.new_question)
        self.refresh()

    # ----- building ------------------------------------------------------------------------------
    def _configure_columns(self) -> None:
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        model = self.table.model()
        cards = model is self.cards
        stretch = 2 if cards else 3
        unit = self.fontMetrics().horizontalAdvance("汉")
        fixed = {1: 9 * unit, 3: 12 * unit} if cards else {1: 9 * unit, 4: 8 * unit}
        for column in range(model.columnCount()):
            if column == stretch:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
            elif column in fixed:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
                header.resizeSection(column, fixed[column])
            else:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

    def _build_editor(self) -> QWidget:
        box = QWidget()
        form = QFormLayout(box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.editor_title = QLabel("选择左侧的题目进行修改，或点“新增题目”。")
        self.editor_title.setWordWrap(True)
        self.edit_topic = QComboBox()
        self.edit_type = QComboBox()
        for qtype in QuestionType:
            self.edit_type.addItem(qtype.label, qtype.value)
        self.edit_stem = QPlainTextEdit()
        self.edit_stem.setTabChangesFocus(True)
        self.edit_options = QPlainTextEdit()
        self.edit_options.setTabChangesFocus(True)
        self.edit_options.setPlaceholderText("每行一个选项，依次为A、B、C……")
        self.edit_answer = QLineEdit()
        self.edit_explanation = QPlainTextEdit()
        self.edit_explanation.setTabChangesFocus(True)
        self.edit_difficulty = QSpinBox()
        self.edit_difficulty.setRange(1, 3)
        self.edit_difficulty.setValue(2)
        self.editor_message = QLabel()
        self.editor_message.setWordWrap(True)
        self.save_button = QPushButton("保存(&S)")
        self.save_button.clicked.connect(self.save_current)
        self.edit_type.currentIndexChanged.connect(self._update_answer_hint)
        form.addRow(self.editor_title)
        form.addRow("专题：", self.edit_topic)
        form.addRow("题型：", self.edit_type)
        form.addRow("题干：", self.edit_stem)
        form.addRow("选项：", self.edit_options)
        form.addRow("答案：", self.edit_answer)
        form.addRow("解析：", self.edit_explanation)
        form.addRow("难度：", self.edit_difficulty)
        form.addRow(self.editor_message)
        form.addRow(self.save_button)
        self._update_answer_hint()
        self._set_editor_enabled(False)
        return box

    def _set_editor_enabled(self, enabled: bool) -> None:
        for widget in (self.edit_topic, self.edit_type, self.edit_stem, self.edit_options, self.edit_answer,
                       self.edit_explanation, self.edit_difficulty, self.save_button):
            widget.setEnabled(enabled)

    def _update_answer_hint(self) -> None:
        value = self.edit_type.currentData()
        self.edit_answer.setPlaceholderText(ANSWER_HINTS.get(QuestionType(value), "") if value else "")

    @property
    def showing_cards(self) -> bool:
        """Whether the table lists flashcards instead of questions."""
        return bool(self.kind.currentData() == "flashcards")

    # ----- loading -------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload documents and topics, then the list."""
        documents = self.ctx.ops.read_now(list_documents)
        current = self.document.currentData()
        self.document.blockSignals(True)
        self.document.clear()
        self.document.addItem("全部资料", None)
        for document in documents:
            self.document.addItem(document.title, int(document.id))
        index = self.document.findData(current)
        self.document.setCurrentIndex(max(0, index))
        self.document.blockSignals(False)
        self._load_topics()
        self.reload()

    def _load_topics(self) -> None:
        document_id = self.document.currentData()
        topics, all_topics = self.ctx.ops.read_now(lambda s: (list_topics(s, document_id), list_topics(s)))
        self.topic.blockSignals(True)
        self.topic.clear()
        self.topic.addItem("全部专题", None)
        for topic in topics:
            self.topic.addItem(topic.title, int(topic.id))
        self.topic.blockSignals(False)
        self.edit_topic.clear()
        for topic in all_topics:
            self.edit_topic.addItem(topic.title, int(topic.id))

    def _on_document_changed(self) -> None:
        self._load_topics()
        self.reload()

    def _on_kind_changed(self) -> None:
        cards = self.showing_cards
        self.question_type.setEnabled(not cards)
        self.status.setEnabled(not cards)
        self.new_button.setEnabled(not cards)
        self.approve_button.setEnabled(not cards)
        self.table.setModel(self.cards if cards else self.questions)
        self.table.selectionModel().currentRowChanged.connect(lambda current, _prev: self._load_row(current.row()))
        self._configure_columns()
        self.reload()

    def reload(self) -> None:
        """Run the search with the current filters."""
        document_id, topic_id, text = self.document.currentData(), self.topic.currentData(), self.search.text()
        if self.showing_cards:
            cards = self.ctx.ops.read_now(lambda s: search_flashcards(s, topic_id=topic_id, text=text))
            if document_id is not None:
                allowed = {self.topic.itemData(i) for i in range(1, self.topic.count())}
                cards = [c for c in cards if c.topic_id in allowed]
            self.cards.set_rows(cards)
            self.count_label.setText(f"共{len(cards)}张")
        else:
            question_type, status = _type_of(self.question_type.currentData()), self.status.currentData()
            rows = self.ctx.ops.read_now(lambda s: search_questions(
                s, document_id=document_id, topic_id=topic_id, question_type=question_type, status=status, text=text))
            self.questions.set_rows(rows)
            self.count_label.setText(f"共{len(rows)}题")

    def _load_row(self, row: int) -> None:
        self.editor_message.clear()
        if row < 0:
            return
        if self.showing_cards:
            card = self.cards.row_at(row)
            self._editing_card, self._editing_id = card.id, None
            self._editing_card_status = card.status
            self.editor_title.setText(f"知识卡片 {card.id}（{card.topic_title}）")
            self.edit_stem.setPlainText(card.front)
            self.edit_explanation.setPlainText(card.back)
            self._set_editor_enabled(True)
            for widget in (self.edit_topic, self.edit_type, self.edit_options, self.edit_answer, self.edit_difficulty):
                widget.setEnabled(False)
            return
        item = self.questions.row_at(row)
        edit = self.ctx.ops.read_now(lambda s: question_for_editing(s, item.id))
        self._show_question(edit, f"题目 {item.id}（{item.topic_title}，{STATUS_LABELS.get(item.status, item.status)}）")

    def _show_question(self, edit: EditableQuestion, title: str) -> None:
        self._editing_id, self._editing_card = edit.id, None
        self.editor_title.setText(title)
        self.edit_topic.setCurrentIndex(max(0, self.edit_topic.findData(edit.topic_id)))
        self.edit_type.setCurrentIndex(self.edit_type.findData(edit.type.value))
        self.edit_stem.setPlainText(edit.stem)
        self.edit_options.setPlainText("\n".join(edit.option_cells))
        self.edit_answer.setText(edit.answer_cell)
        self.edit_explanation.setPlainText(edit.explanation)
        self.edit_difficulty.setValue(edit.difficulty)
        self._set_editor_enabled(True)

    # ----- actions -------------------------------------------------------------------------------
    def selected_question_ids(self) -> list[int]:
        """Ids of the selected questions, in list order (for fixed papers)."""
        if self.showing_cards:
            return []
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.questions.row_at(r).id for r in rows]

    def select_rows(self, rows: list[int]) -> None:
        """Select rows of the table (keyboard users and tests)."""
        selection = self.table.selectionModel()
        selection.clearSelection()
        for row in rows:
            selection.select(
                self.table.model().index(row, 0),
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
            )
        if rows:
            selection.setCurrentIndex(self.table.model().index(rows[0], 0), QItemSelectionModel.SelectionFlag.NoUpdate)
            self._load_row(rows[0])

    def new_question(self) -> None:
        """Start a new question in the chosen topic."""
        topic_id = self.topic.currentData() or self.edit_topic.currentData()
        if topic_id is None:
            return
        self.table.clearSelection()
        blank = EditableQuestion(id=None, topic_id=topic_id, type=QuestionType.SINGLE, stem="", option_cells=(),
                                 answer_cell="", explanation="", difficulty=2)
        self._show_question(blank, "新增题目：填写后点“保存”。")
        self.edit_stem.setFocus()

    def current_edit(self) -> EditableQuestion:
        """The editor's fields as cells."""
        options = tuple(line.strip() for line in self.edit_options.toPlainText().splitlines() if line.strip())
        return EditableQuestion(
            id=self._editing_id, topic_id=self.edit_topic.currentData(), type=QuestionType(self.edit_type.currentData()),
            stem=self.edit_stem.toPlainText().strip(), option_cells=options, answer_cell=self.edit_answer.text().strip(),
            explanation=self.edit_explanation.toPlainText().strip(), difficulty=self.edit_difficulty.value(),
        )

    def save_current(self) -> bool:
        """Save the editor (same checks as an Excel import); the message says what happened."""
        now = self.ctx.clock()
        card_id, status = self._editing_card, self._editing_card_status
        front, back = self.edit_stem.toPlainText(), self.edit_explanation.toPlainText()
        edit = self.current_edit() if card_id is None else None

        def save(session: Session) -> int:
            if edit is not None:
                return save_question(session, edit, now=now)
            assert card_id is not None
            save_flashcard(session, card_id, front=front, back=back, status=status, now=now)
            return card_id

        def refused(text: str) -> None:
            self.editor_message.setStyleSheet(feedback_style(ok=False))
            self.editor_message.setText(f"未保存：{text}")

        done = self.ctx.ops.write_now(save, changes=Change.BANK, on_error=tell_user_error(refused))
        if done is None:
            return False
        saved = done.value
        self.editor_message.setStyleSheet(feedback_style(ok=True))
        self.editor_message.setText("已保存。重新生成题库时会保留这次修改。")
        self._editing_id = saved if self._editing_card is None else None
        self.reload()
        return True

    def set_status(self, status: str) -> None:
        """Disable, approve or re-enable the selected questions (or flashcards)."""
        now = self.ctx.clock()
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        cards = [self.cards.row_at(r) for r in rows] if self.showing_cards else None
        question_ids = self.selected_question_ids()
        card_status = "disabled" if status == "disabled" else "active"

        def apply(session: Session) -> int:
            if cards is None:
                return set_question_status(session, question_ids, status, now=now)
            for card in cards:
                save_flashcard(session, card.id, front=card.front, back=card.back, status=card_status, now=now)
            return len(cards)

        done = self.ctx.ops.write_now(apply, changes=Change.BANK, parent=self, error_title="未能修改状态")
        if done is not None and done.value:
            self.editor_message.setStyleSheet("")
            self.editor_message.setText(f"已将{done.value}项设为“{STATUS_LABELS[status]}”。")
            self.reload()
