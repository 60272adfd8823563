"""Collecting a folder of result files: each one read, checked against its paper, re-graded, verified and stored.

Nothing a result file says is taken on trust. Every file is re-graded against the key kept here; its signature
is checked against the roster's personal codes; its times are checked against the paper (not started before
the paper was made, not finished later than the time limit allows, answers within the sitting); and every
result of one learner is kept, a second one flagged 重复提交 instead of replacing the first. What needs a look
is stored with the result as flags and listed. One bad file never stops a collection: every good file is
collected and each bad one is listed with why, and so is every sub-folder that cannot be read.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from foundation.errors import UserError, os_error_text
from trainer.models import CollectedResultRow, PaperRow
from trainer.paper_file import PAPER_SUFFIX, Paper, paper_from_json
from trainer.regrading import regrade
from trainer.result_file import ResultFile, check_answers, read_result_file, signature_matches
from trainer.rosters import RosterEntry

EARLY_GRACE = dt.timedelta(minutes=10)  # clocks of two PCs disagree a little
MIN_LATE_GRACE = dt.timedelta(minutes=5)
LATE_GRACE_SHARE = 0.1  # of the time limit: a slow submit, a resumed exam

FLAG_UNSIGNED = "未签名"
FLAG_BAD_SIGNATURE = "签名不符"
FLAG_UNVERIFIED = "签名未核验（名单无个人码）"
FLAG_DUPLICATE = "重复提交"
FLAG_VERSION = "试卷版本不符"
FLAG_MISMATCH = "成绩与答案不符"


@dataclass(frozen=True)
class CollectionOutcome:
    """What collecting a folder of result files did."""

    added: int
    duplicates: int  # the same sitting's file seen again (ignored)
    mismatched: tuple[str, ...]  # `姓名（单位）：成绩与答案不符（文件中为95分，核算为40分）`
    problems: tuple[str, ...]  # `文件名：原因` for files (and sub-folders) that are not usable
    paper_uids: tuple[str, ...]  # every known paper the folder held results of
    flagged: tuple[str, ...] = ()  # `姓名（单位）：未签名；时间不符（…）` for results kept with flags


def collect_results(
    session: Session, folder: Path, *, now: dt.datetime, roster: Sequence[RosterEntry] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> CollectionOutcome:
    """Collect every result file in a folder (and its sub-folders) for papers known here.

    Args:
        session: the trainer's database.
        folder: where the learners' result files are.
        now: the time of collection.
        roster: who is expected, with their personal codes; signatures are checked against these codes.
        progress: called as `progress(done, total)` before each file (from the thread the collection runs on).

    Raises:
        UserError: the folder does not exist.
    """
    if not folder.is_dir():
        raise UserError(f"找不到文件夹：{folder}")
    papers: dict[str, tuple[int, Paper]] = {}
    for row in session.scalars(select(PaperRow)):
        try:
            papers[row.uid] = (row.id, paper_from_json(row.content))
        except UserError:
            continue  # a damaged stored paper: its results are reported as of an unknown paper
    codes = [e for e in (roster or ()) if e.code]
    added = duplicates = 0
    mismatched: list[str] = []
    flagged: list[str] = []
    problems: list[str] = []
    uids: list[str] = []
    paths, unreadable = _result_paths(folder)
    problems.extend(unreadable)
    for done, path in enumerate(paths):
        if progress is not None:
            progress(done, len(paths))  # files looked at so far, of all (hundreds take a while)
        shown = _shown(path, folder)
        try:
            result = read_result_file(path)
        except UserError as error:
            if not path.name.endswith((PAPER_SUFFIX, ".xxreceipt.json")):  # papers and receipts lie beside results
                problems.append(f"{shown}：{error}")
            continue
        except Exception as error:  # noqa: BLE001 - one hostile file must never stop the collection
            problems.append(f"{shown}：无法读取（{type(error).__name__}）")
            continue
        if result.paper_uid not in papers:
            problems.append(f"{shown}：试卷“{result.paper_title}”不是在本机组的卷，无法核算")
            continue
        paper_id, paper = papers[result.paper_uid]
        try:
            check_answers(result, paper)
        except UserError as error:
            problems.append(f"{shown}：{error}")
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
            (claimed_score is None and paper.immediate_scoring)  # a keyless paper's learner claims nothing
            or (claimed_score is not None and abs(claimed_score - score) > 1e-6)
            or (result.claimed_passed is not None and result.claimed_passed != passed)
        )
        name, unit = result.learner_name or "（未署名）", result.learner_unit
        flags = [*_signature_flags(result, codes), *time_flags(result, paper, now=now)]
        if result.paper_digest and result.paper_digest != paper.digest:
            flags.append(FLAG_VERSION)
        if mismatch:
            flags.append(FLAG_MISMATCH)
        earlier = list(
            session.scalars(
                select(CollectedResultRow).where(
                    CollectedResultRow.paper_id == paper_id,
                    CollectedResultRow.learner_name == name,
                    CollectedResultRow.learner_unit == unit,
                )
            )
        )
        if earlier:  # every result is kept; each of one learner's results says there are others
            flags.append(f"{FLAG_DUPLICATE}（共{len(earlier) + 1}份）")
            for other_row in earlier:
                other_row.flags = [f for f in (other_row.flags or []) if not f.startswith(FLAG_DUPLICATE)] + [
                    f"{FLAG_DUPLICATE}（共{len(earlier) + 1}份）"
                ]
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
                flags=flags,
            )
        )
        session.flush()
        added += 1
        if mismatch:
            claimed = "无" if claimed_score is None else f"{_points(claimed_score)}分"
            mismatched.append(f"{_who(name, unit)}：成绩与答案不符（文件中为{claimed}，核算为{_points(score)}分）")
        other = [f for f in flags if f != FLAG_MISMATCH]
        if other:
            flagged.append(f"{_who(name, unit)}（{shown}）：" + "；".join(other))
    return CollectionOutcome(
        added=added, duplicates=duplicates, mismatched=tuple(mismatched), problems=tuple(problems),
        paper_uids=tuple(uids), flagged=tuple(flagged),
    )


def _result_paths(folder: Path) -> tuple[list[Path], list[str]]:
    """Every .json file under `folder`, and a line for each sub-folder that cannot be read."""
    unreadable: list[str] = []

    def report(error: OSError) -> None:
        where = Path(error.filename) if error.filename else folder
        unreadable.append(f"{_shown(where, folder)}：无法读取该文件夹（{os_error_text(error)}）")

    paths: list[Path] = []
    for root, dirs, files in os.walk(folder, onerror=report):
        dirs.sort()
        paths.extend(Path(root) / name for name in sorted(files) if name.lower().endswith(".json"))
    return [p for p in paths if p.is_file()], unreadable


def _signature_flags(result: ResultFile, codes: Sequence[RosterEntry]) -> list[str]:
    if not result.signature:
        return [FLAG_UNSIGNED]
    if not codes:
        return [FLAG_UNVERIFIED]
    signer = next((e for e in codes if signature_matches(result, e.code)), None)
    if signer is None:
        return [FLAG_BAD_SIGNATURE]
    if signer.name != result.learner_name or (signer.unit and result.learner_unit and signer.unit != result.learner_unit):
        return [f"{FLAG_BAD_SIGNATURE}（由{_who(signer.name, signer.unit)}的个人码签名）"]
    return []


def time_flags(result: ResultFile, paper: Paper, *, now: dt.datetime) -> list[str]:
    """Why the sitting's times do not fit the paper (empty when they do).

    A sitting must start after the paper was made (less a clock grace), end after it started, no later than
    the time limit plus a grace (the larger of 5 minutes and a tenth of the limit), and not in the future;
    every answer falls within the sitting.
    """
    started, submitted = result.started_at, result.submitted_at
    if started is None or submitted is None:
        return ["时间不符（缺少开考或交卷时间）"]
    flags: list[str] = []
    if started < paper.created_at - EARLY_GRACE:
        flags.append("时间不符（开考早于组卷时间）")
    if submitted < started:
        flags.append("时间不符（交卷早于开考）")
    if submitted > now + EARLY_GRACE:
        flags.append("时间不符（交卷时间晚于汇总时间）")
    if paper.time_limit_s:
        limit = dt.timedelta(seconds=paper.time_limit_s)
        grace = max(MIN_LATE_GRACE, limit * LATE_GRACE_SHARE)
        used = submitted - started
        if used > limit + grace:
            flags.append(f"时间不符（用时{_duration(used)}，考试时长{_duration(limit)}）")
    low, high = started - EARLY_GRACE, submitted + EARLY_GRACE
    if any(a.answered_at is not None and not low <= a.answered_at <= high for a in result.answers):
        flags.append("时间不符（有作答不在考试时段内）")
    return flags


def _duration(value: dt.timedelta) -> str:
    minutes = int(value.total_seconds() // 60)
    if minutes >= 24 * 60:
        return f"{minutes // (24 * 60)}天{minutes % (24 * 60) // 60}小时"
    if minutes >= 60:
        return f"{minutes // 60}小时{minutes % 60}分钟"
    return f"{minutes}分钟"


def _shown(path: Path, folder: Path) -> str:
    try:
        return str(path.relative_to(folder)) if path != folder else path.name
    except ValueError:
        return path.name


def _points(value: float) -> str:
    return f"{value:g}"


def _who(name: str, unit: str) -> str:
    return f"{name}（{unit}）" if unit else name
