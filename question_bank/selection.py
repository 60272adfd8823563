"""Drawing items for a quiz or a paper: at most one per knowledge point and per source sentence."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Protocol, TypeVar


class Drawable(Protocol):
    """What drawing needs to know of a question: its knowledge point and the source span it quotes."""

    @property
    def id(self) -> int: ...

    @property
    def topic_id(self) -> int: ...

    @property
    def point_key(self) -> str: ...

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


Item = TypeVar("Item", bound=Drawable)


def draw_unrelated(candidates: Sequence[Item], count: int, rng: random.Random) -> list[Item]:
    """Up to `count` items at random, no two on one knowledge point or on overlapping source text.

    Two items on one point or one sentence cue each other (one's stem answers the other), so a quiz or
    paper holds at most one of them; it may then hold fewer than `count` items. Items without a point
    (added by hand, imported) are each their own point; items without a source span have no sentence.
    """
    pool = list(candidates)
    rng.shuffle(pool)
    points: set[tuple[int, str]] = set()
    spans: dict[int, list[tuple[int, int]]] = {}
    chosen: list[Item] = []
    for item in pool:
        if len(chosen) >= count:
            break
        point = (item.topic_id, item.point_key) if item.point_key else None
        if point is not None and point in points:
            continue
        has_span = item.end > item.start
        used = spans.get(item.topic_id, [])
        if has_span and any(item.start < end and start < item.end for start, end in used):
            continue
        chosen.append(item)
        if point is not None:
            points.add(point)
        if has_span:
            spans.setdefault(item.topic_id, []).append((item.start, item.end))
    return chosen
