"""Flashcards and questions of six types from a topic's knowledge points, deterministic for (input, seed)."""

from __future__ import annotations

import os
import random
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from question_bank import distractors as dis
from question_bank.drafts import QuestionType, TopicDraft
from question_bank.knowledge import (
    KnowledgeKind, KnowledgePoint, chinese_number, is_verb, key_terms, parse_number, part_of_a_name, word_frequency,
)
from question_bank.sentences import Sentence, clauses, split_sentences
from question_bank.validation import completes_text

BLANK = "（  ）"
MIN_QUESTIONS_PER_TOPIC = 12


@dataclass(frozen=True)
class QuestionDraft:
    """A generated question before storage; `quote == text[start:end]` of the document."""

    key: str
    type: QuestionType
    stem: str
    options: tuple[str, ...] | None
    answer: Any
    answer_text: str
    explanation: str
    quote: str
    start: int
    end: int
    difficulty: int = 2


@dataclass(frozen=True)
class FlashcardDraft:
    """A generated flashcard before storage."""

    key: str
    front: str
    back: str
    quote: str
    start: int
    end: int


@dataclass(frozen=True)
class TopicItems:
    """Everything generated for one topic."""

    questions: tuple[QuestionDraft, ...]
    flashcards: tuple[FlashcardDraft, ...]


@dataclass(frozen=True)
class _Context:
    topic: TopicDraft
    text: str
    pool: SiblingPool
    seed: int

    @property
    def law(self) -> str:
        """The regulation the text is about, named as in the text (《条例》), for 《条例》规定：“……”."""
        return self.pool.law


@dataclass(frozen=True)
class SiblingPool:
    """The sibling lists of a whole document that distractors come from: enumeration items and series terms."""

    items: tuple[str, ...]
    terms: tuple[str, ...]
    bodies: tuple[str, ...] = ()  # the bodies and roles the document names
    law: str = "原文"  # the most named 《…》 of the document, to whom quoted provisions belong
    vocabulary: tuple[str, ...] = ()  # key terms of the whole document (巡视全覆盖, 巡察全覆盖, 政治巡视...)


def distractor_pool(points: list[KnowledgePoint], *, text: str = "", law: str | None = None) -> SiblingPool:
    """Items of every enumeration and terms of every series of a document (each once), its bodies and law.

    `law` names the regulation quoted provisions belong to; by default the 《…》 the text names most often.
    """
    return SiblingPool(
        items=tuple(dict.fromkeys(i for p in points if p.kind is KnowledgeKind.ENUMERATION for i in p.items)),
        terms=tuple(dict.fromkeys(i for p in points if p.kind is KnowledgeKind.SERIES for i in p.items)),
        bodies=tuple(b for b in dis.BODIES if b in text),
        law=law or _most_named_law(text),
        vocabulary=tuple(dict.fromkeys(t for t in key_terms(text) if len(t) >= 3)),
    )


def _most_named_law(text: str) -> str:
    names = Counter(re.findall(r"《[^《》]{1,20}》", text)).most_common(1)
    return names[0][0] if names and names[0][1] >= 2 else "原文"


def generate_topic(
    topic: TopicDraft, *, text: str, points: list[KnowledgePoint], pool: SiblingPool, seed: int = 0
) -> TopicItems:
    """Questions and flashcards for one topic, from its knowledge points and, if needed, its sentences."""
    ctx = _Context(topic=topic, text=text, pool=pool, seed=seed)
    questions: list[QuestionDraft] = []
    topic_card = _topic_card(ctx, points)
    cards: list[FlashcardDraft] = [topic_card] if topic_card is not None else []
    for number, point in enumerate(points):
        key = f"{point.kind.value}-{point.start}-{number}"
        builder = _BUILDERS[point.kind]
        made, card = builder(ctx, point, key)
        questions += [q for q in made if q is not None]
        if card is not None:
            cards.append(card)
    if len(questions) < MIN_QUESTIONS_PER_TOPIC:
        questions += _sentence_questions(ctx, questions, MIN_QUESTIONS_PER_TOPIC - len(questions))
    return TopicItems(questions=tuple(_dedupe(questions)), flashcards=tuple(_dedupe_cards(cards)))


