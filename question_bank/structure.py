"""Splitting cleaned text into articles and finding each article's kind and topics (问答 pairs, 章/条, sections)."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path

from question_bank.drafts import ArticleDraft, DocumentKind, TopicDraft
from question_bank.normalize import TRAILING_SIGN_OFF, clean_text, is_sign_off, is_title_like
from question_bank.reading import DocumentError, decode_document
from question_bank.titles import phrase_title, question_title, unique_titles

_NUMERAL = r"[一二三四五六七八九十百千零〇两\d]+"
_ARTICLE_TITLE = re.compile(r"#(?!#)\s*(.*)")
_SECTION_HEADING = re.compile(r"#{2,6}\s*(.*)")
_NUMBERED_HEADING = re.compile(r"[一二三四五六七八九十]+、\s*(.*)")
_SUBTITLE = re.compile(r"(?:——|—|－－|--)(?!\d)")
_MARKER = re.compile(r"(?:\*\*)?[ \t]*([问答])[ \t]*[：:][ \t]*(?:\*\*)?[ \t]*")
_CHAPTER = re.compile(rf"第{_NUMERAL}章\s*(.*)")
_REGULATION_ARTICLE = re.compile(rf"第{_NUMERAL}条\s*")
_TRAILER = re.compile(r"(?:责任编辑|编辑|校对|审核|来源|作者|原标题|记者)\s*[：:]")
_SUBSTANCE = re.compile(r"\w")
MIN_SUBSTANCE_CHARS = 4  # a topic needs at least this many letters or Han characters
PROSE_TOPIC_CHARS = 300  # prose without headings: a topic closes once it holds this many characters
PROSE_TOPIC_PARAGRAPHS = 3
# No sentence of real prose runs this long without a full stop, question mark, semicolon or line break; text
# that does (a PDF or OCR dump) would only cost minutes of analysis to give nothing usable.
MAX_UNBROKEN_CHARS = 2000
_UNBROKEN_RUN = re.compile(f"[^。！？；…!?;.\n]{{{MAX_UNBROKEN_CHARS + 1},}}")


@dataclass(frozen=True)
class _Paragraph:
    """A paragraph of an article with its offsets in the article text."""

    text: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def parse_document(data: bytes, *, filename: str, title: str | None = None) -> list[ArticleDraft]:
    """Decode, clean, split and structure one input file; `title` overrides the first article's title.

    Raises:
        DocumentError: the file cannot be read, or holds nothing to learn from.
    """
    text = clean_text(decode_document(data, filename=filename))
    unbroken = _UNBROKEN_RUN.search(text)
    if unbroken:
        raise DocumentError(
            f"文件中有一段{len(unbroken.group())}字的文字没有句号等断句标点，不像是可学习的正文"
            f"（可能由PDF或扫描件转换而来），请整理后再导入：{Path(filename).name}"
        )
    articles = split_articles(text, default_title=Path(filename).stem)
    if not articles:
        raise DocumentError(f"未找到可学习的正文：{Path(filename).name}")
    if title and title.strip():
        articles[0] = dataclasses.replace(articles[0], title=title.strip())
    return articles


def split_articles(text: str, *, default_title: str = "") -> list[ArticleDraft]:
    """Split cleaned text into articles (a `# ` title starts one, an agency sign-off ends one) and structure each.

    Articles without a topic of substance are dropped.
    """
    groups = _article_groups(_blocks(text))
    articles = [
        _structure(paragraphs, default_title=default_title if len(groups) == 1 else "") for paragraphs in groups
    ]
    return [article for article in articles if article.topics]


_HEADING_LINE = re.compile(r"#{1,6}(?!#)\s*\S")


def _blocks(text: str) -> list[str]:
    """Paragraphs: runs of non-blank lines; a Markdown `#` heading line is a paragraph of its own, as in Markdown."""
    blocks: list[str] = []
    for block in re.split(r"\n[ \t]*\n", text):
        lines: list[str] = []
        for line in block.strip("\n").split("\n"):
            if _HEADING_LINE.match(line):
                blocks.extend(["\n".join(lines)] if lines else [])
                blocks.append(line)
                lines = []
            elif line.strip() or lines:
                lines.append(line)
        if "".join(lines).strip():
            blocks.append("\n".join(lines).strip("\n"))
    return [block for block in blocks if block.strip()]


def _article_groups(blocks: list[str]) -> list[list[str]]:
    groups: list[list[str]] = []
    current: list[str] = []
    ended = False
    for block in blocks:
        if ended and _TRAILER.match(block) and len(block) <= 60:
            current.append(block)  # 责任编辑：… after a sign-off still belongs to the article
            continue
        if current and (ended or _ARTICLE_TITLE.match(block)):
            groups.append(current)
            current = []
        current.append(block)
        ended = is_sign_off(block) or TRAILING_SIGN_OFF.search(block) is not None
    if current:
        groups.append(current)
    return groups


def _layout(blocks: list[str]) -> tuple[str, list[_Paragraph]]:
    paragraphs: list[_Paragraph] = []
    offset = 0
    for block in blocks:
        paragraphs.append(_Paragraph(block, offset))
        offset += len(block) + 2
    return "\n\n".join(blocks), paragraphs


def _structure(blocks: list[str], *, default_title: str) -> ArticleDraft:
    text, paragraphs = _layout(blocks)
    title, subtitle, rest = _title_and_subtitle(paragraphs)
    if not title:
        title = default_title or phrase_title(rest[0].text if rest else text, limit=30) or "未命名文章"
    body_paragraphs = [p for p in rest if not (is_sign_off(p.text) or _TRAILER.match(p.text))]
    markers = [_MARKER.match(p.text) for p in body_paragraphs]
    kinds = [m[1] for m in markers if m]
    if "问" in kinds and "答" in kinds[kinds.index("问") :]:
        kind = DocumentKind.INTERVIEW
        lead, topics = _interview_topics(text, body_paragraphs)
    elif sum(1 for p in body_paragraphs if _REGULATION_ARTICLE.match(p.text)) >= 2:
        kind = DocumentKind.REGULATION
        lead, topics = _regulation_topics(text, body_paragraphs)
    else:
        kind = DocumentKind.PROSE
        lead, topics = _prose_topics(text, body_paragraphs)
    topics = [t for t in topics if len(_SUBSTANCE.findall(t.body)) >= MIN_SUBSTANCE_CHARS]
    titles = unique_titles([t.title or phrase_title(t.body) or f"第{n}部分" for n, t in enumerate(topics, 1)])
    return ArticleDraft(
        title=title,
        kind=kind,
        text=text,
        topics=tuple(
            TopicDraft(title=name, question=t.question, body=t.body, start=t.start, end=t.end)
            for name, t in zip(titles, topics)
        ),
        subtitle=subtitle,
        lead=lead,
    )


def _title_and_subtitle(paragraphs: list[_Paragraph]) -> tuple[str, str, list[_Paragraph]]:
    """The article's title line (`# …`, or a short first line) and a `——…` subtitle, and what follows them."""
    title = subtitle = ""
    rest = paragraphs
    if rest:
        heading = _ARTICLE_TITLE.fullmatch(rest[0].text)
        if heading:
            title, rest = heading[1].strip(), rest[1:]
        elif len(rest) > 1 and is_title_like(rest[0].text) and not _is_structural(rest[0].text):
            title, rest = rest[0].text, rest[1:]
    if len(rest) > 1 and len(rest[0].text) <= 120 and "\n" not in rest[0].text:
        candidate = rest[0].text
        if _SUBTITLE.match(candidate) or ("答记者问" in candidate and not candidate.endswith("。")):
            subtitle, rest = candidate, rest[1:]
    return title, subtitle, rest


