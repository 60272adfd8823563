"""File choosers and message boxes of the trainer toolkit, in one place (tests replace these functions)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from ui.file_dialogs import documents_dir

EXCEL_FILTER = "Excel 表格 (*.xlsx)"
PAPER_FILTER = "巡学试卷 (*.xxpaper.json *.json)"
RESULT_FILTER = "巡学成绩文件 (*.xxresult.json *.json)"
RECEIPT_FILTER = "巡学成绩回执 (*.xxreceipt.json *.json)"
PDF_FILTER = "PDF 文件 (*.pdf)"
DOCUMENT_FILTER = "文档 (*.txt *.md *.docx)"
ROSTER_FILTER = "名单 (*.txt *.csv *.xlsx)"
FORBIDDEN_IN_FILE_NAMES = '\\/:*?"<>|'


def ask_open_file(parent: QWidget | None, title: str, file_filter: str) -> Path | None:
    """A file to open, or None if the user cancelled."""
    path, _ = QFileDialog.getOpenFileName(parent, title, str(documents_dir()), file_filter)
    return Path(path) if path else None


def safe_file_name(name: str) -> str:
    """A suggested file name without the characters Windows forbids (a paper titled “A/B” is no folder)."""
    return "".join("_" if ch in FORBIDDEN_IN_FILE_NAMES or ord(ch) < 32 else ch for ch in name).strip() or "未命名"


def ask_save_file(parent: QWidget | None, title: str, suggested: str, file_filter: str) -> Path | None:
    """Where to save (the suggested name made safe for a file), or None if the user cancelled."""
    path, _ = QFileDialog.getSaveFileName(parent, title, str(documents_dir() / safe_file_name(suggested)), file_filter)
    return Path(path) if path else None


def ask_folder(parent: QWidget | None, title: str) -> Path | None:
    """A folder, or None if the user cancelled."""
    path = QFileDialog.getExistingDirectory(parent, title, str(documents_dir()))
    return Path(path) if path else None


def show_error(parent: QWidget | None, title: str, text: str) -> None:
    """A plain Chinese error message."""
    QMessageBox.warning(parent, title, text)


def show_info(parent: QWidget | None, title: str, text: str) -> None:
    """A plain Chinese notice."""
    QMessageBox.information(parent, title, text)


def ask_text(parent: QWidget | None, title: str, label: str, default: str = "") -> str | None:
    """A line of text (a personal code), or None if the user cancelled."""
    text, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, default)
    return text if ok else None