def _dedupe(questions: list[QuestionDraft]) -> list[QuestionDraft]:
    seen: set[tuple[str, str]] = set()
    kept: list[QuestionDraft] = []
    for q in questions:
        if (q.type, q.stem) not in seen and q.key not in {k.key for k in kept}:
            seen.add((q.type, q.stem))
            kept.append(q)
    return kept


def _dedupe_cards(cards: list[FlashcardDraft]) -> list[FlashcardDraft]:
    seen: set[str] = set()
    kept = []
    for card in cards:
        if card.front not in seen:
            seen.add(card.front)
            kept.append(card)
    return kept


def _rng(ctx: _Context, key: str) -> random.Random:
    return random.Random(f"{ctx.seed}:{ctx.topic.start}:{key}")


def _explain(quote: str) -> str:
    return f"依据原文：“{quote}”"


def _question(point: KnowledgePoint, key: str, qtype: QuestionType, **fields: Any) -> QuestionDraft:
    return QuestionDraft(
        key=key, type=qtype, explanation=_explain(point.quote), quote=point.quote, start=point.start,
        end=point.end, **fields,
    )


def _card(point: KnowledgePoint, key: str, front: str, back: str) -> FlashcardDraft:
    return FlashcardDraft(key=key, front=front, back=back, quote=point.quote, start=point.start, end=point.end)


def window(text: str, sentence: Sentence, at: int, length: int, *, local: bool = False) -> tuple[str, str]:
    """The clauses of `sentence` around text[at:at+length], split into the parts before and after it."""
    parts = clauses(sentence)
    index = next((i for i, c in enumerate(parts) if c.start <= at < c.end), 0)
    if local:
        clause = parts[index]
        after = text[at + length:clause.end].rstrip("，,：:；。")
        return text[clause.start:at], after + "。"
    first = last = index
    while first > 0 and parts[index].end - parts[first].start < 30:
        first -= 1
    while last + 1 < len(parts) and parts[last].end - parts[first].start < 45:
        last += 1
    if last + 1 < len(parts) and _COVERB_OPENER.match(parts[last].text):
        last += 1  # 对……等，明确参照……: a clause that opens with a coverb has its verb in the next one
    begin, end = parts[first].start, parts[last].end
    if end < sentence.end and text[end:end + 1] in "，,：:":
        end += 0
    before, after = text[begin:at], text[at + length:end]
    if not after or after[-1] not in "。！？；”":
        after = after.rstrip("，,：:；") + ("……" if end < sentence.end else "。")
    if begin > sentence.start:
        # keep the sentence's opening clause (这次修订《条例》，) so the excerpt has its subject
        opening = parts[0].text
        keep = len(opening) <= _OPENING_MAX and opening[-1] in "，,"
        before = (opening + ("" if first == 1 else "……") if keep else "……") + before
    return before, after


_OPENING_MAX = 20
_COVERB_OPENER = re.compile(r"^(对|在|关于|根据|按照|围绕|为了?)(?!.*[，,：:].)")
_ORDINAL_OPENER = re.compile(r"^[一二三四五六七八九十]是")
_ITEM_AFTER_ELLIPSIS = re.compile(r"^[^…]{0,24}……[一二三四五六七八九十]是")
_STATING = re.compile(r"^(明确|进一步|强调|规定|对|在|把|将|新增|首次|单列|专列)")
_DEMONSTRATIVE_OPENER = re.compile(r"^(?:这一|这些|这项)([\u4e00-\u9fff]{1,4})，")


