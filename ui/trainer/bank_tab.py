"""The 题库 tab: the filter bar and the list on the left, the question or card editor on the right; it runs the ops."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from question_bank.bank import list_documents, list_topics
from question_bank.documents import release_for_review, remove_document, waiting_for_review
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
from ui.item_models import Column, RowTableModel
from ui.operations import Change, tell_user_error
from ui.theme import feedback_style
from ui.trainer.bank_filters import BankFilter, BankFilters
from ui.trainer.card_editor import CardEditor
from ui.trainer.question_editor import QuestionEditor


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


def confirm_remove_document(parent: QWidget, title: str) -> bool:
    """Ask before a document leaves the bank (a module function so tests can answer it)."""
    answer = QMessageBox.question(
        parent, "删除文档",
        f"确定要从题库中删除“{title}”吗？\n\n它的题目和卡片将停止使用（不再出现在测验、试卷和学习中）；"
        "学员已有的作答记录、成绩和进度都会保留。",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


class BankEditorTab(QWidget):
    """Filters and a table on the left, the editor of the selected item on the right."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.filters = BankFilters()
        self.count_label = QLabel()
        self.questions = question_model(self)
        self.cards = flashcard_model(self)
        self.table = QTableView()
        self.table.setModel(self.questions)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table (arrows move inside it)
        self.table.verticalHeader().setVisible(False)
        self._configure_columns()

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filters)
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
        document_actions = QHBoxLayout()
        self.review_label = QLabel()
        self.review_label.setWordWrap(True)
        self.release_button = QPushButton("本文档全部审核通过")
        self.remove_button = QPushButton("删除本文档…")
        document_actions.addWidget(self.review_label, 1)
        document_actions.addWidget(self.release_button)
        document_actions.addWidget(self.remove_button)
        left_layout.addLayout(document_actions)

        self.question_editor = QuestionEditor()
        self.card_editor = CardEditor()
        self.editor_title = QLabel("选择左侧的题目进行修改，或点“新增题目”。")
        self.editor_title.setWordWrap(True)
        self.editors = QStackedWidget()
        self.editors.addWidget(self.question_editor)
        self.editors.addWidget(self.card_editor)
        self.editor_message = QLabel()
        self.editor_message.setWordWrap(True)
        self.save_button = QPushButton("保存(&S)")
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.editor_title)
        right_layout.addWidget(self.editors, 1)
        right_layout.addWidget(self.editor_message)
        right_layout.addWidget(self.save_button)
        self._set_editor_enabled(False)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.filters.kind_changed.connect(self._on_kind_changed)
        self.filters.document_changed.connect(self._on_document_changed)
        self.filters.changed.connect(self.reload)
        self.table.selectionModel().currentRowChanged.connect(lambda current, _prev: self._load_row(current.row()))
        self.save_button.clicked.connect(self.save_current)
        self.disable_button.clicked.connect(lambda: self.set_status("disabled"))
        self.approve_button.clicked.connect(lambda: self.set_status("approved"))
        self.enable_button.clicked.connect(lambda: self.set_status("active"))
        self.new_button.clicked.connect(self.new_question)
        self.release_button.clicked.connect(self.release_document)
        self.remove_button.clicked.connect(self.remove_document)
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

    def _set_editor_enabled(self, enabled: bool) -> None:
        self.editors.setEnabled(enabled)
        self.save_button.setEnabled(enabled)

    @property
    def showing_cards(self) -> bool:
        """Whether the table lists flashcards instead of questions."""
        return self.filters.showing_cards

    # ----- loading -------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload documents and topics, then the list."""
        self.filters.set_documents(self.ctx.ops.read_now(list_documents))
        self._load_topics()
        self.reload()

    def _load_topics(self) -> None:
        document_id = self.filters.document.currentData()
        topics, all_topics = self.ctx.ops.read_now(lambda s: (list_topics(s, document_id), list_topics(s)))
        self.filters.set_topics(topics)
        self.question_editor.set_topics(all_topics)

    def _on_document_changed(self) -> None:
        self._load_topics()
        self.reload()

    def _on_kind_changed(self) -> None:
        cards = self.showing_cards
        self.new_button.setEnabled(not cards)
        self.approve_button.setEnabled(not cards)
        self.table.setModel(self.cards if cards else self.questions)
        self.table.selectionModel().currentRowChanged.connect(lambda current, _prev: self._load_row(current.row()))
        self._configure_columns()
        self.reload()

    def _update_document_actions(self) -> None:
        document_id = self.filters.document.currentData()
        waiting = self.ctx.ops.read_now(lambda s: waiting_for_review(s, document_id=document_id))
        self.review_label.setText(f"{'本文档' if document_id is not None else '题库中'}有{waiting}项待审核，审核通过前学员看不到。"
                                  if waiting else "")
        self.release_button.setEnabled(document_id is not None and waiting > 0)
        self.remove_button.setEnabled(document_id is not None)

    def release_document(self) -> None:
        """本文档全部审核通过: the chosen document's held items become usable."""
        document_id = self.filters.document.currentData()
        if document_id is None:
            return
        now = self.ctx.clock()
        done = self.ctx.ops.write_now(lambda s: release_for_review(s, document_id=document_id, now=now),
                                      changes=Change.BANK, parent=self, error_title="未能审核")
        if done is not None:
            self.editor_message.setStyleSheet(feedback_style(ok=True))
            self.editor_message.setText(f"已审核通过{done.value}项，学员现在可以看到。")
            self.reload()

    def remove_document(self) -> None:
        """删除本文档…: after confirmation its items retire; learners' history stays."""
        document_id = self.filters.document.currentData()
        if document_id is None or not confirm_remove_document(self, self.filters.document.currentText()):
            return
        title, now = self.filters.document.currentText(), self.ctx.clock()
        done = self.ctx.ops.write_now(lambda s: remove_document(s, document_id=document_id, now=now),
                                      changes=Change.BANK, parent=self, error_title="未能删除文档")
        if done is not None:
            self.refresh()
            self.editor_message.setStyleSheet(feedback_style(ok=True))
            self.editor_message.setText(f"已删除“{title}”：{done.value}项题目和卡片停止使用，学员的记录都已保留。")

    def reload(self) -> None:
        """Run the search with the current filters."""
        self._update_document_actions()
        wanted: BankFilter = self.filters.current()
        if wanted.cards:
            cards = self.ctx.ops.read_now(lambda s: search_flashcards(s, topic_id=wanted.topic_id, text=wanted.text))
            if wanted.document_id is not None:
                cards = [c for c in cards if c.topic_id in wanted.topic_ids_of_document]
            self.cards.set_rows(cards)
            self.count_label.setText(f"共{len(cards)}张")
        else:
            rows = self.ctx.ops.read_now(lambda s: search_questions(
                s, document_id=wanted.document_id, topic_id=wanted.topic_id, question_type=wanted.question_type,
                status=wanted.status, text=wanted.text))
            self.questions.set_rows(rows)
            self.count_label.setText(f"共{len(rows)}题")

    def _load_row(self, row: int) -> None:
        self.editor_message.clear()
        if row < 0:
            return
        if self.showing_cards:
            card = self.cards.row_at(row)
            self.editor_title.setText(f"知识卡片 {card.id}（{card.topic_title}）")
            self.card_editor.show_card(card)
            self.editors.setCurrentWidget(self.card_editor)
            self._set_editor_enabled(True)
            return
        item = self.questions.row_at(row)
        edit = self.ctx.ops.read_now(lambda s: question_for_editing(s, item.id))
        self._show_question(edit, f"题目 {item.id}（{item.topic_title}，{STATUS_LABELS.get(item.status, item.status)}）")

    def _show_question(self, edit: EditableQuestion, title: str) -> None:
        self.editor_title.setText(title)
        self.question_editor.show_question(edit)
        self.editors.setCurrentWidget(self.question_editor)
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
        topic_id = self.filters.topic.currentData() or self.question_editor.topic.currentData()
        if topic_id is None:
            return
        self.table.clearSelection()
        blank = EditableQuestion(id=None, topic_id=topic_id, type=QuestionType.SINGLE, stem="", option_cells=(),
                                 answer_cell="", explanation="", difficulty=2)
        self._show_question(blank, "新增题目：填写后点“保存”。")
        self.question_editor.stem.setFocus()

    def save_current(self) -> bool:
        """Save the editor on screen (same checks as an Excel import); the message says what happened."""
        now = self.ctx.clock()
        card = self.card_editor.current_edit() if self.editors.currentWidget() is self.card_editor else None
        question = self.question_editor.current_edit() if card is None else None

        def save(session: Session) -> int:
            if question is not None:
                return save_question(session, question, now=now)
            assert card is not None
            save_flashcard(session, card.id, front=card.front, back=card.back, status=card.status, now=now)
            return card.id

        def refused(text: str) -> None:
            self.editor_message.setStyleSheet(feedback_style(ok=False))
            self.editor_message.setText(f"未保存：{text}")

        done = self.ctx.ops.write_now(save, changes=Change.BANK, on_error=tell_user_error(refused))
        if done is None:
            return False
        self.editor_message.setStyleSheet(feedback_style(ok=True))
        self.editor_message.setText("已保存。重新生成题库时会保留这次修改。")
        if question is not None:
            self.question_editor.editing_id = done.value  # a new question is now an existing one
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
