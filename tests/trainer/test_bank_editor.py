"""The bank editor: edits that survive regeneration, status changes, hand-made questions, regulation imports."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from foundation.context import AppContext
from foundation.errors import UserError
from question_bank.drafts import QuestionType
from question_bank.importing import (
    import_document,
    preview_document,
    regenerate_document,
)
from question_bank.models import DocumentRow, QuestionRow, TopicRow
from trainer.bank_editor import (
    EditableQuestion,
    question_for_editing,
    save_flashcard,
    save_question,
    search_flashcards,
    search_questions,
    set_question_status,
)

REGULATION = """# 某单位巡察工作办法

第一章 总则

第一条 为了规范本单位巡察工作，加强党内监督，根据《中国共产党巡视工作条例》，制定本办法。

第二条 巡察工作坚持党的集中统一领导，坚持实事求是、依规依纪依法。

第二章 组织领导

第三条 党委应当成立巡察工作领导小组，组长由党委书记担任。

第四条 巡察工作领导小组每年至少听取2次巡察工作汇报，研究巡察成果运用。

第五条 巡察组实行组长负责制，巡察组成员不得干预被巡察单位的正常工作。

第三章 整改落实

第六条 被巡察党组织应当在收到反馈意见后6个月内完成集中整改，并报送整改情况报告。

第七条 对整改不力的，可以约谈被巡察党组织主要负责人。
"""


@pytest.fixture
def builtin(app_context: AppContext, now: dt.datetime) -> sessionmaker[Session]:
    return app_context.session_factory()


def test_trainer_edits_and_status_changes_survive_regenerating_the_bank(
    builtin: sessionmaker[Session], now: dt.datetime
) -> None:
    with builtin() as s:
        document_id = s.scalars(select(DocumentRow.id).where(DocumentRow.builtin.is_(True))).first()
        singles = search_questions(s, document_id=document_id, question_type=QuestionType.SINGLE, status="active")
        judges = search_questions(s, document_id=document_id, question_type=QuestionType.JUDGE)
        assert document_id is not None and len(singles) >= 3 and judges
        edit = question_for_editing(s, singles[0].id)
        untouched = {q.id: q.stem for q in singles[2:]}
    assert edit.answer_cell in "ABCDEF" and len(edit.option_cells) >= 3
    changed = replace(edit, stem=edit.stem + "（培训班修订）", explanation="培训班补充的解析。")
    later = now + dt.timedelta(hours=1)
    with builtin() as s, s.begin():
        assert save_question(s, changed, now=later) == edit.id
        set_question_status(s, [singles[1].id], "disabled", now=later)
        set_question_status(s, [judges[0].id], "approved", now=later)
        card = search_flashcards(s)[0]
        save_flashcard(s, card.id, front=card.front, back="培训班改写的背面。", status="active", now=later)
    with builtin() as s, s.begin():
        regenerate_document(s, document_id, now=later + dt.timedelta(hours=1))
    with builtin() as s:
        row = s.get(QuestionRow, edit.id)
        assert row is not None and row.edited and row.stem == changed.stem and row.explanation == "培训班补充的解析。"
        assert s.get(QuestionRow, singles[1].id).status == "disabled"  # type: ignore[union-attr]
        assert s.get(QuestionRow, judges[0].id).status == "approved"  # type: ignore[union-attr]
        assert {q.id: q.stem for q in search_questions(s, document_id=document_id) if q.id in untouched} == untouched
        assert next(c for c in search_flashcards(s) if c.id == card.id).back == "培训班改写的背面。"
        assert [q.id for q in search_questions(s, text="培训班修订")] == [edit.id]


def test_questions_added_by_hand_pass_the_import_checks(builtin: sessionmaker[Session], now: dt.datetime) -> None:
    with builtin() as s:
        topic_id = s.scalars(select(TopicRow.id)).first()
    assert topic_id is not None
    draft = EditableQuestion(id=None, topic_id=topic_id, type=QuestionType.SINGLE, stem="巡视组的工作方式不包括（  ）。",
                             option_cells=("个别谈话", "调阅资料", "直接执纪审查"), answer_cell="E", explanation="", difficulty=2)
    with builtin() as s, s.begin():
        with pytest.raises(UserError, match="答案“E”不在选项中"):
            save_question(s, draft, now=now)
        with pytest.raises(UserError, match="选项A与选项C重复"):
            save_question(s, replace(draft, option_cells=("个别谈话", "调阅资料", "个别谈话"), answer_cell="B"), now=now)
        with pytest.raises(UserError, match="题干中已出现填空答案"):
            save_question(s, replace(draft, type=QuestionType.BLANK, stem="巡视是政治监督，巡视是（  ）。",
                                     option_cells=(), answer_cell="政治监督"), now=now)
        new_id = save_question(s, replace(draft, answer_cell="C"), now=now)
    with builtin() as s:
        found = search_questions(s, text="不包括")
        assert [(q.id, q.origin, q.answer_text) for q in found] == [(new_id, "manual", "C．直接执纪审查")]


def test_a_regulation_in_chapters_and_articles_becomes_topics_and_questions(
    session_factory: sessionmaker[Session], now: dt.datetime
) -> None:
    data = REGULATION.encode("utf-8")
    preview = preview_document(data, filename="巡察工作办法.txt")
    assert len(preview) == 1 and len(preview[0].topic_titles) >= 3
    with session_factory() as s, s.begin():
        summary = import_document(s, data=data, filename="巡察工作办法.txt", now=now, keep={0})
    assert len(summary.documents) == 1 and summary.documents[0].kind == "regulation"
    with session_factory() as s:
        document = s.get(DocumentRow, summary.documents[0].document_id)
        assert document is not None and document.title == "某单位巡察工作办法"
        topics = s.scalars(select(TopicRow).where(TopicRow.document_id == document.id)).all()
        questions = search_questions(s, document_id=document.id)
    assert len(topics) >= 3
    assert len(questions) >= 5 and len({q.type for q in questions}) >= 3
    assert any("6个月" in q.answer_text or "六个月" in q.answer_text or "应当" in q.answer_text for q in questions)
