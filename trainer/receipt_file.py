"""The result receipt (`xunxue-receipt`, version 1): the trainer's grading of one sitting, handed back to the learner.

A paper made without immediate scoring carries no key, so the learner's app cannot grade it: it says 已交卷.
After collecting, the trainer writes one receipt per collected sitting (`write_receipts`); the learner imports
it (`trainer.paper_sitting.import_receipt`) and sees the score and each question's mark.

Fields: `format`, `version`, `paper` {`uid`, `digest`, `title`}, `sitting_uid`, `learner` {`uid`, `name`,
`unit`}, `issued_at`, `score`, `max_score`, `pass_mark`, `passed`, `flags` (what the trainer's check found),
`items` [{`key`, `score` 0..1, `points`, and when the paper allows one attempt only: `answer`, `answer_text`,
`explanation`, `quote`}], and `signature`: HMAC-SHA256 keyed by the learner's personal code over the canonical
JSON of the rest (as for result files), or absent when the roster had no code for the learner. The learner's
app accepts a receipt only for one of its own submitted sittings of that paper (sitting id, paper id and
learner id all match) and, when signed, only with the right code.
"""

from __future__ import annotations

import datetime as dt
import hmac
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from foundation.errors import UserError
from foundation.json_files import FieldError, is_number, read_json_file, text, write_json_file
from question_bank.answer_shapes import key_problem
from trainer.models import CollectedResultRow, PaperRow
from trainer.paper_file import Paper, paper_from_json
from trainer.regrading import RegradedItem
from trainer.result_file import canonical_bytes, normalise_code, sign_bytes
from trainer.rosters import RosterEntry

RECEIPT_FORMAT = "xunxue-receipt"
RECEIPT_VERSION = 1
RECEIPT_SUFFIX = ".xxreceipt.json"
MAX_RECEIPT_FILE_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class ReceiptItem:
    """One question's mark, and its key when the receipt carries keys."""

    key: str
    score: float  # 0..1
    points: float
    answer: Any = None
    answer_text: str = ""
    explanation: str = ""
    quote: str = ""


@dataclass(frozen=True)
class Receipt:
    """The trainer's grading of one sitting."""

    paper_uid: str
    paper_digest: str
    paper_title: str
    sitting_uid: str
    learner_uid: str
    learner_name: str
    learner_unit: str
    issued_at: dt.datetime
    score: float
    max_score: float
    pass_mark: float
    passed: bool
    flags: tuple[str, ...]
    items: tuple[ReceiptItem, ...]
    signature: str = ""
    signed_text: bytes = b""

    @property
    def score_text(self) -> str:
        """`得分/满分` with the percentage beside it."""
        percent = 100.0 * self.score / self.max_score if self.max_score else 0.0
        return f"{self.score:g}/{self.max_score:g}分（{percent:.1f}%）"


def receipt_to_json(receipt: Receipt) -> dict[str, Any]:
    """The receipt file's content (with its signature when it has one)."""
    content: dict[str, Any] = {
        "format": RECEIPT_FORMAT,
        "version": RECEIPT_VERSION,
        "paper": {"uid": receipt.paper_uid, "digest": receipt.paper_digest, "title": receipt.paper_title},
        "sitting_uid": receipt.sitting_uid,
        "learner": {"uid": receipt.learner_uid, "name": receipt.learner_name, "unit": receipt.learner_unit},
        "issued_at": receipt.issued_at.isoformat(),
        "score": receipt.score,
        "max_score": receipt.max_score,
        "pass_mark": receipt.pass_mark,
        "passed": receipt.passed,
        "flags": list(receipt.flags),
        "items": [_item_json(i) for i in receipt.items],
    }
    if receipt.signature:
        content["signature"] = receipt.signature
    return content


def _item_json(item: ReceiptItem) -> dict[str, Any]:
    data: dict[str, Any] = {"key": item.key, "score": item.score, "points": item.points}
    if item.answer is not None:
        data.update(answer=item.answer, answer_text=item.answer_text, explanation=item.explanation, quote=item.quote)
    return data


