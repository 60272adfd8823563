"""Collecting result files: twenty learners of a random-order paper, a tampered file, duplicates, the report."""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy.orm import Session, sessionmaker

from foundation.errors import UserError
from question_bank.drafts import QuestionType
from tests.trainer.fixtures import fill_sample_bank
from tests.trainer.sitting_helpers import learner_machine, sit_paper
from trainer.collection import collect_results
from trainer.paper_file import Paper, write_paper_file
from trainer.paper_sitting import export_result_file
from trainer.papers import assemble_random_paper
from trainer.report import paper_report
from trainer.report_excel import export_report_xlsx
from trainer.rosters import RosterEntry, read_roster

COUNTS = {QuestionType.SINGLE: 4, QuestionType.MULTIPLE: 2, QuestionType.JUDGE: 2, QuestionType.ORDER: 1, QuestionType.MATCH: 1}
UNITS = ("第一巡视组", "第二巡视组")


def learner_name(i: int) -> str:
    return f"学员{i + 1:02d}"


@pytest.fixture
def paper(session_factory: sessionmaker[Session], now: dt.datetime) -> Paper:
    with session_factory() as s, s.begin():
        fill_sample_bank(s, now)
        return assemble_random_paper(s, title="巡视条例专题测试", type_counts=COUNTS, time_limit_s=1800, pass_mark=0.7,
                                     shuffle=True, now=now, rng=random.Random(21), immediate_scoring=True)


def sit_twenty(paper: Paper, tmp_path: Path, now: dt.datetime) -> tuple[Path, list[str]]:
    """Learner i answers the first i % 5 questions of the paper wrongly: scores 10, 9, 8, 7, 6, 10, ..."""
    paper_path = tmp_path / "paper.xxpaper.json"
    write_paper_file(paper, paper_path)
    keys = [q.key for q in paper.questions]
    factory = learner_machine(tmp_path / "learners")
    results = tmp_path / "results"
    results.mkdir()
    rng = random.Random(99)
    for i in range(20):
        attempt_id = sit_paper(factory, paper_path, name=learner_name(i), unit=UNITS[i % 2],
                               wrong_keys=set(keys[: i % 5]), now=now + dt.timedelta(hours=i), rng=rng)
        with factory() as s:
            export_result_file(s, attempt_id, results / f"{learner_name(i)}.xxresult.json")
    return results, keys


def test_twenty_shuffled_result_files_are_regraded_into_a_correct_report(
    session_factory: sessionmaker[Session], paper: Paper, tmp_path: Path, now: dt.datetime
) -> None:
    results, keys = sit_twenty(paper, tmp_path, now)
    files = sorted(results.glob("*.json"))
    orders = {tuple(a["key"] for a in json.loads(f.read_text(encoding="utf-8"))["answers"]) for f in files}
    assert len(orders) > 5  # every learner saw their own question order
    # One learner raises the score by hand; one file is handed in twice; one stray file lies in the folder.
    tampered = results / f"{learner_name(4)}.xxresult.json"
    content = json.loads(tampered.read_text(encoding="utf-8"))
    assert content["claimed"]["score"] == 6
    content["claimed"].update(score=10, percent=100, passed=True)
    tampered.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    shutil.copy(results / f"{learner_name(0)}.xxresult.json", results / "copy-of-学员01.xxresult.json")
    (results / "notes.json").write_text("{}", encoding="utf-8")

    collected_at = now + dt.timedelta(days=1)
    with session_factory() as s, s.begin():
        outcome = collect_results(s, results, now=collected_at)
    assert (outcome.added, outcome.duplicates) == (20, 1)
    assert outcome.mismatched == ("学员05（第一巡视组）：成绩与答案不符（文件中为10分，核算为6分）",)
    assert outcome.problems == ("notes.json：不是巡学成绩文件",)
    with session_factory() as s, s.begin():
        again = collect_results(s, results, now=collected_at)
    assert (again.added, again.duplicates) == (0, 21)

    roster = [RosterEntry(learner_name(i), UNITS[i % 2]) for i in range(20)] + [RosterEntry("王五", "第一巡视组"), RosterEntry("赵六")]
    with session_factory() as s:
        report = paper_report(s, paper.uid, now=collected_at, roster=roster)
    scores = {line.name: line.score for line in report.sittings}
    assert scores == {learner_name(i): 10 - i % 5 for i in range(20)}
    assert [line.name for line in report.sittings if line.score_mismatch] == ["学员05"]
    assert [(e.name, e.unit) for e in report.not_sat] == [("王五", "第一巡视组"), ("赵六", "")]
    assert report.roster_size == 22
    assert [(b.label, b.count) for b in report.bands] == [
        ("60分以下", 0), ("60–69分", 4), ("70–79分", 4), ("80–89分", 4), ("90–100分", 8)
    ]
    assert report.pass_rate == pytest.approx(16 / 20)
    assert report.mean_percent == pytest.approx(80.0)
    assert (report.highest_percent, report.lowest_percent) == (100.0, 60.0)
    expected_accuracy = [0.2, 0.4, 0.6, 0.8] + [1.0] * 6
    assert [q.accuracy for q in report.questions] == pytest.approx(expected_accuracy)
    assert [q.correct for q in report.questions] == [4, 8, 12, 16] + [20] * 6
    by_topic: dict[str, list[float]] = {}
    for question, accuracy in zip(paper.questions, expected_accuracy):
        by_topic.setdefault(question.topic, []).append(accuracy)
    assert {t.topic: t.accuracy for t in report.topics} == pytest.approx(
        {topic: sum(a) / len(a) for topic, a in by_topic.items()}
    )
    weakest = sorted((sum(a) / len(a), topic) for topic, a in by_topic.items() if sum(a) < len(a))[:3]
    assert [t.topic for t in report.weakest_topics] == [topic for _, topic in weakest]
    assert report.mismatches == 1

    export_report_xlsx(report, tmp_path / "report.xlsx")
    workbook = load_workbook(tmp_path / "report.xlsx", read_only=True)
    assert workbook.sheetnames == ["概况", "成绩", "未参加", "题目", "专题", "考前预测", "可能不及格"]
    summary = {row[0]: row[1] for row in workbook["概况"].iter_rows(values_only=True) if row and row[0]}
    score_rows = list(workbook["成绩"].iter_rows(values_only=True))
    workbook.close()
    assert summary["实考人数"] == "20人" and summary["及格率"] == "80.0%" and summary["未参加"] == "2人"
    assert len(score_rows) == 21 and score_rows[1][3] == 10
    assert [r for r in score_rows if r[1] == "学员05"][0][8:] == (10, "未签名；成绩与答案不符")


