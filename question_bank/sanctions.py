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
_ITEM_REFERENCE = re.compile(r"第[（(]?([一二三四五六七八九十]+)[）)]?项")  # 第(六)项, 第一项、第二项和第五项
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
    heavier: frozenset[str] = frozenset()  # the sanctions of the ladder's heavier tiers (情节较重的，……)
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
    # 组织迷信活动的，给予降级或者撤职处分，情节严重的，给予开除处分: one conduct's whole reach is a range too
    nearby |= {frozenset().union(*(names(m.group(2)) for m in _RANGE.finditer(part)))
               for part in re.split(r"[；。\n]", body) if _RANGE.search(part)}
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
        heavier = frozenset().union(*(names(m.group(2)) for m in _RANGE.finditer(rest))) - names(match.group(2))
        common = dict(verb=match.group(1), base=match.group(2), suffix=match.group(3) or "", rest=rest,
                      provision=provision, nearby=nearby, heavier=heavier)
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


def wrong_ranges(rule: SanctionRule, pool: Sequence[str], *, rng: random.Random, strict: bool = True) -> list[str]:
    """Three ranges on the same scale that do not fit: none set in the same article or inside one of its tiers
    (so none is what the conduct draws when serious), none inside the ladder's heavier tiers; as many sanctions
    as the key where three such exist, nearest in severity first.

    `strict` (for a 判断) also refuses a range inside the key or holding it: 给予警告或者记过处分 for 警告、记过或者
    记大过 is half true as a statement. Beside the key in a 单选 such a range is the exact question a paper asks,
    except one sanction of the key (记过 for 记过或者记大过), which is half right."""
    key = names(rule.base)
    reach = key | rule.heavier  # 降级、撤职或者开除 for 降级或者撤职, 情节严重的开除: what the conduct may draw

    def fits(found: frozenset[str]) -> bool:
        if found == key or any(found <= tier for tier in rule.nearby if not key <= tier):
            return False  # the key, or what another conduct of the article draws
        if found < key:
            return not strict and len(found) > 1
        return not (found <= reach or (strict and key <= found))

    fit = [r for r in pool if fits(names(r))]
    rng.shuffle(fit)
    fit.sort(key=lambda r: (abs(len(names(r)) - len(key)), abs(_severity(r) - _severity(rule.base))))
    near = fit[:5]  # three of the five nearest, so that items on one range do not all offer the same four
    rng.shuffle(near)
    return sorted(near[:3], key=fit.index)


_TIERS = re.compile(r"(?:[；，]情节[\u4e00-\u9fff]{1,4}的，(?:给予|予以)[\u4e00-\u9fff、]+)+")


def _stem(rule: SanctionRule, filler: str, *, law: str, subject: str) -> str:
    """The conduct, its base range and, where they are its own, the heavier tiers (情节较重的，……), which no
    option repeats: the stem says which case is asked, the tiers cannot rule the key out."""
    who = "" if not subject or rule.conduct.startswith(_PERSONS) else subject
    tiers = rule.rest if _TIERS.fullmatch(rule.rest) else ""
    stem = f"根据{law}，{who}{rule.conduct}，{rule.verb}{filler}{rule.suffix}{tiers}。"
    return stem if len(stem) <= MAX_STEM else f"根据{law}，{who}{rule.conduct}，{rule.verb}{filler}{rule.suffix}。"


def _homes(rules: Sequence[SanctionRule]) -> dict[frozenset[str], SanctionRule]:
    homes: dict[frozenset[str], SanctionRule] = {}
    for rule in rules:
        homes.setdefault(names(rule.base), rule)
    return homes


def _why(rule: SanctionRule, wrong: str, homes: dict[frozenset[str], SanctionRule]) -> str:
    key, said = names(rule.base), names(wrong)
    if said < key:
        return f"“{wrong}”漏了{'、'.join(sorted(key - said, key=SANCTIONS.index))}。"
    if key < said:
        return f"“{wrong}”多了{'、'.join(sorted(said - key, key=SANCTIONS.index))}，超出本行为的处分幅度。"
    other = homes.get(said)
    if other is not None and other.provision != rule.provision:
        article = other.provision[other.provision.rfind("》") + 1:]
        return f"“{wrong}”是{article}对{other.conduct.removesuffix('的')}的处分幅度，不是本行为的。"
    return f"“{wrong}”与本行为的处分幅度不符。"


