"""The 督促检查 report of a paper from its collected results: participation, scores, questions, topics, and readiness.

Readiness (`paper_readiness`) is the forecast of a mock exam like the paper for every learner studying in this
database, per unit: how the forecasts spread over the score bands and who is likely to fall below the pass
mark, so that 督促检查 can act before the exam. It is computed apart (it takes a forecast per learner) and
joined to the report with `dataclasses.replace(report, readiness=...)`.
"""

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
from trainer.unit_readiness import UnitReadiness

SCORE_BANDS = ((0, 60, "60分以下"), (60, 70, "60–69分"), (70, 80, "70–79分"), (80, 90, "80–89分"), (90, 101, "90–100分"))
WEAK_TOPIC_LIMIT = 3


@dataclass(frozen=True)
class SittingLine:
    """One collected sitting of a paper, as re-graded, with what needs a look."""

    name: str
    unit: str
    score: float
    max_score: float
    percent: float
    passed: bool
    submitted_at: dt.datetime | None
    claimed_score: float | None
    score_mismatch: bool
    flags: tuple[str, ...] = ()  # 未签名, 签名不符, 时间不符…, 重复提交…, 成绩与答案不符
    counted: bool = True  # each learner's first sitting counts in the statistics; later ones are listed only

    @property
    def score_text(self) -> str:
        """The score as `得分/满分` with the percentage beside it: `18/20分（90.0%）`."""
        return f"{self.score:g}/{self.max_score:g}分（{self.percent:.1f}%）"


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
    max_score: float = 0.0
    flagged: int = 0  # sittings with any flag
    readiness: tuple[UnitReadiness, ...] = ()  # per unit, forecasts for a mock exam like this paper (`paper_readiness`)

    @property
    def at_risk_count(self) -> int:
        """Learners likely to fall below the pass mark, in every unit."""
        return sum(len(unit.at_risk) for unit in self.readiness)


