"""The 导入资料 tab: preview a .txt/.md/.docx, drop articles, import off the UI thread with progress and cancel."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QMessageBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from foundation.errors import UserError, os_error_text
from question_bank.importing import (
    ArticlePreview,
    DocumentSummary,
    ImportSummary,
    preview_document,
)
from question_bank.documents import (
    duplicate_message,
    find_duplicates,
    import_checked,
)
from ui.context import UiContext, log_error
from ui.operations import Change
from ui.theme import feedback_style
from ui.trainer.files import DOCUMENT_FILTER, ask_open_file
from ui.trainer.review_setting import ReviewImportsBox

KIND_LABELS = {"interview": "答记者问", "regulation": "条例（章/条）", "prose": "文章", "bank": "题库"}
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024


def ask_new_version(parent: QWidget, message: str) -> bool:
    """Ask whether a text already in the bank is imported again as a new version (tests answer it)."""
    answer = QMessageBox.question(
        parent, "资料已在题库中",
        f"{message}\n\n再次导入会另存为一个新版本（新的文档和题目）。确定要作为新版本导入吗？",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


class ImportCancelled(Exception):
    """The trainer cancelled the import; its transaction is rolled back."""


class ImportProgress(QObject):
    """Progress of the running import, emitted from the worker thread (delivered queued on the UI thread)."""

    advanced = Signal(int, int)  # articles done, articles in all


class ImportDocumentTab(QWidget):
    """Choose a file, see its articles and topics, untick what to leave out, import."""

    imported = Signal(object)  # ImportSummary
    import_failed = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.progress_relay = ImportProgress(self)
        self.progress_relay.advanced.connect(self._on_progress)
        self._data: bytes | None = None
        self._filename = ""
        self._cancel = threading.Event()
        self.running = False

        self.choose_button = QPushButton("选择文件(&O)…")
        self.file_label = QLabel("支持 .txt、.md、.docx：答记者问、章/条结构的条例、一般文章。")
        self.file_label.setWordWrap(True)
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("标题（可不填，默认取文中标题）")
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["文章和专题", "类型"])
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.import_button = QPushButton("导入所选文章(&I)")
        self.import_button.setEnabled(False)
        self.cancel_button = QPushButton("取消导入")
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.review_box = ReviewImportsBox(ctx, "导入的题目和卡片先“待审核”，审核通过后学员才能看到(&R)")

        top = QHBoxLayout()
        top.addWidget(self.choose_button)
        top.addWidget(self.title_edit, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.progress, 1)
        bottom.addStretch(1)
        bottom.addWidget(self.cancel_button)
        bottom.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.file_label)
        layout.addWidget(QLabel("勾选要导入的文章（可去掉无关的文章）："))
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.review_box)
        layout.addWidget(self.status)
        layout.addLayout(bottom)

        self.choose_button.clicked.connect(self.choose_file)
        self.import_button.clicked.connect(self.start_import)
        self.cancel_button.clicked.connect(self.cancel_import)
        self.title_edit.editingFinished.connect(self._repreview)

    def refresh(self) -> None:
        """Reload the review setting (the preview belongs to the chosen file)."""
        self.review_box.refresh()

    def choose_file(self) -> None:
        """Ask for a file and preview it."""
        path = ask_open_file(self, "选择要导入的文档", DOCUMENT_FILTER)
        if path is not None:
            self.load_file(path)

    def load_file(self, path: Path) -> bool:
        """Read a file and show its articles and topics (nothing is stored)."""
        try:
            if path.stat().st_size > MAX_DOCUMENT_BYTES:
                raise UserError(f"文件超过{MAX_DOCUMENT_BYTES // (1024 * 1024)}MB，不像是学习资料：{path.name}")
            data = path.read_bytes()
        except OSError as error:
            self._forget_file(path)
            self._fail(f"无法读取文件：{path.name}（{os_error_text(error)}）")
            return False
        except UserError as error:
            self._forget_file(path)
            self._fail(str(error))
            return False
        self._data, self._filename = data, path.name
        self.file_label.setText(f"文件：{path.name}")
        return self._repreview()

    def _forget_file(self, path: Path) -> None:
        """A file that could not be read replaces the previous one: its preview must not be imported instead."""
        self._data, self._filename = None, ""
        self.file_label.setText(f"文件：{path.name}")
        self.tree.clear()
        self.import_button.setEnabled(False)

    def _repreview(self) -> bool:
        if self._data is None:
            return False
        try:
            previews = preview_document(self._data, filename=self._filename, title=self.title_edit.text().strip() or None)
        except UserError as error:
            self._data = None
            self.tree.clear()
            self.import_button.setEnabled(False)
            self._fail(str(error))
            return False
        self.show_preview(previews)
        return True

    def show_preview(self, previews: list[ArticlePreview]) -> None:
        """List articles (checkable) with their topics."""
        self.tree.clear()
        for preview in previews:
            item = QTreeWidgetItem([f"{preview.title}（{len(preview.topic_titles)}个专题）", KIND_LABELS.get(str(preview.kind), str(preview.kind))])
            item.setData(0, Qt.ItemDataRole.UserRole, preview.index)
            item.setCheckState(0, Qt.CheckState.Checked)
            for title in preview.topic_titles:
                item.addChild(QTreeWidgetItem([title, ""]))
            self.tree.addTopLevelItem(item)
        self.status.setStyleSheet("")
        self.status.setText(f"找到{len(previews)}篇文章。去掉不需要的文章后，点“导入所选文章”。")
        self.import_button.setEnabled(bool(previews))

    def article_items(self) -> list[QTreeWidgetItem]:
        """The top-level (article) rows of the preview."""
        items = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [item for item in items if item is not None]

    def chosen_articles(self) -> list[int]:
        """Indices of the ticked articles."""
        return [int(item.data(0, Qt.ItemDataRole.UserRole)) for item in self.article_items()
                if item.checkState(0) == Qt.CheckState.Checked]

    def start_import(self) -> None:
        """Import the ticked articles off the UI thread, one transaction for all of them."""
        chosen = self.chosen_articles()
        if self._data is None or not chosen or self.running:
            if not chosen:
                self._fail("请至少勾选一篇文章。")
            return
        data, filename, title = self._data, self._filename, self.title_edit.text().strip() or None
        now, seed = self.ctx.clock(), 0
        try:
            duplicates = self.ctx.ops.read_now(
                lambda s: find_duplicates(s, data=data, filename=filename, title=title, keep=set(chosen)))
        except UserError as error:
            self._fail(str(error))
            return
        message = duplicate_message(duplicates)
        if duplicates and not ask_new_version(self, message):
            self._fail(f"{message}\n未导入任何内容。")
            return
        self._cancel.clear()
        cancel, relay = self._cancel, self.progress_relay

        def work(session: Session) -> tuple[ImportSummary, int]:
            documents: list[DocumentSummary] = []
            held = 0
            relay.advanced.emit(0, len(chosen))
            for done, index in enumerate(chosen, start=1):
                if cancel.is_set():
                    raise ImportCancelled
                checked = import_checked(session, data=data, filename=filename, title=title, now=now, seed=seed,
                                         keep={index}, new_version=True)  # duplicates were asked about above
                assert checked.summary is not None
                documents.extend(checked.summary.documents)
                held += checked.held
                relay.advanced.emit(done, len(chosen))
            if cancel.is_set():
                raise ImportCancelled  # the operation's transaction rolls everything back
            return ImportSummary(documents=tuple(documents)), held

        self.running = True
        self.import_button.setEnabled(False)
        self.choose_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setRange(0, len(chosen))
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.status.setStyleSheet("")
        self.status.setText("正在导入，请稍候……")
        self.ctx.ops.write_in_background(work, changes=Change.BANK, on_done=self._on_done, on_error=self._on_error,
                                         parent=self, busy_text="")  # the tab shows its own progress bar

    def cancel_import(self) -> None:
        """Ask the running import to stop; nothing it did is kept."""
        if self.running:
            self._cancel.set()
            self.cancel_button.setEnabled(False)
            self.status.setText("正在取消……")

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)

    def _finish(self) -> None:
        self.running = False
        self.progress.setVisible(False)
        self.cancel_button.setEnabled(False)
        self.choose_button.setEnabled(True)
        self.import_button.setEnabled(self._data is not None)

    def _on_done(self, outcome: tuple[ImportSummary, int]) -> None:
        self._finish()
        summary, held = outcome
        parts = [f"“{d.title}”{d.topics}个专题、题目{sum(d.questions_by_type.values())}道、卡片{d.flashcards}张"
                 for d in summary.documents]
        self.status.setStyleSheet(feedback_style(ok=True))
        review = (f"其中{held}项待审核：在“题库”中审核通过后，学员才能看到。" if held else "")
        self.status.setText("导入完成：" + "；".join(parts) + "。" + review)
        self.imported.emit(summary)

    def _on_error(self, error: BaseException, details: str) -> None:
        self._finish()
        if isinstance(error, ImportCancelled):
            self._fail("已取消导入，没有保存任何内容。")
        elif isinstance(error, UserError):
            self._fail(f"导入失败，没有保存任何内容：{error}")
        else:
            log_path = log_error(self.ctx.app.data_dir, details)
            self._fail(f"导入失败，没有保存任何内容。详情已记录在：{log_path}")
        self.import_failed.emit(self.status.text())

    def _fail(self, text: str) -> None:
        self.status.setStyleSheet(feedback_style(ok=False))
        self.status.setText(text)
