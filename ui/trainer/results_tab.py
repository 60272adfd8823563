"""The 成绩汇总 tab: collect a folder of result files, show the 督促检查 report, export it to Excel and PDF.

The report's 考前预测 (per unit, the forecast distribution and who is likely to fall below the pass mark) takes a
forecast per learner: it loads off the UI thread after the rest is on screen, and is there before any result
has come in, when 督促检查 can still act on it.
"""

from __future__ import annotations

import dataclasses
from html import escape
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from foundation.errors import UserError
from trainer.collection import CollectionOutcome, collect_results
from trainer.papers import list_papers
from trainer.report import PaperReport, paper_readiness, paper_report
from trainer.unit_readiness import UnitReadiness
from trainer.report_excel import export_report_xlsx
from trainer.rosters import RosterEntry, read_roster
from ui.context import UiContext
from ui.formatting import book_title
from ui.operations import Change, tell_user_error
from ui.theme import feedback_style
from ui.trainer.files import (
    EXCEL_FILTER,
    PDF_FILTER,
    ROSTER_FILTER,
    ask_folder,
    ask_open_file,
    ask_save_file,
)
from ui.trainer.printing import print_report_pdf, readiness_page_html, report_html, require_chinese_font


class CollectionProgress(QObject):
    """Progress of a running collection, emitted from the writer thread (delivered queued on the UI thread)."""

    advanced = Signal(int, int)  # files looked at, files in all


