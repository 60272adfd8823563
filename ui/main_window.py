"""The main window: a navigation list on the left, pages built lazily on first show on the right."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar, overload

from PySide6.QtCore import QByteArray, QMargins, QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QFontMetrics, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QMessageBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui.context import UiContext
from ui.help import show_about, show_guide
from ui.operations import Change
from ui.page import Page
from ui.theme import is_dark, tokens
from ui.widgets.icons import icon
from ui.widgets.scrolling import set_page_margins

if TYPE_CHECKING:  # the page modules are imported on first show (start-up stays light)
    from study import UnfinishedAttempt
    from ui.exam_lock import ExamLockPage
    from ui.pages.flashcards import FlashcardsPage
    from ui.pages.home import HomePage
    from ui.pages.paper_start import PaperStartPage
    from ui.pages.paper_submitted import PaperSubmittedPage
    from ui.pages.progress import ProgressPage
    from ui.pages.quiz import QuizPage
    from ui.pages.quiz_setup import QuizSetupPage
    from ui.pages.reader import ReaderPage
    from ui.pages.results import ResultsPage
    from ui.pages.settings import SettingsPage
    from ui.pages.shared_exam import SharedExamPage
    from ui.pages.shared_papers import SharedPapersPage
    from ui.pages.wrong_book import WrongBookPage
    from study import QuizSpec
    from trainer.paper_file import Paper
    from ui.trainer import TrainerPage

GEOMETRY_KEY = "window/geometry"
APP_TITLE = "巡学"
DRILL_SHORTCUT = "Ctrl+D"
PREFERRED_SIZE = QSize(1280, 800)
MINIMUM_SIZE = QSize(720, 480)
ASSUMED_FRAME = QMargins(4, 32, 4, 4)  # title bar and borders before the window manager has said

P = TypeVar("P", bound=Page)
P_co = TypeVar("P_co", bound=Page, covariant=True)


# The pages that could reveal the bank's keys: closed while an exam runs (ui.exam_lock, loaded when needed).
LOCKED_DURING_EXAM = frozenset({"study", "quiz_setup", "wrong_book", "reader", "progress"})


def _running_exam(ctx: UiContext) -> UnfinishedAttempt | None:
    from ui.exam_lock import running_exam

    return running_exam(ctx)


def _tell_exam_running(parent: QWidget, exam: UnfinishedAttempt) -> None:
    from ui.exam_lock import tell_exam_running

    tell_exam_running(parent, exam)


@dataclass(frozen=True)
class PageSlot(Generic[P_co]):
    """Where a page lives: its name, its navigation label ("" = not in the list) and its typed factory.

    The factory imports the page's module on first use, builds the page on the window's stack and
    wires the page's navigation signals to the window; mypy checks that what it returns is a `Page`.
    """

    name: str
    label: str
    factory: Callable[[MainWindow], P_co]


def _home(window: MainWindow) -> HomePage:
    from ui.pages.home import HomePage

    page = HomePage(window.ctx, window.stack)
    page.study_requested.connect(lambda: window.show_page(STUDY.name))
    page.page_requested.connect(window.show_page)
    page.resume_requested.connect(window.open_attempt)
    page.shared_resume_requested.connect(window.open_shared_sitting)
    page.quiz_requested.connect(window.start_quiz)
    return page


def _study(window: MainWindow) -> FlashcardsPage:
    from ui.pages.flashcards import FlashcardsPage

    page = FlashcardsPage(window.ctx, window.stack)
    page.page_requested.connect(window.show_page)
    return page


def _quiz_setup(window: MainWindow) -> QuizSetupPage:
    from ui.pages.quiz_setup import QuizSetupPage

    page = QuizSetupPage(window.ctx, window.stack)
    page.quiz_requested.connect(window.start_quiz)
    return page


def _wrong_book(window: MainWindow) -> WrongBookPage:
    from ui.pages.wrong_book import WrongBookPage

    page = WrongBookPage(window.ctx, window.stack)
    page.quiz_requested.connect(window.start_quiz)
    return page


def _reader(window: MainWindow) -> ReaderPage:
    from ui.pages.reader import ReaderPage

    page = ReaderPage(window.ctx, window.stack)
    page.practice_requested.connect(window.start_practice_on_topics)
    return page


def _progress(window: MainWindow) -> ProgressPage:
    from ui.pages.progress import ProgressPage

    return ProgressPage(window.ctx, window.stack)


def _settings(window: MainWindow) -> SettingsPage:
    from ui.pages.settings import SettingsPage

    return SettingsPage(window.ctx, window.stack)


def _trainer(window: MainWindow) -> TrainerPage:
    from ui.trainer import TrainerPage  # imported on use: keeps the trainer toolkit off start-up

    return TrainerPage(window.ctx, window.stack)


def _quiz(window: MainWindow) -> QuizPage:
    from ui.pages.quiz import QuizPage

    page = QuizPage(window.ctx, window.stack)
    page.attempt_finished.connect(window.show_results)
    page.page_requested.connect(window.show_page)
    return page


def _results(window: MainWindow) -> ResultsPage:
    from ui.pages.results import ResultsPage

    page = ResultsPage(window.ctx, window.stack)
    page.quiz_requested.connect(window.start_quiz)
    page.page_requested.connect(window.show_page)
    page.source_requested.connect(window.show_source)
    return page


def _paper_start(window: MainWindow) -> PaperStartPage:
    from ui.pages.paper_start import PaperStartPage

    page = PaperStartPage(window.ctx, window.stack)
    page.attempt_opened.connect(window.open_attempt)
    page.submitted_requested.connect(window.show_paper_results)
    page.shared_start_requested.connect(window.open_shared_sitting)
    page.page_requested.connect(window.show_page)
    return page


def _paper_submitted(window: MainWindow) -> PaperSubmittedPage:
    from ui.pages.paper_submitted import PaperSubmittedPage

    page = PaperSubmittedPage(window.ctx, window.stack)
    page.results_requested.connect(window.show_results)
    page.page_requested.connect(window.show_page)
    return page


def _shared_papers(window: MainWindow) -> SharedPapersPage:
    from ui.pages.shared_papers import SharedPapersPage

    page = SharedPapersPage(window.ctx, window.stack)
    page.paper_requested.connect(window.show_shared_paper)
    return page


def _shared_exam(window: MainWindow) -> SharedExamPage:
    from ui.pages.shared_exam import SharedExamPage

    page = SharedExamPage(window.ctx, window.stack)
    page.sitting_finished.connect(window.show_shared_paper)
    page.page_requested.connect(window.show_page)
    return page


HOME = PageSlot("home", "首页", _home)
STUDY = PageSlot("study", "学习", _study)
QUIZ_SETUP = PageSlot("quiz_setup", "测验", _quiz_setup)
WRONG_BOOK = PageSlot("wrong_book", "错题本", _wrong_book)
READER = PageSlot("reader", "原文", _reader)
PROGRESS = PageSlot("progress", "进度", _progress)
SETTINGS = PageSlot("settings", "设置", _settings)
TRAINER = PageSlot("trainer", "培训管理", _trainer)
QUIZ = PageSlot("quiz", "", _quiz)
RESULTS = PageSlot("results", "", _results)
PAPER_START = PageSlot("paper_start", "", _paper_start)
PAPER_RESULTS = PageSlot("paper_results", "", _paper_submitted)
SHARED_PAPERS = PageSlot("shared_papers", "单位试卷", _shared_papers)  # listed only on a shared server
SHARED_EXAM = PageSlot("shared_exam", "", _shared_exam)

# In navigation order; every page is built on first show.
PAGE_SLOTS: tuple[PageSlot[Page], ...] = (HOME, STUDY, QUIZ_SETUP, WRONG_BOOK, READER, PROGRESS, SETTINGS, TRAINER,
                                         SHARED_PAPERS, QUIZ, RESULTS, PAPER_START, PAPER_RESULTS, SHARED_EXAM)
EXAM_PAGES = frozenset({"quiz", "shared_exam"})  # pages that sit an exam: leaving a running one asks first
SLOT_BY_NAME: dict[str, PageSlot[Page]] = {slot.name: slot for slot in PAGE_SLOTS}


def window_rect(available: QRect, frame: QMargins, *, current: QRect | None = None) -> QRect:
    """Where the window goes: QRect(top-left of its frame, size of its client area), all inside `available`.

    A new window takes the preferred size (less on a small screen) and is centred; a restored one
    keeps its size and place as far as the screen allows (a laptop after a large monitor).
    """
    room = QSize(available.width() - frame.left() - frame.right(), available.height() - frame.top() - frame.bottom())
    size = (current.size() if current is not None else PREFERRED_SIZE).boundedTo(room)
    outer = QSize(size.width() + frame.left() + frame.right(), size.height() + frame.top() + frame.bottom())
    if current is None:
        x = available.left() + (available.width() - outer.width()) // 2
        y = available.top() + (available.height() - outer.height()) // 2
    else:
        x = max(available.left(), min(current.x(), available.left() + available.width() - outer.width()))
        y = max(available.top(), min(current.y(), available.top() + available.height() - outer.height()))
    return QRect(QPoint(x, y), size)


class MainWindow(QMainWindow):
    """The application window; connects the pages' navigation signals to each other."""

    page_shown = Signal(str)  # name of the page now on screen

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(APP_TITLE)
        self._pages: dict[str, Page] = {}
        self._stack_index: dict[str, int] = {}
        self._current = ""
        self._extra_menu_hooks: list[Callable[[], None]] = []
        self._exam_lock: ExamLockPage | None = None

        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.sidebar = QWidget(central)
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        side = QVBoxLayout(self.sidebar)
        side.setContentsMargins(8, 12, 8, 8)
        brand = QLabel(APP_TITLE, self.sidebar)
        brand.setObjectName("brand")
        side.addWidget(brand)
        self.nav = QListWidget(self.sidebar)
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName("导航")
        self.nav.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.nav.setSpacing(2)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        side.addWidget(self.nav, 1)
        self.stack = QStackedWidget(central)
        self.stack.setObjectName("pages")
        layout.addWidget(self.sidebar)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        for slot in self.listed_slots():
            item = QListWidgetItem(slot.label)
            item.setData(Qt.ItemDataRole.UserRole, slot.name)
            item.setToolTip(slot.label)
            self.nav.addItem(item)
        self._fit_navigation()
        self.nav.currentItemChanged.connect(self._on_nav_changed)
        self._build_menus()
        ctx.events.learner_changed.connect(self._on_learner_changed)
        ctx.events.appearance_changed.connect(self._fit_navigation)
        ctx.events.changed.connect(self._on_changed)
        self._update_title()
        self.expire_overdue_attempts()  # start-up: exams whose time ran out while the app was closed

    def listed_slots(self) -> list[PageSlot[Page]]:
        """The pages of the navigation list (单位试卷 only on a shared server)."""
        from foundation.server import is_postgresql

        on_server = is_postgresql(self.ctx.app.db_url)
        return [slot for slot in PAGE_SLOTS if slot.label and (on_server or slot is not SHARED_PAPERS)]

    # ----- menus -------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("文件(&F)")
        self.file_menu = file_menu
        open_paper = QAction("打开试卷文件(&O)…", self)
        open_paper.setShortcut(QKeySequence.StandardKey.Open)
        open_paper.triggered.connect(self.open_paper_file)
        paper_results = QAction("试卷成绩记录(&R)…", self)
        paper_results.triggered.connect(lambda: self.show_paper_results(None))
        import_receipt = QAction("导入成绩回执(&H)…", self)
        import_receipt.triggered.connect(self.import_receipt)
        self.export_progress_action = QAction("导出学习记录(&E)…", self)
        self.export_progress_action.triggered.connect(self.export_progress)
        self.import_progress_action = QAction("导入学习记录(&I)…", self)
        self.import_progress_action.triggered.connect(self.import_progress)
        export_anki = QAction("导出卡片到 Anki(&A)…", self)
        export_anki.triggered.connect(self.export_anki)
        quit_action = QAction("退出(&X)", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.quit_asking)
        for action in (open_paper, paper_results, import_receipt, None, self.export_progress_action,
                       self.import_progress_action, export_anki, None, quit_action):
            if action is None:
                file_menu.addSeparator()
            else:
                file_menu.addAction(action)
        self.quit_action = quit_action

        learner_menu = self.menuBar().addMenu("学员(&L)")
        switch_action = QAction("切换学员(&S)…", self)
        switch_action.setShortcut(QKeySequence("Ctrl+Shift+L"))
        switch_action.triggered.connect(self.switch_learner)
        learner_menu.addAction(switch_action)
        self.switch_learner_action = switch_action

        go_menu = self.menuBar().addMenu("转到(&G)")
        self.go_menu = go_menu
        for number, slot in enumerate(self.listed_slots()):
            action = QAction(f"{slot.label}(&{number + 1})", self)
            action.setShortcut(QKeySequence(f"Ctrl+{number + 1}"))
            action.setData(slot.name)
            action.triggered.connect(lambda _checked=False, name=slot.name: self.navigate(name))
            go_menu.addAction(action)
        go_menu.addSeparator()
        self.drill_action = QAction("强化练习：薄弱专题(&D)", self)
        self.drill_action.setShortcut(QKeySequence(DRILL_SHORTCUT))
        self.drill_action.triggered.connect(self.drill_weak_topics)
        go_menu.addAction(self.drill_action)

        help_menu = self.menuBar().addMenu("帮助(&H)")  # Alt+H, as in most programs; 返回… buttons take Alt+B
        self.help_menu = help_menu
        guide = QAction("学习指南(&G)", self)
        guide.setShortcut(QKeySequence.StandardKey.HelpContents)
        guide.triggered.connect(lambda: show_guide(self))
        about = QAction("关于巡学(&A)", self)
        about.triggered.connect(lambda: show_about(self))
        help_menu.addAction(guide)
        help_menu.addAction(about)

    def _fit_navigation(self) -> None:
        """Icons and width for the current text size and theme (the list follows the application font)."""
        metrics = QFontMetrics(QApplication.font())
        icon_size = round(metrics.height() * 1.25)
        self.nav.setIconSize(QSize(icon_size, icon_size))
        colours = tokens(dark=is_dark(QApplication.palette()))
        ratio = self.devicePixelRatioF()
        for row in range(self.nav.count()):
            item = self.nav.item(row)
            item.setIcon(icon(str(item.data(Qt.ItemDataRole.UserRole)), normal=colours.muted,
                              selected=colours.accent, size=icon_size, device_pixel_ratio=ratio))
        width = max((metrics.horizontalAdvance(self.nav.item(i).text()) for i in range(self.nav.count())), default=60)
        # text + icon + the item's padding (10px a side) + the gap between icon and text + the sidebar's margins
        self.sidebar.setFixedWidth(width + icon_size + 2 * 10 + metrics.averageCharWidth() * 2 + 2 * 8 + 8)

    # ----- pages -------------------------------------------------------------------------------
    @overload
    def page(self, which: PageSlot[P]) -> P: ...

    @overload
    def page(self, which: str) -> Page: ...

    def page(self, which: PageSlot[P] | str) -> P | Page:
        """The page of that slot (typed) or name, building it on first use."""
        slot: PageSlot[Page] = SLOT_BY_NAME[which] if isinstance(which, str) else which
        if slot.name not in self._pages:
            page = slot.factory(self)
            assert isinstance(page, QWidget)  # every factory builds a widget on the stack
            layout = page.layout()
            if layout is not None and not layout.contentsMargins().isNull():
                set_page_margins(layout)  # pages that scroll set their body's margins themselves
            self._pages[slot.name] = page
            self._stack_index[slot.name] = self.stack.addWidget(page)
        return self._pages[slot.name]

    def built_pages(self) -> dict[str, Page]:
        """The pages built so far (by name)."""
        return dict(self._pages)

    @property
    def current_page_name(self) -> str:
        """The name of the page on screen."""
        return self._current

    @overload
    def show_page(self, which: PageSlot[P], *, refresh: bool = True) -> P: ...

    @overload
    def show_page(self, which: str, *, refresh: bool = True) -> Page: ...

    def show_page(self, which: PageSlot[P] | str, *, refresh: bool = True) -> P | Page:
        """Bring a page to the front (building it if needed) and reload what it shows.

        While an exam runs, a page that could reveal answers stays closed: a notice stands in its place.
        """
        page = self.page(which)
        name = which if isinstance(which, str) else which.name
        self._current = name
        exam = self.running_exam() if name in LOCKED_DURING_EXAM else None
        if exam is not None:
            lock = self._exam_lock_page()
            lock.show_for(SLOT_BY_NAME[name].label, exam)
            self.stack.setCurrentWidget(lock)
        else:
            self.stack.setCurrentIndex(self._stack_index[name])
        self._select_nav(name)
        if refresh and exam is None:
            page.refresh()
        if name == TRAINER.name:
            QTimer.singleShot(0, self._focus_trainer)  # after the list that was clicked has taken its focus
        self.page_shown.emit(name)
        return page

    def running_exam(self) -> UnfinishedAttempt | None:
        """The learner's exam in progress: the database's word, or the shared exam page's while offline."""
        shared = self._pages.get(SHARED_EXAM.name)
        held = self.page(SHARED_EXAM).running() if shared is not None else None
        return held or _running_exam(self.ctx)

    def _exam_lock_page(self) -> ExamLockPage:
        from ui.exam_lock import ExamLockPage

        if self._exam_lock is None:
            self._exam_lock = ExamLockPage(self.ctx, self.stack)
            self._exam_lock.resume_requested.connect(self.open_attempt)
            self._exam_lock.shared_resume_requested.connect(self.open_shared_sitting)
            self.stack.addWidget(self._exam_lock)
        return self._exam_lock

    def navigate(self, name: str) -> None:
        """The learner asks for a page (navigation list, 转到 menu): leaving a running exam asks first."""
        if self._current in EXAM_PAGES and name != self._current and not self._may_leave_exam():
            self._select_nav(self._current)
            return
        self.show_page(name)

    def _focus_trainer(self) -> None:
        """培训管理 opens with the keyboard in the password field (while it is locked)."""
        if self._current != TRAINER.name:
            return
        trainer = self.page(TRAINER)
        if not trainer.unlocked:
            trainer.gate.password.setFocus(Qt.FocusReason.OtherFocusReason)

    def _select_nav(self, name: str) -> None:
        nav_name = {QUIZ.name: QUIZ_SETUP.name, RESULTS.name: QUIZ_SETUP.name, PAPER_RESULTS.name: QUIZ_SETUP.name,
                    SHARED_EXAM.name: SHARED_PAPERS.name,
                    PAPER_START.name: SHARED_PAPERS.name if self._shared_start_shown() else QUIZ_SETUP.name,
                    }.get(name, name)
        for row in range(self.nav.count()):
            item = self.nav.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == nav_name:
                if self.nav.currentRow() != row:
                    self.nav.blockSignals(True)
                    self.nav.setCurrentRow(row)
                    self.nav.blockSignals(False)
                return

    def _shared_start_shown(self) -> bool:
        page = self._pages.get(PAPER_START.name)
        return page is not None and getattr(page, "shared_uid", None) is not None

    def _on_nav_changed(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if current is not None:
            self.navigate(str(current.data(Qt.ItemDataRole.UserRole)))

    # ----- navigation API used by pages and the application ---------------------------------------
    def open_attempt(self, attempt_id: int) -> None:
        """Show the quiz page on that attempt (resuming it where it stood)."""
        self.show_page(QUIZ, refresh=False).open_attempt(attempt_id)

    def show_results(self, attempt_id: int) -> None:
        """Show the results page of a submitted attempt (已交卷 for a keyless paper still waiting for its receipt)."""
        from trainer.paper_sitting import awaiting_grade

        if self.ctx.ops.read_now(lambda s: awaiting_grade(s, attempt_id)):
            self.show_paper_results(attempt_id)
            return
        self.show_page(RESULTS, refresh=False).show_attempt(attempt_id)

    def show_paper_results(self, attempt_id: int | None) -> None:
        """已交卷 and the paper result history (with 导出成绩文件), on that attempt or the newest."""
        self.show_page(PAPER_RESULTS, refresh=False).show_attempt(attempt_id)

    def import_receipt(self) -> None:
        """文件 → 导入成绩回执…: the trainer's grading of a submitted paper, then its result."""
        from ui.trainer import import_receipt_dialog

        attempt_id = import_receipt_dialog(self.ctx, self)
        if attempt_id is not None:
            self.show_paper_results(attempt_id)

    def start_quiz(self, spec: QuizSpec) -> None:
        """Start a quiz from a spec and show it (none while an exam runs: practice would show its keys)."""
        exam = self.running_exam()
        if exam is not None:
            _tell_exam_running(self, exam)
            return
        attempt_id = self.page(QUIZ).start(spec)
        if attempt_id is not None:
            self.open_attempt(attempt_id)

    def show_source(self, document_id: int, start: int, end: int) -> None:
        """Show a span of a document in the reader (原文), highlighted."""
        self.show_page(READER).show_source(document_id, start, end)

    def start_practice_on_topics(self, topic_ids: list[int]) -> None:
        """Start a practice quiz on the given topics (强化练习, reader's 练一练)."""
        self.start_quiz(self.page(QUIZ_SETUP).practice_spec(list(topic_ids)))

    def drill_weak_topics(self) -> None:
        """强化练习 (Ctrl+D): a practice quiz on the weak topics listed on 首页."""
        learner_id = self.ctx.learner_id
        if learner_id is None:
            return
        from study import drill_spec, weak_topics

        now = self.ctx.clock()
        weak = self.ctx.ops.read_now(lambda s: weak_topics(s, learner_id=learner_id, now=now))
        if not weak:
            QMessageBox.information(self, "强化练习", "暂无薄弱专题。先去“学习”或“测验”积累一些记录吧。")
            return
        self.start_quiz(drill_spec(weak))

    def expire_overdue_attempts(self) -> None:
        """Submit, as they stood, the learner's attempts whose deadline passed (a write op, never a refresh)."""
        learner_id = self.ctx.learner_id
        if learner_id is None:
            return
        from study import resume_or_expire

        now = self.ctx.clock()
        self.ctx.ops.write_now(lambda s: resume_or_expire(s, learner_id=learner_id, now=now),
                               changes=Change.STUDY, parent=self)

    def switch_learner(self) -> None:
        """Choose another learner profile (or create one) in the profiles dialog."""
        from ui.pages.profiles import choose_learner

        if not self._may_leave_exam():
            return
        choose_learner(self.ctx, self)  # emits learner_changed when the learner changes
        self._update_title()

    def export_progress(self) -> None:
        """文件 → 导出学习记录…: the current learner's history to a file."""
        from ui import progress_files  # imported on use: keeps the transfer code off start-up

        progress_files.export_progress(self.ctx, self)

    def import_progress(self) -> None:
        """文件 → 导入学习记录…: merge a history file into this database."""
        from ui import progress_files

        progress_files.import_progress(self.ctx, self)

    def open_paper_file(self) -> None:
        """文件 → 打开试卷文件…: the paper's start screen (or its submitted result when no attempt is left)."""
        from ui.trainer import choose_paper_file  # imported on use: keeps the trainer off start-up

        exam = self.running_exam()
        if exam is not None:
            _tell_exam_running(self, exam)  # one exam at a time
            return
        paper = choose_paper_file(self.ctx, self)
        if paper is not None:
            self.show_paper(paper)

    def show_paper(self, paper: Paper) -> None:
        """A paper read from its file: its start screen, or the submitted one when every attempt allowed is used."""
        page = self.show_page(PAPER_START, refresh=False)
        page.show_paper(paper)
        status = page.status
        if status is not None and not status.can_start and status.last_submitted_id is not None:
            self.show_results(status.last_submitted_id)  # its result, or 已交卷 while the receipt is awaited

    def show_shared_paper(self, paper_uid: str) -> None:
        """A paper published on the shared server: its start screen (已交卷 once handed in)."""
        self.show_page(PAPER_START, refresh=False).show_shared(paper_uid)
        self._select_nav(PAPER_START.name)

    def open_shared_sitting(self, paper_uid: str) -> None:
        """Sit (or go back to) a published paper; one exam at a time."""
        exam = self.running_exam()
        if exam is not None and not (exam.on_server and exam.paper_uid == paper_uid):
            _tell_exam_running(self, exam)
            return
        page = self.page(SHARED_EXAM)
        if page.open_paper(paper_uid) and page.quiz is not None and not page.quiz.is_submitted:
            self.show_page(SHARED_EXAM, refresh=False)

    def export_anki(self) -> None:
        """文件 → 导出卡片到 Anki…: the flashcards as an .apkg for Anki on the phone."""
        from ui.anki_export_action import export_anki_with_dialog  # imported on use: keeps genanki off start-up

        export_anki_with_dialog(self.ctx, self)

    def _update_title(self) -> None:
        name = ""
        if self.ctx.learner_id is not None:
            from study import get_learner

            learner_id = self.ctx.learner_id
            name = self.ctx.ops.read_now(lambda s: get_learner(s, learner_id).name)
        # Qt adds the application's name after a title unless the title already ends with it
        self.setWindowTitle(f"{name} — {APP_TITLE}" if name else APP_TITLE)

    def _on_learner_changed(self) -> None:
        """Another learner: the page on screen reloads now, the others when next shown (show_page refreshes)."""
        self._update_title()
        quiz = self._pages.get(QUIZ.name)
        if quiz is not None:
            quiz.suspend()  # the previous learner's attempt stays open for them, its clock display stops
        self.expire_overdue_attempts()
        if self._current in (QUIZ.name, RESULTS.name, PAPER_START.name, PAPER_RESULTS.name, SHARED_EXAM.name):
            self.show_page(HOME)
            return
        page = self._pages.get(self._current)
        if page is not None:
            page.refresh()

    def _on_changed(self, changes: Change) -> None:
        if changes & Change.LEARNER:
            self._update_title()  # a rename

    # ----- geometry ------------------------------------------------------------------------------
    def restore_geometry(self) -> None:
        """Restore size and position from QSettings, kept on the screen it opens on; else fill that screen sensibly."""
        geometry = self.ctx.settings.value(GEOMETRY_KEY)
        restored = isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)
        if restored and self.isMaximized():
            return
        self.fit_to_screen(keep=restored)

    def fit_to_screen(self, available: QRect | None = None, *, keep: bool = False) -> None:
        """Size and place the window inside the screen's available geometry (the task bar excluded).

        Args:
            available: the area to fit (default: the available geometry of the window's screen).
            keep: keep the present size and position where they fit (a restored geometry).
        """
        if available is None:
            screen = self.screen() or QGuiApplication.primaryScreen()
            if screen is None:
                self.resize(PREFERRED_SIZE)
                return
            available = screen.availableGeometry()
        frame = self._frame_margins()
        current = QRect(self.pos(), self.size()) if keep else None
        target = window_rect(available, frame, current=current)
        self.setMinimumSize(MINIMUM_SIZE.boundedTo(target.size()))
        self.resize(target.size())
        self.move(target.topLeft())

    def _frame_margins(self) -> QMargins:
        """The window manager's frame around the client area (a guess until the window was shown)."""
        if self.isVisible():
            frame = self.frameGeometry()
            inner = self.geometry()
            return QMargins(inner.left() - frame.left(), inner.top() - frame.top(),
                            frame.right() - inner.right(), frame.bottom() - inner.bottom())
        platform = QGuiApplication.platformName()
        return QMargins() if platform in ("offscreen", "minimal") else ASSUMED_FRAME

    def save_geometry(self) -> None:
        """Remember size and position in QSettings."""
        self.ctx.settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        self.ctx.settings.sync()

    def quit_asking(self) -> None:
        """文件 → 退出: a running exam asks first (closing by the title bar asks in `closeEvent`)."""
        if self._may_leave_exam():
            self.close()

    def _may_leave_exam(self) -> bool:
        """Whether the learner may leave an exam page's running exam (asked only when it is on screen)."""
        if self._current not in EXAM_PAGES or self._current not in self._pages:
            return True
        return self.page(QUIZ if self._current == QUIZ.name else SHARED_EXAM).may_leave()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        """Remember geometry; a running exam asks first, then stays as it is (its answers are committed, its clock runs on)."""
        if event.spontaneous() and not self._may_leave_exam():  # the title bar's close button, Alt+F4
            event.ignore()
            return
        self.save_geometry()
        for page in self._pages.values():
            page.suspend()
        super().closeEvent(event)
