"""The built-in study material: the 条例 interview, built from the shipped raw file by the import pipeline."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

RAW_SOURCE = Path(__file__).resolve().parent / "source_raw.txt"


def ensure_builtin_bank(factory: sessionmaker[Session], now: dt.datetime) -> None:
    """Fill an empty bank with the built-in interview (one transaction); do nothing otherwise."""
    # Placeholder until the content pipeline lands: the pipeline work replaces this body.
    return None
