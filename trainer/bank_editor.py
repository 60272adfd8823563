"""The trainer's bank editor: search questions and flashcards, edit, disable or approve them, add by hand."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from foundation.errors import UserError
from question_bank.drafts import QuestionType
from question_bank.models import DocumentRow, FlashcardRow, QuestionRow, TopicRow
from question_bank.vocabulary import ItemStatus, Origin
from trainer.excel import validator_findings
from trainer.excel_format import (
    OPTION_HEADERS,
    SHORT_TYPE_NAMES,
    ParsedQuestion,
    RowProblem,
    answer_cell_for,
    option_cells_for,
    parse_row,
)

STATUS_LABELS = {status.value: status.label for status in ItemStatus}
ORIGIN_LABELS = {origin.value: origin.label for origin in Origin}
MAX_RESULTS = 2000


@dataclass(frozen=True)
class QuestionListItem:
    """One row of the editor's question list."""

    id: int
    document_title: str
    topic_id: int
    topic_title: str
    type: QuestionType
    stem: str
    answer_text: str
    status: ItemStatus
    origin: Origin
    edited: bool


@dataclass(frozen=True)
class EditableQuestion:
    """A question in the editor's terms: the same cells as an Excel row (see `excel_format`)."""

    id: int | None
    topic_id: int
    type: QuestionType
    stem: str
    option_cells: tuple[str, ...]  # 选项A…选项H, 连线 as `左项=右项`
    answer_cell: str
    explanation: str
    difficulty: int
    status: str = "active"
    quote: str = ""


@dataclass(frozen=True)
class FlashcardListItem:
    """One flashcard for the editor."""

    id: int
    topic_id: int
    topic_title: str
    front: str
    back: str
    status: ItemStatus
    edited: bool


def search_questions(
    session: Session,
    *,
    document_id: int | None = None,
    topic_id: int | None = None,
    question_type: QuestionType | None = None,
    status: str | None = None,
    text: str = "",
) -> list[QuestionListItem]:
    """Questions matching every given filter (text in stem, options, answer or explanation), bank order."""
    query = (
        select(QuestionRow, TopicRow.title, DocumentRow.title)
        .join(TopicRow, TopicRow.id == QuestionRow.topic_id)
        .join(DocumentRow, DocumentRow.id == TopicRow.document_id)
        .order_by(DocumentRow.id, TopicRow.position, QuestionRow.id)
        .limit(MAX_RESULTS)
    )
    if document_id is not None:
        query = query.where(TopicRow.document_id == document_id)
    if topic_id is not None:
        query = query.where(QuestionRow.topic_id == topic_id)
    if question_type is not None:
        query = query.where(QuestionRow.type == question_type.value)
    if status:
        query = query.where(QuestionRow.status == status)
    needle = text.strip()
    if needle:
        pattern = f"%{needle}%"
        query = query.where(
            or_(QuestionRow.stem.like(pattern), QuestionRow.answer_text.like(pattern), QuestionRow.explanation.like(pattern))
        )
    return [
        QuestionListItem(
            id=row.id, document_title=doc_title, topic_id=row.topic_id, topic_title=topic_title,
            type=QuestionType(row.type), stem=row.stem, answer_text=row.answer_text, status=row.status,
            origin=row.origin, edited=row.edited,
        )
        for row, topic_title, doc_title in session.execute(query)
    ]


def question_for_editing(session: Session, question_id: int) -> EditableQuestion:
    """A stored question in editor cells.

    Raises:
        UserError: no such question.
    """
    row = session.get(QuestionRow, question_id)
    if row is None:
        raise UserError(f"找不到编号为{question_id}的题目。")
    qtype = QuestionType(row.type)
    options = tuple(row.options) if row.options is not None else None
    cells = option_cells_for(qtype, options, row.answer)
    while cells and not cells[-1]:
        cells.pop()
    return EditableQuestion(
        id=row.id, topic_id=row.topic_id, type=qtype, stem=row.stem, option_cells=tuple(cells),
        answer_cell=answer_cell_for(qtype, options, row.answer), explanation=row.explanation,
        difficulty=row.difficulty, status=row.status, quote=row.quote,
    )


