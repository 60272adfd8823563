"""Small text formats several pages share (time left on an exam clock)."""

from __future__ import annotations

import datetime as dt


def countdown_text(remaining: dt.timedelta) -> str:
    """mm:ss (minutes may exceed 59)."""
    seconds = max(0, int(remaining.total_seconds() + 0.999))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"
