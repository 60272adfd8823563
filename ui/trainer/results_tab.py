"""The 成绩汇总 tab: collect a folder of result files, show the 督促检查 report, export it to Excel and PDF."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from foundation.errors import UserError
from trainer.papers import list_papers
from trainer.results import (
    PaperReport,
    RosterEntry,
    collect_results,
    export_report_xlsx,
    paper_report,
    read_roster,
)
from ui.context import UiContext
from ui.trainer.files import (
    EXCEL_FILTER,
    PDF_FILTER,
    ROSTER_FILTER,
    ask_folder,
    ask_open_file,
    ask_save_file,
)
from ui.trainer.printing import print_report_pdf, report_html


class ResultsTab(QWidget):
    """Choose the paper and the folder; the report appears below."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.roster: list[RosterEntry] | None = None
        self.report: PaperReport | None = None
        self.paper = QComboBox()
        self.collect_button = QPushButton("选择成绩文件夹(&O)…")
        self.roster_button = QPushButton("应考名单(&R)…")
        self.roster_label = QLabel("未选名单：以收到过成绩的人员为应考人员")
        self.roster_label.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.view = QTextBrowser()
        self.excel_button = QPushButton("导出 Excel(&E)…")
        self.pdf_button = QPushButton("导出 PDF(&P)…")
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
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.roster_label)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        self.paper.currentIndexChanged.connect(lambda _i: self.show_report())
        self.collect_button.clicked.connect(self._ask_folder)
        self.roster_button.clicked.connect(self._ask_roster)
        self.excel_button.clicked.connect(self._ask_excel)
        self.pdf_button.clicked.connect(self._ask_pdf)
        self.refresh()

    def refresh(self) -> None:
        """Reload the list of papers."""
        current = self.paper.currentData()
        with self.ctx.session_factory() as session, session.begin():
            papers = list_papers(session)
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
        self.roster_label.setText(f"应考名单：{path.name}，共{len(self.roster)}人")
        self.show_report()
        return True

    def collect(self, folder: Path) -> bool:
        """Collect and re-grade every result file in the folder, then show the report of its paper."""
        try:
            with self.ctx.session_factory() as session, session.begin():
                outcome = collect_results(session, folder, now=self.ctx.clock())
        except UserError as error:
            self._say(str(error), error=True)
            return False
        if not (outcome.added or outcome.duplicates or outcome.mismatched or outcome.problems):
            self._say(f"文件夹“{folder.name or folder}”中没有成绩文件（*.xxresult.json）。请学员交卷后在成绩页“导出成绩文件”，"
                      "再把文件放进这个文件夹。", error=True)
            return False
        lines = [f"新收成绩文件{outcome.added}份，重复忽略{outcome.duplicates}份。"]
        lines += outcome.mismatched
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
            from trainer.live_results import refresh_live_results

            with self.ctx.session_factory() as session, session.begin():
                refresh_live_results(session, uid, now=self.ctx.clock())  # a shared server's sittings, live
                self.report = paper_report(session, uid, now=self.ctx.clock(), roster=self.roster)
        if self.report is None:
            self.view.setHtml("<p>还没有试卷。请先在“组卷”页组卷并分发给学员。</p>")
        elif not self.report.sittings:
            self.view.setHtml(f"<p>《{self.report.title}》还没有收到成绩文件。学员交卷后在成绩页“导出成绩文件”，"
                              "把文件收集到一个文件夹，再点“选择成绩文件夹”。</p>")
        else:
            self.view.setHtml(report_html(self.report))
        has = self.report is not None and bool(self.report.sittings)
        self.excel_button.setEnabled(has)
        self.pdf_button.setEnabled(has)

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
        """Write the report as a PDF."""
        if self.report is None:
            return False
        try:
            pages = print_report_pdf(self.report, path)
        except UserError as error:
            self._say(str(error), error=True)
            return False
        self._say(f"已导出“{path.name}”，共{pages}页。")
        return True

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet("color: #b3261e;" if error else "")
        self.message.setText(text)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
