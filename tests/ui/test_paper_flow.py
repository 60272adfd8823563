"""The learner's paper flow through the real widgets: start screen, paper title, 已交卷, retake policy, result
history with 导出成绩文件, the trainer's receipt, and paper topics kept out of the learner's own topics."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from question_bank.drafts import QuestionType
from study.models import QuizAttemptRow
from tests.ui.conftest import FakeClock
from trainer.collection import collect_results
from trainer.paper_file import Paper, write_paper_file
from trainer.papers import assemble_random_paper
from trainer.receipt_file import write_receipts
from trainer.result_file import read_result_file
from trainer.rosters import RosterEntry
from ui.context import UiContext
from ui.main_window import MainWindow
from ui.pages.paper_start import PaperStartPage
from ui.pages.paper_submitted import PaperSubmittedPage
from ui.pages.quiz import QuizPage
from ui.pages.quiz_setup import QuizSetupPage
from ui.pages.results import ResultsPage
from ui.trainer import learner_dialogs

CODE = "K7Q2M-W9XPD"


@pytest.fixture
def window(qtbot: QtBot, ui_context: UiContext) -> MainWindow:
    widget = MainWindow(ui_context)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def cell(page: PaperSubmittedPage, row: int, column: int) -> str:
    item = page.table.item(row, column)
    assert item is not None
    return item.text()


def _paper(ctx: UiContext, path: Path, **options: object) -> Paper:
    with ctx.session_factory() as s, s.begin():
        paper = assemble_random_paper(s, title="巡视条例闭卷测试", type_counts={QuestionType.JUDGE: 4}, time_limit_s=1800,
                                      pass_mark=0.6, shuffle=False, now=ctx.clock(), rng=random.Random(3),
                                      **options)  # type: ignore[arg-type]
    write_paper_file(paper, path)
    return paper


def test_keyless_paper_start_screen_submitted_retake_history_and_receipt(
    qtbot: QtBot, window: MainWindow, ui_context: UiContext, fake_clock: FakeClock, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    paper_path = tmp_path / "卷.xxpaper.json"
    paper = _paper(ui_context, paper_path)
    assert all("answer" not in q for q in json.loads(paper_path.read_text(encoding="utf-8"))["questions"])
    setup = window.show_page("quiz_setup")
    assert isinstance(setup, QuizSetupPage)
    own_topics = setup.topic_model.topic_ids()
    opened: list[Path] = [paper_path]
    notes: list[str] = []
    monkeypatch.setattr(learner_dialogs, "ask_open_file", lambda *_a: opened[-1])
    monkeypatch.setattr(learner_dialogs, "ask_save_file", lambda _p, _t, suggested, _f: tmp_path / suggested)
    monkeypatch.setattr(learner_dialogs, "ask_text", lambda *_a: CODE)
    monkeypatch.setattr(learner_dialogs, "show_info", lambda _p, _t, text: notes.append(text))
    monkeypatch.setattr(learner_dialogs, "show_error", lambda _p, _t, text: notes.append("错误：" + text))

    # The start screen: title, questions, time, 及格线, attempts; nothing stored until 开始考试.
    window.open_paper_file()
    start = window.page("paper_start")
    assert isinstance(start, PaperStartPage) and window.current_page_name == "paper_start"
    assert start.title_label.text() == "巡视条例闭卷测试"
    assert start.count_label.text() == "4题，满分4分" and start.time_label.text() == "30分钟"
    assert start.pass_label.text() == "2.4/4分（60%）" and start.attempts_label.text() == "1次（已交卷0次）"
    assert "交卷后由培训管理员评分" in start.scoring_label.text()
    assert start.start_button.text() == "开始考试(&S)" and start.start_button.isEnabled()
    with ui_context.session_factory() as s:
        assert s.scalar(select(func.count()).select_from(QuizAttemptRow)) == 0
    qtbot.mouseClick(start.start_button, Qt.MouseButton.LeftButton)

    # The paper's own title in the header; answering shows nothing of the key.
    quiz = window.page("quiz")
    assert isinstance(quiz, QuizPage) and window.current_page_name == "quiz" and quiz.quiz is not None
    assert quiz.title_label.text() == "试卷：巡视条例闭卷测试"
    for _ in range(3):
        assert quiz.input is not None
        qtbot.keyClick(quiz.input, Qt.Key.Key_A)
        qtbot.keyClick(quiz.input, Qt.Key.Key_Right)
        fake_clock.advance(seconds=30)
    quiz.submit()

    # 已交卷, not a score: this machine has no key.
    submitted = window.page("paper_results")
    assert isinstance(submitted, PaperSubmittedPage) and window.current_page_name == "paper_results"
    assert submitted.banner.text() == "《巡视条例闭卷测试》已交卷"
    assert cell(submitted, 0, 3) == "已交卷，待培训管理员评分" and cell(submitted, 0, 2) == "3/4题"
    assert submitted.export_button.isEnabled() and not submitted.results_button.isEnabled()
    home = window.show_page("home")
    assert home.exam_model.index(0, 2).data() == "已交卷"  # type: ignore[attr-defined]

    # The paper's topics are not the learner's: 测验 lists the same topics as before.
    setup = window.show_page("quiz_setup")
    assert isinstance(setup, QuizSetupPage) and setup.topic_model.topic_ids() == own_topics

    # A second opening shows the submitted paper instead of a new attempt (one attempt by default).
    window.open_paper_file()
    assert window.current_page_name == "paper_results"
    assert not start.start_button.isEnabled() and "只允许作答1次，您已交卷" in start.note_label.text()
    with ui_context.session_factory() as s:
        assert s.scalar(select(func.count()).select_from(QuizAttemptRow)) == 1

    # 导出成绩文件 from the history, signed with the personal code.
    window.show_paper_results(None)
    qtbot.mouseClick(submitted.export_button, Qt.MouseButton.LeftButton)
    result_path = tmp_path / "巡视条例闭卷测试-张三.xxresult.json"
    assert notes[-1].startswith(f"已保存“{result_path.name}”（张三，已交卷，成绩由培训管理员评定；已用个人码签名")
    result = read_result_file(result_path)
    assert result.signature and result.claimed_score is None

    # The trainer collects it and hands back a receipt; importing it shows the trainer's result.
    folder = tmp_path / "results"
    folder.mkdir()
    result_path.rename(folder / result_path.name)
    roster = [RosterEntry("张三", "第一巡视组", CODE)]
    now = fake_clock.advance(minutes=30)
    with ui_context.session_factory() as s, s.begin():
        outcome = collect_results(s, folder, now=now, roster=roster)
        assert (outcome.added, outcome.flagged) == (1, ())
    with ui_context.session_factory() as s:
        [receipt] = write_receipts(s, paper.uid, tmp_path / "receipts", now=now, roster=roster)
    opened.append(receipt)
    qtbot.mouseClick(submitted.receipt_button, Qt.MouseButton.LeftButton)
    score = sum(1 for q in paper.questions[:3] if q.answer is True)  # A is 正确
    assert cell(submitted, 0, 3).startswith(f"{score}/4分")
    assert submitted.results_button.isEnabled()
    qtbot.mouseClick(submitted.results_button, Qt.MouseButton.LeftButton)
    results = window.page("results")
    assert isinstance(results, ResultsPage) and window.current_page_name == "results"
    assert results.score_label.text().startswith(f"{score}/4分")
    assert results.export_button.isVisible()  # 导出成绩文件 stays reachable from the result too
    # Paper results show the source sentence like any other result (the receipt brought it back).
    assert results.result is not None
    quotes = {q.stem: q.quote for q in paper.questions}
    assert all(quotes[i.stem] and i.quote == quotes[i.stem] for i in results.result.items)


def test_a_paper_allowing_two_attempts_starts_a_second_one(
    qtbot: QtBot, window: MainWindow, ui_context: UiContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paper_path = tmp_path / "卷.xxpaper.json"
    _paper(ui_context, paper_path, immediate_scoring=True, attempts_allowed=2)
    monkeypatch.setattr(learner_dialogs, "ask_open_file", lambda *_a: paper_path)
    window.open_paper_file()
    start = window.page("paper_start")
    assert isinstance(start, PaperStartPage) and start.scoring_label.text() == "交卷即显示成绩"
    first = start.start()
    quiz = window.page("quiz")
    assert isinstance(quiz, QuizPage)
    quiz.submit()
    assert window.current_page_name == "results"  # immediate scoring: the result at once
    window.open_paper_file()
    assert window.current_page_name == "paper_start" and start.attempts_label.text() == "2次（已交卷1次）"
    second = start.start()
    assert second is not None and second != first
    quiz.submit()
    window.open_paper_file()
    assert window.current_page_name == "results"  # no attempt left: the last result is shown


def test_a_papers_exam_date_is_adopted_without_a_plan_and_only_offered_against_the_learners_own(
    qtbot: QtBot, window: MainWindow, ui_context: UiContext, tmp_path: Path,
) -> None:
    import datetime as dt

    from study.exam_goal import exam_goal, set_exam_goal

    today = ui_context.clock().date()
    exam = today + dt.timedelta(days=20)
    paper = _paper(ui_context, tmp_path / "卷.xxpaper.json", exam_date=exam)
    learner_id = ui_context.learner_id
    assert learner_id is not None

    def goal_date() -> dt.date | None:
        with ui_context.session_factory() as s:
            goal = exam_goal(s, learner_id=learner_id)
            return None if goal is None else goal.exam_date

    # No plan yet: opening the paper adopts its date and says so.
    window.show_paper(paper)
    start = window.page("paper_start")
    assert isinstance(start, PaperStartPage)
    assert start.exam_date_label.isVisible() and start.exam_date_label.text() == f"{exam.year}年{exam.month}月{exam.day}日"
    assert "已按这个日期为您制定考试计划" in start.date_note.text() and not start.adopt_button.isVisible()
    assert goal_date() == exam
    # The learner later sets their own date: reopening the paper offers the paper's, never overwrites.
    own = exam + dt.timedelta(days=5)
    with ui_context.session_factory() as s, s.begin():
        set_exam_goal(s, learner_id=learner_id, exam_date=own, now=ui_context.clock())
    window.show_paper(paper)
    assert goal_date() == own
    assert "与这份试卷的考试日期不同" in start.date_note.text() and start.adopt_button.isVisible()
    qtbot.mouseClick(start.adopt_button, Qt.MouseButton.LeftButton)
    assert goal_date() == exam and not start.adopt_button.isVisible()
    assert "考试计划已改为" in start.date_note.text()
    # Reopened once more: the date agrees with the plan.
    window.show_paper(paper)
    assert "您的考试计划已按这个日期安排" in start.date_note.text()


def test_a_paper_without_an_exam_date_hides_the_row(window: MainWindow, ui_context: UiContext, tmp_path: Path) -> None:
    paper = _paper(ui_context, tmp_path / "卷.xxpaper.json")
    window.show_paper(paper)
    start = window.page("paper_start")
    assert isinstance(start, PaperStartPage)
    assert not start.exam_date_label.isVisible() and not start.date_note.isVisible() and not start.adopt_button.isVisible()
