"""The installed Qt bindings keep Python's reference counts intact (PySide6 6.12 on Python 3.11 did not)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot


class _Emitter(QObject):
    fired = Signal()


def test_void_calls_and_signals_do_not_drop_references_to_none(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    emitter = _Emitter()
    before = sys.getrefcount(None)
    for _ in range(500):
        label.setText("巡学")
        emitter.fired.emit()
    # A broken wheel lowers the count by one per call (1,000 here); allow for unrelated noise.
    assert sys.getrefcount(None) - before > -50
