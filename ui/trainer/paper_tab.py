"""The 组卷 tab: assemble a paper (random by type counts and topic weights, or the questions chosen in 题库), save, print."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from foundation.clock import CHINA_TZ
from foundation.errors import UserError
from question_bank.bank import list_topics
from question_bank.drafts import QuestionType
from study.exam_goal import MAX_DAYS_AHEAD
from trainer.paper_file import PAPER_SUFFIX, Paper, write_paper_file
from trainer.papers import (
    assemble_fixed_paper,
    assemble_random_paper,
    get_paper,
    list_papers,
)
from ui.context import UiContext
from ui.formatting import book_title
from ui.operations import Change, tell_user_error
from ui.theme import feedback_style
from ui.item_models import local_time_text
from ui.trainer.files import PAPER_FILTER, PDF_FILTER, ask_save_file
from ui.trainer.printing import paper_html, print_paper_pdf, require_chinese_font

DEFAULT_COUNTS = {QuestionType.SINGLE: 10, QuestionType.MULTIPLE: 5, QuestionType.JUDGE: 5}


class PaperTab(QWidget):
    """Settings on the left, the papers made so far and a preview on the right."""

    printed = Signal(bool)  # a PDF was written (True) or refused (False); printing runs off the UI thread

    def __init__(self, ctx: UiContext, selected_questions: Callable[[], list[int]] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._selected_questions = selected_questions or (lambda: [])
        self._weight_spins: list[tuple[int, QSpinBox]] = []
        self.title_edit = QLineEdit("《中国共产党巡视工作条例》学习测试")
        self.minutes = QSpinBox()
        self.minutes.setRange(0, 600)
        self.minutes.setValue(30)
        self.minutes.setSuffix(" 分钟")
        self.minutes.setSpecialValueText("不限时")
        self.pass_mark = QSpinBox()
        self.pass_mark.setRange(1, 100)
        self.pass_mark.setValue(60)
        self.pass_mark.setSuffix(" %")
        self.shuffle = QCheckBox("每位学员的题目和选项顺序不同")
        self.shuffle.setChecked(True)
        self.immediate_scoring = QCheckBox("即时评分：答案随试卷文件分发，学员交卷即见成绩")
        self.immediate_scoring.setToolTip("不勾选时试卷文件不含答案，学员交卷后显示“已交卷”，"
                                          "成绩在“成绩汇总”后用成绩回执发回。")
        self.attempts = QSpinBox()
        self.attempts.setRange(1, 99)
        self.attempts.setValue(1)
        self.attempts.setSuffix(" 次")
        self.has_exam_date = QCheckBox("指定")
        self.has_exam_date.setToolTip("学员打开试卷时，没有考试计划的按此日期制定学习计划；已有自己计划的可选择改用")
        self.exam_date = QDateEdit()
        self.exam_date.setCalendarPopup(True)
        self.exam_date.setDisplayFormat("yyyy年M月d日")
        today = ctx.clock().astimezone(CHINA_TZ).date()
        self.exam_date.setMinimumDate(QDate(today.year, today.month, today.day))
        last = today + dt.timedelta(days=MAX_DAYS_AHEAD)
        self.exam_date.setMaximumDate(QDate(last.year, last.month, last.day))
        soon = today + dt.timedelta(days=30)
        self.exam_date.setDate(QDate(soon.year, soon.month, soon.day))
        self.exam_date.setEnabled(False)
        self.has_exam_date.toggled.connect(self.exam_date.setEnabled)
        self.counts: dict[QuestionType, QSpinBox] = {}
        counts_box = QGroupBox("各题型题量（随机组卷）")
        grid = QGridLayout(counts_box)
        for i, qtype in enumerate(QuestionType):
            spin = QSpinBox()
            spin.setRange(0, 200)
            spin.setValue(DEFAULT_COUNTS.get(qtype, 0))
            self.counts[qtype] = spin
            grid.addWidget(QLabel(qtype.label), i // 3, (i % 3) * 2)
            grid.addWidget(spin, i // 3, (i % 3) * 2 + 1)
        self.weights = QTableWidget(0, 2)
        self.weights.setHorizontalHeaderLabels(["专题", "权重"])
        self.weights.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.weights.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.weights.verticalHeader().setVisible(False)
        self.weights.setTabKeyNavigation(False)  # Tab walks the weight boxes and then leaves the table
        self.random_button = QPushButton("随机组卷(&R)")
        self.fixed_button = QPushButton("用题库页选中的题目组卷")
        self.message = QLabel()
        self.message.setWordWrap(True)

        form = QFormLayout()
        form.addRow("试卷标题：", self.title_edit)
        form.addRow("考试时长：", self.minutes)
        form.addRow("及格线：", self.pass_mark)
        form.addRow("", self.shuffle)
        form.addRow("允许作答：", self.attempts)
        form.addRow("", self.immediate_scoring)
        date_row = QHBoxLayout()
        date_row.addWidget(self.has_exam_date)
        date_row.addWidget(self.exam_date)
        date_row.addStretch(1)
        form.addRow("考试日期：", date_row)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(form)
        left_layout.addWidget(counts_box)
        left_layout.addWidget(QLabel("专题权重（0为不抽，数字越大抽得越多）："))
        left_layout.addWidget(self.weights, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.random_button)
        buttons.addWidget(self.fixed_button)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.message)

        self.paper_list = QListWidget()
        self.preview = QTextBrowser()
        self.save_button = QPushButton("保存试卷文件(&S)…")
        self.print_button = QPushButton("打印为 PDF(&P)…")
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(QLabel("已组的试卷："))
        right_layout.addWidget(self.paper_list, 1)
        right_layout.addWidget(self.preview, 3)
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.save_button)
        actions.addWidget(self.print_button)
        right_layout.addLayout(actions)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.random_button.clicked.connect(self.make_random_paper)
        self.fixed_button.clicked.connect(self.make_fixed_paper)
        self.paper_list.currentItemChanged.connect(lambda _cur, _prev: self._show_selected())
        self.save_button.clicked.connect(self._ask_save)
        self.print_button.clicked.connect(self._ask_print)
        self.refresh()

    def refresh(self) -> None:
        """Reload topics (keeping weights) and the papers made so far."""
        old = {topic_id: spin.value() for topic_id, spin in self._weight_spins}
        self._weight_spins = []
        topics, papers = self.ctx.ops.read_now(lambda s: (list_topics(s), list_papers(s)))
        self.weights.setRowCount(len(topics))
        for row, topic in enumerate(topics):
            item = QTableWidgetItem(topic.title)
            item.setData(Qt.ItemDataRole.UserRole, int(topic.id))
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.weights.setItem(row, 0, item)
            spin = QSpinBox()
            spin.setRange(0, 10)
            spin.setValue(old.get(int(topic.id), 1))
            self.weights.setCellWidget(row, 1, spin)
            self._weight_spins.append((int(topic.id), spin))
        current = self.current_uid()
        self.paper_list.clear()
        for paper in papers:
            exam = f"，{paper.exam_date.month}月{paper.exam_date.day}日考试" if paper.exam_date else ""
            text = f"{paper.title}（{paper.question_count}题{exam}，{local_time_text(paper.created_at)}）"
            entry = QListWidgetItem(text)
            entry.setData(Qt.ItemDataRole.UserRole, paper.uid)
            self.paper_list.addItem(entry)
            if paper.uid == current:
                self.paper_list.setCurrentItem(entry)
        has = self.paper_list.count() > 0
        self.save_button.setEnabled(has)
        self.print_button.setEnabled(has)

    def topic_weights(self) -> dict[int, float]:
        """The weight of each topic as set in the table."""
        return {topic_id: float(spin.value()) for topic_id, spin in self._weight_spins}

    def current_uid(self) -> str | None:
        """The uid of the paper selected in the list."""
        item = self.paper_list.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def current_paper(self) -> Paper | None:
        """The selected paper with its key."""
        uid = self.current_uid()
        if uid is None:
            return None
        return self.ctx.ops.read_now(lambda s: get_paper(s, uid))

    def chosen_exam_date(self) -> dt.date | None:
        """The exam date given to the paper, if 指定 is ticked."""
        if not self.has_exam_date.isChecked():
            return None
        day = self.exam_date.date()
        return dt.date(day.year(), day.month(), day.day())

    def _time_limit_s(self) -> int | None:
        minutes = self.minutes.value()
        return minutes * 60 if minutes else None

    def make_random_paper(self) -> Paper | None:
        """Draw a paper by the type counts and topic weights."""
        counts = {qtype: spin.value() for qtype, spin in self.counts.items()}
        weights = self.topic_weights()
        use_weights = weights if any(w != 1.0 for w in weights.values()) else None
        title, time_limit_s, pass_mark = self.title_edit.text(), self._time_limit_s(), self.pass_mark.value() / 100.0
        shuffle, now = self.shuffle.isChecked(), self.ctx.clock()
        immediate, attempts, exam_date = self.immediate_scoring.isChecked(), self.attempts.value(), self.chosen_exam_date()
        return self._assemble(lambda session, rng: assemble_random_paper(
            session, title=title, type_counts=counts, topic_weights=use_weights, time_limit_s=time_limit_s,
            pass_mark=pass_mark, shuffle=shuffle, now=now, rng=rng, immediate_scoring=immediate, attempts_allowed=attempts,
            exam_date=exam_date))

    def make_fixed_paper(self) -> Paper | None:
        """A paper of the questions selected on the 题库 tab."""
        ids = self._selected_questions()
        if not ids:
            self._say("请先在“题库”页选中题目（可按住Ctrl或Shift多选）。", error=True)
            return None
        title, time_limit_s, pass_mark = self.title_edit.text(), self._time_limit_s(), self.pass_mark.value() / 100.0
        shuffle, now = self.shuffle.isChecked(), self.ctx.clock()
        immediate, attempts, exam_date = self.immediate_scoring.isChecked(), self.attempts.value(), self.chosen_exam_date()
        return self._assemble(lambda session, rng: assemble_fixed_paper(
            session, title=title, question_ids=ids, time_limit_s=time_limit_s, pass_mark=pass_mark, shuffle=shuffle,
            now=now, rng=rng, immediate_scoring=immediate, attempts_allowed=attempts, exam_date=exam_date))

    def _assemble(self, make: Callable[[Session, random.Random], Paper]) -> Paper | None:
        rng = random.Random(self.ctx.rng.getrandbits(64))
        done = self.ctx.ops.write_now(lambda s: make(s, rng), changes=Change.BANK,
                                      on_error=tell_user_error(lambda text: self._say(f"未能组卷：{text}", error=True)))
        if done is None:
            return None
        paper = done.value
        self._say(f"已组卷{book_title(paper.title)}，共{len(paper.questions)}题。可保存试卷文件分发给学员，或打印为PDF。")
        self.refresh()
        for row in range(self.paper_list.count()):
            if self.paper_list.item(row).data(Qt.ItemDataRole.UserRole) == paper.uid:
                self.paper_list.setCurrentRow(row)
        return paper

    def _show_selected(self) -> None:
        paper = self.current_paper()
        self.preview.setHtml(paper_html(paper) if paper else "")

    def _ask_save(self) -> None:
        paper = self.current_paper()
        if paper is None:
            return
        path = ask_save_file(self, "保存试卷文件", paper.title + PAPER_SUFFIX, PAPER_FILTER)
        if path is not None:
            self.save_paper(path)

    def _ask_print(self) -> None:
        paper = self.current_paper()
        if paper is None:
            return
        path = ask_save_file(self, "打印为PDF", paper.title + ".pdf", PDF_FILTER)
        if path is not None:
            self.print_paper(path)

    def save_paper(self, path: Path) -> bool:
        """Write the selected paper's file."""
        paper = self.current_paper()
        if paper is None:
            return False
        try:
            write_paper_file(paper, path)
        except UserError as error:
            self._say(str(error), error=True)
            return False
        keyless = "" if paper.immediate_scoring else "文件不含答案，汇总成绩后用成绩回执把成绩发回学员。"
        self._say(f"已保存试卷文件“{path.name}”。学员在“文件 → 打开试卷文件”中打开即可作答。{keyless}")
        return True

    def print_paper(self, path: Path) -> bool:
        """Print the selected paper and its answer key to a PDF, off the UI thread; False if refused at once.

        Without a font that covers Chinese nothing is written (the PDF would be boxes). `printed(bool)`
        fires when the PDF is written or has failed.
        """
        paper = self.current_paper()
        if paper is None:
            return False
        try:
            require_chinese_font()
        except UserError as error:
            self._say(str(error), error=True)
            self.printed.emit(False)
            return False

        def done(pages: int) -> None:
            self.print_button.setEnabled(True)
            self._say(f"已生成PDF“{path.name}”，共{pages}页（参考答案另起一页）。")
            self.printed.emit(True)

        def failed(error: BaseException, details: str) -> None:
            self.print_button.setEnabled(True)
            tell_user_error(lambda text: self._say(text, error=True))(error, details)
            self.printed.emit(False)

        self.print_button.setEnabled(False)
        self._say("正在生成PDF……")
        self.ctx.ops.run_in_background(lambda: print_paper_pdf(paper, path), on_done=done, on_error=failed,
                                       parent=self, busy_text="正在生成PDF，请稍候……")
        return True

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet(feedback_style(ok=not error))
        self.message.setText(text)
