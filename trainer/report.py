"""The 督促检查 report of a paper from its collected results: participation, scores, questions and topics."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from foundation.errors import UserError
from trainer.models import CollectedResultRow, PaperRow
from trainer.paper_file import Paper, paper_from_json
from trainer.regrading import RegradedItem
from trainer.rosters import RosterEntry

SCORE_BANDS = ((0, 60, "60分以下"), (60, 70, "60–69分"), (70, 80, "70–79分"), (80, 90, "80–89分"), (90, 101, "90–100分"))
WEAK_TOPIC_LIMIT = 3


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
    per_key: dict[str, list[RegradedItem]] = defaultdict(list)
    for row in rows:
        for stored in row.items:
            item = RegradedItem.from_json(stored)
            per_key[item.key].append(item)
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
                answered=sum(1 for i in items if i.answered),
                correct=sum(1 for i in items if i.score >= 1.0 - 1e-9),
                accuracy=(sum(i.score for i in items) / len(rows)) if rows else 0.0,
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
