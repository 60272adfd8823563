"""Topic titles: a short name from an interviewer's question, a phrase, or a section's first words; unique within a document."""

from __future__ import annotations

import re

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
