"""The one clock rule of the app: learners live in China time, and every statistic counts China's local days."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Date, cast, func, literal
from sqlalchemy.orm import Session

CHINA_TZ = dt.timezone(dt.timedelta(hours=8), "UTC+8")


def local_day(moment: dt.datetime) -> dt.date:
    """The China-time calendar day of a timezone-aware moment."""
    return moment.astimezone(CHINA_TZ).date()


def day_start(day: dt.date) -> dt.datetime:
    """The UTC moment at which a China-time calendar day begins."""
    return dt.datetime.combine(day, dt.time(), CHINA_TZ).astimezone(dt.timezone.utc)


def local_text(moment: dt.datetime, pattern: str = "%Y-%m-%d %H:%M") -> str:
    """A moment written in China time, e.g. for reports and lists."""
    return moment.astimezone(CHINA_TZ).strftime(pattern)


def local_day_sql(session: Session, column: Any, *, now: dt.datetime, tz: dt.tzinfo = CHINA_TZ) -> Any:
    """A SQL expression for the local calendar day of a UTC timestamp column (portable per dialect).

    Every statistic that groups by day uses this, so that a day means the same everywhere.
    """
    offset = now.astimezone(tz).utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    if session.get_bind().dialect.name == "sqlite":
        return func.date(column, f"{minutes:+d} minutes")
    return cast(column + literal(dt.timedelta(minutes=minutes)), Date)


def as_date(value: Any) -> dt.date:
    """A day value as the database returns it (a date, a datetime or ISO text) as a date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))
