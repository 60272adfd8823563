"""At start: a shared server that cannot be reached is said in Chinese, with the local database offered instead."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QWidget

from foundation.context import AppContext
from foundation.data_dir import sqlite_url
from foundation.server import describe_database, is_postgresql, safe_url, unreachable_reason


def choose_reachable_database(context: AppContext, parent: QWidget | None = None) -> bool:
    """Keep a reachable server; for one out of reach, ask whether to continue on the local database.

    The two are never mixed: continuing locally switches this whole run to the local file, and the
    window says so. Returns False when the learner chose not to start.
    """
    if not is_postgresql(context.db_url):
        return True
    reason = unreachable_reason(context.db_url)
    if reason is None:
        return True
    answer = QMessageBox.question(
        parent, "无法连接共享数据库",
        f"无法连接单位的共享数据库服务器：\n{safe_url(context.db_url)}\n{reason}\n\n"
        "是否改用本机数据库继续？本机数据库中的学习记录单独保存，不会与服务器上的记录合并；"
        "考试请等服务器恢复后再进行。",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
    )
    if answer != QMessageBox.StandardButton.Yes:
        return False
    context.dispose()
    context.db_url = sqlite_url(context.data_dir)
    return True


def show_database(window: QMainWindow, context: AppContext) -> QLabel:
    """Say in the status bar which database this window works on."""
    label = QLabel(f"数据库：{describe_database(context.db_url)}", window)
    label.setObjectName("database_label")
    window.statusBar().addPermanentWidget(label)
    return label
