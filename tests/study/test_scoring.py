"""Scoring per question type, table-driven, and the display <-> bank mapping of answers."""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from foundation.errors import UserError
from question_bank.drafts import QuestionType as T
from study.answers import answer_text, shuffle_order, to_bank, to_display
from study.scoring import chinese_numeral_value, normalise_text, score_answer

BLANK = [["6个月", "6", "六", "六个月"], ["巡视组"]]

CASES: list[tuple[T, Any, Any, bool, float]] = [
    # type, stored answer, given, partial credit, expected score
    (T.SINGLE, 2, 2, False, 1.0),
    (T.SINGLE, 2, 1, False, 0.0),
    (T.SINGLE, 1, True, False, 0.0),  # a bool is not an option index
    (T.SINGLE, 2, None, False, 0.0),
    (T.JUDGE, True, True, False, 1.0),
    (T.JUDGE, False, True, False, 0.0),
    (T.JUDGE, True, 1, False, 0.0),
    (T.MULTIPLE, [0, 2, 3], [3, 0, 2], False, 1.0),
    (T.MULTIPLE, [0, 2, 3], [0, 2], False, 0.0),  # all or nothing
    (T.MULTIPLE, [0, 2, 3], [0, 2], True, 2 / 3),  # partial credit for a subset
    (T.MULTIPLE, [0, 2, 3], [0, 1], True, 0.0),  # a wrong pick earns nothing
    (T.MULTIPLE, [0, 2, 3], [], True, 0.0),
    (T.BLANK, BLANK, ["六个月", "巡视组"], False, 1.0),
    (T.BLANK, BLANK, ["６ 个月。", " 巡视组 "], False, 1.0),  # full width, spaces, punctuation
    (T.BLANK, BLANK, ["6", "巡视组"], False, 1.0),
    (T.BLANK, BLANK, ["六", "巡视组！"], False, 1.0),
    (T.BLANK, [["十二"]], ["12"], False, 1.0),  # Chinese <-> Arabic numerals
    (T.BLANK, [["12个月"]], ["十二个月"], False, 1.0),
    (T.BLANK, BLANK, ["七个月", "巡视组"], False, 0.0),
    (T.BLANK, BLANK, ["七个月", "巡视组"], True, 0.5),
    (T.BLANK, BLANK, ["", ""], True, 0.0),
    (T.BLANK, BLANK, ["6个月"], False, 0.0),  # a missing blank
    (T.ORDER, [2, 0, 1, 3], [2, 0, 1, 3], False, 1.0),
    (T.ORDER, [2, 0, 1, 3], [2, 1, 0, 3], False, 0.0),
    (T.MATCH, ["甲", "乙", "丙", "丁"], ["甲", "乙", "丙", "丁"], False, 1.0),
    (T.MATCH, ["甲", "乙", "丙", "丁"], ["甲", "丙", "乙", "丁"], False, 0.5),  # per pair
    (T.MATCH, ["甲", "乙", "丙", "丁"], ["甲"], False, 0.25),
]


@pytest.mark.parametrize(("qtype", "stored", "given", "partial", "expected"), CASES)
def test_score_answer(qtype: T, stored: Any, given: Any, partial: bool, expected: float) -> None:
    scored = score_answer(qtype, stored, given, partial_credit=partial)
    assert scored.score == pytest.approx(expected)
    assert scored.correct == (expected == 1.0)


def test_chinese_numerals_and_normalisation() -> None:
    values = {t: chinese_numeral_value(t) for t in ("六", "十", "十四", "二十", "一百零五", "两千", "三万五千", "二〇二四")}
    assert values == {"六": 6, "十": 10, "十四": 14, "二十": 20, "一百零五": 105, "两千": 2000, "三万五千": 35000, "二〇二四": 2024}
    assert normalise_text("第 十四 条，“ABC”") == normalise_text("第14条abc")