def sign_receipt(receipt: Receipt, code: str) -> Receipt:
    """The receipt signed with the learner's personal code."""
    from dataclasses import replace

    payload = canonical_bytes(receipt_to_json(replace(receipt, signature="")))
    return replace(receipt, signature=sign_bytes(payload, code), signed_text=payload)


def receipt_signature_matches(receipt: Receipt, code: str) -> bool:
    """Whether the receipt was signed with this code over exactly this content."""
    if not receipt.signature or not receipt.signed_text or not normalise_code(code):
        return False
    return hmac.compare_digest(sign_bytes(receipt.signed_text, code), receipt.signature)


def receipt_from_json(data: Any) -> Receipt:
    """Read a receipt's content, checking every field.

    Raises:
        UserError: not a receipt, another version, or a malformed field.
    """
    if not isinstance(data, dict) or data.get("format") != RECEIPT_FORMAT:
        raise UserError("这不是巡学成绩回执文件。")
    if data.get("version") != RECEIPT_VERSION:
        raise UserError(f"成绩回执的版本为{data.get('version')}，本程序无法识别，请升级巡学。")
    try:
        paper, learner, raw_items = data["paper"], data["learner"], data["items"]
        if not isinstance(paper, dict) or not isinstance(learner, dict) or not isinstance(raw_items, list):
            raise FieldError("内容")
        score, max_score, pass_mark = data["score"], data["max_score"], data["pass_mark"]
        if not (is_number(max_score) and max_score > 0 and is_number(score) and 0 <= score <= max_score):
            raise FieldError("得分")
        if not (is_number(pass_mark) and 0 < pass_mark <= 1) or not isinstance(data["passed"], bool):
            raise FieldError("及格线")
        flags = data.get("flags", [])
        if not isinstance(flags, list) or not all(isinstance(f, str) for f in flags):
            raise FieldError("核查结果")
        signature = data.get("signature")
        if signature is not None and not (isinstance(signature, str) and len(signature) == 64):
            raise FieldError("签名")
        issued = dt.datetime.fromisoformat(text(data["issued_at"], "回执时间", limit=40))
        if len(raw_items) > 1000:
            raise FieldError("题目")
        return Receipt(
            paper_uid=text(paper.get("uid"), "试卷编号", limit=36, required=True),
            paper_digest=text(paper.get("digest"), "试卷版本", limit=64),
            paper_title=text(paper.get("title"), "试卷标题", limit=200),
            sitting_uid=text(data["sitting_uid"], "考试编号", limit=36, required=True),
            learner_uid=text(learner.get("uid"), "学员编号", limit=36),
            learner_name=text(learner.get("name"), "姓名", limit=100),
            learner_unit=text(learner.get("unit"), "单位", limit=200),
            issued_at=issued if issued.tzinfo else issued.replace(tzinfo=dt.timezone.utc),
            score=float(score),
            max_score=float(max_score),
            pass_mark=float(pass_mark),
            passed=data["passed"],
            flags=tuple(f[:200] for f in flags[:20]),
            items=tuple(_item(i) for i in raw_items),
            signature=signature or "",
            signed_text=canonical_bytes(data) if signature else b"",
        )
    except (KeyError, TypeError, ValueError, OverflowError) as error:  # FieldError is a ValueError
        what = error.what if isinstance(error, FieldError) else "内容"
        raise UserError(f"成绩回执中的{what}格式不正确。") from error


def _item(data: Any) -> ReceiptItem:
    if not isinstance(data, dict):
        raise FieldError("题目")
    score: Any = data.get("score")
    points: Any = data.get("points", 1.0)
    if not (is_number(score) and 0 <= score <= 1) or not (is_number(points) and 0 < points <= 100):
        raise FieldError("分数")
    return ReceiptItem(
        key=text(data.get("key"), "题目编号", limit=40, required=True),
        score=float(score),
        points=float(points),
        answer=data.get("answer"),
        answer_text=text(data.get("answer_text"), "答案", limit=20_000),
        explanation=text(data.get("explanation"), "解析", limit=20_000),
        quote=text(data.get("quote"), "原文", limit=20_000),
    )


