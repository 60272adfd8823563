"""Knowledge points as typed propositions: who (actor) must/may/must not (force) do what, by when, in what scope."""

from __future__ import annotations

import re
from dataclasses import dataclass

from question_bank import lexicon
from question_bank.drafts import DocumentKind, TopicDraft
from question_bank.numbers import TIME_UNITS, Quantity, find_quantities
from question_bank.sentences import Sentence, split_sentences

MAX_STATEMENT = 90


@dataclass(frozen=True)
class Proposition:
    """One testable statement of the regulation, with the source sentence it restates.

    `statement` stands alone (it names its subject) and is true; `offset` maps it to the document:
    statement[i] is text[offset + i] for every i in the restated part (from `lead_len` on).
    """

    key: str
    statement: str
    provision: str  # 《信访工作条例》第三十五条, or the interview's part: 《条例》（“巡视工作原则”部分）
    quote: str
    start: int
    end: int
    offset: int  # document offset of statement[lead_len]
    lead_len: int  # characters of the statement added in front of the restated text (根据…, 修订后的《条例》)
    actor: str = ""
    force: str = ""
    quantities: tuple[Quantity, ...] = ()  # offsets inside `statement`
    scope: str = ""  # the condition or range (对……的, 在……内) in front of the force
    old: str = ""  # the old rule's value, for a changed rule
    new: str = ""  # the new value
    items: tuple[str, ...] = ()  # the members, for a list the regulation lays down
    list_lead: str = ""  # what the list is: 信访工作应当遵循的原则
    sequence: bool = False  # the list is a sequence the regulation defines (环节, 程序, 步骤)
    pairs: tuple[tuple[str, str], ...] = ()  # (body, duty or responsibility) when the list assigns tasks
    relation: str = "负责"  # how a body relates to its part: 负责 (a task), 承担 (a responsibility)
    member: str = ""  # for a proposition about one member of a list: that member (or the body's duty)
    member_wrong: tuple[str, ...] = ()  # members of the same kind that are not in the list
    siblings: tuple[str, ...] = ()  # for a proposition about one member: the whole list, for its explanation
    derived: bool = False  # restates a list's pair; its own 单选/判断/填空 are written with the list
    review: str = ""  # why the source looks corrupted here; items quoting it go to the review queue


_QUANTITY_TEXT = r"(?:\d+|[一二两三四五六七八九十]{1,3})(?:个月|日|年)"
_HEADING = re.compile(r"^(#|第[一二三四五六七八九十百零]+[章节编]|[一二三四五六七八九十]+、)")
_VERB_OPENING = re.compile(r"^(研究|制定|建立|加强|推动|负责|做好|落实|督促|组织|指导|协调|完善|健全|统筹|坚持|及时|依法|"
                           r"严格|认真|积极|定期|承担|履行|配合|支持|协助|参与|接受|开展|实行|采取|提出|作出|"
                           r"按照|依照|根据工作需要|必要时)")
_LABEL = re.compile(r"^第[一二三四五六七八九十百零]+条\s*")
_ITEM = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
_NO_REFERENT = re.compile(r"^(前款|本条|上述|其(?!他)|该|此|这|那|同时|此外|具体|为此|对此|因此|既|还|也|但|并|且|又|特别是|尤其)")
_OTHER_ARTICLE = re.compile(r"第[一二三四五六七八九十百]+(条|项|款)|前款|前两款|下列|以下|如下")
_STATEMENT_REVISION = re.compile(
    r"^(?:这次修订《条例》，?|[一二三四五六七八九十]是(?=(明确|进一步|新增|首次|规定|强调|单列|专列|将|坚持)))")
_ORDINAL_ITEM = re.compile(r"^[一二三四五六七八九十]是")
_RULE_WORDS = re.compile(r"应当|必须|不得|可以|要")
_QUOTED = re.compile(r"(?:规定|明确|要求|指出)“([^“”]{10,110})”")
_CHANGE = re.compile(r"将原《条例》(?:规定的)?([^，。；]{1,20}?)(?:调整|修改|改)为([^，。；]{1,20})")


