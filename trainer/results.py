"""Collecting result files: re-grading against the trainer's own key, and the 督促检查 report of a paper."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from foundation.clock import CHINA_TZ
from foundation.errors import UserError, os_error_text
from study.scoring import score_answer
from trainer.models import CollectedResultRow, PaperRow
from trainer.paper_sitting import RESULT_FORMAT, RESULT_VERSION
from trainer.papers import Paper, paper_from_json

MAX_RESULT_FILE_BYTES = 5 * 1024 * 1024
MAX_DURATION_MS = 7 * 24 * 3600 * 1000  # a week: more than any sitting
SCORE_BANDS = ((0, 60, "60分以下"), (60, 70, "60–69分"), (70, 80, "70–79分"), (80, 90, "80–89分"), (90, 101, "90–100分"))
WEAK_TOPIC_LIMIT = 3


@dataclass(frozen=True)
class RosterEntry:
    """Someone expected to sit the paper."""

    name: str
    unit: str = ""


@dataclass(frozen=True)
class CollectionOutcome:
    """What collecting a folder of result files did."""

    added: int
    duplicates: int
    mismatched: tuple[str, ...]  # `姓名（单位）：成绩与答案不符（文件中为95分，核算为40分）`
    problems: tuple[str, ...]  # `文件名：原因` for files that are not usable
    paper_uids: tuple[str, ...]  # every known paper the folder held results of


@dataclass(frozen=True)
class SittingLine:
    """One learner's (latest) sitting of a paper, as re-graded."""

    name: str
    unit: str
    score: float
    max_score: float
    percent: float
    passed: bool
    submitted_at: dt.datetime | None
    claimed_score: float | None
    score_mismatch: bool


@dataclass(frozen=True)
class QuestionStat:
    """How the group did on one question of the paper."""

    number: int
    key: str
    type_label: str
    stem: str
    topic: str
    answer_text: str
    sittings: int
    answered: int
    correct: int
    accuracy: float  # mean score over all sittings, unanswered counting 0


@dataclass(frozen=True)
class TopicStat:
    """How the group did on one topic of the paper."""

    topic: str
    questions: int
    accuracy: float


@dataclass(frozen=True)
class ScoreBand:
    """How many sittings fell into one score band."""

    label: str
    count: int


@dataclass(frozen=True)
class PaperReport:
    """The 督促检查 report of one paper: participation, scores, questions and topics."""

    paper_uid: str
    title: str
    question_count: int
    pass_mark: float
    time_limit_s: int | None
    generated_at: dt.datetime
    sittings: tuple[SittingLine, ...]
    not_sat: tuple[RosterEntry, ...]
    roster_size: int
    bands: tuple[ScoreBand, ...]
    pass_rate: float | None
    mean_percent: float | None
    highest_percent: float | None
    lowest_percent: float | None
    questions: tuple[QuestionStat, ...]
    topics: tuple[TopicStat, ...]
    weakest_topics: tuple[TopicStat, ...]
    mismatches: int


def regrade(paper: Paper, answers: Sequence[dict[str, Any]]) -> tuple[float, list[dict[str, Any]]]:
    """Score every answer of a result file against the paper's key (pure); unknown keys are ignored."""
    given = {str(a.get("key")): a for a in answers if isinstance(a, dict)}
    items: list[dict[str, Any]] = []
    total = 0.0
    for question in paper.questions:
        entry = given.get(question.key)
        answer = entry.get("answer") if entry else None
        try:
            score = score_answer(question.type, question.answer, answer).score if answer is not None else 0.0
        except (TypeError, ValueError, KeyError, IndexError, AttributeError):
            score = 0.0  # a malformed answer earns nothing
        total += score * question.points
        items.append(
            {
                "key": question.key,
                "answer": answer,
                "answered": answer is not None,
                "score": score,
                "duration_ms": _duration_ms(entry.get("duration_ms")) if entry else 0,
            }
        )
    return total, items