def self_contained(ctx: _Context, text: str) -> str | None:
    """`text` as a stem that names its own subject, or None when it cannot (it starts mid-sentence).

    A list item (二是进一步明确……) gets the revision as its subject, a bare verb (规定“……”) the regulation,
    a demonstrative (这一规定，……) what it points to; an excerpt from inside a sentence (……以党章为根本依据)
    or an item that is not a statement (四是落实……的情况) cannot stand alone.
    """
    revision = f"这次修订{ctx.law}"
    item = _ITEM_AFTER_ELLIPSIS.match(text)
    if item:  # 这次修订《条例》，……一是落实……的情况: a list item without the list that names it
        return None
    if _ORDINAL_OPENER.match(text):
        rest = text[2:]
        if not _STATING.match(rest):
            return None
        return f"{revision}，{rest}" if revision in ctx.topic.body else f"{ctx.law}{rest}"
    if text.startswith("…"):
        return None
    if _SUBJECTLESS_LEAD.match(text) or text.startswith("进一步"):
        return f"{ctx.law}{text}"  # 规定“……” -> 《条例》规定“……”
    demonstrative = _DEMONSTRATIVE_OPENER.match(text)
    if demonstrative:  # 这一规定，有利于…… -> 《条例》关于巡视领导体制和工作机制的规定，有利于……
        return f"{ctx.law}关于{ctx.topic.title}的{demonstrative.group(1)}，{text[demonstrative.end():]}"
    return text


def _sentence_of(point: KnowledgePoint) -> Sentence:
    return Sentence(point.quote, point.start, point.end)


def _blank_variants(answer: str) -> list[str]:
    """Accepted forms of a blank's answer: Arabic and Chinese numerals, with and without the unit."""
    match = re.fullmatch(r"(\d+)(.*)", answer)
    if not match:
        return [answer]
    number, unit = int(match.group(1)), match.group(2)
    cn = chinese_number(number) if number < 100 else str(number)
    variants = [answer, str(number), cn, cn + unit] if unit else [answer, cn]
    return list(dict.fromkeys(variants))


def cloze(
    ctx: _Context, point: KnowledgePoint, key: str, *, at: int, target: str, wrong: list[str], difficulty: int = 2,
    local: bool = False,
) -> list[QuestionDraft | None]:
    """A fill-in question blanking `target` at document offset `at`, and a single choice with `wrong` options."""
    before, after = window(ctx.text, _sentence_of(point), at, len(target), local=local)
    stem_text = self_contained(ctx, before + BLANK + after)
    if stem_text is None or target in stem_text or "\n" in stem_text:
        return []
    made: list[QuestionDraft | None] = [
        _question(point, f"{key}-blank", QuestionType.BLANK, stem=f"填空：{stem_text}", options=None,
                  answer=[_blank_variants(target)], answer_text=target, difficulty=difficulty)
    ]
    wrong = [w for w in wrong if not completes_text(before, w, after, ctx.topic.body)]
    if len(wrong) >= 3:
        options, correct = dis.shuffled_options([target], wrong[:3], rng=_rng(ctx, key))
        made.append(_question(point, f"{key}-single", QuestionType.SINGLE, stem=f"{stem_text}括号处应填入：",
                              options=options, answer=correct[0], answer_text=target, difficulty=difficulty))
    return made


def judge(point: KnowledgePoint, key: str, *, statement: str, truth: bool, difficulty: int = 2) -> QuestionDraft:
    """A true/false question on one statement."""
    return _question(point, key, QuestionType.JUDGE, stem=statement, options=None, answer=truth,
                     answer_text="正确" if truth else "错误", difficulty=difficulty)


def _statement(ctx: _Context, point: KnowledgePoint, at: int, target: str, replacement: str) -> str | None:
    """The point's sentence (or the clauses around `at` if it is long) with `target` replaced, if it stands alone."""
    sentence = _sentence_of(point)
    if len(sentence.text) <= 110:
        local = at - sentence.start
        text = sentence.text[:local] + replacement + sentence.text[local + len(target):]
        text = text if text[-1] in "。！？”" else text.rstrip("，；：") + "。"
        return self_contained(ctx, text)
    before, after = window(ctx.text, sentence, at, len(target))
    after = after.removesuffix("……") + ("。" if after.endswith("……") else "")  # a statement ends, it does not trail off
    return self_contained(ctx, before + replacement + after)


def statement_judge(point: KnowledgePoint, key: str, *, statement: str | None, truth: bool,
                    difficulty: int = 2) -> QuestionDraft | None:
    """A true/false question on `statement`, or None when there is no statement that stands alone."""
    return None if statement is None else judge(point, key, statement=statement, truth=truth, difficulty=difficulty)


