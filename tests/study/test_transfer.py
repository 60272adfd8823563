"""Moving a learner's history to another machine: round trip, importing twice, bad files, the CLI."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from foundation.context import AppContext
from foundation.data_dir import sqlite_url
from foundation.database import make_engine, make_session_factory, upgrade_to_head
from foundation.errors import UserError
from study.attempts import answer_question, attempt_result, submit_attempt
from study.learners import create_learner, delete_learner, find_learner
from study.models import (
    AttemptItemRow,
    CardStateRow,
    LearnerRow,
    QuizAttemptRow,
    ReviewLogRow,
    WrongAnswerRow,
)
from study.progress_file import (
    progress_from_json,
    progress_to_json,
    read_progress_file,
    write_progress_file,
)
from study.quiz import start_quiz
from study.scheduling import review_flashcard
from study.transfer import export_progress, import_progress
from study.types import QuizMode, QuizSpec, Rating
from study.wrong_answers import wrong_book
from tests.study.conftest import SmallBank, build_small_bank


def _history(factory: sessionmaker[Session], bank: SmallBank, learner_id: int, now: dt.datetime) -> None:
    rng = random.Random(3)
    with factory() as s, s.begin():
        for i, card in enumerate(bank.flashcard_ids[:6]):
            review_flashcard(s, learner_id=learner_id, flashcard_id=card, rating=Rating(1 + i % 4), now=now)
            review_flashcard(s, learner_id=learner_id, flashcard_id=card, rating=Rating.GOOD, now=now + dt.timedelta(days=1))
        attempt_id = start_quiz(s, learner_id=learner_id, spec=QuizSpec(topic_ids=bank.topic_ids[:2], count=6, mode=QuizMode.EXAM), now=now, rng=rng)
        for position in range(6):
            answer_question(s, attempt_id=attempt_id, position=position, answer=None, now=now)
        judge = bank.questions_by_type["judge"][0]
        wrong = start_quiz(s, learner_id=learner_id, spec=QuizSpec(question_ids=(judge,), mode=QuizMode.PRACTICE), now=now, rng=rng)
        answer_question(s, attempt_id=wrong, position=0, answer=False, now=now)
        submit_attempt(s, attempt_id=wrong, now=now)


def _counts(s: Session) -> tuple[int, ...]:
    return tuple(int(s.scalar(select(func.count()).select_from(t)) or 0)
                 for t in (LearnerRow, CardStateRow, ReviewLogRow, QuizAttemptRow, AttemptItemRow, WrongAnswerRow))


def test_progress_round_trip_to_another_machine_and_importing_twice_adds_nothing(
    factory: sessionmaker[Session], bank: SmallBank, learner_id: int, now: dt.datetime, tmp_path: Path
) -> None:
    _history(factory, bank, learner_id, now)
    with factory() as s:
        data = export_progress(s, learner_id=learner_id, now=now)
        source_counts = _counts(s)
    path = tmp_path / "进度.json"
    write_progress_file(data, path)
    assert source_counts == (1, 6, 12, 2, 7, 1)

    # Another machine: the same bank built in a different order, so every id differs.
    other_engine = make_engine(sqlite_url(tmp_path / "other"))
    (tmp_path / "other").mkdir(exist_ok=True)
    upgrade_to_head(other_engine)
    other = make_session_factory(other_engine)
    with other() as s, s.begin():
        create_learner(s, "王五", now=now)
        from question_bank.models import (
            DocumentRow,
            FlashcardRow,
            QuestionRow,
            TopicRow,
        )

        document = DocumentRow(title="另一文档", kind="prose", text="", builtin=False, created_at=now)
        s.add(document)
        s.flush()
        topic = TopicRow(document_id=document.id, position=0, title="别的", question="", body="", start=0, end=0)
        s.add(topic)
        s.flush()
        s.add(QuestionRow(topic_id=topic.id, key="x", type="judge", stem="?", answer=True, status="active"))
        s.add(FlashcardRow(topic_id=topic.id, key="x", front="?", back="!"))
        s.flush()
        other_bank = build_small_bank(s, now)
    assert other_bank.question_ids != bank.question_ids
    loaded = read_progress_file(path)
    with other() as s, s.begin():
        report = import_progress(s, loaded, now=now)
    assert (report.learner_created, report.card_states, report.review_logs, report.attempts, report.wrong_answers) == (True, 6, 12, 2, 1)
    with other() as s, s.begin():
        again = import_progress(s, read_progress_file(path), now=now)
        assert (again.learner_created, again.card_states, again.review_logs, again.attempts, again.wrong_answers) == (False, 0, 0, 0, 0)
        assert _counts(s) == (2, 6, 12, 2, 7, 1)
        imported = find_learner(s, "张三")
        assert imported is not None
        book = wrong_book(s, learner_id=imported.id)
        assert [e.question_id for e in book] == [other_bank.questions_by_type["judge"][0]]
        # Re-exporting from the other machine gives back the same history.
        back = export_progress(s, learner_id=imported.id, now=now)
    for part in ("card_states", "review_logs", "attempts", "wrong_answers"):
        assert getattr(back, part) == getattr(data, part), part
        assert progress_to_json(back)[part] == progress_to_json(data)[part], part
    with other() as s:
        exam = s.scalars(select(QuizAttemptRow).where(QuizAttemptRow.mode == "practice")).one()
        assert attempt_result(s, attempt_id=exam.id).items[0].question_id == other_bank.questions_by_type["judge"][0]
    other_engine.dispose()


def test_bad_files_are_refused_in_chinese_and_nothing_is_half_imported(
    factory: sessionmaker[Session], bank: SmallBank, learner_id: int, now: dt.datetime, tmp_path: Path
) -> None:
    _history(factory, bank, learner_id, now)
    with factory() as s:
        data = export_progress(s, learner_id=learner_id, now=now)
    path = tmp_path / "bad.json"
    for content, message in (("{not json", "不是有效的JSON"), ('{"format": "other"}', "不是巡学导出"),
                             (json.dumps({**progress_to_json(data), "version": 99}), "版本")):
        path.write_text(content, encoding="utf-8")
        with pytest.raises(UserError, match=message):
            read_progress_file(path)
    with pytest.raises(UserError, match="找不到文件"):
        read_progress_file(tmp_path / "missing.json")
    broken = progress_to_json(data)
    broken["learner"]["uid"] = "someone-else"
    broken["attempts"][1]["uid"] = "a-new-attempt"
    broken["attempts"][1]["items"][0]["position"] = "第一"  # fails after the learner and logs were added
    with factory() as s:
        before = _counts(s)
    with pytest.raises(UserError, match="格式不正确"):
        with factory() as s, s.begin():
            import_progress(s, progress_from_json(broken), now=now)
    with factory() as s:
        assert _counts(s) == before


def test_export_and_import_commands(app_context: AppContext, tmp_path: Path, now: dt.datetime, capsys: pytest.CaptureFixture[str]) -> None:
    from main import main

    factory = app_context.session_factory()
    with factory() as s, s.begin():
        bank = build_small_bank(s, now)
        learner = create_learner(s, "张三", now=now)
    _history(factory, bank, learner.id, now)
    app_context.dispose()
    data_dir = str(app_context.data_dir)
    out = tmp_path / "out.json"
    assert main(["--data-dir", data_dir, "export-progress", str(out), "--learner", "张三"]) == 0
    assert "已导出学员“张三”的学习记录：12条复习记录，2次测验，1道错题" in capsys.readouterr().out
    assert main(["--data-dir", data_dir, "import-progress", str(out)]) == 0
    assert "新增0条复习记录" in capsys.readouterr().out
    assert main(["--data-dir", data_dir, "export-progress", str(out), "--learner", "无名"]) == 2
    assert "错误：找不到学员“无名”。" in capsys.readouterr().err
    out.write_text("[]", encoding="utf-8")
    assert main(["--data-dir", data_dir, "import-progress", str(out)]) == 2
    assert "不是巡学导出的学习记录" in capsys.readouterr().err


def _spoil(data: dict[str, Any], path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    spoiled: dict[str, Any] = json.loads(json.dumps(data))
    target: Any = spoiled
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return spoiled


@pytest.mark.parametrize(("path", "value", "named"), [
    (("learner", "name"), 123, "学员姓名"),
    (("learner", "desired_retention"), 5, "目标记忆保持率"),
    (("learner", "daily_new_limit"), -3, "每日新卡片数"),
    (("card_states", 0, "state"), 77, "卡片状态"),
    (("card_states", 0, "stability"), "NaN", "卡片稳定度"),
    (("review_logs", -1, "rating"), 9, "复习评分"),
    (("attempts", -1, "score"), "x", "测验得分"),
    (("attempts", 0, "mode"), "闯关", "测验方式"),
    (("attempts", 0, "spec", "pass_mark"), "六成", "测验设置"),
    (("attempts", 0, "items", 0, "option_order"), [0, 0, 7], "选项顺序"),
    (("attempts", 0, "items", 1, "position"), 0, "题目序号"),
    (("wrong_answers", 0, "wrong_count"), 0, "错题次数"),
])
def test_a_file_from_another_machine_with_one_bad_value_is_refused_whole(
    factory: sessionmaker[Session], bank: SmallBank, learner_id: int, now: dt.datetime,
    path: tuple[str | int, ...], value: Any, named: str,
) -> None:
    _history(factory, bank, learner_id, now)
    with factory() as s, s.begin():
        data = export_progress(s, learner_id=learner_id, now=now)
        delete_learner(s, learner_id)  # so that this database is "another machine" that lacks all of it
    with factory() as s:
        before = _counts(s)
    with pytest.raises(UserError, match=named):
        with factory() as s, s.begin():
            import_progress(s, progress_from_json(_spoil(progress_to_json(data), path, value)), now=now)
    with factory() as s:
        assert _counts(s) == before
    with factory() as s, s.begin():  # the unspoiled file still imports
        assert import_progress(s, data, now=now).attempts == 2


def test_a_file_saved_with_a_byte_order_mark_is_read(
    factory: sessionmaker[Session], bank: SmallBank, learner_id: int, now: dt.datetime, tmp_path: Path
) -> None:
    with factory() as s:
        data = export_progress(s, learner_id=learner_id, now=now)
    path = tmp_path / "记事本另存.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(progress_to_json(data), ensure_ascii=False).encode("utf-8"))
    assert read_progress_file(path).learner.uid == data.learner.uid


def test_an_export_to_a_folder_is_refused_and_leaves_no_partial_file(
    factory: sessionmaker[Session], bank: SmallBank, learner_id: int, now: dt.datetime, tmp_path: Path
) -> None:
    with factory() as s:
        data = export_progress(s, learner_id=learner_id, now=now)
    (tmp_path / "进度.json").mkdir()
    with pytest.raises(UserError, match="^无法写入文件：.*进度.json"):
        write_progress_file(data, tmp_path / "进度.json")
    assert not list(tmp_path.glob("*.partial"))


IMPOSSIBLE: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    ("score-1e300-of-10-passed", lambda d: d["attempts"][-1].update(score=1e300, max_score=10, passed=True), "测验得分"),
    ("score-above-max", lambda d: d["attempts"][-1].update(score=5, max_score=1, passed=True), "得分（5）超过满分（1）"),
    ("passed-below-pass-mark", lambda d: d["attempts"][-1].update(score=0, max_score=1, passed=True), "及格标记与得分"),
    ("failed-at-full-marks", lambda d: d["attempts"][-1].update(score=1, max_score=1, passed=False), "及格标记与得分"),
    ("correct-with-no-score", lambda d: d["attempts"][-1]["items"][0].update(score=0, correct=True), "对错标记与其得分"),
    ("negative-duration", lambda d: d["review_logs"][0].update(duration_ms=-5), "用时"),
    ("duration-of-centuries", lambda d: d["review_logs"][0].update(duration_ms=10**13), "用时"),
    ("integer-above-2^63", lambda d: d["attempts"][0]["items"][0].update(duration_ms=2**70), "用时"),
    ("date-that-overflows", lambda d: d["review_logs"][0].update(reviewed_at="9999-12-31T23:59:59-05:00"), "时间"),
    ("date-before-the-app", lambda d: d["review_logs"][0].update(reviewed_at="1900-01-01T00:00:00+00:00"), "时间"),
    ("huge-reps", lambda d: d["card_states"][0].update(reps=2**63), "复习次数"),
    ("huge-stability", lambda d: d["card_states"][0].update(stability=1e300), "卡片稳定度"),
    ("blank-answer-of-5000-numerals", lambda d: _blank_item(d).update(answer=["三" * 5000]), "最多200字"),
]


def _blank_item(data: dict[str, Any]) -> dict[str, Any]:
    """An item of the exam attempt whose question is a blank (made one by its answer's shape)."""
    for item in data["attempts"][0]["items"]:
        if isinstance(item.get("answer"), list) and all(isinstance(a, str) for a in item["answer"]) and item["answer"]:
            return item  # type: ignore[no-any-return]
    raise AssertionError("no blank item")


def test_impossible_or_unstorable_records_are_refused_in_one_line_through_the_command_line(
    app_context: AppContext, tmp_path: Path, now: dt.datetime, capsys: pytest.CaptureFixture[str]
) -> None:
    from main import main

    factory = app_context.session_factory()
    with factory() as s, s.begin():
        bank = build_small_bank(s, now)
        learner = create_learner(s, "张三", now=now)
    _history(factory, bank, learner.id, now)
    with factory() as s, s.begin():
        blank = bank.questions_by_type["blank"][0]
        attempt = start_quiz(s, learner_id=learner.id, spec=QuizSpec(question_ids=(blank,), mode=QuizMode.EXAM),
                             now=now, rng=random.Random(1))
        answer_question(s, attempt_id=attempt, position=0, answer=["六个月"], now=now)
        exported = progress_to_json(export_progress(s, learner_id=learner.id, now=now))
        delete_learner(s, learner.id)  # this database is "another machine"
    exported["attempts"].insert(0, exported["attempts"].pop())  # the blank exam first
    with factory() as s:
        before = _counts(s)
    app_context.dispose()
    data_dir = str(app_context.data_dir)
    path = tmp_path / "记录.json"
    for name, spoil, said in IMPOSSIBLE:
        spoiled = json.loads(json.dumps(exported))
        spoil(spoiled)
        path.write_text(json.dumps(spoiled, ensure_ascii=False), encoding="utf-8")
        capsys.readouterr()
        assert main(["--data-dir", data_dir, "import-progress", str(path)]) == 2, name
        err = capsys.readouterr().err.strip()
        assert err.startswith("错误：学习记录文件") and said in err and "\n" not in err, (name, err)
    for name, content in (("nested", "[" * 100_000 + "]" * 100_000), ("digits", '{"version": ' + "9" * 5000 + "}")):
        path.write_text(content, encoding="utf-8")
        assert main(["--data-dir", data_dir, "import-progress", str(path)]) == 2, name
        assert capsys.readouterr().err.strip() == "错误：无法读取学习记录文件（不是有效的JSON）：记录.json"
    with app_context.session_factory()() as s:
        assert _counts(s) == before
    path.write_text(json.dumps(exported, ensure_ascii=False), encoding="utf-8")  # the unspoiled file imports
    assert main(["--data-dir", data_dir, "import-progress", str(path)]) == 0


@pytest.mark.parametrize(("failure", "said"), [
    ("database is locked", "数据库正被占用"),
    ("database or disk is full", "磁盘已满"),
    ("attempt to write a readonly database", "无法打开或写入数据库文件"),
])
def test_a_database_that_cannot_be_written_is_blamed_not_the_file(
    app_context: AppContext, tmp_path: Path, now: dt.datetime, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch, failure: str, said: str,
) -> None:
    import sqlite3

    from sqlalchemy.exc import OperationalError

    from main import main

    factory = app_context.session_factory()
    with factory() as s, s.begin():
        bank = build_small_bank(s, now)
        learner = create_learner(s, "张三", now=now)
    _history(factory, bank, learner.id, now)
    with factory() as s, s.begin():
        progress = export_progress(s, learner_id=learner.id, now=now)
        delete_learner(s, learner.id)
    with factory() as s:
        before = _counts(s)
    app_context.dispose()
    path = tmp_path / "记录.json"
    write_progress_file(progress, path)

    def fails(*_args: Any, **_kwargs: Any) -> None:
        raise OperationalError("INSERT INTO study_days", {}, sqlite3.OperationalError(failure))

    monkeypatch.setattr("study.transfer.mark_study_days", fails)
    assert main(["--data-dir", str(app_context.data_dir), "import-progress", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("错误：学习记录文件无误，但未能写入数据库，未导入任何记录：") and said in err, err
    assert "\n" not in err
    with app_context.session_factory()() as s:
        assert _counts(s) == before


def test_a_progress_export_that_fails_midway_leaves_no_file(
    factory: sessionmaker[Session], bank: SmallBank, learner_id: int, now: dt.datetime, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import os

    with factory() as s:
        progress = export_progress(s, learner_id=learner_id, now=now)

    def full_disk(_fd: int) -> None:  # the content was written; flushing it to disk fails
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(UserError, match=r"^无法写入文件：.*进度\.json（磁盘已满）$"):
        write_progress_file(progress, tmp_path / "进度.json")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("进度")] == []


def test_the_exam_goal_travels_newer_wins_and_importing_twice_changes_nothing(
    factory: sessionmaker[Session], bank: SmallBank, learner_id: int, now: dt.datetime, tmp_path: Path
) -> None:
    from study.exam_goal import ExamGoal, exam_goal, set_exam_goal

    exam = now.date() + dt.timedelta(days=20)
    with factory() as s, s.begin():
        set_exam_goal(s, learner_id=learner_id, exam_date=exam, target_recall=0.92, now=now)
    with factory() as s:
        first = export_progress(s, learner_id=learner_id, now=now)
    assert progress_to_json(first)["exam_goal"] == {"exam_date": exam.isoformat(), "target_recall": 0.92,
                                                     "set_on": now.date().isoformat()}
    path = tmp_path / "进度.json"
    write_progress_file(first, path)
    (tmp_path / "other").mkdir()
    engine = make_engine(sqlite_url(tmp_path / "other"))
    upgrade_to_head(engine)
    other = make_session_factory(engine)
    with other() as s, s.begin():
        build_small_bank(s, now)

    def imported_goal() -> tuple[bool, ExamGoal | None]:
        with other() as s, s.begin():
            report = import_progress(s, read_progress_file(path), now=now)
            learner = find_learner(s, "张三")
            assert learner is not None
            return report.exam_goal, exam_goal(s, learner_id=learner.id)

    # 1. A machine without a goal takes the file's; 2. importing it again changes nothing.
    assert imported_goal() == (True, ExamGoal(exam, 0.92, now.date()))
    assert imported_goal() == (False, ExamGoal(exam, 0.92, now.date()))
    # 3. The learner moves the date on this machine later on: the older file never overwrites it.
    later = now + dt.timedelta(days=2)
    with other() as s, s.begin():
        learner = find_learner(s, "张三")
        assert learner is not None
        set_exam_goal(s, learner_id=learner.id, exam_date=exam + dt.timedelta(days=3), target_recall=0.9, now=later)
    assert imported_goal() == (False, ExamGoal(exam + dt.timedelta(days=3), 0.9, later.date()))
    # 4. A goal set on the first machine later still is newer: it is taken.
    latest = now + dt.timedelta(days=4)
    with factory() as s, s.begin():
        set_exam_goal(s, learner_id=learner_id, exam_date=exam + dt.timedelta(days=1), target_recall=0.95, now=latest)
        write_progress_file(export_progress(s, learner_id=learner_id, now=latest), path)
    assert imported_goal() == (True, ExamGoal(exam + dt.timedelta(days=1), 0.95, latest.date()))
    # 5. A file from before exam plans (no `exam_goal`) still imports and leaves the goal alone.
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["exam_goal"]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert read_progress_file(path).exam_goal is None
    assert imported_goal() == (False, ExamGoal(exam + dt.timedelta(days=1), 0.95, latest.date()))
    engine.dispose()


@pytest.mark.parametrize(("goal", "message"), [
    ({"exam_date": "2026-12-20", "target_recall": 1.5, "set_on": "2026-11-27"}, "考试目标记忆率"),
    ({"exam_date": "2026-13-20", "target_recall": 0.9, "set_on": "2026-11-27"}, "考试日期"),
    ({"exam_date": "2026-12-20", "target_recall": 0.9, "set_on": "2026-12-21"}, "设置日期晚于考试日期"),
    ("2026-12-20", "考试计划"),
])
def test_a_malformed_exam_goal_refuses_the_whole_file(
    factory: sessionmaker[Session], bank: SmallBank, learner_id: int, now: dt.datetime, goal: object, message: str
) -> None:
    with factory() as s:
        data = progress_to_json(export_progress(s, learner_id=learner_id, now=now))
    with pytest.raises(UserError, match=message):
        progress_from_json({**data, "exam_goal": goal})
