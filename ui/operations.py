"""The operation layer: every database action of the UI, writes on one serial writer, reads off the UI thread.

In the manner of Anki's `CollectionOp`/`QueryOp` (qt/aqt/operations) run by its task manager:

- A write is `work(session) -> value` plus the `Change` it makes. Each runs in its own session and one
  transaction (`with factory() as s, s.begin():`), under one writer lock, so no two writes ever hold
  SQLite's lock at once. Sub-millisecond writes (an answer, a flag) run at once on the UI thread
  (`write_now`); long ones (imports, collecting results) run on the single writer thread
  (`write_in_background`). After every successful write, `UiEvents.changed` fires once with what changed.
  A quick write that arrives while a long one runs waits for the writer lock (never on SQLite's busy
  timeout); long writes show a window-modal busy indicator after half a second, so that is rare.
- A read is `work(session) -> value` in a session of its own: at once (`read_now`) for what a page draws
  on refresh, or on the shared read pool (`read_in_background`) for slow statistics.
- Failures go to one handler: a `UserError` becomes a Chinese message box, anything else goes to
  `sys.excepthook` (the crash dialog and `error.log`), unless the caller passes its own `on_error`.

Only this module opens sessions in `ui/` (tests/test_layering.py checks it).
"""

from __future__ import annotations

import enum
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Qt, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget
from shiboken6 import isValid
from sqlalchemy.orm import Session, sessionmaker

from foundation.errors import UserError

T = TypeVar("T")

BUSY_DELAY_MS = 500  # a progress indicator appears only for work that takes longer than this
DEFAULT_ERROR_TITLE = "无法完成操作"


class Change(enum.Flag):
    """What a write changed; pages refresh when it touches what they show."""

    NONE = 0
    BANK = enum.auto()  # documents, topics, questions, cards, papers (the bank editor, imports)
    STUDY = enum.auto()  # reviews, answers, attempts, wrong book, progress (a learner's history)
    LEARNER = enum.auto()  # learner profiles: created, renamed, deleted, made active
    SETTINGS = enum.auto()  # a learner's stored settings (daily limits, retention)
    TRAINER = enum.auto()  # trainer records: collected results, rosters, the trainer password


@dataclass(frozen=True)
class Done(Generic[T]):
    """A write that succeeded: its value and what it changed."""

    value: T
    changes: Change


ErrorHandler = Callable[[BaseException, str], None]


class _Relay(QObject):
    """Carries a job's outcome from a pool thread to the UI thread (queued, since it lives there)."""

    succeeded = Signal(object)
    failed = Signal(object, str)


class _Job(QRunnable):
    """The runnable handed to a pool: calls the work and emits its outcome through the relay."""

    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._work()
        except BaseException as error:  # noqa: BLE001 - every failure must reach the UI as a dialog
            self._relay.failed.emit(error, traceback.format_exc())
        else:
            self._relay.succeeded.emit(result)


