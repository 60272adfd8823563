"""Qt item models over the core's frozen values: each holds ids and cached rows, reset on reload."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from foundation.clock import CHINA_TZ
from question_bank.drafts import Topic
from study import (
    AttemptResult,
    ExamRecord,
    ItemResult,
    Learner,
    TopicScore,
    WrongBookEntry,
)

Row = TypeVar("Row")
AnyIndex = QModelIndex | QPersistentModelIndex

ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's id (learner, question, topic, attempt)
ROW_ROLE = Qt.ItemDataRole.UserRole + 2  # the cached frozen value itself
GOOD_COLOUR = QColor("#1b7f3b")
BAD_COLOUR = QColor("#b3261e")


def local_time_text(moment: dt.datetime) -> str:
    """A UTC time as the learner's local (China) date and time, e.g. 11月27日 16:00."""
    local = moment.astimezone(CHINA_TZ)
    return f"{local.month}月{local.day}日 {local:%H:%M}"


def percent_text(fraction: float | None) -> str:
    """0.456 -> 46%; None -> —."""
    return "—" if fraction is None else f"{round(fraction * 100)}%"


@dataclass(frozen=True)
class Column(Generic[Row]):
    """One column of a table model: its header, its text, and optionally its colour and alignment."""

    header: str
    text: Callable[[Row], str]
    colour: Callable[[Row], QColor | None] | None = None
    align_right: bool = False


