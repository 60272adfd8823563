"""Starting the desktop application."""

from __future__ import annotations

from question_bank.app_context import AppContext


def run_gui(context: AppContext) -> int:
    """Start Qt, open the main window and run the event loop; returns the exit code."""
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication.instance() or QApplication([])
    label = QLabel("巡学")
    label.show()
    return app.exec()