def _topic_card(ctx: _Context, points: list[KnowledgePoint]) -> FlashcardDraft | None:
    """Topic question -> the gist of the answer (its enumeration, else its first sentences)."""
    topic = ctx.topic
    sentences = split_sentences(ctx.text, start=topic.start, end=topic.end)
    if not sentences:
        return None
    enum = next((p for p in points if p.kind is KnowledgeKind.ENUMERATION), None)
    if enum is not None:
        back = "；".join(f"{'一二三四五六七八九十'[i]}是{item}" for i, item in enumerate(enum.items)) + "。"
        first = next((s for s in sentences if s.start <= enum.start < s.end), sentences[0])
        quote_start, quote_end = first.start, enum.end
    else:
        chosen = [s for s in sentences[:2]]
        back = "".join(s.text for s in chosen)
        quote_start, quote_end = chosen[0].start, chosen[-1].end
    question = re.sub(r"^#+\s*(?:[A-Z]\s+)?", "", topic.question)
    front = question if question.endswith(("？", "?")) else f"“{topic.title}”的要点是什么？"
    return FlashcardDraft(key="topic", front=front, back=back, quote=ctx.text[quote_start:quote_end],
                          start=quote_start, end=quote_end)


# --- builders per knowledge kind: (questions, flashcard) ---------------------------------------------


_LEAD_VERBS = re.compile(r"^(明确了|明确|主要有|主要修改了|重点检查|要抓好|从)")


def _intro(ctx: _Context, point: KnowledgePoint) -> str:
    """The sentence announcing an enumeration, with the topic named when the lead alone is vague."""
    if point.subject == "几个方面" and "以下" in point.lead:  # 巡视工作应当坚持以下原则
        return f"关于{ctx.topic.title}，{point.lead}" if point.lead.startswith(("要", "应当", "必须")) else point.lead
    if point.subject == "几个方面":
        return f"关于{ctx.topic.title}，原文分“一是、二是……”列举了几个方面"
    lead = point.lead
    revision = f"这次修订{ctx.law}" if f"这次修订{ctx.law}" in ctx.topic.body else ""
    if _SUBJECTLESS_LEAD.match(lead):  # 明确了……5项原则 -> 这次修订《条例》，明确了……5项原则
        return f"{revision}，{lead}" if revision else f"{ctx.law}{lead}"
    return lead if len(lead) >= 12 else f"关于{ctx.topic.title}，{revision}{lead}"


_SUBJECTLESS_LEAD = re.compile(r"^(明确了|明确|规定了|规定|提出了|提出|强调|新增)")


def _scope(ctx: _Context, point: KnowledgePoint) -> str:
    """What the list is, as a noun phrase: 巡视工作应当遵循的5项原则."""
    phrase = _LEAD_VERBS.sub("", point.lead)
    if point.subject == "几个方面" or len(phrase) < 8:
        return f"原文关于{ctx.topic.title}所列的各项内容"
    return phrase.removesuffix("作出相应规定")