def extract_propositions(topic: TopicDraft, *, text: str, kind: DocumentKind, law: str,
                         index: int) -> list[Proposition]:
    """The propositions of one topic (a regulation's article or an interview answer), in text order."""
    provision = _provision_name(topic, kind=kind, law=law)
    found: list[Proposition] = []
    regulation = kind is DocumentKind.REGULATION
    # a regulation's 款 is one sentence up to its 。: the part after a ； leans on the part before it
    sentences = split_sentences(text, start=topic.start, end=topic.end, marks="。！？" if regulation else "。！？；!?")
    for number, sentence in enumerate(sentences):
        key = f"p{index}-{sentence.start}"
        if regulation:
            article = article_of(text, sentence.start, start=topic.start)
            before = sentences[number - 1] if number and "\n" not in text[sentences[number - 1].end:sentence.start] \
                else None  # the sentence before it in the same 款
            found += _regulation_sentence(sentence, sentences[number + 1:], key=key,
                                          provision=f"{law}{article}" if article else provision, law=law, text=text,
                                          before=before)
        else:
            found += _interview_sentence(sentence, key=key, provision=provision, law=law)
    return found


_ARTICLE_LABEL = re.compile(r"(?m)^第[一二三四五六七八九十百零]+条")


def article_of(text: str, at: int, *, start: int) -> str:
    """The 第X条 a sentence of a regulation belongs to: the last label at a line start before it in its topic."""
    labels = [m.group(0) for m in _ARTICLE_LABEL.finditer(text, start, at + 8) if m.start() <= at]
    return labels[-1] if labels else ""


def _provision_name(topic: TopicDraft, *, kind: DocumentKind, law: str) -> str:
    if kind is DocumentKind.REGULATION and re.fullmatch(r"第[一二三四五六七八九十百零]+条", topic.question.strip()):
        return f"{law}{topic.question.strip()}"
    if kind is DocumentKind.REGULATION:
        return f"{law}（{topic.title}）"
    return f"{law}（答记者问“{topic.title}”部分）"


_HEADLESS = re.compile(r"^对(?!于)[^，。；]{2,24}的，")  # 对科学合理、具有现实可行性的，: of what? the sentence before says
_RECEIVED = re.compile(r"^[^，。；]{2,12}收到(申请|请求|报告)后，")  # 监察机关收到申请后: which application?
_REFERENCE = re.compile(r"^对本(条例|法)(第[一二三四五六七八九十百]+条)(第[一二三四五六七八九十]+项)规定的([\u4e00-\u9fff]{2,8}?)"
                        r"(?=应当|可以|，)")


def _referred_item(text: str, article: str, item: str) -> str:
    """What a 项 another provision refers to does, in a few words: 出具信访处理意见书 for 第三十一条第六项."""
    label = re.search(rf"(?m)^{article}", text)
    if not label:
        return ""
    numeral = item.removeprefix("第").removesuffix("项")
    line = re.search(rf"(?m)^（{numeral}）([^\n]+)", text[label.end():label.end() + 3000])
    if not line:
        return ""
    first = re.split(r"[。；]", line.group(1))[0]
    last = re.split(r"[，]", first)[-1].removeprefix("并").removeprefix("应当")
    return last if 4 <= len(last) <= 14 and "的" not in last else ""


