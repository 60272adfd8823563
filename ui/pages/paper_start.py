"""The paper's start screen: title, number of questions, time, 及格线, attempts allowed, exam date, and 开始考试.

Opening a paper file shows this screen first; no attempt is stored until 开始考试. A learner who has used every
attempt the paper allows sees 已交卷 here and is taken to the submitted paper instead of a new attempt. A paper
with the unit's exam date gives it to a learner without an exam plan (said on the screen) and offers it, with
a button, to one whose own date differs (`trainer.paper_exam_date`).
A paper published on the unit's shared server shows the same screen (`show_shared`), read from the server:
开始考试 asks for its sitting (`shared_start_requested`), and after handing in it says 已交卷, with the score
only when the paper shows it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from study.plan_text import day_text
from study.shared_exam import PublishedPaperLine
from trainer.paper_exam_date import (
    DateMatch,
    PaperExamDate,
    adopt_paper_exam_date,
    paper_exam_date,
    take_paper_exam_date,
)
from trainer.paper_file import Paper
from trainer.paper_sitting import PaperStatus, paper_status, start_paper_attempt
from ui.context import UiContext
from ui.operations import Change, tell_user_error
from ui.trainer.files import show_error
from ui.widgets.labels import page_title


def _plain(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # a paper's title is the trainer's text, never markup
    label.setWordWrap(True)
    return label


class PaperStartPage(QWidget):
    """The start screen of one paper; emits `attempt_opened(id)` on 开始考试, `submitted_requested(id)` when used up."""

    title = "试卷"

    attempt_opened = Signal(int)
    submitted_requested = Signal(int)
    shared_start_requested = Signal(str)  # the uid of a paper published on the shared server
    page_requested = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        ctx.events.changed.connect(self.on_changed)
        self.paper: Paper | None = None
        self.status: PaperStatus | None = None
        self.exam_date: PaperExamDate | None = None
        self._adopted = False  # opening this paper set the learner's exam date
        self.shared_uid: str | None = None  # a paper published on the shared server, instead of `paper`
        self.shared_line: PublishedPaperLine | None = None
        layout = QVBoxLayout(self)
        self.title_label = page_title("")
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.title_label)
        form = QFormLayout()
        self.count_label, self.time_label, self.pass_label = _plain(), _plain(), _plain()
        self.attempts_label, self.scoring_label = _plain(), _plain()
        form.addRow("题量：", self.count_label)
        form.addRow("考试时长：", self.time_label)
        form.addRow("及格线：", self.pass_label)
        form.addRow("允许作答：", self.attempts_label)
        form.addRow("评分方式：", self.scoring_label)
        self.exam_date_label = _plain()
        form.addRow("考试日期：", self.exam_date_label)
        self.form = form
        layout.addLayout(form)
        date_row = QHBoxLayout()
        self.date_note = _plain()
        self.adopt_button = QPushButton("改用试卷的考试日期(&D)")
        self.adopt_button.setToolTip("把首页“考试计划”的考试日期改为这份试卷的考试日期（目标记忆率不变）")
        self.adopt_button.clicked.connect(self.adopt_exam_date)
        date_row.addWidget(self.adopt_button)
        date_row.addStretch(1)
        layout.addWidget(self.date_note)
        layout.addLayout(date_row)  # under the note it answers, left-aligned like the buttons below
        self.note_label = _plain()
        layout.addWidget(self.note_label)
        buttons = QHBoxLayout()
        self.start_button = QPushButton("开始考试(&S)")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        self.submitted_button = QPushButton("查看已交试卷(&V)")
        self.submitted_button.clicked.connect(self._show_submitted)
        self.home_button = QPushButton("返回首页(&B)")
        self.home_button.clicked.connect(lambda: self.page_requested.emit("home"))
        for button in (self.start_button, self.submitted_button, self.home_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def show_paper(self, paper: Paper) -> None:
        """Show a paper read from its file (no attempt stored yet; its exam date adopted if the learner has none)."""
        self.paper, self.shared_uid, self.shared_line = paper, None, None
        self._adopted = False
        learner_id = self.ctx.learner_id
        if learner_id is not None and paper.exam_date is not None:
            now = self.ctx.clock()
            seen = self.ctx.ops.read_now(lambda s: paper_exam_date(s, paper, learner_id=learner_id, now=now))
            if seen.match is DateMatch.NO_GOAL:
                done = self.ctx.ops.write_now(lambda s: take_paper_exam_date(s, paper, learner_id=learner_id, now=now),
                                              changes=Change.SETTINGS, parent=self)
                self._adopted = done is not None and done.value.adopted
        self.refresh()

    def show_shared(self, paper_uid: str) -> None:
        """Show a paper published on the shared server, with the learner's sitting of it."""
        self.paper, self.status, self.shared_uid = None, None, paper_uid
        self.refresh()

    def refresh(self) -> None:
        """Reload this learner's attempts on the paper."""
        if self.shared_uid is not None:
            self._refresh_shared(self.shared_uid)
            return
        paper, learner_id = self.paper, self.ctx.learner_id
        if paper is None or learner_id is None:
            return
        now = self.ctx.clock()
        status = self.ctx.ops.read_now(lambda s: paper_status(s, paper, learner_id=learner_id, now=now))
        self.status = status
        self.title_label.setText(status.title)
        self.count_label.setText(f"{status.question_count}题，满分{paper.max_score:g}分")
        self.time_label.setText(f"{status.time_limit_s // 60}分钟" if status.time_limit_s else "不限时")
        self.pass_label.setText(f"{paper.max_score * status.pass_mark:g}/{paper.max_score:g}分（{status.pass_mark * 100:.0f}%）")
        self.attempts_label.setText(f"{status.attempts_allowed}次（已交卷{status.attempts_used}次）")
        self.scoring_label.setText("交卷即显示成绩" if status.immediate_scoring
                                   else "交卷后由培训管理员评分：导出成绩文件交回，收到成绩回执后可查看成绩")
        if status.open_attempt_id is not None:
            self.start_button.setText("继续考试(&S)")
            self.note_label.setText("这份试卷有未交卷的作答，继续作答时计时照常。")
        elif status.can_start:
            self.start_button.setText("开始考试(&S)")
            self.note_label.setText("开始后计时，离开页面计时不停；到时自动交卷。" if status.time_limit_s else "")
        else:
            self.start_button.setText("已交卷")
            self.note_label.setText(f"这份试卷只允许作答{status.attempts_allowed}次，您已交卷。")
        self.start_button.setEnabled(status.can_start)
        self.submitted_button.setVisible(status.last_submitted_id is not None)
        self.exam_date = self.ctx.ops.read_now(lambda s: paper_exam_date(s, paper, learner_id=learner_id, now=now))
        self._show_exam_date(self.exam_date)

    def _show_exam_date(self, seen: PaperExamDate) -> None:
        """The paper's exam date, and how it stands to the learner's own plan."""
        self.form.setRowVisible(self.exam_date_label, seen.paper_date is not None)
        self.exam_date_label.setText("" if seen.paper_date is None else day_text(seen.paper_date))
        note = ""
        if seen.match is DateMatch.SAME:
            note = ("已按这个日期为您制定考试计划，每天的复习和新卡片见首页“考试计划”（可在那里修改）。" if self._adopted
                    else "您的考试计划已按这个日期安排。")
        elif seen.match is DateMatch.DIFFERENT and seen.own_date is not None:
            note = f"您自己的考试计划定在{day_text(seen.own_date)}，与这份试卷的考试日期不同；需要时可改用试卷的日期。"
        self.date_note.setText(note)
        self.date_note.setVisible(bool(note))
        self.adopt_button.setVisible(seen.match is DateMatch.DIFFERENT)

    def adopt_exam_date(self) -> bool:
        """改用试卷的考试日期: the learner moves their exam plan to the paper's date."""
        paper, learner_id = self.paper, self.ctx.learner_id
        if paper is None or learner_id is None:
            return False
        now = self.ctx.clock()
        done = self.ctx.ops.write_now(lambda s: adopt_paper_exam_date(s, paper, learner_id=learner_id, now=now),
                                      changes=Change.SETTINGS,
                                      on_error=tell_user_error(lambda text: show_error(self, "无法修改考试日期", text)))
        if done is None:
            return False
        self.refresh()
        self.date_note.setText(f"考试计划已改为{day_text(done.value.exam_date)}，见首页“考试计划”。")
        return True

    def _refresh_shared(self, paper_uid: str) -> None:
        from sqlalchemy.exc import DBAPIError

        from study.shared_exam import published_paper_line

        try:
            line = self.ctx.ops.read_now(lambda s: published_paper_line(s, paper_uid))
        except DBAPIError:
            line, missing = None, "无法连接单位的共享数据库服务器，请检查网络后重新打开这份试卷。"
        else:
            missing = "服务器上没有发布给您所在单位的这份试卷。"
        self.shared_line = line
        self.submitted_button.setVisible(False)
        self.form.setRowVisible(self.exam_date_label, False)  # a published paper carries no exam date (yet)
        self.date_note.setVisible(False)
        self.adopt_button.setVisible(False)
        if line is None:
            self.title_label.setText("试卷")
            for label in (self.count_label, self.time_label, self.pass_label, self.attempts_label, self.scoring_label):
                label.clear()
            self.note_label.setText(missing)
            self.start_button.setEnabled(False)
            return
        self.title_label.setText(line.title)
        self.count_label.setText(f"{line.question_count}题，满分{line.max_score:g}分")
        self.time_label.setText(f"{line.time_limit_s // 60}分钟（以服务器时间为准）" if line.time_limit_s else "不限时")
        self.pass_label.setText(f"{line.max_score * line.pass_mark:g}/{line.max_score:g}分（{line.pass_mark * 100:.0f}%）")
        self.attempts_label.setText(f"1次（已交卷{0 if line.submitted_at is None else 1}次）")
        self.scoring_label.setText("交卷即显示成绩" if line.shows_result
                                   else "由服务器评分，成绩由培训管理员查看，本机不显示")
        if line.is_open:
            self.start_button.setText("继续考试(&S)")
            self.note_label.setText("这份试卷有未交卷的作答，计时以服务器时间为准，继续作答时计时照常。")
        elif line.sitting_id is not None and line.submitted_at is None:
            self.start_button.setText("交卷(&S)")
            self.note_label.setText("考试时间已到，作答按时间到时的情况交卷。")
        elif line.sitting_id is None:
            self.start_button.setText("开始考试(&S)")
            self.note_label.setText("答案随答随存到单位服务器；断网时暂存本机，恢复后自动上传。"
                                    + ("开始后计时，到时自动交卷。" if line.time_limit_s else ""))
        else:
            self.start_button.setText("已交卷")
            self.note_label.setText(f"已交卷（已答{line.answered}/{line.question_count}题）。"
                                    + (line.state_text.removeprefix("已交卷：") + "。" if line.score is not None
                                       else "成绩由培训管理员查看。"))
        self.start_button.setEnabled(line.submitted_at is None)

    def on_changed(self, changes: Change) -> None:
        """An attempt submitted elsewhere changes what may be started."""
        if changes & Change.STUDY and self.isVisible():
            self.refresh()

    def suspend(self) -> None:
        """Nothing runs in the background here."""

    def start(self) -> int | None:
        """开始考试 (or 继续考试): the attempt's id, also emitted as `attempt_opened`.

        A paper on the shared server asks for its sitting instead (`shared_start_requested`) and returns None.
        """
        if self.shared_uid is not None:
            line = self.shared_line
            if line is not None and line.submitted_at is None:
                self.shared_start_requested.emit(self.shared_uid)
            return None
        paper, learner_id = self.paper, self.ctx.learner_id
        if paper is None or learner_id is None or (self.status is not None and not self.status.can_start):
            return None
        now, rng = self.ctx.clock(), self.ctx.rng
        done = self.ctx.ops.write_now(lambda s: start_paper_attempt(s, paper, learner_id=learner_id, now=now, rng=rng),
                                      changes=Change.BANK | Change.STUDY,
                                      on_error=tell_user_error(lambda text: show_error(self, "无法开始考试", text)))
        if done is None:
            return None
        self.attempt_opened.emit(int(done.value))
        return int(done.value)

    def _show_submitted(self) -> None:
        if self.status is not None and self.status.last_submitted_id is not None:
            self.submitted_requested.emit(self.status.last_submitted_id)
