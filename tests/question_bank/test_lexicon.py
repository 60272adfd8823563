"""Tests for question_bank/lexicon.py: bodies, their siblings, corrupted source phrases."""

from __future__ import annotations

from question_bank import lexicon


def test_siblings_are_of_the_same_family() -> None:
    assert "纪检监察机关" in lexicon.siblings("组织部门")
    assert "人民法院" not in lexicon.siblings("巡视组")
    assert lexicon.siblings("巡视组")[0] in ("巡视机构", "巡察机构", "巡视工作领导小组办公室")


def test_a_doubled_phrase_or_a_broken_formula_is_flagged() -> None:
    assert lexicon.garbled("坚决维护以习近平同志为核心的党中央为核心的党中央权威和集中统一领导")
    assert not lexicon.garbled("巡视工作坚持发现问题、形成震慑，推动改革、促进发展的方针")


def test_list_pools_offer_members_of_the_same_kind_that_the_text_never_names() -> None:
    principles = ("坚持人民立场、贯彻群众路线", "坚持围绕中心、服务大局")
    pool = lexicon.pool_for(principles, document="坚持公开公正、便民高效")
    assert pool and all(p.startswith("坚持") for p in pool) and "坚持公开公正、便民高效" not in pool


def test_body_duty_pairs_split_at_the_body() -> None:
    assert lexicon.split_pair("巡视机构组织实施") == ("巡视机构", "组织实施")
    assert lexicon.split_pair("纪检监察机关和组织部门协助") == ("纪检监察机关和组织部门", "协助")
