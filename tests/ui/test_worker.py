"""Tests for ui/worker.py: results and errors come back on the UI thread; long jobs show a progress indicator."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QThread
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from ui.context import UiContext
from ui.worker import Worker


@pytest.fixture
def worker(ui_context: UiContext) -> Iterator[Worker]:
    worker = Worker(ui_context.session_factory)
    yield worker
    worker.wait_for_done()


def test_result_arrives_on_ui_thread_from_another_thread(qtbot: QtBot, worker: Worker) -> None:
    ui_thread = QThread.currentThread()
    seen: dict[str, object] = {}

    def work() -> int:
        seen["worker_thread_is_ui"] = QThread.currentThread() is ui_thread
        return 6 * 7

    def on_done(result: int) -> None:
        seen["result"] = result
        seen["done_thread_is_ui"] = QThread.currentThread() is ui_thread

    task = worker.run(work, on_done=on_done)
    with qtbot.waitSignal(task.finished, timeout=5000) as blocker:
        pass
    assert blocker.args == [42]
    assert seen == {"worker_thread_is_ui": False, "result": 42, "done_thread_is_ui": True}
    assert task.done and task.result == 42 and task.busy_dialog is None
    qtbot.waitUntil(lambda: worker.active_count == 0)


def test_error_is_delivered_with_its_traceback(qtbot: QtBot, worker: Worker, monkeypatch: pytest.MonkeyPatch) -> None:
    def work() -> None:
        raise ValueError("坏文件")

    hooked: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda _kind, error, _tb: hooked.append(error))
    task = worker.run(work)
    with qtbot.waitSignal(task.failed, timeout=5000) as blocker:
        pass
    error, details = blocker.args
    assert isinstance(error, ValueError) and str(error) == "坏文件"
    assert "ValueError: 坏文件" in details
    assert task.error is error and task.result is None
    assert hooked == [error]  # no handler of its own: the application's error dialog shows it
    handled = worker.run(work, on_error=lambda error, _details: None)
    with qtbot.waitSignal(handled.failed, timeout=5000):
        pass
    assert hooked == [error]


def test_job_gets_its_own_session(qtbot: QtBot, worker: Worker) -> None:
    task = worker.run_in_session(lambda session: session.execute(text("SELECT count(*) FROM learners")).scalar_one())
    with qtbot.waitSignal(task.finished, timeout=5000) as blocker:
        pass
    assert blocker.args == [1]


def test_long_job_shows_progress_indicator_until_it_ends(qtbot: QtBot, worker: Worker) -> None:
    release = threading.Event()
    task = worker.run(lambda: release.wait(10), busy_text="正在导入……")
    qtbot.waitUntil(lambda: task.busy_dialog is not None and task.busy_dialog.isVisible(), timeout=5000)
    assert task.busy_dialog is not None and task.busy_dialog.labelText() == "正在导入……"
    release.set()
    qtbot.waitUntil(lambda: task.done, timeout=5000)
    assert task.busy_dialog is None and task.result is True