def _regulation_sentence(sentence: Sentence, rest: list[Sentence], *, key: str, provision: str,
                         law: str, text: str, before: Sentence | None = None) -> list[Proposition]:
    if _HEADING.match(sentence.text):
        return []  # ## 第二章 信访工作体制: a heading states nothing
    if not _LABEL.match(sentence.text) and _VERB_OPENING.match(sentence.text):
        return []  # 研究……，应当及时……请示报告: a later 款 whose subject is in the 款 before it
    label = _LABEL.match(sentence.text)
    begin = label.end() if label else 0
    body = sentence.text[begin:]
    if body.endswith("：") and rest and _ITEM.match(rest[0].text):
        return _list_proposition(sentence, begin, rest, key=key, provision=provision, law=law, text=text)
    timed = any(q.unit in TIME_UNITS for q in find_quantities(body))
    reference = _REFERENCE.match(body)
    referred = _referred_item(text, reference.group(2), reference.group(3)) if reference else ""
    if before is not None and not label and _HEADLESS.match(body):
        return []  # 对科学合理、具有现实可行性的，应当采纳: the 建议意见 it is about are in the sentence before
    if body.endswith("：") or _ITEM.match(body) or _NO_REFERENT.match(body) or len(body) < 10 \
            or (_OTHER_ARTICLE.search(body) and not timed and not referred):  # a time limit is asked beside a reference
        return []
    if before is not None and not label and len(body) <= 20 and body[:4] in before.text and not timed \
            and not _RULE_WORDS.search(body):
        return []  # 留置时间重新计算以一次为限: recounted when? the sentence before says, and it is long
    if before is not None and not label and not timed and re.match(r"^[^，。；]{2,30}的，(应当|可以|不得|必须)", body) \
            and not lexicon.bodies_in(body[:body.find("，")]):
        return []  # 涉嫌严重职务违法……的，应当通知被调查人家属: who must? the sentence before names the decision
    force = re.search(r"应当|可以|不得|必须", body)
    if before is not None and not label and timed and force and body.startswith("对") \
            and not lexicon.bodies_in(body[:force.start()]) and len(before.text) <= 60 \
            and not _OTHER_ARTICLE.search(before.text):
        # 对于补充调查的案件，应当在一个月内补充调查完毕: who returns it and who completes it, the sentence before says
        return [_make(sentence, lead=f"根据{law}，" + _LABEL.sub("", before.text).rstrip("。") + "；", at=begin,
                      key=key, provision=provision)]
    received = _RECEIVED.match(body)
    if received and before is not None and not label:
        if len(before.text) > 40 or _OTHER_ARTICLE.search(before.text):
            return []
        # 被管护人员……有权申请变更管护、留置措施，监察机关收到申请后，应当在三日以内作出决定
        return [_make(sentence, lead=f"根据{law}，" + _LABEL.sub("", before.text).rstrip("。") + "，", at=begin,
                      key=key, provision=provision)]
    if reference and referred:  # 对需出具信访处理意见书的信访事项（《信访工作条例》第三十一条第六项），应当……
        lead = f"对需{referred}的{reference.group(4)}（{law}{reference.group(2)}{reference.group(3)}），"
        at = begin + reference.end()
        return [_make(sentence, lead=lead, at=at, key=key, provision=provision)]
    if body.startswith(("本条例", "本法")):
        lead = law
        body_at = begin + (3 if body.startswith("本条例") else 2)
    elif body.startswith(("对本条例", "对本法")):
        lead = f"对{law}"
        body_at = begin + (4 if body.startswith("对本条例") else 3)
    else:
        lead, body_at = "", begin
    return [_make(sentence, lead=lead, at=body_at, key=key, provision=provision)]


def _interview_sentence(sentence: Sentence, *, key: str, provision: str, law: str) -> list[Proposition]:
    made: list[Proposition] = []
    for number, match in enumerate(_QUOTED.finditer(sentence.text)):
        inner = match.group(1)
        if "……" in inner or _NO_REFERENT.match(inner):
            continue
        made += _restated(sentence, lead=f"{law}规定，", at=match.start(1), stop=match.end(1),
                          key=f"{key}-q{number}", provision=provision)
    if made or "“" in sentence.text:
        return made
    text = sentence.text
    change = _CHANGE.search(text)
    about = re.search(r"关于([^，。]{2,16})，", text)
    if change and about:  # 关于X，……将原《条例》规定的2个月调整为6个月 -> 修订后的《条例》规定，X为6个月
        return [_change_proposition(sentence, change, about.group(1), key=key, provision=provision, law=law)]
    revision = _STATEMENT_REVISION.match(text)
    if revision:
        return _restated(sentence, lead=f"修订后的{law}", at=revision.end(), key=key, provision=provision)
    if _NO_REFERENT.match(text) or _ORDINAL_ITEM.match(text) or text.startswith(("问", "答", "#", "（", "——")):
        return []
    if "……" in text or ("《条例》" in text and not re.search(r"要|应当", text)):
        return []  # the interview speaking about the regulation, not a rule of it
    defines = re.match(r"^[\u4e00-\u9fff]{2,12}的主体是", text)
    if defines:  # 开展巡视工作的主体是党委（党组），只有…: the defining clause alone
        stop = text.find("，")
        return [_make(sentence, lead="", at=0, stop=stop if stop > 0 else None, key=key, provision=provision)]
    if not any(find_quantities(text)) and not (lexicon.bodies_in(text) and _RULE_WORDS.search(text)):
        return []  # background: a sentence with no number and no body bound by a rule is not tested
    if tells_structure(text):
        return []
    return [_make(sentence, lead="", at=0, key=key, provision=provision)]


