"""The stored quiz spec: read back field by field, anything of the wrong type refused."""

from __future__ import annotations

from typing import Any

import pytest

from question_bank.drafts import QuestionType
from study.types import QuizMode, QuizSpec, quiz_spec_from_json


def test_a_spec_reads_back_as_it_was_stored() -> None:
    spec = QuizSpec(topic_ids=(3, 1), types=(QuestionType.BLANK,), count=5, mode=QuizMode.EXAM, time_limit_s=600,
                    pass_mark=0.8, partial_credit=True, question_ids=(9, 7), paper_uid="p", from_wrong_book=False)
    assert quiz_spec_from_json(spec.to_json()) == spec
    assert QuizSpec.from_json({}) == QuizSpec()


@pytest.mark.parametrize(("field", "value"), [
    ("topic_ids", "1,2"), ("topic_ids", [True]), ("types", ["essay"]), ("count", "十"), ("count", -1),
    ("mode", "闯关"), ("time_limit_s", 0), ("time_limit_s", 1.5), ("pass_mark", "六成"), ("pass_mark", 2),
    ("partial_credit", "yes"), ("question_ids", [1, "2"]), ("paper_uid", 5), ("from_wrong_book", 1),
])
def test_a_stored_spec_with_a_field_of_the_wrong_type_is_refused(field: str, value: Any) -> None:
    with pytest.raises(ValueError):
        quiz_spec_from_json({**QuizSpec().to_json(), field: value})