def test_display_answers_map_back_to_bank_options() -> None:
    rng = random.Random(7)
    options = ["甲", "乙", "丙", "丁", "戊"]
    order = shuffle_order(T.SINGLE, options, 1, rng)
    assert order is not None and sorted(order) == list(range(5))
    shown = [options[i] for i in order]
    display_of = {v: d for d, v in enumerate(shown)}
    assert to_bank(T.SINGLE, display_of["乙"], order, 5) == 1
    assert to_bank(T.MULTIPLE, [display_of["戊"], display_of["甲"]], order, 5) == [0, 4]
    assert to_bank(T.ORDER, [display_of[x] for x in ("丙", "甲", "乙")], order, 5) == [2, 0, 1]
    assert to_display(T.MULTIPLE, [0, 4], order) == sorted([display_of["甲"], display_of["戊"]])
    assert answer_text(T.SINGLE, options, 1, order) == f"{'ABCDE'[display_of['乙']]}．乙"
    assert answer_text(T.JUDGE, None, False, None) == "错误" and answer_text(T.BLANK, None, BLANK, None) == "6个月；巡视组"
    for bad in (7, -1, True, "1"):
        with pytest.raises(UserError):
            to_bank(T.SINGLE, bad, order, 5)
    solved = [0, 1, 2]
    for seed in range(20):  # an ordering question is never shown already in order
        assert shuffle_order(T.ORDER, ["a", "b", "c"], solved, random.Random(seed)) != solved


@given(size=st.integers(min_value=2, max_value=8), seed=st.integers(min_value=0, max_value=10**6), data=st.data())
def test_a_shuffled_answer_maps_to_the_bank_and_back(size: int, seed: int, data: st.DataObject) -> None:
    options = [f"选项{i}" for i in range(size)]
    order = shuffle_order(T.MULTIPLE, options, [0], random.Random(seed))
    assert order is not None
    shown = [options[i] for i in order]
    picked = data.draw(st.lists(st.integers(min_value=0, max_value=size - 1), unique=True))
    bank = to_bank(T.MULTIPLE, picked, order, size)
    assert [options[i] for i in bank] == sorted((shown[d] for d in picked), key=options.index)
    assert to_display(T.MULTIPLE, bank, order) == sorted(picked)
    sequence = data.draw(st.permutations(range(size)))
    assert to_display(T.ORDER, to_bank(T.ORDER, list(sequence), order, size), order) == list(sequence)
    assert score_answer(T.ORDER, to_bank(T.ORDER, list(sequence), order, size), to_bank(T.ORDER, list(sequence), order, size)).correct


@pytest.mark.parametrize("text", ["三" * 4301, "一" * 50_000, "万" * 5000, "九十" * 3000])
def test_numerals_beyond_any_real_number_are_compared_as_written_without_crashing(text: str) -> None:
    assert chinese_numeral_value(text) is None
    assert normalise_text(text) == text
    assert score_answer(T.BLANK, [["3"]], [text]).score == 0.0


def test_blanks_accept_sound_variants_at_grading_time() -> None:
    from study.scoring import blank_matches

    accepted = [("6个月", ["半年", "六个月", "6 个月", "６个月"], ["5个月", "一年", ""]),
                ("半年", ["6个月", "六个月"], ["七个月"]),
                ("坚持民主集中制", ["民主集中制", "坚持民主集中制"], ["民主", "坚持"]),
                ("发扬斗争精神", ["斗争精神"], ["发扬精神"]),
                ("党的领导", ["坚持党的领导"], ["领导"]),
                ("十四", ["14", "一十四"], ["41"])]
    for answer, right, wrong in accepted:
        assert [blank_matches(g, [answer]) for g in right] == [True] * len(right), answer
        assert [blank_matches(g, [answer]) for g in wrong] == [False] * len(wrong), answer
    assert score_answer(T.BLANK, [["6个月"], ["巡视组"]], ["半年", "巡视组"]).correct