def _restated(sentence: Sentence, *, lead: str, at: int, key: str, provision: str,
              stop: int | None = None) -> list[Proposition]:
    """The restated part as one proposition, or, when it is long or partly corrupted, one per clause.

    `lead` is the subject (修订后的《条例》, 《条例》规定，): each clause that carries a rule of its own is
    stated after it. A corrupted clause keeps its proposition for the review queue only.
    """
    end = len(sentence.text) if stop is None else stop
    whole = _make(sentence, lead=lead, at=at, stop=stop, key=key, provision=provision)
    if len(whole.statement) <= MAX_STATEMENT and not whole.review and not tells_structure(whole.statement):
        return [whole]
    made = [whole] if whole.review and not tells_structure(whole.statement) else []
    cursor = at
    parts = re.split(r"(?<=，)", sentence.text[at:end])
    for k in range(len(parts) - 2, -1, -1):  # 原则上按照……权限，对……进行巡视监督: one rule over two clauses
        if parts[k].startswith("原则上") or parts[k + 1].startswith("形成"):  # ……深入了解，形成专题材料: one duty
            parts[k:k + 2] = [parts[k] + parts[k + 1]]
    subject = parts[0] if lead.endswith("，") and not lexicon.garbled(parts[0]) else ""
    for number, part in enumerate(parts):
        begin, cursor = cursor, cursor + len(part)
        clause = part.rstrip("，")
        if len(clause) < 6 or _NO_REFERENT.match(clause) or lexicon.garbled(clause) or "“" in clause \
                or tells_structure(clause):
            continue
        if number > 0 and lead.startswith("修订后的") and re.search(r"应当|(?<![重主需纲])要(?![求素点])|可以|不得", clause) \
                and not re.match(r"^(明确|进一步明确|规定|强调|突出强调)", clause):
            continue  # ……，对不适合的人员应当及时调整: the one who must act is not the regulation
        if number > 0 and not re.match(r"^(以|把|对|进一步|明确|坚持|深入贯彻|推动|根本任务是|设立|原则上|在|单列|专列|新增|突出强调)",
                                        clause):
            continue  # a clause that does not open a rule of its own leans on the one before it
        # a quoted provision's later clause keeps the provision's subject clause in front of it
        made.append(_make(sentence, lead=lead + subject if number and subject else lead, at=begin,
                          stop=begin + len(clause), key=f"{key}-c{number}", provision=provision))
    return made


MAX_ITEM = 30  # a list member kept whole up to this length (主动采取措施，有效避免、挽回损失或者消除不良影响的)
_STRUCTURE = re.compile(r"[：，；]?[一二三四五六七八九十]是|\d+项|\d+个方面|[一二三四五六七八九十两]个方面|以下几个方面"
                        r"|(单列|专列|新增|单设|增设|专设)(一|专)?[条节章]|专章|专节|一节")


def tells_structure(text: str) -> bool:
    """Whether a statement speaks of how the interview lists things (一是, 5项原则, 4个方面) or how the text is
    arranged (单列一条, 专列一节, 新增一章), not of rules."""
    return bool(_STRUCTURE.search(text))


_APPRAISAL = re.compile(r"，(这|此)(对于|对)[^。；]*(意义|作用|影响)$")


def _make(sentence: Sentence, *, lead: str, at: int, key: str, provision: str, stop: int | None = None) -> Proposition:
    """A proposition restating sentence.text[at:stop] after `lead`, with its actor, force, numbers and change."""
    restated = sentence.text[at:stop].rstrip("。；，、")
    restated = _APPRAISAL.sub("", restated)  # ……纳入巡察范围，这对于……具有重要的政治意义: the fact, not its praise
    statement = f"{lead}{restated}。"
    actor = next((b for _, b in lexicon.bodies_in(restated)), "")
    force = next((f for f in lexicon.FORCES if f in restated), "")
    quantities = tuple(Quantity(value=q.value, unit=q.unit, written=q.written, start=q.start + len(lead),
                                chinese=q.chinese) for q in find_quantities(restated))
    change = _CHANGE.search(restated)
    scope = ""
    if force:
        head = restated[:restated.index(force)]
        scope = head if head.startswith(("对", "在", "凡", "经")) or head.endswith("的，") else ""
    return Proposition(
        key=key, statement=statement, provision=provision, quote=sentence.text, start=sentence.start,
        end=sentence.end, offset=sentence.start + at, lead_len=len(lead), actor=actor, force=force,
        quantities=quantities, scope=scope.rstrip("，"), old=change.group(1) if change else "",
        new=change.group(2) if change else "", review=lexicon.garbled(restated),
    )


