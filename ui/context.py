"""What every page of the UI is handed: the database, the clock, randomness, settings and the current learner."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal
from sqlalchemy.orm import Session, sessionmaker

from foundation.context import AppContext
from foundation.data_dir import error_log_path


def log_error(data_dir: Path, details: str) -> Path:
    """Append a traceback to `error.log` in the data directory (best effort); returns the log's path."""
    log_path = error_log_path(data_dir)
    try:
        with log_path.open("a", encoding="utf-8") as log:
            log.write(f"--- {utc_now().isoformat()} ---\n{details}\n")
    except OSError:
        pass
    return log_path


def utc_now() -> dt.datetime:
    """The wall clock as timezone-aware UTC (the only place the UI reads the clock)."""
    return dt.datetime.now(dt.timezone.utc)


class UiEvents(QObject):
    """Application-wide notifications pages listen to, so each can refresh what it shows."""

    learner_changed = Signal()  # another profile became active
    study_changed = Signal()  # answers, reviews or attempts were recorded
    bank_changed = Signal()  # the question bank was edited or imported into
    appearance_changed = Signal()  # text size or theme changed


@dataclass
class UiContext:
    """Handed to every page: pages never build sessions, clocks or settings of their own."""

    app: AppContext
    session_factory: sessionmaker[Session]
    settings: QSettings
    events: UiEvents
    clock: Callable[[], dt.datetime] = utc_now
    rng: random.Random = field(default_factory=random.Random)
    learner_id: int | None = None