class ResultsTab(QWidget):
    """Choose the paper and the folder; the report appears below."""

    collected = Signal(bool)  # a collection ended: True when it took in result files
    pdf_exported = Signal(bool)  # a PDF report was written (True) or refused (False), off the UI thread
    readiness_loaded = Signal()  # the report on screen now holds its 考前预测

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.roster: list[RosterEntry] | None = None
        self.report: PaperReport | None = None
        self._generation = 0  # the report a readiness load belongs to
        self.paper = QComboBox()
        self.collect_button = QPushButton("选择成绩文件夹(&O)…")
        self.roster_button = QPushButton("应考名单(&R)…")
        self.roster_label = QLabel("未选名单：以收到过成绩的人员为应考人员")
        self.roster_label.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.progress.setFormat("已核对 %v / %m 份文件")
        self.progress_relay = CollectionProgress(self)
        self.progress_relay.advanced.connect(self._on_progress)
        self.view = QTextBrowser()
        self.excel_button = QPushButton("导出 Excel(&E)…")
        self.pdf_button = QPushButton("导出 PDF(&P)…")
        self.receipts_button = QPushButton("写出成绩回执(&W)…")
        self.receipts_button.setToolTip("为每份成绩写出成绩回执（.xxreceipt.json），发回学员导入后即可看到成绩")
        top = QHBoxLayout()
        top.addWidget(QLabel("试卷："))
        top.addWidget(self.paper, 2)
        top.addWidget(self.collect_button)
        top.addWidget(self.roster_button)
        self.refresh_button = QPushButton("刷新(&U)")  # on a shared server: the sittings submitted since
        top.addWidget(self.refresh_button)
        self.refresh_button.clicked.connect(self.show_report)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.excel_button)
        bottom.addWidget(self.pdf_button)
        bottom.addWidget(self.receipts_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.roster_label)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.progress)
        layout.addLayout(bottom)
        self.paper.currentIndexChanged.connect(lambda _i: self.show_report())
        self.collect_button.clicked.connect(self._ask_folder)
        self.roster_button.clicked.connect(self._ask_roster)
        self.excel_button.clicked.connect(self._ask_excel)
        self.pdf_button.clicked.connect(self._ask_pdf)
        self.receipts_button.clicked.connect(self._ask_receipts)
        self.refresh()

    def refresh(self) -> None:
        """Reload the list of papers."""
        current = self.paper.currentData()
        papers = self.ctx.ops.read_now(list_papers)
        self.paper.blockSignals(True)
        self.paper.clear()
        for paper in papers:
            self.paper.addItem(f"{paper.title}（{paper.question_count}题）", paper.uid)
        self.paper.setCurrentIndex(max(0, self.paper.findData(current)))
        self.paper.blockSignals(False)
        self.show_report()

    def _ask_folder(self) -> None:
        folder = ask_folder(self, "选择存放成绩文件的文件夹")
        if folder is not None:
            self.collect(folder)

    def _ask_roster(self) -> None:
        path = ask_open_file(self, "选择应考人员名单", ROSTER_FILTER)
        if path is not None:
            self.load_roster(path)

    def _ask_excel(self) -> None:
        if self.report is not None:
            path = ask_save_file(self, "导出报告", f"{self.report.title}督促检查报告.xlsx", EXCEL_FILTER)
            if path is not None:
                self.export_excel(path)

    def _ask_pdf(self) -> None:
        if self.report is not None:
            path = ask_save_file(self, "导出报告", f"{self.report.title}督促检查报告.pdf", PDF_FILTER)
            if path is not None:
                self.export_pdf(path)

    def load_roster(self, path: Path) -> bool:
        """Use a roster of who should sit the paper."""
        previous = self.roster
        try:
            self.roster = read_roster(path)
        except UserError as error:
            self._say(str(error), error=True)
            return False
        if not self.roster:
            self.roster = previous
            self._say(f"名单“{path.name}”中没有人员。请每行写一个姓名，或“姓名，单位”。", error=True)
            return False
        self._say("")
        coded = sum(1 for e in self.roster if e.code)
        signatures = f"，{coded}人有个人码（用于核验成绩文件的签名）" if coded else "，名单中没有个人码：无法核验签名（见 make-roster）"
        self.roster_label.setText(f"应考名单：{path.name}，共{len(self.roster)}人{signatures}")
        self.show_report()
        return True

    def collect(self, folder: Path) -> None:
        """Collect and re-grade every result file in the folder (a long write, off the UI thread).

        The report of its paper appears when it ends; `collected(bool)` says whether files were taken in.
        """
        now, roster = self.ctx.clock(), self.roster  # the roster's personal codes verify the signatures
        self.collect_button.setEnabled(False)
        relay = self.progress_relay
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self._say("正在汇总成绩文件……")

        def failed(error: BaseException, details: str) -> None:
            self.collect_button.setEnabled(True)
            self.progress.setVisible(False)
            tell_user_error(lambda text: self._say(text, error=True))(error, details)
            self.collected.emit(False)

        self.ctx.ops.write_in_background(
            lambda s: collect_results(s, folder, now=now, roster=roster, progress=relay.advanced.emit), changes=Change.TRAINER,
            on_done=lambda outcome: self._collected(folder, outcome), on_error=failed, parent=self,
            busy_text="")  # the tab shows its own progress bar

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)

    def _collected(self, folder: Path, outcome: CollectionOutcome) -> None:
        self.collect_button.setEnabled(True)
        self.progress.setVisible(False)
        self.collected.emit(self._show_collected(folder, outcome))

    def _show_collected(self, folder: Path, outcome: CollectionOutcome) -> bool:
        if not (outcome.added or outcome.duplicates or outcome.mismatched or outcome.problems):
            self._say(f"文件夹“{folder.name or folder}”中没有成绩文件（*.xxresult.json）。请学员交卷后在成绩页“导出成绩文件”，"
                      "再把文件放进这个文件夹。", error=True)
            return False
        lines = [f"新收成绩文件{outcome.added}份，重复忽略{outcome.duplicates}份。"]
        lines += outcome.mismatched
        lines += [f"需核查：{f}" for f in outcome.flagged]
        lines += [f"未采用：{p}" for p in outcome.problems]
        self.refresh()
        if outcome.paper_uids:
            self.paper.setCurrentIndex(max(0, self.paper.findData(outcome.paper_uids[0])))
        self._say("\n".join(lines), error=bool(outcome.mismatched or outcome.problems))
        return True

    def show_report(self) -> None:
        """Build the report of the chosen paper from what has been collected."""
        uid = self.paper.currentData()
        self.report = None
        if uid is not None:
            now, roster = self.ctx.clock(), self.roster
            if self.ctx.app.db_url.startswith("postgresql"):  # a shared server: collect its sittings first, live
                from trainer.live_results import refresh_live_results

                self.ctx.ops.write_now(lambda s: refresh_live_results(s, uid, now=now), changes=Change.TRAINER,
                                       parent=self)
            self.report = self.ctx.ops.read_now(lambda s: paper_report(s, uid, now=now, roster=roster))
        self._generation += 1
        self._render(loading=self.report is not None)
        if self.report is not None:
            generation = self._generation
            self.ctx.ops.read_in_background(lambda s: paper_readiness(s, uid, now=now, roster=roster),
                                            on_done=lambda units: self._readiness_loaded(generation, units),
                                            on_error=lambda error, details: self._readiness_failed(generation, error, details),
                                            parent=self)

    def _readiness_loaded(self, generation: int, units: tuple[UnitReadiness, ...]) -> None:
        if generation != self._generation or self.report is None:
            return  # another paper or roster was chosen meanwhile
        self.report = dataclasses.replace(self.report, readiness=units)
        self._render(loading=False)
        self.readiness_loaded.emit()

    def _readiness_failed(self, generation: int, error: BaseException, details: str) -> None:
        tell_user_error(lambda text: self._say(f"未能计算考前预测：{text}", error=True))(error, details)
        self._readiness_loaded(generation, ())

    def _render(self, *, loading: bool) -> None:
        """The report on screen: results when there are any, and 考前预测 (or a line while it loads)."""
        report = self.report
        scroll = self.view.verticalScrollBar()
        position = scroll.value()  # the forecast arriving must not throw the reader back to the top
        if report is None:
            self.view.setHtml("<p>还没有试卷。请先在“组卷”页组卷并分发给学员。</p>")
        elif not report.sittings:
            self.view.setHtml(readiness_page_html(
                report, loading=loading, lead=f"{book_title(report.title)}还没有收到成绩文件。学员交卷后在成绩页“导出成绩文件”，"
                                              "把文件收集到一个文件夹，再点“选择成绩文件夹”。"))
        else:
            self.view.setHtml(report_html(report, loading_readiness=loading))
        if not loading:
            scroll.setValue(position)
        has = report is not None and bool(report.sittings)
        self.excel_button.setEnabled(has or (report is not None and bool(report.readiness)))
        self.pdf_button.setEnabled(has or (report is not None and bool(report.readiness)))
        self.receipts_button.setEnabled(has)

    def _ask_receipts(self) -> None:
        folder = ask_folder(self, "选择存放成绩回执的文件夹")
        if folder is not None:
            self.write_receipts(folder)

    def write_receipts(self, folder: Path) -> bool:
        """One receipt per collected result of the chosen paper, signed with the roster's personal codes."""
        from trainer.receipt_file import write_receipts

        uid, roster, now = self.paper.currentData(), self.roster, self.ctx.clock()
        if uid is None:
            return False
        try:
            written = self.ctx.ops.read_now(lambda s: write_receipts(s, uid, folder, now=now, roster=roster))
        except UserError as error:
            self._say(str(error), error=True)
            return False
        self._say(f"已写出成绩回执{len(written)}份到“{folder.name or folder}”。请发回各位学员，在“文件 → 导入成绩回执”中导入。")
        return True

    def export_excel(self, path: Path) -> bool:
        """Write the report as an Excel workbook."""
        if self.report is None:
            return False
        try:
            export_report_xlsx(self.report, path)
        except UserError as error:
            self._say(str(error), error=True)
            return False
        self._say(f"已导出“{path.name}”。")
        return True

    def export_pdf(self, path: Path) -> bool:
        """Write the report as a PDF off the UI thread (`pdf_exported` says how it went); False if refused at once."""
        report = self.report
        if report is None:
            return False
        try:
            require_chinese_font()
        except UserError as error:
            self._say(str(error), error=True)
            self.pdf_exported.emit(False)
            return False

        def done(pages: int) -> None:
            self.pdf_button.setEnabled(True)
            self._say(f"已导出“{path.name}”，共{pages}页。")
            self.pdf_exported.emit(True)

        def failed(error: BaseException, details: str) -> None:
            self.pdf_button.setEnabled(True)
            tell_user_error(lambda text: self._say(text, error=True))(error, details)
            self.pdf_exported.emit(False)

        self.pdf_button.setEnabled(False)
        self.ctx.ops.run_in_background(lambda: print_report_pdf(report, path), on_done=done, on_error=failed,
                                       parent=self, busy_text="正在生成PDF，请稍候……")
        return True

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet(feedback_style(ok=False if error else None))
        self.message.setText(text)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
