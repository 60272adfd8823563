"""Keyboard alone, through the real window: Tab visits every page's controls in a loop, each with a visible focus ring."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from ui.context import UiContext
from ui.main_window import MainWindow
from ui.widgets.answer_inputs import OptionRow
from ui.theme import apply_appearance

# Widgets the style sheet gives a focus ring (ui/style.py); anything else taking Tab focus is an invisible stop.
RINGED = (QAbstractButton, QAbstractItemView, QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit, QTabBar, QTextEdit)
MAX_STOPS = 80


@pytest.fixture
def window(qtbot: QtBot, ui_context: UiContext, qapp: QApplication) -> Iterator[MainWindow]:
    apply_appearance(qapp, ui_context.settings)
    main = MainWindow(ui_context)
    qtbot.addWidget(main)
    main.resize(1366, 768)
    main.show()
    qtbot.waitExposed(main)
    main.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main)
    yield main


def _describe(widget: QWidget | None) -> str:
    if widget is None:
        return "None"
    text = widget.text() if isinstance(widget, (QAbstractButton, QLineEdit)) else ""
    return f"{type(widget).__name__}#{widget.objectName()}{'[' + text + ']' if text else ''}"


def tab_stops(window: MainWindow, qtbot: QtBot) -> tuple[list[str], list[str]]:
    """Press Tab from the navigation list until it comes back; returns (stops, problems)."""
    window.nav.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.nav)
    stops: list[str] = []
    problems: list[str] = []
    for _ in range(MAX_STOPS):
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        if now is window.nav:
            return stops, problems
        stops.append(_describe(now))
        if now is None or not now.isVisible():
            problems.append(f"invisible: {_describe(now)}")
        elif not isinstance(now, RINGED) and now.objectName() != "keyboardScroll":
            problems.append(f"no focus ring: {_describe(now)}")
        elif isinstance(row := now.parentWidget(), OptionRow) and row.property("focused") is not True:
            problems.append(f"option without a ring: {_describe(now)}")  # the bare indicator's row draws it
        elif now is focused:
            problems.append(f"Tab stays in: {_describe(now)}")
    problems.append(f"Tab never came back to the navigation: {stops[-5:]}")
    return stops, problems


@pytest.mark.parametrize("page", ["home", "study", "quiz_setup", "wrong_book", "reader", "progress", "settings", "trainer"])
def test_tab_goes_round_each_page_through_visible_ringed_controls(window: MainWindow, qtbot: QtBot, page: str) -> None:
    shown = window.show_page(page)
    if page == "progress":  # its charts load off the UI thread
        qtbot.waitUntil(lambda: getattr(shown, "showing", "") != "busy")
    qtbot.wait(10)
    stops, problems = tab_stops(window, qtbot)
    assert stops or getattr(shown, "showing", "") == "empty", "no Tab stop at all"  # 进度 of a new learner: nothing
    assert not problems, f"{problems} (stops: {stops})"


def test_tab_goes_round_every_quiz_type_its_results_a_paper_and_the_trainer_tabs(window: MainWindow, qtbot: QtBot) -> None:
    from question_bank.drafts import QuestionType
    import random

    from study import QuizMode, QuizSpec, answer_question, load_quiz_session, start_quiz, submit_attempt
    from trainer.paper_file import learner_paper_json, paper_from_json
    from trainer.papers import assemble_random_paper
    from ui.main_window import PAPER_START, QUIZ
    from ui.operations import Change
    from ui.trainer.page import TrainerPage

    found: dict[str, list[str]] = {}
    for qtype in QuestionType:
        window.start_quiz(QuizSpec(types=(qtype,), count=2, mode=QuizMode.TIMED, time_limit_s=600))
        assert window.current_page_name == "quiz"
        found[f"quiz {qtype.value}"] = tab_stops(window, qtbot)[1]
        window.page("quiz").submit()  # type: ignore[attr-defined]
        assert window.current_page_name == "results"
        found[f"results {qtype.value}"] = tab_stops(window, qtbot)[1]
    ctx, learner_id = window.ctx, window.ctx.learner_id
    assert learner_id is not None
    with ctx.session_factory() as s, s.begin():  # “正确” to ten 判断题: the wrong ones fill 错题本
        attempt_id = start_quiz(s, learner_id=learner_id, now=ctx.clock(), rng=ctx.rng,
                                spec=QuizSpec(types=(QuestionType.JUDGE,), count=10, mode=QuizMode.EXAM))
        for item in load_quiz_session(s, attempt_id, ctx.clock()).items:
            answer_question(s, attempt_id=attempt_id, position=item.position, answer=True, now=ctx.clock())
        submit_attempt(s, attempt_id=attempt_id, now=ctx.clock())
    for name in ("wrong_book", "home"):  # with tables now
        window.show_page(name)
        stops, found[name] = tab_stops(window, qtbot)
        assert any(stop.startswith("QTableView") for stop in stops), (name, stops)
    done = ctx.ops.write_now(lambda s: assemble_random_paper(  # a trainer's paper: its start and 已交卷 screens
        s, title="键盘测试卷", type_counts={QuestionType.JUDGE: 2}, time_limit_s=600, pass_mark=0.6, shuffle=False,
        now=ctx.clock(), rng=random.Random(3)), changes=Change.BANK)
    assert done is not None
    window.show_paper(paper_from_json(learner_paper_json(done.value)))
    found["paper start"] = tab_stops(window, qtbot)[1]
    assert window.page(PAPER_START).start() is not None
    found["paper quiz"] = tab_stops(window, qtbot)[1]
    window.page(QUIZ).submit()
    assert window.current_page_name == "paper_results"
    found["paper submitted"] = tab_stops(window, qtbot)[1]
    trainer = window.show_page("trainer")
    assert isinstance(trainer, TrainerPage)
    trainer.gate.password.setText("培训密码12345")
    trainer.gate.confirm.setText("培训密码12345")
    trainer.gate.submit()
    assert trainer.tabs is not None
    for index in range(trainer.tabs.count()):
        trainer.tabs.setCurrentIndex(index)
        found[f"trainer {trainer.tabs.tabText(index)}"] = tab_stops(window, qtbot)[1]
    bad = {screen: problems for screen, problems in found.items() if problems}
    assert not bad, "\n".join(f"{screen}: {problems}" for screen, problems in bad.items())


def test_the_focused_option_rings_its_whole_row(window: MainWindow, qtbot: QtBot) -> None:
    """A quiz option's button is a bare indicator: its focus was invisible (Enter to the next question, then nothing)."""
    from question_bank.drafts import QuestionType
    from study import QuizMode, QuizSpec

    window.start_quiz(QuizSpec(types=(QuestionType.SINGLE,), count=2, mode=QuizMode.TIMED, time_limit_s=600))
    quiz = window.page("quiz")
    rows = quiz.input.rows  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is rows[0].button)
    assert [row.property("focused") for row in rows[:2]] == [True, False]
    qtbot.keyClick(rows[0].button, Qt.Key.Key_B)  # B chooses the second option and moves the focus to it
    assert [row.property("focused") for row in rows[:2]] == [False, True]
    assert rows[1].property("chosen") is True
    quiz.submit()  # type: ignore[attr-defined]


