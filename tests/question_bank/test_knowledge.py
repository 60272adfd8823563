"""Tests for question_bank/knowledge.py, on the built-in interview."""

from __future__ import annotations

import pytest

from question_bank.builtin import RAW_SOURCE
from question_bank.drafts import ArticleDraft
from question_bank.knowledge import KnowledgeKind, KnowledgePoint, chinese_number, extract_knowledge, parse_number
from question_bank.structure import parse_document


@pytest.fixture(scope="module")
def interview() -> ArticleDraft:
    return parse_document(RAW_SOURCE.read_bytes(), filename=RAW_SOURCE.name)[0]


def points_of(article: ArticleDraft, title: str) -> list[KnowledgePoint]:
    topic = next(t for t in article.topics if t.title == title)
    return extract_knowledge(topic, text=article.text)


def test_every_point_quotes_the_text_at_its_offsets(interview: ArticleDraft) -> None:
    for topic in interview.topics:
        for point in extract_knowledge(topic, text=interview.text):
            assert interview.text[point.start:point.end] == point.quote
            assert topic.start <= point.start < point.end <= topic.end


def test_the_five_principles_are_an_ordered_enumeration(interview: ArticleDraft) -> None:
    points = points_of(interview, "巡视工作原则")
    [enumeration] = [p for p in points if p.kind is KnowledgeKind.ENUMERATION]
    assert enumeration.subject == "5项原则"
    assert enumeration.items[0] == "坚持党中央集中统一领导、分级负责"
    assert enumeration.items[-1] == "坚持实事求是、依规依纪依法"
    assert len(enumeration.items) == 5 and enumeration.ordered
    novelty = [p for p in points if p.kind is KnowledgeKind.NOVELTY]
    assert novelty[0].answer == "坚持问题导向、发扬斗争精神"


def test_change_series_definition_and_count(interview: ArticleDraft) -> None:
    change = [p for p in points_of(interview, "巡视整改和成果运用") if p.kind is KnowledgeKind.CHANGE]
    assert (change[0].old, change[0].answer, change[0].subject) == ("2个月", "6个月", "巡视集中整改期限")
    series = [p for p in points_of(interview, "巡视干部队伍建设") if p.kind is KnowledgeKind.SERIES]
    assert ("政治关", "品行关", "能力关", "作风关", "廉洁关") in [p.items for p in series]
    procedure = [p for p in points_of(interview, "巡视综合监督作用") if p.kind is KnowledgeKind.SERIES and p.ordered]
    assert procedure[0].items == ("准备", "了解", "报告", "反馈", "移交", "整改")
    definition = [p for p in points_of(interview, "巡视工作主体责任") if p.kind is KnowledgeKind.DEFINITION]
    assert (definition[0].subject, definition[0].answer) == ("开展巡视工作的主体", "党委（党组）")
    counts = [p for p in points_of(interview, "《条例》修订的背景和意义") if p.kind is KnowledgeKind.COUNT]
    assert counts[0].answer == "50" and counts[0].old == "次"


def test_numbers_both_ways() -> None:
    assert [chinese_number(n) for n in (2, 6, 10, 15, 50)] == ["二", "六", "十", "十五", "五十"]
    assert [parse_number(s) for s in ("6", "两", "十五", "五十", "x")] == [6, 2, 15, 50, None]


def test_segmentation_matches_jieba_with_the_domain_words(interview: ArticleDraft) -> None:
    import logging

    import jieba

    from question_bank.knowledge import DOMAIN_WORD_FREQ, DOMAIN_WORDS, key_terms, segment

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    for word in DOMAIN_WORDS:
        tokenizer.add_word(word, freq=DOMAIN_WORD_FREQ)
    for topic in interview.topics[:6]:
        assert segment(topic.body) == list(tokenizer.cut(topic.body))
    terms = key_terms("开展巡视工作的主体是党委（党组），被巡视党组织要自觉接受巡视监督。")
    assert terms == ["巡视", "党组", "被巡视党组织", "巡视"]  # domain words stay whole; 工作/主体 are too plain


def test_a_regulation_article_with_a_modal_is_a_provision() -> None:
    from question_bank.drafts import TopicDraft

    text = "第四条 巡视组组长根据每次巡视任务确定，不得固定任职。第六条 巡视组应当在巡视结束后20个工作日内报告。"
    topic = TopicDraft(title="组织领导", question="", body=text, start=0, end=len(text))
    points = extract_knowledge(topic, text=text, provisions=True)
    modals = [(p.subject, p.answer) for p in points if p.kind is KnowledgeKind.MODAL]
    assert modals == [("不得", "巡视组组长根据每次巡视任务确定，不得固定任职"),
                      ("应当", "巡视组应当在巡视结束后20个工作日内报告")]
    counts = [(p.answer, p.old) for p in points if p.kind is KnowledgeKind.COUNT]
    assert counts == [("20", "个工作日")]
    assert not any(p.kind is KnowledgeKind.MODAL for p in extract_knowledge(topic, text=text))


def test_set_phrases_and_verb_phrases_are_not_key_terms() -> None:
    from question_bank.knowledge import key_terms

    terms = key_terms("党中央高度重视巡视工作，各级巡视机构要认真落实《条例》规定，统筹安排常规巡视。")
    assert "高度重视" not in terms and "认真落实" not in terms and "统筹安排" not in terms
    assert "巡视机构" in terms and "常规巡视" in terms


def test_an_item_cut_at_a_coverb_keeps_its_verb(interview: ArticleDraft) -> None:
    [enumeration] = [p for p in points_of(interview, "巡视综合监督作用") if p.kind is KnowledgeKind.ENUMERATION]
    assert enumeration.items[0] == ("明确开展巡视工作的党组织、巡视工作领导小组、巡视工作领导小组办公室"
                                    "应当结合各自职责定位，健全完善制度机制")


def test_half_of_a_longer_phrase_is_not_a_name_of_its_own() -> None:
    from question_bank.knowledge import part_of_a_name

    assert part_of_a_name("新增“坚持问题导向、发扬斗争精神”两项原则", "导向")
    assert part_of_a_name("习近平总书记50次听取巡视汇报，发表重要讲话", "汇报")
    assert not part_of_a_name("深入贯彻重要思想，以党章为根本依据", "党章")