def collect_results(session: Session, folder: Path, *, now: dt.datetime,
                    progress: Callable[[int, int], None] | None = None) -> CollectionOutcome:
    """Collect every result file in a folder (and its sub-folders) for papers known here.

    Each file is re-graded against the stored key; a claimed score that differs is flagged as
    成绩与答案不符; a sitting already collected is ignored.

    `progress(done, total)` is called before each file (from the thread the collection runs on).

    Raises:
        UserError: the folder does not exist.
    """
    if not folder.is_dir():
        raise UserError(f"找不到文件夹：{folder}")
    papers: dict[str, tuple[int, Paper]] = {}
    for row in session.scalars(select(PaperRow)):
        papers[row.uid] = (row.id, paper_from_json(row.content))
    added = duplicates = 0
    mismatched: list[str] = []
    problems: list[str] = []
    uids: list[str] = []
    files = sorted(p for p in folder.rglob("*.json") if p.is_file())
    for done, path in enumerate(files):
        if progress is not None:
            progress(done, len(files))  # files looked at so far, of all (hundreds take a while)
        try:
            content = _read_result(path)
        except UserError as error:
            if not path.name.endswith(".xxpaper.json"):
                problems.append(f"{path.name}：{error}")
            continue
        paper_uid = str(content["paper"].get("uid"))
        if paper_uid not in papers:
            problems.append(f"{path.name}：试卷“{content['paper'].get('title', '')}”不是在本机组的卷，无法核算")
            continue
        paper_id, paper = papers[paper_uid]
        if paper_uid not in uids:
            uids.append(paper_uid)
        sitting_uid = str(content["sitting_uid"])[:36]
        known = session.scalar(
            select(CollectedResultRow.id).where(
                CollectedResultRow.paper_id == paper_id, CollectedResultRow.sitting_uid == sitting_uid
            )
        )
        if known is not None:
            duplicates += 1
            continue
        score, items = regrade(paper, content["answers"])
        passed = paper.max_score > 0 and score / paper.max_score >= paper.pass_mark - 1e-9
        claimed = content.get("claimed")
        claimed = claimed if isinstance(claimed, dict) else {}
        claimed_score = _number(claimed.get("score"))
        mismatch = (
            claimed_score is None
            or abs(claimed_score - score) > 1e-6
            or (isinstance(claimed.get("passed"), bool) and claimed["passed"] != passed)
        )
        learner = content["learner"]
        name, unit = str(learner.get("name", "")).strip() or "（未署名）", str(learner.get("unit", "")).strip()
        session.add(
            CollectedResultRow(
                paper_id=paper_id,
                sitting_uid=sitting_uid,
                learner_uid=str(learner.get("uid", ""))[:36],
                learner_name=name[:100],
                learner_unit=unit[:200],
                submitted_at=_time(content.get("submitted_at")),
                collected_at=now,
                claimed_score=claimed_score,
                score=score,
                max_score=paper.max_score,
                passed=passed,
                score_mismatch=mismatch,
                items=items,
            )
        )
        session.flush()
        added += 1
        if mismatch:
            shown = "无" if claimed_score is None else f"{_points(claimed_score)}分"
            mismatched.append(f"{_who(name, unit)}：成绩与答案不符（文件中为{shown}，核算为{_points(score)}分）")
    return CollectionOutcome(
        added=added, duplicates=duplicates, mismatched=tuple(mismatched), problems=tuple(problems), paper_uids=tuple(uids)
    )


def _read_result(path: Path) -> dict[str, Any]:
    if path.stat().st_size > MAX_RESULT_FILE_BYTES:
        raise UserError("文件过大，不是成绩文件")
    try:
        content = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UserError("无法读取，不是成绩文件") from error
    if not isinstance(content, dict) or content.get("format") != RESULT_FORMAT:
        raise UserError("不是巡学成绩文件")
    if content.get("version") != RESULT_VERSION:
        raise UserError(f"成绩文件版本为{content.get('version')}，无法识别")
    if not all(isinstance(content.get(k), t) for k, t in (("paper", dict), ("learner", dict), ("answers", list))):
        raise UserError("成绩文件内容不完整")
    if not content.get("sitting_uid"):
        raise UserError("成绩文件缺少考试编号")
    return content


