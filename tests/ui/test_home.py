"""Tests for ui/pages/home.py: closing during an exam keeps it, home offers to resume it with its true time left."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from question_bank.drafts import QuestionType
from study import QuizMode, QuizSpec
from tests.ui.conftest import FakeClock
from tests.ui.test_results import answer_judge
from ui.context import UiContext
from ui.main_window import MainWindow
from ui.pages.home import HomePage
from ui.pages.quiz import QuizPage


def _window(qtbot: QtBot, ctx: UiContext) -> MainWindow:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_close_during_exam_then_resume_with_true_remaining_time(qtbot: QtBot, ui_context: UiContext,
                                                                 fake_clock: FakeClock) -> None:
    first = _window(qtbot, ui_context)
    home = first.show_page("home")
    assert isinstance(home, HomePage) and not home.resume_frame.isVisible()
    first.start_quiz(QuizSpec(types=(QuestionType.JUDGE,), count=5, mode=QuizMode.EXAM, time_limit_s=600))
    quiz = first.page("quiz")
    assert isinstance(quiz, QuizPage)
    for _ in range(3):
        answer_judge(qtbot, quiz, ui_context, correct=True)
        qtbot.keyClick(quiz.input, Qt.Key.Key_Right)
        fake_clock.advance(seconds=20)
    first.close()
    assert not quiz.countdown_timer.isActive()

    fake_clock.advance(seconds=60)  # the app was closed for a minute: the exam clock kept running
    second = _window(qtbot, ui_context)
    home = second.show_page("home")
    assert isinstance(home, HomePage) and home.resume_frame.isVisible()
    assert "已答 3/5 题" in home.resume_label.text() and "剩余时间 08:00" in home.resume_label.text()

    qtbot.mouseClick(home.resume_button, Qt.MouseButton.LeftButton)
    assert second.current_page_name == "quiz"
    resumed = second.page("quiz")
    assert isinstance(resumed, QuizPage) and resumed.quiz is not None
    assert resumed.palette_states() == ["answered"] * 3 + ["unanswered"] * 2
    assert resumed.quiz.index == 3 and resumed.countdown_label.text() == "08:00"
    second.close()

    fake_clock.advance(minutes=30)  # its deadline passes while closed: home submits it as it stood
    third = _window(qtbot, ui_context)
    home = third.show_page("home")
    assert isinstance(home, HomePage) and not home.resume_frame.isVisible()
    assert home.exam_model.rowCount() == 1 and home.exam_model.index(0, 2).data() == "3/5分（60%）"


def test_dashboard_tiles_and_drill_on_a_weak_topic(qtbot: QtBot, ui_context: UiContext) -> None:
    window = _window(qtbot, ui_context)
    home = window.show_page("home")
    assert isinstance(home, HomePage)
    assert home.greeting.text() == "你好，张三"
    assert home.due_tile.value_label.text() == "0" and home.new_tile.value_label.text() == "20"
    assert home.streak_tile.value_label.text() == "0天" and home.no_exams_label.isVisible()
    assert home.weak_buttons, "a new learner's weakest topics are listed"
    qtbot.mouseClick(home.weak_buttons[0], Qt.MouseButton.LeftButton)
    quiz = window.page("quiz")
    assert window.current_page_name == "quiz" and isinstance(quiz, QuizPage) and quiz.quiz is not None
    assert quiz.quiz.mode is QuizMode.PRACTICE
    assert len({item.topic_id for item in quiz.quiz.items}) == 1

    window.show_page("home")
    qtbot.mouseClick(home.study_button, Qt.MouseButton.LeftButton)
    assert window.current_page_name == "study"


def test_deleting_the_learner_leaves_no_stale_dashboard(qtbot: QtBot, ui_context: UiContext,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from ui.pages.profiles import ProfilesPage

    window = _window(qtbot, ui_context)
    window.start_quiz(QuizSpec(types=(QuestionType.JUDGE,), count=5, mode=QuizMode.EXAM, time_limit_s=600))
    home = window.show_page("home")
    assert isinstance(home, HomePage) and home.resume_frame.isVisible() and home.greeting.text() == "你好，张三"
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    profiles = ProfilesPage(ui_context)  # 学员 → 切换学员… → 删除, then the dialog is cancelled
    qtbot.addWidget(profiles)
    profiles.delete_current()
    assert ui_context.learner_id is None and window.current_page_name == "home"
    assert home.greeting.text() == "欢迎使用巡学" and not home.resume_frame.isVisible()
    assert home.board is None and home.due_tile.value_label.text() == "—" and not home.weak_buttons
    assert not home.study_button.isEnabled() and not home.quiz_button.isEnabled()
    assert "切换学员" in home.leech_label.text()
    home.resume_button.click()  # nothing of the deleted learner's exam can be opened
    assert window.current_page_name == "home"


def test_the_resume_banner_counts_down_while_home_is_on_screen(qtbot: QtBot, ui_context: UiContext,
                                                               fake_clock: FakeClock) -> None:
    window = _window(qtbot, ui_context)
    window.start_quiz(QuizSpec(types=(QuestionType.JUDGE,), count=3, mode=QuizMode.EXAM, time_limit_s=600))
    home = window.show_page("home")
    assert isinstance(home, HomePage) and "剩余时间 10:00" in home.resume_label.text()
    fake_clock.advance(seconds=75)
    qtbot.waitUntil(lambda: "剩余时间 08:45" in home.resume_label.text(), timeout=3000)  # it ticks, no refresh
    window.show_page("study")
    assert not home._resume_timer.isActive()  # off screen, the banner's clock stops


def test_a_weak_topic_says_its_mastery_once() -> None:
    from study import WeakTopic
    from ui.pages.home import weak_topic_text

    def weak(reason: str, mastery: float) -> WeakTopic:
        return WeakTopic(topic_id=1, topic_title="原则", mastery=mastery, reason=reason)  # type: ignore[arg-type]

    assert weak_topic_text(weak("掌握度75%", 0.75)) == "掌握度75%"  # was “掌握度75%，掌握度 75%”
    assert weak_topic_text(weak("近30天正确率45%", 0.5)) == "近30天正确率45%，掌握度 50%"
    assert weak_topic_text(weak("尚未练习", 0.0)) == "尚未练习"


def test_the_due_tile_and_the_plan_card_count_the_same_reviews(
    qtbot: QtBot, ui_context: UiContext, fake_clock: FakeClock
) -> None:
    import datetime as dt

    from study import Rating, daily_queue, review_flashcard
    from study.exam_goal import set_exam_goal, todays_plan
    from study.queue import due_count

    learner_id = ui_context.learner_id
    assert learner_id is not None
    start = fake_clock()
    with ui_context.session_factory() as s, s.begin():
        for card in daily_queue(s, learner_id=learner_id, now=start).new[:8]:
            for _ in range(2):
                review_flashcard(s, learner_id=learner_id, flashcard_id=card.flashcard_id, rating=Rating.GOOD,
                                 now=start, enable_fuzzing=False)
        set_exam_goal(s, learner_id=learner_id, exam_date=start.date() + dt.timedelta(days=12), now=start)

    def apart(moment: dt.datetime) -> bool:  # the plan brings reviews forward of the normal schedule
        with ui_context.session_factory() as s:
            plan = todays_plan(s, learner_id=learner_id, now=moment)
            return plan is not None and len(plan.today_review_ids) != due_count(s, learner_id=learner_id, now=moment)

    moment = next(m for m in (start + dt.timedelta(hours=6 * i) for i in range(1, 40)) if apart(m))
    fake_clock.now = moment
    window = _window(qtbot, ui_context)
    home = window.show_page("home")
    assert isinstance(home, HomePage)
    with qtbot.waitSignal(home.plan_card.loaded):
        home.refresh()
    reviews = home.due_tile.value_label.text()
    assert f"今日计划：复习{reviews}张" in home.plan_card.plan_label.text()
    assert home.due_tile.caption_label.text() == "今日复习（按计划）"