def _enumeration(ctx: _Context, point: KnowledgePoint, key: str) -> tuple[list[QuestionDraft | None], FlashcardDraft]:
    rng = _rng(ctx, key)
    items = list(point.items)
    intro = _intro(ctx, point)
    scope = f"这{point.subject}" if point.subject != "几个方面" else "其中"
    outsiders = dis.sibling_items(items[0], ctx.pool.items, banned_text=ctx.topic.body, count=6, rng=rng)
    outsiders = [o for o in outsiders if all(o not in i and i not in o for i in items)
                 and any(o[:2] == i[:2] for i in items)]  # same kind: 坚持…… only among 坚持……
    made: list[QuestionDraft | None] = []
    if len(outsiders) >= 3:
        correct = rng.choice(items)
        options, answer = dis.shuffled_options([correct], outsiders[:3], rng=rng)
        made.append(_question(point, f"{key}-single", QuestionType.SINGLE, stem=f"{intro}。下列属于{scope}的是：",
                              options=options, answer=answer[0], answer_text=correct, difficulty=2))
    if len(items) >= 4 and outsiders:
        inside = rng.sample(items, 3)
        options, answer = dis.shuffled_options([outsiders[0]], inside, rng=rng)
        made.append(_question(point, f"{key}-single-not", QuestionType.SINGLE,
                              stem=f"以下哪一项不在{_scope(ctx, point)}之中？", options=options, answer=answer[0],
                              answer_text=outsiders[0], difficulty=2))
    if len(items) >= 2 and outsiders:
        members = items if len(items) <= 4 else rng.sample(items, 4)
        wrong = outsiders[: min(2, len(outsiders), 6 - len(members))]
        options, answer = dis.shuffled_options(members, wrong, rng=rng)
        made.append(_question(point, f"{key}-multiple", QuestionType.MULTIPLE,
                              stem=f"{intro}。下列属于{scope}的有（多选）：", options=options, answer=answer,
                              answer_text="；".join(options[i] for i in answer), difficulty=3))
    if 3 <= len(items) <= 6:
        shuffled = items[:]
        while shuffled == items:
            rng.shuffle(shuffled)
        made.append(_question(point, f"{key}-order", QuestionType.ORDER,
                              stem=f"{intro}。请按原文“一是、二是……”的顺序排列下列各项：", options=tuple(shuffled),
                              answer=[shuffled.index(i) for i in items], answer_text="→".join(items), difficulty=3))
        pairs = list(enumerate(items))[:5]
        left = [f"{'一二三四五六'[i]}是" for i, _ in pairs]
        made.append(_question(point, f"{key}-match", QuestionType.MATCH,
                              stem=f"{intro}。请将序号与对应内容连线：", options=tuple(left),
                              answer=[item for _, item in pairs],
                              answer_text="；".join(f"{l}{r}" for l, r in zip(left, (i for _, i in pairs))),
                              difficulty=3))
    item = rng.choice(items)
    made.append(judge(point, f"{key}-judge-true", statement=f"{intro}，其中包括“{item}”。", truth=True, difficulty=1))
    if outsiders:
        made.append(judge(point, f"{key}-judge-false", statement=f"{intro}，其中包括“{outsiders[-1]}”。",
                          truth=False, difficulty=2))
    back = "；".join(f"{'一二三四五六七八九十'[i]}是{it}" for i, it in enumerate(items)) + "。"
    return made, _card(point, key, f"{intro}，分别是什么？", back)


def _count(ctx: _Context, point: KnowledgePoint, key: str) -> tuple[list[QuestionDraft | None], FlashcardDraft | None]:
    rng = _rng(ctx, key)
    value = parse_number(point.answer)
    if value is None:
        return [], None
    unit = point.old
    measure = re.match(r"个月|次|项|个|年|天|秒|章|条|名|人", unit)
    measure_text = measure.group(0) if measure else ""
    target = f"{point.answer}{measure_text}"
    wrong = [f"{n}{measure_text}" for n in dis.near_numbers(value, unit=measure_text, count=4, rng=rng)]
    made = cloze(ctx, point, key, at=point.answer_at, target=target, wrong=wrong, difficulty=1)
    statement = _statement(ctx, point, point.answer_at, target, wrong[0])
    if statement is not None:  # 应当遵循的4项原则：一是……五是…… is false at a glance: stop before the list
        statement = re.sub(r"[：:][一二三四五六七八九十]是.*$", "。", statement)
    made.append(statement_judge(point, f"{key}-judge-false", truth=False, statement=statement, difficulty=2))
    before, after = window(ctx.text, _sentence_of(point), point.answer_at, len(target))
    return made, _card(point, key, f"{before}{BLANK}{after}", target)


