"""A learner sits a published paper in the window, against the real server: the list of the unit's papers, the
paper's start screen, the exam screen on the server's clock, answers queued while the connection is down and
sent when it is back, 已交卷, and the result only when the paper shows it."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from foundation.context import AppContext
from tests.server.conftest import Login, SharedServer
from tests.server.test_roles import NOW
from tests.study.conftest import build_small_bank
from tests.ui.conftest import FakeClock
from trainer.live_results import live_sittings, publish_paper
from trainer.paper_file import Paper
from trainer.papers import assemble_fixed_paper
from ui import exam_lock
from ui.exam_lock import ExamLockPage
from ui.context import UiContext, UiEvents
from ui.main_window import MainWindow
from ui.pages import quiz as quiz_module
from ui.pages.home import HomePage
from ui.pages.paper_start import PaperStartPage
from ui.pages.shared_exam import SharedExamPage
from ui.pages.shared_papers import SharedPapersPage
from ui.widgets.answer_inputs import BlankInput, JudgeInput, SingleInput

pytestmark = pytest.mark.postgresql


class FakeMonotonic:
    """This PC's monotonic clock, moved by the test."""

    def __init__(self) -> None:
        self.value = 1000.0

    def __call__(self) -> float:
        return self.value


def publish(server: SharedServer, title: str, types: tuple[str, ...], *, unit: str | None = None,
            immediate_scoring: bool = False) -> Paper:
    """A paper of the next question of each of these types, published (to one unit, or to all)."""
    with server.factory()() as session, session.begin():
        bank = build_small_bank(session, NOW)
        ids = [bank.questions_by_type[t][types[:i].count(t)] for i, t in enumerate(types)]
        paper = assemble_fixed_paper(session, title=title, question_ids=ids, time_limit_s=1800, pass_mark=0.6,
                                     shuffle=False, now=NOW, rng=random.Random(7), immediate_scoring=immediate_scoring)
        publish_paper(session, paper, unit=unit)
    return paper


@pytest.fixture
def learner(server: SharedServer) -> Login:
    return server.add_login("张三", unit="第一巡视组")


@pytest.fixture
def window(qtbot: QtBot, qapp: object, server: SharedServer, learner: Login, tmp_path: Path) -> Iterator[MainWindow]:
    del qapp
    app = AppContext(data_dir=tmp_path / "data", db_url=server.url(learner))
    # This PC's wall clock is days off: the exam must run on the server's.
    ctx = UiContext(app=app, session_factory=app.session_factory(),
                    settings=QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat),
                    events=UiEvents(), clock=FakeClock(dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)),
                    rng=random.Random(1), learner_id=learner.learner_id)
    widget = MainWindow(ctx)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.close()
    app.dispose()


def cells(page: SharedPapersPage) -> list[list[str]]:
    return [[page.table.item(r, c).text() for c in range(page.table.columnCount())]  # type: ignore[union-attr]
            for r in range(page.table.rowCount())]


def set_login(server: SharedServer, login: Login, *, allowed: bool) -> None:
    """Let the learner's login in, or keep it out and cut its connections (the network is down)."""
    with server.factory()() as session, session.begin():
        session.execute(text(f"ALTER ROLE {login.name} {'LOGIN' if allowed else 'NOLOGIN'}"))
        if not allowed:
            session.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = :u"),
                            {"u": login.name})