class Task(QObject, Generic[T]):
    """One background operation in flight; `finished(result)` or `failed(error, traceback)` fire on the UI thread."""

    finished = Signal(object)
    failed = Signal(object, str)

    def __init__(self, busy_text: str, busy_parent: QWidget | None) -> None:
        super().__init__()
        self.done = False
        self.result: T | None = None
        self.error: BaseException | None = None
        self._relay = _Relay()
        self._relay.succeeded.connect(self._on_succeeded, Qt.ConnectionType.QueuedConnection)
        self._relay.failed.connect(self._on_failed, Qt.ConnectionType.QueuedConnection)
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.timeout.connect(self._show_busy)
        self._busy_dialog: QProgressDialog | None = None
        self._busy_text = busy_text
        self._busy_parent = busy_parent

    @property
    def busy_dialog(self) -> QProgressDialog | None:
        """The progress indicator, once the operation has run longer than BUSY_DELAY_MS."""
        return self._busy_dialog

    def _show_busy(self) -> None:
        if self.done or self._parent_gone():
            return
        dialog = QProgressDialog(self._busy_text, "", 0, 0, self._busy_parent)
        dialog.setWindowTitle("请稍候")
        dialog.setCancelButton(None)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.show()
        self._busy_dialog = dialog

    def _finish(self) -> None:
        self.done = True
        self._busy_timer.stop()
        if self._busy_dialog is not None:
            self._busy_dialog.close()
            self._busy_dialog.deleteLater()
            self._busy_dialog = None

    def _parent_gone(self) -> bool:
        """Whether the widget that asked has been deleted meanwhile (its page closed): then nobody listens."""
        return self._busy_parent is not None and not isValid(self._busy_parent)

    @Slot(object)
    def _on_succeeded(self, result: Any) -> None:
        self.result = result
        self._finish()
        if not self._parent_gone():
            self.finished.emit(result)

    @Slot(object, str)
    def _on_failed(self, error: BaseException, details: str) -> None:
        self.error = error
        self._finish()
        if not self._parent_gone():
            self.failed.emit(error, details)


def show_error(parent: QWidget | None, error: BaseException, details: str, *, title: str = DEFAULT_ERROR_TITLE) -> None:
    """The one error handler: a UserError is told in Chinese; anything else is a crash (dialog + error.log)."""
    if isinstance(error, UserError):
        QMessageBox.warning(parent, title, str(error))
        return
    del details
    sys.excepthook(type(error), error, error.__traceback__)


def tell_user_error(tell: Callable[[str], None]) -> ErrorHandler:
    """An error handler that says a UserError through `tell` (a status line, a form's message) in Chinese.

    Anything else still goes to `sys.excepthook` (the crash dialog and `error.log`).
    """
    def handle(error: BaseException, details: str) -> None:
        if isinstance(error, UserError):
            tell(str(error))
        else:
            show_error(None, error, details)

    return handle


