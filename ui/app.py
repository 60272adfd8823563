"""Starting the desktop application: one instance per data directory, a sound database, a learner, the window."""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import os
import random
import sys
import traceback
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QLibraryInfo, QLocale, QObject, QSettings, QTimer, QTranslator, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from foundation.context import AppContext
from foundation.data_dir import DB_FILENAME
from foundation.instance_lock import DataDirLock
from ui.context import UiContext, UiEvents, log_error, utc_now

if TYPE_CHECKING:
    from study import DatabaseHealth
    from ui.operations import Operations, Task

APP_NAME = "Xunxue"
ALREADY_RUNNING_MESSAGE = "巡学已在运行，已切换到已打开的窗口。"
EXIT_WHEN_READY_ENV = "XUNXUE_EXIT_WHEN_READY"
_RAISE_REQUEST = b"raise\n"
BACKGROUND_CHECK_DELAY_MS = 2000


def server_name(data_dir: Path) -> str:
    """The local-socket name of the instance running on a data directory (a hash: paths may be long)."""
    digest = hashlib.sha256(str(data_dir.resolve()).encode("utf-8")).hexdigest()[:16]
    return f"xunxue-{digest}"


class SingleInstance(QObject):
    """Owns the data directory for this process: a lock file plus a local server a second copy talks to."""

    activation_requested = Signal()  # a second copy was started on the same data directory

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.name = server_name(data_dir)
        self._lock = DataDirLock(data_dir)  # released by the system if this process dies
        self._server: QLocalServer | None = None

    def acquire(self) -> bool:
        """Take the data directory; False when another running copy holds it."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if not self._lock.acquire():
            return False
        QLocalServer.removeServer(self.name)  # left over by a crashed copy
        self._server = QLocalServer(self)
        self._server.newConnection.connect(self._on_connection)
        self._server.listen(self.name)
        return True

    def _on_connection(self) -> None:
        assert self._server is not None
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.readyRead.connect(lambda s=socket: self._on_request(s))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._on_request(socket)

    def _on_request(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(_RAISE_REQUEST.strip()):
            socket.write(b"ok\n")
            socket.flush()
            self.activation_requested.emit()

    def release(self) -> None:
        """Stop listening and unlock (at exit)."""
        if self._server is not None:
            self._server.close()
            self._server = None
        self._lock.release()


def hand_over_to_running_instance(data_dir: Path, *, timeout_ms: int = 2000) -> bool:
    """Ask the copy running on `data_dir` to raise its window; True if it answered."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(data_dir))
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(_RAISE_REQUEST)
    socket.flush()
    answered = socket.waitForReadyRead(timeout_ms)
    socket.disconnectFromServer()
    return answered


def _failed_database_write(error: BaseException) -> BaseException | None:
    """The database error behind `error` (itself, or what it was raised from), if any."""
    from foundation.errors import database_failure

    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if database_failure(current) is not None:
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def crash_message(error: BaseException, log_path: Path) -> str:
    """The crash dialog's text: it says the learning record is saved only when no database write failed.

    Every answer and review is committed as it is given, so an error elsewhere loses nothing; a failed
    database write (full disk, locked or read-only file, damage) means the last step was not stored.
    """
    from foundation.errors import database_failure

    database_error = _failed_database_write(error)
    if database_error is not None:
        return (f"刚才的操作未能保存到数据库：{database_failure(database_error)}\n\n"
                f"最后一次作答或复习没有记录，请解决上述问题后重做这一步；此前的学习记录不受影响。"
                f"错误详情已记录在：\n{log_path}")
    return f"程序遇到了一个意外错误：{error}\n\n您的学习记录已经保存。错误详情已记录在：\n{log_path}"


QT_TRANSLATIONS = ("qtbase_zh_CN",)  # QMessageBox's 是/否/确定, QFileDialog, QLineEdit's context menu


