"""The flashcards as an Anki package (.apkg, via genanki): a deck per document, a subdeck per topic, stable ids.

Every id is derived from stable keys, so importing a second export into Anki updates the same notes:
the note type from a fixed name, a deck from its name (``文档::专题``), a note's guid and id from its
document title, topic title and card key (the card key survives regeneration of the bank).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import itertools
import os
import re
import sqlite3
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from foundation.errors import UserError
from question_bank.models import DocumentRow, FlashcardRow, TopicRow
from question_bank.vocabulary import USABLE_STATUSES

MODEL_NAME = "巡学卡片"
FIELDS = ("正面", "背面", "原文", "专题", "知识点")
_CSS = ".card { font-family: sans-serif; font-size: 22px; text-align: left; } .source { color: #666; font-size: 18px; }"


@dataclass(frozen=True)
class ExportCard:
    """One flashcard with where it comes from."""

    document_title: str
    topic_title: str
    key: str
    front: str
    back: str
    quote: str
    point_key: str


@dataclass(frozen=True)
class AnkiExportReport:
    """What an export wrote."""

    path: Path
    notes: int
    decks: int


def stable_id(*parts: str, low: int = 1 << 30, span: int = 1 << 30) -> int:
    """A deterministic id in [low, low + span) from text keys (SHA-256, not Python's salted hash)."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    return low + int.from_bytes(digest[:8], "big") % span


def note_guid(card: ExportCard) -> str:
    """The note's guid: the same card always gets the same one."""
    return hashlib.sha256("\x1f".join(("xunxue-note", card.document_title, card.topic_title, card.key)).encode("utf-8")).hexdigest()[:20]


def note_id(card: ExportCard) -> int:
    """The note's id (and its one card's), a millisecond-timestamp-sized number derived from the same keys."""
    return stable_id("xunxue-note-id", card.document_title, card.topic_title, card.key, low=1 << 40, span=1 << 50)


def deck_name(card: ExportCard) -> str:
    """``文档::专题`` (a ``::`` inside a title would make another level, so it becomes a single colon)."""
    return f"{_name(card.document_title)}::{_name(card.topic_title)}"


def _name(title: str) -> str:
    return title.replace("::", ":").strip() or "未命名"


def tag(prefix: str, text: str) -> str:
    """An Anki tag (no spaces allowed): ``专题_巡视工作原则``."""
    return prefix + "_" + re.sub(r"\s+", "_", text.strip())


def export_cards(session: Session) -> list[ExportCard]:
    """Every usable flashcard in bank order, with its document and topic."""
    rows = session.execute(
        select(DocumentRow.title, TopicRow.title, FlashcardRow.key, FlashcardRow.front, FlashcardRow.back,
               FlashcardRow.quote, FlashcardRow.point_key)
        .join(TopicRow, TopicRow.id == FlashcardRow.topic_id)
        .join(DocumentRow, DocumentRow.id == TopicRow.document_id)
        .where(FlashcardRow.status.in_(USABLE_STATUSES))
        .order_by(DocumentRow.id, TopicRow.position, FlashcardRow.id)
    )
    return [ExportCard(*row) for row in rows]


def _model() -> Any:
    import genanki

    return genanki.Model(
        stable_id("xunxue-flashcard-model", "v1"), MODEL_NAME,
        fields=[{"name": name} for name in FIELDS],
        templates=[{
            "name": "卡片",
            "qfmt": "{{正面}}",
            "afmt": '{{FrontSide}}<hr id="answer">{{背面}}<div class="source">原文：{{原文}}</div>'
                    '<div class="source">{{专题}}</div>',
        }],
        css=_CSS,
    )


def build_package(cards: Sequence[ExportCard]) -> Any:
    """The genanki Package: parent decks per document, a subdeck per topic, one note per card."""
    import genanki

    model = _model()
    decks: dict[str, Any] = {}
    for card in cards:
        parent = _name(card.document_title)
        if parent not in decks:
            decks[parent] = genanki.Deck(stable_id("xunxue-deck", parent), parent)
        name = deck_name(card)
        if name not in decks:
            decks[name] = genanki.Deck(stable_id("xunxue-deck", name), name)
        tags = [tag("专题", card.topic_title)] + ([tag("知识点", card.point_key)] if card.point_key else [])
        decks[name].add_note(genanki.Note(
            model=model, guid=note_guid(card), tags=tags,
            fields=[html.escape(card.front), html.escape(card.back), html.escape(card.quote),
                    html.escape(card.topic_title), html.escape(card.point_key)],
        ))
    return genanki.Package(list(decks.values()))


def write_apkg(cards: Sequence[ExportCard], path: Path, *, now: dt.datetime) -> AnkiExportReport:
    """Write the package to `path` (replaced only once complete); note and card ids are the stable ones.

    Raises:
        UserError: no flashcard to export, or the folder does not exist.
    """
    if not cards:
        raise UserError("题库中没有可导出的记忆卡片。")
    path = Path(path)
    if not path.parent.exists():
        raise UserError(f"目录不存在：{path.parent}")
    package = build_package(cards)
    with tempfile.TemporaryDirectory() as work:
        collection = Path(work) / "collection.anki2"
        connection = sqlite3.connect(collection)
        try:
            stamp = now.timestamp()
            package.write_to_db(connection.cursor(), stamp, itertools.count(int(stamp * 1000)))
            _stable_note_ids(connection, cards)
            connection.commit()
        finally:
            connection.close()
        partial = path.with_name(path.name + ".part")
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.write(collection, "collection.anki2")
            archive.writestr("media", "{}")
        os.replace(partial, path)
    return AnkiExportReport(path=path, notes=len(cards), decks=len(package.decks))


def _stable_note_ids(connection: sqlite3.Connection, cards: Sequence[ExportCard]) -> None:
    """Replace genanki's time-based note and card ids with ids derived from each card's keys."""
    ids = {note_guid(card): note_id(card) for card in cards}
    rows = connection.execute("SELECT id, guid FROM notes").fetchall()
    for old_id, guid in rows:  # move out of the way first: a new id may equal another note's old one
        connection.execute("UPDATE notes SET id = ? WHERE id = ?", (-old_id, old_id))
        connection.execute("UPDATE cards SET nid = ?, id = ? WHERE nid = ?", (-old_id, -old_id, old_id))
    for old_id, guid in rows:
        new_id = ids[guid]
        connection.execute("UPDATE notes SET id = ? WHERE id = ?", (new_id, -old_id))
        connection.execute("UPDATE cards SET nid = ?, id = ? WHERE nid = ?", (new_id, new_id, -old_id))


def export_anki(session: Session, path: Path, *, now: dt.datetime) -> AnkiExportReport:
    """文件 → 导出到 Anki / `export-anki`: every usable flashcard to an .apkg file."""
    return write_apkg(export_cards(session), path, now=now)
