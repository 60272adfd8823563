"""Property tests: random Chinese text through parse -> knowledge -> generate -> validate never crashes."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from foundation.errors import UserError
from question_bank.importing import build_article, to_candidate
from question_bank.structure import parse_document
from question_bank.validation import check

WORDS = ["巡视", "巡察", "党组织", "应当", "可以", "不得", "整改", "监督", "一把手", "回头看", "规定", "明确",
         "工作", "机构", "责任", "新增", "首次", "是", "等部门"]
PIECES = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(["，", "。", "、", "：", "；", "“", "”", "\n", "\n\n", "问：", "答：", "一是", "二是", "三是"]),
    st.integers(min_value=0, max_value=120).map(lambda n: f"{n}个月"),
    st.integers(min_value=2, max_value=9).map(lambda n: f"{n}项原则："),
    st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x4E80), min_size=1, max_size=6),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES, min_size=1, max_size=120))
def test_random_text_never_crashes_and_every_question_passes(pieces: list[str]) -> None:
    data = "".join(pieces).encode("utf-8")
    try:
        articles = parse_document(data, filename="random.txt")
    except UserError:
        return
    for article in articles:
        built = build_article(article, seed=1)
        for topic in built.topics:
            for question in topic.questions:
                assert article.text[question.start:question.end] == question.quote
                assert check(to_candidate(question), document_text=article.text, topic_text=topic.topic.body) is None
