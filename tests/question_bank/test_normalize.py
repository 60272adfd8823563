"""Tests for question_bank/normalize.py: whitespace, full-width punctuation and page-break repair."""

from __future__ import annotations

import re

import pytest

from question_bank.builtin import RAW_SOURCE
from question_bank.normalize import clean_text, normalize_text, repair_page_breaks

RAW = RAW_SOURCE.read_text(encoding="utf-8")

# The six page breaks of the raw corpus, each as the text around it once repaired.
PAGE_BREAKS = [
    ("始终保持巡视工作正确政治方", "向，更好发挥政治保障作用。", "正确政治方向，更好发挥政治保障作用"),
    ("全面总结政治巡视深化发展实践，", "对巡视监督内容作出完善", "深化发展实践，对巡视监督内容作出完善"),
    ("特别是二十届中央首轮巡", "视统筹安排常规巡视", "二十届中央首轮巡视统筹安排常规巡视"),
    ("明确“巡视组对反映被巡", "视党组织领导班子及其成员", "“巡视组对反映被巡视党组织领导班子及其成员"),
    ("新增一章对队伍建设作出规定，突", "出高标准、严要求", "作出规定，突出高标准、严要求，夯实"),
    ("也探索开展了内部巡察，", "为规范这项工作，", "开展了内部巡察，为规范这项工作，《条例》明确要求"),
]


def paragraphs(text: str) -> list[str]:
    return [block for block in re.split(r"\n\s*\n", text) if block.strip()]


@pytest.mark.parametrize(("before", "after", "joined"), PAGE_BREAKS)
def test_each_page_break_of_the_corpus_is_repaired(before: str, after: str, joined: str) -> None:
    normalized = normalize_text(RAW)
    broken = paragraphs(normalized)
    assert any(p.endswith(before) for p in broken)
    assert any(p.startswith(after) for p in broken)
    repaired = paragraphs(repair_page_breaks(normalized))
    holder = [p for p in repaired if joined in p]
    assert len(holder) == 1
    assert not any(p.startswith(after) for p in repaired)


def test_the_corpus_has_exactly_six_page_breaks_and_nothing_else_is_joined() -> None:
    normalized = normalize_text(RAW)
    before, after = paragraphs(normalized), paragraphs(repair_page_breaks(normalized))
    assert len(before) - len(after) == 6
    untouched = [p for p in after if p in before]
    assert len(untouched) == len(after) - 6
    # Titles, the subtitle, every 问 and the sign-offs stay paragraphs of their own.
    assert "# 不断提高巡视工作制度规范化水平 把利剑磨得更光更亮" in after
    assert after[1].startswith("——中央巡视工作领导小组办公室负责人")
    assert sum(p.startswith("问：") for p in after) == 15
    assert sum(p.startswith("答：") for p in after) == 15
    assert "（新华社）" in after


def test_the_truncated_sora_paragraphs_are_not_glued_to_headings() -> None:
    repaired = paragraphs(clean_text(RAW))
    assert "OpenAI称，Sora对语言有着深刻的理解，不仅了解用户文本提示，还了解所述" in repaired
    assert "## B 可能砸掉谁的饭碗？" in repaired
    assert any(p.endswith("恐将颠覆现存影视产业。好莱坞") for p in repaired)
    assert "## C AI狂飙下的监管难题" in repaired


def test_a_line_holding_only_a_non_breaking_space_is_blank() -> None:
    # In the corpus the line between the 13th 问 and its 答 holds only a space.
    assert "?\n\n \n答:巡察工作是" in RAW
    normalized = normalize_text(RAW.replace("?\n\n \n答:", "?\n\n\u00a0\n答:"))
    assert "\u00a0" not in normalized
    assert "问：请介绍一下《条例》对巡察工作作了哪些规定？\n\n\n答：巡察工作是" in normalized
    assert normalize_text("甲。\n\u00a0 \u3000\t\n乙。") == "甲。\n\n乙。"


