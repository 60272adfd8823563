"""Rendering every screen offscreen for a demonstration learner in a temporary data directory."""

from __future__ import annotations

import datetime as dt
import os
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

SCREEN_SIZE = (1366, 768)
DEMO_SEED = 20261127
BESIDE_WIDTH = 1800  # a before/after pair: two 1366-pixel screens side by side, scaled down to this
DEMO_TRAINER_PASSWORD = "示例培训密码2026"  # the temporary data directory's, gone with it
SETTLE_SECONDS = 3.0  # longest wait for pages that load off the UI thread (progress charts)


def render_screenshots(directory: Path) -> list[Path]:
    """Write one PNG per screen into `directory` and return their paths (in the order written)."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # never a window on the user's screen
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(["xunxue-screenshots"])
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory(prefix="xunxue-screens-") as temp:
        data_dir = Path(temp) / "data"
        settings = QSettings(str(Path(temp) / "settings.ini"), QSettings.Format.IniFormat)
        return _render(app, data_dir, settings, directory)


def _render(app: object, data_dir: Path, settings: object, directory: Path) -> list[Path]:
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtWidgets import QApplication, QWidget

    from foundation.data_dir import sqlite_url
    from question_bank.builtin import builtin_context
    from question_bank.drafts import QuestionType
    from study import QuizMode, QuizSpec, dashboard, exam_history
    from ui.context import UiContext, UiEvents
    from ui.demo import build_demo_data
    from ui.main_window import MainWindow
    from ui.pages.flashcards import FlashcardsPage
    from ui.pages.profiles import ProfilesDialog
    from ui.pages.quiz import QuizPage
    from ui.app import install_qt_translations
    from ui.theme import TEXT_SCALE_KEY, THEME_KEY, Theme, apply_appearance

    assert isinstance(app, QApplication) and isinstance(settings, QSettings)
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    context = builtin_context(data_dir=data_dir, db_url=sqlite_url(data_dir), clock=lambda: now)
    factory = context.session_factory()
    learner_id = build_demo_data(factory, now=now, rng=random.Random(DEMO_SEED))
    install_qt_translations(app)
    settings.setValue(THEME_KEY, Theme.LIGHT.value)  # the same pictures whatever the machine's own theme
    apply_appearance(app, settings)
    ctx = UiContext(app=context, session_factory=factory, settings=settings, events=UiEvents(),
                    clock=lambda: now, rng=random.Random(DEMO_SEED), learner_id=learner_id)
    ctx.events.appearance_changed.connect(lambda: apply_appearance(app, settings))
    written: list[Path] = []
    window = MainWindow(ctx)
    window.resize(*SCREEN_SIZE)
    window.show()

    def save(name: str, widget: QWidget | None = None, *, settle: Callable[[], bool] | None = None) -> None:
        _settle(app, settle)
        path = directory / f"{name}.png"
        (widget or window).grab().save(str(path))
        written.append(path)

    try:
        board, exams = ctx.ops.read_now(lambda s: (dashboard(s, learner_id=learner_id, now=now),
                                                    exam_history(s, learner_id=learner_id, limit=1)))
        unfinished = board.unfinished.attempt_id if board.unfinished is not None else None

        home = window.show_page("home")
        save("home", settle=lambda: not getattr(getattr(home, "plan_card", None), "pending", False))  # the exam plan loads off the UI thread
        profiles = ProfilesDialog(ctx, window)
        profiles.resize(760, 520)
        profiles.show()
        save("profiles", profiles)
        profiles.close()
        if unfinished is not None:  # the demo's running exam first: while it runs, answer-revealing pages are closed
            window.open_attempt(int(unfinished))
            save("quiz")
            settings.setValue(TEXT_SCALE_KEY, 200)
            ctx.events.appearance_changed.emit()
            window.show_page("home")
            save("home@200")
            window.open_attempt(int(unfinished))
            save("quiz@200")
            settings.setValue(TEXT_SCALE_KEY, 100)
            ctx.events.appearance_changed.emit()
            window.show_page("wrong_book")
            save("exam_lock")
            quiz = window.page("quiz")
            assert isinstance(quiz, QuizPage)
            window.open_attempt(int(unfinished))
            quiz.submit()  # handed in, so the pages below open

        study = window.show_page("study")
        assert isinstance(study, FlashcardsPage)
        if study.current_card() is None and study.source_box.count() > 1:
            study.source_box.setCurrentIndex(1)  # nothing due today: show a cram card instead
            study.start_session()
        save("study_front")
        study.flip()
        save("study_back")

        window.show_page("quiz_setup")
        save("quiz_setup")
        if exams:
            window.show_results(int(exams[0].attempt_id))
            save("results")
        for name in ("wrong_book", "reader"):
            window.show_page(name)
            save(name)
        progress = window.show_page("progress")
        save("progress", settle=lambda: getattr(progress, "showing", "charts") != "busy" and _no_busy_dialog(window))
        window.show_page("settings")
        save("settings")
        if "trainer" in [window.nav.item(i).data(Qt.ItemDataRole.UserRole) for i in range(window.nav.count())]:
            window.show_page("trainer")
            save("trainer_login")

        settings.setValue(TEXT_SCALE_KEY, 200)
        ctx.events.appearance_changed.emit()
        window.show_page("study")
        save("study@200")

        settings.setValue(TEXT_SCALE_KEY, 100)
        settings.setValue(THEME_KEY, Theme.DARK.value)
        ctx.events.appearance_changed.emit()
        window.show_page("home")
        save("home@dark")
        window.show_page("study")
        save("study@dark")
        progress = window.show_page("progress")  # before the quiz below starts: a running exam closes 进度
        save("progress@dark", settle=lambda: getattr(progress, "showing", "charts") != "busy" and _no_busy_dialog(window))
        quiz = window.page("quiz")
        assert isinstance(quiz, QuizPage)
        variant = quiz.start(QuizSpec(count=10, mode=QuizMode.TIMED, time_limit_s=15 * 60))  # the demo's exam is handed in
        if variant is not None:
            window.open_attempt(variant)
            save("quiz@dark")
        settings.setValue(TEXT_SCALE_KEY, 200)
        ctx.events.appearance_changed.emit()
        if variant is not None:
            window.open_attempt(variant)
            save("quiz@200@dark")
            quiz.submit()  # the screenshots' own attempts do not stay open

        settings.setValue(TEXT_SCALE_KEY, 100)
        settings.setValue(THEME_KEY, Theme.LIGHT.value)
        ctx.events.appearance_changed.emit()
        quiz = window.page("quiz")
        assert isinstance(quiz, QuizPage)
        _paper_screens(window, ctx, now, save)
        if "trainer" in [window.nav.item(i).data(Qt.ItemDataRole.UserRole) for i in range(window.nav.count())]:
            window.show_page("trainer")
            _trainer_screens(window, save)  # after the paper above: 组卷 lists it
        for qtype in QuestionType:  # last: their attempts must not show on the screens above
            attempt_id = quiz.start(QuizSpec(types=(qtype,), count=5, mode=QuizMode.TIMED, time_limit_s=15 * 60))
            if attempt_id is None:
                continue
            window.open_attempt(attempt_id)
            save(f"quiz_{qtype.value}")
            quiz.submit()  # the screenshots' own attempts do not stay open
    finally:
        window.close()
        window.deleteLater()
        _settle(app, None)
        context.dispose()
    return written


def _paper_screens(window: object, ctx: object, now: dt.datetime, save: Callable[[str], None]) -> None:
    """A trainer's keyless paper as the learner sees it: the start screen, then 已交卷 after submitting."""
    from question_bank.drafts import QuestionType
    from trainer.paper_file import learner_paper_json, paper_from_json
    from trainer.papers import assemble_random_paper
    from ui.context import UiContext
    from ui.main_window import PAPER_START, QUIZ, MainWindow
    from ui.operations import Change

    assert isinstance(window, MainWindow) and isinstance(ctx, UiContext)
    counts = {QuestionType.SINGLE: 10, QuestionType.MULTIPLE: 5, QuestionType.JUDGE: 5}
    done = ctx.ops.write_now(
        lambda s: assemble_random_paper(s, title="巡视工作条例学习测试（第一期）", type_counts=counts, time_limit_s=30 * 60,
                                        pass_mark=0.6, shuffle=True, now=now, rng=random.Random(DEMO_SEED),
                                        exam_date=(now + dt.timedelta(days=12)).date()),  # the demo's own exam day
        changes=Change.BANK, on_error=lambda _error, _details: None)
    if done is None:
        return
    window.show_paper(paper_from_json(learner_paper_json(done.value)))  # as read from the file: keyless
    save("paper_start")
    if window.page(PAPER_START).start() is None:
        return
    window.page(QUIZ).submit()  # unanswered: the screen is the same
    save("paper_submitted")


