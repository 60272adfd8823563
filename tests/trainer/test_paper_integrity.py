"""Papers and results that cannot be gamed: keyless files, receipts, retakes, signatures, times, duplicates, bad files."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from foundation.errors import UserError
from question_bank.bank import list_topics
from question_bank.drafts import QuestionType
from question_bank.models import QuestionRow
from study.attempts import attempt_result
from study.learners import create_learner
from study.models import QuizAttemptRow
from study.quiz import start_quiz
from study.types import QuizMode, QuizSpec
from tests.trainer.fixtures import fill_sample_bank
from tests.trainer.sitting_helpers import learner_machine, sit_paper
from trainer.collection import collect_results
from trainer.models import CollectedResultRow
from trainer.paper_file import Paper, paper_to_json, read_paper_file, write_paper_file
from trainer.paper_sitting import (
    awaiting_grade,
    export_result_file,
    import_receipt_file,
    open_paper_file,
    paper_history,
    paper_status,
    start_paper_attempt,
)
from trainer.papers import assemble_random_paper
from trainer.receipt_file import RECEIPT_SUFFIX, read_receipt_file, write_receipts
from trainer.report import paper_report
from trainer.result_file import read_result_file, sign_result
from trainer.rosters import RosterEntry, assign_codes, read_roster, write_roster

COUNTS = {t: 1 for t in QuestionType} | {QuestionType.SINGLE: 2}
KEY_FIELDS = ("answer", "answer_text", "explanation", "quote")


def make_paper(factory: sessionmaker[Session], now: dt.datetime, **options: object) -> Paper:
    with factory() as s, s.begin():
        fill_sample_bank(s, now)
        return assemble_random_paper(s, title="巡视条例闭卷测试", type_counts=COUNTS, time_limit_s=1800, pass_mark=0.6,
                                     shuffle=True, now=now, rng=random.Random(5), **options)  # type: ignore[arg-type]


@pytest.fixture
def roster() -> list[RosterEntry]:
    return assign_codes([RosterEntry("张三", "第一巡视组"), RosterEntry("李四", "第二巡视组")], random.Random(8))


def test_a_paper_made_without_immediate_scoring_carries_no_key_in_its_file(
    session_factory: sessionmaker[Session], now: dt.datetime, tmp_path: Path
) -> None:
    paper = make_paper(session_factory, now)
    path = tmp_path / "卷.xxpaper.json"
    write_paper_file(paper, path)
    content = json.loads(path.read_text(encoding="utf-8"))
    assert content["immediate_scoring"] is False and content["attempts_allowed"] == 1
    for question in content["questions"]:
        assert not set(KEY_FIELDS) & set(question), question  # every answer field absent
    raw = path.read_text(encoding="utf-8")
    for question in paper.questions:  # nor does any answer text or explanation appear anywhere in the file
        assert question.answer_text not in raw and question.explanation not in raw
    match = next(q for q in content["questions"] if q["type"] == "match")
    assert match["choices"] == sorted(match["choices"])  # the right-hand items, sorted: no pairing
    read = read_paper_file(path)
    assert not read.has_key and read.digest == paper.digest
    with session_factory() as s:  # the trainer's database keeps the key
        from trainer.papers import get_paper

        stored = get_paper(s, paper.uid)
        assert stored is not None and stored.has_key


def test_immediate_scoring_embeds_the_key_and_old_files_with_keys_still_read(
    session_factory: sessionmaker[Session], now: dt.datetime, tmp_path: Path
) -> None:
    paper = make_paper(session_factory, now, immediate_scoring=True, attempts_allowed=2)
    path = tmp_path / "卷.xxpaper.json"
    write_paper_file(paper, path)
    assert all("answer" in q for q in json.loads(path.read_text(encoding="utf-8"))["questions"])
    old = paper_to_json(paper)
    for field in ("immediate_scoring", "attempts_allowed"):
        del old[field]
    for question in old["questions"]:
        question.pop("blanks", None)
        question.pop("choices", None)
    path.write_text(json.dumps(old, ensure_ascii=False), encoding="utf-8")
    read = read_paper_file(path)
    assert read.has_key and read.immediate_scoring and read.attempts_allowed == 1
    assert [q.answer for q in read.questions] == [q.answer for q in paper.questions]


def test_a_paper_of_100000_questions_is_refused_at_once_naming_the_bound(tmp_path: Path) -> None:
    question = {"key": "q", "type": "judge", "stem": "题", "options": None, "answer": True}
    content = {"format": "xunxue-paper", "version": 1, "uid": "8d1f3f0e-2b1c-4c57-9a53-2f2d2c1f0a11", "title": "大卷",
               "created_at": "2026-11-27T08:00:00+00:00", "questions": [dict(question, key=f"q{i}") for i in range(100_000)]}
    path = tmp_path / "big.xxpaper.json"
    path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    start = time.perf_counter()
    with pytest.raises(UserError, match="试卷最多300道题，这份有100000道"):
        read_paper_file(path)
    assert time.perf_counter() - start < 5


def test_keyless_paper_says_submitted_then_the_receipt_shows_the_trainers_result(
    session_factory: sessionmaker[Session], now: dt.datetime, tmp_path: Path, roster: list[RosterEntry]
) -> None:
    paper = make_paper(session_factory, now)
    paper_path = tmp_path / "卷.xxpaper.json"
    write_paper_file(paper, paper_path)
    learners = learner_machine(tmp_path / "pc")
    keys = [q.key for q in paper.questions]
    attempt_id = sit_paper(learners, paper_path, name="张三", unit="第一巡视组", wrong_keys={keys[0], keys[1]},
                           now=now + dt.timedelta(minutes=1), rng=random.Random(2), key_from=paper)
    with learners() as s:
        attempt = s.get(QuizAttemptRow, attempt_id)
        assert attempt is not None and attempt.score is None and attempt.passed is None  # nothing graded here
        assert awaiting_grade(s, attempt_id)
        assert paper_history(s, learner_id=attempt.learner_id)[0].score_text == "已交卷，待培训管理员评分"
        learner_id = attempt.learner_id
    results = tmp_path / "results"
    results.mkdir()
    with learners() as s:
        summary = export_result_file(s, attempt_id, results / "张三.xxresult.json", code=roster[0].code)
    assert summary.signed and summary.score is None
    collected_at = now + dt.timedelta(hours=2)
    with session_factory() as s, s.begin():
        outcome = collect_results(s, results, now=collected_at, roster=roster)
    assert (outcome.added, outcome.flagged, outcome.mismatched) == (1, (), ())  # signed, in time, no claim to check
    receipts = tmp_path / "receipts"
    with session_factory() as s:
        [receipt_path] = write_receipts(s, paper.uid, receipts, now=collected_at, roster=roster)
    assert receipt_path.name.endswith(RECEIPT_SUFFIX)
    receipt = read_receipt_file(receipt_path)
    assert (receipt.score, receipt.max_score) == (len(keys) - 2, len(keys)) and receipt.signature
    with learners() as s, s.begin():
        with pytest.raises(UserError, match="请输入您的个人码"):
            import_receipt_file(s, receipt_path, learner_id=learner_id)
        with pytest.raises(UserError, match="签名与个人码不符"):
            import_receipt_file(s, receipt_path, learner_id=learner_id, code=roster[1].code)
    tampered = json.loads(receipt_path.read_text(encoding="utf-8"))
    tampered["score"] = len(keys)
    forged = tmp_path / "forged.xxreceipt.json"
    forged.write_text(json.dumps(tampered, ensure_ascii=False), encoding="utf-8")
    with learners() as s, s.begin():
        with pytest.raises(UserError, match="签名与个人码不符"):
            import_receipt_file(s, forged, learner_id=learner_id, code=roster[0].code)
    with learners() as s, s.begin():
        import_receipt_file(s, receipt_path, learner_id=learner_id, code=roster[0].code.lower())
    with learners() as s:
        result = attempt_result(s, attempt_id=attempt_id)
        assert not awaiting_grade(s, attempt_id)
        assert (result.score, result.max_score) == (len(keys) - 2, len(keys))
        assert sum(1 for i in result.items if not i.correct) == 2
        assert all(i.correct_answer_text and i.correct_answer_text != "未作答" for i in result.items)  # the key came back
        assert paper_history(s, learner_id=learner_id)[0].score_text.startswith(f"{len(keys) - 2:g}/{len(keys):g}分")
    other = learner_machine(tmp_path / "pc-other")
    with other() as s, s.begin():
        stranger = create_learner(s, "张三", now=now, unit="第一巡视组")
        with pytest.raises(UserError, match="不是当前学员这次考试的"):
            import_receipt_file(s, receipt_path, learner_id=stranger.id, code=roster[0].code)


def test_retake_policy_one_attempt_by_default_and_as_many_as_the_trainer_allows(
    session_factory: sessionmaker[Session], now: dt.datetime, tmp_path: Path, rng: random.Random
) -> None:
    once = make_paper(session_factory, now, immediate_scoring=True)
    learners = learner_machine(tmp_path / "pc")
    path = tmp_path / "once.xxpaper.json"
    write_paper_file(once, path)
    attempt_id = sit_paper(learners, path, name="张三", unit="", wrong_keys=set(), now=now, rng=rng)
    with learners() as s, s.begin():
        learner_id = s.get(QuizAttemptRow, attempt_id).learner_id  # type: ignore[union-attr]
        status = paper_status(s, read_paper_file(path), learner_id=learner_id, now=now + dt.timedelta(hours=1))
        assert (status.attempts_allowed, status.attempts_used, status.can_start) == (1, 1, False)
        assert status.last_submitted_id == attempt_id
        with pytest.raises(UserError, match="只允许作答1次，您已交卷"):
            open_paper_file(s, path, learner_id=learner_id, now=now + dt.timedelta(hours=1), rng=rng)
    twice_path = tmp_path / "twice.xxpaper.json"
    with session_factory() as s, s.begin():
        twice = assemble_random_paper(s, title="可重考", type_counts={QuestionType.JUDGE: 2}, time_limit_s=None, pass_mark=0.6,
                                      shuffle=False, now=now, rng=rng, attempts_allowed=2)
    write_paper_file(twice, twice_path)
    with learners() as s, s.begin():
        first = open_paper_file(s, twice_path, learner_id=learner_id, now=now, rng=rng)
        assert open_paper_file(s, twice_path, learner_id=learner_id, now=now, rng=rng) == first  # resumes
        from study.attempts import submit_attempt

        submit_attempt(s, attempt_id=first, now=now)
        second = open_paper_file(s, twice_path, learner_id=learner_id, now=now, rng=rng)
        assert second != first
        submit_attempt(s, attempt_id=second, now=now)
        with pytest.raises(UserError, match="只允许作答2次"):
            start_paper_attempt(s, twice, learner_id=learner_id, now=now, rng=rng)


def test_paper_topics_stay_out_of_the_learners_own_topics_and_quizzes(
    session_factory: sessionmaker[Session], now: dt.datetime, tmp_path: Path, rng: random.Random
) -> None:
    paper = make_paper(session_factory, now, immediate_scoring=True)
    path = tmp_path / "卷.xxpaper.json"
    write_paper_file(paper, path)
    learners = learner_machine(tmp_path / "pc")
    with learners() as s, s.begin():
        learner = create_learner(s, "张三", now=now)
        open_paper_file(s, path, learner_id=learner.id, now=now, rng=rng)
        assert s.scalar(select(func.count()).select_from(QuestionRow)) == len(paper.questions)  # the hidden copy
        assert list_topics(s) == []  # no topic of the paper among the learner's topics
        with pytest.raises(UserError, match="没有符合条件的题目"):  # nor in a quiz of the learner's own
            start_quiz(s, learner_id=learner.id, spec=QuizSpec(count=10, mode=QuizMode.PRACTICE), now=now, rng=rng)


def test_a_changed_paper_under_a_reused_id_never_rewrites_a_past_attempt(
    session_factory: sessionmaker[Session], now: dt.datetime, tmp_path: Path, rng: random.Random
) -> None:
    paper = make_paper(session_factory, now, immediate_scoring=True, attempts_allowed=2)
    path = tmp_path / "卷.xxpaper.json"
    write_paper_file(paper, path)
    learners = learner_machine(tmp_path / "pc")
    attempt_id = sit_paper(learners, path, name="张三", unit="", wrong_keys=set(), now=now, rng=rng)
    with learners() as s:
        before = [(i.stem, i.correct_answer_text) for i in attempt_result(s, attempt_id=attempt_id).items]
    content = json.loads(path.read_text(encoding="utf-8"))
    for question in content["questions"]:
        question["stem"] = "改过的" + question["stem"]
    path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    with learners() as s, s.begin():
        learner_id = s.get(QuizAttemptRow, attempt_id).learner_id  # type: ignore[union-attr]
        again = open_paper_file(s, path, learner_id=learner_id, now=now + dt.timedelta(days=1), rng=rng)
        assert again != attempt_id
    with learners() as s:
        assert [(i.stem, i.correct_answer_text) for i in attempt_result(s, attempt_id=attempt_id).items] == before
        assert s.scalar(select(func.count()).select_from(QuestionRow)) == 2 * len(paper.questions)  # a new version


def _sit_and_export(paper: Paper, tmp_path: Path, now: dt.datetime, *, name: str, unit: str, code: str, wrong: set[str],
                    folder: Path, machine: str, rng: random.Random) -> Path:
    path = tmp_path / "卷.xxpaper.json"
    write_paper_file(paper, path)
    learners = learner_machine(tmp_path / machine)
    attempt_id = sit_paper(learners, path, name=name, unit=unit, wrong_keys=wrong, now=now, rng=rng)
    out = folder / f"{name}-{machine}.xxresult.json"
    with learners() as s:
        export_result_file(s, attempt_id, out, code=code)
    return out


def test_forged_unsigned_duplicate_and_late_results_are_kept_and_flagged(
    session_factory: sessionmaker[Session], now: dt.datetime, tmp_path: Path, roster: list[RosterEntry]
) -> None:
    paper = make_paper(session_factory, now, immediate_scoring=True, attempts_allowed=3)
    folder = tmp_path / "results"
    folder.mkdir()
    keys = [q.key for q in paper.questions]
    sat_at = now + dt.timedelta(minutes=5)
    real = _sit_and_export(paper, tmp_path, sat_at, name="李四", unit="第二巡视组", code=roster[1].code,
                           wrong=set(keys[:6]), folder=folder, machine="pc-lisi", rng=random.Random(1))
    honest = _sit_and_export(paper, tmp_path, sat_at, name="张三", unit="第一巡视组", code=roster[0].code,
                             wrong=set(), folder=folder, machine="pc-zhang", rng=random.Random(2))
    # A forgery: 李四's real file re-graded to 100% by hand (answers replaced by the key), signature kept.
    forged = json.loads(real.read_text(encoding="utf-8"))
    for answer in forged["answers"]:
        question = paper.question(answer["key"])
        assert question is not None
        answer["answer"] = [v[0] for v in question.answer] if question.type is QuestionType.BLANK else question.answer
    forged["sitting_uid"] = "f" * 8 + forged["sitting_uid"][8:]
    forged["claimed"].update(score=len(keys), percent=100.0, passed=True)
    (folder / "李四-改.xxresult.json").write_text(json.dumps(forged, ensure_ascii=False), encoding="utf-8")
    # Unsigned, and signed by 张三 under 李四's name.
    unsigned = dict(forged, sitting_uid="e" * 8 + forged["sitting_uid"][8:])
    del unsigned["signature"]
    (folder / "李四-无签名.xxresult.json").write_text(json.dumps(unsigned, ensure_ascii=False), encoding="utf-8")
    impostor = read_result_file(honest)
    from dataclasses import replace

    from trainer.result_file import write_result_file

    write_result_file(sign_result(replace(impostor, sitting_uid="d" * 36, learner_name="李四", learner_unit="第二巡视组"),
                                  roster[0].code), folder / "李四-冒名.xxresult.json")
    # 11 days after a 30-minute exam.
    late = read_result_file(honest)
    late = replace(late, sitting_uid="c" * 36, submitted_at=(late.started_at or now) + dt.timedelta(days=11))
    write_result_file(sign_result(late, roster[0].code), folder / "张三-迟交.xxresult.json")

    with session_factory() as s, s.begin():
        outcome = collect_results(s, folder, now=now + dt.timedelta(days=12), roster=roster)
    assert outcome.added == 6 and outcome.problems == ()
    with session_factory() as s:
        rows = {r.sitting_uid[:8]: r for r in s.scalars(select(CollectedResultRow))}
        by_file = {row.sitting_uid: row.flags for row in rows.values()}
        assert len(by_file) == 6
        forged_flags = rows["f" * 8].flags
        assert "签名不符" in forged_flags and rows["f" * 8].score == len(keys)  # re-graded 100%, flagged
        assert "未签名" in rows["e" * 8].flags
        assert any(f.startswith("签名不符（由张三（第一巡视组）的个人码签名）") for f in rows["d" * 8].flags)
        assert any(f.startswith("时间不符（用时11天") for f in rows["c" * 8].flags)
        lisi = [r for r in rows.values() if r.learner_name == "李四"]
        assert len(lisi) == 4 and all(any(f.startswith("重复提交（共4份）") for f in r.flags) for r in lisi)
        real_row = next(r for r in lisi if r.sitting_uid == read_result_file(real).sitting_uid)
        assert [f for f in real_row.flags if not f.startswith("重复提交")] == []  # the real one is signed and in time
        report = paper_report(s, paper.uid, now=now, roster=roster)
    counted = {line.name: line.score for line in report.sittings if line.counted}
    assert counted["李四"] == len(keys) - 6  # the first result counts; the forgery never replaces it
    assert len(report.sittings) == 6 and report.flagged == 6  # each of two learners has a second result


def test_times_that_do_not_fit_the_paper_are_flagged(
    session_factory: sessionmaker[Session], now: dt.datetime, tmp_path: Path, roster: list[RosterEntry]
) -> None:
    from trainer.collection import time_flags

    paper = make_paper(session_factory, now, immediate_scoring=True)
    folder = tmp_path / "results"
    folder.mkdir()
    path = _sit_and_export(paper, tmp_path, now + dt.timedelta(minutes=1), name="张三", unit="第一巡视组",
                           code=roster[0].code, wrong=set(), folder=folder, machine="pc", rng=random.Random(3))
    result = read_result_file(path)
    from dataclasses import replace

    assert time_flags(result, paper, now=now + dt.timedelta(hours=1)) == []
    early = replace(result, started_at=now - dt.timedelta(days=2))
    assert "时间不符（开考早于组卷时间）" in time_flags(early, paper, now=now + dt.timedelta(hours=1))
    missing = replace(result, started_at=None)
    assert time_flags(missing, paper, now=now) == ["时间不符（缺少开考或交卷时间）"]
    slow = replace(result, submitted_at=(result.started_at or now) + dt.timedelta(minutes=40))
    assert any(f.startswith("时间不符（用时40分钟") for f in time_flags(slow, paper, now=now + dt.timedelta(hours=1)))
    within_grace = replace(result, submitted_at=(result.started_at or now) + dt.timedelta(minutes=32))
    assert time_flags(within_grace, paper, now=now + dt.timedelta(hours=1)) == []


def test_a_collection_with_bad_files_collects_the_good_ones_and_lists_each_bad_one(
    session_factory: sessionmaker[Session], now: dt.datetime, tmp_path: Path, roster: list[RosterEntry]
) -> None:
    paper = make_paper(session_factory, now, immediate_scoring=True)
    folder = tmp_path / "results"
    folder.mkdir()
    _sit_and_export(paper, tmp_path, now, name="张三", unit="第一巡视组", code=roster[0].code, wrong=set(),
                    folder=folder, machine="pc", rng=random.Random(4))
    (folder / "nested.xxresult.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (folder / "huge-int.xxresult.json").write_text('{"format": "xunxue-result", "version": ' + "9" * 5000 + "}")
    good = json.loads(next(folder.glob("张三*")).read_text(encoding="utf-8"))
    overflow = dict(good, sitting_uid="b" * 36, started_at="0001-01-01T00:00:00+14:00",
                    submitted_at="9999-12-31T23:59:59-14:00")
    (folder / "overflow.xxresult.json").write_text(json.dumps(overflow, ensure_ascii=False), encoding="utf-8")
    locked = folder / "locked"
    locked.mkdir()
    (locked / "x.xxresult.json").write_text("{}", encoding="utf-8")
    locked.chmod(0)
    try:
        with session_factory() as s, s.begin():
            outcome = collect_results(s, folder, now=now + dt.timedelta(hours=1), roster=roster)
    finally:
        locked.chmod(0o755)
    assert outcome.added == 2  # the good file, and the date-overflowing one kept with its times flagged
    problems = "\n".join(outcome.problems)
    assert "nested.xxresult.json：" in problems and "huge-int.xxresult.json：" in problems
    if os.geteuid() != 0:  # root reads any folder
        assert "locked：无法读取该文件夹" in problems
    assert any("缺少开考或交卷时间" in line for line in outcome.flagged)


def test_roster_codes_are_written_and_read_back_from_excel_and_text(tmp_path: Path) -> None:
    entries = assign_codes([RosterEntry("张三", "第一巡视组"), RosterEntry("=HYPERLINK(1)", "")], random.Random(1))
    assert all(len(e.code) == 11 and e.code[5] == "-" for e in entries) and entries[0].code != entries[1].code
    for name in ("名单.xlsx", "名单.txt"):
        write_roster(tmp_path / name, entries)
        assert read_roster(tmp_path / name) == entries
    from openpyxl import load_workbook

    workbook = load_workbook(tmp_path / "名单.xlsx")
    cell = workbook.worksheets[0]["A3"]
    assert cell.value == "=HYPERLINK(1)" and cell.data_type == "s"  # text, never a formula
    workbook.close()
    again = assign_codes(read_roster(tmp_path / "名单.txt") + [RosterEntry("李四")])
    assert again[:2] == entries and again[2].code  # codes kept; the newcomer gets one


def test_migration_hides_the_paper_copies_left_by_older_versions(tmp_path: Path, now: dt.datetime) -> None:
    from sqlalchemy import text

    from foundation.data_dir import sqlite_url
    from foundation.database import make_engine, upgrade_to_head

    engine = make_engine(sqlite_url(tmp_path))
    upgrade_to_head(engine, "0004")
    stamp = now.isoformat()
    with engine.begin() as connection:
        for doc, source in ((1, "paper:8d1f3f0e-2b1c-4c57-9a53-2f2d2c1f0a11"), (2, "builtin")):
            connection.execute(text("INSERT INTO documents (id, title, kind, source_name, text, builtin, created_at) "
                                    "VALUES (:id, 't', 'bank', :source, '', 0, :at)"), {"id": doc, "source": source, "at": stamp})
            connection.execute(text("INSERT INTO topics (id, document_id, position, title, question, body, start, \"end\") "
                                    "VALUES (:id, :id, 0, '专题', '', '', 0, 0)"), {"id": doc})
            connection.execute(text(
                "INSERT INTO questions (id, topic_id, key, type, stem, options, answer, answer_text, explanation, quote, "
                "start, \"end\", difficulty, status, origin, edited) VALUES (:id, :id, 'k', 'judge', '题', NULL, 'true', '', '', '', "
                "0, 0, 2, 'active', 'imported', 0)"), {"id": doc})
    upgrade_to_head(engine)
    with engine.connect() as connection:
        statuses: dict[int, str] = {row[0]: row[1] for row in connection.execute(text("SELECT id, status FROM questions"))}
    engine.dispose()
    assert statuses == {1: "disabled", 2: "active"}  # the paper's old copy is hidden, the learner's own bank is not


def test_an_ordering_question_typed_in_its_right_order_is_rearranged_in_the_paper(
    session_factory: sessionmaker[Session], now: dt.datetime, tmp_path: Path
) -> None:
    from question_bank.answer_shapes import format_answer
    from trainer.excel import store_questions
    from trainer.excel_format import ParsedQuestion

    options = ("第一步", "第二步", "第三步", "第四步")
    with session_factory() as s, s.begin():
        store_questions(s, [ParsedQuestion(row=1, type=QuestionType.ORDER, stem="排序", options=options, answer=[0, 1, 2, 3],
                                           answer_text="→".join(options), explanation="", topic="专题", difficulty=2)], now=now)
        paper = assemble_random_paper(s, title="卷", type_counts={QuestionType.ORDER: 1}, time_limit_s=None, pass_mark=0.6,
                                      shuffle=False, now=now, rng=random.Random(1))
    [question] = paper.questions
    assert question.options != options and sorted(question.options or ()) == sorted(options)
    assert format_answer(QuestionType.ORDER, question.options, question.answer, spelled=True).replace(" ", "") == "→".join(options)
    path = tmp_path / "卷.xxpaper.json"
    write_paper_file(paper, path)
    assert json.loads(path.read_text(encoding="utf-8"))["questions"][0]["options"] != list(options)
