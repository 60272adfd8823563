"""The one checker and the one formatter of every question type's answer shape."""

from __future__ import annotations

from typing import Any

import pytest

from question_bank.answer_shapes import (
    BLANK_MARK,
    answer_problem,
    blank_count,
    format_answer,
    key_problem,
    normalise_blanks,
)
from question_bank.drafts import QuestionType

OPTIONS = ("甲", "乙", "丙", "丁")
# Per type: options, a valid key, keys of a wrong shape, a valid learner answer, answers of a wrong shape.
CASES: dict[QuestionType, tuple[tuple[str, ...] | None, Any, list[Any], Any, list[Any]]] = {
    QuestionType.SINGLE: (OPTIONS, 2, [True, 4, -1, "C", [2], None], 1, ["not-an-answer", True, 7, [1]]),
    QuestionType.MULTIPLE: (OPTIONS, [0, 2], [[2, 0], [0, 0], [], [0, 9], 1, "AC"], [2, 0], ["not-an-answer", [0, 0], [5], 1]),
    QuestionType.JUDGE: (None, True, [1, "正确", None, [True]], False, ["not-an-answer", 0, [True]]),
    QuestionType.BLANK: (None, [["6个月", "六个月"]], [[["6个月"], ["x"]], ["6个月"], [[6]], [[""]], [[]], []],
                         ["半年"], ["not-an-answer", [6], ["a", "b"], [["6个月"]]]),
    QuestionType.ORDER: (OPTIONS, [3, 1, 0, 2], [[0, 1, 2], [0, 0, 1, 2], [0, 1, 2, 4], "DBAC"], [3, 1, 0, 2],
                         ["not-an-answer", [0, 0], [0, 9], 2]),
    QuestionType.MATCH: (("左一", "左二"), ["右一", "右二"], [["右一"], [None, "右二"], ["右一", ""], "右一右二"],
                         ["右二", ""], ["not-an-answer", ["右一"], [1, 2], [["右一"], ["右二"]]]),
}
STEM = {QuestionType.BLANK: f"试用期为{BLANK_MARK}。"}


@pytest.mark.parametrize("qtype", list(QuestionType))
def test_every_type_has_one_checker_for_keys_and_answers(qtype: QuestionType) -> None:
    options, key, bad_keys, answer, bad_answers = CASES[qtype]
    stem = STEM.get(qtype, "题干")
    assert key_problem(qtype, options, key, stem=stem) is None
    assert answer_problem(qtype, options, key, answer) is None
    for bad in bad_keys:
        reason = key_problem(qtype, options, bad, stem=stem)
        assert reason and "\n" not in reason and any("\u4e00" <= ch <= "\u9fff" for ch in reason), bad
    for bad in bad_answers:
        reason = answer_problem(qtype, options, key, bad)
        assert reason and "\n" not in reason and any("\u4e00" <= ch <= "\u9fff" for ch in reason), bad


def test_options_must_fit_the_type() -> None:
    assert key_problem(QuestionType.JUDGE, ("对", "错"), True) == "判断题不应有选项"
    assert key_problem(QuestionType.SINGLE, None, 0) == "单选题应有2到26个选项"
    assert key_problem(QuestionType.SINGLE, ("甲", " "), 0) == "选项不能为空"
    assert key_problem(QuestionType.BLANK, None, [["a"], ["b"]], stem=f"{BLANK_MARK}") == "题干有1处填空，答案有2处"


@pytest.mark.parametrize(("qtype", "options", "answer", "order", "spelled", "text"), [
    (QuestionType.SINGLE, OPTIONS, 2, None, False, "C．丙"),
    (QuestionType.SINGLE, OPTIONS, 2, [2, 0, 1, 3], False, "A．丙"),
    (QuestionType.MULTIPLE, OPTIONS, [0, 2], None, False, "A、C"),
    (QuestionType.MULTIPLE, OPTIONS, [0, 2], [2, 3, 0, 1], False, "A、C"),
    (QuestionType.MULTIPLE, OPTIONS, [0, 3], [3, 2, 1, 0], False, "A、D"),
    (QuestionType.MULTIPLE, OPTIONS, [0, 2], None, True, "A．甲；C．丙"),
    (QuestionType.JUDGE, None, True, None, False, "正确"),
    (QuestionType.JUDGE, None, False, None, False, "错误"),
    (QuestionType.BLANK, None, [["6个月", "六个月"], ["党委"]], None, False, "6个月；党委"),
    (QuestionType.BLANK, None, ["半年", ""], None, False, "半年；（空）"),
    (QuestionType.ORDER, OPTIONS, [3, 1, 0, 2], None, False, "D→B→A→C"),
    (QuestionType.ORDER, OPTIONS, [3, 1, 0, 2], None, True, "丁 → 乙 → 甲 → 丙"),
    (QuestionType.MATCH, ("左一", "左二"), ["右一", ""], None, False, "左一—右一；左二—（空）"),
    (QuestionType.SINGLE, OPTIONS, None, None, False, "未作答"),
    (QuestionType.MULTIPLE, OPTIONS, [], None, False, "未作答"),
])
def test_one_formatter_writes_every_type_in_chinese(
    qtype: QuestionType, options: tuple[str, ...] | None, answer: Any, order: list[int] | None, spelled: bool, text: str
) -> None:
    assert format_answer(qtype, options, answer, order=order, spelled=spelled) == text


def test_one_blank_marker_for_every_way_of_typing_a_blank() -> None:
    stem = "甲（ ）乙(  )丙___丁＿＿戊（）"
    assert blank_count(stem) == 5
    assert normalise_blanks(stem) == f"甲{BLANK_MARK}乙{BLANK_MARK}丙{BLANK_MARK}丁{BLANK_MARK}戊{BLANK_MARK}"
