"""The progress file: every question type's answer is checked against the receiving bank; a bad file stores nothing."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from foundation.context import AppContext
from foundation.errors import UserError
from question_bank.drafts import QuestionType
from study.attempts import answer_question, attempt_result, submit_attempt
from study.learners import create_learner, delete_learner
from study.models import AttemptItemRow, LearnerRow, QuizAttemptRow, ReviewLogRow, WrongAnswerRow
from study.progress_file import progress_to_json, read_progress_file, write_progress_file
from study.quiz import start_quiz
from study.transfer import export_progress, import_progress
from study.types import QuizMode, QuizSpec
from tests.study.conftest import SmallBank, build_small_bank

TYPES = list(QuestionType)
WRONG_SHAPE: dict[QuestionType, Any] = {
    QuestionType.SINGLE: [1],
    QuestionType.MULTIPLE: [0, 0],
    QuestionType.JUDGE: "正确",
    QuestionType.BLANK: [5],
    QuestionType.ORDER: [0, 9, 1, 2],
    QuestionType.MATCH: ["中央巡视组"],
}


def _counts(s: Session) -> tuple[int, ...]:
    return tuple(int(s.scalar(select(func.count()).select_from(t)) or 0)
                 for t in (LearnerRow, QuizAttemptRow, AttemptItemRow, ReviewLogRow, WrongAnswerRow))


def _file_with_every_type(
    factory: sessionmaker[Session], bank: SmallBank, learner_id: int, now: dt.datetime, tmp_path: Path
) -> dict[str, Any]:
    """An exported exam of one question per type (position i has type TYPES[i]); the learner is then deleted."""
    ids = tuple(bank.questions_by_type[t.value][0] for t in TYPES)
    with factory() as s, s.begin():
        attempt_id = start_quiz(s, learner_id=learner_id, spec=QuizSpec(question_ids=ids, mode=QuizMode.EXAM),
                                now=now, rng=random.Random(5))
        answer_question(s, attempt_id=attempt_id, position=2, answer=True, now=now)
        submit_attempt(s, attempt_id=attempt_id, now=now)
        data = progress_to_json(export_progress(s, learner_id=learner_id, now=now))
        delete_learner(s, learner_id)  # so that this database is "another machine" that lacks the history
    assert [item["position"] for item in data["attempts"][0]["items"]] == list(range(len(TYPES)))
    return data


def _import(path: Path, factory: sessionmaker[Session], now: dt.datetime) -> None:
    progress = read_progress_file(path)
    with factory() as s, s.begin():
        import_progress(s, progress, now=now)


@pytest.mark.parametrize("qtype", TYPES)
@pytest.mark.parametrize("shape", ["not-an-answer", "wrong shape"])
def test_a_progress_file_with_an_answer_of_the_wrong_shape_is_refused_and_nothing_is_stored(
    factory: sessionmaker[Session], bank: SmallBank, learner_id: int, now: dt.datetime, tmp_path: Path,
    qtype: QuestionType, shape: str,
) -> None:
    data = _file_with_every_type(factory, bank, learner_id, now, tmp_path)
    data["attempts"][0]["items"][TYPES.index(qtype)]["answer"] = "not-an-answer" if shape == "not-an-answer" else WRONG_SHAPE[qtype]
    path = tmp_path / "进度.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with factory() as s:
        before = _counts(s)
    with pytest.raises(UserError) as error:
        _import(path, factory, now)
    message = str(error.value)
    assert "\n" not in message and "作答格式不正确" in message and message.endswith("未导入任何记录。")
    with factory() as s:
        assert _counts(s) == before


def test_the_same_file_with_answers_of_the_right_shape_imports_and_its_results_open(
    factory: sessionmaker[Session], bank: SmallBank, learner_id: int, now: dt.datetime, tmp_path: Path
) -> None:
    data = _file_with_every_type(factory, bank, learner_id, now, tmp_path)
    path = tmp_path / "进度.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    _import(path, factory, now)
    with factory() as s:
        attempt = s.scalars(select(QuizAttemptRow)).one()
        items = attempt_result(s, attempt_id=attempt.id).items
    assert [i.learner_answer_text for i in items if i.answered] == ["正确"]


def test_an_option_order_that_does_not_fit_the_question_here_is_refused(
    factory: sessionmaker[Session], bank: SmallBank, learner_id: int, now: dt.datetime, tmp_path: Path
) -> None:
    data = _file_with_every_type(factory, bank, learner_id, now, tmp_path)
    data["attempts"][0]["items"][TYPES.index(QuestionType.SINGLE)]["option_order"] = [1, 0]
    path = tmp_path / "进度.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with factory() as s:
        before = _counts(s)
    with pytest.raises(UserError, match="选项顺序与本机题库不符"):
        _import(path, factory, now)
    with factory() as s:
        assert _counts(s) == before


def test_the_writer_leaves_the_old_file_whole_when_it_cannot_write(
    factory: sessionmaker[Session], bank: SmallBank, learner_id: int, now: dt.datetime, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with factory() as s:
        progress = export_progress(s, learner_id=learner_id, now=now)
    path = tmp_path / "进度.json"
    write_progress_file(progress, path)
    before = path.read_bytes()

    def full_disk(self: Path, target: Path) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "replace", full_disk)
    with pytest.raises(UserError, match="^无法写入文件：.*（磁盘已满）$"):
        write_progress_file(progress, path)
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("*.partial"))


def test_import_progress_command_refuses_not_an_answer_in_one_line(
    app_context: AppContext, tmp_path: Path, now: dt.datetime, capsys: pytest.CaptureFixture[str]
) -> None:
    from main import main

    factory = app_context.session_factory()
    with factory() as s, s.begin():
        bank = build_small_bank(s, now)
        learner_id = create_learner(s, "张三", now=now).id
    data = _file_with_every_type(factory, bank, learner_id, now, tmp_path)
    for item in data["attempts"][0]["items"]:
        item["answer"] = "not-an-answer"
    path = tmp_path / "进度.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with factory() as s:
        before = _counts(s)
    app_context.dispose()
    assert main(["--data-dir", str(app_context.data_dir), "import-progress", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：学习记录文件中") and "作答格式不正确" in err and err.count("\n") == 1
    with app_context.session_factory()() as s:
        assert _counts(s) == before
