"""原文 page: the source text by topic, coloured by mastery, with search, a paragraph's items and source jumps."""

from __future__ import annotations

import html

from PySide6.QtCore import QRegularExpression, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut, QTextCharFormat, QTextCursor, QTextDocument, QTextFormat
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from question_bank.drafts import Document, Flashcard, Question, Topic
from sqlalchemy.orm import Session

from ui.context import UiContext
from ui.operations import Change
from ui.pages.reader_text import LaidOutText, Paragraph, lay_out, search_pattern
from ui.theme import is_dark, mastery_color

_HIT = ("#ffe27a", "#7a6420")  # (light, dark) backgrounds
_CURRENT_HIT = ("#ff9d3b", "#b8641c")
_SOURCE = ("#9fd8a5", "#2f6b3a")
_PARAGRAPH = ("#e8f0fb", "#2c3646")


class ReaderPage(QWidget):
    """The source text; select a paragraph to see its flashcards and questions and to practise its topic."""

    title = "原文"

    practice_requested = Signal(list)  # topic ids

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        ctx.events.changed.connect(self.on_changed)
        self.documents: list[Document] = []
        self.document_id: int | None = None
        self.laid_out: LaidOutText | None = None
        self.mastery: dict[int, float | None] = {}
        self.selected_paragraph: Paragraph | None = None
        self.paragraph_flashcards: tuple[Flashcard, ...] = ()
        self.paragraph_questions: tuple[Question, ...] = ()
        self.hits: list[tuple[int, int]] = []  # QTextDocument (start, end) of each search hit
        self.current_hit = -1
        self.source_span: tuple[int, int] | None = None  # QTextDocument span of the highlighted source

        self.document_box = QComboBox()
        self.document_box.setAccessibleName("文档")
        self.document_label = QLabel("文档(&D)：")
        self.document_label.setBuddy(self.document_box)
        self.topic_list = QListWidget()
        self.topic_list.setAccessibleName("专题")
        self.topic_list.setWordWrap(True)
        topics_label = QLabel("专题(&O)（颜色表示掌握程度）")
        topics_label.setWordWrap(True)
        topics_label.setBuddy(self.topic_list)
        legend = QLabel("红：薄弱  黄：一般  绿：掌握  灰：尚未学习")
        legend.setWordWrap(True)

        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addWidget(self.document_label)
        left_column.addWidget(self.document_box)
        left_column.addWidget(topics_label)
        left_column.addWidget(self.topic_list, 1)
        left_column.addWidget(legend)

        self.search_field = QLineEdit()
        self.search_field.setPlaceholderText("在原文中查找（Ctrl+F）")
        self.search_field.setAccessibleName("查找")
        self.search_field.setClearButtonEnabled(True)
        self.previous_button = QPushButton("上一个")
        self.next_button = QPushButton("下一个")
        self.hit_label = QLabel("")
        search_row = QHBoxLayout()
        search_row.addWidget(self.search_field, 1)
        search_row.addWidget(self.previous_button)
        search_row.addWidget(self.next_button)
        search_row.addWidget(self.hit_label)

        self.text_view = QTextBrowser()
        self.text_view.setAccessibleName("原文")
        self.text_view.setOpenLinks(False)
        self.text_view.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        center = QWidget()
        center_column = QVBoxLayout(center)
        center_column.setContentsMargins(0, 0, 0, 0)
        center_column.addLayout(search_row)
        center_column.addWidget(self.text_view, 1)

        self.paragraph_title = QLabel("点击原文中的一段，查看由它出的卡片和题目。")
        self.paragraph_title.setWordWrap(True)
        self.items_view = QTextBrowser()
        self.items_view.setAccessibleName("本段的卡片和题目")
        self.practice_button = QPushButton("练习本段(&P)")
        self.practice_button.setEnabled(False)
        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.addWidget(self.paragraph_title)
        right_column.addWidget(self.items_view, 1)
        right_column.addWidget(self.practice_button)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        for widget, stretch in ((left, 2), (center, 6), (right, 3)):
            splitter.addWidget(widget)
            splitter.setStretchFactor(splitter.count() - 1, stretch)
        splitter.setSizes([230, 700, 330])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        QShortcut(QKeySequence.StandardKey.Find, self, self.focus_search)
        QShortcut(QKeySequence.StandardKey.FindNext, self, self.next_hit)
        QShortcut(QKeySequence.StandardKey.FindPrevious, self, self.previous_hit)
        self.search_field.textChanged.connect(self.search)
        self.search_field.returnPressed.connect(self.next_hit)
        QShortcut(QKeySequence("Shift+Return"), self.search_field, self.previous_hit)
        self.next_button.clicked.connect(self.next_hit)
        self.previous_button.clicked.connect(self.previous_hit)
        self.document_box.currentIndexChanged.connect(self._document_chosen)
        self.topic_list.currentItemChanged.connect(self._topic_chosen)
        self.topic_list.itemActivated.connect(lambda _item: self.text_view.setFocus())
        self.text_view.cursorPositionChanged.connect(self._caret_moved)
        self.practice_button.clicked.connect(self._practice)
        ctx.events.appearance_changed.connect(self._appearance_changed)

    # ----- loading ---------------------------------------------------------------------------------
    def on_changed(self, changes: Change) -> None:
        """Imported or edited documents reload at once; new answers recolour the topics when on screen."""
        if changes & Change.BANK or (changes & Change.STUDY and self.isVisible()):
            self.refresh()

    def suspend(self) -> None:
        """Nothing runs in the background here."""

    def refresh(self) -> None:
        """Reload the documents and the topics' mastery for the current learner.

        The text is laid out again only when its document changed; otherwise the reader keeps its
        place, selection and search, and only the topic colours are renewed.
        """
        from question_bank.bank import list_documents

        shown_before = self._shown_document()
        documents, self.mastery = self.ctx.ops.read_now(lambda s: (list_documents(s), self._load_mastery(s)))
        self.documents = [d for d in documents if d.kind != "bank"]
        keep = self.document_id if any(d.id == self.document_id for d in self.documents) else None
        self.document_box.blockSignals(True)
        self.document_box.clear()
        for document in self.documents:
            self.document_box.addItem(document.title, document.id)
        if keep is not None:
            self.document_box.setCurrentIndex(self.document_box.findData(keep))
        self.document_box.blockSignals(False)
        several = len(self.documents) > 1
        self.document_box.setVisible(several)
        self.document_label.setVisible(several)
        if keep is not None and self.laid_out is not None and self._shown_document() == shown_before:
            self._fill_topics(shown_before.topics if shown_before else ())  # same text: keep place, recolour
            self._sync_topic_row(self.selected_paragraph.topic_id if self.selected_paragraph else None)
            return
        if not self.documents:
            self.document_id = None
            self.text_view.setPlainText("还没有可阅读的原文。")
            self.topic_list.clear()
            return
        chosen = keep if keep is not None else self.documents[0].id
        self.document_box.setCurrentIndex(self.document_box.findData(chosen))
        self.open_document(chosen, force=True)

    def _shown_document(self) -> Document | None:
        return next((d for d in self.documents if d.id == self.document_id), None)

    def _load_mastery(self, session: Session) -> dict[int, float | None]:
        """Mastery per topic for the current learner (empty without a learner)."""
        if self.ctx.learner_id is None:
            return {}
        from study import topic_mastery

        masteries = topic_mastery(session, learner_id=self.ctx.learner_id, now=self.ctx.clock())
        return {
            int(m.topic_id): (m.mastery if (m.quiz_accuracy is not None or m.cards_reviewed) else None)
            for m in masteries
        }

    def open_document(self, document_id: int, *, force: bool = False) -> None:
        """Show one document's text and its topic list."""
        if document_id == self.document_id and not force:
            return
        from question_bank.bank import document_text

        document = next(d for d in self.documents if d.id == document_id)
        text = self.ctx.ops.read_now(lambda s: document_text(s, document_id))
        self.document_id = document_id
        self.selected_paragraph = None
        self.source_span = None
        self.laid_out = lay_out(QTextDocument(self), title=document.title, text=text, topics=document.topics)
        self.laid_out.document.setDefaultFont(self.text_view.font())
        self.text_view.setDocument(self.laid_out.document)
        self._fill_topics(document.topics)
        self._show_items(None)
        self.search(self.search_field.text())

    def _fill_topics(self, topics: tuple[Topic, ...]) -> None:
        dark = is_dark(self.palette())
        self.topic_list.blockSignals(True)
        self.topic_list.clear()
        for number, topic in enumerate(topics, start=1):
            mastery = self.mastery.get(topic.id)
            item = QListWidgetItem(f"{number}. {topic.title}")
            item.setData(Qt.ItemDataRole.UserRole, topic.id)
            item.setBackground(mastery_color(mastery, dark=dark))
            item.setForeground(QColor("#f0f0f0" if dark else "#1a1a1a"))
            note = "尚未学习" if mastery is None else f"掌握程度 {round(mastery * 100)}%"
            item.setToolTip(f"{topic.question or topic.title}\n{note}")
            item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, note)
            self.topic_list.addItem(item)
        if topics:  # a current row now, or the list would pick row 0 on focus and scroll the text there
            self.topic_list.setCurrentRow(0)
        self.topic_list.blockSignals(False)

    def _sync_topic_row(self, topic_id: int | None) -> None:
        """Mark the topic of the paragraph in view in the list, without scrolling the text."""
        for row in range(self.topic_list.count()):
            if self.topic_list.item(row).data(Qt.ItemDataRole.UserRole) == topic_id:
                self.topic_list.blockSignals(True)
                self.topic_list.setCurrentRow(row)
                self.topic_list.blockSignals(False)
                return

    def topic_color(self, topic_id: int) -> QColor:
        """The background a topic has in the list (its mastery colour)."""
        for row in range(self.topic_list.count()):
            item = self.topic_list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == topic_id:
                return item.background().color()
        raise KeyError(topic_id)

    def _document_chosen(self, index: int) -> None:
        if index >= 0:
            self.open_document(int(self.document_box.itemData(index)))

    def _topic_chosen(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if item is None or self.laid_out is None:
            return
        anchor = self.laid_out.anchors.get(int(item.data(Qt.ItemDataRole.UserRole)))
        if anchor is None:
            return
        block = self.laid_out.document.findBlockByNumber(anchor.block)
        self._scroll_to(block.position(), block.position())

    def _appearance_changed(self) -> None:
        if self.laid_out is not None:
            self.laid_out.document.setDefaultFont(self.text_view.font())
            document = next((d for d in self.documents if d.id == self.document_id), None)
            if document is not None:
                self._fill_topics(document.topics)
            self._highlight()

    # ----- paragraphs ------------------------------------------------------------------------------
    def _caret_moved(self) -> None:
        if self.laid_out is None:
            return
        paragraph = self.laid_out.paragraph_at_block(self.text_view.textCursor().blockNumber())
        if paragraph is not None and paragraph != self.selected_paragraph:
            self.select_paragraph(paragraph)

    def select_paragraph(self, paragraph: Paragraph) -> None:
        """Mark a paragraph and list the flashcards and questions whose source lies in it."""
        from question_bank.bank import items_for_paragraph

        assert self.document_id is not None
        self.selected_paragraph = paragraph
        document_id = self.document_id
        flashcards, questions = self.ctx.ops.read_now(
            lambda s: items_for_paragraph(s, document_id, paragraph.start, paragraph.end))
        self.paragraph_flashcards = tuple(flashcards)
        self.paragraph_questions = tuple(questions)
        self._show_items(paragraph)
        self._sync_topic_row(paragraph.topic_id)
        self._highlight()

    def _show_items(self, paragraph: Paragraph | None) -> None:
        if paragraph is None:
            self.paragraph_flashcards, self.paragraph_questions = (), ()
            self.paragraph_title.setText("点击原文中的一段，查看由它出的卡片和题目。")
            self.items_view.clear()
            self.practice_button.setEnabled(False)
            return
        topic = self._topic(paragraph.topic_id)
        where = topic.title if topic is not None else "导语"
        cards, questions = self.paragraph_flashcards, self.paragraph_questions
        self.paragraph_title.setText(f"本段（{where}）：{len(cards)}张卡片，{len(questions)}道题")
        parts = [f"<h3>记忆卡片（{len(cards)}）</h3>"]
        parts += [
            f"<p><b>{html.escape(card.front)}</b><br>{html.escape(card.back)}</p>" for card in cards
        ] or ["<p>本段没有卡片。</p>"]
        parts.append(f"<h3>题目（{len(questions)}）</h3>")
        parts += [
            f"<p>【{question.type.label}】{html.escape(question.stem)}<br>"
            f"<span>答案：{html.escape(question.answer_text)}</span></p>"
            for question in questions
        ] or ["<p>本段没有题目。</p>"]
        self.items_view.setHtml("".join(parts))
        self.practice_button.setEnabled(topic is not None and bool(questions))

    def _topic(self, topic_id: int | None) -> Topic | None:
        document = next((d for d in self.documents if d.id == self.document_id), None)
        if document is None or topic_id is None:
            return None
        return next((t for t in document.topics if t.id == topic_id), None)

    def _practice(self) -> None:
        if self.selected_paragraph is not None and self.selected_paragraph.topic_id is not None:
            self.practice_requested.emit([self.selected_paragraph.topic_id])

    # ----- search ----------------------------------------------------------------------------------
    def focus_search(self) -> None:
        """Ctrl+F: put the caret in the search field with its text selected."""
        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()

    def search(self, words: str) -> int:
        """Highlight every occurrence of `words` (trimmed, any case, either width of punctuation); returns the count."""
        self.hits = []
        self.current_hit = -1
        pattern = search_pattern(words)
        if self.laid_out is not None and pattern:
            document = self.laid_out.document
            expression = QRegularExpression(pattern, QRegularExpression.PatternOption.CaseInsensitiveOption)
            cursor = document.find(expression, 0)
            while not cursor.isNull():
                self.hits.append((cursor.selectionStart(), cursor.selectionEnd()))
                cursor = document.find(expression, cursor)
        if self.hits:
            self._go_to_hit(0)
        else:
            self._highlight()
        self._show_hit_count(words)
        return len(self.hits)

    def next_hit(self) -> None:
        """Go to the next search hit (wrapping)."""
        if self.hits:
            self._go_to_hit((self.current_hit + 1) % len(self.hits))
            self._show_hit_count(self.search_field.text())

    def previous_hit(self) -> None:
        """Go to the previous search hit (wrapping)."""
        if self.hits:
            self._go_to_hit((self.current_hit - 1) % len(self.hits))
            self._show_hit_count(self.search_field.text())

    def _go_to_hit(self, index: int) -> None:
        self.current_hit = index
        start, end = self.hits[index]
        self._scroll_to(start, end)
        self._highlight()

    def _show_hit_count(self, words: str) -> None:
        if not words.strip():
            self.hit_label.setText("")
        elif not self.hits:
            self.hit_label.setText("无匹配")
        else:
            self.hit_label.setText(f"第{self.current_hit + 1}处，共{len(self.hits)}处")

    # ----- sources ---------------------------------------------------------------------------------
    def show_source(self, document_id: int, start: int, end: int) -> bool:
        """Open a document at a source span (a question's sentence), highlight it and select its paragraph.

        Returns False if the span is not in the shown text (e.g. the document was removed).
        """
        if not self.documents:
            self.refresh()
        if not any(d.id == document_id for d in self.documents):
            return False
        self.document_box.blockSignals(True)
        self.document_box.setCurrentIndex(self.document_box.findData(document_id))
        self.document_box.blockSignals(False)
        self.open_document(document_id)
        assert self.laid_out is not None
        first = self.laid_out.position(start)
        last = self.laid_out.position(end, at_end=True)
        if first is None or last is None or last < first:
            return False
        self.source_span = (first, last)
        paragraph = self.laid_out.paragraph_at_offset(start)
        self._scroll_to(first, last)
        if paragraph is not None:
            self.select_paragraph(paragraph)
        self._highlight()
        return True

    # ----- drawing ---------------------------------------------------------------------------------
    def _scroll_to(self, start: int, end: int) -> None:
        """Move the caret to a span (without selecting it) and scroll it to the upper third of the view.

        Scrolling is repeated on the next event-loop turn: a page just shown or resized lays its text
        out only then, and the first scroll would land on stale line positions.
        """
        cursor = QTextCursor(self.text_view.document())
        cursor.setPosition(start)
        self.text_view.blockSignals(True)
        self.text_view.setTextCursor(cursor)
        self.text_view.blockSignals(False)
        self._place_in_view(start)
        QTimer.singleShot(0, lambda: self._place_in_view(start))

    def _place_in_view(self, position: int) -> None:
        if self.text_view.textCursor().position() != position:
            return  # the learner has moved on meanwhile
        bar = self.text_view.verticalScrollBar()
        top = self.text_view.cursorRect().top() + bar.value()
        bar.setValue(max(0, top - self.text_view.viewport().height() // 3))
        self.text_view.ensureCursorVisible()

    def _highlight(self) -> None:
        """Draw the selected paragraph, the search hits and the source sentence as extra selections."""
        if self.laid_out is None:
            return
        dark = 1 if is_dark(self.palette()) else 0
        document = self.laid_out.document
        selections = []

        def add(start: int, end: int, color: str, *, full_width: bool = False) -> None:
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(document)
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            char_format = QTextCharFormat()
            char_format.setBackground(QColor(color))
            if full_width:
                char_format.setProperty(QTextFormat.Property.FullWidthSelection, True)
            selection.cursor = cursor
            selection.format = char_format
            selections.append(selection)

        if self.selected_paragraph is not None:
            block = document.findBlockByNumber(self.selected_paragraph.block)
            add(block.position(), block.position() + block.length() - 1, _PARAGRAPH[dark], full_width=True)
        if self.source_span is not None:
            add(*self.source_span, _SOURCE[dark])
        for index, (start, end) in enumerate(self.hits):
            add(start, end, (_CURRENT_HIT if index == self.current_hit else _HIT)[dark])
        self.text_view.setExtraSelections(selections)

    def highlighted_text(self, color: str) -> list[str]:
        """The texts drawn with a highlight role: 'hit', 'current', 'source' or 'paragraph' (for tests)."""
        dark = 1 if is_dark(self.palette()) else 0
        wanted = QColor({"hit": _HIT, "current": _CURRENT_HIT, "source": _SOURCE, "paragraph": _PARAGRAPH}[color][dark])
        return [
            selection.cursor.selectedText()
            for selection in self.text_view.extraSelections()
            if selection.format.background().color() == wanted
        ]
