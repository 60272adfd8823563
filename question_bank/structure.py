"""Splitting cleaned text into articles and finding each article's kind and topics (问答 pairs, 章/条, sections)."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path

from question_bank.drafts import ArticleDraft, DocumentKind, TopicDraft
from question_bank.normalize import TRAILING_SIGN_OFF, clean_text, is_sign_off, is_title_like
from question_bank.reading import DocumentError, decode_document

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


# Topic titles --------------------------------------------------------------------------------------------

TITLE_LIMIT = 16
_SENTENCE = re.compile(r"[^。？！?!]+[。？！?!]*")
_REQUEST_CLAUSE = re.compile(r"[，,](?=请问|请您|请你|请介绍|请谈|那么)")
_OPENING = re.compile(r"(?:最后|首先|其次|再次|另外|此外|同时|还有|那么|接下来|再者|下面)[，,]?")
_REQUEST = re.compile(
    r"(?:请问|请?(?:您|你)?(?:再|能否|能不能|可否)?(?:请(?:您|你))?"
    r"(?:介绍|谈谈|谈一谈|说说|说一说|讲讲|讲一讲|解读|解释|阐述|说明|概括|具体谈谈|详细介绍)(?:一下)?)[，,：]?"
)
_SUBJECT = re.compile(r"(?:这次|此次|本次)?(?:新?修订(?:后)?的)?《[^》]{1,30}》(?:中|里)?(?=对|就|关于|针对|在)")
_ABOUT = re.compile(r"(?:对于|关于|针对|就|对(?![外象话比待接照应策称立手]))")
_QUESTION_WORD = r"(?:哪些|什么|哪几个?|几个|何种|怎样的?|如何的?|何)"
_SPECIFIC_NOUN = r"部署|安排|举措|措施|考虑|打算|变化|亮点|特点|成效|进展|意义|作用|目的|背景"
_ASKING_TAIL = re.compile(
    r"(?:都|又|还|主要|具体)?(?:作了|作出了|作出|做了|做出了|做出|提出了|提出|有|明确了|进行了|带来了|包括)?"
    + _QUESTION_WORD
    + r"(?:方面的?)?(?:具体|新的?|重要|重大|主要)?"
    + rf"(?P<noun>规定|规范和完善|规范|完善|要求|新要求|内容|{_SPECIFIC_NOUN})?(?:呢|吗)?$"
    r"|是?(?:如何|怎样|怎么)(?:规定|规范|考虑|安排|部署)的?(?:呢)?$"
    r"|是(?:什么|哪些|怎样的?|如何)(?:呢)?$"
    r"|[，,]?(?:对此|就此)?(?:您|你)?(?:怎么|如何)看(?:待)?(?:呢)?$"
)
_UNDERSTAND = re.compile(r"(?:如何|怎样|怎么)(?:理解|看待|认识|把握)")
_REFERENCE = re.compile(r"(?:此|这|这方面|这一问题|这个问题|这些|上述问题|此事)?")
_DEMAND = re.compile(
    r".{0,12}?(?:明确要求|明确提出|明确指出|多次强调|反复强调|高度重视|作出部署|强调|要求|提出|指出|部署|重视)[，,：]?"
)
_ACTION = re.compile(
    r"(?:要|应当|必须)?(?:充分|更好(?:地)?|进一步|切实|全面|不断|持续|深入|着力|大力)?"
    r"(?:发挥|加强|推进|推动|坚持|完善|健全|强化|落实|做好|抓好|提高|提升|深化|促进|加快|实现|规范)"
)
_CLAUSE_END = re.compile("[，,；;：:、]")
_DISCOURSE = re.compile(
    r"(?:[一二三四五六七八九十]+是|首先|其次|再次|最后|同时|此外|另外|总之|因此|但是|然而|而且|据悉|目前|近日|当前)[，,]?"
)
_EDGE_MARKS = "，,。；;：:！!？?、 “”‘’"


def question_title(question: str) -> str:
    """A short topic name from an interviewer's question: `《条例》对巡视工作原则有什么规定？` -> `巡视工作原则`."""
    sentences = [
        part
        for sentence in _SENTENCE.findall(question.replace("\n", ""))
        for part in _REQUEST_CLAUSE.split(sentence)
        if part.strip("。？！?! ")
    ]
    if not sentences:
        return phrase_title(question)
    name = _asked_subject(sentences[-1])
    if (not name or _REFERENCE.fullmatch(name)) and len(sentences) > 1:
        name = _stated_subject(sentences[-2])
    return _fit(name) or phrase_title(question)


def _asked_subject(sentence: str) -> str:
    """Peel the request, the document's name and the asking words off a question sentence."""
    text = sentence.strip().rstrip("。？！?! ")
    for pattern in (_OPENING, _REQUEST, _UNDERSTAND, _SUBJECT, _ABOUT):
        match = pattern.match(text)
        if match:
            text = text[match.end() :]
            if pattern is _SUBJECT and text.startswith("在"):
                text = text[1:]
    tail = _ASKING_TAIL.search(text)
    if tail and tail.start() > 0:
        noun = tail["noun"] if tail.lastgroup == "noun" or tail["noun"] else None
        text = text[: tail.start()].rstrip("的").removesuffix("方面")
        if noun and re.fullmatch(_SPECIFIC_NOUN, noun):
            text = f"{text}的{noun}"
    return text.strip(_EDGE_MARKS)


def _stated_subject(sentence: str) -> str:
    """The topic of a statement a question refers back to (对此): `党中央要求充分发挥X作用，…` -> `X作用`."""
    text = sentence.strip().rstrip("。？！?! ")
    match = _DEMAND.match(text)
    if match:
        text = text[match.end() :]
    text = _CLAUSE_END.split(text, maxsplit=1)[0]
    match = _ACTION.match(text)
    if match and match.end() < len(text):
        text = text[match.end() :]
    return text.strip(_EDGE_MARKS)


def phrase_title(text: str, *, limit: int = TITLE_LIMIT) -> str:
    """A short phrase from the first sentence of a text, to name a topic or article without a heading."""
    first = _SENTENCE.match(text.strip().replace("\n", ""))
    sentence = first[0] if first else text.strip()
    while (opening := _DISCOURSE.match(sentence)) and opening.end() < len(sentence):
        sentence = sentence[opening.end() :]
    phrase = ""
    for clause in _CLAUSE_END.split(sentence.rstrip("。？！?! ")):
        phrase += clause.strip(_EDGE_MARKS)
        if len(phrase) >= 6:
            break
    return _fit(phrase, limit=limit)


def _fit(name: str, *, limit: int = TITLE_LIMIT) -> str:
    """Trim marks at the edges; past `limit` characters keep the longest clause that fits, or cut with an ellipsis."""
    name = name.strip(_EDGE_MARKS).removesuffix("的")
    if len(name) > limit:
        clauses = [c.strip(_EDGE_MARKS) for c in _CLAUSE_END.split(name)]
        fitting = [c for c in clauses if 2 <= len(c) <= limit]
        name = max(fitting, key=len) if fitting else clauses[0]
    if len(name) > limit:
        name = name[: limit - 1] + "…"
    return name


def unique_titles(titles: list[str]) -> list[str]:
    """The titles, with `（2）`, `（3）` … appended to repeats so that every one is distinct."""
    seen: set[str] = set()
    last_number: dict[str, int] = {}  # per repeated title, the suffix number tried last
    result = []
    for title in titles:
        candidate, number = title, last_number.get(title, 1)
        while candidate in seen:
            number += 1
            candidate = f"{title}（{number}）"
        last_number[title] = number
        seen.add(candidate)
        result.append(candidate)
    return result
