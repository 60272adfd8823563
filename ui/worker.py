"""Running slow work off the UI thread: each job gets its own session, results come back on the UI thread."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Qt, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget
from sqlalchemy.orm import Session, sessionmaker

T = TypeVar("T")

BUSY_DELAY_MS = 500  # a progress indicator appears only for work that takes longer than this


class _Relay(QObject):
    """Carries a job's outcome from the pool thread to the UI thread (queued, since it lives there)."""

    succeeded = Signal(object)
    failed = Signal(object, str)


class _Job(QRunnable):
    """The runnable handed to the thread pool: calls the work and emits its outcome through the relay."""

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
    """One job in flight; `finished(result)` or `failed(error, traceback)` fire on the UI thread."""

    finished = Signal(object)
    failed = Signal(object, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.done = False
        self.result: T | None = None
        self.error: BaseException | None = None
        self._relay = _Relay()
        self._relay.succeeded.connect(self._on_succeeded, Qt.ConnectionType.QueuedConnection)
        self._relay.failed.connect(self._on_failed, Qt.ConnectionType.QueuedConnection)
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_dialog: QProgressDialog | None = None
        self._busy_text = ""
        self._busy_parent: QWidget | None = None

    @property
    def busy_dialog(self) -> QProgressDialog | None:
        """The progress indicator, once the job has run longer than BUSY_DELAY_MS."""
        return self._busy_dialog

    def _show_busy(self) -> None:
        if self.done:
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

    @Slot(object)
    def _on_succeeded(self, result: Any) -> None:
        self.result = result
        self._finish()
        self.finished.emit(result)

    @Slot(object, str)
    def _on_failed(self, error: BaseException, details: str) -> None:
        self.error = error
        self._finish()
        self.failed.emit(error, details)


def _report_unhandled(error: BaseException, _details: str) -> None:
    """A job without its own error handler: the application's error hook shows and logs it."""
    sys.excepthook(type(error), error, error.__traceback__)


class Worker(QObject):
    """Runs callables on a thread pool; pages hand it work and get the result back as a signal.

    Each `run_in_session` job opens its own session and transaction (never the UI thread's), so a
    page's quick actions and a long statistics query never share a connection.
    """

    def __init__(self, session_factory: sessionmaker[Session] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session_factory = session_factory
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(2)
        self._tasks: set[Task[Any]] = set()

    def run(
        self,
        work: Callable[[], T],
        *,
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException, str], None] | None = None,
        busy_text: str = "正在处理，请稍候……",
        busy_parent: QWidget | None = None,
    ) -> Task[T]:
        """Start `work()` off the UI thread; `on_done(result)` / `on_error(error, tb)` run on the UI thread.

        Without `on_error`, a failure goes to `sys.excepthook` (the app's Chinese error dialog).

        A modal progress indicator with `busy_text` appears over `busy_parent` if the work takes longer
        than half a second, and closes when it ends.
        """
        task: Task[T] = Task()  # owned by Python (self._tasks until delivered), never by a Qt parent
        task._busy_text = busy_text
        task._busy_parent = busy_parent
        task._busy_timer.timeout.connect(task._show_busy)
        if on_done is not None:
            task.finished.connect(on_done)
        task.failed.connect(on_error if on_error is not None else _report_unhandled)
        self._tasks.add(task)
        task.finished.connect(lambda _result: self._forget(task))
        task.failed.connect(lambda _error, _tb: self._forget(task))
        task._busy_timer.start(BUSY_DELAY_MS)
        self._pool.start(_Job(work, task._relay))
        return task

    def run_in_session(
        self,
        work: Callable[[Session], T],
        *,
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException, str], None] | None = None,
        busy_text: str = "正在处理，请稍候……",
        busy_parent: QWidget | None = None,
    ) -> Task[T]:
        """Like `run`, but `work(session)` gets a session of its own inside one transaction."""
        factory = self._session_factory
        if factory is None:
            raise RuntimeError("Worker was built without a session factory")

        def in_session() -> T:
            with factory() as session, session.begin():
                return work(session)

        return self.run(in_session, on_done=on_done, on_error=on_error, busy_text=busy_text, busy_parent=busy_parent)

    def _forget(self, task: Task[Any]) -> None:
        self._tasks.discard(task)

    @property
    def active_count(self) -> int:
        """How many jobs have been started and not yet delivered."""
        return len(self._tasks)

    def wait_for_done(self, msecs: int = -1) -> bool:
        """Block until every started job has run (used at shutdown and in tests)."""
        return bool(self._pool.waitForDone(msecs))
