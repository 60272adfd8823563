"""A learner opens a paper file, sits it as a mock exam, and exports the result file."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import cast

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from foundation.errors import UserError
from question_bank.drafts import QuestionType
from question_bank.models import DocumentRow, QuestionRow
from study.attempts import attempt_result
from study.learners import create_learner
from study.models import QuizAttemptRow
from study.quiz import load_quiz_session
from tests.trainer.fixtures import fill_sample_bank
from tests.trainer.sitting_helpers import learner_machine, sit_paper
from trainer.paper_file import write_paper_file
from trainer.paper_sitting import (
    export_result_file,
    open_paper_file,
    suggested_result_filename,
)
from trainer.papers import assemble_random_paper

ALL_TYPES = {t: 1 for t in QuestionType} | {QuestionType.SINGLE: 3}


@pytest.fixture
def paper_file(session_factory: sessionmaker[Session], now: dt.datetime, tmp_path: Path) -> Path:
    with session_factory() as s, s.begin():
        fill_sample_bank(s, now)
        paper = assemble_random_paper(s, title="巡视条例学习测试", type_counts=ALL_TYPES, time_limit_s=1200,
                                      pass_mark=0.75, shuffle=True, now=now, rng=random.Random(3))
    path = tmp_path / "巡视条例学习测试.xxpaper.json"
    write_paper_file(paper, path)
    return path


def test_opening_a_paper_starts_an_exam_on_its_questions_and_resumes_it(
    paper_file: Path, tmp_path: Path, now: dt.datetime, rng: random.Random
) -> None:
    factory = learner_machine(tmp_path / "pc1")
    paper = json.loads(paper_file.read_text(encoding="utf-8"))
    with factory() as s, s.begin():
        learner = create_learner(s, "张三", now=now, unit="第一巡视组")
        attempt_id = open_paper_file(s, paper_file, learner_id=learner.id, now=now, rng=rng)
    with factory() as s, s.begin():
        quiz = load_quiz_session(s, attempt_id, now)
        attempt = s.get(QuizAttemptRow, attempt_id)
        assert attempt is not None and attempt.mode == "exam" and attempt.paper_uid == paper["uid"]
        assert quiz.deadline_at == now + dt.timedelta(seconds=1200) and quiz.spec.pass_mark == 0.75
        assert sorted(i.stem for i in quiz.items) == sorted(q["stem"] for q in paper["questions"])
        assert [i.type.value for i in quiz.items] == [q["type"] for q in paper["questions"]]  # grouped by type
        document = s.scalars(select(DocumentRow).where(DocumentRow.title == "试卷：巡视条例学习测试")).one()
        assert document.kind == "bank"
        keys = sorted(s.scalars(select(QuestionRow.key)))
        assert keys == sorted(f"paper-{q['key']}" for q in paper["questions"])
        # Opening the same file again resumes the open attempt instead of starting another.
        assert open_paper_file(s, paper_file, learner_id=learner.id, now=now + dt.timedelta(minutes=5), rng=rng) == attempt_id
        with pytest.raises(UserError, match="请先交卷"):
            export_result_file(s, attempt_id, tmp_path / "early.json")


def test_result_file_holds_who_which_paper_every_answer_and_the_score(
    paper_file: Path, tmp_path: Path, now: dt.datetime
) -> None:
    factory = learner_machine(tmp_path / "pc2")
    paper = json.loads(paper_file.read_text(encoding="utf-8"))
    keys = [q["key"] for q in paper["questions"]]
    attempt_id = sit_paper(factory, paper_file, name="李四", unit="巡视办", wrong_keys={keys[0], keys[4]},
                           skip_keys={keys[-1]}, now=now, rng=random.Random(11))
    with factory() as s:
        result = attempt_result(s, attempt_id=attempt_id)
        name = suggested_result_filename(s, attempt_id)
        summary = export_result_file(s, attempt_id, tmp_path / name)
    assert name == "巡视条例学习测试-李四.xxresult.json"
    assert (result.score, result.max_score, result.passed) == (5, 8, False)  # 62.5% < 75%
    content = json.loads((tmp_path / name).read_text(encoding="utf-8"))
    assert content["format"] == "xunxue-result" and content["version"] == 1
    assert content["paper"] == {"uid": paper["uid"], "version": 1, "title": "巡视条例学习测试"}
    assert content["learner"]["name"] == "李四" and content["learner"]["unit"] == "巡视办"
    assert content["claimed"] == {"score": len(keys) - 3, "max_score": len(keys),
                                  "percent": round(100 * (len(keys) - 3) / len(keys), 2), "passed": result.passed}
    by_key = {a["key"]: a for a in content["answers"]}
    assert sorted(by_key) == sorted(keys)
    assert by_key[keys[-1]]["answer"] is None and by_key[keys[-1]]["answered_at"] is None
    answered = [a for a in content["answers"] if a["answered_at"]]
    assert len(answered) == len(keys) - 1 and all(a["duration_ms"] == 20_000 for a in answered)
    assert by_key[keys[1]]["answer"] == paper["questions"][1]["answer"]  # in the paper's own option order
    assert (summary.learner_name, summary.answered) == ("李四", len(keys) - 1)
    # After submitting, the same paper can be sat again; its questions are updated, not duplicated.
    with factory() as s, s.begin():
        learner_id = s.get(QuizAttemptRow, attempt_id).learner_id  # type: ignore[union-attr]
        again = open_paper_file(s, paper_file, learner_id=learner_id, now=now + dt.timedelta(days=1), rng=random.Random(5))
        assert again != attempt_id
        assert s.scalar(select(func.count()).select_from(QuestionRow)) == len(keys)


def test_opening_a_paper_that_fails_before_the_exam_starts_leaves_no_copies_behind(
    paper_file: Path, tmp_path: Path, now: dt.datetime, rng: random.Random, monkeypatch: pytest.MonkeyPatch
) -> None:
    import study.quiz

    factory = learner_machine(tmp_path / "pc1")
    with factory() as s, s.begin():
        learner_id = create_learner(s, "张三", now=now).id

    def power_cut(*args: object, **kwargs: object) -> None:
        raise RuntimeError("断电")

    monkeypatch.setattr(study.quiz, "start_quiz", power_cut)  # after the paper's questions were copied in
    with pytest.raises(RuntimeError, match="断电"):
        with factory() as s, s.begin():
            open_paper_file(s, paper_file, learner_id=learner_id, now=now, rng=rng)
    with factory() as s:
        assert [s.scalar(select(func.count()).select_from(t)) for t in (DocumentRow, QuestionRow, QuizAttemptRow)] == [0, 0, 0]
    monkeypatch.undo()
    with factory() as s, s.begin():
        open_paper_file(s, paper_file, learner_id=learner_id, now=now, rng=rng)
        assert s.scalar(select(func.count()).select_from(QuizAttemptRow)) == 1


def test_a_paper_opened_where_its_questions_already_are_does_not_double_them_in_practice(
    session_factory: sessionmaker[Session], paper_file: Path, now: dt.datetime, rng: random.Random
) -> None:
    from study.quiz import start_quiz
    from study.types import QuizMode, QuizSpec

    with session_factory() as s, s.begin():  # the trainer's own machine: the paper was made from this bank
        bank_size = s.scalar(select(func.count()).select_from(QuestionRow))
        assert bank_size is not None
        learner = create_learner(s, "张三", now=now)
        exam = open_paper_file(s, paper_file, learner_id=learner.id, now=now, rng=rng)
        assert len(load_quiz_session(s, exam, now).items) == len(json.loads(paper_file.read_text(encoding="utf-8"))["questions"])
        assert cast(int, s.scalar(select(func.count()).select_from(QuestionRow))) > bank_size  # the copies are there
        practice = start_quiz(s, learner_id=learner.id, spec=QuizSpec(count=500, mode=QuizMode.PRACTICE), now=now, rng=rng)
        stems = [item.stem for item in load_quiz_session(s, practice, now).items]
    assert len(stems) == len(set(stems)) == bank_size
