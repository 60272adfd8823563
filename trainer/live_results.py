"""Results read live from a unit's shared server: publish a paper there, watch the sittings, collect them."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from foundation.errors import UserError
from question_bank.drafts import QuestionType
from trainer.collection import FLAG_MISMATCH
from trainer.models import CollectedResultRow, PaperRow
from trainer.paper_file import Paper, paper_from_json
from trainer.regrading import regrade
from trainer.result_file import ResultAnswer


@dataclass(frozen=True)
class LiveSitting:
    """One learner's sitting of a published paper, as the server tallies it while answers arrive."""

    learner_name: str
    learner_unit: str
    started_at: dt.datetime
    submitted_at: dt.datetime | None
    answered: int
    score: float
    max_score: float
    passed: bool | None


def is_shared_server(session: Session) -> bool:
    """Whether this session is on a shared server prepared by init-server."""
    if session.get_bind().dialect.name != "postgresql":
        return False
    return bool(session.execute(text("SELECT to_regclass('published_papers') IS NOT NULL")).scalar())


def publish_paper(session: Session, paper: Paper, *, unit: str | None = None) -> bool:
    """Put a paper on the server for learners to sit: questions in paper_questions, key in paper_keys.

    Args:
        session: the trainer's or administrator's session on the server.
        paper: the paper with its key.
        unit: the unit whose learners may sit it (None: every unit).

    Returns False when it was published before (nothing changes). The learner sees a blank's count and a
    连线's right-hand items (sorted), never the key; the key table keeps, beside the key, every normalised form
    of a blank it accepts (`study.scoring.accepted_forms`), so the server grades as the Python grader does.
    """
    from study.scoring import accepted_forms

    if session.execute(text("SELECT 1 FROM published_papers WHERE paper_uid = :uid"), {"uid": paper.uid}).first():
        return False
    session.execute(
        text("INSERT INTO published_papers (paper_uid, title, time_limit_s, pass_mark, max_score, unit, shows_result) "
             "VALUES (:uid, :title, :limit, :mark, :max, :unit, :shows)"),
        {"uid": paper.uid, "title": paper.title, "limit": paper.time_limit_s, "mark": paper.pass_mark,
         "max": paper.max_score, "unit": unit or None, "shows": paper.immediate_scoring},
    )
    session.execute(
        text("INSERT INTO paper_questions (paper_uid, question_key, position, type, stem, options, topic, points, "
             "blank_count, choices) VALUES (:uid, :key, :position, :type, :stem, CAST(:options AS jsonb), :topic, "
             ":points, :blanks, CAST(:choices AS jsonb))"),
        [
            {"uid": paper.uid, "key": q.key, "position": i, "type": q.type.value, "stem": q.stem,
             "options": json.dumps(list(q.options), ensure_ascii=False) if q.options is not None else None,
             "topic": q.topic, "points": q.points, "blanks": q.blanks,
             "choices": json.dumps(list(q.match_choices), ensure_ascii=False) if q.match_choices else None}
            for i, q in enumerate(paper.questions)
        ],
    )
    session.execute(
        text("INSERT INTO paper_keys (paper_uid, question_key, answer, accepted) "
             "VALUES (:uid, :key, CAST(:answer AS jsonb), CAST(:accepted AS jsonb))"),
        [{"uid": paper.uid, "key": q.key, "answer": json.dumps(q.answer, ensure_ascii=False),
          "accepted": json.dumps(accepted_forms(q.answer), ensure_ascii=False) if q.type is QuestionType.BLANK else None}
         for q in paper.questions],
    )
    return True


