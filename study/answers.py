"""Pure answer plumbing: per-attempt option shuffles, display <-> bank mapping, answers as Chinese text.

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
from question_bank.drafts import QuestionType

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
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
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < size:
        raise UserError("答案格式不正确：选项编号超出范围。")
    return value


def _int_list(value: Any) -> list[int]:
    if not isinstance(value, (list, tuple)):
        raise UserError("答案格式不正确：应为选项编号的列表。")
    return list(value)


def to_bank(question_type: QuestionType, display_answer: Any, order: Sequence[int] | None, option_count: int) -> Any:
    """Map an answer the UI gives in display terms to bank terms (validated; None stays None)."""
    if display_answer is None:
        return None
    perm = list(order) if order else list(range(option_count))
    if question_type is QuestionType.SINGLE:
        return perm[_index(display_answer, len(perm))]
    if question_type is QuestionType.MULTIPLE:
        return sorted({perm[_index(d, len(perm))] for d in _int_list(display_answer)})
    if question_type is QuestionType.ORDER:
        return [perm[_index(d, len(perm))] for d in _int_list(display_answer)]
    if question_type is QuestionType.JUDGE:
        if not isinstance(display_answer, bool):
            raise UserError("答案格式不正确：判断题应选择正确或错误。")
        return display_answer
    if question_type in (QuestionType.BLANK, QuestionType.MATCH):
        if not isinstance(display_answer, (list, tuple)) or not all(isinstance(x, str) for x in display_answer):
            raise UserError("答案格式不正确：应为文字的列表。")
        return list(display_answer)
    raise UserError("未知的题型。")


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
    """A bank-terms answer as Chinese text, each option with its letter as displayed in this attempt.

    “B．全面从严”; several options “A．甲；C．丙”; an order “B．乙 → A．甲”.
    """
    if bank_answer is None or bank_answer == [] or bank_answer == "":
        return "未作答"
    opts = list(options or [])
    if question_type is QuestionType.JUDGE:
        return "正确" if bank_answer else "错误"
    if question_type is QuestionType.BLANK:
        parts = [v[0] if isinstance(v, (list, tuple)) and v else str(v) for v in bank_answer]
        return "；".join(p if p else "（空）" for p in parts)
    if question_type is QuestionType.MATCH:
        return "；".join(f"{left}—{right or '（空）'}" for left, right in zip(opts, bank_answer))
    display = to_display(question_type, bank_answer, order)
    if question_type is QuestionType.SINGLE:
        bank = bank_answer if 0 <= bank_answer < len(opts) else None
        return f"{LETTERS[display]}．{opts[bank]}" if bank is not None else "未作答"
    shown = display_options(question_type, opts, order)
    parts = [f"{LETTERS[d]}．{shown[d]}" if 0 <= d < len(shown) else LETTERS[d] for d in display]
    if question_type is QuestionType.MULTIPLE:
        return "；".join(parts)
    return " → ".join(parts)
