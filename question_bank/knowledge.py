"""Knowledge points of a topic: enumerations, counts, quotes, changes, series, definitions, novelties, modals."""

from __future__ import annotations

import enum
import logging
import marshal
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from question_bank.drafts import TopicDraft
from question_bank.sentences import Sentence, split_sentences

DOMAIN_WORDS = (
    "巡视", "巡察", "党组织", "被巡视党组织", "一把手", "回头看", "提级巡视", "常规巡视", "专项巡视", "机动巡视",
    "巡视组", "巡视机构", "巡视整改", "成果运用", "政治巡视", "政治监督", "纪检监察机关", "组织部门", "主体责任",
    "巡视工作领导小组", "巡视全覆盖", "巡察全覆盖", "巡视建议书", "问题线索", "党委（党组）", "两个维护",
    "全面从严治党", "民主集中制", "立行立改", "边巡边查", "一岗双责", "党风廉政建设", "中央八项规定",
)
CN_DIGITS = "零一二三四五六七八九"
ORDINALS = "一二三四五六七八九十"
COUNT_UNITS = ("个月", "次", "项", "个方面", "年", "天", "秒", "章", "条")
MODALS = ("必要时可以", "应当", "不得", "可以")
_NUMBER = r"(\d+|[两二三四五六七八九十]{1,3})"


class KnowledgeKind(enum.StrEnum):
    """What kind of fact a knowledge point holds."""

    ENUMERATION = "enumeration"  # 一是……二是……
    SERIES = "series"  # 宣传、统战、政法……等
    COUNT = "count"  # 50次, 6个月
    CHANGE = "change"  # 将……调整为……
    QUOTE = "quote"  # “……” provision
    DEFINITION = "definition"  # X是Y
    NOVELTY = "novelty"  # 新增, 首次, 单列
    MODAL = "modal"  # 应当/可以/不得


@dataclass(frozen=True)
class KnowledgePoint:
    """One fact with its exact source span in the document text.

    `answer` is the key text (count, new value, defined term, quoted provision...) and `answer_at` its
    document offset (inside the quote) or -1; `items`/`item_starts` hold enumeration and series members.
    """

    kind: KnowledgeKind
    subject: str
    answer: str
    answer_at: int
    quote: str
    start: int
    end: int
    items: tuple[str, ...] = ()
    item_starts: tuple[int, ...] = ()
    old: str = ""
    lead: str = ""
    ordered: bool = False
    whole: bool = True  # False when a series' first item had to be cut out of a longer phrase