def _change_proposition(sentence: Sentence, change: re.Match[str], about: str, *, key: str, provision: str,
                        law: str) -> Proposition:
    """A changed rule stated as it now reads, with the old value kept for the wrong options."""
    new = change.group(2)
    lead = f"修订后的{law}规定，{about}为"
    statement = f"{lead}{new}。"
    quantities = tuple(Quantity(value=q.value, unit=q.unit, written=q.written, start=q.start + len(lead),
                                chinese=q.chinese) for q in find_quantities(new))
    return Proposition(
        key=key, statement=statement, provision=provision, quote=sentence.text, start=sentence.start,
        end=sentence.end, offset=sentence.start + change.start(2), lead_len=len(lead), quantities=quantities,
        old=change.group(1).removeprefix("规定的"), new=new, review=lexicon.garbled(sentence.text),
    )


_PERIOD_ITEM = re.compile(r"^([\u4e00-\u9fff、]{2,8})，(" + _QUANTITY_TEXT + r")$")


def _list_proposition(sentence: Sentence, begin: int, rest: list[Sentence], *, key: str, provision: str,
                      law: str, text: str) -> list[Proposition]:
    """A lead ending in ： with the （一）（二）… items that follow it: one list proposition, and for items that
    pair a name with a quantity (警告，六个月) one proposition per pair as well."""
    items: list[str] = []
    whole: list[str] = []
    last = sentence
    for following in rest:
        mark = _ITEM.match(following.text)
        if not mark:
            if "\n" in text[last.end:following.start]:
                break
            last = following
            continue  # （一）坚持党的全面领导。把党的领导贯彻……: the item's own explanation, on its line
        item = following.text[mark.end():].rstrip("；。")
        whole.append(item)
        head = re.split(r"[。；，：]", item, maxsplit=1)[0]
        items.append(item if len(item) <= MAX_ITEM else head)
        last = following
    lead = sentence.text[begin:].rstrip("：")
    quote = text[sentence.start:last.end]
    endings = sum(i.endswith("的") for i in items)
    if any(i.endswith(("中", "时", "后", "前")) or (endings * 2 > len(items) and not i.endswith(("的", "情节", "情形")))
           for i in items):
        return []  # 在接受谈话、函询、询问过程中 / 主动采取措施: a member cut to its first clause says nothing whole
    if len(items) < 3 or any(len(i) > MAX_ITEM or len(i) < 2 for i in items) or len(set(items)) < len(items):
        return []
    subject, noun = _list_subject(lead)
    if not subject or _NO_REFERENT.match(subject):
        return []
    list_lead = f"{subject}{noun}"
    periods = [_PERIOD_ITEM.match(w) for w in whole]
    if all(periods):
        return _period_propositions(lead, [(m.group(1), m.group(2)) for m in periods if m], key=key,
                                    provision=provision, quote=quote, start=sentence.start, end=last.end)
    if any(len(w) > 24 for w in whole) and re.search(r"程序|步骤|环节", lead):
        return []  # steps too long to be ordered as options
    ladder = all(i in lexicon.SANCTIONS for i in items)
    return [Proposition(
        key=f"{key}-list", statement=f"{lead}：{'；'.join(items)}。", provision=provision,
        quote=quote, start=sentence.start, end=last.end, offset=sentence.start + begin, lead_len=0,
        items=tuple(items), list_lead=list_lead, sequence=bool(re.search(r"程序|步骤|环节", lead)) or ladder,
        review=lexicon.garbled(quote),
    )]


def _list_subject(lead: str) -> tuple[str, str]:
    """What a list is of, as (subject, noun): 信访工作应当遵循下列原则 -> (信访工作应当遵循的, 原则)."""
    what = re.search(r"(下列|以下)([\u4e00-\u9fff]{1,8})", lead)
    if what and "之一" not in what.group(2):
        subject = lead[:what.start()]
        parts = subject.split("，")
        if len(parts) > 1:  # ……信访部门是……专门机构，履行下列职责 -> ……信访部门履行的 + 职责
            subject = re.split(r"是|应当|可以|在", parts[0])[0] + parts[-1]
        if re.search(r"(根据|按照|依照|对|在|将)$", subject):
            return "", ""  # 监察机关应当根据下列不同情况: the list is of cases, not of what the subject has
        subject = subject if subject.endswith("的") else subject + "的"
        return (subject if len(subject) <= 30 else ""), what.group(2)
    case = re.match(r"^(.*?)有下列(情形|行为)之一的?，(.+)$", lead)
    if case:  # 公职人员有下列情形之一的，可以从轻……给予政务处分 -> 公职人员可以从轻……给予政务处分的 + 情形
        then = re.split(r"[；，]", case.group(3))[0]
        if not re.search(r"应当|可以|不得", then) or len(case.group(1) + then) > 30:
            return "", ""
        return f"{case.group(1)}{then}的", case.group(2)
    named = re.match(r"^([\u4e00-\u9fff]{2,20}?)的([\u4e00-\u9fff]{2,6})为$", lead)
    if named:
        return f"{named.group(1)}的", named.group(2)
    return "", ""


