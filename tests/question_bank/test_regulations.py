"""The four real regulations through the whole pipeline: enough items of enough types, every time limit asked."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from question_bank.importing import BuiltArticle, build_article
from question_bank.numbers import SCALES, find_quantities, time_limits
from question_bank.structure import parse_document

REGULATIONS = sorted((Path(__file__).resolve().parent / "data" / "regulations").glob("*.md"))


@pytest.fixture(scope="module", params=REGULATIONS, ids=lambda p: p.stem)
def built(request: pytest.FixtureRequest) -> BuiltArticle:
    path: Path = request.param
    return build_article(parse_document(path.read_bytes(), filename=path.name)[0])


def _live(built: BuiltArticle) -> list:  # type: ignore[type-arg]
    return [q for t in built.topics for q in t.questions if not q.review]


def test_each_regulation_yields_forty_questions_in_five_types(built: BuiltArticle) -> None:
    questions = _live(built)
    assert len(questions) >= 40 and len(Counter(q.type for q in questions)) >= 5


def test_every_time_limit_is_asked_with_same_scale_options(built: BuiltArticle) -> None:
    asked = set()
    for q in _live(built):
        if q.options is None or q.type.value != "single":
            continue
        values = [next(find_quantities(o), None) for o in q.options]
        if all(v is not None and v.written == o for v, o in zip(values, q.options)) \
                and len({v.unit for v in values if v}) == 1:  # a number item: every option is a quantity
            key = values[q.answer]
            assert key is not None
            scale = SCALES.get(key.unit)
            if scale:
                assert all(v is not None and v.value in scale for i, v in enumerate(values) if i != q.answer), q.options
            assert all(v is not None and v.value != key.value for i, v in enumerate(values) if i != q.answer)
            asked.add((key.value, key.unit))
    limits = {(q.value, q.unit) for q in time_limits(built.article.text)}
    assert limits and limits <= asked, limits - asked


def test_no_item_is_built_from_a_heading(built: BuiltArticle) -> None:
    for q in _live(built):
        assert "#" not in q.stem and not q.stem.startswith(("第", "（一）", "(一)")), q.stem
        assert not any(line.startswith("#") for line in q.quote.splitlines())
