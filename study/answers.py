"""Pure answer plumbing: per-attempt option shuffles and display <-> bank mapping (shapes and text: `answer_shapes`).

`option_order` of an attempt item means, per type:
- SINGLE / MULTIPLE / ORDER: display position i shows bank option `option_order[i]`.
- MATCH: the right-hand choices are shown as `answer[option_order[i]]`; left items keep bank order.
- JUDGE / BLANK: None.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from foundation.errors import UserError
from question_bank.answer_shapes import format_answer
from question_bank.drafts import QuestionType

_SHUFFLED = (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.ORDER)


def shuffle_order(question_type: QuestionType, options: Sequence[str] | None, answer: Any, rng: random.Random) -> list[int] | None:
    """A fresh display order for one question of an attempt (see the module docstring)."""
    if question_type in _SHUFFLED and options:
        order = list(range(len(options)))
        rng.shuffle(order)
        if question_type is QuestionType.ORDER and len(order) > 1 and order == list(answer):
            order[0], order[1] = order[1], order[0]  # never show an ordering question already solved
        return order
    if question_type is QuestionType.MATCH and answer:
        order = list(range(len(answer)))
        rng.shuffle(order)
        return order
    return None


def display_options(question_type: QuestionType, options: Sequence[str] | None, order: Sequence[int] | None) -> tuple[str, ...]:
    """The options in display order (match: the left items)."""
    if not options:
        return ()
    if question_type in _SHUFFLED and order:
        return tuple(options[i] for i in order)
    return tuple(options)


def right_items(question_type: QuestionType, answer: Any, order: Sequence[int] | None) -> tuple[str, ...]:
    """The shuffled right-hand choices of a match question (empty for other types)."""
    if question_type is not QuestionType.MATCH or not answer:
        return ()
    return tuple(answer[i] for i in order) if order else tuple(answer)


def _index(value: Any, size: int) -> int:
    if type(value) is not int or not 0 <= value < size:
        raise UserError("答案格式不正确：选项编号超出范围。")
    return value


def _int_list(value: Any) -> list[int]:
    if not isinstance(value, (list, tuple)):
        raise UserError("答案格式不正确：应为选项编号的列表。")
    return list(value)


def to_bank(question_type: QuestionType, display_answer: Any, order: Sequence[int] | None, option_count: int) -> Any:
    """Map an answer the UI gives in display terms to bank terms (None stays None).

    Only the mapping is checked here; the caller checks the result with `answer_shapes.answer_problem`.
    """
    if display_answer is None:
        return None
    perm = list(order) if order else list(range(option_count))
    if question_type is QuestionType.SINGLE:
        return perm[_index(display_answer, len(perm))]
    if question_type is QuestionType.MULTIPLE:
        return sorted({perm[_index(d, len(perm))] for d in _int_list(display_answer)})
    if question_type is QuestionType.ORDER:
        return [perm[_index(d, len(perm))] for d in _int_list(display_answer)]
    return list(display_answer) if isinstance(display_answer, tuple) else display_answer


def to_display(question_type: QuestionType, bank_answer: Any, order: Sequence[int] | None) -> Any:
    """The inverse of `to_bank`: a stored answer in display terms for the screen."""
    if bank_answer is None or not order or question_type not in _SHUFFLED:
        return bank_answer
    position = {bank: display for display, bank in enumerate(order)}
    if question_type is QuestionType.SINGLE:
        return position[bank_answer]
    if question_type is QuestionType.MULTIPLE:
        return sorted(position[b] for b in bank_answer)
    return [position[b] for b in bank_answer]


def answer_text(question_type: QuestionType, options: Sequence[str] | None, bank_answer: Any, order: Sequence[int] | None) -> str:
    """A bank-terms answer as Chinese text, with letters as displayed in this attempt (“B．全面从严”)."""
    return format_answer(question_type, options, bank_answer, order=order)