def _period_propositions(lead: str, pairs: list[tuple[str, str]], *, key: str, provision: str, quote: str,
                         start: int, end: int) -> list[Proposition]:
    """政务处分的期间为：警告，六个月；…: a list of (name, period) pairs and one number proposition per pair."""
    subject, noun = _list_subject(lead)
    what = subject.removesuffix("的")
    made = [Proposition(
        key=f"{key}-list", statement=f"{lead}。", provision=provision, quote=quote, start=start, end=end,
        offset=start, lead_len=0, items=tuple(f"{n}{p}" for n, p in pairs), list_lead=f"{what}{noun}",
        pairs=tuple(pairs), relation=noun, review=lexicon.garbled(quote),
    )]
    for number, (name, period) in enumerate(pairs):
        statement = f"{what}为{name}的，{noun}为{period}。"
        if what.endswith("受处分"):  # 行政机关公务员受处分为警告的，期间为 -> 受警告处分的，处分期间为
            statement = f"{what.removesuffix('处分')}{name}处分的，处分{noun}为{period}。"
        at = len(statement) - len(period) - 1
        quantities = tuple(Quantity(value=q.value, unit=q.unit, written=q.written, start=at, chinese=q.chinese)
                           for q in find_quantities(period))
        made.append(Proposition(
            key=f"{key}-period{number}", statement=statement, provision=provision, quote=quote, start=start,
            end=end, offset=start, lead_len=0, quantities=quantities, review=lexicon.garbled(quote),
        ))
    return made


_LIST_IN_QUOTE = re.compile(
    r"(实行|采取|重点检查其?|聚焦|严把)((?:[^，。；、“”]{2,16}、){2,}[^，。；、“”]{2,16}?)(等方式|等情况|等加强|的体制机制|关|等)")
_LIST_NOUNS = {"等方式": "方式", "等情况": "情况", "等加强": "内容", "的体制机制": "体制机制", "关": "关口", "等": "事项"}
_SUBJECT_STOP = re.compile(r"应当|在|根据|实行|要|对|采取")


_UNITS_LIST = re.compile(r"“((?:[\u4e00-\u9fff]{2,8}(?:、|党组（党委）和|党委（党组）和))+[\u4e00-\u9fff]{2,8})"
                         r"(?:党委（党组）|党组（党委）)根据工作需要，开展(巡视|巡察)工作")


def interview_lists(topic: TopicDraft, *, text: str, law: str, provision_of: str, index: int) -> list[Proposition]:
    """Lists inside what an interview quotes or states of the regulation (实行A、B、C的体制机制; 采取A、B等方式)."""
    made = []
    for sentence in split_sentences(text, start=topic.start, end=topic.end):
        units = _UNITS_LIST.search(sentence.text)
        if units:  # “A、B党组（党委）和C、D党委（党组）根据工作需要，开展巡视工作”: who may inspect
            items = tuple(i for i in re.split(r"、|党组（党委）和|党委（党组）和", units.group(1)) if i)
            if len(items) >= 3 and len(set(items)) == len(items):
                made.append(Proposition(
                    key=f"p{index}-{sentence.start}-units", statement=f"{law}规定，{units.group(0).strip('“')}。",
                    provision=provision_of, quote=sentence.text, start=sentence.start, end=sentence.end,
                    offset=sentence.start + units.start(1), lead_len=len(law) + 3, items=items,
                    list_lead=f"可以开展{units.group(2)}工作的单位", review=lexicon.garbled(sentence.text)))
        for match in _LIST_IN_QUOTE.finditer(sentence.text):
            items = tuple(match.group(2).split("、"))
            if match.group(3) == "关":
                items = tuple(f"{i}关" if not i.endswith("关") else i for i in items)
            if len(items) < 3 or len(set(items)) < len(items) or any(len(i) > 16 for i in items):
                continue
            clause_start = max(sentence.text.rfind(c, 0, match.start()) for c in "，。“：") + 1
            opening = sentence.text[:match.start()]
            quote_open = opening.rfind("“")
            head = opening[quote_open + 1:] if quote_open >= 0 else sentence.text[clause_start:match.start()]
            head = re.sub(r"^(这次修订《条例》，?|[一二三四五六七八九十]是|强调|明确)", "", head)
            stop = _SUBJECT_STOP.search(head)
            subject = head[:stop.start()] if stop else head.split("，")[0]
            watched = re.search(r"对([^，]{2,16})的监督", head)
            if watched and match.group(1).endswith("其"):
                subject = f"{subject}对{watched.group(1)}"
            noun = _LIST_NOUNS[match.group(3)]
            verb = match.group(1).removesuffix("其")
            list_lead = f"{subject}{verb}的{noun}" if subject else ""
            if not subject or len(list_lead) > 30 or _NO_REFERENT.match(subject):
                continue
            made.append(Proposition(
                key=f"p{index}-{sentence.start}-list{match.start()}", statement=f"{list_lead}包括{'、'.join(items)}。",
                provision=provision_of, quote=sentence.text, start=sentence.start, end=sentence.end,
                offset=sentence.start + match.start(2), lead_len=0, items=items, list_lead=list_lead,
                review=lexicon.garbled(sentence.text),
            ))
    return made


