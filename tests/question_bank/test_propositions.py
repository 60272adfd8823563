"""Tests for question_bank/propositions.py: typed propositions from regulations and from the interview."""

from __future__ import annotations

from pathlib import Path

import pytest

from question_bank.builtin import RAW_SOURCE
from question_bank.drafts import ArticleDraft, DocumentKind
from question_bank.propositions import extract_propositions, tells_structure
from question_bank.structure import parse_document

REGULATIONS = Path(__file__).resolve().parent / "data" / "regulations"


@pytest.fixture(scope="module")
def xinfang() -> ArticleDraft:
    path = REGULATIONS / "xinfang_gongzuo_tiaoli_2022.md"
    return parse_document(path.read_bytes(), filename=path.name)[0]


@pytest.fixture(scope="module")
def interview() -> ArticleDraft:
    return parse_document(RAW_SOURCE.read_bytes(), filename=RAW_SOURCE.name)[0]


def _all(article: ArticleDraft, law: str) -> list:  # type: ignore[type-arg]
    return [p for i, t in enumerate(article.topics)
            for p in extract_propositions(t, text=article.text, kind=article.kind, law=law, index=i)]


def test_a_provision_has_actor_force_and_time_limit(xinfang: ArticleDraft) -> None:
    props = _all(xinfang, "《信访工作条例》")
    review = next(p for p in props if "复查意见" in p.statement and p.quantities)
    assert review.force == "应当" and (review.quantities[0].value, review.quantities[0].unit) == (30, "日")
    assert review.provision == "《信访工作条例》第三十五条"
    assert review.statement[review.quantities[0].start:].startswith("30日")


def test_no_proposition_is_built_from_a_heading_or_a_bare_item(xinfang: ArticleDraft) -> None:
    for prop in _all(xinfang, "《信访工作条例》"):
        assert not prop.statement.startswith(("#", "（一）", "第")) and "\n" not in prop.statement


def test_a_lead_with_its_items_is_one_list(xinfang: ArticleDraft) -> None:
    principles = next(p for p in _all(xinfang, "《信访工作条例》") if p.items and "原则" in p.list_lead)
    assert principles.items[0] == "坚持党的全面领导" and len(principles.items) == 5


def test_a_changed_rule_keeps_the_old_value(interview: ArticleDraft) -> None:
    change = next(p for p in _all(interview, "《条例》") if p.old)
    assert change.old == "2个月" and change.new == "6个月"
    assert change.statement == "修订后的《条例》规定，巡视集中整改期限为6个月。"


def test_the_interviews_structure_is_never_a_proposition(interview: ArticleDraft) -> None:
    assert tells_structure("明确了巡视工作应当遵循的5项原则：一是坚持党中央集中统一领导")
    for prop in _all(interview, "《条例》"):
        assert not tells_structure(prop.statement), prop.statement


def test_a_corrupted_sentence_is_marked_for_review(interview: ArticleDraft) -> None:
    flagged = [p for p in _all(interview, "《条例》") if p.review]
    assert flagged and all("党中央为核心的党中央" in p.quote for p in flagged)
    assert interview.kind is DocumentKind.INTERVIEW
