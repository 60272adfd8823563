"""文件 → 导出卡片到 Anki…: choose a file, write the flashcards as an Anki package, say what was written."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from foundation.errors import UserError
from study.anki_export import export_anki
from ui.context import UiContext


def export_anki_to(ctx: UiContext, path: Path) -> str:
    """Write the package to `path`; the Chinese sentence to show (raises UserError on bad input)."""
    if path.suffix.lower() != ".apkg":
        path = path.with_name(path.name + ".apkg")
    now = ctx.clock()
    report = ctx.ops.read_now(lambda session: export_anki(session, path, now=now))  # writes a file, not the database
    return (f"已导出{report.notes}张记忆卡片（{report.decks}个卡组）到：\n{report.path}\n\n"
            "在手机或电脑的 Anki 中导入此文件即可；以后再次导出并导入，会更新已有卡片而不会重复。")


def export_anki_with_dialog(ctx: UiContext, parent: QWidget) -> Path | None:
    """Ask where to save, export, and report; the written path, or None if cancelled or refused."""
    chosen, _filter = QFileDialog.getSaveFileName(parent, "导出卡片到 Anki", str(Path.home() / "巡学卡片.apkg"),
                                                  "Anki 卡组 (*.apkg)")
    if not chosen:
        return None
    try:
        message = export_anki_to(ctx, Path(chosen))
    except UserError as error:
        QMessageBox.warning(parent, "导出卡片到 Anki", str(error))
        return None
    QMessageBox.information(parent, "导出卡片到 Anki", message)
    return Path(chosen)
