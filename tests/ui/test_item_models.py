"""Tests for ui/item_models.py: every model passes qtmodeltester and shows what the core returned."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from question_bank.drafts import DocumentId, QuestionId, QuestionType, Topic, TopicId
from study import (
    AttemptId,
    AttemptResult,
    ExamRecord,
    ItemResult,
    Learner,
    LearnerId,
    QuizMode,
    TopicScore,
    WrongBookEntry,
)
from ui.item_models import (
    ID_ROLE,
    ROW_ROLE,
    LearnerListModel,
    TopicCheckModel,
    exam_history_model,
    item_result_model,
    topic_score_model,
    wrong_book_model,
    wrong_item_ids,
)

NOW = dt.datetime(2026, 11, 27, 8, 0, tzinfo=dt.timezone.utc)


def _item(position: int, *, correct: bool, answered: bool = True, score: float | None = None) -> ItemResult:
    return ItemResult(
        position=position, question_id=QuestionId(100 + position), topic_id=TopicId(1), topic_title="巡视工作原则",
        type=QuestionType.SINGLE, stem=f"第{position}题题干", options=("甲", "乙"), learner_answer=0,
        learner_answer_text="甲", correct_answer_text="甲" if correct else "乙", explanation="", quote="原文。",
        start=0, end=3, document_id=1, answered=answered, correct=correct,
        score=(1.0 if correct else 0.0) if score is None else score, flagged=False,
    )


def test_learner_list_model(qtmodeltester: ModelTester) -> None:
    model = LearnerListModel()
    learners = [
        Learner(LearnerId(1), "张三", "第一巡视组", "u1", NOW, 20, 0.9),
        Learner(LearnerId(2), "李四", "", "u2", NOW, 20, 0.9),
    ]
    model.set_learners(learners)
    qtmodeltester.check(model)
    assert [model.index(r).data() for r in range(2)] == ["张三（第一巡视组）", "李四"]
    assert model.index(1).data(ID_ROLE) == 2 and model.row_of(2) == 1 and model.row_of(9) == -1


def test_topic_check_model_ticks_and_unticks(qtmodeltester: ModelTester) -> None:
    model = TopicCheckModel()
    topics = [Topic(TopicId(i), DocumentId(1), i, f"专题{i}", f"问{i}？", "", 0, 0) for i in range(3)]
    model.set_topics(topics)
    qtmodeltester.check(model)
    assert model.checked_ids() == [0, 1, 2]
    assert model.setData(model.index(1), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert model.checked_ids() == [0, 2]
    assert model.index(1).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    model.set_all_checked(False)
    assert model.checked_ids() == []
    model.set_topics(topics, checked={2, 7})
    assert model.checked_ids() == [2] and model.topic_ids() == [0, 1, 2]
    assert model.index(0).data() == "1. 专题0"


def test_table_models(qtmodeltester: ModelTester) -> None:
    exams = exam_history_model()
    exams.set_rows([ExamRecord(AttemptId(5), QuizMode.EXAM, NOW, 82.0, True, score=41, max_score=50),
                    ExamRecord(AttemptId(6), QuizMode.TIMED, NOW, 40.0, False),
                    ExamRecord(AttemptId(7), QuizMode.EXAM, NOW, 0.0, False, paper_uid="p", graded=False)])
    qtmodeltester.check(exams)
    assert [exams.index(0, c).data() for c in range(4)] == ["11月27日 16:00", "模拟考试", "41/50分（82%）", "及格"]
    assert exams.index(1, 3).data() == "不及格" and exams.index(1, 0).data(ID_ROLE) == 6
    assert [exams.index(2, c).data() for c in (2, 3)] == ["已交卷", "待评分"]  # a keyless paper before its receipt

    book = wrong_book_model()
    book.set_rows([WrongBookEntry(QuestionId(7), TopicId(1), "巡视对象", QuestionType.JUDGE, "题干", "正确", 3, 1, NOW)])
    qtmodeltester.check(book)
    assert [book.index(0, c).data() for c in range(6)] == ["巡视对象", "判断题", "题干", "正确", "3次", "1/2"]

    scores = topic_score_model()
    scores.set_rows([TopicScore(TopicId(1), "巡视对象", 4, 3.0, 3)])
    qtmodeltester.check(scores)
    assert scores.index(0, 3).data() == "75%"

    items = item_result_model()
    rows = [_item(0, correct=True), _item(1, correct=False), _item(2, correct=False, answered=False)]
    items.set_rows(rows)
    qtmodeltester.check(items)
    assert [items.index(r, 1).data() for r in range(3)] == ["正确", "错误", "未答"]
    assert items.index(2, 0).data(ROW_ROLE) is rows[2]
    items.set_rows([])
    qtmodeltester.check(items)
    assert items.rowCount() == 0

    result = AttemptResult(
        attempt_id=AttemptId(1), mode=QuizMode.EXAM, score=1.0, max_score=3.0, percent=33.3, passed=False,
        pass_mark=0.6, started_at=NOW, submitted_at=NOW, time_used=dt.timedelta(minutes=3), expired=False,
        answered=2, topics=(), items=tuple(rows),
    )
    assert wrong_item_ids(result) == [101, 102]
