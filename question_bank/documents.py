"""A document's life in the bank around an import: duplicates found, review holds, and removal.

- Importing a text already in the bank (the same text once normalised) is refused unless the trainer
  confirms a new version (`import_checked`); `find_duplicates` says which articles are already there.
- Items can wait for a trainer's review (status "review") before learners see them: a bank setting,
  on by default for imports (`REVIEW_IMPORTS_KEY`) and off for regeneration (`REVIEW_GENERATED_KEY`).
  Every list of usable items names its statuses ("active", "approved"), so held items are drawn
  into no quiz, paper or study queue until `release_for_review` lets them out.
- Removing a document (`remove_document`) retires its items and hides it from the bank's lists; no row
  is deleted, so learners' answers, results and history keep pointing at what they answered.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from foundation.errors import UserError
from question_bank.models import DocumentRow, FlashcardRow, QuestionRow, SettingRow, TopicRow
from question_bank.vocabulary import ItemStatus

REVIEW_STATUS = ItemStatus.REVIEW
REVIEW_IMPORTS_KEY = "bank.review_imports"
REVIEW_GENERATED_KEY = "bank.review_generated"
REMOVED_KEY = "bank.removed_documents"
_HELD_FROM = (ItemStatus.ACTIVE,)  # what a hold applies to: items a trainer has not approved or disabled


@dataclass(frozen=True)
class DuplicateDocument:
    """An article of a file whose text is already in the bank."""

    article_index: int
    article_title: str
    document_id: int
    document_title: str


@dataclass(frozen=True)
class CheckedImport:
    """What `import_checked` did: the import's summary, or the duplicates that stopped it."""

    summary: Any | None  # question_bank.importing.ImportSummary when imported
    duplicates: tuple[DuplicateDocument, ...] = ()
    held: int = 0  # items put on hold for review


def text_fingerprint(text: str) -> str:
    """A digest of a text that ignores width, case and whitespace (the same document, re-saved, matches)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return hashlib.sha256("".join(folded.split()).encode("utf-8")).hexdigest()


# --- settings ---------------------------------------------------------------------------------------


def _setting(session: Session, key: str, default: Any) -> Any:
    row = session.get(SettingRow, key)
    return default if row is None else row.value


def _set_setting(session: Session, key: str, value: Any) -> None:
    row = session.get(SettingRow, key)
    if row is None:
        session.add(SettingRow(key=key, value=value))
    else:
        row.value = value
    session.flush()


def review_settings(session: Session) -> tuple[bool, bool]:
    """Whether imported items, and regenerated ones, wait for review (defaults: yes, no)."""
    return bool(_setting(session, REVIEW_IMPORTS_KEY, True)), bool(_setting(session, REVIEW_GENERATED_KEY, False))


def set_review_settings(session: Session, *, imports: bool, generated: bool) -> None:
    """Store whether imported and regenerated items wait for review."""
    _set_setting(session, REVIEW_IMPORTS_KEY, bool(imports))
    _set_setting(session, REVIEW_GENERATED_KEY, bool(generated))


# --- removed documents --------------------------------------------------------------------------------


def removed_document_ids(session: Session) -> set[int]:
    """The documents a trainer removed (kept for learners' history, hidden from the bank's lists)."""
    return {int(k) for k in dict(_setting(session, REMOVED_KEY, {}) or {})}


def remove_document(session: Session, *, document_id: int, now: dt.datetime) -> int:
    """Remove a document from the bank: its items retire, its rows stay for learners' history.

    Returns how many questions and flashcards were retired. The built-in text cannot be removed.

    Raises:
        UserError: no such document, or the built-in one.
    """
    document = session.get(DocumentRow, document_id)
    if document is None or document_id in removed_document_ids(session):
        raise UserError(f"找不到编号为{document_id}的文档。")
    if document.builtin:
        raise UserError("内置的学习材料不能删除。")
    topics = select(TopicRow.id).where(TopicRow.document_id == document_id)
    retired = 0
    for row_type in (QuestionRow, FlashcardRow):
        result = session.execute(
            update(row_type).where(row_type.topic_id.in_(topics), row_type.status != ItemStatus.RETIRED)
            .values(status=ItemStatus.RETIRED, updated_at=now)
        )
        retired += int(getattr(result, "rowcount", 0) or 0)
    removed = dict(_setting(session, REMOVED_KEY, {}) or {})
    removed[str(document_id)] = now.isoformat()
    _set_setting(session, REMOVED_KEY, removed)
    return retired


# --- duplicates -------------------------------------------------------------------------------------------


def find_duplicates(session: Session, *, data: bytes, filename: str, title: str | None = None,
                    keep: set[int] | None = None) -> list[DuplicateDocument]:
    """The articles of a file (those in `keep`, or all) whose text is already a document of the bank.

    Raises:
        DocumentError: the file cannot be read as a document.
    """
    from question_bank.structure import parse_document

    articles = parse_document(data, filename=filename, title=title)
    removed = removed_document_ids(session)
    stored = {
        text_fingerprint(text): (document_id, document_title)
        for document_id, document_title, text in session.execute(select(DocumentRow.id, DocumentRow.title, DocumentRow.text))
        if document_id not in removed
    }
    found = []
    for index, article in enumerate(articles):
        if keep is not None and index not in keep:
            continue
        match = stored.get(text_fingerprint(article.text))
        if match is not None:
            found.append(DuplicateDocument(article_index=index, article_title=article.title,
                                           document_id=match[0], document_title=match[1]))
    return found


def duplicate_message(duplicates: list[DuplicateDocument] | tuple[DuplicateDocument, ...]) -> str:
    """“《…》已在题库中（与《…》内容相同）。” for each duplicate, in Chinese."""
    return "\n".join(
        f"“{d.article_title}”已在题库中（与已导入的“{d.document_title}”文字相同）。" for d in duplicates
    )


# --- review holds -------------------------------------------------------------------------------------------


def hold_for_review(session: Session, *, document_ids: list[int], now: dt.datetime,
                    since_question_id: int = 0, since_flashcard_id: int = 0) -> int:
    """Put the documents' usable items (newer than the given ids) on hold for review; returns how many."""
    if not document_ids:
        return 0
    topics = select(TopicRow.id).where(TopicRow.document_id.in_(document_ids))
    held = 0
    for row_type, since in ((QuestionRow, since_question_id), (FlashcardRow, since_flashcard_id)):
        result = session.execute(
            update(row_type).where(row_type.topic_id.in_(topics), row_type.status.in_(_HELD_FROM), row_type.id > since)
            .values(status=REVIEW_STATUS, updated_at=now)
        )
        held += int(getattr(result, "rowcount", 0) or 0)
    return held


