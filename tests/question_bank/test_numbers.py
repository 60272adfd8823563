"""Tests for question_bank/numbers.py: Chinese numerals read as quantities, scales, written forms."""

from __future__ import annotations

from question_bank.numbers import Quantity, find_quantities, near_values, read_number, time_limits, variants, write


def test_chinese_numerals_are_read_as_quantities() -> None:
    assert [read_number(t) for t in ("15", "十五", "两", "三十", "六十", "一百二十")] == [15, 15, 2, 30, 60, 120]
    assert read_number("第五") is None


def test_quantities_skip_dates_and_article_numbers() -> None:
    text = "第十五条 应当自收到之日起十五日内答复，本条例自2022年5月1日起施行，留置时间不得超过三个月。"
    assert [(q.value, q.unit) for q in find_quantities(text)] == [(15, "日"), (3, "个月")]


def test_wrong_values_stay_on_the_domain_scale_never_two_days_off() -> None:
    fifteen = Quantity(value=15, unit="日", written="十五日", start=0, chinese=True)
    assert near_values(fifteen) == [10, 30, 7]
    thirty = Quantity(value=30, unit="日", written="30日", start=0, chinese=False)
    assert all(abs(v - 30) > 2 for v in near_values(thirty, count=5))
    six = Quantity(value=6, unit="个月", written="6个月", start=0, chinese=False)
    assert set(near_values(six)) <= {1, 2, 3, 12, 18, 24}


def test_written_forms_follow_the_text_and_accept_sound_variants() -> None:
    assert write(30, "日", chinese=True) == "三十日" and write(2, "年", chinese=True) == "两年"
    assert {"6个月", "六个月", "半年"} <= set(variants(6, "个月"))


def test_time_limits_are_deadlines_not_sentences_or_ranges() -> None:
    text = "应当在七日以内作出决定，可以延长一日至三日；可能判处十年有期徒刑以上刑罚；延长期限不得超过三十日。"
    assert [(q.value, q.unit) for q in time_limits(text)] == [(7, "日"), (30, "日")]