def _number(value: Any) -> float | None:
    """A finite JSON number, else None (NaN and infinities never match a re-graded score)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)


def _duration_ms(value: Any) -> int:
    """A time spent as written in a result file; anything but a sensible number counts as 0."""
    number = _number(value)
    return int(number) if number is not None and 0 <= number <= MAX_DURATION_MS else 0


def _time(value: Any) -> dt.datetime | None:
    try:
        parsed = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return parsed.astimezone(dt.timezone.utc) if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)


def _points(value: float) -> str:
    return f"{value:g}"


def _who(name: str, unit: str) -> str:
    return f"{name}（{unit}）" if unit else name


def read_roster(path: Path) -> list[RosterEntry]:
    """A roster from a text file (one `姓名` or `姓名,单位` a line) or an .xlsx (columns 姓名, 单位).

    Raises:
        UserError: the file cannot be read.
    """
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(path, read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a non-workbook
            raise UserError(f"无法读取名单：{path.name}") from error
        rows = [tuple("" if v is None else str(v).strip() for v in row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
        workbook.close()
    else:
        from question_bank.reading import (
            DocumentError,
            decode_document,
            read_document_bytes,
        )

        try:  # the document reader's checks: binary files, unknown encodings (UTF-8, GB18030, UTF-16)
            data = read_document_bytes(path)
            text = "" if not data.strip() else decode_document(data, filename=path.with_suffix(".txt").name)
        except DocumentError as error:
            raise UserError(f"无法读取名单：{str(error).replace(path.with_suffix('.txt').name, path.name)}") from error
        rows = [tuple(part.strip() for part in re.split(r"[,，\t]", line)) for line in text.splitlines()]
    entries: list[RosterEntry] = []
    name_col, unit_col = 0, 1
    if rows and "姓名" in rows[0]:
        header = rows[0]
        name_col = header.index("姓名")
        unit_col = header.index("单位") if "单位" in header else -1
        rows = rows[1:]
    for row in rows:
        name = row[name_col] if len(row) > name_col else ""
        if not name:
            continue
        unit = row[unit_col] if 0 <= unit_col < len(row) else ""
        entry = RosterEntry(name=name, unit=unit)
        if entry not in entries:
            entries.append(entry)
    return entries


def paper_report(
    session: Session, paper_uid: str, *, now: dt.datetime, roster: Sequence[RosterEntry] | None = None
) -> PaperReport:
    """The 督促检查 report of a paper from its collected results.

    Each learner counts once, with the latest sitting. Without a roster, everyone seen in any
    collected result counts as expected, so the report shows who sat other papers but not this one.

    Raises:
        UserError: the paper is not known here.
    """
    paper_row = session.scalar(select(PaperRow).where(PaperRow.uid == paper_uid))
    if paper_row is None:
        raise UserError("本机没有这份试卷。")
    paper = paper_from_json(paper_row.content)
    rows = list(
        session.scalars(
            select(CollectedResultRow)
            .where(CollectedResultRow.paper_id == paper_row.id)
            .order_by(CollectedResultRow.submitted_at, CollectedResultRow.id)
        )
    )
    latest: dict[tuple[str, str], CollectedResultRow] = {}
    for row in rows:
        latest[(row.learner_name, row.learner_unit)] = row  # later sittings replace earlier ones
    chosen = sorted(latest.values(), key=lambda r: (-r.score, r.learner_unit, r.learner_name))
    sittings = tuple(
        SittingLine(
            name=r.learner_name,
            unit=r.learner_unit,
            score=r.score,
            max_score=r.max_score,
            percent=100.0 * r.score / r.max_score if r.max_score else 0.0,
            passed=r.passed,
            submitted_at=r.submitted_at,
            claimed_score=r.claimed_score,
            score_mismatch=r.score_mismatch,
        )
        for r in chosen
    )
    if roster is None:
        seen = session.execute(
            select(CollectedResultRow.learner_name, CollectedResultRow.learner_unit).distinct()
        ).all()
        roster = [RosterEntry(name=n, unit=u) for n, u in sorted(seen, key=lambda nu: (nu[1], nu[0]))]
    not_sat = tuple(e for e in roster if not any(_matches(e, s) for s in sittings))
    percents = [s.percent for s in sittings]
    bands = tuple(ScoreBand(label, sum(1 for p in percents if low <= p < high)) for low, high, label in SCORE_BANDS)
    questions = _question_stats(paper, chosen)
    topics = _topic_stats(paper, questions)
    weakest = tuple(sorted((t for t in topics if t.accuracy < 1.0), key=lambda t: (t.accuracy, t.topic))[:WEAK_TOPIC_LIMIT])
    return PaperReport(
        paper_uid=paper.uid,
        title=paper.title,
        question_count=len(paper.questions),
        pass_mark=paper.pass_mark,
        time_limit_s=paper.time_limit_s,
        generated_at=now,
        sittings=sittings,
        not_sat=not_sat,
        roster_size=len(roster),
        bands=bands,
        pass_rate=(sum(1 for s in sittings if s.passed) / len(sittings)) if sittings else None,
        mean_percent=(sum(percents) / len(percents)) if percents else None,
        highest_percent=max(percents, default=None),
        lowest_percent=min(percents, default=None),
        questions=questions,
        topics=topics,
        weakest_topics=weakest if sittings else (),
        mismatches=sum(1 for s in sittings if s.score_mismatch),
    )


def _matches(entry: RosterEntry, sitting: SittingLine) -> bool:
    return entry.name == sitting.name and (not entry.unit or not sitting.unit or entry.unit == sitting.unit)


def _question_stats(paper: Paper, rows: Sequence[CollectedResultRow]) -> tuple[QuestionStat, ...]:
    per_key: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        for item in row.items:
            per_key[str(item.get("key"))].append(item)
    stats = []
    for number, question in enumerate(paper.questions, start=1):
        items = per_key.get(question.key, [])
        stats.append(
            QuestionStat(
                number=number,
                key=question.key,
                type_label=question.type.label,
                stem=question.stem,
                topic=question.topic,
                answer_text=question.answer_text,
                sittings=len(rows),
                answered=sum(1 for i in items if i.get("answered")),
                correct=sum(1 for i in items if float(i.get("score") or 0.0) >= 1.0 - 1e-9),
                accuracy=(sum(float(i.get("score") or 0.0) for i in items) / len(rows)) if rows else 0.0,
            )
        )
    return tuple(stats)


def _topic_stats(paper: Paper, questions: Sequence[QuestionStat]) -> tuple[TopicStat, ...]:
    grouped: dict[str, list[QuestionStat]] = defaultdict(list)
    for stat in questions:
        grouped[stat.topic or "（未分专题）"].append(stat)
    return tuple(
        TopicStat(topic=topic, questions=len(group), accuracy=sum(q.accuracy for q in group) / len(group))
        for topic, group in grouped.items()
    )


def export_report_xlsx(report: PaperReport, path: Path) -> None:
    """Write the report to an Excel workbook: 概况, 成绩, 未参加, 题目, 专题."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    summary = workbook.active
    assert summary is not None
    summary.title = "概况"
    for line in report_summary_lines(report):
        summary.append(list(line))
    summary.append([])
    summary.append(["分数段", "人数"])
    for band in report.bands:
        summary.append([band.label, band.count])
    scores = workbook.create_sheet("成绩")
    scores.append(["序号", "姓名", "单位", "得分", "满分", "百分制", "是否及格", "交卷时间", "文件所报得分", "核对"])
    for i, s in enumerate(report.sittings, start=1):
        scores.append(
            [
                i, s.name, s.unit, s.score, s.max_score, round(s.percent, 1), "及格" if s.passed else "不及格",
                s.submitted_at.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M") if s.submitted_at else "",
                s.claimed_score, "成绩与答案不符" if s.score_mismatch else "一致",
            ]
        )
    absent = workbook.create_sheet("未参加")
    absent.append(["序号", "姓名", "单位"])
    for i, e in enumerate(report.not_sat, start=1):
        absent.append([i, e.name, e.unit])
    per_question = workbook.create_sheet("题目")
    per_question.append(["题号", "题型", "专题", "题干", "正确答案", "作答人数", "答对人数", "正确率"])
    for q in report.questions:
        per_question.append([q.number, q.type_label, q.topic, q.stem, q.answer_text, q.answered, q.correct, round(q.accuracy, 4)])
    per_topic = workbook.create_sheet("专题")
    per_topic.append(["专题", "题数", "正确率", "薄弱"])
    weak = {t.topic for t in report.weakest_topics}
    for t in report.topics:
        per_topic.append([t.topic, t.questions, round(t.accuracy, 4), "是" if t.topic in weak else ""])
    for sheet in workbook.worksheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.column_dimensions["A"].width = 16
        for column in "BCDE":
            sheet.column_dimensions[column].width = 22
    per_question.column_dimensions["D"].width = 60
    try:
        workbook.save(path)
    except OSError as error:
        raise UserError(f"无法写入文件：{path}（{os_error_text(error)}）") from error