def waiting_for_review(session: Session, *, document_id: int | None = None) -> int:
    """How many questions and flashcards wait for review (in one document, or in the bank)."""
    count = 0
    for row_type in (QuestionRow, FlashcardRow):
        query = select(row_type.id).where(row_type.status == REVIEW_STATUS)
        if document_id is not None:
            query = query.where(row_type.topic_id.in_(select(TopicRow.id).where(TopicRow.document_id == document_id)))
        count += len(session.scalars(query).all())
    return count


def release_for_review(session: Session, *, document_id: int | None = None, now: dt.datetime) -> int:
    """A trainer has reviewed the held items (of one document, or all): learners see them now."""
    released = 0
    for row_type in (QuestionRow, FlashcardRow):
        statement = update(row_type).where(row_type.status == REVIEW_STATUS)
        if document_id is not None:
            statement = statement.where(
                row_type.topic_id.in_(select(TopicRow.id).where(TopicRow.document_id == document_id)))
        result = session.execute(statement.values(status=ItemStatus.ACTIVE, updated_at=now))
        released += int(getattr(result, "rowcount", 0) or 0)
    return released


def _max_id(session: Session, row_type: type[QuestionRow] | type[FlashcardRow]) -> int:
    return int(session.scalar(select(row_type.id).order_by(row_type.id.desc()).limit(1)) or 0)


# --- the checked import -----------------------------------------------------------------------------------


def import_checked(session: Session, *, data: bytes, filename: str, title: str | None = None, now: dt.datetime,
                   seed: int = 0, keep: set[int] | None = None, new_version: bool = False) -> CheckedImport:
    """Import a file unless its text is already in the bank; hold the new items for review if so set.

    With duplicates and without `new_version`, nothing is stored and the duplicates are returned, so
    the trainer can be asked; `new_version=True` imports the text again as a new document.
    """
    from question_bank.importing import import_document

    duplicates = find_duplicates(session, data=data, filename=filename, title=title, keep=keep)
    if duplicates and not new_version:
        return CheckedImport(summary=None, duplicates=tuple(duplicates))
    summary = import_document(session, data=data, filename=filename, title=title, now=now, seed=seed, keep=keep)
    held = 0
    if review_settings(session)[0]:
        held = hold_for_review(session, document_ids=[int(d.document_id) for d in summary.documents], now=now)
    return CheckedImport(summary=summary, duplicates=tuple(duplicates), held=held)


def regenerate_checked(session: Session, *, document_id: int, now: dt.datetime, seed: int = 0) -> tuple[Any, int]:
    """Regenerate a document's items; new ones wait for review when that setting is on. Returns (counts, held)."""
    from question_bank.importing import regenerate_document

    since_q, since_c = _max_id(session, QuestionRow), _max_id(session, FlashcardRow)
    counts = regenerate_document(session, document_id, now=now, seed=seed)
    held = 0
    if review_settings(session)[1]:
        held = hold_for_review(session, document_ids=[document_id], now=now,
                               since_question_id=since_q, since_flashcard_id=since_c)
    return counts, held
