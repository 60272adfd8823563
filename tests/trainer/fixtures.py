"""A small bank of every question type over three topics, for the trainer toolkit's tests."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from question_bank.drafts import QuestionType
from trainer.excel import store_questions
from question_bank.answer_shapes import format_answer
from trainer.excel_format import ParsedQuestion

TOPICS = ("巡视工作原则", "整改落实", "队伍建设")


def _q(n: int, qtype: QuestionType, topic: str, options: tuple[str, ...] | None, answer: object) -> ParsedQuestion:
    stem = f"{topic}第{n}题（{qtype.label}）"
    return ParsedQuestion(
        row=n, type=qtype, stem=stem, options=options, answer=answer,
        answer_text=format_answer(qtype, options, answer, spelled=True), explanation=f"解析{n}", topic=topic, difficulty=2,
    )


def sample_questions() -> list[ParsedQuestion]:
    """Per topic: 3 single, 2 multiple, 2 judge, 1 blank, 1 order, 1 match (30 in all)."""
    questions: list[ParsedQuestion] = []
    n = 0
    for t, topic in enumerate(TOPICS):
        for i in range(3):
            n += 1
            questions.append(_q(n, QuestionType.SINGLE, topic, (f"甲{n}", f"乙{n}", f"丙{n}", f"丁{n}"), (i + t) % 4))
        for i in range(2):
            n += 1
            questions.append(_q(n, QuestionType.MULTIPLE, topic, (f"甲{n}", f"乙{n}", f"丙{n}", f"丁{n}"), [0, 2 + i]))
        for i in range(2):
            n += 1
            questions.append(_q(n, QuestionType.JUDGE, topic, None, i == 0))
        n += 1
        questions.append(_q(n, QuestionType.BLANK, topic, None, [["6个月", "六个月", "半年"]]))
        n += 1
        questions.append(_q(n, QuestionType.ORDER, topic, (f"二{n}", f"一{n}", f"三{n}"), [1, 0, 2]))
        n += 1
        questions.append(_q(n, QuestionType.MATCH, topic, (f"左一{n}", f"左二{n}"), [f"右一{n}", f"右二{n}"]))
    return questions


def fill_sample_bank(session: Session, now: dt.datetime) -> None:
    """Store the sample questions (three new topics of the imported-bank document)."""
    store_questions(session, sample_questions(), now=now)