def _is_structural(text: str) -> bool:
    return bool(
        _MARKER.match(text) or _CHAPTER.match(text) or _REGULATION_ARTICLE.match(text) or _SECTION_HEADING.match(text)
    )


def _span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) past surrounding whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _draft(text: str, *, title: str, question: str, start: int, end: int) -> TopicDraft:
    start, end = _span(text, start, end)
    sign_off = TRAILING_SIGN_OFF.search(text, max(start, end - 70), end)
    if sign_off:  # `……信任度。（据新华社）`: the sign-off is not part of the topic
        start, end = _span(text, start, sign_off.start())
    return TopicDraft(title=title, question=question, body=text[start:end], start=start, end=end)


def _interview_topics(text: str, paragraphs: list[_Paragraph]) -> tuple[str, list[TopicDraft]]:
    """Each 问 with the 答 after it is a topic; what precedes the first 问 is the lead."""
    lead: list[str] = []
    topics: list[TopicDraft] = []
    question: list[str] = []
    answer_start: int | None = None
    answer_end = 0

    def close() -> None:
        if question and answer_start is not None:
            asked = "\n".join(part for part in question if part)
            topics.append(
                _draft(text, title=question_title(asked), question=asked, start=answer_start, end=answer_end)
            )

    for paragraph in paragraphs:
        marker = _MARKER.match(paragraph.text)
        if marker and marker[1] == "问":
            close()
            question, answer_start = [paragraph.text[marker.end() :].strip()], None
        elif marker and marker[1] == "答" and question:
            if answer_start is None:
                answer_start = paragraph.start + marker.end()
            answer_end = paragraph.end
        elif answer_start is not None:
            answer_end = paragraph.end  # a further paragraph of the answer
        elif question:
            question.append(paragraph.text)  # a question running over several paragraphs
        else:
            lead.append(paragraph.text)
    close()
    return "\n".join(lead), [t for t in topics if t.question]