def _change(ctx: _Context, point: KnowledgePoint, key: str) -> tuple[list[QuestionDraft | None], FlashcardDraft]:
    rng = _rng(ctx, key)
    new, old = point.answer, point.old
    made: list[QuestionDraft | None] = []
    number = re.fullmatch(r"(\d+)(.*)", new)
    wrong: list[str] = []
    if number:
        unit = number.group(2)
        wrong = [old] + [f"{n}{unit}" for n in dis.near_numbers(int(number.group(1)), unit=unit, count=4, rng=rng)]
        wrong = [w for w in dict.fromkeys(wrong) if w != new]
    made += cloze(ctx, point, key, at=point.answer_at, target=new, wrong=wrong, difficulty=2)
    if number and point.subject:
        options, answer = dis.shuffled_options([new], wrong[:3], rng=rng)
        made.append(_question(point, f"{key}-single-new", QuestionType.SINGLE,
                              stem=f"修订后的{ctx.law}规定，{point.subject}为：", options=options, answer=answer[0],
                              answer_text=new, difficulty=2))
        made.append(judge(point, f"{key}-judge-old", truth=False, difficulty=2,
                          statement=f"修订后的{ctx.law}规定，{point.subject}为{old}。"))
    made.append(statement_judge(point, f"{key}-judge-true", truth=True, difficulty=1,
                                statement=_statement(ctx, point, point.answer_at, new, new)))
    subject = f"关于{point.subject}，" if point.subject else ""
    return made, _card(point, key, f"{subject}这次修订对原{ctx.law}的{old}作了什么调整？", f"{point.lead}为{new}。")


def series_pattern(items: list[str] | tuple[str, ...]) -> tuple[str, str]:
    """The prefix and suffix every term of a series shares (严于律己、严负其责、严管所辖 -> ("严", ""))."""
    prefix = os.path.commonprefix(list(items))
    suffix = os.path.commonprefix([i[::-1] for i in items])[::-1]
    return prefix, suffix


def same_kind(candidate: str, target: str, items: list[str] | tuple[str, ...]) -> bool:
    """A replacement for `target` in its series must have its shape: its length and the series' shared affix.

    政治关 may become 纪律关 (……关), 严负其责 only another 严…… of four characters; a series with no shared
    affix (宣传、统战、政法……) says nothing of its kind, so nothing may replace its terms.
    """
    prefix, suffix = series_pattern(items)
    if not (prefix or suffix) or len(candidate) != len(target):
        return False
    return candidate.startswith(prefix) and candidate.endswith(suffix) and candidate not in items


def _series(ctx: _Context, point: KnowledgePoint, key: str) -> tuple[list[QuestionDraft | None], FlashcardDraft | None]:
    rng = _rng(ctx, key)
    items = list(point.items)
    middle = list(range(1, len(items) - 1)) or [0]
    index = rng.choice(middle)
    target, at = items[index], point.item_starts[index]
    wrong = dis.sibling_items(target, ctx.pool.terms, banned_text=ctx.topic.body, count=6, rng=rng)
    wrong = [w for w in wrong if same_kind(w, target, items)]
    made = cloze(ctx, point, key, at=at, target=target, wrong=wrong, difficulty=2)
    if point.ordered and 3 <= len(items) <= 6:
        shuffled = items[:]
        while shuffled == items:
            rng.shuffle(shuffled)
        noun = point.subject.removesuffix("的规定中") or "各项"
        made.append(_question(point, f"{key}-order", QuestionType.ORDER,
                              stem=f"{ctx.law}规定的下列{noun}，按先后顺序排列正确的是：", options=tuple(shuffled),
                              answer=[shuffled.index(i) for i in items], answer_text="→".join(items), difficulty=2))
    if wrong:
        made.append(statement_judge(point, f"{key}-judge-swap", truth=False, difficulty=2,
                                    statement=_statement(ctx, point, at, target, wrong[0])))
    elif not point.quote.startswith(_DEMONSTRATIVES):
        made.append(statement_judge(point, f"{key}-judge-true", truth=True, difficulty=1,
                                    statement=_statement(ctx, point, at, target, target)))
    if not point.whole:
        return made, None
    first, last = point.item_starts[0], point.item_starts[-1] + len(items[-1])
    before, after = window(ctx.text, _sentence_of(point), first, last - first)
    return made, _card(point, key, f"{before}{BLANK}{after}", "、".join(items))


def _provision_span(point: KnowledgePoint, at: int, length: int) -> tuple[str, str]:
    """The quoted provision around text[at:at+length], as the parts before and after it (inside the quotes)."""
    provision = Sentence(point.answer, point.answer_at, point.answer_at + len(point.answer))
    local = at - provision.start
    if len(provision.text) <= 90:
        return provision.text[:local], provision.text[local + length:]
    parts = clauses(provision)
    index = next((i for i, c in enumerate(parts) if c.start <= at < c.end), 0)
    first, last = max(0, index - 1), min(len(parts) - 1, index + 1)
    before = provision.text[parts[first].start - provision.start:local]
    after = provision.text[local + length:parts[last].end - provision.start].rstrip("，；：")
    return ("……" if first else "") + before, after + ("……" if last < len(parts) - 1 else "")