def _ladder(rule: SanctionRule) -> str:
    """The whole ladder as a card's back: 警告或者记过处分；情节较重的，给予记大过或者降级处分…, or the base alone."""
    whole = f"{rendered(names(rule.base))}{rule.suffix}{rule.rest}"
    return whole if len(whole) <= 60 and not re.search(r"[^，；]的，(给予|予以)", rule.rest.split("情节")[0]) \
        else f"{rendered(names(rule.base))}{rule.suffix}"


_TIER = re.compile(rf"情节([\u4e00-\u9fff]{{1,4}})的，(?:给予|予以)((?:{_NAME})(?:(?:、|或者)(?:{_NAME}))*)")


def ladder_of(rule: SanctionRule) -> tuple[tuple[str, str], ...]:
    """The rule's tiers as (情节, range): (("", 警告), ("较重", 记过或者记大过), ("严重", 降级或者撤职)); the base
    alone where the rest is not the conduct's own tiers."""
    base = ("", rendered(names(rule.base)))
    if not rule.rest or not _TIERS.fullmatch(rule.rest):
        return (base,)
    return (base, *((m.group(1), rendered(names(m.group(2)))) for m in _TIER.finditer(rule.rest)))


def _ladder_text(ladder: Sequence[tuple[str, str]]) -> str:
    return "；".join(r for _, r in ladder)


def _ladder_words(ladder: Sequence[tuple[str, str]]) -> str:
    """A ladder with its conditions: 警告、记过或者记大过；情节较重的，降级或者撤职；情节严重的，开除."""
    return "；".join(f"{f'情节{label}的，' if label else ''}{found}" for label, found in ladder)


def _ladder_stem(rule: SanctionRule, *, law: str, subject: str) -> str:
    who = "" if not subject or rule.conduct.startswith(_PERSONS) else subject
    cases = "、".join(["一般"] + [f"情节{label}" for label, _ in ladder_of(rule)[1:]])
    return f"根据{law}，{who}{rule.conduct}，{cases}的，分别给予（  ）处分。"


def _ladder_statement(rule: SanctionRule, ladder: Sequence[tuple[str, str]], *, law: str, subject: str) -> str:
    """The conduct stated with a whole ladder (its own or another's): ……的，给予A处分；情节较重的，给予B处分。"""
    who = "" if not subject or rule.conduct.startswith(_PERSONS) else subject
    tiers = "；".join(f"{f'情节{label}的，' if label else ''}{rule.verb}{found}{rule.suffix}" for label, found in ladder)
    return f"根据{law}，{who}{rule.conduct}，{tiers}。"


