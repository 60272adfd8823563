"""Tests for question_bank/validation.py: each rule rejects what it should, good items pass."""

from __future__ import annotations

from typing import Any

from question_bank.drafts import QuestionType
from question_bank.validation import Candidate, check, validate

TEXT = "这次修订《条例》，将原《条例》规定的2个月调整为6个月。严把政治关、品行关、能力关。"
QUOTE = "这次修订《条例》，将原《条例》规定的2个月调整为6个月。"


def make(qtype: QuestionType, stem: str, options: Any, answer: Any, **extra: Any) -> Candidate:
    fields: dict[str, Any] = dict(answer_text="", quote=QUOTE, start=0, end=len(QUOTE))
    fields.update(extra)
    return Candidate(type=qtype, stem=stem, options=options, answer=answer, **fields)


def test_good_items_pass() -> None:
    items = [
        make(QuestionType.BLANK, "将原规定的2个月调整为（  ）。", None, [["6个月", "6", "六"]]),
        make(QuestionType.SINGLE, "将原规定的2个月调整为（  ）。括号处应填入：", ("3个月", "6个月", "12个月", "1个月"), 1),
        make(QuestionType.JUDGE, "修订后期限为2个月。", None, False),
        make(QuestionType.ORDER, "排序：", ("品行关", "政治关", "能力关"), [1, 0, 2]),
        make(QuestionType.MATCH, "连线：", ("一是", "二是", "三是"), ["政治关", "品行关", "能力关"]),
        make(QuestionType.MULTIPLE, "下列属于的有：", ("政治关", "纪律关", "品行关", "业务关"), [0, 2],
             ),
    ]
    report = validate(items, document_text=TEXT, topic_text=TEXT)
    assert report.accepted == tuple(range(len(items))) and report.rejections == ()


def test_each_rule_rejects_its_case() -> None:
    cases = {
        "leak": make(QuestionType.BLANK, "调整为6个月（  ）。", None, [["6个月"]]),
        "duplicate_options": make(QuestionType.SINGLE, "期限为：", ("6个月", "6个月", "2年", "3个月"), 0),
        "correct_distractor": make(QuestionType.SINGLE, "下列属于的是：", ("政治关", "品行关", "业务关", "纪律关"), 0),
        "broken_text": make(QuestionType.JUDGE, "正确政治方\n向", None, True),
        "source": make(QuestionType.JUDGE, "期限为6个月。", None, True, start=1),
        "answer_format": make(QuestionType.MULTIPLE, "多选：", ("甲", "乙", "丙", "丁"), [1]),
    }
    for rule, item in cases.items():
        assert check(item, document_text=TEXT, topic_text=TEXT) is not None
        assert check(item, document_text=TEXT, topic_text=TEXT)[0] == rule  # type: ignore[index]
    negated = make(QuestionType.SINGLE, "下列不属于的是：", ("政治关", "品行关", "能力关", "纪律关"), 0)
    assert check(negated, document_text=TEXT, topic_text=TEXT)[0] == "correct_distractor"  # type: ignore[index]


def test_near_duplicates_within_a_group_are_rejected_once() -> None:
    first = make(QuestionType.JUDGE, "这次修订将原规定的2个月调整为6个月，这是巡视集中整改期限。", None, True, group="a")
    second = make(QuestionType.JUDGE, "这次修订将原规定的2个月调整为6个月，这是巡视集中整改期限！", None, True, group="a")
    other_group = make(QuestionType.JUDGE, first.stem, None, True, group="b")
    report = validate([first, second, other_group], document_text=TEXT)
    assert report.accepted == (0, 2) and report.by_rule == {"near_duplicate": 1}
    assert "校验：共3题" in report.lines()[0]


def test_blanks_typed_by_people_count_too() -> None:
    for stem in ("巡视工作（ ）政治监督。", "巡视工作( )政治监督。", "巡视工作____政治监督。"):
        assert check(make(QuestionType.BLANK, stem, None, [["是"]]), document_text=TEXT) is None
    two_blanks = make(QuestionType.BLANK, "（  ）和（  ）", None, [["甲"]])
    assert check(two_blanks, document_text=TEXT) == ("answer_format", "答案格式不符合题型要求")


def test_a_distractor_that_completes_the_text_is_caught_behind_a_prefixed_subject() -> None:
    stem = "这次修订《条例》，……严把政治关、（  ）、能力关。括号处应填入："
    item = make(QuestionType.SINGLE, stem, ("纪律关", "品行关", "作风关", "业务关"), 0)
    assert check(item, document_text=TEXT, topic_text=TEXT) == ("correct_distractor", "干扰项“品行关”填入后与原文一致")
    fair = make(QuestionType.SINGLE, stem, ("品行关", "纪律关", "作风关", "业务关"), 0)
    assert check(fair, document_text=TEXT, topic_text=TEXT) is None