def chinese_number(value: int) -> str:
    """Write 1..99 in Chinese numerals (6 -> 六, 50 -> 五十)."""
    if value < 10:
        return CN_DIGITS[value]
    tens, ones = divmod(value, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


def parse_number(text: str) -> int | None:
    """Read an Arabic or simple Chinese number (两, 十五, 五十)."""
    if text.isdigit():
        return int(text)
    text = text.replace("两", "二")
    if not text or any(c not in CN_DIGITS + "十" for c in text):
        return None
    if "十" not in text:
        return CN_DIGITS.index(text) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    return (CN_DIGITS.index(tens) if tens else 1) * 10 + (CN_DIGITS.index(ones) if ones else 0)


DOMAIN_WORD_FREQ = 20000


_NOUN_TAGS = ("n", "nz", "nt", "ns")
_FUNCTION_TAGS = ("c", "m", "d", "p", "r", "u")  # conjunctions, numerals, adverbs, prepositions, pronouns, particles
_PHRASE_TAGS = ("l", "i", "z")  # set phrases, idioms, descriptive words: 高度重视, 认真落实, 各负其责


@dataclass(frozen=True)
class _Lexicon:
    """What the pipeline needs of jieba's dictionary (with the domain words added)."""

    freq: dict[str, int | str]  # counts stay text until a word is looked up
    nouns: frozenset[str]  # two-character words tagged as nouns
    function_words: frozenset[str]  # words tagged as conjunctions, numerals, adverbs, prepositions...
    phrases: frozenset[str]  # longer words tagged as set phrases or idioms (高度重视, 重要讲话)
    verbs: frozenset[str]  # two-character words tagged as verbs (加强, 重视, 安排)
    total: int
    longest: int


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    """jieba's dictionary, read once per process (through a marshal copy in the temp folder, keyed by its size
    and time): a fraction of what jieba needs to build or load the prefix dictionary of all 349,000 words,
    so each text gets a tokenizer of only the words it holds.
    """
    import jieba

    jieba.setLogLevel(logging.WARNING)
    path = Path(jieba.__file__).resolve().parent / "dict.txt"
    stat = path.stat()
    cache = Path(tempfile.gettempdir()) / f"xunxue-jieba-{stat.st_size}-{stat.st_mtime_ns}-v5.marshal"
    try:
        freq, nouns, function_words, phrases, verbs, total, longest = marshal.loads(cache.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        rows = re.findall(r"^(\S+) (\d+) ?(\S*)", path.read_text(encoding="utf-8"), flags=re.MULTILINE)
        freq = {word: count for word, count, _ in rows}
        nouns = frozenset(word for word, _, tag in rows if tag in _NOUN_TAGS and len(word) == 2)
        function_words = frozenset(word for word, _, tag in rows if tag in _FUNCTION_TAGS)
        phrases = frozenset(word for word, _, tag in rows if tag in _PHRASE_TAGS and len(word) >= 3)
        verbs = frozenset(word for word, _, tag in rows if tag == "v" and len(word) == 2)
        total = sum(int(count) for _, count, _ in rows)  # every line counts, as in jieba's own total
        longest = max(len(word) for word in freq)
        _write_quietly(cache, marshal.dumps((freq, nouns, function_words, phrases, verbs, total, longest)))
    for word in DOMAIN_WORDS:  # as jieba.add_word(word, freq) does
        total += DOMAIN_WORD_FREQ
        freq[word] = DOMAIN_WORD_FREQ
    return _Lexicon(freq=freq, nouns=nouns, function_words=function_words, phrases=phrases, verbs=verbs, total=total,
                    longest=max(longest, *(len(w) for w in DOMAIN_WORDS)))


def _write_quietly(path: Path, data: bytes) -> None:
    """Write a cache file atomically; a cache that cannot be written is simply not used."""
    try:
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as handle:
            handle.write(data)
        os.replace(handle.name, path)
    except OSError:
        pass


def segment(text: str) -> list[str]:
    """Cut `text` into words exactly as jieba would with the domain words added (HMM for unknown words)."""
    import jieba

    lexicon = _lexicon()
    freq, total, longest = lexicon.freq, lexicon.total, lexicon.longest
    local: dict[str, int] = {}
    for i in range(len(text)):
        for j in range(i + 1, min(len(text), i + longest) + 1):
            word = text[i:j]
            count = freq.get(word)
            if count is not None:
                local[word] = int(count)
                for k in range(1, len(word)):
                    local.setdefault(word[:k], 0)
    tokenizer = jieba.Tokenizer()
    # A prefix dictionary restricted to the words of this text gives jieba the same DAG and, with the full
    # total, the same route; only the start-up cost differs.
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = local, total, True
    return list(tokenizer.cut(text))


def key_terms(text: str) -> list[str]:
    """Content words of `text` worth blanking (domain words and longer nouns), in order of appearance."""
    return [w for w in segment(text) if len(w) >= 2 and _is_term(w)]


_STOP_TERMS = frozenset(
    "这次 修订 条例 明确 规定 进一步 强调 要求 工作 有关 开展 加强 推进 推动 坚持 实践 情况 方面 问题 "
    "重要 以及 同时 其中 各级 我们 他们 目前 一些 可以 应当 不得 需要 作出 提出 具有 进行 没有 相应 "
    "明确规定 明确要求 严肃查处 建立健全 各项规定 有关规定 重要意义 即便如此 尽管如此 换句话说 也就是说 总而言之 与此同时 实践中 以来 以下 有的 之际 就是 还是 如果 那么 什么 哪些 如何 总书记 同志 社会主义 中国特色 新时代 思想 习近平 一系列".split()
)


def word_frequency(word: str) -> int:
    """How common a word is in jieba's dictionary (0 if unknown): the rarer, the more telling a blank."""
    return int(_lexicon().freq.get(word, 0))


def _is_term(word: str) -> bool:
    """A word worth blanking: a domain word, a noun of two characters, or a longer content word."""
    if word in _STOP_TERMS or word.startswith("习近平") or not re.fullmatch(r"[\u4e00-\u9fff（）]+", word):
        return False
    lexicon = _lexicon()
    if word in DOMAIN_WORDS or word.endswith(("关", "部", "制", "组", "会", "权")):
        return True
    if len(word) == 2:  # a noun, neither rare enough to be odd nor common enough to be vague (形式, 事项)
        return word in lexicon.nouns and 20 <= word_frequency(word) <= 2000
    # a noun phrase: not a function word, nor an adverb phrase such as 始终保持 / 不断提高, nor a set phrase or
    # verb phrase (高度重视, 认真落实, 统筹安排) that any reader completes without knowing the text
    return (word not in lexicon.function_words and word[:2] not in lexicon.function_words
            and word not in lexicon.phrases and word[-2:] not in lexicon.verbs)


def part_of_a_name(text: str, word: str) -> bool:
    """Whether `word` in `text` is one half of a longer phrase: right next to another content word
    (问题导向, 巡视汇报, 职责使命), where 以党章为 or 对……的政治监督 leave it standing alone."""
    words = segment(text)
    lexicon = _lexicon()

    def content(w: str) -> bool:
        return w in DOMAIN_WORDS or (len(w) >= 2 and bool(re.fullmatch(r"[\u4e00-\u9fff]+", w))
                                     and w not in lexicon.function_words)

    for k, token in enumerate(words):
        if token == word:
            return any(content(w) for w in words[k - 1:k] + words[k + 1:k + 2])
    return False


def is_verb(word: str) -> bool:
    """Whether jieba's dictionary tags a two-character word as a verb (加强, 推进)."""
    return word in _lexicon().verbs


def extract_knowledge(topic: TopicDraft, *, text: str, provisions: bool = False) -> list[KnowledgePoint]:
    """All knowledge points of one topic; offsets index into the article `text`.

    With `provisions` (a regulation's text), every sentence with a modal verb is itself a provision.
    """
    sentences = split_sentences(text, start=topic.start, end=topic.end)
    points: list[KnowledgePoint] = []
    if provisions:
        points += [p for s in sentences for p in _article_provisions(s)]
    points += _enumerations(text, topic, sentences)
    for sentence in sentences:
        points += _changes(sentence)
        points += _counts(sentence)
        points += _series(sentence)
        points += _definitions(sentence)
        points += _novelties(sentence)
        points += _quotes(sentence)
    return _unique(points)


def _unique(points: list[KnowledgePoint]) -> list[KnowledgePoint]:
    seen: set[tuple[str, str, int]] = set()
    kept = []
    for point in points:
        key = (point.kind, point.answer, point.start)
        if key not in seen and point.answer.strip():
            seen.add(key)
            kept.append(point)
    return kept


# --- enumerations: 一是……二是…… ---------------------------------------------------------------

_ORDINAL = re.compile(r"(?:(?<=^)|(?<=[：:，。；\s]))([一二三四五六七八九十])是")
_LEAD_COUNT = re.compile(r"(?<![第\d])" + _NUMBER + r"(项|个|条|种)([\u4e00-\u9fff]{0,6})")


def _enumerations(text: str, topic: TopicDraft, sentences: list[Sentence]) -> Iterator[KnowledgePoint]:
    markers = [(m.start(), ORDINALS.index(m.group(1))) for m in _ORDINAL.finditer(text, topic.start, topic.end)]
    index = 0
    while index < len(markers):
        if markers[index][1] != 0:
            index += 1
            continue
        run = [markers[index][0]]
        j = index + 1
        while j < len(markers) and markers[j][1] == len(run):
            run.append(markers[j][0])
            j += 1
        index = j
        if len(run) < 2:
            continue
        yield from _enumeration(text, topic, sentences, run)


def _enumeration(text: str, topic: TopicDraft, sentences: list[Sentence], run: list[int]) -> Iterator[KnowledgePoint]:
    items, starts = [], []
    for k, begin in enumerate(run):
        item_start = begin + 2
        stop = run[k + 1] if k + 1 < len(run) else topic.end
        body = text[item_start:stop]
        head = _item_head(body)
        if not head:
            return
        items.append(head)
        starts.append(item_start)
    first = next((s for s in sentences if s.start <= run[0] < s.end or s.start >= run[0]), None)
    if first is None:
        return
    lead_sentence = first
    if text[first.start:run[0]].strip(" ：:") == "":
        before = [s for s in sentences if s.end <= first.start]
        lead_sentence = before[-1] if before else first
        lead_text = lead_sentence.text
    else:
        lead_text = text[first.start:run[0]]
    lead = _lead_clause(lead_text)
    last_end = _item_end(text, starts[-1], topic.end)
    quote_start, quote_end = lead_sentence.start, max(last_end, lead_sentence.end)
    count = _LEAD_COUNT.search(lead)
    subject = re.split(r"作出|进行|提出", count.group(0))[0] if count else "几个方面"
    if count and parse_number(count.group(1)) not in (None, len(items)):
        return
    yield KnowledgePoint(
        kind=KnowledgeKind.ENUMERATION,
        subject=subject,
        answer="；".join(items),
        answer_at=-1,
        quote=text[quote_start:quote_end],
        start=quote_start,
        end=quote_end,
        items=tuple(items),
        item_starts=tuple(starts),
        lead=lead,
        ordered=True,
    )
    if count:
        at = lead_sentence.start + lead_sentence.text.find(count.group(0)) if count.group(0) in lead_sentence.text else -1
        if at >= 0:
            yield KnowledgePoint(
                kind=KnowledgeKind.COUNT, subject=lead, answer=count.group(1), answer_at=at,
                quote=lead_sentence.text, start=lead_sentence.start, end=lead_sentence.end,
                old=count.group(2) + count.group(3),
            )


def _item_head(body: str) -> str:
    """A short label for an enumeration item: its first sentence, or first clause if that is long."""
    head = re.split(r"[。；]", body, maxsplit=1)[0].strip("，, ")
    if len(head) > 40:
        parts = head.split("，")
        adverbial = re.match(r"(在|对于|关于|根据|为了?).*(中|上|下|时|方面|基础)$", parts[0])
        head = parts[1] if adverbial and len(parts) > 1 else parts[0]
        if not adverbial and _COVERB_TAIL.search(head) and len(parts) > 1 and len(head + parts[1]) < 60:
            return f"{head}，{parts[1]}"  # ……应当结合各自职责定位 says how, not what: keep the verb that follows
    if 40 < len(head) <= 50:
        return head
    if len(head) > 40 and "、" in head:
        head = head.split("、", 1)[0]
    if len(head) > 40 or len(head) < 2 or "“" in head and "”" not in head:
        return ""
    return head


_COVERB_TAIL = re.compile(r"(应当|要|须)(结合|根据|按照|围绕|依据|通过|对|在|从)[^，。；]*$")


def _item_end(text: str, item_start: int, stop: int) -> int:
    match = re.search(r"[。；]", text[item_start:stop])
    return item_start + match.end() if match else stop


_LEAD_PREFIX = re.compile(r"^(这次修订《条例》|具体来说|同时|此外)[，,]?")


def _lead_clause(lead: str) -> str:
    """The clause of the lead that announces the list (the one with the count, else the last)."""
    parts = [p for p in re.split(r"[，。：:]", lead) if p.strip()]
    if not parts:
        return ""
    with_count = [p for p in parts if _LEAD_COUNT.search(p)]
    clause = (with_count or parts)[-1 if not with_count else 0]
    return _LEAD_PREFIX.sub("", clause).strip()


# --- counts, changes -------------------------------------------------------------------------------

_COUNT = re.compile(r"(?<![\d一二三四五六七八九十第])(\d+)(个工作日|个月|次|项|个方面|年|天|日|秒|章|条|名|人)")
_CHANGE = re.compile(r"将(原《条例》)?(?:规定的)?([^，。；]{1,40}?)(调整|修改|改|整合)为([^，。；]{1,30})")


def _counts(sentence: Sentence) -> Iterator[KnowledgePoint]:
    changes = [m.span() for m in _CHANGE.finditer(sentence.text)]
    for match in _COUNT.finditer(sentence.text):
        if any(a <= match.start() < b for a, b in changes):
            continue
        if re.match(r"[\d.%]", sentence.text[match.end():match.end() + 1]):
            continue
        yield KnowledgePoint(
            kind=KnowledgeKind.COUNT, subject=_subject_before(sentence.text, match.start()),
            answer=match.group(1), answer_at=sentence.start + match.start(), quote=sentence.text,
            start=sentence.start, end=sentence.end, old=match.group(2),
        )


def _changes(sentence: Sentence) -> Iterator[KnowledgePoint]:
    for match in _CHANGE.finditer(sentence.text):
        old, new = match.group(2).strip(), match.group(4).strip()
        new_at = match.start(4)
        if new.startswith("“") and new.endswith("”"):
            new, new_at = new[1:-1], new_at + 1
        if not old or not new or old == new:
            continue
        about = re.search(r"关于([^，。]{2,20})[，,]", sentence.text[: match.start()])
        yield KnowledgePoint(
            kind=KnowledgeKind.CHANGE, subject=about.group(1) if about else "",
            answer=new, answer_at=sentence.start + new_at, quote=sentence.text,
            start=sentence.start, end=sentence.end, old=old, lead=match.group(3),
        )


def _trailing_words(text: str, length: int) -> str:
    """The shortest run of whole words at the end of `text` that is at least `length` characters long."""
    words = segment(text)
    function_words = _lexicon().function_words
    tail = ""
    while words and len(tail) < length:
        if tail and words[-1] in function_words:
            break  # 由组长 -> 组长: a preposition or conjunction is not part of the item
        tail = words.pop() + tail
    return tail


def _subject_before(text: str, at: int) -> str:
    clause_start = max(text.rfind(c, 0, at) for c in "，。；：") + 1
    return text[clause_start:at]


# --- series: 宣传、统战、政法……等 --------------------------------------------------------------

_SERIES = re.compile(r"(?:[\u4e00-\u9fffA-Za-z‘’（）]{1,12}、){2,}[\u4e00-\u9fffA-Za-z‘’（）]{1,12}")


def _series(sentence: Sentence) -> Iterator[KnowledgePoint]:
    for match in _SERIES.finditer(sentence.text):
        rest = re.split(r"[，。；：“”]", sentence.text[match.end():], maxsplit=1)[0]
        if "、" in rest or sentence.text[match.start() - 1:match.start()] == "、":
            continue  # a term longer than a series term: this is not the whole list
        terms = match.group(0).split("、")
        offset = match.start()
        others = terms[1:-1]
        width = max(len(t) for t in others)
        first = terms[0]
        clause_start = not re.search(r"[\u4e00-\u9fffA-Za-z]", sentence.text[match.start() - 1:match.start()])
        if "和" in first[1:] or "及" in first[1:]:
            first = re.split(r"[和及]", first)[-1]
        if len(first) > len(terms[1]) + 1:
            first = _trailing_words(first, len(terms[1]))
        last = terms[-1]
        after = sentence.text[match.end():]
        tail = ""
        cut = re.search(r"等|和|及|以及|的", last)
        alike = len(terms[-2]) >= 3 and last[: len(terms[-2])][-2:] == terms[-2][-2:]
        if cut and cut.start() >= 2:
            tail = last[cut.start():] + after
            last = last[: cut.start()]
        elif len(last) > width + 1 and alike:
            tail = last[len(terms[-2]):] + after
            last = last[: len(terms[-2])]
        elif len(last) > width + 1:
            continue
        else:
            tail = after
        items = [first, *others, last]
        if any(len(t) < 2 for t in items) or len(set(items)) < len(items):
            continue
        first_at = sentence.start + offset + len(terms[0]) - len(first)
        starts, cursor = [], first_at
        for term in items:
            cursor = sentence.text.index(term, cursor - sentence.start) + sentence.start
            starts.append(cursor)
            cursor += len(term)
        noun = re.match(r"等?([^，。；“”]{0,12}?)(?:[，。；]|应当|和单位|$)", tail)
        procedure = bool(re.match(r"等?(环节|程序|步骤)", tail))
        yield KnowledgePoint(
            kind=KnowledgeKind.SERIES, subject=noun.group(1) if noun else "",
            answer="、".join(items), answer_at=first_at, quote=sentence.text, start=sentence.start,
            end=sentence.end, items=tuple(items), item_starts=tuple(starts), ordered=procedure,
            whole=clause_start,
        )


# --- definitions, novelties, quotes, modals -----------------------------------------------------------

_DEFINITION = re.compile(r"^([\u4e00-\u9fff（）《》]{2,16}?)(?<![一二三四五六七八九十别就还但而也都只正总这])是([^，。；！？]{3,30})")
_NOVELTY = re.compile(
    r"(新增一章对|单列一章对|单列一条对|新增|首次把)(“[^”]{2,30}”|[^，。；“]{2,20}?)(作出规定|两项原则|纳入|[，。；])"
)


def _definitions(sentence: Sentence) -> Iterator[KnowledgePoint]:
    match = _DEFINITION.match(sentence.text)
    if match and not match.group(1).startswith(("这", "那", "它", "其")) and "是" not in match.group(1):
        yield KnowledgePoint(
            kind=KnowledgeKind.DEFINITION, subject=match.group(1), answer=match.group(2),
            answer_at=sentence.start + match.start(2), quote=sentence.text, start=sentence.start, end=sentence.end,
        )


def _novelties(sentence: Sentence) -> Iterator[KnowledgePoint]:
    for match in _NOVELTY.finditer(sentence.text):
        target = match.group(2)
        at = match.start(2)
        if target.startswith("“"):
            target, at = target[1:-1], at + 1
        if target.startswith(("一章", "一条")) or len(target) < 2:
            continue
        yield KnowledgePoint(
            kind=KnowledgeKind.NOVELTY, subject=match.group(1), answer=target, answer_at=sentence.start + at,
            quote=sentence.text, start=sentence.start, end=sentence.end, lead=match.group(3),
        )


_ARTICLE_NUMBER = re.compile(r"^第[一二三四五六七八九十百零]+条\s*")


def _article_provisions(sentence: Sentence) -> Iterator[KnowledgePoint]:
    """A regulation's sentence with 应当/可以/不得 as a provision (its 第X条 label left out)."""
    label = _ARTICLE_NUMBER.match(sentence.text)
    begin = label.end() if label else 0
    provision = sentence.text[begin:].rstrip("。；")
    modal = next((m for m in MODALS if m in provision), "")
    if modal and len(provision) >= 12:
        yield KnowledgePoint(
            kind=KnowledgeKind.MODAL, subject=modal, answer=provision, answer_at=sentence.start + begin,
            quote=sentence.text, start=sentence.start, end=sentence.end,
        )


_QUOTE = re.compile(r"(?:规定|明确|要求|指出)“([^“”]{12,})”")


def _quotes(sentence: Sentence) -> Iterator[KnowledgePoint]:
    """Provisions quoted as what a text lays down (规定“……”, 明确要求“……”), not any quoted speech."""
    for match in _QUOTE.finditer(sentence.text):
        provision = match.group(1)
        modal = next((m for m in MODALS if m in provision), "")
        yield KnowledgePoint(
            kind=KnowledgeKind.MODAL if modal else KnowledgeKind.QUOTE, subject=modal, answer=provision,
            answer_at=sentence.start + match.start(1), quote=sentence.text, start=sentence.start, end=sentence.end,
        )