_ENUM_LEAD = re.compile(r"([^，。：]{4,40}?)(?:的)?(\d+|[两二三四五六七八九])(项|个)([\u4e00-\u9fff]{2,4})：一是")


def interview_enumerations(topic: TopicDraft, *, text: str, provision_of: str, index: int) -> list[Proposition]:
    """An interview's 明确了……的5项原则：一是A，二是B…… as the list the regulation lays down (A, B, …).

    Only lists of short members (principles, not paragraphs): the members are the knowledge, the ordinals
    and the count are the interview's way of telling them and are never asked.
    """
    body = text[topic.start:topic.end]
    made: list[Proposition] = []
    for match in _ENUM_LEAD.finditer(body):
        run_start = match.end() - 2
        end = body.find("。", run_start)
        run = body[run_start:end if end >= 0 else len(body)]
        parts = re.split(r"[，；]?[一二三四五六七八九十]是", "，" + run)
        items = tuple(p.strip("，；、 ") for p in parts if p.strip("，；、 "))
        count = int(match.group(2)) if match.group(2).isdigit() else "一两二三四五六七八九".find(match.group(2))
        if len(items) < 3 or any(len(i) > 20 for i in items) or len(items) != count:
            continue
        subject = re.sub(r"^(明确了|明确|规定了|规定)", "", match.group(1))
        list_lead = f"{subject}的{match.group(4)}" if not subject.endswith("的") else f"{subject}{match.group(4)}"
        start = topic.start + match.start()
        stop = topic.start + (end + 1 if end >= 0 else len(body))
        quote = text[start:stop]
        made.append(Proposition(
            key=f"p{index}-{start}-enum", statement=f"{list_lead}包括{'；'.join(items)}。", provision=provision_of,
            quote=quote, start=start, end=stop, offset=start, lead_len=0, items=items, list_lead=list_lead,
            review=lexicon.garbled(quote),
        ))
    return made


_RESPONSIBILITY = re.compile(r"([\u4e00-\u9fff（）]{2,14}?)(?:的|承担)(“?[\u4e00-\u9fff]{2,8}”?责任|“[\u4e00-\u9fff]{2,6}”)")


