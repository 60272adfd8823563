"""Flashcards and questions of an article, written from its propositions, deterministic for (input, seed)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from question_bank.distractors import outsiders_for
from question_bank.drafts import ArticleDraft, DocumentKind
from question_bank.item_drafts import FlashcardDraft, QuestionDraft
from question_bank.drafts import QuestionType
from question_bank.sanctions import range_pool, sanction_items, sanction_rules, subject_of
from question_bank.sentences import split_sentences
from question_bank.propositions import (
    Proposition, extract_propositions, interview_enumerations, members, interview_lists, interview_responsibilities,
    interview_sequences,
)
from question_bank.writers import (
    Setting, duty_matches, limit_matches, list_questions, match_question, pair_questions, pairs_of, point_items, quantity_homes, statement_questions,
)

__all__ = ["FlashcardDraft", "QuestionDraft", "TopicItems", "ArticleItems", "generate_article", "law_name"]

@dataclass(frozen=True)
class TopicItems:
    """Everything generated for one topic."""

    questions: tuple[QuestionDraft, ...]
    flashcards: tuple[FlashcardDraft, ...]


@dataclass(frozen=True)
class ArticleItems:
    """An article's propositions by topic and the items written from them, topic by topic."""

    propositions: tuple[tuple[Proposition, ...], ...]
    topics: tuple[TopicItems, ...]


def law_name(article: ArticleDraft) -> str:
    """How items name the source: a regulation by its title (《信访工作条例》), else the 《…》 named most often."""
    if article.kind is DocumentKind.REGULATION:
        return f"《{re.sub(r'（[^）]*）', '', article.title).strip()}》"
    names = Counter(re.findall(r"《[^《》]{1,20}》", article.text)).most_common(1)
    return names[0][0] if names and names[0][1] >= 2 else f"《{article.title[:20]}》"


def generate_article(article: ArticleDraft, *, seed: int = 0) -> ArticleItems:
    """Propositions of every topic and the questions and flashcards written from them."""
    law = law_name(article)
    regulation = article.kind is DocumentKind.REGULATION
    props: list[list[Proposition]] = []
    for index, topic in enumerate(article.topics):
        found = extract_propositions(topic, text=article.text, kind=article.kind, law=law, index=index)
        if not regulation:
            provision = f"{law}（答记者问“{topic.title}”部分）"
            found += interview_lists(topic, text=article.text, law=law, provision_of=provision, index=index)
            found += interview_enumerations(topic, text=article.text, provision_of=provision, index=index)
            found += interview_responsibilities(topic, text=article.text, provision_of=provision, index=index)
            found += interview_sequences(topic, text=article.text, law=law, provision_of=provision, index=index)
        props.append(found)
    lists = [p for ps in props for p in ps if p.items]
    for index, found in enumerate(props):
        props[index] = found + [m for p in found if p.items
                                for m in members(p, tuple(outsiders_for(p, lists, document=article.text)),
                                                 pairs=pairs_of(p), law=law)]
    every = [p for ps in props for p in ps]
    setting = Setting(law=law, document=article.text, seed=seed, homes=quantity_homes(every), regulation=regulation)
    lists = [p for p in every if p.items]
    rules = sanction_rules(article.text, article.topics, law=law) if regulation else [[] for _ in article.topics]
    every_rule = [r for rs in rules for r in rs]
    pool, subject = range_pool(article.text), subject_of(article.text)
    topics: list[TopicItems] = []
    for index, topic in enumerate(article.topics):
        questions: list[QuestionDraft] = []
        cards: list[FlashcardDraft] = []
        for prop in props[index]:
            made, made_cards = point_items(prop, setting=setting)
            questions += made
            cards += made_cards
            if prop.items:
                questions += list_questions(prop, outsiders_for(prop, lists, document=article.text), setting=setting)
                questions += pair_questions(prop, setting=setting)
                match = match_question(prop, setting=setting)
                if match is not None:
                    questions.append(match)
        for rule in rules[index]:
            made, made_cards = sanction_items(rule, every=every_rule, pool=pool, law=law, subject=subject, seed=seed)
            questions += made
            cards += made_cards
        if not regulation:
            cards += _novelty_cards(article.text, topic.start, topic.end, law=law)
        topics.append(TopicItems(questions=tuple(questions), flashcards=tuple(cards)))
    topics = _statements(props, topics, setting=setting)
    return ArticleItems(propositions=tuple(tuple(p) for p in props), topics=tuple(topics))


_NOVELTY = re.compile(r"新增“([^“”]{4,30})”(?:两项|一项|[一二三四五六七八九十两]项)?([\u4e00-\u9fff]{2,4}?)[，。；]")


def _novelty_cards(text: str, start: int, end: int, *, law: str) -> list[FlashcardDraft]:
    """What the revision added, as a card: 修订后的《条例》新增了哪些原则？ -> 坚持问题导向、发扬斗争精神."""
    cards = []
    for sentence in split_sentences(text, start=start, end=end):
        match = _NOVELTY.search(sentence.text)
        if match:
            cards.append(FlashcardDraft(
                key=f"novelty-{sentence.start}-card", front=f"与原{law}相比，修订后的{law}新增了哪些{match.group(2)}？",
                back=match.group(1), quote=sentence.text, start=sentence.start, end=sentence.end,
                point=f"novelty-{sentence.start}"))
    return cards


def _statements(props: list[list[Proposition]], topics: list[TopicItems], *,
                setting: Setting) -> list[TopicItems]:
    """下列说法 questions over the document's propositions, stored with the topic of the proposition they test."""
    home = {p.key: i for i, ps in enumerate(props) for p in ps}
    taken = {q.point for t in topics for q in t.questions if q.type is QuestionType.SINGLE}
    extra: dict[int, list[QuestionDraft]] = {}
    every = [p for ps in props for p in ps]
    for question in [*statement_questions(every, setting=setting, taken_single=taken),
                     *duty_matches(every, setting=setting), *limit_matches(every, setting=setting)]:
        extra.setdefault(home[question.point.removesuffix("-duties").removesuffix("-limits")], []).append(question)
    return [TopicItems(questions=t.questions + tuple(extra.get(i, ())), flashcards=t.flashcards)
            for i, t in enumerate(topics)]
