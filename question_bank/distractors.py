"""Plausible wrong answers of the same kind as the right one: sibling-list items, near numbers, swaps, flips."""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence

BODIES = (
    "党委（党组）", "纪检监察机关", "组织部门", "巡视机构", "巡视组", "巡视工作领导小组",
    "巡视工作领导小组办公室", "被巡视党组织", "有关职能部门",
)
MODAL_FLIPS = {"必要时可以": "应当", "应当": "可以", "可以": "应当", "不得": "可以"}
MODAL_CHOICES = ("应当", "可以", "不得", "必要时可以")
_NEAR = {
    "个月": (1, 2, 3, 6, 12, 18, 24),
    "年": (1, 2, 3, 5, 10),
}


def near_numbers(value: int, *, unit: str = "", count: int = 3, rng: random.Random) -> list[int]:
    """`count` numbers close to `value` (never equal, never below 1), the closest first, order shuffled."""
    scale = _NEAR.get(unit)
    if scale:
        pool = [n for n in scale if n != value]
        pool.sort(key=lambda n: abs(n - value))
    else:
        step = 10 if value >= 20 else 1
        pool = [value + step * k for k in (-1, 1, -2, 2, 3, -3, 4) if value + step * k >= 1]
    chosen = pool[:count]
    rng.shuffle(chosen)
    return chosen


def sibling_items(
    answer: str, candidates: Iterable[str], *, banned_text: str, count: int, rng: random.Random
) -> list[str]:
    """Up to `count` candidates of similar length to `answer` that do not appear in `banned_text`.

    `banned_text` is the whole text the question is about (the topic): a candidate found there could be
    correct, so it is never offered as a wrong answer.
    """
    seen: set[str] = set()
    pool = []
    for item in candidates:
        if item in seen or item == answer or item in banned_text or answer in item or item in answer:
            continue
        seen.add(item)
        pool.append(item)
    rng.shuffle(pool)
    pool.sort(key=lambda item: abs(len(item) - len(answer)) // 4 + (0 if item[-1:] == answer[-1:] else 2)
              + (0 if item[:2] == answer[:2] else 3))
    return pool[:count]


def swapped_bodies(answer: str, *, document_text: str, count: int, rng: random.Random) -> list[str]:
    """Other bodies/roles named in the document, for a question whose answer is a body."""
    pool = [b for b in BODIES if b != answer and b in document_text and answer not in b and b not in answer]
    rng.shuffle(pool)
    return pool[:count]


def flipped_modal(modal: str) -> str:
    """The modal verb that turns a provision false (应当 -> 可以, 可以 -> 应当, 不得 -> 可以)."""
    return MODAL_FLIPS[modal]


def shuffled_options(
    correct: Sequence[str], wrong: Sequence[str], *, rng: random.Random
) -> tuple[tuple[str, ...], list[int]]:
    """All options in a random order and the sorted indices of the correct ones."""
    options = [*correct, *wrong]
    rng.shuffle(options)
    return tuple(options), sorted(options.index(c) for c in correct)