def backfill_accepted_forms(session: Session) -> int:
    """Give every blank key published by an older 巡学 its accepted forms (init-server's upgrade); returns how many."""
    from study.scoring import accepted_forms

    rows = session.execute(text(
        "SELECT k.paper_uid, k.question_key, k.answer FROM paper_keys k JOIN paper_questions q "
        "USING (paper_uid, question_key) WHERE q.type = 'blank' AND k.accepted IS NULL")).all()
    if rows:
        session.execute(
            text("UPDATE paper_keys SET accepted = CAST(:accepted AS jsonb) WHERE paper_uid = :uid AND question_key = :key"),
            [{"uid": r.paper_uid, "key": r.question_key,
              "accepted": json.dumps(accepted_forms(r.answer), ensure_ascii=False)} for r in rows],
        )
    return len(rows)


def live_sittings(session: Session, paper_uid: str) -> list[LiveSitting]:
    """Every sitting of a published paper with its running tally, best first (one row per learner)."""
    rows = session.execute(
        text("SELECT l.name, l.unit, e.started_at, e.submitted_at, e.answered, e.score, e.max_score, e.passed "
             "FROM exam_sittings e JOIN learners l ON l.id = e.learner_id WHERE e.paper_uid = :uid "
             "ORDER BY e.score DESC, l.unit, l.name"),
        {"uid": paper_uid},
    ).all()
    return [LiveSitting(r.name, r.unit, r.started_at, r.submitted_at, int(r.answered), float(r.score),
                        float(r.max_score), r.passed) for r in rows]


def collect_live_results(session: Session, paper_uid: str, *, now: dt.datetime) -> int:
    """Bring the submitted sittings of a published paper into the collected results, re-graded here.

    After this, the results tab and the 督促检查 report (trainer.report.paper_report) show the server's
    sittings beside any collected from files. Returns how many sittings were new.
    """
    paper_row = session.scalar(select(PaperRow).where(PaperRow.uid == paper_uid))
    if paper_row is None:
        raise UserError("本机没有这份试卷。")
    paper = paper_from_json(paper_row.content)
    known = set(session.scalars(select(CollectedResultRow.sitting_uid).where(CollectedResultRow.paper_id == paper_row.id)))
    sittings = session.execute(
        text("SELECT e.id, e.uid, e.submitted_at, e.score, l.uid AS learner_uid, l.name, l.unit "
             "FROM exam_sittings e JOIN learners l ON l.id = e.learner_id "
             "WHERE e.paper_uid = :uid AND e.submitted_at IS NOT NULL"),
        {"uid": paper_uid},
    ).all()
    added = 0
    for sitting in sittings:
        if str(sitting.uid) in known:
            continue
        answers = [
            ResultAnswer(key=str(key), position=position, answer=answer, answered_at=None, duration_ms=0)
            for position, (key, answer) in enumerate(session.execute(
                text("SELECT question_key, answer FROM exam_answers WHERE sitting_id = :id ORDER BY question_key"),
                {"id": sitting.id},
            ))
        ]
        score, items = regrade(paper, answers)
        mismatch = abs(float(sitting.score) - score) > 1e-6
        session.add(
            CollectedResultRow(
                paper_id=paper_row.id,
                sitting_uid=str(sitting.uid),
                learner_uid=sitting.learner_uid,
                learner_name=sitting.name,
                learner_unit=sitting.unit,
                submitted_at=sitting.submitted_at,
                collected_at=now,
                claimed_score=float(sitting.score),
                score=score,
                max_score=paper.max_score,
                passed=paper.max_score > 0 and score / paper.max_score >= paper.pass_mark - 1e-9,
                score_mismatch=mismatch,
                items=[item.to_json() for item in items],
                flags=[FLAG_MISMATCH] if mismatch else [],
            )
        )
        added += 1
    session.flush()
    return added


def refresh_live_results(session: Session, paper_uid: str, *, now: dt.datetime) -> int:
    """On a shared server, collect the paper's newly submitted sittings (0 elsewhere, or if not published)."""
    if not is_shared_server(session):
        return 0
    if not session.execute(text("SELECT 1 FROM published_papers WHERE paper_uid = :uid"), {"uid": paper_uid}).first():
        return 0
    return collect_live_results(session, paper_uid, now=now)
