"""The built-in study material: the 条例 interview, built from the shipped raw file by the import pipeline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from foundation.context import AppContext
from foundation.data_dir import sqlite_url

RAW_SOURCE = Path(__file__).resolve().parent / "source_raw.txt"


def builtin_context(*, data_dir: Path, clock: Callable[[], dt.datetime], db_url: str | None = None) -> AppContext:
    """An AppContext whose database, on first opening, is filled with the built-in material if it is empty.

    Args:
        data_dir: the data directory.
        clock: gives the time stamped on the built-in material (read only if the bank has to be built).
        db_url: another database than the data directory's SQLite file.
    """
    return AppContext(
        data_dir=data_dir,
        db_url=db_url or sqlite_url(data_dir),
        prepare=lambda factory: ensure_builtin_bank(factory, clock()),
    )


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
