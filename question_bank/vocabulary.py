"""The bank's small vocabularies: an item's status and its origin, stored through SQLAlchemy as their string values."""

from __future__ import annotations

import enum
from typing import Any

from sqlalchemy import Enum


class ItemStatus(enum.StrEnum):
    """Where a question or flashcard stands; only `usable()` ones reach learners.

    - ACTIVE: generated, imported or added, and shown to learners.
    - APPROVED: a trainer checked it (shown, and kept as it is).
    - REVIEW: waiting for a trainer's review before learners see it.
    - DISABLED: a trainer took it out; it can be enabled again.
    - RETIRED: regeneration no longer produces this generated, never-edited item. It is kept (not deleted) so
      that attempts, reviews and the wrong-answer book that refer to it still resolve, and it comes back as
      ACTIVE if a later regeneration produces it again; it is hidden everywhere else, including the export.
    """

    ACTIVE = "active"
    APPROVED = "approved"
    REVIEW = "review"
    DISABLED = "disabled"
    RETIRED = "retired"

    @property
    def label(self) -> str:
        """The Chinese name shown to users."""
        return _STATUS_LABELS[self]

    @classmethod
    def usable(cls) -> tuple[ItemStatus, ...]:
        """The statuses whose items learners see (quizzes, flashcards, papers, mastery, statistics)."""
        return USABLE_STATUSES

    @classmethod
    def trainer_settable(cls) -> tuple[ItemStatus, ...]:
        """The statuses a trainer may give an item by hand (retiring is regeneration's job)."""
        return (cls.ACTIVE, cls.APPROVED, cls.REVIEW, cls.DISABLED)


USABLE_STATUSES = (ItemStatus.ACTIVE, ItemStatus.APPROVED)

_STATUS_LABELS = {
    ItemStatus.ACTIVE: "可用",
    ItemStatus.APPROVED: "已审核",
    ItemStatus.REVIEW: "待审核",
    ItemStatus.DISABLED: "已停用",
    ItemStatus.RETIRED: "已淘汰",
}


class Origin(enum.StrEnum):
    """Where a question or flashcard came from."""

    GENERATED = "generated"  # the pipeline made it from a document; regeneration may replace or retire it
    MANUAL = "manual"  # a trainer added it in the bank editor
    IMPORTED = "imported"  # from an Excel bank or a paper file

    @property
    def label(self) -> str:
        """The Chinese name shown to users."""
        return _ORIGIN_LABELS[self]


_ORIGIN_LABELS = {Origin.GENERATED: "自动生成", Origin.MANUAL: "手工添加", Origin.IMPORTED: "导入"}


def string_enum(enum_class: type[enum.StrEnum], length: int) -> Enum:
    """A column type storing a string enum as its values in a plain VARCHAR (no CHECK, no schema change)."""
    return Enum(
        enum_class,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=_values,
        validate_strings=True,
    )


def _values(enum_class: Any) -> list[str]:
    return [member.value for member in enum_class]
