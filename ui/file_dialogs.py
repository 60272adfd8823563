"""File choosers that open in the user's documents folder (tests replace these functions)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget


FORBIDDEN_IN_FILE_NAMES = '\\/:*?"<>|'


def safe_file_name(name: str) -> str:
    """A suggested file name without the characters Windows forbids (a learner called “A/B” is no folder)."""
    return "".join("_" if ch in FORBIDDEN_IN_FILE_NAMES or ord(ch) < 32 else ch for ch in name).strip() or "未命名"


def documents_dir() -> Path:
    """The user's documents folder (the home folder where the system names none)."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    path = Path(location) if location else Path.home()
    return path if path.is_dir() else Path.home()


def ask_open_file(parent: QWidget | None, title: str, file_filter: str) -> Path | None:
    """A file to open, or None if the user cancelled."""
    path, _ = QFileDialog.getOpenFileName(parent, title, str(documents_dir()), file_filter)
    return Path(path) if path else None


def ask_save_file(parent: QWidget | None, title: str, file_name: str, file_filter: str) -> Path | None:
    """Where to save (offered in the documents folder), or None if the user cancelled."""
    path, _ = QFileDialog.getSaveFileName(parent, title, str(documents_dir() / file_name), file_filter)
    return Path(path) if path else None


def ask_folder(parent: QWidget | None, title: str) -> Path | None:
    """A folder, or None if the user cancelled."""
    path = QFileDialog.getExistingDirectory(parent, title, str(documents_dir()))
    return Path(path) if path else None