def test_without_a_roster_the_learners_seen_are_expected(
    session_factory: sessionmaker[Session], paper: Paper, tmp_path: Path, now: dt.datetime
) -> None:
    results, _ = sit_twenty(paper, tmp_path, now)
    for extra in sorted(results.glob("*.json"))[:18]:
        extra.unlink()
    with session_factory() as s, s.begin():
        collect_results(s, results, now=now)
        report = paper_report(s, paper.uid, now=now)
    assert len(report.sittings) == 2 and report.not_sat == () and report.roster_size == 2


def test_rosters_read_from_text_and_excel(tmp_path: Path) -> None:
    (tmp_path / "名单.txt").write_text("姓名,单位\n张三,第一巡视组\n李四，巡视办\n\n王五\n张三,第一巡视组\n", encoding="utf-8")
    assert read_roster(tmp_path / "名单.txt") == [
        RosterEntry("张三", "第一巡视组"), RosterEntry("李四", "巡视办"), RosterEntry("王五", "")
    ]
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in (["序号", "单位", "姓名"], [1, "巡视办", "赵六"], [2, None, "钱七"]):
        sheet.append(row)
    workbook.save(tmp_path / "名单.xlsx")
    assert read_roster(tmp_path / "名单.xlsx") == [RosterEntry("赵六", "巡视办"), RosterEntry("钱七", "")]
    (tmp_path / "名单.csv").write_bytes("姓名,单位\n孙八,巡视办\n".encode("gb18030"))
    assert read_roster(tmp_path / "名单.csv") == [RosterEntry("孙八", "巡视办")]


@pytest.mark.parametrize(("content", "reason"), [
    (bytes(range(256)) * 8, "不是文本文件"),
    ("张三,第一巡视组\n".encode("utf-8") + b"\x00\x01\x02" * 100, "不是文本文件"),
    (b"", "文件为空"),
])
def test_a_roster_that_is_not_text_is_refused_instead_of_read_as_names(tmp_path: Path, content: bytes, reason: str) -> None:
    (tmp_path / "名单.txt").write_bytes(content)
    with pytest.raises(UserError, match=f"^无法读取名单：{reason}.*名单.txt$"):
        read_roster(tmp_path / "名单.txt")


def test_hand_edited_numbers_in_result_files_are_flagged_not_fatal(
    session_factory: sessionmaker[Session], paper: Paper, tmp_path: Path, now: dt.datetime
) -> None:
    paper_path = tmp_path / "paper.xxpaper.json"
    write_paper_file(paper, paper_path)
    factory = learner_machine(tmp_path / "learners")
    results = tmp_path / "results"
    results.mkdir()
    edits: dict[str, Callable[[dict[str, Any]], object]] = {
        "学员01": lambda c: c["claimed"].update(score=float("nan")),  # NaN differs from every score
        "学员02": lambda c: c.update(claimed=[10, True]),
        "学员03": lambda c: c["answers"][0].update(duration_ms="很久"),
        "学员04": lambda c: c["answers"][0].update(duration_ms=1e400),  # json writes Infinity
    }
    for i, (name, edit) in enumerate(edits.items()):
        attempt_id = sit_paper(factory, paper_path, name=name, unit="", wrong_keys=set(),
                               now=now + dt.timedelta(hours=i), rng=random.Random(i))
        path = results / f"{name}.xxresult.json"
        with factory() as s:
            export_result_file(s, attempt_id, path)
        content = json.loads(path.read_text(encoding="utf-8"))
        edit(content)
        path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    with session_factory() as s, s.begin():
        outcome = collect_results(s, results, now=now)
    assert (outcome.added, outcome.problems) == (4, ())
    assert outcome.mismatched == ("学员01：成绩与答案不符（文件中为无，核算为10分）", "学员02：成绩与答案不符（文件中为无，核算为10分）")
    with session_factory() as s:
        report = paper_report(s, paper.uid, now=now)
    assert sorted((line.name, line.score, line.score_mismatch) for line in report.sittings) == [
        ("学员01", 10, True), ("学员02", 10, True), ("学员03", 10, False), ("学员04", 10, False)
    ]
