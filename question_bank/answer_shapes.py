"""The answer shape of each question type: its type aliases, the one checker, the one formatter, option letters and blanks.

Every entry point that takes an answer key or a learner's answer (bank validation, Excel import, the bank
editor, paper files, result files, progress files, answer recording) checks it here, so a shape is written
down once. Shapes, per `QuestionType` (`options` are the stored options, `key` the stored answer):

- SINGLE: key `int`, the index of the right option; a learner answers an `int` index.
- MULTIPLE: key `list[int]`, sorted distinct indices; a learner answers distinct indices (any order).
- JUDGE: key `bool` (True = 正确), no options; a learner answers a `bool`.
- BLANK: key `list[list[str]]`, per blank its accepted variants (canonical first), no options, one blank mark
  in the stem per blank; a learner answers `list[str]`, one text per blank.
- ORDER: key `list[int]`, a permutation of the option indices; a learner answers distinct indices.
- MATCH: key `list[str]`, for each left item in `options` its right item; a learner answers `list[str]`
  aligned with `options` ("" for a pair left open).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any, TypeAlias

from question_bank.drafts import QuestionType

OPTION_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # display letters; the Excel format has columns for the first eight
BLANK_MARK = "（  ）"  # a blank as the bank writes it
BLANK_MARKS = re.compile(r"[（(]\s*[)）]|_{2,}|＿{2,}")  # a blank as people type it: （ ）, ( ), __, ＿＿
MAX_OPTIONS = len(OPTION_LETTERS)

SingleKey: TypeAlias = int
MultipleKey: TypeAlias = list[int]
JudgeKey: TypeAlias = bool
BlankKey: TypeAlias = list[list[str]]
OrderKey: TypeAlias = list[int]
MatchKey: TypeAlias = list[str]
AnswerKey: TypeAlias = SingleKey | MultipleKey | JudgeKey | BlankKey | OrderKey | MatchKey
"""A stored answer key of any type."""

BlankAnswer: TypeAlias = list[str]
LearnerAnswer: TypeAlias = SingleKey | MultipleKey | JudgeKey | BlankAnswer | OrderKey | MatchKey
"""A learner's answer in bank terms, of any type."""

_CHOICE = (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.ORDER, QuestionType.MATCH)


def blank_count(stem: str) -> int:
    """How many blanks a stem has."""
    return len(BLANK_MARKS.findall(stem))


def normalise_blanks(stem: str) -> str:
    """A stem with every way of typing a blank written as the bank's `BLANK_MARK`."""
    return BLANK_MARKS.sub(BLANK_MARK, stem)


def _is_index(value: Any, size: int) -> bool:
    return type(value) is int and 0 <= value < size


def _is_text_list(value: Any, *, allow_empty_text: bool) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and (allow_empty_text or v.strip()) for v in value)


def key_problem(
    question_type: QuestionType, options: Sequence[str] | None, key: Any, *, stem: str | None = None
) -> str | None:
    """Why `key` is not a valid answer key of this type for these options, in Chinese; None if it is.

    Args:
        question_type: the question's type.
        options: the stored options (None for judge and blank questions).
        key: the stored answer.
        stem: the stem, to count a blank question's blanks; None skips that count.
    """
    if question_type in _CHOICE:
        if options is None or not 2 <= len(options) <= MAX_OPTIONS:
            return f"{question_type.label}应有2到{MAX_OPTIONS}个选项"
        if not all(isinstance(o, str) and o.strip() for o in options):
            return "选项不能为空"
    elif options is not None:
        return f"{question_type.label}不应有选项"
    size = len(options or ())
    if question_type is QuestionType.SINGLE:
        return None if _is_index(key, size) else "单选题的答案应为一个选项"
    if question_type is QuestionType.MULTIPLE:
        if not isinstance(key, list) or not key or not all(_is_index(k, size) for k in key):
            return "多选题的答案应为若干选项"
        return None if key == sorted(set(key)) else "多选题的答案选项应按顺序排列且不重复"
    if question_type is QuestionType.JUDGE:
        return None if type(key) is bool else "判断题的答案应为正确或错误"
    if question_type is QuestionType.BLANK:
        if (not isinstance(key, list) or not key
                or not all(isinstance(v, list) and v and _is_text_list(v, allow_empty_text=False) for v in key)):
            return "填空题的答案应为每处填空的可接受答案"
        if stem is not None and blank_count(stem) != len(key):
            return f"题干有{blank_count(stem)}处填空，答案有{len(key)}处"
        return None
    if question_type is QuestionType.ORDER:
        ok = isinstance(key, list) and all(type(k) is int for k in key) and sorted(key) == list(range(size))
        return None if ok else "排序题的答案应把每个选项各排一次"
    if question_type is QuestionType.MATCH:
        ok = _is_text_list(key, allow_empty_text=False) and len(key) == size
        return None if ok else "连线题的答案应为每个左项对应的右项"
    return "未知的题型"