def _provision(ctx: _Context, point: KnowledgePoint, key: str) -> tuple[list[QuestionDraft | None], FlashcardDraft | None]:
    """Quoted provisions: the modal verb as a choice, a flipped modal as a false statement, a key term blanked."""
    rng = _rng(ctx, key)
    made: list[QuestionDraft | None] = []
    provision, modal = point.answer, point.subject
    if modal:
        at = point.answer_at + provision.index(modal)
        before, after = _provision_span(point, at, len(modal))
        others = [m for m in dis.MODAL_CHOICES if m != modal and modal not in m and m not in modal]
        if modal not in before + after and len(others) >= 3:
            options, answer = dis.shuffled_options([modal], others[:3], rng=rng)
            made.append(_question(point, f"{key}-modal", QuestionType.SINGLE,
                                  stem=f"{ctx.law}规定：“{before}{BLANK}{after}”括号处应填入：",
                                  options=options, answer=answer[0], answer_text=modal, difficulty=2))
        made.append(judge(point, f"{key}-judge-flip", truth=False, difficulty=2,
                          statement=f"{ctx.law}规定：“{before}{dis.flipped_modal(modal)}{after}”。"))
    terms = [t for t in blankable_terms(provision) if t != modal and len(t) >= 3]
    if terms:
        target = max(terms, key=len) if len(terms) < 3 else rng.choice(sorted(terms, key=len)[-3:])
        at = point.answer_at + provision.index(target)
        before, after = _provision_span(point, at, len(target))
        made.append(_question(point, f"{key}-blank", QuestionType.BLANK,
                              stem=f"填空：{ctx.law}规定：“{before}{BLANK}{after}”。", options=None,
                              answer=[_blank_variants(target)], answer_text=target, difficulty=2))
    if not modal:
        before, after = _provision_span(point, point.answer_at, 0)
        made.append(judge(point, f"{key}-judge-true", truth=True, difficulty=1,
                          statement=f"{ctx.law}规定：“{before}{after}”。"))
    head = re.split(r"[，。；]", provision, maxsplit=1)[0]
    if head == provision or len(head) < 4:
        return made, None
    return made, _card(point, key, f"{ctx.law}规定“{head}……”，请补全这一规定。", f"“{provision}”")


def _definition(ctx: _Context, point: KnowledgePoint, key: str) -> tuple[list[QuestionDraft | None], FlashcardDraft]:
    rng = _rng(ctx, key)
    target = point.answer.strip()
    head = target.split("的", 1)[0]
    if "的" in target and len(head) >= 2:
        target = head
    named = " ".join(ctx.pool.bodies)
    wrong = dis.swapped_bodies(target, document_text=named, count=3, rng=rng) if target in dis.BODIES else []
    made = cloze(ctx, point, key, at=point.answer_at, target=target, wrong=wrong, difficulty=1, local=True)
    if wrong:
        before, after = window(ctx.text, _sentence_of(point), point.answer_at, len(target), local=True)
        made.append(statement_judge(point, f"{key}-judge-swap", truth=False, difficulty=2,
                                    statement=self_contained(ctx, before + wrong[0] + after)))
    return made, _card(point, key, f"{point.subject}是什么？", f"{point.subject}是{point.answer}。")


def _novelty(ctx: _Context, point: KnowledgePoint, key: str) -> tuple[list[QuestionDraft | None], FlashcardDraft]:
    made = cloze(ctx, point, key, at=point.answer_at, target=point.answer, wrong=[], difficulty=2)
    made.append(statement_judge(point, f"{key}-judge-true", truth=True, difficulty=1,
                                statement=_statement(ctx, point, point.answer_at, point.answer, point.answer)))
    before, after = window(ctx.text, _sentence_of(point), point.answer_at, len(point.answer))
    return made, _card(point, key, f"{before}{BLANK}{after}", point.answer)


