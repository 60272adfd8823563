"""A bank shaped like a real test: one item of a type per knowledge point, the type mix and a balanced 判断."""

from __future__ import annotations

import heapq
import math
import re
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

from question_bank.drafts import QuestionType
from question_bank.item_drafts import FlashcardDraft, QuestionDraft

MAX_BACK = 60
_NUMBER_ANSWER = re.compile(r"\d|[一二三四五六七八九十](?:日|个月|年|个工作日|小时)")


@dataclass(frozen=True)
class Mix:
    """Shares of the live bank by type (bounds a little inside the issue's so that rounding keeps them)."""

    single_min: float = 0.36
    multiple_min: float = 0.21
    judge_min: float = 0.21
    judge_max: float = 0.29
    blank_max: float = 0.14
    order_match_max: float = 0.09


@dataclass(frozen=True)
class Counts:
    """How many of each type a shaped bank takes."""

    single: int
    multiple: int
    judge: int
    blank: int
    order_match: int


def plan(available: dict[str, int], mix: Mix = Mix()) -> Counts | None:
    """The largest bank the available items allow within the mix, or None when no size fits.

    Each type first gets its minimum share; what is left goes to 填空 and 排序/连线 up to their caps, then to
    判断 up to its cap, then to 单选 and 多选.
    """
    total = sum(available.values())
    for size in range(total, 0, -1):
        single, multiple = math.ceil(mix.single_min * size), math.ceil(mix.multiple_min * size)
        judge = math.ceil(mix.judge_min * size)
        if single > available["single"] or multiple > available["multiple"] or judge > available["judge"]:
            continue
        left = size - single - multiple - judge
        if left < 0:
            continue
        blank = min(available["blank"], math.floor(mix.blank_max * size), left)
        left -= blank
        other = min(available["order_match"], math.floor(mix.order_match_max * size), left)
        left -= other
        more = min(available["judge"], math.floor(mix.judge_max * size)) - judge
        judge, left = judge + min(more, left), left - min(more, left)
        more = min(available["single"] - single, left)
        single, left = single + more, left - more
        more = min(available["multiple"] - multiple, left)
        multiple, left = multiple + more, left - more
        if left == 0:
            return Counts(single=single, multiple=multiple, judge=judge, blank=blank, order_match=other)
    return None


def _group(question: QuestionDraft) -> str:
    if question.type is QuestionType.JUDGE:
        return "judge"
    if question.type in (QuestionType.ORDER, QuestionType.MATCH):
        return "order_match"
    return str(question.type)


def shape(topics: Sequence[Sequence[QuestionDraft]], cards: Sequence[Sequence[FlashcardDraft]], *,
          mix: Mix = Mix(), floor: int = 0) -> tuple[list[list[QuestionDraft]], list[list[FlashcardDraft]]]:
    """Keep at most one item per (knowledge point, type), then the mix, spreading what is kept over topics.

    Items waiting for review are kept apart from the mix: they are not live. When no size fits the mix
    (a short text), every item is kept.
    """
    seen: set[tuple[str, QuestionType]] = set()
    keys: set[tuple[int, str]] = set()
    live: list[tuple[int, QuestionDraft]] = []
    review: list[tuple[int, QuestionDraft]] = []
    for index, questions in enumerate(topics):
        for question in questions:
            tag = (question.point or question.key, question.type)
            if tag in seen or (index, question.key) in keys:
                continue
            seen.add(tag)
            keys.add((index, question.key))
            (review if question.review else live).append((index, question))
    most = int(len(live) * MAX_SHARE_DROPPED)
    for budget in range(most, -1, -1):  # as many third items dropped as the floor allows (a third beats none)
        thinned = _two_per_point(live, budget=budget)
        kept = _choose(thinned, len(topics), mix)
        kept += _topping(thinned, kept, len(topics))
        if len(kept) >= floor:
            break
    shaped: list[list[QuestionDraft]] = [[] for _ in topics]
    for index, question in sorted(kept + review, key=lambda pair: _order(pair, topics)):
        shaped[index].append(question)
    return shaped, _shape_cards(cards)


MAX_PER_POINT = 2
MIN_BANK = 150  # the floor of a bank built from an interview (the built-in one)
MAX_SHARE_DROPPED = 0.2  # the cap never shrinks the bank by more than this (its figures come first)


