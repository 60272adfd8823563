"""Tests for question_bank/mutations.py: false versions by a number on the scale, a sibling body, the force."""

from __future__ import annotations

from question_bank.drafts import DocumentKind, TopicDraft
from question_bank.mutations import force_slot, is_false, slots
from question_bank.propositions import extract_propositions

TEXT = ("第三十五条 信访人对信访处理意见不服的，可以自收到书面答复之日起30日内请求上一级机关复查。"
        "收到复查请求的机关应当自收到复查请求之日起30日内提出复查意见。\n\n"
        "第九条 巡视组应当在巡视结束后20个工作日内向巡视工作领导小组报告巡视情况。")


def _props() -> list:  # type: ignore[type-arg]
    topic = TopicDraft(title="t", question="第三十五条", body=TEXT, start=0, end=len(TEXT))
    return extract_propositions(topic, text=TEXT, kind=DocumentKind.REGULATION, law="《条例》", index=0)


def test_number_slots_offer_scale_values_that_make_the_statement_false() -> None:
    report = next(p for p in _props() if "20个工作日" in p.statement)
    [number, *_] = slots(report, document=TEXT)
    assert number.text == "20个工作日" and number.kind == "number"
    assert set(number.wrong) <= {"3个工作日", "5个工作日", "7个工作日", "10个工作日", "15个工作日"}
    assert all(is_false(report.statement, number.at, w, number.end, document=TEXT) for w in number.wrong)


def test_a_swap_that_gives_words_of_the_text_is_not_false() -> None:
    statement = "收到复查请求的机关应当自收到复查请求之日起30日内提出复查意见。"
    at = statement.index("30日")
    assert not is_false(statement, at, "30日", at + 3, document=TEXT)


def test_force_is_swapped_only_where_the_result_is_false() -> None:
    report = next(p for p in _props() if "20个工作日" in p.statement)
    assert force_slot(report, document=TEXT) is None  # 可以在20个工作日内 still grants the time: asked by its number
    text = "第九条 信访部门应当将信访事项转送有关机关。"
    topic = TopicDraft(title="t", question="第九条", body=text, start=0, end=len(text))
    [duty] = extract_propositions(topic, text=text, kind=DocumentKind.REGULATION, law="《条例》", index=0)
    slot = force_slot(duty, document=text)
    assert slot is not None and slot.text == "应当" and slot.wrong == ("可以",)