_BUILDERS = {
    KnowledgeKind.ENUMERATION: _enumeration,
    KnowledgeKind.COUNT: _count,
    KnowledgeKind.CHANGE: _change,
    KnowledgeKind.SERIES: _series,
    KnowledgeKind.QUOTE: _provision,
    KnowledgeKind.MODAL: _provision,
    KnowledgeKind.DEFINITION: _definition,
    KnowledgeKind.NOVELTY: _novelty,
}


_DEMONSTRATIVES = ("这一", "这是", "这些", "这对", "这项", "此外", "同时")


def blankable_terms(text: str) -> list[str]:
    """Key terms that occur once in `text` and are not glued to brackets (党委（党组）stays whole)."""
    terms = []
    for term in key_terms(text):
        at = text.find(term)
        if text.count(term) != 1 or text[at - 1:at] in ("（", "）") or text[at + len(term):at + len(term) + 1] in ("（", "）"):
            continue
        terms.append(term)
    return terms


def _sentence_questions(ctx: _Context, have: list[QuestionDraft], wanted: int) -> list[QuestionDraft]:
    """Fill a thin topic with cloze and true/false questions on key terms of its longer sentences."""
    sentences = [s for s in split_sentences(ctx.text, start=ctx.topic.start, end=ctx.topic.end) if len(s.text) >= 12]
    judged = {q.start for q in have if q.type is QuestionType.JUDGE}
    blanked = {q.answer_text for q in have if q.type is QuestionType.BLANK}
    made: list[QuestionDraft] = []
    for sentence in sorted(sentences, key=lambda s: (-len(s.text), s.start)):
        if len(made) >= wanted:
            break
        point = KnowledgePoint(kind=KnowledgeKind.QUOTE, subject="", answer=sentence.text, answer_at=sentence.start,
                               quote=sentence.text, start=sentence.start, end=sentence.end)
        # two-character words only when rare in the topic: 原则 is a key, 巡视 is everywhere
        # ……and a two-character word only when it is a name of its own: not 导向 of 问题导向
        terms = [t for t in blankable_terms(sentence.text)
                 if (len(t) >= 3 or ctx.topic.body.count(t) <= 2 and not part_of_a_name(sentence.text, t))
                 and t not in blanked]
        if not terms:
            continue
        parts = clauses(sentence)
        clause_of = {t: next((i for i, c in enumerate(parts) if t in c.text), -1) for t in terms}
        chosen: list[str] = []
        for term in sorted(terms, key=lambda t: (-len(t), word_frequency(t))):
            if all(clause_of[term] != clause_of[c] for c in chosen) and len(chosen) < (2 if len(sentence.text) >= 40 else 1):
                chosen.append(term)
        key = f"sentence-{sentence.start}"
        for number, term in enumerate(chosen):
            at = sentence.start + sentence.text.index(term)
            made += [q for q in cloze(ctx, point, key if number == 0 else f"{key}-{number + 1}", at=at, target=term,
                                      wrong=[]) if q is not None]
            blanked.add(term)
        if sentence.start in judged or len(sentence.text) > 110 or sentence.text.startswith(_DEMONSTRATIVES):
            continue
        swap = next(((t, s) for t in chosen for s in _sibling_terms(ctx, t)), None)
        if swap is None:
            made += [q for q in [statement_judge(point, f"{key}-judge-true", truth=True, difficulty=1,
                                                 statement=self_contained(ctx, sentence.text))] if q is not None]
        else:
            term, sibling = swap
            made += [q for q in [statement_judge(point, f"{key}-judge-swap", truth=False, difficulty=2,
                                                 statement=self_contained(ctx, sentence.text.replace(term, sibling, 1)))]
                     if q is not None]
    return made


def _sibling_terms(ctx: _Context, term: str) -> list[str]:
    """Terms of the document made like `term` (巡视全覆盖 / 巡察全覆盖) that the topic never uses."""
    return [t for t in ctx.pool.vocabulary
            if t != term and len(t) == len(term) and t[-2:] == term[-2:] and t not in ctx.topic.body
            and term not in t and t not in term and not is_verb(t[:-2])]  # 政治监督 -> 加强监督 is no term