def read_receipt_file(path: Path) -> Receipt:
    """Open a receipt file.

    Raises:
        UserError: missing, too large, not JSON, or not a valid receipt.
    """
    try:
        return receipt_from_json(read_json_file(path, what="成绩回执", max_bytes=MAX_RECEIPT_FILE_BYTES))
    except RecursionError as error:
        raise UserError("成绩回执嵌套过深，不是有效的回执文件。") from error


def write_receipt_file(receipt: Receipt, path: Path) -> None:
    """Save a receipt (UTF-8 JSON, written whole or not at all)."""
    write_json_file(receipt_to_json(receipt), path, what="成绩回执")


def receipt_for(row: CollectedResultRow, paper: Paper, *, now: dt.datetime, code: str = "") -> Receipt:
    """The receipt of one collected sitting (signed when the learner's personal code is known).

    Keys go back only for a paper of one attempt: a learner who may sit it again gets the marks alone.
    """
    marks = {item.key: item for item in (RegradedItem.from_json(i) for i in row.items)}
    with_key = paper.attempts_allowed == 1
    items = tuple(
        ReceiptItem(
            key=q.key, score=marks[q.key].score if q.key in marks else 0.0, points=q.points,
            answer=q.answer if with_key else None, answer_text=q.answer_text if with_key else "",
            explanation=q.explanation if with_key else "", quote=q.quote if with_key else "",
        )
        for q in paper.questions
    )
    receipt = Receipt(
        paper_uid=paper.uid, paper_digest=paper.digest, paper_title=paper.title, sitting_uid=row.sitting_uid,
        learner_uid=row.learner_uid, learner_name=row.learner_name, learner_unit=row.learner_unit, issued_at=now,
        score=row.score, max_score=row.max_score or paper.max_score, pass_mark=paper.pass_mark, passed=row.passed,
        flags=tuple(str(f) for f in (row.flags or [])), items=items,
    )
    return sign_receipt(receipt, code) if normalise_code(code) else receipt


def write_receipts(
    session: Session, paper_uid: str, folder: Path, *, now: dt.datetime, roster: Sequence[RosterEntry] | None = None
) -> list[Path]:
    """One receipt file per collected sitting of a paper, in `folder` (`<paper>-<name>-<n>.xxreceipt.json`).

    Raises:
        UserError: the paper is unknown here, or the folder cannot be written.
    """
    paper_row = session.scalar(select(PaperRow).where(PaperRow.uid == paper_uid))
    if paper_row is None:
        raise UserError("本机没有这份试卷。")
    paper = paper_from_json(paper_row.content)
    if not paper.has_key:
        raise UserError("本机保存的这份试卷不含答案，无法出具成绩回执。")
    for question in paper.questions:  # the key this machine grades with must be whole
        if key_problem(question.type, question.options, question.answer) is not None:
            raise UserError(f"试卷中{question.key}的答案已损坏，无法出具成绩回执。")
    folder.mkdir(parents=True, exist_ok=True)
    codes = {(e.name, e.unit): e.code for e in (roster or ()) if e.code}
    names = {e.name: e.code for e in (roster or ()) if e.code}
    written: list[Path] = []
    rows = session.scalars(
        select(CollectedResultRow).where(CollectedResultRow.paper_id == paper_row.id).order_by(CollectedResultRow.id)
    )
    for number, row in enumerate(rows, start=1):
        code = codes.get((row.learner_name, row.learner_unit)) or names.get(row.learner_name, "")
        receipt = receipt_for(row, paper, now=now, code=code)
        safe = "".join("_" if ch in '\\/:*?"<>|' else ch for ch in f"{paper.title}-{row.learner_name}-{number}")
        path = folder / (safe + RECEIPT_SUFFIX)
        write_receipt_file(receipt, path)
        written.append(path)
    return written
