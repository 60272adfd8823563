"""The Anki export: one note per flashcard with the right fields, decks per document and topic, stable ids."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from foundation.errors import UserError
from question_bank.models import FlashcardRow
from study.anki_export import FIELDS, ExportCard, export_anki, tag, write_apkg
from tests.study.conftest import TOPIC_TITLES, SmallBank


def _collection(apkg: Path, tmp_path: Path) -> sqlite3.Connection:
    with zipfile.ZipFile(apkg) as archive:
        assert "collection.anki2" in archive.namelist()
        archive.extract("collection.anki2", tmp_path / apkg.stem)
    return sqlite3.connect(tmp_path / apkg.stem / "collection.anki2")


def test_the_package_holds_one_note_per_flashcard_with_its_fields_deck_and_tags(
    factory: sessionmaker[Session], bank: SmallBank, now: dt.datetime, tmp_path: Path
) -> None:
    with factory() as session, session.begin():
        card = session.get(FlashcardRow, bank.flashcard_ids[0])
        assert card is not None
        card.point_key = "p1 duties"
        report = export_anki(session, tmp_path / "cards.apkg", now=now)
        rows = {r.id: r for r in session.scalars(select(FlashcardRow))}
    assert report.notes == 12 and report.decks == 5  # the document and its four topics
    db = _collection(report.path, tmp_path)
    notes = db.execute("SELECT guid, flds, tags, id FROM notes ORDER BY id").fetchall()
    assert len(notes) == 12 and len({guid for guid, *_ in notes}) == 12
    fields = [flds.split("\x1f") for _, flds, _, _ in notes]
    assert all(len(f) == len(FIELDS) for f in fields)
    first = rows[bank.flashcard_ids[0]]
    match = [f for f in fields if f[0] == first.front]
    assert match == [[first.front, first.back, first.quote, TOPIC_TITLES[0], "p1 duties"]]
    tags = {t for _, _, tag_text, _ in notes for t in tag_text.split()}
    assert "专题_巡视工作原则" in tags and "知识点_p1_duties" in tags
    model = json.loads(db.execute("SELECT models FROM col").fetchone()[0])
    assert [m["name"] for m in model.values()] == ["巡学卡片"]
    assert [f["name"] for f in next(iter(model.values()))["flds"]] == list(FIELDS)
    decks = {d["name"] for d in json.loads(db.execute("SELECT decks FROM col").fetchone()[0]).values()}
    assert {"测试文档", *(f"测试文档::{title}" for title in TOPIC_TITLES)} <= decks
    cards = db.execute("SELECT nid, did FROM cards").fetchall()
    assert len(cards) == 12 and {nid for nid, _ in cards} == {note_id for *_, note_id in notes}
    db.close()


def test_a_second_export_keeps_note_ids_guids_and_deck_ids(
    factory: sessionmaker[Session], bank: SmallBank, now: dt.datetime, tmp_path: Path
) -> None:
    with factory() as session, session.begin():
        first = export_anki(session, tmp_path / "first.apkg", now=now)
        session.add(FlashcardRow(topic_id=bank.topic_ids[1], key="c-new", front="新卡片", back="新背面", quote="",
                                 start=0, end=0, status="active", origin="manual", edited=False))
        session.flush()
        second = export_anki(session, tmp_path / "second.apkg", now=now + dt.timedelta(days=3))
    old = _collection(first.path, tmp_path)
    new = _collection(second.path, tmp_path)
    query = "SELECT guid, id FROM notes"
    before, after = dict(old.execute(query).fetchall()), dict(new.execute(query).fetchall())
    assert len(after) == 13 and all(after[guid] == note_id for guid, note_id in before.items())
    deck_ids = "SELECT nid, did FROM cards"
    assert set(old.execute(deck_ids).fetchall()) <= set(new.execute(deck_ids).fetchall())
    old.close()
    new.close()


def test_tags_have_no_spaces_and_nothing_to_export_is_refused(tmp_path: Path, now: dt.datetime) -> None:
    assert tag("专题", " 巡视 工作\t原则 ") == "专题_巡视_工作_原则"
    with pytest.raises(UserError, match="没有可导出"):
        write_apkg([], tmp_path / "x.apkg", now=now)
    card = ExportCard("文档", "专题", "k", "正", "反", "原文", "")
    with pytest.raises(UserError, match="目录不存在"):
        write_apkg([card], tmp_path / "missing" / "x.apkg", now=now)
