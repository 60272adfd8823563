"""Tests for question_bank/distractors.py."""

import random

from question_bank import distractors as dis


def test_near_numbers_are_close_and_never_the_answer() -> None:
    rng = random.Random(3)
    months = dis.near_numbers(6, unit="个月", count=3, rng=rng)
    assert 6 not in months and set(months) <= {3, 12, 2, 1, 18}
    counts = dis.near_numbers(50, count=3, rng=rng)
    assert 50 not in counts and all(abs(n - 50) <= 30 for n in counts)
    assert all(n >= 1 for n in dis.near_numbers(1, count=3, rng=rng))


def test_sibling_items_skip_whatever_the_topic_text_holds() -> None:
    picked = dis.sibling_items("能力关", ["政治关", "纪律关", "审计", "能力关", "纪律关"],
                               banned_text="严把政治关、能力关", count=5, rng=random.Random(1))
    assert picked[0] == "纪律关" and "政治关" not in picked and picked.count("纪律关") == 1


def test_swaps_flips_and_shuffles() -> None:
    bodies = dis.swapped_bodies("党委（党组）", document_text="纪检监察机关和组织部门协助巡视组", count=3,
                                rng=random.Random(1))
    assert set(bodies) == {"纪检监察机关", "组织部门", "巡视组"}
    assert [dis.flipped_modal(m) for m in ("应当", "可以", "不得")] == ["可以", "应当", "可以"]
    options, correct = dis.shuffled_options(["甲", "乙"], ["丙", "丁"], rng=random.Random(2))
    assert sorted(options) == sorted(["甲", "乙", "丙", "丁"]) and {options[i] for i in correct} == {"甲", "乙"}
