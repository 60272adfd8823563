"""Results page: score, pass/fail, time used, per-topic breakdown and a review of every question."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from question_bank.answer_shapes import OPTION_LETTERS
from question_bank.bank import document_text
from study import (
    AttemptResult,
    ItemResult,
    QuizMode,
    QuizSpec,
    attempt_result,
    verdict_text,
)
from ui.context import UiContext
from ui.item_models import (
    BAD_COLOUR,
    GOOD_COLOUR,
    item_result_model,
    topic_score_model,
    wrong_item_ids,
)
from ui.operations import Change
from ui.theme import verdict_html
from ui.widgets.labels import ScaledLabel, page_title, section_title, set_text_colour
from ui.widgets.source_view import SourcePassage


def duration_text(span: dt.timedelta) -> str:
    """12分05秒 / 1小时02分."""
    seconds = max(0, int(span.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}小时{minutes:02d}分" if hours else f"{minutes}分{seconds:02d}秒"


class ResultsPage(QWidget):
    """Shows one submitted attempt; 重练错题 emits `quiz_requested(spec)` for the wrong ones."""

    title = "测验结果"

    quiz_requested = Signal(object)  # QuizSpec
    page_requested = Signal(str)
    source_requested = Signal(int, int, int)  # document id, start, end: show it in the reader

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        ctx.events.changed.connect(self.on_changed)
        self.result: AttemptResult | None = None
        self._texts: dict[int, str] = {}
        layout = QVBoxLayout(self)

        top = QHBoxLayout()
        top.addWidget(page_title("测验结果"))
        top.addStretch(1)
        self.retry_button = QPushButton("重练错题(&R)")
        self.retry_button.clicked.connect(self.retry_wrong)
        self.export_button = QPushButton("导出成绩文件(&E)…")
        self.export_button.clicked.connect(self.export_result)
        self.home_button = QPushButton("返回首页(&B)")
        self.home_button.clicked.connect(lambda: self.page_requested.emit("home"))
        for button in (self.retry_button, self.export_button, self.home_button):
            top.addWidget(button)
        layout.addLayout(top)

        summary = QHBoxLayout()
        self.score_label = ScaledLabel("", scale=2.0, bold=True)
        self.score_label.setWordWrap(False)
        self.verdict_label = ScaledLabel("", scale=1.5, bold=True)
        self.verdict_label.setWordWrap(False)
        self.details_label = QLabel()
        self.details_label.setWordWrap(True)
        summary.addWidget(self.score_label)
        summary.addWidget(self.verdict_label)
        summary.addWidget(self.details_label, 1)
        layout.addLayout(summary)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        layout.addWidget(splitter, 1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(section_title("各专题得分"))
        self.topic_model = topic_score_model(self)
        self.topic_view = _table(self.topic_model, stretch_column=0)
        left_layout.addWidget(self.topic_view, 1)
        left_layout.addWidget(section_title("逐题回顾"))
        self.item_model = item_result_model(self)
        self.item_view = _table(self.item_model, stretch_column=3)
        self.item_view.selectionModel().currentRowChanged.connect(self._on_item_changed)
        left_layout.addWidget(self.item_view, 2)
        splitter.addWidget(left)

        right = QSplitter(Qt.Orientation.Vertical)
        detail_scroll = QScrollArea()
        detail_scroll.setWidgetResizable(True)
        detail_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        detail_scroll.setObjectName("keyboardScroll")  # a Tab stop with a ring: arrows scroll a long explanation
        self.item_label = QLabel()
        self.item_label.setWordWrap(True)
        self.item_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.item_label.setTextFormat(Qt.TextFormat.RichText)
        self.item_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        detail_scroll.setWidget(self.item_label)
        right.addWidget(detail_scroll)
        source_panel = QWidget()
        source_layout = QVBoxLayout(source_panel)
        source_layout.setContentsMargins(0, 0, 0, 0)
        source_row = QHBoxLayout()
        source_row.addWidget(QLabel("原文出处（黄色为出题句）："), 1)
        self.open_source_button = QPushButton("在原文中查看(&O)")
        self.open_source_button.clicked.connect(self.open_source)
        source_row.addWidget(self.open_source_button)
        source_layout.addLayout(source_row)
        self.source_view = SourcePassage()
        source_layout.addWidget(self.source_view, 1)
        right.addWidget(source_panel)
        splitter.addWidget(right)
        self.detail_split = right
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        self.export_button.setVisible(False)

    def refresh(self) -> None:
        """Reload the attempt on screen."""
        if self.result is not None:
            self.show_attempt(int(self.result.attempt_id))

    def on_changed(self, changes: Change) -> None:
        """A submitted attempt never changes; only bank edits (explanations, sources) show here."""
        if changes & Change.BANK and self.isVisible():
            self.refresh()

    def suspend(self) -> None:
        """Nothing runs in the background here."""

    def show_attempt(self, attempt_id: int) -> None:
        """Load and show a submitted attempt."""
        known = set(self._texts)

        def load(session: Session) -> tuple[AttemptResult, dict[int, str]]:
            result = attempt_result(session, attempt_id=attempt_id)
            missing = {item.document_id for item in result.items} - known
            return result, {document_id: document_text(session, document_id) for document_id in missing}

        result, texts = self.ctx.ops.read_now(load)
        self._texts.update(texts)
        self.result = result
        self.score_label.setText(f"{result.score:g}/{result.max_score:g}分（{result.percent:.0f}%）")
        colour = GOOD_COLOUR if result.passed else BAD_COLOUR
        self.verdict_label.setText("及格" if result.passed else "不及格")
        set_text_colour(self.verdict_label, colour)
        correct = sum(1 for item in result.items if item.correct)
        lines = [
            f"{result.mode.label}，共 {len(result.items)} 题，答对 {correct} 题，作答 {result.answered} 题；"
            f"及格线 {result.pass_mark * 100:.0f}%。",
            f"用时 {duration_text(result.time_used)}。",
        ]
        if result.expired:
            lines.append("时间已到，系统已按作答情况自动交卷。")
        self.details_label.setText("".join(lines))
        self.topic_model.set_rows(result.topics)
        self.item_model.set_rows(result.items)
        wrong = wrong_item_ids(result)
        self.retry_button.setEnabled(bool(wrong))
        self.retry_button.setText(f"重练错题（{len(wrong)}）(&R)" if wrong else "全部答对")
        self.export_button.setVisible(bool(result.paper_uid))
        height = self.detail_split.height()
        self.detail_split.setSizes([height * 3 // 5, height - height * 3 // 5])  # the question above its source
        if result.items:
            first_wrong = next((i for i, item in enumerate(result.items) if not item.correct), 0)
            self.item_view.setCurrentIndex(self.item_model.index(first_wrong, 0))

    def _on_item_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.show_item(self.item_model.row_at(current.row()))

    def show_item(self, item: ItemResult) -> None:
        """Show one question: the learner's answer, the correct one, the explanation and the source."""
        words = verdict_text(answered=item.answered, correct=item.correct, score=item.score)  # as in the list
        verdict = verdict_html("未作答" if not item.answered else words, ok=item.correct)
        parts = [f"<p><b>第{item.position + 1}题（{item.type.label}）</b>　{verdict}　专题：{html.escape(item.topic_title)}</p>",
                 f"<p>{html.escape(item.stem)}</p>"]
        if item.options:
            letters = OPTION_LETTERS
            parts.append("<p>" + "<br>".join(
                f"{letters[i] if i < len(letters) else i + 1}. {html.escape(o)}" for i, o in enumerate(item.options)) + "</p>")
        parts.append(f"<p>你的答案：{html.escape(item.learner_answer_text) if item.answered else '（未作答）'}<br>"
                     f"正确答案：<b>{html.escape(item.correct_answer_text)}</b></p>")
        if item.explanation:
            parts.append(f"<p>解析：{html.escape(item.explanation)}</p>")
        self.item_label.setText("".join(parts))
        text = self._texts.get(item.document_id, "")
        if text and 0 <= item.start < item.end <= len(text):
            self.source_view.show_passage(text, item.start, item.end)
        else:
            self.source_view.show_quote(item.quote)

    def current_item(self) -> ItemResult | None:
        """The question selected in the review list."""
        index = self.item_view.currentIndex()
        return self.item_model.row_at(index.row()) if index.isValid() else None

    def open_source(self) -> None:
        """Show the selected question's source sentence in the reader (原文)."""
        item = self.current_item()
        if item is not None:
            self.source_requested.emit(item.document_id, item.start, item.end)

    def retry_spec(self) -> QuizSpec | None:
        """A practice quiz of the questions answered wrongly (or not at all)."""
        if self.result is None:
            return None
        wrong = wrong_item_ids(self.result)
        if not wrong:
            return None
        return QuizSpec(question_ids=tuple(wrong), count=len(wrong), mode=QuizMode.PRACTICE)

    def retry_wrong(self) -> None:
        """重练错题."""
        spec = self.retry_spec()
        if spec is not None:
            self.quiz_requested.emit(spec)

    def export_result(self) -> None:
        """导出成绩文件… (attempts of a trainer's paper)."""
        from ui.trainer import (
            export_result_dialog,  # imported on use: keeps the trainer off start-up
        )

        if self.result is not None:
            export_result_dialog(self.ctx, int(self.result.attempt_id), self)


def _table(model: object, *, stretch_column: int) -> QTableView:
    view = QTableView()
    view.setModel(model)  # type: ignore[arg-type]
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)  # Tab leaves the table (arrows move inside it)
    view.verticalHeader().setVisible(False)
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    return view
