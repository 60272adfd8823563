"""学习 page: today's flashcards (or a cram session by topic), flipped with Space and rated with 1-4."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from question_bank.bank import list_topics
from study import CardView, Rating, cram_queue, next_intervals, review_flashcard
from study.exam_goal import plan_queue
from ui.context import UiContext
from ui.operations import Change
from ui.style import CARD, STEM
from ui.widgets.labels import ScaledLabel, page_title
from ui.widgets.scrolling import scroll_area
from ui.widgets.source_view import HIGHLIGHT_STYLE

CARD_WIDTH_CHARS = 36  # a card is at most this many characters wide: long lines are hard to read
REQUEUE_WITHIN = dt.timedelta(minutes=20)  # cards due again this soon come back in the same session
DAILY = "daily"



def rating_text(rating: Rating) -> str:
    """A rating button before the card is turned: its name, and an empty second line where the interval will go
    (the buttons keep their height when the intervals appear)."""
    return f"{rating.label}（{int(rating)}）\n "

class FlashcardsPage(QWidget):
    """Renders one card at a time; the queue and every rating go through the study engine."""

    title = "学习"

    session_finished = Signal(int)  # cards rated in the session just finished
    page_requested = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        ctx.events.changed.connect(self.on_changed)
        self.queue: list[CardView] = []
        self.session_cards = 0  # distinct cards the session started with: the counter's fixed total
        self.seen: set[int] = set()  # cards shown at least once
        self.learned: set[int] = set()  # cards rated and not coming back this session
        self.position = 0
        self.rated = 0
        self.flipped = False
        self.cram_topic_ids: list[int] = []
        self._shown_at = ctx.clock()

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(page_title("学习"))
        top.addStretch(1)
        top.addWidget(QLabel("内容(&M)："))
        self.source_box = QComboBox()
        self.source_box.setAccessibleName("学习内容")
        self.source_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        top.itemAt(top.count() - 1).widget().setBuddy(self.source_box)  # type: ignore[union-attr]
        top.addWidget(self.source_box)
        layout.addLayout(top)

        self.progress_label = QLabel()
        self.progress_bar = QProgressBar()
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setMaximumHeight(self.fontMetrics().height() // 2 + 2)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.progress_bar)

        self.stack = QStackedWidget()
        layout.addWidget(self.stack, 1)
        # The card: a panel centred in the page, its text large and centred; it grows to the text it holds.
        self.card_frame = QFrame()
        self.card_frame.setObjectName("flashcard")
        card_layout = QVBoxLayout(self.card_frame)
        card_layout.setContentsMargins(36, 28, 36, 28)
        card_layout.setSpacing(14)
        self.badge_label = QLabel()
        self.badge_label.setObjectName("cardBadge")
        self.front_label = ScaledLabel("", scale=CARD, bold=True)
        self.front_label.setObjectName("cardFront")
        self.front_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.back_label = ScaledLabel("", scale=STEM)
        self.back_label.setObjectName("cardBack")
        self.back_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.topic_label = QLabel()
        self.topic_label.setObjectName("muted")
        self.topic_label.setWordWrap(True)
        self.source_label = QLabel()
        self.source_label.setWordWrap(True)
        self.source_label.setTextFormat(Qt.TextFormat.RichText)
        self.divider = QFrame()
        self.divider.setObjectName("flashcardDivider")
        self.divider.setFrameShape(QFrame.Shape.HLine)
        for label in (self.badge_label, self.front_label, self.back_label, self.topic_label):
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        card_layout.addWidget(self.badge_label)
        card_layout.addWidget(self.front_label)
        card_layout.addWidget(self.divider)
        card_layout.addWidget(self.back_label)
        card_layout.addWidget(self.topic_label)
        card_layout.addWidget(self.source_label)
        centring = QWidget()
        self._centre = QVBoxLayout(centring)  # side margins keep the card centred (see resizeEvent)
        self._centre.addStretch(1)
        self._centre.addWidget(self.card_frame)  # a vertical box gives a wrapping label its true height
        self._centre.addStretch(2)
        self.card_scroll = scroll_area(centring)  # no Tab stop of its own: it had no focus ring, Tab seemed lost
        self.stack.addWidget(self.card_scroll)
        self.done_label = ScaledLabel("", scale=STEM)
        self.done_label.setObjectName("doneMessage")
        self.done_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.done_label)

        buttons = QHBoxLayout()
        self.flip_button = QPushButton("显示答案（空格）")
        self.flip_button.setProperty("role", "primary")
        self.flip_button.clicked.connect(self.flip)
        buttons.addWidget(self.flip_button, 1)
        self.rating_buttons: dict[Rating, QPushButton] = {}
        for rating in Rating:
            button = QPushButton(rating_text(rating))
            button.clicked.connect(lambda _checked=False, r=rating: self.rate(r))
            button.setAccessibleName(rating.label)
            self.rating_buttons[rating] = button
            buttons.addWidget(button, 1)
        layout.addLayout(buttons)

        QShortcut(QKeySequence(Qt.Key.Key_Space), self, self.flip, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        for rating in Rating:
            QShortcut(QKeySequence(str(int(rating))), self, lambda r=rating: self.rate(r),
                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.source_box.activated.connect(lambda _index: self.start_session())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        """The card is at most CARD_WIDTH_CHARS characters wide, centred in the page."""
        super().resizeEvent(event)
        self._centre_card()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        """A new text size: the card keeps its width in characters."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._centre_card()

    def _centre_card(self) -> None:
        widest = self.fontMetrics().horizontalAdvance("字") * CARD_WIDTH_CHARS
        room = self.card_scroll.viewport().width()
        side = max(12, (room - widest) // 2)
        self._centre.setContentsMargins(side, 12, side, 12)

    # ----- the Page protocol ----------------------------------------------------------------------
    def on_changed(self, changes: Change) -> None:
        """A new bank or new daily limits start the session over; its own reviews do not."""
        if changes & (Change.BANK | Change.SETTINGS) and self.isVisible():
            self.refresh()

    def suspend(self) -> None:
        """Nothing runs in the background here."""

    # ----- sessions -----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the topic list and start today's session (or keep a cram session's topics)."""
        topics = self.ctx.ops.read_now(list_topics)
        current = self.source_box.currentData()
        self.source_box.blockSignals(True)
        self.source_box.clear()
        self.source_box.addItem("今日复习与新卡", DAILY)
        for topic in topics:
            self.source_box.addItem(f"考前突击：{topic.title}", int(topic.id))
        index = self.source_box.findData(current)
        self.source_box.setCurrentIndex(max(index, 0))
        self.source_box.blockSignals(False)
        self.start_session()

    def start_cram(self, topic_ids: list[int]) -> None:
        """Review ahead on these topics (does not change the schedule)."""
        self.cram_topic_ids = list(topic_ids)
        self._load_queue()

    def start_session(self) -> None:
        """Start the session chosen in the box: today's queue or a cram session by topic."""
        data = self.source_box.currentData()
        self.cram_topic_ids = [] if data in (None, DAILY) else [int(data)]
        self._load_queue()

    @property
    def cramming(self) -> bool:
        """Whether this is a review-ahead session."""
        return bool(self.cram_topic_ids)

    def _load_queue(self) -> None:
        learner_id = self.ctx.learner_id
        if learner_id is None:
            self.queue = []
        else:
            now, topic_ids = self.ctx.clock(), list(self.cram_topic_ids)
            if topic_ids:
                self.queue = list(self.ctx.ops.read_now(
                    lambda s: cram_queue(s, learner_id=learner_id, topic_ids=topic_ids, now=now)))
            else:
                self.queue = list(self.ctx.ops.read_now(lambda s: plan_queue(s, learner_id=learner_id, now=now).cards))
        self.position = 0
        self.rated = 0
        self.session_cards = len({card.flashcard_id for card in self.queue})
        self.seen = set()
        self.learned = set()
        self._show_current()

    # ----- one card -----------------------------------------------------------------------------
    def current_card(self) -> CardView | None:
        """The card on screen, None when the session is done."""
        return self.queue[self.position] if self.position < len(self.queue) else None

    def _show_current(self) -> None:
        card = self.current_card()
        total = self.session_cards
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(len(self.learned))
        if card is None:
            self.stack.setCurrentWidget(self.done_label)
            if self.cramming:
                self.done_label.setText("本专题的卡片已全部过了一遍。\n考前突击不影响正常的复习安排。")
            elif self.rated:
                self.done_label.setText(f"今天的学习完成了！本次共复习 {self.rated} 张卡片。\n明天再来，保持连续学习。")
            else:
                self.done_label.setText("今天没有需要复习的卡片，也没有新卡片了。\n可以去“测验”练一练。")
            self.progress_label.setText("已完成")
            self.flip_button.setEnabled(False)
            for button in self.rating_buttons.values():
                button.setEnabled(False)
            if self.rated:
                self.session_finished.emit(self.rated)
            return
        self.stack.setCurrentWidget(self.card_scroll)
        kind = "考前突击" if self.cramming else ("新卡片" if card.is_new else "复习")
        if card.flashcard_id in self.seen:  # a card still being learned, back again: the count stays put
            self.progress_label.setText(f"再看一遍 · 已记住 {len(self.learned)} / {total} 张")
        else:
            self.progress_label.setText(f"第 {len(self.seen) + 1} / {total} 张 · {kind}")
            self.seen.add(card.flashcard_id)
        badge = "【难记卡片：建议回到原文细读】" if card.leech else ""
        self.badge_label.setText(f"{kind}{badge}")
        self.front_label.setText(card.front)
        self.back_label.setText(card.back)
        self.topic_label.setText(f"专题：{card.topic_title}")
        self.source_label.setText(f'原文：<span style="{HIGHLIGHT_STYLE}">{_escape(card.quote)}</span>')
        self._set_flipped(False)
        self._shown_at = self.ctx.clock()

    def _set_flipped(self, flipped: bool) -> None:
        self.flipped = flipped
        for widget in (self.divider, self.back_label, self.topic_label, self.source_label):
            widget.setVisible(flipped)
        self.flip_button.setEnabled(not flipped)
        for button in self.rating_buttons.values():
            button.setEnabled(flipped)
        if flipped:
            self._show_intervals()
            self.rating_buttons[Rating.GOOD].setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            for rating, button in self.rating_buttons.items():  # the last card's intervals are not this one's
                button.setText(rating_text(rating))
            self.flip_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_intervals(self) -> None:
        card = self.current_card()
        if card is None or self.ctx.learner_id is None:
            return
        if self.cramming:
            for rating, button in self.rating_buttons.items():
                button.setText(f"{rating.label}（{int(rating)}）\n不改变安排")
            return
        learner_id, now = self.ctx.learner_id, self.ctx.clock()
        previews = self.ctx.ops.read_now(
            lambda s: next_intervals(s, learner_id=learner_id, flashcard_id=card.flashcard_id, now=now))
        for preview in previews:
            self.rating_buttons[preview.rating].setText(f"{preview.rating.label}（{int(preview.rating)}）\n{preview.label}")

    def flip(self) -> None:
        """Show the back of the card (Space)."""
        if self.current_card() is not None and not self.flipped:
            self._set_flipped(True)

    def rate(self, rating: Rating) -> None:
        """Record the rating of the flipped card (1-4) and move on; committed at once."""
        card = self.current_card()
        if card is None or not self.flipped or self.ctx.learner_id is None:
            return
        now = self.ctx.clock()
        duration_ms = int((now - self._shown_at).total_seconds() * 1000)
        learner_id, cram = self.ctx.learner_id, self.cramming
        done = self.ctx.ops.write_now(
            lambda s: review_flashcard(s, learner_id=learner_id, flashcard_id=card.flashcard_id, rating=rating,
                                       now=now, duration_ms=duration_ms, cram=cram),
            changes=Change.STUDY, parent=self, error_title="评分未保存")
        if done is None:
            return
        result = done.value
        self.rated += 1
        if not self.cramming and result.interval <= REQUEUE_WITHIN:
            self.queue.append(card)  # still being learned: it comes back in this session
        else:
            self.learned.add(card.flashcard_id)
        self.position += 1
        self._show_current()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
