"""Tests for question_bank/importing.py on the shared raw corpus."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session, sessionmaker

from question_bank import bank
from question_bank.builtin import RAW_SOURCE
from question_bank.importing import import_document, import_file, preview_document
from question_bank.reading import DocumentError

RAW = RAW_SOURCE


def test_raw_file_becomes_two_documents_that_do_not_mix(session_factory: sessionmaker[Session], now: dt.datetime) -> None:
    with session_factory() as s, s.begin():
        summary = import_file(s, RAW, now=now)
    assert [d.kind for d in summary.documents] == ["interview", "prose"]
    with session_factory() as s:
        interview, sora = bank.list_documents(s)
        assert "Sora" in sora.title or "视频" in sora.title
        for document, foreign in ((interview, "Sora"), (sora, "巡视")):
            topic_ids = [t.id for t in document.topics]
            assert all(foreign not in t.title + t.question + t.body for t in document.topics)
            for q in bank.get_questions(s, bank.question_ids_for(s, topic_ids=topic_ids)):
                assert foreign not in q.stem + q.answer_text + " ".join(q.options or ())
            assert all(foreign not in c.front + c.back for c in bank.flashcards_for_topics(s, topic_ids))


def test_preview_stores_nothing_and_keep_chooses_articles(session_factory: sessionmaker[Session], now: dt.datetime) -> None:
    data = RAW.read_bytes()
    previews = preview_document(data, filename=RAW.name)
    assert [p.index for p in previews] == [0, 1] and len(previews[0].topic_titles) == 15
    with session_factory() as s, s.begin():
        assert bank.list_documents(s) == []
        summary = import_document(s, data=data, filename=RAW.name, now=now, keep={1})
    assert len(summary.documents) == 1 and summary.documents[0].kind == "prose"


def test_bad_bytes_raise_and_store_nothing(session_factory: sessionmaker[Session], now: dt.datetime) -> None:
    with session_factory() as s:
        with pytest.raises(DocumentError):
            with s.begin():
                import_document(s, data=b"", filename="empty.txt", now=now)
        assert bank.list_documents(s) == []


REGULATION = """# 中国共产党巡视工作条例（节选）

第一章 总则

第三条 巡视工作应当坚持以下原则：一是坚持党中央集中统一领导、分级负责；二是坚持围绕中心、服务大局；三是坚持实事求是、依规依纪依法。

第二章 组织领导和机构职责

第四条 巡视组由组长、副组长、巡视专员和其他工作人员组成。巡视组组长根据每次巡视任务确定，不得固定任职。

第六条 巡视组应当在巡视结束后20个工作日内向巡视工作领导小组报告巡视情况。
"""


def test_a_regulation_yields_provision_questions_in_its_own_name(
    session_factory: sessionmaker[Session], now: dt.datetime
) -> None:
    with session_factory() as s, s.begin():
        summary = import_document(s, data=REGULATION.encode("utf-8"), filename="reg.txt", now=now)
    [document] = summary.documents
    assert document.kind == "regulation" and document.topics == 2
    with session_factory() as s:
        questions = bank.get_questions(s, bank.question_ids_for(s))
    deadline = next(q for q in questions if q.type == "single" and q.answer_text == "20个工作日")
    assert deadline.stem.startswith("根据《中国共产党巡视工作条例》，巡视组应当在巡视结束后（  ）内")
    assert deadline.options == ("7个工作日", "10个工作日", "15个工作日", "20个工作日")
    assert "第六条" in deadline.explanation
    assert not any(set(q.options or ()) >= {"应当", "可以", "不得"} for q in questions)  # no modal templates
    assert not any(q.type == "order" for q in questions)  # 一是、二是 is how the text counts, not a sequence