class RowTableModel(QAbstractTableModel, Generic[Row]):
    """A read-only table of cached frozen rows; `set_rows` resets it; ids through ID_ROLE."""

    def __init__(self, columns: Sequence[Column[Row]], row_id: Callable[[Row], int], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._columns = tuple(columns)
        self._row_id = row_id
        self._rows: tuple[Row, ...] = ()

    def set_rows(self, rows: Sequence[Row]) -> None:
        """Replace every row (a model reset)."""
        self.beginResetModel()
        self._rows = tuple(rows)
        self.endResetModel()

    def rows(self) -> tuple[Row, ...]:
        """The cached rows in display order."""
        return self._rows

    def row_at(self, row: int) -> Row:
        """The cached value of one row."""
        return self._rows[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = self._columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return column.text(row)
        if role == Qt.ItemDataRole.ForegroundRole and column.colour is not None:
            return column.colour(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ID_ROLE:
            return self._row_id(row)
        if role == ROW_ROLE:
            return row
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            return self._columns[section].header
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(section + 1)
        return None


class LearnerListModel(QAbstractListModel):
    """The learner profiles on this machine: “姓名（单位）”, id through ID_ROLE."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._learners: tuple[Learner, ...] = ()

    def set_learners(self, learners: Sequence[Learner]) -> None:
        """Replace the list (a model reset)."""
        self.beginResetModel()
        self._learners = tuple(learners)
        self.endResetModel()

    def learner_at(self, row: int) -> Learner:
        """The cached learner of one row."""
        return self._learners[row]

    def row_of(self, learner_id: int | None) -> int:
        """The row of a learner, or -1."""
        return next((row for row, learner in enumerate(self._learners) if learner.id == learner_id), -1)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._learners)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._learners):
            return None
        learner = self._learners[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{learner.name}（{learner.unit}）" if learner.unit else learner.name
        if role == ID_ROLE:
            return int(learner.id)
        if role == ROW_ROLE:
            return learner
        return None


class TopicCheckModel(QAbstractListModel):
    """Topics with a check box each (quiz set-up, cram by topic); all checked after a reload."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._topics: tuple[Topic, ...] = ()
        self._checked: set[int] = set()

    def set_topics(self, topics: Sequence[Topic], *, checked: set[int] | None = None) -> None:
        """Replace the topics; `checked` ids (default: all) start ticked."""
        self.beginResetModel()
        self._topics = tuple(topics)
        ids = {int(t.id) for t in self._topics}
        self._checked = ids if checked is None else checked & ids
        self.endResetModel()

    def checked_ids(self) -> list[int]:
        """The ticked topic ids in display order."""
        return [int(t.id) for t in self._topics if int(t.id) in self._checked]

    def topic_ids(self) -> list[int]:
        """Every topic id in display order."""
        return [int(t.id) for t in self._topics]

    def set_all_checked(self, checked: bool) -> None:
        """Tick or untick every topic."""
        self._checked = {int(t.id) for t in self._topics} if checked else set()
        if self._topics:
            self.dataChanged.emit(self.index(0), self.index(len(self._topics) - 1), [Qt.ItemDataRole.CheckStateRole])

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._topics)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._topics):
            return None
        topic = self._topics[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{topic.position + 1}. {topic.title}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return topic.question or topic.title
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if int(topic.id) in self._checked else Qt.CheckState.Unchecked
        if role == ID_ROLE:
            return int(topic.id)
        if role == ROW_ROLE:
            return topic
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole:
            return False
        topic_id = int(self._topics[index.row()].id)
        state = Qt.CheckState(value) if not isinstance(value, Qt.CheckState) else value
        if state == Qt.CheckState.Checked:
            self._checked.add(topic_id)
        else:
            self._checked.discard(topic_id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable


def _passed_colour(passed: bool) -> QColor:
    return GOOD_COLOUR if passed else BAD_COLOUR


def exam_history_model(parent: QObject | None = None) -> RowTableModel[ExamRecord]:
    """Recent timed quizzes and mock exams: time, mode, score, pass/fail."""
    return RowTableModel(
        (
            Column("时间", lambda e: local_time_text(e.submitted_at)),
            Column("类型", lambda e: e.mode.label),
            Column("得分/满分", lambda e: e.score_text, align_right=True),
            Column("结果", lambda e: "待评分" if not e.graded else "及格" if e.passed else "不及格",
                   lambda e: _passed_colour(e.passed)),
        ),
        lambda e: int(e.attempt_id),
        parent,
    )


def wrong_book_model(parent: QObject | None = None) -> RowTableModel[WrongBookEntry]:
    """The wrong-answer book: topic, type, stem, correct answer, times wrong, correct streak."""
    return RowTableModel(
        (
            Column("专题", lambda w: w.topic_title),
            Column("题型", lambda w: w.type.label),
            Column("题目", lambda w: w.stem),
            Column("正确答案", lambda w: w.correct_answer_text),
            Column("答错", lambda w: f"{w.wrong_count}次", align_right=True),
            Column("连续答对", lambda w: f"{w.correct_streak}/2", align_right=True),
        ),
        lambda w: int(w.question_id),
        parent,
    )


def topic_score_model(parent: QObject | None = None) -> RowTableModel[TopicScore]:
    """Per-topic breakdown of an attempt."""
    return RowTableModel(
        (
            Column("专题", lambda t: t.topic_title),
            Column("题数", lambda t: str(t.questions), align_right=True),
            Column("答对", lambda t: str(t.correct), align_right=True),
            Column("正确率", lambda t: percent_text(t.accuracy), lambda t: _passed_colour(t.accuracy >= 0.6), True),
        ),
        lambda t: int(t.topic_id),
        parent,
    )


def item_result_model(parent: QObject | None = None) -> RowTableModel[ItemResult]:
    """Every question of a submitted attempt: number, verdict, type, stem."""
    return RowTableModel(
        (
            Column("题号", lambda i: str(i.position + 1), align_right=True),
            Column("结果", _verdict_text, lambda i: _passed_colour(i.correct)),
            Column("题型", lambda i: i.type.label),
            Column("题目", lambda i: i.stem),
        ),
        lambda i: int(i.question_id),
        parent,
    )


def _verdict_text(item: ItemResult) -> str:
    from study import verdict_text

    return verdict_text(answered=item.answered, correct=item.correct, score=item.score)


def wrong_item_ids(result: AttemptResult) -> list[int]:
    """The question ids of an attempt answered wrongly or not at all (for 重练错题)."""
    return [int(item.question_id) for item in result.items if not item.correct]
