"""Which conduct draws which sanction: the heart of a discipline regulation, asked as 单选, 判断 and a card.

A 款 such as `参与赌博的，给予警告或者记过处分；情节较重的，给予记大过或者降级处分；……` or a list
`有下列行为之一的，给予记大过处分；……：（一）…的；` binds a conduct to a range of sanctions. The item
blanks the range for the base case and shows the rest of the ladder, so that exactly one option fits;
the wrong options are other ranges on the same scale, none of them set in the same article.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass

from question_bank.drafts import QuestionType, TopicDraft
from question_bank.item_drafts import FlashcardDraft, QuestionDraft
from question_bank.lexicon import SANCTIONS
from question_bank.propositions import article_of
from question_bank.sentences import split_sentences

BLANK = "（  ）"
MAX_STEM = 130
MAX_CONDUCT = 40  # a conduct said in a 款 of its own
MAX_MEMBER = 30  # a conduct listed as an item
MEMBERS_PER_LIST = 2  # items of one list asked: the rest share its range and would repeat the stem

_NAME = "|".join(sorted(SANCTIONS, key=len, reverse=True))
_RANGE = re.compile(rf"(给予|予以)((?:{_NAME})(?:(?:、|或者)(?:{_NAME}))*)(处分)?")
_LABEL = re.compile(r"^第[一二三四五六七八九十百零]+条\s*")
_ITEM = re.compile(r"^[（(]([一二三四五六七八九十]+)[）)](.+?)[；;。]?$")
_ITEM_REFERENCE = re.compile(r"第[（(]([一二三四五六七八九十]+)[）)]项")
_LEANS = re.compile(r"前款|本条例|本法|依照|下列|第[一二三四五六七八九十百]+条|之一")
_PERSONS = ("行政机关公务员", "公职人员")


@dataclass(frozen=True)
class SanctionRule:
    """One conduct and the sanction range its base case draws, with the rest of its ladder."""

    key: str
    conduct: str  # 参与赌博的
    verb: str  # 给予 / 予以
    base: str  # 警告或者记过
    suffix: str  # 处分, or "" where the law says 予以记过
    rest: str  # ；情节较重的，给予记大过或者降级处分；情节严重的，给予撤职或者开除处分
    provision: str  # 《行政机关公务员处分条例》第三十二条
    deciding: str  # the clause quoted in the explanation
    quote: str
    start: int
    end: int
    nearby: frozenset[frozenset[str]]  # every range set in the same article: never a wrong option
    listed: int = 0  # for a listed conduct, its place among the list's asked items (0 for the first)
    item: str = ""  # for a listed conduct, the item as the list words it


def names(text: str) -> frozenset[str]:
    """The sanctions a range names: 警告、记过或者记大过 -> {警告, 记过, 记大过}."""
    return frozenset(re.findall(_NAME, text))


def _severity(text: str) -> float:
    found = [SANCTIONS.index(n) for n in names(text)]
    return sum(found) / len(found) if found else 0.0


def subject_of(text: str) -> str:
    """Who a discipline regulation's conducts are of: the person it names most often, or ""."""
    counts = {p: text.count(p) for p in _PERSONS}
    best = max(counts, key=lambda p: counts[p])
    return best if counts[best] >= 5 else ""


def sanction_rules(text: str, topics: Sequence[TopicDraft], *, law: str) -> list[list[SanctionRule]]:
    """The sanction rules of each topic (an article), in text order."""
    return [_topic_rules(text, topic, law=law, index=index) for index, topic in enumerate(topics)]


