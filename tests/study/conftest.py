"""A small hand-built bank for the study tests: one document, 4 topics, 30 questions of all six types, 12 cards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from question_bank.models import DocumentRow, FlashcardRow, QuestionRow, TopicRow
from study.learners import create_learner
from tests.conftest import BACKENDS, backend_db_url

FIXED_NOW = dt.datetime(2026, 11, 27, 8, 0, tzinfo=dt.timezone.utc)
TOPIC_TITLES = ("巡视工作原则", "巡视组职责", "巡视工作程序", "成果运用")


@dataclass(frozen=True)
class SmallBank:
    """Ids of the hand-built bank."""

    document_id: int
    topic_ids: tuple[int, ...]
    question_ids: tuple[int, ...]
    flashcard_ids: tuple[int, ...]
    questions_by_type: dict[str, tuple[int, ...]]


def _questions_for(topic_index: int) -> list[dict[str, object]]:
    """Seven or eight questions per topic covering all six types, answers in drafts.py formats."""
    t = TOPIC_TITLES[topic_index]
    items: list[dict[str, object]] = [
        dict(type="single", stem=f"{t}：下列哪项正确？（一）", options=["甲", "乙", "丙", "丁"], answer=1),
        dict(type="single", stem=f"{t}：下列哪项正确？（二）", options=["一", "二", "三", "四"], answer=2),
        dict(type="multiple", stem=f"{t}：下列哪些正确？", options=["东", "南", "西", "北"], answer=[0, 2]),
        dict(type="judge", stem=f"{t}：此说法正确。", options=None, answer=True),
        dict(type="judge", stem=f"{t}：此说法错误。", options=None, answer=False),
        dict(type="blank", stem=f"{t}：任期内巡视全覆盖，每届任期为____年。", options=None, answer=[["五", "5", "五年"]]),
        dict(type="order", stem=f"{t}：请排序。", options=["准备", "了解", "报告", "反馈"], answer=[0, 1, 2, 3]),
        dict(type="match", stem=f"{t}：请连线。", options=["中央", "省级"], answer=["中央巡视组", "省区市巡视组"]),
    ]
    return items[: 8 if topic_index < 2 else 7]


def build_small_bank(session: Session, now: dt.datetime) -> SmallBank:
    """Insert the bank (flushes, does not commit)."""
    text = "巡视工作条例全文。" * 40
    document = DocumentRow(title="测试文档", kind="interview", source_name="test", text=text, builtin=True, created_at=now)
    session.add(document)
    session.flush()
    topic_ids, question_ids, card_ids = [], [], []
    by_type: dict[str, list[int]] = {}
    for index, title in enumerate(TOPIC_TITLES):
        topic = TopicRow(document_id=document.id, position=index, title=title, question=f"问{index}", body=text[:20],
                         start=index * 20, end=index * 20 + 20)
        session.add(topic)
        session.flush()
        topic_ids.append(topic.id)
        for qi, spec in enumerate(_questions_for(index)):
            at = (index * 8 + qi) * 9  # each question quotes a sentence of its own (quizzes draw one per sentence)
            question = QuestionRow(topic_id=topic.id, key=f"q{qi}", type=spec["type"], stem=spec["stem"],
                                   options=spec["options"], answer=spec["answer"], answer_text="", explanation=f"解析{qi}",
                                   quote=text[at:at + 9], start=at, end=at + 9,
                                   difficulty=2, status="active", origin="generated", edited=False)
            session.add(question)
            session.flush()
            question_ids.append(question.id)
            by_type.setdefault(str(spec["type"]), []).append(question.id)
        for ci in range(3):
            card = FlashcardRow(topic_id=topic.id, key=f"c{ci}", front=f"{title}卡片{ci}正面", back=f"背面{ci}",
                                quote=text[:9], start=0, end=9, status="active", origin="generated", edited=False)
            session.add(card)
            session.flush()
            card_ids.append(card.id)
    return SmallBank(document.id, tuple(topic_ids), tuple(question_ids), tuple(card_ids),
                     {k: tuple(v) for k, v in by_type.items()})


@pytest.fixture
def bank(session_factory: sessionmaker[Session], now: dt.datetime) -> SmallBank:
    """The small bank in the fresh test database."""
    with session_factory() as session, session.begin():
        return build_small_bank(session, now)


@pytest.fixture
def learner_id(session_factory: sessionmaker[Session], bank: SmallBank, now: dt.datetime) -> int:
    """One learner, active."""
    with session_factory() as session, session.begin():
        return int(create_learner(session, "张三", now=now, unit="第一巡视组").id)


@pytest.fixture
def factory(session_factory: sessionmaker[Session]) -> Iterator[sessionmaker[Session]]:
    """Short alias."""
    yield session_factory


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh database for each test, once on SQLite and once on PostgreSQL."""
    return backend_db_url(request, tmp_path)