def test_a_learner_sits_a_published_paper_through_a_dropped_connection(
    qtbot: QtBot, window: MainWindow, server: SharedServer, learner: Login, monkeypatch: pytest.MonkeyPatch,
) -> None:
    paper = publish(server, "第一巡视组闭卷测试", ("single", "judge", "judge", "blank"), unit="第一巡视组")
    publish(server, "第二巡视组闭卷测试", ("judge",), unit="第二巡视组")
    nav = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert "单位试卷" in nav

    # The unit's papers: only this unit's, with time, number of questions and state.
    papers = window.show_page("shared_papers")
    assert isinstance(papers, SharedPapersPage)
    assert cells(papers) == [["第一巡视组闭卷测试", "30分钟", "4题", "未开始"]]

    # The start screen, as for a paper file.
    papers.open_button.click()
    start = window.page("paper_start")
    assert isinstance(start, PaperStartPage) and window.current_page_name == "paper_start"
    assert start.title_label.text() == "第一巡视组闭卷测试"
    assert start.count_label.text() == "4题，满分4分"
    assert start.time_label.text() == "30分钟（以服务器时间为准）"
    assert start.scoring_label.text() == "由服务器评分，成绩由培训管理员查看，本机不显示"
    assert start.start_button.text() == "开始考试(&S)" and start.start_button.isEnabled()
    exam = window.page("shared_exam")
    assert isinstance(exam, SharedExamPage)
    monotonic = FakeMonotonic()
    exam.monotonic = monotonic
    start.start_button.click()
    assert window.current_page_name == "shared_exam"
    assert exam.title_label.text() == "试卷：第一巡视组闭卷测试"
    exam.tick()
    assert exam.countdown_label.text() in ("30:00", "29:59")  # the server's deadline, not this PC's 2020 clock
    # While the exam runs, pages that could show the bank's answers stay closed.
    window.show_page("wrong_book")
    assert isinstance(window.stack.currentWidget(), ExamLockPage)
    window.show_page("shared_exam")

    # Question 1 (单选) is saved on the server as it is given.
    assert isinstance(exam.input, SingleInput)
    exam.input.choose(1)
    exam.confirm()
    assert exam.quiz is not None and exam.quiz.index == 1
    # The connection drops: question 2 and the blank (question 4) wait on this PC, the learner carries on.
    set_login(server, learner, allowed=False)
    monotonic.value += 30
    assert isinstance(exam.input, JudgeInput)
    exam.input.choose(0)
    exam.confirm()
    exam.go_to(3)
    assert isinstance(exam.input, BlankInput)
    exam.input.edits[0].insert("五年")  # as an input method commits it (QTest types ASCII only)
    exam.confirm()
    assert exam.client.unsent == 2
    assert exam.connection_label.isVisible()
    assert "2 个答案暂存在本机" in exam.connection_label.text()
    assert exam.retry_timer.isActive()
    # Handing in now is refused: the answers are not on the server yet.
    told: list[int] = []
    monkeypatch.setattr("ui.pages.shared_exam.tell_unsent_at_hand_in", lambda _p, n: told.append(n))
    monkeypatch.setattr(quiz_module, "ask_to_submit", lambda *_a: True)
    exam.request_submit()
    assert told == [2] and window.current_page_name == "shared_exam"

    # The connection returns: the retry sends the queue in the order given.
    set_login(server, learner, allowed=True)
    exam.retry_timer.setInterval(50)
    qtbot.waitUntil(lambda: exam.client.unsent == 0, timeout=5000)
    assert not exam.connection_label.isVisible()
    with server.factory()() as session:
        stored = session.execute(text("SELECT question_key, answer, score FROM exam_answers ORDER BY answered_at")).all()
    keys = [q.key for q in paper.questions]
    assert [(r.question_key, r.answer, r.score) for r in stored] == [
        (keys[0], 1, 1.0), (keys[1], True, 1.0), (keys[3], ["五年"], 1.0)]

    # 交卷 with one question unanswered: 已交卷, and no score (this paper does not show it).
    exam.request_submit()
    assert window.current_page_name == "paper_start"
    assert start.start_button.text() == "已交卷" and not start.start_button.isEnabled()
    assert start.note_label.text() == "已交卷（已答3/4题）。成绩由培训管理员查看。"
    with server.factory()() as session:
        [sitting] = live_sittings(session, paper.uid)
    assert (sitting.answered, sitting.score, sitting.submitted_at is not None) == (3, 3.0, True)
    window.show_page("shared_papers")
    assert cells(papers)[0][3] == "已交卷"
    window.show_page("wrong_book")  # handed in: the pages open again
    assert not isinstance(window.stack.currentWidget(), ExamLockPage)


def test_the_result_shows_when_the_paper_allows_it_and_the_clock_hands_in(
    qtbot: QtBot, window: MainWindow, server: SharedServer, monkeypatch: pytest.MonkeyPatch,
) -> None:
    del qtbot
    paper = publish(server, "即时评分测试", ("judge", "judge"), immediate_scoring=True)
    window.show_shared_paper(paper.uid)
    start = window.page("paper_start")
    assert isinstance(start, PaperStartPage)
    assert start.scoring_label.text() == "交卷即显示成绩"
    exam = window.page("shared_exam")
    assert isinstance(exam, SharedExamPage)
    monotonic = FakeMonotonic()
    exam.monotonic = monotonic
    start.start_button.click()
    assert isinstance(exam.input, JudgeInput)
    exam.input.choose(0)
    exam.confirm()

    # Leaving asks first; the sitting stays open on the server: 首页 offers it, and so does its start screen.
    monkeypatch.setattr(exam_lock, "ask_to_leave_exam", lambda *_a: True)
    window.navigate("home")
    home = window.page("home")
    assert isinstance(home, HomePage) and window.current_page_name == "home"
    assert home.resume_frame.isVisible() and home.resume_label.text().startswith("您有一场未完成的单位试卷")
    window.show_shared_paper(paper.uid)
    assert start.start_button.text() == "继续考试(&S)"
    window.show_page("home")
    home.resume_button.click()
    assert window.current_page_name == "shared_exam"
    assert exam.quiz is not None and exam.quiz.answered_positions() == [0]  # the server's answers, resumed

    # Thirty minutes on the server's clock later, the clock hands it in.
    monotonic.value += 30 * 60 + 1
    exam.tick()
    assert window.current_page_name == "paper_start"
    assert start.note_label.text() == "已交卷（已答1/2题）。1/2分，不及格。"