def _topic_rules(text: str, topic: TopicDraft, *, law: str, index: int) -> list[SanctionRule]:
    body = text[topic.start:topic.end]
    nearby = frozenset(names(m.group(2)) for m in _RANGE.finditer(body))
    if not nearby:
        return []
    referenced = set(_ITEM_REFERENCE.findall(body))  # 有前款第(六)项规定行为的，给予开除处分: its own range
    rules: list[SanctionRule] = []
    for sentence in split_sentences(text, start=topic.start, end=topic.end, marks="。：:"):
        label = _LABEL.match(sentence.text)
        said = sentence.text[label.end() if label else 0:]
        first = said.split("；")[0]
        match = _RANGE.search(first)
        if not match or match.start() < 2 or first[match.start() - 1] != "，":
            continue
        conduct = first[:match.start() - 1]
        rest = said[match.end():].rstrip("。：:")
        article = article_of(text, sentence.start, start=topic.start)
        provision = f"{law}{article}"
        common = dict(verb=match.group(1), base=match.group(2), suffix=match.group(3) or "", rest=rest,
                      provision=provision, nearby=nearby)
        if said.endswith(("：", ":")) and re.search(r"有下列(行为|情形)之一", conduct):
            condition = conduct.split("之一")[1].lstrip("的，")  # 有下列行为之一，情节较重的 -> 情节较重的
            rules += _members(text, sentence.end, topic.end, condition=condition, referenced=referenced,
                              lead=f"{first[:match.end()]}", key=f"sanction{index}-{sentence.start}", **common)
            continue
        if not conduct.endswith("的") or not 4 <= len(conduct) <= MAX_CONDUCT or _LEANS.search(conduct):
            continue
        rules.append(SanctionRule(key=f"sanction{index}-{sentence.start}", conduct=conduct,
                                  deciding=first.rstrip("。"), quote=sentence.text, start=sentence.start,
                                  end=sentence.end, **common))  # type: ignore[arg-type]
    return rules


def _members(text: str, after: int, stop: int, *, condition: str, referenced: set[str], lead: str, key: str,
             **common: object) -> list[SanctionRule]:
    """The listed conducts of 有下列行为之一的，给予……： that are short, whole and draw the list's own range."""
    found: list[SanctionRule] = []
    cursor = after
    for line in text[after:stop].split("\n"):
        begin, cursor = cursor, cursor + len(line) + 1
        stripped = line.strip()
        if not stripped:
            continue
        item = _ITEM.match(stripped)
        if not item:
            break
        conduct = item.group(2).rstrip("；;。")
        if item.group(1) in referenced or conduct.startswith("其他") or not conduct.endswith("的") \
                or len(conduct) > MAX_MEMBER or "；" in conduct or _LEANS.search(conduct):
            continue
        start = begin + line.index(stripped)
        said = f"{conduct[:-1]}，{condition}" if condition else conduct
        found.append(SanctionRule(key=f"{key}-{item.group(1)}", conduct=said, deciding=lead, item=conduct,
                                  quote=stripped.rstrip(), start=start, end=start + len(stripped.rstrip()),
                                  listed=len(found), **common))  # type: ignore[arg-type]
        if len(found) == MEMBERS_PER_LIST:
            break
    return found


def rendered(members: frozenset[str]) -> str:
    """A range as papers print it, lightest first: 警告, 警告或者记过, 警告、记过或者记大过."""
    ordered = sorted(members, key=SANCTIONS.index)
    return ordered[0] if len(ordered) == 1 else f"{'、'.join(ordered[:-1])}或者{ordered[-1]}"


def range_pool(text: str) -> list[str]:
    """Every range the document sets, then each sanction, each two and three neighbouring ones, in one form."""
    seen = {names(m.group(2)) for m in _RANGE.finditer(text)}
    seen |= {frozenset((name,)) for name in SANCTIONS}
    seen |= {frozenset(pair) for pair in zip(SANCTIONS, SANCTIONS[1:])}
    seen |= {frozenset(three) for three in zip(SANCTIONS, SANCTIONS[1:], SANCTIONS[2:])}
    return sorted((rendered(s) for s in seen), key=lambda r: (len(names(r)), _severity(r)))


def wrong_ranges(rule: SanctionRule, pool: Sequence[str], *, rng: random.Random) -> list[str]:
    """Three ranges on the same scale that do not fit: none set in the same article or inside one of its tiers
    (so none is what the conduct draws when serious), none inside the key or holding it (记过 for 记过或者记大过 is half right);
    as many sanctions as the key where three such exist, nearest in severity first."""
    key = names(rule.base)
    fit = [r for r in pool if not any(names(r) <= tier for tier in rule.nearby)  # 降级 of 降级或者撤职 fits when 较重
           and not names(r) <= key and not key <= names(r)]
    rng.shuffle(fit)
    fit.sort(key=lambda r: (abs(len(names(r)) - len(key)), abs(_severity(r) - _severity(rule.base))))
    near = fit[:5]  # three of the five nearest, so that items on one range do not all offer the same four
    rng.shuffle(near)
    return sorted(near[:3], key=fit.index)