def _two_per_point(live: list[tuple[int, QuestionDraft]], *, budget: int) -> list[tuple[int, QuestionDraft]]:
    """At most two items on one knowledge point: the 填空 written on the frame of a 单选 and a 判断 on the same
    words goes first (one stem answers the other), then further items of the point beyond two; never taking a
    topic under MIN_PER_TOPIC + 1 items nor dropping more than `budget` items."""
    rank = {QuestionType.ORDER: 0, QuestionType.MATCH: 0, QuestionType.MULTIPLE: 1, QuestionType.SINGLE: 2,
            QuestionType.JUDGE: 3, QuestionType.BLANK: 4}  # the rare types are kept, the 填空 clone goes first
    by_point: dict[str, list[tuple[int, QuestionDraft]]] = {}
    per_topic: dict[int, int] = {}
    for pair in live:
        by_point.setdefault(pair[1].point or pair[1].key, []).append(pair)
        per_topic[pair[0]] = per_topic.get(pair[0], 0) + 1
    extra = [pair for pairs in by_point.values()
             for pair in sorted(pairs, key=lambda p: rank.get(p[1].type, 5))[MAX_PER_POINT:]]
    counts = sorted(per_topic.values())
    sized = bool(counts) and counts[len(counts) // 2] >= MIN_PER_TOPIC  # topics meant to hold six items each
    dropped: set[int] = set()
    for index, question in sorted(extra, key=lambda p: -rank.get(p[1].type, 5)):
        if len(dropped) < budget and (not sized or per_topic[index] > MIN_PER_TOPIC + 1):
            dropped.add(id(question))
            per_topic[index] -= 1
    return [pair for pair in live if id(pair[1]) not in dropped]


def _order(pair: tuple[int, QuestionDraft], topics: Sequence[Sequence[QuestionDraft]]) -> tuple[int, int]:
    index, question = pair
    return index, next(i for i, q in enumerate(topics[index]) if q is question)


MIN_PER_TOPIC = 6


def _topping(live: list[tuple[int, QuestionDraft]], kept: list[tuple[int, QuestionDraft]],
             topic_count: int) -> list[tuple[int, QuestionDraft]]:
    """Items put back into topics left with fewer than six, judges and choices first (the mix has room to spare)."""
    per_topic = [0] * topic_count
    for index, _ in kept:
        per_topic[index] += 1
    chosen = {id(q) for _, q in kept}
    order = {QuestionType.SINGLE: 0, QuestionType.MULTIPLE: 0, QuestionType.JUDGE: 1}
    extra = []
    for index, question in sorted(live, key=lambda pair: order.get(pair[1].type, 2)):
        if id(question) not in chosen and per_topic[index] < MIN_PER_TOPIC:
            per_topic[index] += 1
            extra.append((index, question))
    return extra


def _choose(live: list[tuple[int, QuestionDraft]], topic_count: int, mix: Mix) -> list[tuple[int, QuestionDraft]]:
    by_group: dict[str, list[tuple[int, QuestionDraft]]] = {
        g: [] for g in ("single", "multiple", "judge", "blank", "order_match")}
    for pair in live:
        by_group[_group(pair[1])].append(pair)
    judges = by_group["judge"]
    true = [p for p in judges if p[1].answer is True]
    false = [p for p in judges if p[1].answer is False]
    balanced = min(len(true), len(false)) * 2 + (1 if len(true) != len(false) else 0)
    available = {g: len(v) for g, v in by_group.items()}
    available["judge"] = balanced
    counts = plan(available, mix)
    if counts is None:
        return live
    per_topic = [0] * topic_count
    chosen: list[tuple[int, QuestionDraft]] = []
    wanted = {"single": counts.single, "multiple": counts.multiple, "blank": counts.blank,
              "order_match": counts.order_match}
    for group in ("multiple", "single", "order_match", "blank"):
        chosen += _spread(by_group[group], wanted[group], per_topic)
    half = counts.judge // 2
    more_true = len(true) >= len(false)
    chosen += _spread(true, half + (counts.judge % 2 if more_true else 0), per_topic)
    chosen += _spread(false, half + (0 if more_true else counts.judge % 2), per_topic)
    return chosen


def _spread(pool: list[tuple[int, QuestionDraft]], count: int,
            per_topic: list[int]) -> list[tuple[int, QuestionDraft]]:
    """`count` items of `pool`, items on numbers first, each time from the topic that has the fewest items so far."""
    taken: list[tuple[int, QuestionDraft]] = []
    numbers = [pair for pair in pool if _asks_number(pair[1])]
    others = [pair for pair in pool if not _asks_number(pair[1])]
    for tier in (numbers, others):
        by_topic: dict[int, deque[tuple[int, QuestionDraft]]] = {}
        for pair in tier:
            by_topic.setdefault(pair[0], deque()).append(pair)
        heap = [(per_topic[t], t) for t in by_topic]
        heapq.heapify(heap)
        while heap and len(taken) < count:
            size, topic = heapq.heappop(heap)
            if size != per_topic[topic]:
                heapq.heappush(heap, (per_topic[topic], topic))
                continue
            taken.append(by_topic[topic].popleft())
            per_topic[topic] += 1
            if by_topic[topic]:
                heapq.heappush(heap, (per_topic[topic], topic))
    return taken


def _asks_number(question: QuestionDraft) -> bool:
    """Items on a number or time limit are kept first: they are what a regulation's test asks most."""
    return question.type in (QuestionType.SINGLE, QuestionType.BLANK, QuestionType.JUDGE) and \
        bool(_NUMBER_ANSWER.search(question.answer_text))


MIN_CARDS = 60


def _reverses(card: FlashcardDraft, others: Sequence[FlashcardDraft]) -> bool:
    """Whether another card asks the same fact the other way (…负责什么？→支持 / 由谁支持？→有关职能部门)."""
    return any(len(o.back) >= 2 and len(card.back) >= 2 and o.back in card.front and card.back in o.front
               for o in others)


def _shape_cards(cards: Sequence[Sequence[FlashcardDraft]]) -> list[list[FlashcardDraft]]:
    """One card per back and per front, backs short enough to recall; a fact asked both ways keeps one card
    while the cards stay above their floor."""
    backs: set[str] = set()
    fronts: set[str] = set()
    shaped = []
    for topic_cards in cards:
        keys: set[str] = set()  # a card's key is unique in its topic (it is how regeneration finds it)
        kept = []
        for card in topic_cards:
            if card.back in backs or card.front in fronts or card.key in keys or len(card.back) > MAX_BACK:
                continue
            keys.add(card.key)
            backs.add(card.back)
            fronts.add(card.front)
            kept.append(card)
        shaped.append(kept)
    total = sum(len(t) for t in shaped)
    spare = total - MIN_CARDS if total >= MIN_CARDS else total  # under the floor it is no figure of this source
    seen: list[FlashcardDraft] = []
    for kept in shaped:
        for card in list(kept):
            if spare > 0 and _reverses(card, seen):
                kept.remove(card)
                spare -= 1
            else:
                seen.append(card)
    return shaped
