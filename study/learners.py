"""Learner profiles: create, list, rename, delete, the active learner and per-learner settings."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from foundation.errors import UserError
from question_bank.models import SettingRow
from study.models import (
    AttemptItemRow,
    CardStateRow,
    LearnerRow,
    QuizAttemptRow,
    ReviewLogRow,
    WrongAnswerRow,
)
from study.types import Learner, LearnerId

ACTIVE_LEARNER_KEY = "active_learner_id"
DEFAULT_DAILY_NEW_LIMIT = 20
DEFAULT_RETENTION = 0.9


def learner_value(row: LearnerRow) -> Learner:
    """The frozen value of a learner row."""
    return Learner(
        id=LearnerId(row.id),
        name=row.name,
        unit=row.unit,
        uid=row.uid,
        created_at=row.created_at,
        daily_new_limit=row.daily_new_limit,
        desired_retention=row.desired_retention,
    )


def _clean_name(name: str) -> str:
    cleaned = name.strip()
    if not cleaned:
        raise UserError("学员姓名不能为空。")
    if len(cleaned) > 100:
        raise UserError("学员姓名过长（最多100个字）。")
    return cleaned


def _learner_row(session: Session, learner_id: int) -> LearnerRow:
    row = session.get(LearnerRow, learner_id)
    if row is None:
        raise UserError(f"找不到编号为{learner_id}的学员。")
    return row


def create_learner(
    session: Session, name: str, *, now: dt.datetime, unit: str = "", uid: str | None = None
) -> Learner:
    """Add a learner profile; the first profile becomes the active one."""
    row = LearnerRow(
        name=_clean_name(name),
        unit=unit.strip(),
        uid=uid or str(uuid.uuid4()),
        created_at=now,
        daily_new_limit=DEFAULT_DAILY_NEW_LIMIT,
        desired_retention=DEFAULT_RETENTION,
    )
    session.add(row)
    session.flush()
    if session.get(SettingRow, ACTIVE_LEARNER_KEY) is None:
        session.add(SettingRow(key=ACTIVE_LEARNER_KEY, value=row.id))
        session.flush()
    return learner_value(row)


def list_learners(session: Session) -> list[Learner]:
    """Every learner profile, by name."""
    rows = session.scalars(select(LearnerRow).order_by(LearnerRow.name, LearnerRow.id))
    return [learner_value(row) for row in rows]


def get_learner(session: Session, learner_id: int) -> Learner:
    """One learner profile (UserError if it does not exist)."""
    return learner_value(_learner_row(session, learner_id))


def find_learner(session: Session, name: str) -> Learner | None:
    """The learner with this exact name, if any (the oldest if several)."""
    row = session.scalars(
        select(LearnerRow).where(LearnerRow.name == name.strip()).order_by(LearnerRow.id)
    ).first()
    return None if row is None else learner_value(row)


def rename_learner(session: Session, learner_id: int, *, name: str, unit: str | None = None) -> Learner:
    """Change a learner's name (and unit, if given)."""
    row = _learner_row(session, learner_id)
    row.name = _clean_name(name)
    if unit is not None:
        row.unit = unit.strip()
    session.flush()
    return learner_value(row)


def update_learner_settings(
    session: Session,
    learner_id: int,
    *,
    daily_new_limit: int | None = None,
    desired_retention: float | None = None,
) -> Learner:
    """Change the daily new-card limit (0..500) and/or desired retention (0.70..0.99)."""
    row = _learner_row(session, learner_id)
    if daily_new_limit is not None:
        if not 0 <= daily_new_limit <= 500:
            raise UserError("每日新卡片数应在0到500之间。")
        row.daily_new_limit = daily_new_limit
    if desired_retention is not None:
        if not 0.7 <= desired_retention <= 0.99:
            raise UserError("目标记忆保持率应在70%到99%之间。")
        row.desired_retention = desired_retention
    session.flush()
    return learner_value(row)


def delete_learner(session: Session, learner_id: int) -> None:
    """Remove one learner and only that learner's data (the UI asks for confirmation first)."""
    row = _learner_row(session, learner_id)
    attempt_ids = select(QuizAttemptRow.id).where(QuizAttemptRow.learner_id == learner_id)
    session.execute(delete(AttemptItemRow).where(AttemptItemRow.attempt_id.in_(attempt_ids)))
    for table in (QuizAttemptRow, ReviewLogRow, CardStateRow, WrongAnswerRow):
        session.execute(delete(table).where(table.learner_id == learner_id))
    session.delete(row)
    setting = session.get(SettingRow, ACTIVE_LEARNER_KEY)
    if setting is not None and setting.value == learner_id:
        remaining = session.scalars(
            select(LearnerRow.id).where(LearnerRow.id != learner_id).order_by(LearnerRow.id)
        ).first()
        if remaining is None:
            session.delete(setting)
        else:
            setting.value = remaining
    session.flush()


def active_learner(session: Session) -> Learner | None:
    """The active learner, or None when no profile exists yet."""
    setting = session.get(SettingRow, ACTIVE_LEARNER_KEY)
    if setting is not None:
        row = session.get(LearnerRow, int(setting.value))
        if row is not None:
            return learner_value(row)
    row = session.scalars(select(LearnerRow).order_by(LearnerRow.id)).first()
    return None if row is None else learner_value(row)


def set_active_learner(session: Session, learner_id: int) -> Learner:
    """Make a learner the active one."""
    row = _learner_row(session, learner_id)
    setting = session.get(SettingRow, ACTIVE_LEARNER_KEY)
    if setting is None:
        session.add(SettingRow(key=ACTIVE_LEARNER_KEY, value=row.id))
    else:
        setting.value = row.id
    session.flush()
    return learner_value(row)