def test_newlines_and_spaces_are_unified() -> None:
    assert normalize_text("甲。\r\n乙。\r丙。  \n\u3000\u3000丁。") == "甲。\n乙。\n丙。\n丁。"
    assert normalize_text("第１２条\u200b规定") == "第12条规定"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("近日,中共中央印发", "近日，中共中央印发"),
        ("问:请介绍一下", "问：请介绍一下"),
        ("问 : 请介绍一下", "问：请介绍一下"),
        ("有什么规定?", "有什么规定？"),
        ("60秒视频!美国", "60秒视频！美国"),
        ("审计;财会", "审计；财会"),
        ("党委(党组)重视", "党委（党组）重视"),
        ("《条例》(以下简称《条例》)。", "《条例》（以下简称《条例》）。"),
        ("研究中心(OpenAI)推出", "研究中心（OpenAI）推出"),
        ("“深度伪造”(Deepfake)技术", "“深度伪造”（Deepfake）技术"),
        ('把"两个维护"作为根本任务', "把“两个维护”作为根本任务"),
        ("OpenAI称,Sora对语言", "OpenAI称，Sora对语言"),
        ("(新华社)", "（新华社）"),
        ("网址:https://www.gov.cn/a?b=1,c", "网址：https://www.gov.cn/a?b=1,c"),
    ],
)
def test_ascii_marks_inside_chinese_become_full_width(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


@pytest.mark.parametrize(
    "kept",
    [
        "增长3.5个百分点",
        "共1,000人",
        "Sora使用Trans-former架构",
        "见https://example.com/path?x=1,y=2;z=3",
        "会议于10:30开始",
        "# 标题",
        "## A Sora有何本领",
        "OpenAI, Inc. (San Francisco)",
        "f(x) = a, b; c: d?",
        "ChatGPT",
    ],
)
def test_numbers_latin_urls_times_and_headings_stay_as_written(kept: str) -> None:
    assert normalize_text(kept) == kept


def test_the_cleaned_corpus_keeps_no_ascii_mark_next_to_chinese() -> None:
    cleaned = clean_text(RAW)
    assert not re.search(r"[\u4e00-\u9fff][,:;?!()]|[,:;?!()][\u4e00-\u9fff]", cleaned)
    assert "50次" in cleaned and "2个月调整为6个月" in cleaned


def test_repair_keeps_the_text_as_it_is_when_nothing_is_broken() -> None:
    for text in ["", "\n\n", "甲。\n\n乙。", "\n\n甲。\n\n\n\n乙。\n", "第一章 总则\n\n第一条 为了。"]:
        assert repair_page_breaks(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "# 标题\n\n正文第一段。",
        "关于加强档案工作的通知\n\n各单位要认真落实。",
        "——某某负责人答记者问\n\n近日，某某印发。",
        "答：这是一段没有结尾的\n\n问：下一个问题？",
        "第一章 总则\n\n第一条 为了规范。",
        "正文到此为止\n\n## 第二节",
        "（新华社）\n\n另一篇文章开始。",
        "他说：\n\n“我们要努力。”",
    ],
)
def test_headings_titles_subtitles_and_markers_are_never_joined(text: str) -> None:
    assert repair_page_breaks(text) == text


def test_a_chain_of_breaks_is_joined_and_latin_words_get_a_space() -> None:
    assert repair_page_breaks("答：这是第一\n\n部分，然后是第\n\n二部分。") == "答：这是第一部分，然后是第二部分。"
    assert repair_page_breaks("OpenAI 的模型名叫 Chat,\n\nGPT 也是") == "OpenAI 的模型名叫 Chat,GPT 也是"
    assert repair_page_breaks("它说，the model\n\nworks well.") == "它说，the model works well."
    assert repair_page_breaks("它说 the model\n\nworks well.") == "它说 the model\n\nworks well."  # title-like


def test_a_number_after_a_break_continues_the_sentence() -> None:
    assert repair_page_breaks("答：收入增长了\n\n3.5倍。") == "答：收入增长了3.5倍。"
    assert repair_page_breaks("答：分为以下几点，\n\n1. 加强学习。") == "答：分为以下几点，\n\n1. 加强学习。"