def _stem(rule: SanctionRule, filler: str, *, law: str, subject: str) -> str:
    """The conduct and its base range; the heavier tiers are left out, so no option is ruled out by the stem."""
    who = "" if not subject or rule.conduct.startswith(_PERSONS) else subject
    return f"根据{law}，{who}{rule.conduct}，{rule.verb}{filler}{rule.suffix}。"


def _homes(rules: Sequence[SanctionRule]) -> dict[frozenset[str], SanctionRule]:
    homes: dict[frozenset[str], SanctionRule] = {}
    for rule in rules:
        homes.setdefault(names(rule.base), rule)
    return homes


def _why(rule: SanctionRule, wrong: str, homes: dict[frozenset[str], SanctionRule]) -> str:
    other = homes.get(names(wrong))
    if other is not None and other.provision != rule.provision:
        article = other.provision[other.provision.rfind("》") + 1:]
        return f"“{wrong}”是{article}对{other.conduct.removesuffix('的')}的处分幅度，不是本行为的。"
    return f"{rule.provision[rule.provision.rfind('》') + 1:]}未规定“{wrong}”。"


def _ladder(rule: SanctionRule) -> str:
    """The whole ladder as a card's back: 警告或者记过处分；情节较重的，给予记大过或者降级处分…, or the base alone."""
    whole = f"{rendered(names(rule.base))}{rule.suffix}{rule.rest}"
    return whole if len(whole) <= 60 and not re.search(r"[^，；]的，(给予|予以)", rule.rest.split("情节")[0]) \
        else f"{rendered(names(rule.base))}{rule.suffix}"


def sanction_items(rule: SanctionRule, *, every: Sequence[SanctionRule], pool: Sequence[str], law: str,
                   subject: str, seed: int) -> tuple[list[QuestionDraft], list[FlashcardDraft]]:
    """A 单选 on the range, a 判断 (true or with the nearest wrong range) and a card, on one knowledge point."""
    rng = random.Random(f"{seed}:{rule.key}")
    wrong = wrong_ranges(rule, pool, rng=rng)
    homes = _homes(every)
    deciding = rule.deciding if len(rule.deciding) <= 80 else rule.deciding[:78] + "……"
    listed = f"，所列行为包括“{rule.item}”" if rule.item else ""
    cite = f"依据{rule.provision}：“{deciding}”{listed}。"
    common = dict(quote=rule.quote, start=rule.start, end=rule.end, point=rule.key)
    questions: list[QuestionDraft] = []
    key = rendered(names(rule.base))
    if len(wrong) == 3 and not rule.listed:  # a second conduct of one list: the same options again, as a 判断 only
        options = [key, *wrong]
        rng.shuffle(options)
        close = any(names(w) & names(rule.base) for w in wrong)
        questions.append(QuestionDraft(
            key=f"{rule.key}-single", type=QuestionType.SINGLE, stem=_stem(rule, BLANK, law=law, subject=subject),
            options=tuple(options), answer=options.index(key), answer_text=key,
            explanation=cite + _why(rule, wrong[0], homes), difficulty=3 if close else 2, **common))  # type: ignore[arg-type]
    if wrong:
        truth = every.index(rule) % 2 == 0  # true and false in turn through the document
        false = wrong[every.index(rule) // 2 % len(wrong)]  # the false ranges in turn, not one invented range
        filler = key if truth else false
        why = "" if truth else f"应为“{key}”。" + _why(rule, false, homes)
        questions.append(QuestionDraft(
            key=f"{rule.key}-judge", type=QuestionType.JUDGE, stem=_stem(rule, filler, law=law, subject=subject),
            options=None, answer=truth, answer_text="正确" if truth else "错误", explanation=cite + why,
            difficulty=1 if truth else 2, **common))  # type: ignore[arg-type]
    who = "" if not subject or rule.conduct.startswith(_PERSONS) else subject
    card = FlashcardDraft(key=f"{rule.key}-card", front=f"{who}{rule.conduct}，{rule.verb}什么处分？",
                          back=_ladder(rule), **common)  # type: ignore[arg-type]
    return questions, [card]