class Operations(QObject):
    """Runs the UI's reads and writes; the single writer and the shared read pool live here.

    Args:
        session_factory: the application's one sessionmaker.
        notify: called on the UI thread with what changed after every successful write
            (`UiEvents.changed.emit`).
    """

    def __init__(self, session_factory: sessionmaker[Session], notify: Callable[[Change], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._factory = session_factory
        self._notify = notify
        self._write_lock = threading.Lock()  # held by every write, inline or on the writer thread
        self._writer = QThreadPool(self)
        self._writer.setMaxThreadCount(1)
        self._readers = QThreadPool(self)
        self._readers.setMaxThreadCount(2)
        self._tasks: set[Task[Any]] = set()

    # ----- the session and transaction every operation runs in --------------------------------------------
    def _in_transaction(self, work: Callable[[Session], T]) -> T:
        with self._factory() as session, session.begin():
            return work(session)

    def _write(self, work: Callable[[Session], T]) -> T:
        with self._write_lock:
            return self._in_transaction(work)

    def _changed(self, changes: Change) -> None:
        if changes:
            self._notify(changes)

    # ----- writes --------------------------------------------------------------------------------------------
    def write_now(self, work: Callable[[Session], T], *, changes: Change, parent: QWidget | None = None,
                  error_title: str = DEFAULT_ERROR_TITLE, on_error: ErrorHandler | None = None,
                  on_done: Callable[[T], None] | None = None) -> Done[T] | None:
        """Run a quick write on the UI thread (serialised with the writer thread); None if it failed.

        As in Anki, `on_done(value)` runs before `changed` is emitted, so the context is up to date
        (say, no deleted learner is still active) when the pages redraw. A failure is rolled back and
        reported (`on_error`, else `show_error`); nothing is notified.
        """
        try:
            value = self._write(work)
        except Exception as error:  # noqa: BLE001 - reported through the one handler
            details = traceback.format_exc()
            if on_error is not None:
                on_error(error, details)
            else:
                show_error(parent, error, details, title=error_title)
            return None
        if on_done is not None:
            on_done(value)
        self._changed(changes)
        return Done(value, changes)

    def send(self, work: Callable[[Session], T]) -> T:
        """Run a write that is one statement (a server function call) as its own transaction, under the writer lock.

        The session is in autocommit: no BEGIN and no COMMIT, one round trip to a shared server. Errors go
        out to the caller (the shared exam's client keeps an answer it could not send in its offline queue);
        nothing is notified.
        """
        with self._write_lock, self._factory() as session:
            session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
            return work(session)

    def write_in_background(self, work: Callable[[Session], T], *, changes: Change,
                            on_done: Callable[[T], None] | None = None, on_error: ErrorHandler | None = None,
                            parent: QWidget | None = None, error_title: str = DEFAULT_ERROR_TITLE,
                            busy_text: str = "正在处理，请稍候……") -> Task[T]:
        """Run a long write on the single writer thread; `on_done(value)`, then `changed`, on the UI thread."""
        def succeeded(value: T) -> None:
            if on_done is not None:
                on_done(value)
            self._changed(changes)

        return self._start(self._writer, lambda: self._write(work), on_done=succeeded, on_error=on_error,
                           parent=parent, error_title=error_title, busy_text=busy_text)

    # ----- reads -----------------------------------------------------------------------------------------------
    def read_now(self, work: Callable[[Session], T]) -> T:
        """Run a quick read on the UI thread in a session of its own (errors reach the caller)."""
        return self._in_transaction(work)

    def read_in_background(self, work: Callable[[Session], T], *, on_done: Callable[[T], None],
                           on_error: ErrorHandler | None = None, parent: QWidget | None = None,
                           busy_text: str = "") -> Task[T]:
        """Run a slow read on the shared read pool; `on_done(value)` runs on the UI thread."""
        return self._start(self._readers, lambda: self._in_transaction(work), on_done=on_done, on_error=on_error,
                           parent=parent, error_title=DEFAULT_ERROR_TITLE, busy_text=busy_text)

    def run_in_background(self, work: Callable[[], T], *, on_done: Callable[[T], None] | None = None,
                          on_error: ErrorHandler | None = None, parent: QWidget | None = None,
                          busy_text: str = "正在处理，请稍候……") -> Task[T]:
        """Run file work that needs no session (reading a workbook, checking the database file) on the read pool."""
        return self._start(self._readers, work, on_done=on_done, on_error=on_error, parent=parent,
                           error_title=DEFAULT_ERROR_TITLE, busy_text=busy_text)

    # ----- bookkeeping -----------------------------------------------------------------------------------------
    def _start(self, pool: QThreadPool, work: Callable[[], T], *, on_done: Callable[[T], None] | None,
               on_error: ErrorHandler | None, parent: QWidget | None, error_title: str, busy_text: str) -> Task[T]:
        task: Task[T] = Task(busy_text, parent)  # owned by Python (self._tasks until delivered), not by Qt
        self._tasks.add(task)
        task.finished.connect(lambda _result: self._tasks.discard(task))
        task.failed.connect(lambda _error, _details: self._tasks.discard(task))
        if on_done is not None:
            task.finished.connect(on_done)
        if on_error is not None:
            task.failed.connect(on_error)
        else:
            task.failed.connect(lambda error, details: show_error(parent, error, details, title=error_title))
        if busy_text:
            task._busy_timer.start(BUSY_DELAY_MS)
        pool.start(_Job(work, task._relay))
        return task

    @property
    def active_count(self) -> int:
        """How many background operations have been started and not yet delivered."""
        return len(self._tasks)

    def wait_for_done(self, msecs: int = -1) -> bool:
        """Block until every started background operation has run (at shutdown and in tests)."""
        return bool(self._writer.waitForDone(msecs)) and bool(self._readers.waitForDone(msecs))
