"""The window's look and keyboard through real widgets: 200% text, screen fit, Qt's Chinese, menus, shortcuts, focus."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QApplication, QFileDialog, QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from foundation.data_dir import sqlite_url
from question_bank.builtin import builtin_context
from study import QuizMode, QuizSpec
from tests.ui.conftest import FakeClock
from ui import file_dialogs
from ui.app import install_qt_translations
from ui.context import UiContext, UiEvents
from ui.operations import Change
from ui.main_window import PAGE_SLOTS, MainWindow, window_rect
from ui.theme import TEXT_SCALE_KEY, THEME_KEY, apply_appearance

SCREEN = QSize(1366, 768)
LEARNER_PAGES = ("home", "study", "quiz_setup", "wrong_book", "reader", "progress", "settings", "trainer")


@pytest.fixture
def window(qtbot: QtBot, ui_context: UiContext, qapp: QApplication) -> Iterator[MainWindow]:
    """The main window on screen at 1366x768, the appearance following the settings (put back afterwards)."""
    apply_appearance(qapp, ui_context.settings)
    ui_context.events.appearance_changed.connect(lambda: apply_appearance(qapp, ui_context.settings))
    main = MainWindow(ui_context)
    qtbot.addWidget(main)
    main.resize(SCREEN)
    main.show()
    qtbot.waitExposed(main)
    yield main
    ui_context.settings.remove(TEXT_SCALE_KEY)
    ui_context.settings.remove(THEME_KEY)
    apply_appearance(qapp, ui_context.settings)


def _overflowing(window: MainWindow) -> list[str]:
    """Visible widgets reaching past the window's right edge (cells of item views and scrolled content aside)."""
    found = []
    page = window.stack.currentWidget()
    assert page is not None
    for widget in [page, *page.findChildren(QWidget)]:
        if not widget.isVisible() or _inside_scrolled_view(widget):
            continue
        right = widget.mapTo(window, QPoint(widget.width(), 0)).x()
        if widget.width() > window.width() or right > window.width() + 1:
            found.append(f"{type(widget).__name__} {widget.objectName() or widget.accessibleName()} "
                         f"right={right} width={widget.width()}")
    return found


