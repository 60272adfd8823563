"""The main window: a navigation list on the left, pages built lazily on first show on the right."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QFontMetrics, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
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

GEOMETRY_KEY = "window/geometry"


@dataclass(frozen=True)
class PageSlot:
    """Where a page lives: its name, its navigation label ("" = not in the list), its module and class."""

    name: str
    label: str
    module: str
    class_name: str


# Every page is `<class_name>(ctx, parent)` in `<module>` with `refresh()`; built on first show.
PAGE_SLOTS: tuple[PageSlot, ...] = (
    PageSlot("home", "首页", "ui.pages.home", "HomePage"),
    PageSlot("study", "学习", "ui.pages.flashcards", "FlashcardsPage"),
    PageSlot("quiz_setup", "测验", "ui.pages.quiz_setup", "QuizSetupPage"),
    PageSlot("wrong_book", "错题本", "ui.pages.wrong_book", "WrongBookPage"),
    PageSlot("reader", "原文", "ui.pages.reader", "ReaderPage"),
    PageSlot("progress", "进度", "ui.pages.progress", "ProgressPage"),
    PageSlot("settings", "设置", "ui.pages.settings", "SettingsPage"),
    PageSlot("trainer", "培训管理", "ui.trainer", "TrainerPage"),
    PageSlot("quiz", "", "ui.pages.quiz", "QuizPage"),
    PageSlot("results", "", "ui.pages.results", "ResultsPage"),
)
SLOT_BY_NAME = {slot.name: slot for slot in PAGE_SLOTS}


def load_page_class(slot: PageSlot) -> Callable[[UiContext, QWidget], QWidget]:
    """The page class of a slot, imported on first use (pages are built lazily to keep start-up fast)."""
    page_class: Callable[[UiContext, QWidget], QWidget] = getattr(importlib.import_module(slot.module), slot.class_name)
    return page_class


class MainWindow(QMainWindow):
    """The application window; connects the pages' navigation signals to each other."""

    page_shown = Signal(str)  # name of the page now on screen

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("巡学 · 巡视工作条例学习")
        self._pages: dict[str, QWidget] = {}
        self._stack_index: dict[str, int] = {}
        self._current = ""
        self._extra_menu_hooks: list[Callable[[], None]] = []

        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.nav = QListWidget(central)
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName("导航")
        self.nav.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.nav.setSpacing(4)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # no style sheet: it would stop the list following the text size
        self.stack = QStackedWidget(central)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        for slot in PAGE_SLOTS:
            if not slot.label:
                continue
            item = QListWidgetItem(slot.label)
            item.setData(Qt.ItemDataRole.UserRole, slot.name)
            self.nav.addItem(item)
        self._fit_navigation()
        self.nav.currentItemChanged.connect(self._on_nav_changed)
        self._build_menus()
        ctx.events.learner_changed.connect(self._on_learner_changed)
        ctx.events.appearance_changed.connect(self._fit_navigation)
        self._update_title()

    # ----- menus -------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("文件(&F)")
        self.file_menu = file_menu
        quit_action = QAction("退出(&X)", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        open_paper = QAction("打开试卷文件(&O)…", self)
        open_paper.setShortcut(QKeySequence.StandardKey.Open)
        open_paper.triggered.connect(self.open_paper_file)
        file_menu.addAction(open_paper)
        export_anki = QAction("导出卡片到 Anki(&A)…", self)
        export_anki.triggered.connect(self.export_anki)
        file_menu.addAction(export_anki)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        self.quit_action = quit_action
        learner_menu = self.menuBar().addMenu("学员(&L)")
        switch_action = QAction("切换学员(&S)…", self)
        switch_action.setShortcut(QKeySequence("Ctrl+Shift+L"))
        switch_action.triggered.connect(self.switch_learner)
        learner_menu.addAction(switch_action)
        self.switch_learner_action = switch_action
        go_menu = self.menuBar().addMenu("转到(&G)")
        for number, slot in enumerate(s for s in PAGE_SLOTS if s.label and s.name != "trainer"):
            action = QAction(slot.label, self)
            action.setShortcut(QKeySequence(f"Ctrl+{number + 1}"))
            action.triggered.connect(lambda _checked=False, name=slot.name: self.show_page(name))
            go_menu.addAction(action)

    def _fit_navigation(self) -> None:
        metrics = QFontMetrics(QApplication.font())  # the list follows the application font
        width = max((metrics.horizontalAdvance(self.nav.item(i).text()) for i in range(self.nav.count())), default=60)
        self.nav.setFixedWidth(width + 4 * metrics.averageCharWidth() + 2 * self.nav.frameWidth() + 8)

    # ----- pages -------------------------------------------------------------------------------
    def page(self, name: str) -> QWidget:
        """The page of that name, building it on first use."""
        if name not in self._pages:
            slot = SLOT_BY_NAME[name]
            page = load_page_class(slot)(self.ctx, self.stack)
            self._pages[name] = page
            self._stack_index[name] = self.stack.addWidget(page)
            self._connect_page(name, page)
        return self._pages[name]

    def built_pages(self) -> dict[str, QWidget]:
        """The pages built so far (by name)."""
        return dict(self._pages)

    @property
    def current_page_name(self) -> str:
        """The name of the page on screen."""
        return self._current

    def show_page(self, name: str, *, refresh: bool = True) -> QWidget:
        """Bring a page to the front (building it if needed) and reload what it shows."""
        page = self.page(name)
        self._current = name
        self.stack.setCurrentIndex(self._stack_index[name])
        self._select_nav(name)
        if refresh and hasattr(page, "refresh"):
            page.refresh()
        self.page_shown.emit(name)
        return page

    def _select_nav(self, name: str) -> None:
        nav_name = {"quiz": "quiz_setup", "results": "quiz_setup"}.get(name, name)
        for row in range(self.nav.count()):
            item = self.nav.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == nav_name:
                if self.nav.currentRow() != row:
                    self.nav.blockSignals(True)
                    self.nav.setCurrentRow(row)
                    self.nav.blockSignals(False)
                return

    def _on_nav_changed(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if current is not None:
            self.show_page(str(current.data(Qt.ItemDataRole.UserRole)))

    def _connect_page(self, name: str, page: QWidget) -> None:
        """Wire a page's navigation signals (each page emits what it wants; the window decides)."""
        connections: dict[str, Callable[..., Any]] = {
            "practice_requested": self.start_practice_on_topics,  # reader, home, wrong book: topic ids
            "quiz_requested": self.start_quiz,  # quiz set-up, results (重练错题), wrong book: a spec
            "resume_requested": self.open_attempt,  # home: attempt id
            "attempt_finished": self.show_results,  # quiz: attempt id
            "study_requested": lambda *_args: self.show_page("study"),
            "page_requested": self.show_page,
            "source_requested": self.show_source,  # results: a question's source sentence
        }
        for signal_name, slot in connections.items():
            signal = getattr(page, signal_name, None)
            if signal is not None and hasattr(signal, "connect"):
                signal.connect(slot)

    # ----- navigation API used by pages and the application ---------------------------------------
    def open_attempt(self, attempt_id: int) -> None:
        """Show the quiz page on that attempt (resuming it where it stood)."""
        page = self.show_page("quiz", refresh=False)
        if hasattr(page, "open_attempt"):
            page.open_attempt(attempt_id)

    def show_results(self, attempt_id: int) -> None:
        """Show the results page of a submitted attempt."""
        page = self.show_page("results", refresh=False)
        if hasattr(page, "show_attempt"):
            page.show_attempt(attempt_id)

    def start_quiz(self, spec: Any) -> None:
        """Start a quiz from a spec and show it."""
        page = self.page("quiz")
        if hasattr(page, "start"):
            attempt_id = page.start(spec)
            if attempt_id is not None:
                self.open_attempt(attempt_id)

    def show_source(self, document_id: int, start: int, end: int) -> None:
        """Show a span of a document in the reader (原文), highlighted."""
        page = self.show_page("reader")
        if hasattr(page, "show_source"):
            page.show_source(document_id, start, end)

    def start_practice_on_topics(self, topic_ids: list[int]) -> None:
        """Start a practice quiz on the given topics (强化练习, reader's 练一练)."""
        page = self.page("quiz_setup")
        if hasattr(page, "practice_spec"):
            self.start_quiz(page.practice_spec(list(topic_ids)))

    def switch_learner(self) -> None:
        """Choose another learner profile (or create one) in the profiles dialog."""
        from ui.pages.profiles import choose_learner

        choose_learner(self.ctx, self)  # emits learner_changed when the learner changes
        self._update_title()

    def open_paper_file(self) -> None:
        """文件 → 打开试卷文件…: start an attempt from a trainer's paper file and show it."""
        from ui.trainer import open_paper_for_learner  # imported on use: keeps the trainer off start-up

        attempt_id = open_paper_for_learner(self.ctx, self)
        if attempt_id is not None:
            self.open_attempt(int(attempt_id))

    def export_anki(self) -> None:
        """文件 → 导出卡片到 Anki…: the flashcards as an .apkg for Anki on the phone."""
        from ui.anki_export_action import export_anki_with_dialog  # imported on use: keeps genanki off start-up

        export_anki_with_dialog(self.ctx, self)

    def _update_title(self) -> None:
        name = ""
        if self.ctx.learner_id is not None:
            from study import get_learner

            with self.ctx.session_factory() as session, session.begin():
                name = get_learner(session, self.ctx.learner_id).name
        self.setWindowTitle(f"巡学 · {name}" if name else "巡学 · 巡视工作条例学习")

    def _on_learner_changed(self) -> None:
        """Another learner: the page on screen reloads now, the others when next shown (show_page refreshes)."""
        self._update_title()
        quiz = self._pages.get("quiz")
        if quiz is not None and hasattr(quiz, "suspend"):
            quiz.suspend()  # the previous learner's attempt stays open for them, its clock display stops
        if self._current in ("quiz", "results"):  # the previous learner's attempt is not for this one
            self.show_page("home")
            return
        page = self._pages.get(self._current)
        if page is not None and hasattr(page, "refresh"):
            page.refresh()

    # ----- geometry ------------------------------------------------------------------------------
    def restore_geometry(self) -> None:
        """Restore size and position from QSettings, or a sensible default."""
        geometry = self.ctx.settings.value(GEOMETRY_KEY)
        if isinstance(geometry, QByteArray) and self.restoreGeometry(geometry):
            return
        self.resize(1280, 760)

    def save_geometry(self) -> None:
        """Remember size and position in QSettings."""
        self.ctx.settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        self.ctx.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        """Remember geometry; an exam in progress stays as it is (its answers are committed already)."""
        self.save_geometry()
        for page in self._pages.values():
            if hasattr(page, "suspend"):
                page.suspend()
        super().closeEvent(event)