def paper_report(
    session: Session, paper_uid: str, *, now: dt.datetime, roster: Sequence[RosterEntry] | None = None
) -> PaperReport:
    """The 督促检查 report of a paper from its collected results.

    Every collected sitting is listed with its flags; a later sitting of the same learner never replaces an
    earlier one: each learner counts once in the statistics, with their first sitting, and the others are
    listed as 重复提交. Without a roster, everyone seen in any collected result counts as expected, so the
    report shows who sat other papers but not this one.

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
    first: dict[tuple[str, str], CollectedResultRow] = {}
    for row in rows:
        first.setdefault((row.learner_name, row.learner_unit), row)  # a later sitting never replaces the first
    counted_ids = {r.id for r in first.values()}
    chosen = sorted(first.values(), key=lambda r: (-r.score, r.learner_unit, r.learner_name))
    listed = chosen + sorted((r for r in rows if r.id not in counted_ids), key=lambda r: (r.learner_unit, r.learner_name, r.id))
    every = tuple(
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
            flags=tuple(str(f) for f in (r.flags or []) if isinstance(f, str)),
            counted=r.id in counted_ids,
        )
        for r in listed
    )
    sittings = tuple(s for s in every if s.counted)
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
        sittings=every,
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
        mismatches=sum(1 for s in every if s.score_mismatch),
        max_score=paper.max_score,
        flagged=sum(1 for s in every if s.flags),
    )


def paper_readiness(
    session: Session, paper_uid: str, *, now: dt.datetime, roster: Sequence[RosterEntry] | None = None
) -> tuple[UnitReadiness, ...]:
    """Per unit, each learner's forecast for a mock exam of the paper's length and pass mark, most at risk first.

    The units are those of the roster and of the collected results when any names one; otherwise every unit
    studying in this database. Learners without a forecast (an empty bank) are left out.

    Raises:
        UserError: the paper is not known here.
    """
    from study.types import QuizMode, QuizSpec
    from trainer.unit_readiness import unit_readiness

    paper_row = session.scalar(select(PaperRow).where(PaperRow.uid == paper_uid))
    if paper_row is None:
        raise UserError("本机没有这份试卷。")
    count = len(paper_row.content.get("questions", [])) or 1
    spec = QuizSpec(mode=QuizMode.EXAM, count=count, pass_mark=paper_row.pass_mark)
    units = {e.unit for e in roster or ()} | set(session.scalars(
        select(CollectedResultRow.learner_unit).where(CollectedResultRow.paper_id == paper_row.id).distinct()))
    units.discard("")
    return unit_readiness(session, spec=spec, now=now, units=sorted(units) or None)


def forecast_bands(unit: UnitReadiness) -> tuple[ScoreBand, ...]:
    """A unit's forecasts counted in the report's score bands (the same bands as the real scores)."""
    percents = [r.forecast.percent for r in unit.learners]
    return tuple(ScoreBand(label, sum(1 for p in percents if low <= p < high)) for low, high, label in SCORE_BANDS)


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

    counted = [s for s in report.sittings if s.counted]
    expected = max(report.roster_size, len(counted))
    full = report.max_score

    def scored(value: float | None) -> str:  # 得分/满分 with the percentage beside it
        return "—" if value is None else f"{value * full / 100:.1f}/{full:g}分（{value:.1f}%）"

    return [
        ("试卷", report.title),
        ("题量", f"{report.question_count}题"),
        ("考试时长", f"{report.time_limit_s // 60}分钟" if report.time_limit_s else "不限时"),
        ("及格线", f"{report.pass_mark * 100:.0f}%"),
        ("应考人数", f"{expected}人"),
        ("实考人数", f"{len(counted)}人"),
        ("未参加", f"{len(report.not_sat)}人"),
        ("及格率", percent(None if report.pass_rate is None else report.pass_rate * 100)),
        ("满分", f"{full:g}分"),
        ("平均分", scored(report.mean_percent)),
        ("最高分", scored(report.highest_percent)),
        ("最低分", scored(report.lowest_percent)),
        ("成绩与答案不符", f"{report.mismatches}份"),
        ("需核查（未签名、签名不符、时间不符、重复提交等）", f"{report.flagged}份"),
        ("薄弱专题", "、".join(f"{t.topic}（{t.accuracy * 100:.0f}%）" for t in report.weakest_topics) or "—"),
        *([("可能不及格（考前预测）", f"{report.at_risk_count}人")] if report.readiness else []),
    ]


NO_READINESS = "本机没有相关单位学员的学习记录，无法预测（学员在本机或单位服务器上学习后才有预测）。"


def readiness_unit_rows(report: PaperReport) -> list[list[str | int]]:
    """Per unit: 单位, 人数, 预测中位数, learners per band of predicted score, 可能不及格 (Excel, PDF and screen)."""
    return [
        [unit.unit or "未填单位", len(unit.learners), f"{unit.median_percent:.0f}分",
         *(band.count for band in forecast_bands(unit)), len(unit.at_risk)]
        for unit in report.readiness
    ]


def readiness_header() -> list[str]:
    """The column names of `readiness_unit_rows`."""
    return ["单位", "人数", "预测中位数", *(label for _low, _high, label in SCORE_BANDS), "可能不及格"]


def at_risk_rows(report: PaperReport) -> list[list[str]]:
    """Who is likely to fall below the pass mark: 单位, 姓名, 预测得分, 大致范围, 不及格可能 (most at risk first)."""
    return [
        [unit.unit or "未填单位", r.name, f"{r.forecast.percent:.0f}分", f"{r.forecast.low:.0f}–{r.forecast.high:.0f}分",
         f"{r.below_probability:.0%}"]
        for unit in report.readiness for r in unit.at_risk
    ]


AT_RISK_HEADER = ["单位", "姓名", "预测得分", "大致范围", "不及格可能"]
