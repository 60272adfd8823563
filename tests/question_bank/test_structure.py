"""Tests for question_bank/structure.py: articles, kinds, topics and their titles."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from question_bank.builtin import RAW_SOURCE
from question_bank.drafts import ArticleDraft, DocumentKind
from question_bank.reading import DocumentError
from question_bank.structure import parse_document, split_articles
from question_bank.titles import phrase_title, question_title, unique_titles

RAW_BYTES = RAW_SOURCE.read_bytes()
DATA = Path(__file__).parent / "data"

INTERVIEW_TITLES = [
    "《条例》修订的背景和意义",
    "政治巡视定位和巡视工作方针",
    "巡视工作原则",
    "巡视领导体制和工作机制",
    "巡视工作主体责任",
    "巡视监督内容",
    "巡视加强对“一把手”的监督",
    "巡视工作的组织方式",
    "巡视综合监督作用",
    "巡视工作程序、方式和权限",
    "巡视整改和成果运用",
    "巡视干部队伍建设",
    "中央单位巡视工作",
    "巡察工作",
    "学习宣传贯彻《条例》的部署",
]


def assert_offsets_consistent(article: ArticleDraft) -> None:
    previous_end = 0
    for topic in article.topics:
        assert 0 <= topic.start <= topic.end <= len(article.text)
        assert article.text[topic.start : topic.end] == topic.body
        assert topic.start >= previous_end  # topics are in order and do not overlap
        previous_end = topic.end
        assert topic.title


@pytest.fixture(scope="module")
def corpus() -> list[ArticleDraft]:
    return parse_document(RAW_BYTES, filename="source_raw.txt")


def test_the_corpus_is_two_articles_interview_then_sora(corpus: list[ArticleDraft]) -> None:
    interview, sora = corpus
    assert len(corpus) == 2
    assert interview.kind is DocumentKind.INTERVIEW
    assert interview.title == "不断提高巡视工作制度规范化水平 把利剑磨得更光更亮"
    assert interview.subtitle == "——中央巡视工作领导小组办公室负责人就修订颁布《中国共产党巡视工作条例》答记者问"
    assert interview.lead.startswith("近日，中共中央印发新修订的《中国共产党巡视工作条例》（以下简称《条例》）。")
    assert interview.text.startswith("# 不断提高巡视工作制度规范化水平")
    assert interview.text.endswith("强化制度的刚性、严肃性。\n\n（新华社）")
    assert sora.kind is DocumentKind.PROSE
    assert sora.text.startswith("输入寥寥数语便能生成效果炸裂的60秒视频！")
    assert sora.text.endswith("（据新华社）")


def test_nothing_of_sora_is_in_the_interview(corpus: list[ArticleDraft]) -> None:
    interview, sora = corpus
    texts = [interview.text, interview.lead, interview.subtitle, interview.title]
    texts += [t.body + t.question + t.title for t in interview.topics]
    for word in ("Sora", "OpenAI", "视频", "人工智能"):
        assert not any(word in text for text in texts)
    assert "巡视" not in sora.text


def test_the_interview_has_fifteen_topics_with_short_unique_titles(corpus: list[ArticleDraft]) -> None:
    interview = corpus[0]
    assert [t.title for t in interview.topics] == INTERVIEW_TITLES
    assert all(len(t.title) <= 16 for t in interview.topics)
    assert_offsets_consistent(interview)
    first, ninth, last = interview.topics[0], interview.topics[8], interview.topics[-1]
    assert first.question == "请介绍一下《条例》修订的背景和意义。"
    assert first.body.startswith("党的十八大以来，以习近平同志为核心的党中央高度重视巡视工作")
    assert ninth.question.startswith("党中央明确要求充分发挥巡视综合监督作用，")
    assert ninth.question.endswith("请问《条例》对此有什么规定？")
    assert last.body.endswith("强化制度的刚性、严肃性。")  # the sign-off is not part of the answer
    assert all(not t.body.startswith("答") and "问：" not in t.body for t in interview.topics)
    # The repaired page breaks are inside the answers.
    assert "正确政治方向，更好发挥政治保障作用。" in interview.topics[1].body
    assert "开展了内部巡察，为规范这项工作" in interview.topics[13].body


def test_the_sora_article_has_its_sections_as_topics(corpus: list[ArticleDraft]) -> None:
    sora = corpus[1]
    assert sora.title == "输入寥寥数语便能生成效果炸裂的60秒视频"
    assert [t.title for t in sora.topics] == ["Sora有何本领？", "可能砸掉谁的饭碗？", "AI狂飙下的监管难题"]
    assert sora.lead.startswith("输入寥寥数语")
    assert_offsets_consistent(sora)
    assert sora.topics[0].body.endswith("还了解所述")  # truncated in the source; stays as it is
    assert sora.topics[2].body.endswith("人工智能安全性和信任度。")


def test_parse_document_gives_the_same_articles_for_every_encoding(corpus: list[ArticleDraft]) -> None:
    text = RAW_BYTES.decode("utf-8")
    for data in (b"\xef\xbb\xbf" + RAW_BYTES, text.encode("gb18030")):
        assert parse_document(data, filename="source_raw.txt") == corpus


def test_a_title_overrides_the_first_articles_title(corpus: list[ArticleDraft]) -> None:
    articles = parse_document(RAW_BYTES, filename="source_raw.txt", title="  巡视条例答记者问 ")
    assert articles[0].title == "巡视条例答记者问"
    assert articles[0].topics == corpus[0].topics
    assert articles[1] == corpus[1]


@pytest.mark.parametrize(
    ("question", "title"),
    [
        ("《办法》对巡察整改有什么要求？", "巡察整改"),
        ("《条例》对巡视组组长的选配是怎样规定的？", "巡视组组长的选配"),
        ("这次修订的主要考虑是什么？", "这次修订的主要考虑"),
        ("《规定》在干部选拔方面作出了哪些新规定？", "干部选拔"),
        ("请问如何理解政治巡视？", "政治巡视"),
        ("对于下一步工作有何打算？", "下一步工作的打算"),
        ("党中央强调要加强巡视整改，请问对此有哪些规定？", "巡视整改"),
        ("为什么要修订《条例》？", "为什么要修订《条例》"),
        ("《条例》出台有什么重要意义？", "《条例》出台的意义"),
        ("《条例》在强化监督方面有哪些新举措？", "强化监督的举措"),
        ("下一步，中央纪委将如何推动《规定》落实？", "中央纪委将如何推动《规定》落实"),
    ],
)
def test_question_titles_follow_rules_not_a_table(question: str, title: str) -> None:
    assert question_title(question) == title


def test_long_titles_are_cut_and_repeats_numbered() -> None:
    assert len(question_title("请介绍一下《条例》对" + "巡视" * 20 + "有哪些规定？")) <= 16
    assert phrase_title("一是，据悉，巡视机构要加强自身建设。") == "巡视机构要加强自身建设"
    assert unique_titles(["总则", "附则", "总则", "总则"]) == ["总则", "附则", "总则（2）", "总则（3）"]


def test_interview_markers_with_ascii_full_width_and_spaced_colons() -> None:
    text = "# 访谈\n\n导语。\n\n问 : 《办法》对值班有什么要求？\n\n答：应当24小时值班。\n\n问：对请假有哪些规定?\n\n答 ：不得擅自离岗。\n\n每次请假应当报批。"
    (article,) = parse_document(text.encode(), filename="a.txt")
    assert article.kind is DocumentKind.INTERVIEW
    assert [(t.title, t.body) for t in article.topics] == [
        ("值班", "应当24小时值班。"),
        ("请假", "不得擅自离岗。\n\n每次请假应当报批。"),
    ]
    assert article.lead == "导语。"
    assert_offsets_consistent(article)


def test_a_regulation_gets_its_chapters_as_topics() -> None:
    (article,) = parse_document((DATA / "regulation_sample.txt").read_bytes(), filename="规定.txt")
    assert article.kind is DocumentKind.REGULATION
    assert article.title == "某市机关档案工作规定"
    assert article.lead == "（2025年3月1日市委办公室印发）"
    assert [t.title for t in article.topics] == ["总则", "机构和职责", "收集和整理", "保管和利用", "附则"]
    assert [t.question for t in article.topics][:2] == ["第一章 总则", "第二章 机构和职责"]
    assert article.topics[0].body.startswith("第一条 为了加强机关档案工作")
    assert article.topics[0].body.endswith("便于利用的原则。")
    assert article.topics[-1].body.count("\n\n") == 2  # 第十三条 to 第十五条
    assert sum(t.body.count("条 ") for t in article.topics) == 15
    assert_offsets_consistent(article)


def test_a_regulation_without_chapters_gets_one_topic_per_article() -> None:
    text = "第一条 为了规范值班工作，制定本办法。\n\n第二条 值班人员应当坚守岗位。\n\n（一）不得脱岗；\n\n（二）及时报告。"
    (article,) = split_articles(text, default_title="值班办法")
    assert article.kind is DocumentKind.REGULATION
    assert article.title == "值班办法"
    assert [(t.question, t.title) for t in article.topics] == [("第一条", "为了规范值班工作"), ("第二条", "值班人员应当坚守岗位")]
    assert article.topics[1].body.endswith("（二）及时报告。")
    assert_offsets_consistent(article)


def test_prose_without_headings_is_grouped_by_paragraphs() -> None:
    paragraphs = [f"第{n}段讲的是巡视工作的第{n}个方面，" + "内容充实。" * 20 for n in range(1, 6)]
    (article,) = split_articles("\n\n".join(paragraphs), default_title="讲话")
    assert article.kind is DocumentKind.PROSE
    assert article.title == "讲话"
    assert len(article.topics) == 2  # 117 characters each: a topic closes once it reaches 300
    assert article.topics[0].body == "\n\n".join(paragraphs[:3])
    assert article.topics[1].body == "\n\n".join(paragraphs[3:])
    assert [t.title for t in article.topics] == ["第1段讲的是巡视工作的第1个方面", "第4段讲的是巡视工作的第4个方面"]
    assert_offsets_consistent(article)


def test_prose_with_numbered_headings_uses_them() -> None:
    text = "关于巡视工作的讲话\n\n同志们：今天召开会议。\n\n一、深刻认识巡视工作的重要意义\n\n巡视是党内监督的战略性制度安排。\n\n二、扎实做好巡视整改\n\n整改是巡视工作的落脚点。"
    (article,) = split_articles(text)
    assert article.title == "关于巡视工作的讲话"
    assert article.lead == "同志们：今天召开会议。"
    assert [t.title for t in article.topics] == ["深刻认识巡视工作的重要意义", "扎实做好巡视整改"]
    assert_offsets_consistent(article)


def test_articles_are_split_at_titles_and_sign_offs() -> None:
    text = "# 第一篇\n\n正文一很长。\n\n# 第二篇\n\n正文二很长。\n\n（新华社记者 张三）\n\n责任编辑：李四\n\n第三篇的正文没有标题。"
    articles = split_articles(text)
    assert [a.title for a in articles] == ["第一篇", "第二篇", "第三篇的正文没有标题"]
    assert articles[1].text == "# 第二篇\n\n正文二很长。\n\n（新华社记者 张三）\n\n责任编辑：李四"
    assert [t.body for t in articles[1].topics] == ["正文二很长。"]


def test_a_docx_goes_through_the_whole_pipeline() -> None:
    document = docx.Document()
    document.add_heading("答记者问", level=1)
    document.add_paragraph("问:《条例》对巡视整改期限作了哪些规定?")
    document.add_paragraph("答:将原《条例》规定的2个月调整为6个月。")
    stream = io.BytesIO()
    document.save(stream)
    (article,) = parse_document(stream.getvalue(), filename="访谈.docx")
    assert article.title == "答记者问"
    assert article.topics[0].title == "巡视整改期限"
    assert article.topics[0].body == "将原《条例》规定的2个月调整为6个月。"


@pytest.mark.parametrize("text", ["# 只有标题", "（新华社）", "问：？\n\n答：", "。。。\n\n，，",
                                  "# 学习笔记\n## 第一部分\n### 背景\n## 第二部分\n# 附录\n## 参考"])
def test_nothing_usable_is_a_document_error(text: str) -> None:
    with pytest.raises(DocumentError) as error:
        parse_document(text.encode(), filename="空.txt")
    assert str(error.value) == "未找到可学习的正文：空.txt"


_FRAGMENTS = st.sampled_from(
    ["问:", "答:", "问：", "答：", "\n", "\n\n", "\u00a0", "\u3000", "# ", "## ", "第一章 ", "第二条 ", "（新华社）",
     "——", ",", "。", "?", "(", ")", '"', "《条例》", "巡视", "一、", "对此", "有什么规定？", "OpenAI", "3.5"]
)
_TEXT = st.lists(st.one_of(_FRAGMENTS, st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x9FFF), max_size=8)), max_size=40).map("".join)


@settings(max_examples=100, deadline=None)
@given(_TEXT)
def test_random_text_never_breaks_the_pipeline(text: str) -> None:
    try:
        articles = parse_document(text.encode(), filename="x.txt")
    except DocumentError:
        return
    assert articles
    for article in articles:
        assert article.topics
        assert_offsets_consistent(article)
        assert len({t.title for t in article.topics}) == len(article.topics)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_raise_only_document_errors(data: bytes) -> None:
    try:
        articles = parse_document(data, filename="x.txt")
    except DocumentError:
        return
    for article in articles:
        assert_offsets_consistent(article)


def test_regulation_headings_without_spaces_and_photo_credits() -> None:
    text = "第一章总则\n\n第一条为了规范工作，制定本办法。\n\n第二条本办法适用于各单位。\n\n（新华社记者 张三 摄）\n\n第二章附则\n\n第三条本办法自印发之日起施行。"
    (article,) = split_articles(text)
    assert article.kind is DocumentKind.REGULATION
    assert [(t.question, t.title) for t in article.topics] == [("第一章总则", "总则"), ("第二章附则", "附则")]
    assert "摄）" in article.topics[0].body  # a photo credit does not end the article


def test_an_inline_sign_off_ends_an_article() -> None:
    text = "第一篇文章的正文讲巡视。（新华社）\n\n\n第二篇文章讲巡察工作。"
    first, second = split_articles(text)
    assert first.topics[0].body == "第一篇文章的正文讲巡视。"
    assert second.text == "第二篇文章讲巡察工作。"


def test_a_question_without_words_still_gets_a_title() -> None:
    (article,) = split_articles("问：？\n\n答：巡视工作要坚持问题导向。")
    assert article.topics[0].title == "巡视工作要坚持问题导向"


def test_many_repeated_topics_stay_distinct() -> None:
    text = "问：巡视？\n\n答：巡视工作很重要。\n\n" * 300
    (article,) = split_articles(text)
    titles = [t.title for t in article.topics]
    assert len(titles) == 300 == len(set(titles))
    assert titles[:3] == ["巡视", "巡视（2）", "巡视（3）"]


def test_markdown_headings_on_consecutive_lines_are_headings_not_text() -> None:
    text = "# 学习笔记\n## 巡视定位\n巡视是政治监督，不是业务检查。\n## 巡视原则\n巡视工作坚持党中央集中统一领导。\n"
    (article,) = parse_document(text.encode(), filename="笔记.md")
    assert article.title == "学习笔记"
    assert [(t.title, t.body) for t in article.topics] == [
        ("巡视定位", "巡视是政治监督，不是业务检查。"), ("巡视原则", "巡视工作坚持党中央集中统一领导。")
    ]


def test_text_without_sentence_breaks_is_refused_before_analysis() -> None:
    """A PDF or OCR dump of thousands of characters without a full stop would take minutes to analyse for nothing."""
    run = "巡视工作坚持党中央集中统一领导" * 200  # 3,000 characters, no punctuation at all
    with pytest.raises(DocumentError, match="^文件中有一段3000字的文字没有句号等断句标点.*：转换.txt$"):
        parse_document(run.encode(), filename="转换.txt")
    with pytest.raises(DocumentError, match="没有句号等断句标点"):
        parse_document(("，".join(["巡视"] * 1500) + "。").encode(), filename="逗号.txt")
    long_sentence = "，".join(["巡视工作坚持党中央集中统一领导"] * 100) + "。"  # 1,599 characters: a long but real sentence
    (article,) = parse_document(long_sentence.encode(), filename="长句.txt")
    assert article.topics