def answer_problem(question_type: QuestionType, options: Sequence[str] | None, key: Any, answer: Any) -> str | None:
    """Why a learner's `answer` (bank terms, not None) does not fit this question, in Chinese; None if it does.

    `key` must already have passed `key_problem`; it gives the number of blanks.
    """
    size = len(options or ())
    if question_type is QuestionType.SINGLE:
        return None if _is_index(answer, size) else "单选题的作答应为一个选项"
    if question_type in (QuestionType.MULTIPLE, QuestionType.ORDER):
        ok = (isinstance(answer, list) and all(_is_index(a, size) for a in answer) and len(set(answer)) == len(answer))
        return None if ok else f"{question_type.label}的作答应为不重复的选项"
    if question_type is QuestionType.JUDGE:
        return None if type(answer) is bool else "判断题的作答应为正确或错误"
    if question_type is QuestionType.BLANK:
        ok = _is_text_list(answer, allow_empty_text=True) and len(answer) == len(key)
        return None if ok else "填空题的作答应为每处填空的文字"
    if question_type is QuestionType.MATCH:
        ok = _is_text_list(answer, allow_empty_text=True) and len(answer) == size
        return None if ok else "连线题的作答应为每个左项所连的右项"
    return "未知的题型"


def format_answer(
    question_type: QuestionType,
    options: Sequence[str] | None,
    answer: Any,
    *,
    order: Sequence[int] | None = None,
    spelled: bool = False,
) -> str:
    """An answer key or a learner's answer (bank terms) as Chinese text.

    Args:
        question_type: the question's type.
        options: the stored options.
        answer: a key or an answer in bank terms; None or empty reads 未作答.
        order: the attempt's display order (see `study.answers`), so letters read as the learner saw them.
        spelled: spell option texts out (`A．甲；C．丙`, `甲 → 乙`) instead of letters (`A、C`, `A→B`),
            as the bank's stored `answer_text` does.
    """
    if answer is None or answer == [] or answer == "":
        return "未作答"
    opts = list(options or [])
    if question_type is QuestionType.JUDGE:
        return "正确" if answer else "错误"
    if question_type is QuestionType.BLANK:
        parts = [v[0] if isinstance(v, (list, tuple)) and v else str(v) for v in answer]
        return "；".join(p if p else "（空）" for p in parts)
    if question_type is QuestionType.MATCH:
        return "；".join(f"{left}—{right or '（空）'}" for left, right in zip(opts, answer))
    position = {bank: display for display, bank in enumerate(order)} if order else {}

    def letter(bank: int) -> str:
        shown = position.get(bank, bank)
        return OPTION_LETTERS[shown] if 0 <= shown < len(OPTION_LETTERS) else str(shown + 1)

    if question_type is QuestionType.SINGLE:
        return f"{letter(answer)}．{opts[answer]}" if _is_index(answer, len(opts)) else "未作答"
    chosen = [a for a in answer if _is_index(a, len(opts))]
    if question_type is QuestionType.MULTIPLE:
        if spelled:
            return "；".join(f"{letter(i)}．{opts[i]}" for i in chosen)
        return "、".join(sorted((letter(i) for i in chosen), key=OPTION_LETTERS.find))
    if spelled:
        return " → ".join(opts[i] for i in chosen)
    return "→".join(letter(i) for i in chosen)


def is_finite_number(value: Any) -> bool:
    """A finite JSON number (booleans are not numbers here)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