def interview_responsibilities(topic: TopicDraft, *, text: str, provision_of: str, index: int) -> list[Proposition]:
    """Who bears which responsibility across one answer (被巡视党组织的整改主体责任; 领导班子成员承担“一岗双责”)."""
    body = text[topic.start:topic.end]
    pairs: list[tuple[str, str]] = []
    for match in _RESPONSIBILITY.finditer(body):
        found = lexicon.bodies_in(match.group(1))
        if not found:
            continue
        at, name = found[-1]
        if at + len(name) != len(match.group(1)):
            continue
        joined = re.search(r"([\u4e00-\u9fff]{2,8}(?:机关|部门))和" + re.escape(name) + "$", match.group(1))
        partner = next((b for b in lexicon.BODIES if joined and joined.group(1).endswith(b)), "")
        who = f"{partner}和{name}" if partner else name
        duty = match.group(2).strip("“”")
        if duty in ("责任", "第一责任") or any(who == w or duty == d for w, d in pairs):
            continue
        pairs.append((who, duty))
    if len(pairs) < 4:
        return []
    first = body.find(pairs[0][0])
    last_pair = pairs[-1]
    owner = next((w for w, _ in pairs if w.startswith("被巡视") or w.startswith("被巡察")), "")
    if owner:  # 主要负责人 of whom? the organisation the list names: 被巡视党组织主要负责人
        pairs = [(f"{owner}{w}" if w in ("主要负责人", "领导班子成员") else w, d) for w, d in pairs]
    last = body.find(last_pair[1], body.find(last_pair[0])) + len(last_pair[1])
    sentences = [s for s in split_sentences(text, start=topic.start, end=topic.end)
                 if s.end > topic.start + first and s.start < topic.start + last]
    start, end = sentences[0].start, sentences[-1].end
    list_lead = f"{topic.title}中各主体承担的责任"
    return [Proposition(scope=topic.title,
        key=f"p{index}-{start}-duties", statement=f"{list_lead}。", provision=provision_of, quote=text[start:end],
        start=start, end=end, offset=start, lead_len=0, items=tuple(f"{w}{d}" for w, d in pairs),
        list_lead=list_lead, pairs=tuple(pairs), relation="承担", review=lexicon.garbled(text[start:end]),
    )]


_SEQUENCE = re.compile(r"((?:[\u4e00-\u9fff]{2}、){3,}[\u4e00-\u9fff]{2})等(环节|程序|步骤)")


def interview_sequences(topic: TopicDraft, *, text: str, law: str, provision_of: str,
                        index: int) -> list[Proposition]:
    """A sequence the regulation itself defines (巡视准备、了解、报告、反馈、移交、整改等环节)."""
    made = []
    for sentence in split_sentences(text, start=topic.start, end=topic.end):
        match = _SEQUENCE.search(sentence.text)
        if not match:
            continue
        items = tuple(match.group(1).split("、"))
        head = sentence.text[:match.start()]
        subject = "巡视" if "巡视" in head[-6:] else ""
        first = items[0]
        if subject and head.endswith(subject):
            pass
        list_lead = f"{subject}工作的{match.group(2)}" if subject else f"{match.group(2)}"
        made.append(Proposition(
            key=f"p{index}-{sentence.start}-steps", statement=f"{list_lead}依次为{'、'.join(items)}。",
            provision=provision_of, quote=sentence.text, start=sentence.start, end=sentence.end,
            offset=sentence.start + match.start(1), lead_len=0, items=(first, *items[1:]), list_lead=list_lead,
            sequence=True, review=lexicon.garbled(sentence.text),
        ))
    return made


def members(prop: Proposition, outsiders: tuple[str, ...], *, pairs: list[tuple[str, str]],
            law: str) -> list[Proposition]:
    """One proposition per member of a list (原则包括A) or per body-duty pair (在…中，巡视机构组织实施)."""
    from dataclasses import replace

    made: list[Proposition] = []
    if pairs and prop.relation not in ("负责", "承担"):
        return made  # 警告，六个月: each period is a number proposition of its own, said as a sentence
    if pairs:
        duties = [d for _, d in pairs]
        for number, (body, duty) in enumerate(pairs):
            verb = prop.relation if prop.pairs else ""
            others = tuple(duties[(number + k) % len(duties)] for k in range(1, len(duties)))
            where = prop.scope or prop.list_lead
            made.append(replace(prop, key=f"{prop.key}-pair{number}", statement=f"在{where}中，{body}{verb}{duty}。",
                                items=(), member=duty, member_wrong=others, derived=True, pairs=()))
        return made
    from question_bank.distractors import catch_all

    for number, member in enumerate(prop.items):
        if catch_all(member):
            continue  # 其他……情形 says nothing on its own
        if not outsiders and number >= 2:
            break  # an open list with no sure outsider: its first two members, each a true 判断, and no more
        rotated = tuple(outsiders[(number + k) % len(outsiders)] for k in range(len(outsiders))) if outsiders else ()
        lead = f"根据{law}，"  # a list of the regulation's, even when an interview reports it
        made.append(replace(prop, key=f"{prop.key}-m{number}", statement=f"{lead}{prop.list_lead}包括{member}。",
                            lead_len=len(lead), items=(), member=member, member_wrong=rotated, sequence=False,
                            siblings=prop.items))
    return made