def report_summary_lines(report: PaperReport) -> list[tuple[str, str]]:
    """The report's headline figures as (label, value) pairs, shared by Excel, PDF and screen."""

    def percent(value: float | None) -> str:
        return "—" if value is None else f"{value:.1f}%"

    expected = max(report.roster_size, len(report.sittings))
    return [
        ("试卷", report.title),
        ("题量", f"{report.question_count}题"),
        ("考试时长", f"{report.time_limit_s // 60}分钟" if report.time_limit_s else "不限时"),
        ("及格线", f"{report.pass_mark * 100:.0f}%"),
        ("应考人数", f"{expected}人"),
        ("实考人数", f"{len(report.sittings)}人"),
        ("未参加", f"{len(report.not_sat)}人"),
        ("及格率", percent(None if report.pass_rate is None else report.pass_rate * 100)),
        ("平均分（百分制）", "—" if report.mean_percent is None else f"{report.mean_percent:.1f}"),
        ("最高分/最低分", "—" if report.highest_percent is None else f"{report.highest_percent:.1f} / {report.lowest_percent:.1f}"),
        ("成绩与答案不符", f"{report.mismatches}份"),
        ("薄弱专题", "、".join(f"{t.topic}（{t.accuracy * 100:.0f}%）" for t in report.weakest_topics) or "—"),
    ]