def _trainer_screens(window: object, save: Callable[[str], None]) -> None:
    """The trainer's tabs (题库, 导入资料, Excel, 组卷, 成绩汇总), unlocked with a password set for the demonstration."""
    from ui.main_window import TRAINER, MainWindow

    assert isinstance(window, MainWindow)
    trainer = window.page(TRAINER)
    trainer.gate.password.setText(DEMO_TRAINER_PASSWORD)
    trainer.gate.confirm.setText(DEMO_TRAINER_PASSWORD)
    trainer.gate.submit()
    if trainer.tabs is None:
        return
    for index, name in enumerate(("trainer_bank", "trainer_import", "trainer_excel", "trainer_paper", "trainer_results")):
        if index < trainer.tabs.count():
            trainer.tabs.setCurrentIndex(index)
            save(name)
    trainer.lock()


def side_by_side(before: Path, after: Path, out: Path, *, width: int = BESIDE_WIDTH) -> None:
    """Write one PNG with `before` on the left and `after` on the right, each under a caption, `width` pixels wide.

    Needs a running QGuiApplication (the captions are drawn with the application font).
    """
    from PySide6.QtCore import QRect, Qt
    from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter

    left, right = QImage(str(before)), QImage(str(after))
    if left.isNull() or right.isNull():
        raise ValueError(f"not an image: {before if left.isNull() else after}")
    height = max(left.height(), right.height())
    gap, caption = 24, 56
    canvas = QImage(left.width() + gap + right.width(), caption + height, QImage.Format.Format_RGB32)
    canvas.fill(QColor("#ffffff"))
    painter = QPainter(canvas)
    try:
        font = QFont(QGuiApplication.font())
        font.setPixelSize(30)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("#1d2129"))
        for x, image, text in ((0, left, "之前"), (left.width() + gap, right, "之后")):
            painter.drawText(QRect(x, 0, image.width(), caption), Qt.AlignmentFlag.AlignCenter, text)
            painter.drawImage(x, caption, image)
        painter.fillRect(left.width() + gap // 2 - 1, caption, 2, height, QColor("#d9dde3"))
    finally:
        painter.end()
    scaled = canvas.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
    if not scaled.save(str(out)):
        raise OSError(f"cannot write {out}")


def _no_busy_dialog(window: object) -> bool:
    from PySide6.QtWidgets import QProgressDialog, QWidget

    assert isinstance(window, QWidget)
    return not any(d.isVisible() for d in window.findChildren(QProgressDialog))


def _settle(app: object, ready: Callable[[], bool] | None) -> None:
    """Let layouts, paints and background jobs finish before a grab."""
    from PySide6.QtCore import QEvent, QThreadPool
    from PySide6.QtWidgets import QApplication

    assert isinstance(app, QApplication)
    app.processEvents()
    # processEvents() leaves deleteLater() for the event loop: charts' replaced axes would still paint
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()
    if ready is None:
        return
    deadline = time.monotonic() + SETTLE_SECONDS
    time.sleep(0.05)
    while time.monotonic() < deadline:
        app.processEvents()
        if ready() and QThreadPool.globalInstance().activeThreadCount() == 0:
            time.sleep(0.05)
            app.processEvents()
            if ready():
                return
        time.sleep(0.02)