def _inside_scrolled_view(widget: QWidget) -> bool:
    """Whether the widget lives in an item view's viewport (a cell editor) or is a view's own scroll machinery."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractItemView):
            return True
        parent = parent.parentWidget()
    return False


def test_200_percent_text_leaves_no_widget_wider_than_the_window(window: MainWindow, qtbot: QtBot,
                                                                  ui_context: UiContext) -> None:
    ui_context.settings.setValue(TEXT_SCALE_KEY, 200)
    ui_context.events.appearance_changed.emit()
    overflow: dict[str, list[str]] = {}
    for name in LEARNER_PAGES:
        window.show_page(name)
        qtbot.wait(20)
        overflow[name] = _overflowing(window)
    for qtype in ("single", "multiple", "judge", "blank", "order", "match"):
        from question_bank.drafts import QuestionType

        window.start_quiz(QuizSpec(types=(QuestionType(qtype),), count=2, mode=QuizMode.TIMED, time_limit_s=600))
        if window.current_page_name == "quiz":
            qtbot.wait(20)
            overflow[f"quiz {qtype}"] = _overflowing(window)
            window.page("quiz").submit()  # type: ignore[attr-defined]
            qtbot.wait(20)
            overflow[f"results {qtype}"] = _overflowing(window)
    assert (window.width(), window.height()) == (SCREEN.width(), SCREEN.height())
    assert {page: found for page, found in overflow.items() if found} == {}


def test_text_size_reaches_the_type_scale_and_labels_already_on_screen(window: MainWindow, qtbot: QtBot,
                                                                       ui_context: UiContext) -> None:
    home = window.show_page("home")
    title = home.greeting  # type: ignore[attr-defined]
    body = QApplication.font().pointSizeF()
    before = title.font().pointSizeF()
    assert before > body * 1.4  # the page title is on the type scale, not body text
    ui_context.settings.setValue(TEXT_SCALE_KEY, 200)
    ui_context.events.appearance_changed.emit()
    qtbot.waitUntil(lambda: title.font().pointSizeF() > before * 1.9)
    tile = home.due_tile.caption_label  # type: ignore[attr-defined]
    assert tile.font().pointSizeF() == pytest.approx(QApplication.font().pointSizeF())


def test_qt_dialog_buttons_read_yes_and_no_in_chinese(qapp: QApplication, qtbot: QtBot) -> None:
    assert install_qt_translations(qapp), "PySide6 ships qtbase_zh_CN.qm"
    box = QMessageBox(QMessageBox.Icon.Question, "确认", "确定吗？",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    qtbot.addWidget(box)
    texts = sorted(button.text().replace("&", "") for button in box.buttons())
    assert texts == ["否(N)", "是(Y)"]
    dialog = QFileDialog()
    qtbot.addWidget(dialog)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    labels = sorted(label.text() for label in dialog.findChildren(QLabel) if label.text())
    assert labels == ["文件名称(&N)：", "文件类型(&T)：", "查找范围(&L)："]  # two of them filled in by the app


def test_file_dialogs_open_in_the_documents_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    seen: list[str] = []

    def fake_save(parent: object, title: str, directory: str, file_filter: str) -> tuple[str, str]:
        del parent, title, file_filter
        seen.append(directory)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_save)
    monkeypatch.setattr(file_dialogs, "documents_dir", lambda: tmp_path)
    assert file_dialogs.ask_save_file(None, "导出", "张三的学习记录.json", "*.json") is None
    assert seen == [str(tmp_path / "张三的学习记录.json")]
    assert file_dialogs.documents_dir().is_dir()


def test_window_fits_a_1366_by_768_screen_and_keeps_a_remembered_place_on_it(qtbot: QtBot,
                                                                            ui_context: UiContext) -> None:
    available = QRect(0, 0, 1366, 768 - 40)  # a task bar
    frame = QMargins(4, 32, 4, 4)  # a title bar
    fresh = window_rect(available, frame)
    assert fresh.size() == QSize(1280, 800).boundedTo(QSize(1366 - 8, 728 - 36))
    assert available.contains(fresh.adjusted(-4, 0, 4, 36))  # frame and all inside the screen
    remembered = window_rect(available, frame, current=QRect(900, 500, 1900, 1000))  # from a larger monitor
    assert remembered.size() == QSize(1358, 692) and remembered.topLeft() == QPoint(0, 0)
    small = window_rect(available, frame, current=QRect(100, 80, 800, 600))
    assert small == QRect(100, 80, 800, 600)

    main = MainWindow(ui_context)
    qtbot.addWidget(main)
    main.fit_to_screen(available)
    main.show()
    main.show_page("quiz_setup")
    assert main.width() <= available.width() and main.height() <= available.height()
    start = main.page("quiz_setup").start_button  # type: ignore[attr-defined]
    bottom = start.mapTo(main, QPoint(0, start.height())).y()
    assert start.isVisible() and bottom <= main.height()  # the bottom buttons are on screen


def test_window_title_names_the_app_once(qtbot: QtBot, ui_context: UiContext, qapp: QApplication) -> None:
    main = MainWindow(ui_context)
    qtbot.addWidget(main)
    qapp.setApplicationDisplayName("巡学")
    try:
        assert main.windowTitle() == "张三 — 巡学"
        assert main.windowTitle().count("巡学") == 1  # Qt appends the display name only to titles not ending in it
    finally:
        qapp.setApplicationDisplayName("")


def test_go_menu_lists_every_page_and_each_entry_shows_it(window: MainWindow) -> None:
    entries = [action for action in window.go_menu.actions() if action.data()]
    listed = [slot.name for slot in PAGE_SLOTS if slot.label and slot.name != "shared_papers"]  # 单位试卷: on a server
    assert [action.data() for action in entries] == listed == [slot.name for slot in window.listed_slots()]
    assert [action.shortcut().toString() for action in entries] == [f"Ctrl+{n}" for n in range(1, 9)]
    for action in entries:
        action.trigger()
        assert window.current_page_name == action.data()


def test_drill_shortcut_starts_practice_on_the_weak_topics(window: MainWindow, qtbot: QtBot) -> None:
    window.show_page("home")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window.nav, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_name == "quiz"
    quiz = window.page("quiz").quiz  # type: ignore[attr-defined]
    assert quiz is not None and quiz.mode is QuizMode.PRACTICE
    assert window.drill_action.shortcut().toString() == "Ctrl+D"
    assert window.drill_action in window.go_menu.actions()


def test_trainer_opens_with_the_focus_in_the_password_field(window: MainWindow, qtbot: QtBot) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.nav.setFocus()
    window.nav.setCurrentRow(window.nav.count() - 1)  # 培训管理, chosen in the list
    trainer = window.page("trainer")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is trainer.gate.password)  # type: ignore[attr-defined]


def test_tab_leaves_the_recent_results_table(window: MainWindow, qtbot: QtBot) -> None:
    home = window.show_page("home")
    view = home.exam_view  # type: ignore[attr-defined]
    assert not view.tabKeyNavigation()


def test_help_menu_has_a_guide_and_about(window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    from ui import help as help_module

    titles = [action.text() for action in window.help_menu.actions()]
    assert titles == ["学习指南(&G)", "关于巡学(&A)"]
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "about", lambda _parent, title, text: shown.append(f"{title}:{text}"))
    window.help_menu.actions()[1].trigger()
    assert shown and help_module.APP_VERSION in shown[0] and "巡视工作条例" in shown[0]
    QTimer.singleShot(0, lambda: QApplication.activeModalWidget().reject())  # type: ignore[union-attr]
    window.help_menu.actions()[0].trigger()
    for word in ("学习", "测验", "错题本", "进度", "培训管理"):
        assert f"<b>{word}</b>" in help_module.GUIDE_HTML


def test_app_version_matches_the_project(tmp_path: Path) -> None:
    import tomllib

    from tests.conftest import REPO_ROOT
    from ui.help import APP_VERSION

    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["version"] == APP_VERSION


def test_file_menu_exports_progress_and_imports_it_on_another_machine(
        window: MainWindow, ui_context: UiContext, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        fake_clock: FakeClock) -> None:
    from study import Rating, daily_queue, review_flashcard

    learner_id = ui_context.learner_id
    assert learner_id is not None
    now = fake_clock()
    card = ui_context.ops.read_now(lambda s: daily_queue(s, learner_id=learner_id, now=now).cards[0])
    ui_context.ops.write_now(lambda s: review_flashcard(s, learner_id=learner_id, flashcard_id=card.flashcard_id,
                                                       rating=Rating.GOOD, now=now), changes=Change.STUDY)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: told.append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: told.append("warning:" + text))
    target = tmp_path / "张三的学习记录.xxprogress.json"
    monkeypatch.setattr(file_dialogs, "ask_save_file", lambda *_args: target)
    window.export_progress_action.trigger()
    assert json.loads(target.read_text(encoding="utf-8"))["format"] == "xunxue-progress"
    assert told and "已把学员“张三”的学习记录导出到" in told[-1]

    other_dir = tmp_path / "other"
    other = builtin_context(data_dir=other_dir, db_url=sqlite_url(other_dir), clock=fake_clock)
    try:
        second = UiContext(app=other, session_factory=other.session_factory(), settings=ui_context.settings,
                           events=UiEvents(), clock=fake_clock, rng=random.Random(1))
        second_window = MainWindow(second)
        qtbot.addWidget(second_window)
        monkeypatch.setattr(file_dialogs, "ask_open_file", lambda *_args: target)
        second_window.import_progress_action.trigger()
        assert "已导入学员“张三”的学习记录" in told[-1] and "复习 1 次" in told[-1] and "已新建学员" in told[-1]

        monkeypatch.setattr(file_dialogs, "ask_open_file", lambda *_args: tmp_path / "不存在.json")
        second_window.import_progress_action.trigger()
        assert told[-1].startswith("warning:找不到文件")  # errors are told in Chinese, nothing imported
    finally:
        other.dispose()


def test_exam_plan_is_a_card_like_the_tiles_beside_it(window: MainWindow) -> None:
    home = window.show_page("home")
    assert home.plan_card.objectName() == "card"  # type: ignore[attr-defined]


def test_match_items_share_the_width_with_their_boxes(window: MainWindow, qtbot: QtBot) -> None:
    """The left items once got the narrowest width a form gives (two lines of four characters)."""
    from question_bank.drafts import QuestionType
    from ui.widgets.answer_inputs import MatchInput

    window.start_quiz(QuizSpec(types=(QuestionType.MATCH,), count=1, mode=QuizMode.TIMED, time_limit_s=600))
    assert window.current_page_name == "quiz"
    match = window.page("quiz").input  # type: ignore[attr-defined]
    assert isinstance(match, MatchInput), type(match)
    qtbot.waitUntil(match.isVisible)
    qtbot.wait(20)
    labels = [label for label in match.findChildren(QLabel) if label.buddy() is not None]
    assert labels and all(label.width() >= match.width() * 0.3 for label in labels)
    assert all(label.heightForWidth(label.width()) < label.fontMetrics().height() * 2 for label in labels)  # one line
    window.page("quiz").submit()  # type: ignore[attr-defined]