@pytest.mark.parametrize("dark", [False, True])
def test_the_focus_ring_is_drawn_in_the_accent_in_both_themes(window: MainWindow, qtbot: QtBot, ui_context: UiContext,
                                                             qapp: QApplication, dark: bool) -> None:
    """Pixels, not style rules: the focused button's border is in the theme's accent colour, the unfocused one's not."""
    from ui.theme import THEME_KEY, Theme, tokens

    ui_context.settings.setValue(THEME_KEY, (Theme.DARK if dark else Theme.LIGHT).value)
    apply_appearance(qapp, ui_context.settings)
    try:
        home = window.show_page("home")
        button = home.quiz_button  # type: ignore[attr-defined]
        accent = tokens(dark=dark).accent.lower()

        def accent_pixels() -> int:
            image = button.grab().toImage()
            return sum(1 for x in range(image.width()) for y in (0, 1, image.height() - 1, image.height() - 2)
                       if image.pixelColor(x, y).name() == accent)

        window.nav.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(lambda: not button.hasFocus())
        assert accent_pixels() < button.width() // 4
        button.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(button.hasFocus)
        assert accent_pixels() > button.width()  # top and bottom edges, two pixels deep
    finally:
        ui_context.settings.remove(THEME_KEY)
        apply_appearance(qapp, ui_context.settings)
