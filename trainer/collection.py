"""Collecting a folder of result files: each one read, checked against its paper, re-graded and stored once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from foundation.errors import UserError
from trainer.models import CollectedResultRow, PaperRow
from trainer.paper_file import PAPER_SUFFIX, Paper, paper_from_json
from trainer.regrading import regrade
from trainer.result_file import check_answers, read_result_file


@dataclass(frozen=True)
class CollectionOutcome:
    """What collecting a folder of result files did."""

    added: int
    duplicates: int
    mismatched: tuple[str, ...]  # `姓名（单位）：成绩与答案不符（文件中为95分，核算为40分）`
    problems: tuple[str, ...]  # `文件名：原因` for files that are not usable
    paper_uids: tuple[str, ...]  # every known paper the folder held results of


def collect_results(session: Session, folder: Path, *, now: dt.datetime) -> CollectionOutcome:
    """Collect every result file in a folder (and its sub-folders) for papers known here.

    Each file is checked and re-graded against the stored key; a claimed score that differs is flagged as
    成绩与答案不符; a sitting already collected is ignored; a file that cannot be used is listed in
    `problems` with one line of Chinese and nothing of it is stored.

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
    for path in sorted(p for p in folder.rglob("*.json") if p.is_file()):
        try:
            result = read_result_file(path)
        except UserError as error:
            if not path.name.endswith(PAPER_SUFFIX):
                problems.append(f"{path.name}：{error}")
            continue
        if result.paper_uid not in papers:
            problems.append(f"{path.name}：试卷“{result.paper_title}”不是在本机组的卷，无法核算")
            continue
        paper_id, paper = papers[result.paper_uid]
        try:
            check_answers(result, paper)
        except UserError as error:
            problems.append(f"{path.name}：{error}")
            continue
        if result.paper_uid not in uids:
            uids.append(result.paper_uid)
        known = session.scalar(
            select(CollectedResultRow.id).where(
                CollectedResultRow.paper_id == paper_id, CollectedResultRow.sitting_uid == result.sitting_uid
            )
        )
        if known is not None:
            duplicates += 1
            continue
        score, items = regrade(paper, result.answers)
        passed = paper.max_score > 0 and score / paper.max_score >= paper.pass_mark - 1e-9
        claimed_score = result.claimed_score
        mismatch = (
            claimed_score is None
            or abs(claimed_score - score) > 1e-6
            or (result.claimed_passed is not None and result.claimed_passed != passed)
        )
        name, unit = result.learner_name or "（未署名）", result.learner_unit
        session.add(
            CollectedResultRow(
                paper_id=paper_id,
                sitting_uid=result.sitting_uid,
                learner_uid=result.learner_uid,
                learner_name=name,
                learner_unit=unit,
                submitted_at=result.submitted_at,
                collected_at=now,
                claimed_score=claimed_score,
                score=score,
                max_score=paper.max_score,
                passed=passed,
                score_mismatch=mismatch,
                items=[item.to_json() for item in items],
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


def _points(value: float) -> str:
    return f"{value:g}"


def _who(name: str, unit: str) -> str:
    return f"{name}（{unit}）" if unit else name