class _MissingQtWords(QTranslator):
    """Words Qt's zh_CN catalogue leaves in English (the file dialog's “Look in:” and “Files of type:”)."""

    WORDS = {
        ("QFileDialog", "&Look in:"): "查找范围(&L)：",
        ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
    }

    def translate(self, context: str, source_text: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        del disambiguation, n
        return self.WORDS.get((context, source_text))  # None: a null string, so Qt asks the next catalogue

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False


def install_qt_translations(app: QApplication) -> bool:
    """Make Qt's own dialogs and buttons speak Chinese (是/否, 打开, 取消 ...).

    Loads Qt's zh_CN catalogues from the PySide6 installation; True if they were found. Without them
    (a stripped Qt build) the app still runs, with Qt's English words on standard buttons.
    """
    if app.property("xunxue_translations_installed"):
        return True
    directory = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    loaded = False
    for name in QT_TRANSLATIONS:
        translator = QTranslator(app)  # owned by the app: lives as long as it
        if translator.load(name, directory):
            app.installTranslator(translator)
            loaded = True
        else:
            translator.deleteLater()
    if loaded:
        app.installTranslator(_MissingQtWords(app))  # installed last: asked first, falls through when empty
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    app.setProperty("xunxue_translations_installed", loaded)
    return loaded


def install_excepthook(data_dir: Path, parent_of_dialog: QWidget | None = None) -> None:
    """Replace the traceback crash with a Chinese dialog; the traceback goes to `error.log` in the data dir."""
    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        details = "".join(traceback.format_exception(kind, error, tb))
        log_path = log_error(data_dir, details)
        print(details, file=sys.stderr)
        if QApplication.instance() is not None:
            box = QMessageBox(QMessageBox.Icon.Critical, "巡学出现错误", crash_message(error, log_path),
                              QMessageBox.StandardButton.Ok, parent_of_dialog)
            box.setDetailedText(details)
            box.exec()

    sys.excepthook = hook


def ensure_sound_database(context: AppContext, parent: QWidget | None = None) -> bool:
    """Check the database file; offer to restore the newest good backup if it is damaged.

    Returns False when the app must not start (damaged and not restored): it never starts empty
    over a learner's history.
    """
    if not context.is_default_sqlite:
        return True
    from study import check_data_dir, newest_good_backup, restore_backup

    db_path = context.data_dir / DB_FILENAME
    health = check_data_dir(context.data_dir)
    if health.ok or health.status.value == "missing":
        return True
    backup = newest_good_backup(context.data_dir)
    if backup is None:
        QMessageBox.critical(parent, "数据库已损坏",
                             f"{health.message}\n\n没有找到可用的备份。为保护您的学习记录，巡学不会在损坏的数据库上启动。"
                             f"\n数据库文件：{db_path}")
        return False
    answer = QMessageBox.question(
        parent, "数据库已损坏",
        f"{health.message}\n\n是否用最近的完好备份（{backup.day:%Y年%m月%d日}）恢复？损坏的文件会保留一份，不会删除。",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes,
    )
    if answer != QMessageBox.StandardButton.Yes:
        return False
    restore_backup(context.data_dir, backup, now=utc_now())
    QMessageBox.information(parent, "已恢复", "已从备份恢复数据库。备份之后的学习记录无法找回。")
    return True


def make_ui_context(context: AppContext, settings: QSettings) -> UiContext:
    """Open the database (migrating a fresh one and filling the built-in bank) and wrap it for the pages."""
    factory = context.session_factory()
    return UiContext(app=context, session_factory=factory, settings=settings, events=UiEvents(),
                     clock=utc_now, rng=random.Random())


def select_learner(ctx: UiContext, parent: QWidget | None = None) -> int | None:
    """The active learner, or the profiles dialog on first start (None if the learner cancelled)."""
    from study import active_learner

    learner = ctx.ops.read_now(active_learner)
    if learner is not None:
        ctx.learner_id = int(learner.id)
        return ctx.learner_id
    from ui.pages.profiles import choose_learner

    return choose_learner(ctx, parent)


def settings_for(context: AppContext) -> QSettings:
    """The app's settings: an ini file in the data directory (each data directory keeps its own)."""
    return QSettings(str(context.data_dir / "settings.ini"), QSettings.Format.IniFormat)


def _daily_backup(context: AppContext) -> None:
    from study import make_daily_backup

    make_daily_backup(context.data_dir, now=dt.datetime.now(dt.timezone.utc))


def run_gui(context: AppContext) -> int:
    """Start Qt, open the main window and run the event loop; returns the exit code."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName("巡学")
    if not install_qt_translations(app):
        print("未找到Qt的中文翻译文件（qtbase_zh_CN.qm），系统对话框的按钮将显示英文。", file=sys.stderr)
    instance = SingleInstance(context.data_dir)
    if not instance.acquire():
        handed_over = hand_over_to_running_instance(context.data_dir)
        message = ALREADY_RUNNING_MESSAGE if handed_over else "巡学已在另一个窗口中使用此数据目录，请先关闭它。"
        print(message, file=sys.stderr)
        if app.platformName() != "offscreen":  # someone who double-clicked sees no terminal
            box = QMessageBox(QMessageBox.Icon.Information, "巡学", message)
            QTimer.singleShot(4000, box.accept)
            box.exec()
        return 0 if handed_over else 1
    install_excepthook(context.data_dir)
    try:
        return _run_window_offering_restore(app, context, instance)
    finally:
        instance.release()


def _run_window_offering_restore(app: QApplication, context: AppContext, instance: SingleInstance) -> int:
    """Run the window; damage found after the database opened (mid-file) still gets the restore dialog.

    Without this, damage that only shows when a page first reads ended the process with a line on stderr.
    """
    from sqlalchemy.exc import DatabaseError

    from foundation.errors import database_failure

    try:
        return _run_window(app, context, instance)
    except DatabaseError as error:
        if database_failure(error) is None:
            raise
        context.dispose()
        if not _database_file_damaged(context):  # locked, full disk, no permission: say so
            QMessageBox.critical(None, "无法打开数据库", str(database_failure(error)))
            return 2
        if not ensure_sound_database(context):  # damaged: it offers the newest good backup
            return 2
        return _run_window(app, context, instance)


def _database_file_damaged(context: AppContext) -> bool:
    """Whether the data directory's database file fails the full check (or is lost beside backups)."""
    from study import check_data_dir

    return context.is_default_sqlite and not check_data_dir(context.data_dir).ok


def _run_window(app: QApplication, context: AppContext, instance: SingleInstance) -> int:
    from ui.main_window import MainWindow
    from ui.theme import apply_appearance

    from ui.server_choice import choose_reachable_database, show_database

    if not choose_reachable_database(context):
        return 1
    settings = settings_for(context)
    apply_appearance(app, settings)
    ctx = open_checked(context, settings)
    if ctx is None:
        return 1
    ctx.events.appearance_changed.connect(lambda: apply_appearance(app, settings))
    if select_learner(ctx) is None:
        return 0
    window = MainWindow(ctx)
    window.restore_geometry()  # the last size and place, kept inside the screen it opens on
    show_database(window, context)
    instance.activation_requested.connect(lambda: _raise_window(window))
    window.show()
    window.show_page("home")
    gc.freeze()  # what start-up built lives as long as the window: keep it out of every later collection
    gc.enable()
    if os.environ.get(EXIT_WHEN_READY_ENV) == "1":
        report_ready_after_first_paint(window, app)
    elif context.is_default_sqlite:
        QTimer.singleShot(BACKGROUND_CHECK_DELAY_MS, lambda: check_in_background(context, ctx.ops, window))
    code = app.exec()
    ctx.ops.wait_for_done()
    return int(code)


def open_checked(context: AppContext, settings: QSettings, parent: QWidget | None = None) -> UiContext | None:
    """Open the database for the pages; a file that will not open gets the full check and the restore offer.

    The full integrity check reads the whole file, so a database that opens normally is checked
    after the window is up (`check_in_background`) instead of delaying every start.
    """
    from sqlalchemy.exc import DatabaseError

    try:
        return make_ui_context(context, settings)
    except DatabaseError:
        context.dispose()
    if not ensure_sound_database(context, parent):
        return None
    return make_ui_context(context, settings)


def check_in_background(context: AppContext, ops: Operations, window: QWidget) -> Task[DatabaseHealth]:
    """The full integrity check and the daily backup, off the UI thread; damage gets the restore offer."""
    from study import check_database

    def check_and_back_up() -> DatabaseHealth:
        health = check_database(context.data_dir / DB_FILENAME)
        if health.ok:
            _daily_backup(context)
        return health

    return ops.run_in_background(check_and_back_up, on_done=lambda health: _report_damage(context, health, window),
                                 busy_text="")  # a quiet check: no progress dialog over the learner's work


def _report_damage(context: AppContext, health: DatabaseHealth, window: QWidget) -> None:
    """A database found damaged while the app runs: offer the newest good backup (and a restart)."""
    if health.ok:
        return
    from study import newest_good_backup, restore_backup

    backup = newest_good_backup(context.data_dir)
    if backup is None:
        QMessageBox.critical(window, "数据库已损坏",
                             f"{health.message}\n\n没有找到可用的备份。请勿继续学习，并把数据目录交给管理员检查：\n{context.data_dir}")
        return
    answer = QMessageBox.question(
        window, "数据库已损坏",
        f"{health.message}\n\n是否用最近的完好备份（{backup.day:%Y年%m月%d日}）恢复？恢复后巡学将关闭，请重新打开。"
        "损坏的文件会保留一份，不会删除。",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes,
    )
    if answer != QMessageBox.StandardButton.Yes:
        return
    context.dispose()
    restore_backup(context.data_dir, backup, now=utc_now())
    QMessageBox.information(window, "已恢复", "已从备份恢复数据库。请重新打开巡学。")
    window.close()
    app = QApplication.instance()
    if app is not None:
        app.quit()


def _raise_window(window: QWidget) -> None:
    window.showNormal()
    window.raise_()
    window.activateWindow()


class _FirstPaintWatcher(QObject):
    """Prints `ready` and quits once the window has painted for the first time (the start-up benchmark's end)."""

    def __init__(self, window: QWidget, app: QApplication) -> None:
        super().__init__(window)
        self._app = app
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._report)
        return False

    def _report(self) -> None:
        print("ready", flush=True)
        self._app.quit()


def report_ready_after_first_paint(window: QWidget, app: QApplication) -> None:
    """Print `ready` and quit after the window's first paint (XUNXUE_EXIT_WHEN_READY=1)."""
    _FirstPaintWatcher(window, app)
