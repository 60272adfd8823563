"""Paper and result files: for every question type, an answer of the wrong shape is refused and nothing is stored."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from foundation.errors import UserError
from question_bank.drafts import QuestionType
from question_bank.models import QuestionRow
from study.models import QuizAttemptRow
from tests.trainer.fixtures import fill_sample_bank
from tests.trainer.sitting_helpers import learner_machine, sit_paper
from trainer.collection import collect_results
from trainer.models import CollectedResultRow
from trainer.paper_file import Paper, paper_to_json, read_paper_file, write_paper_file
from trainer.paper_sitting import export_result_file, open_paper_file
from trainer.papers import assemble_random_paper
from trainer.result_file import read_result_file, result_to_json, write_result_file

TYPES = list(QuestionType)
WRONG_KEY: dict[QuestionType, Any] = {
    QuestionType.SINGLE: "not-an-answer",
    QuestionType.MULTIPLE: [2, 0],
    QuestionType.JUDGE: "正确",
    QuestionType.BLANK: ["6个月"],
    QuestionType.ORDER: [0, 0, 1],
    QuestionType.MATCH: ["只有一项"],
}
WRONG_ANSWER: dict[QuestionType, Any] = {
    QuestionType.SINGLE: "not-an-answer",
    QuestionType.MULTIPLE: [0, 0],
    QuestionType.JUDGE: 1,
    QuestionType.BLANK: [6],
    QuestionType.ORDER: [0, 99],
    QuestionType.MATCH: [1, 2],
}


@pytest.fixture
def paper(session_factory: sessionmaker[Session], now: dt.datetime) -> Paper:
    with session_factory() as s, s.begin():
        fill_sample_bank(s, now)
        return assemble_random_paper(s, title="各题型测试卷", type_counts=dict.fromkeys(TYPES, 1), time_limit_s=1800,
                                     pass_mark=0.6, shuffle=True, now=now, rng=random.Random(4))


def _count(factory: sessionmaker[Session], row: type[Any]) -> int:
    with factory() as s:
        return int(s.scalar(select(func.count()).select_from(row)) or 0)


@pytest.mark.parametrize("qtype", TYPES)
def test_a_paper_file_with_a_key_of_the_wrong_shape_is_refused_and_nothing_is_stored(
    paper: Paper, tmp_path: Path, now: dt.datetime, qtype: QuestionType
) -> None:
    content = paper_to_json(paper)
    next(q for q in content["questions"] if q["type"] == qtype.value)["answer"] = WRONG_KEY[qtype]
    path = tmp_path / "卷.xxpaper.json"
    path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(UserError) as error:
        read_paper_file(path)
    assert str(error.value) == "试卷文件已损坏或格式不正确。"
    learner = learner_machine(tmp_path / "learner")
    with learner() as s, s.begin():
        from study.learners import create_learner

        learner_id = create_learner(s, "张三", now=now).id
    with pytest.raises(UserError, match="^试卷文件已损坏或格式不正确。$"):
        with learner() as s, s.begin():
            open_paper_file(s, path, learner_id=learner_id, now=now, rng=random.Random(1))
    assert (_count(learner, QuestionRow), _count(learner, QuizAttemptRow)) == (0, 0)


def _sat_result(paper: Paper, tmp_path: Path, now: dt.datetime) -> Path:
    paper_path = tmp_path / "卷.xxpaper.json"
    write_paper_file(paper, paper_path)
    learner = learner_machine(tmp_path / "learner")
    attempt_id = sit_paper(learner, paper_path, name="张三", unit="第一巡视组", wrong_keys=set(), now=now,
                           rng=random.Random(2))
    results = tmp_path / "results"
    results.mkdir()
    path = results / "张三.xxresult.json"
    with learner() as s:
        export_result_file(s, attempt_id, path)
    return path


@pytest.mark.parametrize("qtype", TYPES)
def test_a_result_file_with_an_answer_of_the_wrong_shape_is_refused_and_nothing_is_stored(
    session_factory: sessionmaker[Session], paper: Paper, tmp_path: Path, now: dt.datetime, qtype: QuestionType
) -> None:
    path = _sat_result(paper, tmp_path, now)
    content = json.loads(path.read_text(encoding="utf-8"))
    key = next(q.key for q in paper.questions if q.type is qtype)
    next(a for a in content["answers"] if a["key"] == key)["answer"] = WRONG_ANSWER[qtype]
    path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    with session_factory() as s, s.begin():
        outcome = collect_results(s, path.parent, now=now)
    assert (outcome.added, outcome.duplicates, outcome.mismatched) == (0, 0, ())
    (problem,) = outcome.problems
    number = [q.key for q in paper.questions].index(key) + 1
    assert problem.startswith(f"张三.xxresult.json：第{number}题（{key}）的作答格式不正确：") and "\n" not in problem
    assert _count(session_factory, CollectedResultRow) == 0


def test_an_unspoiled_result_file_reads_back_as_written_and_is_collected(
    session_factory: sessionmaker[Session], paper: Paper, tmp_path: Path, now: dt.datetime
) -> None:
    path = _sat_result(paper, tmp_path, now)
    result = read_result_file(path)
    assert result_to_json(result) == json.loads(path.read_text(encoding="utf-8"))
    assert {a.key for a in result.answers} == {q.key for q in paper.questions}
    again = tmp_path / "again.json"
    write_result_file(result, again)
    assert read_result_file(again) == result
    with session_factory() as s, s.begin():
        outcome = collect_results(s, path.parent, now=now)
    assert (outcome.added, outcome.problems) == (1, ())


@pytest.mark.parametrize(("field", "value", "message"), [
    ("answers", [{"key": "q001", "position": "一"}], "成绩文件中的题目序号格式不正确"),
    ("answers", ["q001"], "成绩文件中的作答格式不正确"),
    ("learner", {"name": 5}, "成绩文件中的姓名格式不正确"),
    ("version", 2, "成绩文件版本为2，无法识别"),
])
def test_result_files_with_fields_of_the_wrong_type_are_refused_in_one_line(
    paper: Paper, tmp_path: Path, now: dt.datetime, field: str, value: Any, message: str
) -> None:
    path = _sat_result(paper, tmp_path, now)
    content = json.loads(path.read_text(encoding="utf-8"))
    content[field] = value
    path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(UserError, match=f"^{message}$"):
        read_result_file(path)