def _regulation_topics(text: str, paragraphs: list[_Paragraph]) -> tuple[str, list[TopicDraft]]:
    """Each 章 is a topic (its 条 lines are the body); without 章, each 条 is one."""
    chapters = [i for i, p in enumerate(paragraphs) if _CHAPTER.fullmatch(p.text) and len(p.text) <= 40]
    if chapters:
        lead = "\n".join(p.text for p in paragraphs[: chapters[0]])
        topics = []
        for position, index in enumerate(chapters):
            heading = paragraphs[index].text
            stop = chapters[position + 1] if position + 1 < len(chapters) else len(paragraphs)
            if stop == index + 1:
                continue
            name = (_CHAPTER.fullmatch(heading) or [heading, ""])[1].strip() or heading.split()[0]
            topics.append(
                _draft(text, title=name, question=heading, start=paragraphs[index + 1].start, end=paragraphs[stop - 1].end)
            )
        return lead, topics
    starts = [i for i, p in enumerate(paragraphs) if _REGULATION_ARTICLE.match(p.text)]
    lead = "\n".join(p.text for p in paragraphs[: starts[0]])
    topics = []
    for position, index in enumerate(starts):
        stop = starts[position + 1] if position + 1 < len(starts) else len(paragraphs)
        first = paragraphs[index].text
        label = _REGULATION_ARTICLE.match(first)
        number = first[: label.end()].strip() if label else ""
        name = phrase_title(first[label.end() :] if label else first) or number
        topics.append(
            _draft(text, title=name, question=number, start=paragraphs[index].start, end=paragraphs[stop - 1].end)
        )
    return lead, topics


def _section_heading(text: str) -> str | None:
    """The words of a `## …` or `一、…` section heading, or None for a body paragraph."""
    match = _SECTION_HEADING.fullmatch(text)
    if match is None and is_title_like(text.replace("、", "", 1)):
        match = _NUMBERED_HEADING.fullmatch(text)
    if match is None or "\n" in text:
        return None
    words = re.sub(r"^(?:[A-Za-z][.、]?\s+|[一二三四五六七八九十]+、|\d+[.、．]\s*|（[一二三四五六七八九十\d]+）)", "", match[1])
    return words.strip().rstrip("。；：:;") or match[1].strip() or None


def _prose_topics(text: str, paragraphs: list[_Paragraph]) -> tuple[str, list[TopicDraft]]:
    """Sections under headings are topics; without headings, runs of a few paragraphs are."""
    headings = [(i, _section_heading(p.text)) for i, p in enumerate(paragraphs)]
    sections = [(i, words) for i, words in headings if words]
    if sections:
        lead = "\n".join(p.text for p in paragraphs[: sections[0][0]])
        topics = []
        for position, (index, words) in enumerate(sections):
            stop = sections[position + 1][0] if position + 1 < len(sections) else len(paragraphs)
            if stop > index + 1:
                topics.append(
                    _draft(
                        text,
                        title=words,
                        question=paragraphs[index].text,
                        start=paragraphs[index + 1].start,
                        end=paragraphs[stop - 1].end,
                    )
                )
        return lead, topics
    topics = []
    group: list[_Paragraph] = []
    for paragraph in paragraphs:
        group.append(paragraph)
        if len(group) >= PROSE_TOPIC_PARAGRAPHS or sum(len(p.text) for p in group) >= PROSE_TOPIC_CHARS:
            topics.append(_prose_draft(text, group))
            group = []
    if group:
        topics.append(_prose_draft(text, group))
    return "", topics


def _prose_draft(text: str, group: list[_Paragraph]) -> TopicDraft:
    name = phrase_title(group[0].text) or "正文"
    return _draft(text, title=name, question="", start=group[0].start, end=group[-1].end)
