"""Tests for question_bank/distractors.py: wrong options of the list's own kind."""

from __future__ import annotations

from question_bank.distractors import outsiders_for
from question_bank.propositions import Proposition


def _list(key: str, items: tuple[str, ...]) -> Proposition:
    return Proposition(key=key, statement="。", provision="《条例》", quote="；".join(items), start=0, end=1, offset=0,
                       lead_len=0, items=items, list_lead="原则")


def test_outsiders_are_of_the_same_kind_and_never_members() -> None:
    principles = _list("a", ("坚持人民立场、贯彻群众路线", "坚持围绕中心、服务大局", "坚持问题导向、发扬斗争精神"))
    gates = _list("b", ("政治关", "品行关", "能力关"))
    found = outsiders_for(principles, [principles, gates], document=principles.quote)
    assert found and all(o.startswith("坚持") for o in found)
    assert not set(found) & set(principles.items)