def check_question(edit: EditableQuestion) -> ParsedQuestion:
    """Parse and validate editor cells exactly like an imported row.

    Raises:
        UserError: with the reason (`答案“E”不在选项中`, `选项重复` ...).
    """
    if len(edit.option_cells) > len(OPTION_HEADERS):
        raise UserError(f"最多{len(OPTION_HEADERS)}个选项。")
    cells: dict[str, object] = {"题型": SHORT_TYPE_NAMES[edit.type], "题干": edit.stem, "答案": edit.answer_cell,
                                "解析": edit.explanation, "难度": str(edit.difficulty)}
    cells.update(zip(OPTION_HEADERS, edit.option_cells))
    try:
        parsed = parse_row(0, cells)
    except RowProblem as problem:
        raise UserError(f"{problem}。") from problem
    problem_text, _note = validator_findings(parsed)
    if problem_text:
        raise UserError(f"{problem_text}。")
    return parsed


def save_question(session: Session, edit: EditableQuestion, *, now: dt.datetime) -> int:
    """Store an edited question (marked as the trainer's, so regeneration keeps it) or add a new one by hand.

    Returns the question id.

    Raises:
        UserError: the cells do not make a valid question, or the topic does not exist.
    """
    parsed = check_question(edit)
    if session.get(TopicRow, edit.topic_id) is None:
        raise UserError("请选择题目所属的专题。")
    if edit.id is None:
        key = "manual-" + hashlib.sha1(f"{edit.topic_id}:{parsed.type}:{parsed.stem}:{now.isoformat()}".encode()).hexdigest()[:20]
        row = QuestionRow(topic_id=edit.topic_id, key=key, status=ItemStatus.ACTIVE, origin=Origin.MANUAL, edited=True, quote="",
                          start=0, end=0)
        session.add(row)
    else:
        found = session.get(QuestionRow, edit.id)
        if found is None:
            raise UserError(f"找不到编号为{edit.id}的题目。")
        row = found
        row.edited = True
    row.topic_id = edit.topic_id
    row.type = parsed.type.value
    row.stem = parsed.stem
    row.options = list(parsed.options) if parsed.options is not None else None
    row.answer = parsed.answer
    row.answer_text = parsed.answer_text
    row.explanation = parsed.explanation
    row.difficulty = parsed.difficulty
    row.updated_at = now
    session.flush()
    return row.id


def set_question_status(
    session: Session, question_ids: Sequence[int], status: ItemStatus | str, *, now: dt.datetime
) -> int:
    """Disable, approve, hold for review or re-enable questions (counts as the trainer's edit); returns how many."""
    status = _settable(status, "题目")
    rows = session.scalars(select(QuestionRow).where(QuestionRow.id.in_(list(question_ids)))).all()
    for row in rows:
        row.status = status
        row.edited = True
        row.updated_at = now
    session.flush()
    return len(rows)


def search_flashcards(session: Session, *, topic_id: int | None = None, text: str = "") -> list[FlashcardListItem]:
    """Flashcards of a topic (or all) whose front or back holds `text`."""
    query = (
        select(FlashcardRow, TopicRow.title)
        .join(TopicRow, TopicRow.id == FlashcardRow.topic_id)
        .order_by(TopicRow.document_id, TopicRow.position, FlashcardRow.id)
        .limit(MAX_RESULTS)
    )
    if topic_id is not None:
        query = query.where(FlashcardRow.topic_id == topic_id)
    if text.strip():
        pattern = f"%{text.strip()}%"
        query = query.where(or_(FlashcardRow.front.like(pattern), FlashcardRow.back.like(pattern)))
    return [
        FlashcardListItem(id=row.id, topic_id=row.topic_id, topic_title=title, front=row.front, back=row.back,
                          status=row.status, edited=row.edited)
        for row, title in session.execute(query)
    ]


def save_flashcard(
    session: Session, flashcard_id: int, *, front: str, back: str, status: ItemStatus | str, now: dt.datetime
) -> None:
    """Edit a flashcard's sides or status (kept through regeneration)."""
    row = session.get(FlashcardRow, flashcard_id)
    if row is None:
        raise UserError(f"找不到编号为{flashcard_id}的知识卡片。")
    if not front.strip() or not back.strip():
        raise UserError("卡片的正面和背面都不能为空。")
    status = _settable(status, "卡片")
    row.front, row.back, row.status = front.strip(), back.strip(), status
    row.edited = True
    row.updated_at = now
    session.flush()


def _settable(status: ItemStatus | str, what: str) -> ItemStatus:
    """A status a trainer may set by hand (not `retired`, which is regeneration's)."""
    if status not in {s.value for s in ItemStatus.trainer_settable()}:
        raise UserError(f"未知的{what}状态。")
    return ItemStatus(status)
