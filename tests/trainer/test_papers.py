"""Paper assembly: fixed and random papers, topic weights, the paper file and its checks."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from foundation.errors import UserError
from question_bank.drafts import QuestionType
from question_bank.models import QuestionRow, TopicRow
from tests.trainer.fixtures import fill_sample_bank
from trainer.paper_file import paper_to_json, read_paper_file, write_paper_file
from trainer.papers import (
    assemble_fixed_paper,
    assemble_random_paper,
    get_paper,
    list_papers,
)


@pytest.fixture
def bank(session_factory: sessionmaker[Session], now: dt.datetime) -> sessionmaker[Session]:
    with session_factory() as s, s.begin():
        fill_sample_bank(s, now)
    return session_factory


def topic_ids(factory: sessionmaker[Session]) -> dict[str, int]:
    with factory() as s:
        return {title: id_ for id_, title in s.execute(select(TopicRow.id, TopicRow.title))}


def test_random_paper_by_type_counts_is_grouped_by_type_and_reproducible(
    bank: sessionmaker[Session], now: dt.datetime, tmp_path: Path
) -> None:
    counts = {QuestionType.SINGLE: 5, QuestionType.JUDGE: 3, QuestionType.MULTIPLE: 2, QuestionType.MATCH: 1}

    def make(seed: int) -> dict[str, Any]:
        with bank() as s, s.begin():
            paper = assemble_random_paper(
                s, title="巡视条例测试卷", type_counts=counts, time_limit_s=1800, pass_mark=0.6, shuffle=True,
                now=now, rng=random.Random(seed),
            )
        return paper_to_json(paper)

    first, again, other = make(7), make(7), make(8)
    assert {k: v for k, v in first.items() if k != "uid"} == {k: v for k, v in again.items() if k != "uid"}
    assert [q["stem"] for q in first["questions"]] != [q["stem"] for q in other["questions"]]
    types = [q["type"] for q in first["questions"]]
    assert types == ["single"] * 5 + ["multiple"] * 2 + ["judge"] * 3 + ["match"]
    assert [q["key"] for q in first["questions"]] == [f"q{i:03d}" for i in range(1, 12)]
    assert first["format"] == "xunxue-paper" and first["version"] == 1 and first["time_limit_s"] == 1800
    # The file is self-contained: it reads back the same without the database.
    with bank() as s:
        stored = get_paper(s, first["uid"])
        assert [p.title for p in list_papers(s)] == ["巡视条例测试卷"] * 3
    path = tmp_path / "卷.xxpaper.json"
    assert stored is not None
    write_paper_file(stored, path)
    assert paper_to_json(read_paper_file(path)) == first


def test_topic_weights_steer_the_draw(bank: sessionmaker[Session], now: dt.datetime) -> None:
    ids = topic_ids(bank)
    counter: Counter[str] = Counter()
    for seed in range(30):
        with bank() as s, s.begin():
            paper = assemble_random_paper(
                s, title="加权", type_counts={QuestionType.SINGLE: 3, QuestionType.JUDGE: 2},
                topic_weights={ids["巡视工作原则"]: 5.0, ids["整改落实"]: 1.0, ids["队伍建设"]: 0.0},
                time_limit_s=None, pass_mark=0.6, shuffle=False, now=now, rng=random.Random(seed),
            )
        counter.update(q.topic for q in paper.questions)
    assert counter["队伍建设"] == 0
    assert counter["巡视工作原则"] > 2 * counter["整改落实"] > 0


def test_fixed_paper_keeps_the_chosen_questions_and_refuses_bad_requests(
    bank: sessionmaker[Session], now: dt.datetime, rng: random.Random
) -> None:
    with bank() as s:
        rows = s.scalars(select(QuestionRow).order_by(QuestionRow.id)).all()
        judge, single, blank = (next(r for r in rows if r.type == t) for t in ("judge", "single", "blank"))
    with bank() as s, s.begin():
        paper = assemble_fixed_paper(
            s, title="  指定题目卷 ", question_ids=[judge.id, blank.id, single.id, judge.id], time_limit_s=600,
            pass_mark=0.8, shuffle=False, now=now, rng=rng,
        )
    assert paper.title == "指定题目卷"
    assert [q.stem for q in paper.questions] == [single.stem, judge.stem, blank.stem]
    assert paper.questions[2].answer == [["6个月", "六个月", "半年"]] and paper.max_score == 3
    with bank() as s, s.begin():
        with pytest.raises(UserError, match="不够"):
            assemble_random_paper(s, title="太多", type_counts={QuestionType.ORDER: 4}, time_limit_s=None,
                                  pass_mark=0.6, shuffle=True, now=now, rng=rng)
        with pytest.raises(UserError, match="标题"):
            assemble_fixed_paper(s, title=" ", question_ids=[single.id], time_limit_s=None, pass_mark=0.6,
                                 shuffle=True, now=now, rng=rng)
        with pytest.raises(UserError, match="找不到"):
            assemble_fixed_paper(s, title="卷", question_ids=[99999], time_limit_s=None, pass_mark=0.6,
                                 shuffle=True, now=now, rng=rng)


def test_paper_files_that_are_not_papers_are_refused(tmp_path: Path) -> None:
    cases = {
        "missing.json": None,
        "text.json": "不是JSON",
        "other.json": json.dumps({"format": "xunxue-bank", "version": 1}),
        "newer.json": json.dumps({"format": "xunxue-paper", "version": 2}),
        "broken.json": json.dumps({"format": "xunxue-paper", "version": 1, "uid": "x", "questions": []}),
        "badkey.json": json.dumps({
            "format": "xunxue-paper", "version": 1, "uid": "6f1c1f9e-0000-4000-8000-000000000001", "title": "卷",
            "created_at": "2026-11-27T08:00:00+00:00",
            "questions": [{"key": "q001", "type": "single", "stem": "题", "options": ["甲", "乙"], "answer": 5}],
        }),
    }
    messages = {}
    for name, content in cases.items():
        if content is not None:
            (tmp_path / name).write_text(content, encoding="utf-8")
        with pytest.raises(UserError) as error:
            read_paper_file(tmp_path / name)
        messages[name] = str(error.value)
    assert messages["missing.json"].startswith("找不到试卷文件")
    assert messages["text.json"].startswith("无法读取试卷文件")
    assert messages["other.json"] == "这不是巡学试卷文件。"
    assert "版本为2" in messages["newer.json"]
    assert messages["broken.json"] == messages["badkey.json"] == "试卷文件已损坏或格式不正确。"


def _question_of_type(paper: dict[str, Any], qtype: str) -> dict[str, Any]:
    question: dict[str, Any] = next(q for q in paper["questions"] if q["type"] == qtype)
    return question


@pytest.mark.parametrize(("tamper", "what"), [
    (lambda p: p.update(time_limit_s=-60), "negative time limit"),
    (lambda p: p.update(time_limit_s=10**30), "time limit too large for a clock"),
    (lambda p: p.update(time_limit_s=0.5), "fraction of a second"),
    (lambda p: p.update(pass_mark=5), "pass mark over 100%"),
    (lambda p: p.update(pass_mark=float("nan")), "pass mark NaN"),
    (lambda p: p.update(title=""), "no title"),
    (lambda p: p["questions"][0].update(points=-3), "negative points"),
    (lambda p: p["questions"][0].update(points=float("inf")), "infinite points"),
    (lambda p: p["questions"][0].update(stem=None), "no stem"),
    (lambda p: p["questions"][0].update(topic="专" * 1000), "topic of a thousand characters"),
    (lambda p: p["questions"][0].update(options="甲乙丙丁"), "options as one string"),
    (lambda p: p["questions"][0].update(answer=True), "single answered by a boolean"),
    (lambda p: _question_of_type(p, "multiple").update(answer=[0, 0]), "multiple with a repeated option"),
    (lambda p: _question_of_type(p, "judge").update(answer=1), "judge answered by a number"),
    (lambda p: _question_of_type(p, "blank").update(answer=[[6]]), "blank answered by a number"),
    (lambda p: _question_of_type(p, "blank").update(answer=[[""]]), "blank answered by nothing"),
    (lambda p: _question_of_type(p, "match").update(answer=[None] * len(_question_of_type(p, "match")["options"])),
     "match without partners"),
])
def test_tampered_paper_files_are_refused_before_anything_is_stored(
    bank: sessionmaker[Session], now: dt.datetime, tmp_path: Path, tamper: Any, what: str
) -> None:
    counts = {QuestionType.SINGLE: 2, QuestionType.MULTIPLE: 1, QuestionType.JUDGE: 1, QuestionType.BLANK: 1,
              QuestionType.MATCH: 1}
    with bank() as s, s.begin():
        paper = paper_to_json(assemble_random_paper(
            s, title="卷", type_counts=counts, time_limit_s=1800, pass_mark=0.6, shuffle=True, now=now,
            rng=random.Random(1),
        ))
    path = tmp_path / "卷.xxpaper.json"
    path.write_text(json.dumps(paper, ensure_ascii=False), encoding="utf-8")
    assert paper_to_json(read_paper_file(path)) == paper  # every type of the bank reads back as it was written
    tamper(paper)
    path.write_text(json.dumps(paper, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(UserError, match="试卷文件已损坏或格式不正确"):
        read_paper_file(path)
