"""The built-in study material: the 条例 interview, built from the shipped raw file by the import pipeline."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

RAW_SOURCE = Path(__file__).resolve().parent / "source_raw.txt"


def ensure_builtin_bank(factory: sessionmaker[Session], now: dt.datetime) -> None:
    """Fill an empty bank with the built-in interview (one transaction); do nothing otherwise."""
    from question_bank.models import DocumentRow

    with factory() as session, session.begin():
        if session.scalars(select(DocumentRow.id).limit(1)).first() is not None:
            return
        build_builtin_bank(session, now=now)


def build_builtin_bank(session: Session, *, now: dt.datetime) -> None:
    """Store the interview (the first article of the raw file) as the built-in document."""
    from question_bank.importing import build_article, store_article
    from question_bank.structure import parse_document

    articles = parse_document(RAW_SOURCE.read_bytes(), filename=RAW_SOURCE.name)
    store_article(session, build_article(articles[0]), now=now, source_name=RAW_SOURCE.name, builtin=True)
