"""Tests for ui/operations.py: one serial writer, reads off the UI thread, one `changed` signal, one error path."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QThread, QTimer
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from foundation.errors import UserError
from question_bank.drafts import QuestionType
from study import QuizMode, QuizSpec, create_learner, list_learners, rename_learner
from study.models import QuizAttemptRow
from tests.ui.conftest import FakeClock
from ui.context import UiContext
from ui.main_window import HOME, QUIZ, MainWindow
from ui.operations import Change, Operations
from ui.pages.home import HomePage


@pytest.fixture
def ops(ui_context: UiContext) -> Iterator[Operations]:
    yield ui_context.ops
    ui_context.ops.wait_for_done()


def _window(qtbot: QtBot, ctx: UiContext) -> MainWindow:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    return window


# ----- delivery ------------------------------------------------------------------------------------------------
def test_read_result_arrives_on_ui_thread_from_another_thread(qtbot: QtBot, ops: Operations) -> None:
    ui_thread = QThread.currentThread()
    seen: dict[str, object] = {}

    def work(session: Session) -> int:
        seen["worker_thread_is_ui"] = QThread.currentThread() is ui_thread
        return int(session.execute(text("SELECT count(*) FROM learners")).scalar_one()) * 42

    def on_done(result: int) -> None:
        seen["result"] = result
        seen["done_thread_is_ui"] = QThread.currentThread() is ui_thread

    task = ops.read_in_background(work, on_done=on_done)
    with qtbot.waitSignal(task.finished, timeout=5000) as blocker:
        pass
    assert blocker.args == [42]
    assert seen == {"worker_thread_is_ui": False, "result": 42, "done_thread_is_ui": True}
    assert task.done and task.result == 42 and task.busy_dialog is None
    qtbot.waitUntil(lambda: ops.active_count == 0)


def test_unexpected_error_goes_to_the_crash_dialog_with_its_traceback(qtbot: QtBot, ops: Operations,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    def work() -> None:
        raise ValueError("坏文件")

    hooked: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda _kind, error, _tb: hooked.append(error))
    task = ops.run_in_background(work)
    with qtbot.waitSignal(task.failed, timeout=5000) as blocker:
        pass
    error, details = blocker.args
    assert isinstance(error, ValueError) and str(error) == "坏文件"
    assert "ValueError: 坏文件" in details
    assert task.error is error and task.result is None
    assert hooked == [error]  # no handler of its own: the application's error dialog shows it
    handled = ops.run_in_background(work, on_error=lambda error, _details: None)
    with qtbot.waitSignal(handled.failed, timeout=5000):
        pass
    assert hooked == [error]


def test_long_operation_shows_progress_indicator_until_it_ends(qtbot: QtBot, ops: Operations) -> None:
    release = threading.Event()
    task = ops.write_in_background(lambda _session: release.wait(10), changes=Change.NONE, busy_text="正在导入……")
    qtbot.waitUntil(lambda: task.busy_dialog is not None and task.busy_dialog.isVisible(), timeout=5000)
    assert task.busy_dialog is not None and task.busy_dialog.labelText() == "正在导入……"
    release.set()
    qtbot.waitUntil(lambda: task.done, timeout=5000)
    assert task.busy_dialog is None and task.result is True


# ----- the changed notification --------------------------------------------------------------------------------
def test_a_write_emits_changed_with_its_kind_and_the_page_on_screen_refreshes(qtbot: QtBot,
                                                                                ui_context: UiContext) -> None:
    window = _window(qtbot, ui_context)
    home = window.show_page(HOME)
    assert home.greeting.text() == "你好，张三" and "张三" in window.windowTitle()
    learner_id = ui_context.learner_id
    assert learner_id is not None
    with qtbot.waitSignal(ui_context.events.changed) as changed:
        done = ui_context.ops.write_now(lambda s: rename_learner(s, learner_id, name="李四"), changes=Change.LEARNER)
    assert done is not None and done.changes is Change.LEARNER and done.value.name == "李四"
    assert changed.args == [Change.LEARNER]
    assert home.greeting.text() == "你好，李四" and "李四" in window.windowTitle()  # both followed the change

    # An answer in the quiz page is a STUDY change; the dashboard (not on screen) catches up when shown.
    window.start_quiz(QuizSpec(types=(QuestionType.JUDGE,), count=3, mode=QuizMode.EXAM, time_limit_s=600))
    assert window.current_page_name == QUIZ.name and not home.isVisible()
    kinds: list[Change] = []
    ui_context.events.changed.connect(kinds.append)
    window.page(QUIZ).submit()
    assert kinds == [Change.STUDY]  # one notification per write: the submission
    window.show_page(HOME)
    assert home.exam_model.rowCount() == 1


def test_a_failing_write_says_why_in_chinese_and_changes_nothing(qtbot: QtBot, ui_context: UiContext,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    told: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, message, *_a: told.append((title, message)))
    kinds: list[Change] = []
    ui_context.events.changed.connect(kinds.append)
    now = ui_context.clock()

    def half_done(session: Session) -> None:
        create_learner(session, "王五", now=now)
        raise UserError("名单文件有误，未做任何修改。")

    assert ui_context.ops.write_now(half_done, changes=Change.LEARNER, error_title="无法导入") is None
    assert told == [("无法导入", "名单文件有误，未做任何修改。")]
    assert kinds == []  # nothing changed, nothing notified
    assert [learner.name for learner in ui_context.ops.read_now(list_learners)] == ["张三"]  # rolled back


# ----- one serial writer ---------------------------------------------------------------------------------------
def test_long_write_runs_off_the_ui_thread_while_the_ui_stays_responsive(qtbot: QtBot, ui_context: UiContext) -> None:
    window = _window(qtbot, ui_context)
    home = window.show_page(HOME)
    ui_thread = QThread.currentThread()
    entered, release = threading.Event(), threading.Event()
    seen: dict[str, bool] = {}

    def long_import(session: Session) -> int:
        seen["on_ui_thread"] = QThread.currentThread() is ui_thread
        create_learner(session, "赵六", now=ui_context.clock())
        session.flush()  # holds SQLite's write lock from here until the transaction ends
        entered.set()
        release.wait(10)
        return 1

    task = ui_context.ops.write_in_background(long_import, changes=Change.LEARNER, busy_text="")
    qtbot.waitUntil(entered.is_set, timeout=5000)
    ticked: list[bool] = []
    QTimer.singleShot(0, lambda: ticked.append(True))
    qtbot.waitUntil(lambda: bool(ticked), timeout=5000)  # the event loop runs while the write holds the lock
    home.refresh()  # and reads are not blocked by it
    assert home.greeting.text() == "你好，张三" and not task.done
    with qtbot.waitSignal(ui_context.events.changed, timeout=5000) as changed:
        release.set()
    assert changed.args == [Change.LEARNER] and task.done and seen == {"on_ui_thread": False}


def test_writes_never_overlap_background_or_inline(qtbot: QtBot, ops: Operations) -> None:
    log: list[str] = []
    lock = threading.Lock()
    running = [0]
    overlaps: list[str] = []
    gates = {name: threading.Event() for name in ("a", "b")}
    started = {name: threading.Event() for name in ("a", "b")}

    def write(name: str, gate: threading.Event | None) -> Callable[[Session], str]:
        def work(session: Session) -> str:
            with lock:
                running[0] += 1
                if running[0] > 1:
                    overlaps.append(name)
                log.append(f"{name}+")
            if name in started:
                started[name].set()
            session.execute(text("UPDATE learners SET unit = :unit"), {"unit": name})
            if gate is not None:
                gate.wait(10)
            with lock:
                running[0] -= 1
                log.append(f"{name}-")
            return name
        return work

    first = ops.write_in_background(write("a", gates["a"]), changes=Change.LEARNER, busy_text="")
    second = ops.write_in_background(write("b", gates["b"]), changes=Change.LEARNER, busy_text="")
    qtbot.waitUntil(started["a"].is_set, timeout=5000)
    assert not started["b"].is_set()  # queued behind the first, on the one writer thread
    gates["b"].set()
    releaser = threading.Thread(target=gates["a"].set)
    releaser.start()
    done = ops.write_now(write("inline", None), changes=Change.LEARNER)
    releaser.join()
    qtbot.waitUntil(lambda: first.done and second.done, timeout=5000)
    assert done is not None and overlaps == []
    assert log[:2] == ["a+", "a-"] and sorted(log[2:]) == sorted(["b+", "b-", "inline+", "inline-"])
    assert log.index("b-") == log.index("b+") + 1 and log.index("inline-") == log.index("inline+") + 1


# ----- refresh reads, expiring writes ----------------------------------------------------------------------------
def test_home_refresh_writes_nothing_an_expired_exam_waits_for_the_explicit_op(qtbot: QtBot, ui_context: UiContext,
                                                                                 fake_clock: FakeClock) -> None:
    window = _window(qtbot, ui_context)
    window.start_quiz(QuizSpec(types=(QuestionType.JUDGE,), count=3, mode=QuizMode.EXAM, time_limit_s=60))
    window.close()
    fake_clock.advance(minutes=5)  # the deadline passes while the app is closed

    def submitted(session: Session) -> list[bool]:
        return [row.submitted_at is not None for row in session.scalars(select(QuizAttemptRow))]

    kinds: list[Change] = []
    ui_context.events.changed.connect(kinds.append)
    home = HomePage(ui_context)
    qtbot.addWidget(home)
    home.refresh()
    assert not home.resume_frame.isVisible() and home.exam_model.rowCount() == 0
    assert ui_context.ops.read_now(submitted) == [False] and kinds == []  # the refresh only read

    second = _window(qtbot, ui_context)  # start-up runs the explicit op
    assert ui_context.ops.read_now(submitted) == [True] and kinds == [Change.STUDY]
    assert second.show_page(HOME).exam_model.rowCount() == 1