def sanction_items(rule: SanctionRule, *, every: Sequence[SanctionRule], pool: Sequence[str], law: str,
                   subject: str, seed: int) -> tuple[list[QuestionDraft], list[FlashcardDraft]]:
    """A 单选 or a 判断 on the range (in turn through the document, never both on one conduct: one would answer
    the other) and a card, on one knowledge point."""
    rng = random.Random(f"{seed}:{rule.key}")
    place = every.index(rule)
    homes = _homes(every)
    deciding = rule.deciding if len(rule.deciding) <= 80 else rule.deciding[:78] + "……"
    listed = f"，所列行为包括“{rule.item}”" if rule.item else ""
    cite = f"依据{rule.provision}：“{deciding}”{listed}。"
    common = dict(quote=rule.quote, start=rule.start, end=rule.end, point=rule.key)
    questions: list[QuestionDraft] = []
    key = rendered(names(rule.base))
    ladder = ladder_of(rule)
    if len(ladder) > 1:  # 一般、情节较重、情节严重的，分别给予: the other conducts' ladders of the same shape are wrong
        shape = [label for label, _ in ladder]
        others = list(dict.fromkeys(_ladder_text(ladder_of(o)) for o in every
                                    if [label for label, _ in ladder_of(o)] == shape))
        right = _ladder_text(ladder)
        others = [o for o in others if o != right]
        rng.shuffle(others)
        if place % 2 == 0 and len(others) >= 3 and not rule.listed:
            options = [right, *others[:3]]
            rng.shuffle(options)
            questions.append(QuestionDraft(
                key=f"{rule.key}-single", type=QuestionType.SINGLE, stem=_ladder_stem(rule, law=law, subject=subject),
                options=tuple(options), answer=options.index(right), answer_text=right,
                explanation=cite + f"依次为{right}。", difficulty=3, **common))  # type: ignore[arg-type]
            return questions, [_card(rule, subject=subject, common=common)]
    wrong = wrong_ranges(rule, pool, rng=rng, strict=False)
    if place % 2 == 0 and len(wrong) == 3 and not rule.listed and len(ladder) == 1:  # a list's second conduct: a 判断
        options = [key, *wrong]
        rng.shuffle(options)
        close = any(names(w) & names(rule.base) for w in wrong)
        questions.append(QuestionDraft(
            key=f"{rule.key}-single", type=QuestionType.SINGLE, stem=_stem(rule, BLANK, law=law, subject=subject),
            options=tuple(options), answer=options.index(key), answer_text=key,
            explanation=cite + _why(rule, min(wrong, key=lambda w: abs(_severity(w) - _severity(rule.base))), homes),
            difficulty=3 if close else 2, **common))  # type: ignore[arg-type]
    else:
        strict = wrong_ranges(rule, pool, rng=rng)
        if len(ladder) > 1:  # 予以撤职或者开除；情节严重的，予以降级或者撤职 contradicts itself: the base stays lighter
            lightest = min(SANCTIONS.index(n) for _, found in ladder[1:] for n in names(found))
            strict = [w for w in strict if max(SANCTIONS.index(n) for n in names(w)) < lightest]
        truth = place // 2 % 2 == 0  # true and false in turn through the document
        false = strict[place // 4 % len(strict)] if strict else ""  # the false ranges in turn
        filler = key if truth else false
        why = "" if truth else f"应为“{key}”。" + _why(rule, false, homes)
        stem = _stem(rule, filler, law=law, subject=subject)
        if not truth and not strict:  # 贪污贿赂的: every range is within its ladder; another conduct's ladder is wrong
            shape = [label for label, _ in ladder]
            candidates = [o for o in [*every[place + 1:], *every[:place]]
                          if [label for label, _ in ladder_of(o)] == shape and ladder_of(o) != ladder]

            def nested(found: SanctionRule) -> bool:  # a base inside the key's is half true: the last resort
                return names(found.base) <= names(rule.base) or names(rule.base) <= names(found.base)

            source = min(candidates, key=nested, default=None) if len(ladder) > 1 else None
            other = ladder_of(source) if source is not None else None
            if other is None:
                truth = True
                stem, why = _stem(rule, key, law=law, subject=subject), ""
            else:
                stem = _ladder_statement(rule, other, law=law, subject=subject)
                article = source.provision[source.provision.rfind("》") + 1:] if source is not None else ""
                why = (f"应为“{_ladder_words(ladder)}”；题中的幅度是{article}对"
                       f"{source.conduct.removesuffix('的') if source is not None else '其他行为'}的规定。")
        questions.append(QuestionDraft(
            key=f"{rule.key}-judge", type=QuestionType.JUDGE, stem=stem,
            options=None, answer=truth, answer_text="正确" if truth else "错误", explanation=cite + why,
            difficulty=2, **common))  # type: ignore[arg-type]
    return questions, [_card(rule, subject=subject, common=common)]


def _card(rule: SanctionRule, *, subject: str, common: dict[str, object]) -> FlashcardDraft:
    who = "" if not subject or rule.conduct.startswith(_PERSONS) else subject
    tiers = _ladder(rule) != f"{rendered(names(rule.base))}{rule.suffix}"  # the back gives the heavier tiers too
    ask = f"按情节轻重分别{rule.verb}什么处分？" if tiers else f"{rule.verb}什么处分？"
    return FlashcardDraft(key=f"{rule.key}-card", front=f"{who}{rule.conduct}，{ask}",
                          back=_ladder(rule), **common)  # type: ignore[arg-type]
