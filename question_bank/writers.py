"""Questions and flashcards written from propositions, one item of a type per knowledge point."""

from __future__ import annotations

import hashlib
import random
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from question_bank.drafts import QuestionType
from question_bank.item_drafts import FlashcardDraft, QuestionDraft
from question_bank.mutations import Slot, force_slot, is_false, mutated, slots
from question_bank.numbers import find_quantities, read_number
from question_bank.propositions import Proposition
from question_bank.textindex import index_of

BLANK = "（  ）"
MAX_STEM = 130
MAX_OPTION = 70
MAX_CLAUSE = 80
MAX_BLANK = 8
MAX_CARD_BACK = 60  # a card's back a learner can recall
MAX_MEMBER_SINGLES = 3  # 下列属于……的是 items per list, each on another member
MAX_PER_POINT = 6  # the most times one proposition is offered falsified, in whatever version
MAX_REUSE = 2  # the most times one false statement is offered across a bank
MAX_APPEAR = 4  # the most 下列说法 items one proposition stands in, true or false, besides the ones it leads
MAX_APPEAR_INTERVIEW = 12  # an interview states few rules: its 下列说法 items draw on them more often
_LABEL = re.compile(r"^第[一二三四五六七八九十百零]+条\s*")
_ORDINAL = re.compile(r"^[一二三四五六七八九十]是")


@dataclass(frozen=True)
class Setting:
    """What every writer knows of the document: its law's name, its text, the seed, where each quantity is set."""

    law: str
    document: str
    seed: int = 0
    homes: dict[tuple[int, str], tuple[str, ...]] = field(default_factory=dict)  # (value, unit) -> provisions
    regulation: bool = True  # the text is the regulation itself, not an interview about it

    @property
    def source(self) -> str:
        """How a stem names where its statements come from: 根据《信访工作条例》， or 关于《条例》，."""
        return f"根据{self.law}，" if self.regulation else f"关于{self.law}，"

    def statements_stem(self, ask: str) -> str:
        """The stem of a 下列说法 item: 根据《…》，下列说法正确的有 for a regulation; for an interview's restated
        rules, 下列说法符合《条例》规定的有, so that 巡视工作可以加强…… is plainly not what the 条例 says."""
        if self.regulation:
            return f"{self.source}下列说法{ask}："
        return f"下列说法{ask.replace('正确', f'符合{self.law}规定').replace('错误', f'不符合{self.law}规定')}："

    def framed(self, statement: str, lead_len: int) -> str:
        """A statement as a stem: a regulation's provision after 根据《…》, an interview's sentence as it stands."""
        return f"根据{self.law}，{statement}" if self.regulation and not lead_len else statement


def quantity_homes(props: Sequence[Proposition]) -> dict[tuple[int, str], tuple[str, ...]]:
    """For each quantity of the document, the provisions that set it (for 'why the distractor is wrong')."""
    homes: dict[tuple[int, str], list[str]] = {}
    for prop in props:
        for q in prop.quantities:
            homes.setdefault((q.value, q.unit), [])
            if prop.provision not in homes[(q.value, q.unit)]:
                homes[(q.value, q.unit)].append(prop.provision)
    return {k: tuple(v) for k, v in homes.items()}


def _rng(setting: Setting, key: str) -> random.Random:
    return random.Random(f"{setting.seed}:{key}")


def _parity(key: str) -> bool:
    """A stable coin for a key: whether a point's 判断 is the true one, two times in three, since the members of a
    list beyond its first two are always offered false and a bank's 判断 should come out about half true."""
    return hashlib.md5(key.encode("utf-8")).digest()[0] % 2 == 0


def _cut(prop: Proposition, slot: Slot, *, limit: int = MAX_STEM, marks: str = "，；。") -> tuple[str, int] | None:
    """The statement cut after the slot's clause when it is long, with the slot's offset; None if too long."""
    text = prop.statement
    at = slot.at
    if len(text) > limit:
        stop = min((text.find(m, slot.end) for m in marks if text.find(m, slot.end) >= 0), default=-1)
        if 0 <= stop and len(text[slot.end:stop]) <= 2:  # ……之日起（  ）内，向……申请复审: the clause's verb is next
            stop = min((text.find(m, stop + 1) for m in "，；。" if text.find(m, stop + 1) >= 0), default=-1)
        if stop < 0 or text[stop + 1:stop + 2] == "但":
            return None
        text = text[:stop] + "。"
        part = text.rfind("；", 0, at)
        if len(text) > limit and part >= 0:  # the 款's own part, after its ；, carries its own subject
            head = text[:prop.lead_len] if prop.lead_len else ""
            scope = _opening_scope(prop.statement[prop.lead_len:])
            if scope and len(head) + len(scope) + len(text) - part - 1 <= limit:
                head += scope  # 对……转送、交办的信访事项，| 不属于……的，应当自收到之日起……: what was received
            own = text[part + 1:]
            text, at = head + own, len(head) + at - part - 1
            actor = _actor_before(prop.statement[prop.lead_len:part])
            force = re.search(r"应当|可以|不得|必须", own)
            if actor and force and own[:force.start()].endswith("，") and actor not in own \
                    and len(text) + len(actor) <= limit:
                # 不能当场告知的，应当…: 有关机关、单位 acts in the part before the ；, and must act here too
                insert = len(head) + force.start()
                text = text[:insert] + actor + text[insert:]
                at += len(actor) if at >= insert else 0
        if len(text) > limit:
            return None
    return text, at


def _actor_before(text: str) -> str:
    """The body that acts in a 款's first part: the one right before its first 应当/可以 (有关机关、单位能够……)."""
    from question_bank.lexicon import bodies_in

    force = re.search(r"应当|可以|不得|必须|能够", text)
    if not force:
        return ""
    last = re.split(r"[，；]", text[:force.start()])[-1]
    if re.fullmatch(r"[\u4e00-\u9fff、（）]{0,12}(机关、单位|机关|部门|单位|机构|党委|政府|委员会|党组织)", last):
        return last  # 有关机关、单位能够当场告知的
    found = [(k, b) for k, b in bodies_in(text[:force.start()]) if k + len(b) >= force.start() - 6]
    return found[-1][1] if found else ""


def _opening_scope(body: str) -> str:
    """The 款's opening scope clause (对……的信访事项，), which every part after a ； still leans on."""
    match = re.match(r"^(对|在|经)[^，；。]{2,38}，", body)
    return match.group(0) if match and not re.search(r"应当|可以|不得|必须", match.group(0)) else ""


def deciding_clause(prop: Proposition, slot: Slot | None = None) -> str:
    """The clause of the source that decides the item, at most 80 characters, as the source words it."""
    quote = prop.quote
    if slot is not None and slot.kind in ("number", "change") and prop.old and prop.new:
        anchor = quote.find(f"调整为{prop.new}")
        target = (anchor, anchor + len(prop.new) + 3) if anchor >= 0 else (-1, -1)
    else:
        text = slot.text if slot is not None and slot.kind not in ("swap", "member") else ""
        at = quote.find(text) if text else -1
        target = (at, at + len(text)) if at >= 0 else (-1, -1)
    if target[0] < 0:
        restated = prop.statement[prop.lead_len:].rstrip("。")
        at = quote.find(restated[:12]) if restated else -1
        if at < 0:
            return _trim(restated)
        target = (at, at + len(restated))
    marks = [m.end() for m in re.finditer(r"[，；。：“”]", quote)]
    begin = max((m for m in marks if m <= target[0]), default=0)
    end = min((m - 1 for m in marks if m - 1 >= target[1]), default=len(quote))
    while end - begin < 24:
        earlier = [m for m in marks if m < begin]
        later = [m - 1 for m in marks if m - 1 > end]
        if not earlier and not later:
            break
        if earlier:
            begin = earlier[-1]
        if end - begin < 24 and later:
            end = later[0]
    clause = _ORDINAL.sub("", _LABEL.sub("", quote[begin:end].strip("“”：，；。 ")))
    if "\n" in clause:  # the source is a list over several lines: the proposition says it in one sentence
        clause = prop.statement[prop.lead_len:].rstrip("。")
    return _trim(clause)


def _trim(text: str) -> str:
    """At most MAX_CLAUSE characters, cut only after a clause mark (，；), never inside a word."""
    if len(text) <= MAX_CLAUSE:
        return text
    marks = [m.start() for m in re.finditer(r"[，；]", text[:MAX_CLAUSE])]
    return text[:marks[-1]] + "…" if marks and marks[-1] >= 12 else text


def _why(prop: Proposition, slot: Slot, wrong: str, setting: Setting) -> str:
    """Why the most tempting wrong option is wrong."""
    if slot.old and wrong == slot.old:
        return f"“{wrong}”是原《条例》的规定，已调整为“{slot.text}”。"
    if slot.kind in ("number", "change"):
        parts = [re.sub(r"^[（(][一二三四五六七八九十]+[）)]", "", p.strip())
                 for p in re.split(r"[；。：\n]", _LABEL.sub("", article_text(prop, setting)))]
        forms = {wrong, *(("二" + wrong[1:], "两" + wrong[1:]) if wrong[:1] in "两二" else ())}  # 两个月 is 二个月
        alone = re.compile(rf"(?<![0-9零一二两三四五六七八九十])(?:{'|'.join(map(re.escape, forms))})")  # not 12个月
        parts = [p for p in parts if "折抵" not in p]  # 一日折抵管制二日 is a ratio, never a tempting limit
        clause = next((p for p in parts if alone.search(p) and len(p) <= 40), "")
        if not clause:
            clause = next((c for p in parts for c in p.split("，") if alone.search(c) and len(c) >= len(wrong) + 4), "")
        if clause and len(clause) <= 40:  # the neighbouring limit of the same article is what tempts
            return f"“{wrong}”是本条“{clause}”中的规定，不是本项的。"
        return _elsewhere(wrong, alone, prop, setting)
    if slot.kind == "term":
        return f"规定的表述是“{slot.text}”，“{wrong}”不是本规定的内容。"
    if slot.kind == "swap":
        return f"应为“{slot.text}”，“{wrong}”把关系说反了。"
    if slot.kind == "force":
        return f"规定用的是“{slot.text}”，不是“{wrong}”。"
    if slot.kind == "member":
        return member_home(wrong, prop, setting)
    return ""  # "此项由…负责，…是相近的主体" is boilerplate: the quotation names who acts


_ARTICLE_AT = re.compile(r"(?m)^第[一二三四五六七八九十百零]+条")


def _elsewhere(wrong: str, alone: re.Pattern[str], prop: Proposition, setting: Setting) -> str:
    """Where else the regulation sets the tempting value, quoted with its article: “15日”是第二十三条“……15日内
    书面告知信访人”的期限 (a limit a learner mixes up), or "" when the document has none."""
    if not setting.regulation:
        return ""
    found: list[str] = []
    for match in alone.finditer(setting.document):
        begin = max(setting.document.rfind(m, 0, match.start()) for m in "，；。：\n") + 1
        stops = [k for k in (setting.document.find(m, match.end()) for m in "，；。：\n") if k >= 0]
        clause = setting.document[begin:min(stops, default=len(setting.document))].strip()
        if len(clause) <= 16 and setting.document[begin - 1:begin] == "，":  # 在15日内……处理: whose? the clause before
            earlier = max(setting.document.rfind(m, 0, begin - 1) for m in "，；。：\n") + 1
            clause = setting.document[earlier:begin] + clause
        if "折抵" in clause or not 6 <= len(clause) <= 40 or prop.start <= match.start() < prop.end:
            continue
        labels = [m.group(0) for m in _ARTICLE_AT.finditer(setting.document, 0, match.start() + 1)]
        clause = _LABEL.sub("", clause)
        found.append(f"“{wrong}”是{labels[-1] if labels else '其他条款'}“{clause}”的规定，不是本项的。")
    # a clause that names who acts (信访人……15日内) reads as a rule of its own; a bare 在15日内…… less so
    from question_bank.lexicon import bodies_in

    named = [f for f in found if bodies_in(f.split("”是", 1)[1]) or _PERSON.search(f.split("”是", 1)[1])]
    return (named or found or [""])[0]


def article_text(prop: Proposition, setting: Setting) -> str:
    """The whole article a regulation's proposition is in (all its 款), or the proposition's quote elsewhere."""
    if not setting.regulation:
        return prop.quote
    starts = [m.start() for m in _ARTICLE_AT.finditer(setting.document)]
    begin = max((s for s in starts if s <= prop.start), default=0)
    end = min((s for s in starts if s > prop.start), default=len(setting.document))
    return setting.document[begin:end]


def member_home(wrong: str, prop: Proposition, setting: Setting) -> str:
    """Why an outsider is not a member: the article whose list it belongs to, when the document has one (a
    sibling list, 撤销 beside 变更), else that it is not in the list."""
    at = setting.document.find(wrong) if setting.regulation else -1
    if at < 0:
        return f"“{wrong}”不在其列。"
    labels = [m.group(0) for m in _ARTICLE_AT.finditer(setting.document, 0, at + 1)]
    if not labels or prop.provision.endswith(labels[-1]):
        return f"“{wrong}”不在其列。"
    own = prop.provision[prop.provision.rfind("》") + 1:] or "本条"
    return f"“{wrong}”是{labels[-1]}所列的情形，{own}未列。"


def _explain(prop: Proposition, slot: Slot | None, wrong: str, setting: Setting) -> str:
    reason = _why(prop, slot, wrong, setting) if slot is not None and wrong else ""
    if slot is not None and slot.kind == "member" and not wrong and not prop.derived:
        reason = f"所列包括“{slot.text}”。"  # a true member statement: the item itself, not only the list's lead
    if slot is not None and slot.kind == "member" and prop.siblings and len("、".join(prop.siblings)) <= 80:
        # the whole list decides a member item, not one member of it
        return f"依据{prop.provision}，{prop.list_lead}为：{'、'.join(prop.siblings)}。" + (reason if wrong else "")
    return f"依据{prop.provision}{quoted(deciding_clause(prop, slot), setting.document)}。{reason}"


def quoted(clause: str, document: str) -> str:
    """The deciding clause in quotation marks when the source says it so, else as a plain restatement."""
    if clause.removesuffix("…") in index_of(document):
        if clause.count("“") > clause.count("”"):
            clause += "”"  # 专列一条规定“巡视工作应当……监督: the source's quotation closed where the clause stops
        elif clause.count("”") > clause.count("“"):
            clause = clause.replace("”", "", clause.count("”") - clause.count("“"))
        return f"：“{clause}”"
    return f"，{clause}"


def _difficulty(slot: Slot, *, negative: bool = False) -> int:
    level = 2
    if slot.kind in ("number", "change"):
        value = read_number(re.sub(r"\D*$", "", slot.text)) or 0
        nearest = min((abs((read_number(re.sub(r"\D*$", "", w)) or 0) - value) for w in slot.wrong), default=99)
        level = 3 if value and nearest <= max(value // 2, 1) else 2
    elif slot.kind == "actor":
        level = 2
    return min(3, level + (1 if negative else 0))


def _number_order(options: list[str]) -> list[str]:
    """Numbers as options read in ascending order, as printed papers set them."""
    def value(option: str) -> int:
        q = next(find_quantities(option), None)
        return q.value if q else 0
    return sorted(options, key=value)


def point_items(prop: Proposition, *, setting: Setting) -> tuple[list[QuestionDraft], list[FlashcardDraft]]:
    """The items of one proposition: for each number a 单选, 填空 and 判断 (each number its own point), for
    the actor a 单选 and 填空, and one 判断 on the actor or force; for a list only its flashcard here."""
    if prop.items:
        return _list_items(prop, setting=setting)
    questions: list[QuestionDraft] = []
    cards: list[FlashcardDraft] = []
    if prop.derived or dangling(_SOURCE_LEAD.sub("", prop.statement).rstrip("。")):
        return questions, cards  # （  ）应当依法予以协助: to whom? nothing on it stands alone
    cards += _definition_card(prop) + _duty_card(prop) + _object_card(prop)
    if prop.old and prop.new and not prop.review:  # old → new as one fact: 原为2个月，现为6个月
        about = prop.statement[:prop.lead_len].removeprefix(f"修订后的{setting.law}规定，").removesuffix("为")
        cards.append(FlashcardDraft(key=f"{prop.key}-change-card", front=f"{setting.law}修订前后，{about}有何变化？",
                                    back=f"由原来的{prop.old}调整为{prop.new}", quote=prop.quote, start=prop.start,
                                    end=prop.end, point=prop.key))
        cards.append(FlashcardDraft(key=f"{prop.key}-old-card", front=f"修订前，原{setting.law}规定的{about}是多少？",
                                    back=prop.old, quote=prop.quote, start=prop.start, end=prop.end, point=prop.key))
    found = slots(prop, document=setting.document)
    if not setting.regulation and _commentary(prop):
        return [], cards  # 巡视机构要强化法治思维, 50次听取巡视汇报: the interviewee's voice, never the regulation's
    for number, slot in enumerate(s for s in found if s.kind in ("number", "change", "member", "term")):
        point = prop.key if slot.kind == "member" else f"{prop.key}-n{number}"
        questions += _slot_items(prop, slot, point=point, setting=setting, judge=True)
        card = _slot_card(prop, slot, point=point)
        if card is not None:
            cards.append(card)
    actor = next((s for s in found if s.kind == "actor"), None)
    force = force_slot(prop, document=setting.document) or next((s for s in found if s.kind == "swap"), None)
    if actor is not None:
        questions += _slot_items(prop, actor, point=prop.key, setting=setting, judge=force is None)
        card = _slot_card(prop, actor, point=prop.key)
        if card is not None:
            cards.append(card)
    if force is not None:
        questions += _judge(prop, force, point=prop.key, setting=setting)
        if force.kind == "swap" and len(force.text) <= 12:
            card = _slot_card(prop, force, point=prop.key)
            cards += [card] if card is not None else []
    duty = next((c for c in cards if c.key.endswith("-duty-card")), None)
    if duty is not None and any(c.key.endswith(("-number-card", "-change-card")) and c.back in duty.back for c in cards):
        cards.remove(duty)  # ……应当怎样做？ -> 在三日以内作出决定 beside （  ）以内: the time limit asked once
    return questions, cards


def _definition_card(prop: Proposition) -> list[FlashcardDraft]:
    """巡视工作是什么？ -> 上级党组织对下级党组织履行党的领导职责责任的政治监督 (a statement X是Y, Y short)."""
    rest = prop.statement[prop.lead_len:].rstrip("。")
    match = re.match(r"^([\u4e00-\u9fff（）]{2,14}?)是([^，；。]{4,58})$", rest)
    lead = prop.statement[:prop.lead_len]
    if prop.review or not match or match.group(1).endswith(("的", "也", "就", "还")) or (lead and not lead.endswith("规定，")):
        return []  # ……政治监督，根本任务是……: a later clause's 是 has the first clause's subject
    return [FlashcardDraft(key=f"{prop.key}-definition-card", front=f"{match.group(1)}是什么？", back=match.group(2),
                           quote=prop.quote, start=prop.start, end=prop.end, point=prop.key)]


_OBJECT = re.compile(r"(加强|实行|开展)对((?:[\u4e00-\u9fff（）]{2,20}?)(?:负责人|成员|班子|党组织|机关|干部))的(监督|领导|管理)")


_STANCE = re.compile(r"坚守([\u4e00-\u9fff]{2,8})定位")


def _object_card(prop: Proposition) -> list[FlashcardDraft]:
    """Whom a duty is over: 巡视工作应当加强对（  ）的监督。 -> 被巡视党组织主要负责人."""
    if prop.review or prop.member:
        return []
    stance = _STANCE.search(prop.statement, prop.lead_len)
    if stance and re.search(r"应当|必须|要", prop.statement[prop.lead_len:stance.start()]):
        return [FlashcardDraft(key=f"{prop.key}-stance-card", front=prop.statement[:stance.start()] + "坚守什么定位？",
                               back=stance.group(1) + "定位", quote=prop.quote, start=prop.start, end=prop.end,
                               point=prop.key)]
    match = _OBJECT.search(prop.statement, prop.lead_len)
    if not match or not re.search(r"应当|必须|要", prop.statement[prop.lead_len:match.start()]):
        return []
    stop = min((prop.statement.find(m, match.end()) for m in "，；。" if prop.statement.find(m, match.end()) >= 0),
               default=len(prop.statement))
    front = prop.statement[:match.start(2)] + BLANK + prop.statement[match.end(2):stop] + "。"
    return [FlashcardDraft(key=f"{prop.key}-object-card", front=front, back=match.group(2), quote=prop.quote,
                           start=prop.start, end=prop.end, point=prop.key)]


_OPEN_END = re.compile(r"(内|以内|之内|情况下|程序|时|前|后|中|委员会|机关|部门|单位)$")


def _duty_card(prop: Proposition) -> list[FlashcardDraft]:
    """What the rule requires of its actor: the front up to the force (应当/要/不得…), the back the duty."""
    if prop.review or prop.member:
        return []
    text = prop.statement
    force = re.search(r"应当|必须|不得|可以|(?<![需主重必只将就也纲概还总旨扼摘紧首纪既又])要(?![求素点件义害])",
                      text[prop.lead_len:])
    if not force:
        return []
    at = prop.lead_len + force.start()
    stop = min((text.find(m, at) for m in "，；。" if text.find(m, at) >= 0), default=len(text))
    if _OPEN_END.search(text[at:stop]) and stop < len(text) and text[stop] == "，":
        # 可以在收到处理决定之日起一个月内，向……申请复审: the duty's verb is in the next clause
        stop = min((text.find(m, stop + 1) for m in "，；。" if text.find(m, stop + 1) >= 0), default=len(text))
    back = text[at:stop]
    if _OPEN_END.search(back) or (re.match(r"^(应当|可以)(按照|依照|依法|予以|及时|根据)", back) and len(back) <= 12):
        return []  # ……（  ）？ -> 应当按照管理权限: a manner any duty has, no fact to recall
    if re.match(r"^(应当|可以|必须|要)(根据|依照|按照|结合|围绕)", back) and text[stop:stop + 1] == "，":
        return []  # 应当根据司法机关的生效判决……: the manner only, its verb (给予政务处分) comes later
    following = re.split(r"[；。]", text[stop:], maxsplit=1)[0]
    if re.search(r"的，[^，]*?(应当|可以|不得|必须)", following):
        return []  # 发现……单位应当给予处分而未给予，……的，应当提出监察建议: the 应当 is part of a condition
    subject = _SOURCE_LEAD.sub("", text[:at])
    if subject.endswith(("和", "及", "与", "或者", "各自", "、")):
        return []  # 根据各自在违法行为中所起的作用和（  ）: the front stops inside a phrase
    body = re.sub(r"^(根据[^，]*，|《[^》]*》规定，)", "", subject)
    acting = re.compile(r"^(?!对)[\u4e00-\u9fff、（）]{0,16}?(机关|部门|单位|机构|党委|政府|委员会|党组织|公务员|公职人员|"
                        r"人员|信访人|被调查人|鉴定人|申请人|检察院|法院|监察官|干部|负责人|负责同志|核查组|巡视组|当事人)")
    if subject.endswith("，") and not any(acting.match(part) for part in body.split("，")):
        return []  # 对属于……的检举控告类信访事项，应当怎样做？: who does? the card never says
    core = re.sub(r"^(应当|可以|必须|要)?(依法|及时)?", "", back)
    if len(core) <= 12 and core[-2:] in subject:
        return []  # 需要协助的……应当怎样做？ -> 予以协助: the front answers itself
    if len(core) <= 2 or len(re.sub(r"(根据工作需要|根据需要|必要时|依法)，?", "", body)) < 8:
        return []  # ……应当怎样做？ -> 保密 / 进行调查: guessed from the front; 监察机关根据工作需要，可以……: of many
    if re.fullmatch(r"(应当)?(全面|充分|积极)?(发挥|履行)[\u4e00-\u9fff]{0,4}(作用|职能|职责)", back):
        return []  # 全面发挥职能作用: no fact to recall
    word = force.group(0)
    rest = re.split(r"。", text[stop:], maxsplit=1)[0]
    if word == "不得" and "不得" in rest:
        return []  # 不得晋升职务……；被记过……的，不得晋升薪酬待遇等级: half the bans
    if rest.startswith("，") and not re.search(r"的[，；]|；", rest):
        if len(back) + len(rest) > 40:
            return []  # 恢复……级别、薪酬待遇，按照原职务……，并……恢复名誉: the back would hold a third of the duty
        back += rest  # the duty's later clauses, with no new condition, belong to it
    if word == "不得":
        front = text[:at] + "有何禁止性规定？"
    elif (who := re.fullmatch(r"由([^，；。]{4,30}?)(进行|兼任|担任|负责|决定|批准|办理|执行|实施)", back[len(word):])):
        front, back = text[:at] + f"{word}由谁{who.group(2)}？", who.group(1)  # 主要负责同志应当由谁兼任？
    else:
        front = text[:at] + word + ("如何处理？" if text[:at].endswith("的，") else "怎样做？")
        back = back[len(word):]
    if not 2 <= len(back) <= 40 or len(front) > MAX_STEM or len(subject) < 8 or back.endswith(("的", "的条件", "的要求")) \
            or subject.endswith(("既", "又", "也", "不仅", "而且", "过程中", "期间")) \
            or re.fullmatch(r"在[^，]{2,12}中，[^，]{2,10}", subject) \
            or subject.endswith(("有", "处分，")) or "；" in subject or back.endswith(("情形", "规定")):
        return []  # 巡察工作（  ）？ prompts nothing; ……的 is a condition, not a duty; 既（  ） cuts a 既要……又要;
        # 在调查过程中，监察机关（  ）？ has many answers (谈话, 讯问, 询问……); 给予……处分，（  ）？ has no one who acts;
        # ……人员有（  ）？ -> 应当回避的情形 blanks the condition, not the rule
    return [FlashcardDraft(key=f"{prop.key}-duty-card", front=front, back=back, quote=prop.quote,
                           start=prop.start, end=prop.end, point=prop.key)]


def written_forms(answer: str) -> list[str]:
    """Other ways a learner writes the same answer: half-width brackets (村(社区)党组织), the bracket read as a
    list (村、社区党组织), a role with its organisation dropped (主要负责人 for 被巡视党组织主要负责人)."""
    forms = []
    if "（" in answer:
        forms.append(answer.replace("（", "(").replace("）", ")"))
        inner = re.fullmatch(r"(.+?)（([^（）]+)）(.*)", answer)
        if inner:
            forms += [f"{inner.group(1)}、{inner.group(2)}{inner.group(3)}",
                      f"{inner.group(1)}{inner.group(3)}和{inner.group(2)}{inner.group(3)}"]
    role = re.fullmatch(r"(被巡[视察]党组织)(主要负责人|领导班子成员)", answer)
    if role:
        forms.append(role.group(2))
    core = re.fullmatch(r"(有关|紧盯|坚持|发扬|贯彻|严格)(.{3,})", answer)
    if core:  # 有关职能部门 -> 职能部门, 紧盯权力和责任 -> 权力和责任: the core a learner writes is sound
        forms.append(core.group(2))
    return forms


def find_quantities_list(text: str) -> list[object]:
    """Every quantity of a text, as a list."""
    return list(find_quantities(text))


def _restyled(slot: Slot) -> str:
    """The slot's own value in the other numeral style (6个月 -> 六个月), so a true 判断 is not a verbatim copy."""
    if slot.kind not in ("number", "change") or not slot.accepted:
        return slot.text
    arabic = bool(re.search(r"\d", slot.text))
    if not arabic:
        return slot.text  # 通缉一年后 -> 1年后 reads as a tampered copy of a law that writes its numbers in words
    unit = re.sub(r"^[0-9零一二两三四五六七八九十百]+", "", slot.text)
    other = next((a for a in slot.accepted if a != slot.text and a.endswith(unit) and bool(re.search(r"\d", a)) != arabic
                  and not a.startswith("两") and a[:-len(unit) or None]), "")
    return other or slot.text


MAX_JUDGE = 80  # a 判断 longer than this hides its one changed word in a copy of the article


def _judge(prop: Proposition, slot: Slot, *, point: str, setting: Setting) -> list[QuestionDraft]:
    """A 判断 on the point: true restated (numbers as the other numeral style), false with the slot swapped."""
    if len(prop.statement) > MAX_JUDGE:
        cut = _cut(prop, slot, limit=MAX_JUDGE, marks="；。")  # a 判断 is a whole sentence: never cut at a comma
        if cut is None:
            return []
        from dataclasses import replace

        prop, slot = replace(prop, statement=cut[0]), replace(slot, at=cut[1])
    truth = _parity(point)
    if slot.kind == "member" and not prop.derived:
        listed = re.search(r"-m(\d+)$", prop.key)
        if listed and int(listed.group(1)) >= 3:
            return []  # 原则包括A, 原则包括B……: one stem over and over; three 判断 per list at most
        truth = listed is not None and int(listed.group(1)) < 2  # two members stated true, one outsider false
        from question_bank.distractors import list_kind

        if truth and list_kind(prop.list_lead) in ("sanctions", "contents", "periods"):
            return []  # 政务处分的种类包括警告: true to anyone who never read the law
    if slot.kind == "member" and not slot.wrong:
        truth = True  # an open list (……等情况) has no sure outsider: its member is only ever stated true
    restyle = len(find_quantities_list(prop.statement)) == 1  # never 一日折抵管制2日: one style per sentence
    filler = ((_restyled(slot) if restyle else slot.text) if truth else next(iter(slot.false_fillers), ""))
    if not filler or dangling(prop.statement[prop.lead_len:].rstrip("。")):
        return []  # every wrong filler a weaker bound (3人以上 for 2人以上, still true); a formula with no holder
    statement = setting.framed(prop.statement[:slot.at] + filler + prop.statement[slot.end:], prop.lead_len)
    return [_draft(prop, f"{point}-judge", QuestionType.JUDGE, stem=statement, options=None, answer=truth,
                   answer_text="正确" if truth else "错误",
                   explanation=_explain(prop, slot, "" if truth else filler, setting),
                   difficulty=_difficulty(slot), point=point)]  # never 1 for true, 2 for false: a tell


def _unnest(text: str) -> str:
    """A quotation nested in a quotation (‘回头看’) printed on its own takes the outer marks (“回头看”)."""
    return text.replace("‘", "“").replace("’", "”")


def nest_quotes(text: str) -> str:
    """Quotation marks inside a quotation as single ones: “专列一条规定‘巡视工作应当……’”, never “…“…”…”."""
    out, depth = [], 0
    for ch in text:
        if ch == "“":
            out.append("‘" if depth else "“")
            depth += 1
        elif ch == "”" and depth:
            depth -= 1
            out.append("’" if depth else "”")
        else:
            out.append(ch)
    return "".join(out)


def _draft(prop: Proposition, key: str, qtype: QuestionType, **fields: object) -> QuestionDraft:
    if isinstance(fields.get("explanation"), str):
        fields["explanation"] = nest_quotes(str(fields["explanation"]))
    options = fields.get("options")
    if isinstance(options, tuple):  # an option stands alone: no ‘…’ left from the quotation it was cut from
        fields["options"] = tuple(_unnest(o) if isinstance(o, str) else o for o in options)
        if isinstance(fields.get("answer_text"), str):
            fields["answer_text"] = _unnest(str(fields["answer_text"]))
    return QuestionDraft(key=key, type=qtype, quote=prop.quote, start=prop.start, end=prop.end, review=prop.review,
                         **fields)  # type: ignore[arg-type]


def _slot_items(prop: Proposition, slot: Slot, *, point: str, setting: Setting, judge: bool) -> list[QuestionDraft]:
    cut = _cut(prop, slot)
    if cut is None or _prompt_left(prop, slot) < 6:
        return _judge(prop, slot, point=point, setting=setting) if judge else []  # nothing left to prompt a blank
    text, at = cut
    stem = setting.framed(text[:at] + BLANK + text[at + len(slot.text):], prop.lead_len)
    if slot.text in stem:
        return []
    made: list[QuestionDraft] = []
    rng = _rng(setting, point)
    wrong = list(slot.wrong[:3])
    if len(wrong) < 3:
        return _judge(prop, slot, point=point, setting=setting) if judge else []
    if slot.kind == "member":  # 原则包括（  ）: any member fills it, so a choice only, framed as 下列属于
        return _member_items(prop, slot, point=point, setting=setting, judge=judge)
    options = [slot.text, *wrong]
    rng.shuffle(options)
    if slot.kind in ("number", "change"):
        options = _number_order(options)
    def found_in(text: str) -> str:
        return next((w for w in wrong if re.search(rf"(?<![0-9零一二两三四五六七八九十]){re.escape(w)}", text)), "")

    # the tempting one is a value the same article sets, else one the regulation sets elsewhere (15日 beside 30日)
    tempting = slot.old or found_in(article_text(prop, setting)) \
        or (found_in(setting.document) if setting.regulation else "") or wrong[0]
    explanation = _explain(prop, slot, tempting, setting)
    made.append(_draft(prop, f"{point}-single", QuestionType.SINGLE, stem=stem, options=tuple(options),
                       answer=options.index(slot.text), answer_text=slot.text, explanation=explanation,
                       difficulty=_difficulty(slot), point=point))
    accepted = list(dict.fromkeys([slot.text, *slot.accepted, *written_forms(slot.text)]))
    if len(slot.text) > MAX_BLANK:  # a long answer is asked as a choice, never as a blank
        return made + (_judge(prop, slot, point=point, setting=setting) if judge else [])
    made.append(_draft(prop, f"{point}-blank", QuestionType.BLANK, stem=stem, options=None,
                       answer=[accepted], answer_text=slot.text, explanation=_explain(prop, slot, "", setting),
                       difficulty=min(3, _difficulty(slot) + 1) if slot.kind != "actor" else 2, point=point))
    if judge:
        made += _judge(prop, slot, point=point, setting=setting)
    return made


def _member_items(prop: Proposition, slot: Slot, *, point: str, setting: Setting,
                  judge: bool) -> list[QuestionDraft]:
    rng = _rng(setting, point)
    lead = "坚持" if slot.text.startswith("坚持") else ""  # a key without 坚持 among 坚持…… options gives itself away
    alike = [w if lead or not w.startswith("坚持") else w[2:] for w in slot.wrong if w.startswith(lead)]
    parallel = [w for w in alike if len(slot.text) / 2 <= len(w) <= len(slot.text) * 2 and w != slot.text]
    if prop.sequence or len(slot.text) <= 2 or len(parallel) < 3:
        # 环节包括准备 tests nothing a candidate does not know; a long official phrase among short words is the key
        return []
    options = [slot.text, *parallel[:3]]
    rng.shuffle(options)
    member = re.search(r"-m(\d+)$", prop.key)
    if member and int(member.group(1)) >= MAX_MEMBER_SINGLES:
        # 下列属于……的是 asked of every member is one stem six times over: a paper repeats it
        return _judge(prop, slot, point=point, setting=setting) if judge else []
    made = [_draft(prop, f"{point}-single", QuestionType.SINGLE, stem=f"根据{setting.law}，下列属于{prop.list_lead}的是：",
                   options=tuple(options), answer=options.index(slot.text), answer_text=slot.text,
                   explanation=(f"依据{prop.provision}，{prop.list_lead}包括“{slot.text}”；"
                                f"“{slot.wrong[0]}”不在其列。"),
                   difficulty=2, point=point)]
    if judge:
        made += _judge(prop, slot, point=point, setting=setting)
    return made


_SOURCE_LEAD = re.compile(r"^(修订后的《[^》]+》(规定，)?|《[^》]+》规定，|根据《[^》]+》，)")


def _prompt_left(prop: Proposition, slot: Slot) -> int:
    """How much of the statement is left to prompt a blank, beside the slot and the naming of the source."""
    return len(_SOURCE_LEAD.sub("", prop.statement).rstrip("。")) - len(slot.text)


def _slot_card(prop: Proposition, slot: Slot, *, point: str) -> FlashcardDraft | None:
    if prop.review or slot.kind == "member":
        return None  # 原则包括（  ）: any member fills it, so it is no card
    if _prompt_left(prop, slot) < 6:
        return None  # 修订后的《条例》（  ）。: a front with nothing left to prompt
    cut = _cut(prop, slot)
    if cut is None:
        return None
    text, at = cut
    front = text[:at] + BLANK + text[at + len(slot.text):]
    if slot.text in front or len(front) > MAX_STEM:
        return None
    return FlashcardDraft(key=f"{point}-{slot.kind}-card", front=front, back=slot.text, quote=prop.quote, start=prop.start,
                          end=prop.end, point=point)


# --- lists the regulation lays down ---------------------------------------------------------------------


def _list_items(prop: Proposition, *, setting: Setting,
                outsiders: Sequence[str] = ()) -> tuple[list[QuestionDraft], list[FlashcardDraft]]:
    cards: list[FlashcardDraft] = pair_cards(prop, setting=setting)
    back = ("；" if any(re.search("[，、]", i) for i in prop.items) else "、").join(prop.items)  # 违反法定程序，……的；……
    if len(back) > MAX_CARD_BACK and any("、" in i for i in prop.items):
        # 坚持人民立场、贯彻群众路线……: the core phrases, one item per ；, are what a learner recalls
        back = "；".join(re.sub(r"(^|、)(坚持|贯彻|发扬)", r"\1", i) for i in prop.items)
    if len(back) <= MAX_CARD_BACK and not prop.review:
        from question_bank.distractors import list_kind

        ask = "依次是什么" if prop.sequence else "分别是多少" if list_kind(prop.list_lead) == "periods" else "有哪些"
        cards.append(FlashcardDraft(key=f"{prop.key}-card", front=f"根据{setting.law}，{prop.list_lead}{ask}？",
                                    back=back, quote=prop.quote, start=prop.start, end=prop.end, point=prop.key))
    return [], cards


def list_questions(prop: Proposition, outsiders: Sequence[str], *, setting: Setting) -> list[QuestionDraft]:
    """A 多选 (下列属于……的有), a negative 单选 (下列不属于……的是) and, for a defined sequence, a 排序."""
    rng = _rng(setting, prop.key)
    made: list[QuestionDraft] = []
    from question_bank.distractors import catch_all

    items = [i for i in prop.items if not catch_all(i)]  # 其他……情节 is never a key: it gives itself away
    explanation = f"依据{prop.provision}，{prop.list_lead}为：{'；'.join(prop.items)}。"
    pool = list(outsiders)
    rng.shuffle(pool)
    if items and all(i.startswith("坚持") for i in items):  # 协调解决重要信访问题 among 坚持……: the form gives it away
        pool = [o if o.startswith("坚持") else f"坚持{o}" for o in pool]
    if prop.pairs and prop.relation not in ("负责", "承担"):
        pool = []  # 下列属于政务处分期间的有：记过十八个月: a pair glued into one option; its 连线 asks it whole
    if pool and prop.pairs:  # 有关职能部门成果运用责任 glued reads as a noun: 有关职能部门承担成果运用责任
        bodies = sorted({b for b, _ in prop.pairs}, key=len, reverse=True)
        verb = "承担" if prop.relation == "承担" else "负责"
        glue = {text: next((f"{text[:len(b)]}{verb}{text[len(b):]}" for b in bodies if text.startswith(b)), text)
                for text in [*items, *pool]}
        items, pool = [glue[i] for i in items], [glue[o] for o in pool]
    if pool:
        keys = rng.sample(items, min(len(items), 4 if len(pool) == 1 else 3))
        wrong = pool[:5 - len(keys)] if len(keys) < 5 else pool[:1]
        options = [*keys, *wrong]
        rng.shuffle(options)
        reason = member_home(wrong[0], prop, setting).replace("不在其列", f"不在{prop.list_lead}之列")
        made.append(_draft(prop, f"{prop.key}-multiple", QuestionType.MULTIPLE,
                           stem=(f"根据{setting.law}，关于{prop.list_lead}，下列表述正确的有：" if prop.pairs
                                 else f"根据{setting.law}，下列属于{prop.list_lead}的有："), options=tuple(options),
                           answer=sorted(options.index(k) for k in keys),
                           answer_text=("；" if any("、" in k for k in keys) else "、").join(
                               sorted(keys, key=options.index)),  # in option order, 适用法律、法规…… kept whole
                           explanation=explanation + reason, difficulty=3 if len(keys) >= 4 else 2, point=prop.key))
        apart = [i for i in items if i[:3] != pool[0][:3] and i[-2:] != pool[0][-2:]]  # none names the outsider's parts
        keys = rng.sample(apart if len(apart) >= 3 else items, min(3, len(items)))
        options = [*keys, pool[0]]
        rng.shuffle(options)
        made.append(_draft(prop, f"{prop.key}-single", QuestionType.SINGLE,
                           stem=(f"根据{setting.law}，关于{prop.list_lead}，下列表述错误的是：" if prop.pairs
                                 else f"根据{setting.law}，下列不属于{prop.list_lead}的是："), options=tuple(options),
                           answer=options.index(pool[0]), answer_text=pool[0],
                           explanation=explanation + member_home(pool[0], prop, setting), difficulty=3,
                           point=prop.key))
    if prop.sequence and 3 <= len(items) <= 6:
        shuffled = items[:]
        while shuffled == items:
            rng.shuffle(shuffled)
        made.append(_draft(prop, f"{prop.key}-order", QuestionType.ORDER,
                           stem=f"根据{setting.law}，{prop.list_lead}按{_order_of(items)}排列正确的是：",
                           options=tuple(shuffled),
                           answer=[shuffled.index(i) for i in items], answer_text="→".join(items),
                           explanation=explanation, difficulty=2, point=prop.key))
    return made


def pairs_of(prop: Proposition) -> list[tuple[str, str]]:
    """The (body, duty) pairs of a list whose every member is a body and what it does, else []."""
    from question_bank.lexicon import split_pair

    if prop.pairs:
        return list(prop.pairs)
    pairs = [split_pair(item) for item in prop.items]
    if len(pairs) < 4 or any(p is None for p in pairs):
        return []
    found = [p for p in pairs if p is not None]
    if len({d for _, d in found}) < len(found) or len({b for b, _ in found}) < len(found):
        return []
    return found


def swapped_pairs(prop: Proposition, *, document: str) -> list[str]:
    """Members of a body-duty list with two duties exchanged (纪检监察机关和组织部门支持): false by construction."""
    pairs = pairs_of(prop)
    made = []
    for k in range(len(pairs) - 1):
        body, _ = pairs[k]
        neighbour, other = pairs[k + 1]
        if body[:4] == neighbour[:4]:
            continue  # 主要负责人 and 领导班子成员 of one 党组织: the leader is a member too, the swap may hold
        if body + other not in document:
            made.append(body + other)
    return made


def pair_cards(prop: Proposition, *, setting: Setting) -> list[FlashcardDraft]:
    """One card per body-duty pair: 在……中，巡视机构负责什么？ -> 组织实施."""
    if prop.relation not in ("负责", "承担"):
        return []
    verb = prop.relation if prop.pairs else "的职责是"  # 被巡视党组织负责什么？→配合 asks the wrong question
    ask = "什么责任" if prop.relation == "承担" else "什么"
    where = f"根据{setting.law}，在{prop.scope or prop.list_lead}中，"
    pairs = pairs_of(prop)
    cards = [FlashcardDraft(key=f"{prop.key}-pair{number}-card", front=f"{where}{body}{verb}{ask}？", back=duty,
                            quote=prop.quote, start=prop.start, end=prop.end, point=f"{prop.key}-pair{number}")
             for number, (body, duty) in enumerate(pairs)]
    bodies = [b for b, _ in pairs]
    # and the other way round, for a body named once in the list and not a generic one (党组织, 主要负责人 of whom?)
    cards += [FlashcardDraft(key=f"{prop.key}-pair{number}-who-card",
                             front=f"{where}承担“{duty}”的是谁？" if prop.relation == "承担" else f"{where}由谁{duty}？",
                             back=body, quote=prop.quote, start=prop.start, end=prop.end,
                             point=f"{prop.key}-pair{number}")
              for number, (body, duty) in enumerate(pairs)
              if bodies.count(body) == 1 and body != "党组织"]
    return cards


def pair_questions(prop: Proposition, *, setting: Setting) -> list[QuestionDraft]:
    """For each body-duty pair (its own point) a 单选 on who does it, a 判断 and a 填空."""
    if prop.relation not in ("负责", "承担"):
        return []  # 警告，六个月: each period is a number proposition of its own
    pairs = pairs_of(prop)
    made: list[QuestionDraft] = []
    where = f"根据{setting.law}，在{prop.scope or prop.list_lead}中，"
    clause = deciding_clause(prop)
    for number, (body, duty) in enumerate(pairs):
        point = f"{prop.key}-pair{number}"
        rng = _rng(setting, point)
        from question_bank.lexicon import related

        others = [b for b, _ in pairs if b != body and not related(b, body)]  # never 党组织 beside 被巡视党组织
        rng.shuffle(others)
        options = [body, *others[:3]]
        rng.shuffle(options)
        neighbour = pairs[(number + 1) % len(pairs)]
        verb = prop.relation if prop.pairs else ""
        explanation = (f"依据{prop.provision}，{prop.list_lead}为：{'；'.join(b + verb + d for b, d in pairs)}。"
                       f"{body}{verb}{duty}，{neighbour[0]}{verb}{neighbour[1]}，不可混淆。")
        if body == "党组织":
            continue  # 党组织分级负责: the generic word every reader guesses, and 被巡视党组织 contains it
        ask = f"{where}承担“{duty}”的是：" if prop.relation == "承担" else f"{where}{duty}的主体是："
        made.append(_draft(prop, f"{point}-single", QuestionType.SINGLE, stem=ask,
                           options=tuple(options), answer=options.index(body), answer_text=body,
                           explanation=explanation, difficulty=2, point=point))
        verb = prop.relation if prop.pairs else ""
        if not verb:  # 在……体制机制中，有关职能部门支持 is a clipped formula: ask the duty, and the formula whole
            if len(duty) <= MAX_BLANK:
                made.append(_draft(prop, f"{point}-blank", QuestionType.BLANK,
                                   stem=f"{where}{body}的职责是（  ）。", options=None,
                                   answer=[[duty]], answer_text=duty, explanation=explanation, difficulty=2,
                                   point=point))
            if number == 0:
                made += _formula_judge(prop, pairs, setting=setting, explanation=explanation)
            continue
        truth = _parity(point)
        statement = f"{where}{body}{verb}{duty if truth else neighbour[1]}。"
        made.append(_draft(prop, f"{point}-judge", QuestionType.JUDGE, stem=statement, options=None, answer=truth,
                           answer_text="正确" if truth else "错误", explanation=explanation,
                           difficulty=2, point=point))
        if len(body) > MAX_BLANK:
            continue  # 纪检监察机关和组织部门: a long answer is asked as a choice only
        made.append(_draft(prop, f"{point}-blank", QuestionType.BLANK, stem=f"{where}（  ）{verb}{duty}。",
                           options=None, answer=[[body, *written_forms(body)]], answer_text=body, explanation=explanation, difficulty=2,
                           point=point))
    return made


def _formula_judge(prop: Proposition, pairs: Sequence[tuple[str, str]], *, setting: Setting,
                   explanation: str) -> list[QuestionDraft]:
    """The whole formula (……巡视机构组织实施、纪检监察机关和组织部门协助……) as a 判断, false with two bodies'
    duties exchanged (never 分级负责, which only 党组织 can bear)."""
    point = f"{prop.key}-formula"
    truth = _parity(point)
    rows = list(pairs)
    if not truth:
        swappable = [k for k, (b, d) in enumerate(rows) if b != "党组织" and d != "分级负责"]
        if len(swappable) < 2:
            return []
        first, second = swappable[1], swappable[2] if len(swappable) > 2 else swappable[0]
        rows[first], rows[second] = (rows[first][0], rows[second][1]), (rows[second][0], rows[first][1])
    statement = f"根据{setting.law}，{prop.list_lead}包括{'、'.join(b + d for b, d in rows)}。"
    if len(statement) > MAX_STEM:
        return []
    return [_draft(prop, f"{point}-judge", QuestionType.JUDGE, stem=statement, options=None, answer=truth,
                   answer_text="正确" if truth else "错误", explanation=explanation,
                   difficulty=3, point=point)]


def _order_of(items: Sequence[str]) -> str:
    """How a sequence runs: sanctions from the lightest to the heaviest, steps one after another."""
    from question_bank.lexicon import SANCTIONS

    return "由轻到重的顺序" if all(i in SANCTIONS for i in items) else "先后顺序"


MIN_PAIRS = 4


def shares_word(left: str, right: str) -> bool:
    """Whether a 连线's left and right share a two-character word (信访部门 ↔ 信访事项)."""
    return any(left[i:i + 2] in right for i in range(len(left) - 1) if left[i:i + 2] not in ("规定", "有关"))


def gives_away(lefts: Sequence[str], rights: Sequence[str]) -> bool:
    """Whether some right shares a word with exactly one left, which pairs them by sight (a word all or several
    lefts share, such as 监察 in a 监察法 连线, pairs nothing)."""
    return any(sum(shares_word(b, d) for b in lefts) == 1 for d in rights)


def match_question(prop: Proposition, *, setting: Setting) -> QuestionDraft | None:
    """A 连线 of body ↔ duty when every member of a list is a body followed by what it does."""
    pairs = pairs_of(prop)[:6]
    lefts = [b for b, _ in pairs]
    if len(pairs) < MIN_PAIRS or gives_away(lefts, [d for _, d in pairs]) \
            or (setting.regulation and _nested(lefts)):
        return None  # a thin 连线, or one whose repeated word gives a pair away
    if prop.relation in ("负责", "承担"):
        stem = f"根据{setting.law}规定的{prop.list_lead}，将下列主体与其职责连线："
    else:  # 政务处分期间: 警告 ↔ 六个月
        stem = f"根据{setting.law}，将下列{prop.list_lead.removesuffix(prop.relation)}与其{prop.relation}连线："
    return _draft(prop, f"{prop.key}-match", QuestionType.MATCH, stem=stem,
                  options=tuple(b for b, _ in pairs), answer=[r for _, r in pairs],
                  answer_text="；".join(f"{b}—{r}" for b, r in pairs),
                  explanation=f"依据{prop.provision}，{prop.list_lead}为：{'；'.join(b + d for b, d in pairs)}。",
                  difficulty=2, point=f"{prop.key}-pairs")


_LIMIT = re.compile(r"^([\u4e00-\u9fff]{2,12}?)的?(?:持续的时间|的时间|时间|期限)?(?:最长)?(?:不得超过|不超过)"
                    r"([0-9一二两三四五六七八九十]+(?:小时|日|个月|年|个工作日))")


def limit_matches(props: Sequence[Proposition], *, setting: Setting) -> list[QuestionDraft]:
    """连线 of measure ↔ time limit (强制到案 ↔ 不得超过十二小时, 留置 ↔ 不得超过三个月): four or five provisions
    that each bound one measure, every limit a different one."""
    found: list[tuple[Proposition, str, str]] = []
    for prop in props:
        match = _LIMIT.match(prop.statement[prop.lead_len:]) if setting.regulation and not prop.review else None
        if match and all(match.group(1) != m and match.group(2) != q for _, m, q in found):
            found.append((prop, match.group(1), match.group(2)))
    if len(found) < MIN_PAIRS or _nested([m for _, m, _ in found]):
        return []
    chunk = found[:5]
    first = chunk[0][0]
    rights = [f"不得超过{q}" for _, _, q in chunk]
    return [_draft(first, f"{first.key}-limits", QuestionType.MATCH,
                   stem=f"根据{setting.law}，将下列措施与其规定的期限连线：", options=tuple(m for _, m, _ in chunk),
                   answer=rights, answer_text="；".join(f"{m}—{r}" for (_, m, _), r in zip(chunk, rights)),
                   explanation=f"依据{'、'.join(dict.fromkeys(p.provision for p, _, _ in chunk))}："
                               + "；".join(f"{m}{r}" for (_, m, _), r in zip(chunk, rights)) + "。",
                   difficulty=2, point=f"{first.key}-limits")]


def _nested(bodies: Sequence[str]) -> bool:
    """Whether one body's name holds another's (监察机关, 上级监察机关): the duty of either fits both."""
    return any(a != b and a in b for a in bodies for b in bodies)


def duty_matches(props: Sequence[Proposition], *, setting: Setting) -> list[QuestionDraft]:
    """连线 of body ↔ duty from provisions whose subject is a body bound by a force (地方党委 ↔ 领导本地区信访工作).

    Each duty is said once in the document (so it belongs to one body only); three to five pairs per item.
    """
    pairs: list[tuple[Proposition, str, str]] = []
    for prop in props:
        if prop.items or prop.review:
            continue
        rest = prop.statement[prop.lead_len:]
        head = re.match(r"^([\u4e00-\u9fff（）、]{2,16}?(?:机关|部门|机构|委员会|党委|党组|小组|办公室|常委会|联席会议|局|人民政府|政府|单位|学院）))"
                        r"(应当|必须|负责(?!人)|可以)", rest)
        if not head:
            continue
        duty = re.split(r"[，。；：]", rest[head.end():], maxsplit=1)[0]
        if not 4 <= len(duty) <= 22 or index_of(setting.document).count(duty) != 1:
            continue
        body = head.group(1)
        if any(body == b or duty == d for _, b, d in pairs) or re.search(r"发现|以外|对", body):
            continue  # 监察机关发现公职人员任免机关、单位 / 党委和政府以外的其他机关、单位: a clause, not a body
        pairs.append((prop, body, (head.group(2) if head.group(2) != "负责" else "负责") + duty))
    chunks: list[list[tuple[Proposition, str, str]]] = []
    for pair in pairs:  # greedy: a pair joins the first chunk where no word pairs a right with one left
        home = next((c for c in chunks if len(c) < 5 and not gives_away(
            [b for _, b, _ in [*c, pair]], [d for _, _, d in [*c, pair]]) and not _nested([b for _, b, _ in [*c, pair]])),
            None)
        if home is None:
            chunks.append([pair])
        else:
            home.append(pair)
    made: list[QuestionDraft] = []
    fair = [c for c in chunks if not gives_away([b for _, b, _ in c], [d for _, _, d in c])]
    full = [c for c in fair if len(c) >= MIN_PAIRS]
    # three pairs only as the document's one 连线 when no fuller one can be made (a regulation needs the type)
    for chunk in full or [c for c in sorted(fair, key=len, reverse=True) if len(c) >= 3][:1]:
        first = chunk[0][0]
        clauses = "；".join(f"{b}{d}" for _, b, d in chunk)
        made.append(_draft(first, f"{first.key}-duties", QuestionType.MATCH,
                           stem=f"根据{setting.law}，将下列主体与其职责连线：", options=tuple(b for _, b, _ in chunk),
                           answer=[d for _, _, d in chunk], answer_text="；".join(f"{b}—{d}" for _, b, d in chunk),
                           explanation=f"依据{'、'.join(dict.fromkeys(p.provision for p, _, _ in chunk))}：{clauses}。",
                           difficulty=2, point=f"{first.key}-duties"))
    return made


# --- statements across propositions ---------------------------------------------------------------------


_SUBJECT_OPENING = re.compile(r"^(巡视|巡察|开展巡视|党的|其他党组织|党组织|纪检监察|各级|中央|被巡视|抽调|对巡视)")


def _option_text(prop: Proposition, law: str) -> str:
    """A proposition as an option under a 根据《…》 stem: without its own 根据《…》，."""
    # 《条例》规定， stays: "巡视工作可以加强……监督" alone reads as true; "《条例》规定，巡视工作可以……" is plainly false
    text = prop.statement.removeprefix(f"根据{law}，").rstrip("。")
    # an interview's restated rule without its opener (《条例》规定，/修订后的《条例》明确), so that options read alike
    bare = re.sub(rf"^(?:修订后的)?{re.escape(law)}(?:规定，|明确规定|进一步明确|明确|规定)", "", text)
    return bare if bare != text and _SUBJECT_OPENING.match(bare) else text


def _swap(prop: Proposition, slot: Slot, law: str) -> str:
    return _option_text(replace_statement(prop, mutated(prop, slot, slot.old or slot.wrong[0])), law)


def _variants(prop: Proposition, slot: Slot, law: str) -> list[tuple[Slot, str]]:
    """The false versions of a proposition under one slot, each as (the slot with that filler first, its text)."""
    from dataclasses import replace

    made = []
    for filler in slot.false_fillers:
        one = replace(slot, old=filler if filler == slot.old else "",
                      wrong=(filler, *(w for w in slot.wrong if w != filler)))
        made.append((one, _option_text(replace_statement(prop, mutated(prop, slot, filler)), law)))
    return made


def replace_statement(prop: Proposition, statement: str) -> Proposition:
    """The proposition with another statement (a false version), for rendering only."""
    from dataclasses import replace

    return replace(prop, statement=statement)


def statement_questions(props: Sequence[Proposition], *, setting: Setting,
                        taken_single: set[str]) -> list[QuestionDraft]:
    """下列说法正确的一项是 / 正确的有 over neighbouring propositions, one of each per proposition (its point).

    Each usable proposition leads once: as the true option of a 单选 (if its point has no 单选 yet) and as a
    true option of a 多选; the others in its window appear true or with one slot swapped (number, body, force,
    old rule), each swap checked against the whole document.
    """
    usable: list[tuple[Proposition, Slot]] = []
    versions: dict[str, list[tuple[Slot, str]]] = {}  # a proposition's false versions, over all its slots
    said: set[str] = set()
    for prop in props:
        text = _option_text(prop, setting.law)
        if prop.items or prop.review or prop.derived or len(text) > MAX_OPTION or text in said or dangling(text) \
                or (prop.member and len(prop.member) <= 2) \
                or (not setting.regulation and (_commentary(prop) or prop.statement.startswith("党中央"))):
            # 在……中，X协助 reads as a fragment alone; 党中央印发《条例》时强调…… is the notice, not the 条例
            continue  # a sentence the law repeats (有关情况应当登记备案) is offered once; 其 of no one is unclear
        said.add(text)
        found = [s for s in slots(prop, document=setting.document) if s.false_fillers] + [
            s for s in [force_slot(prop, document=setting.document)] if s is not None
            and (setting.regulation or prop.lead_len)]  # an interview's own sentence with 可以 may still be true
        if found:
            usable.append((prop, found[0]))
            versions[prop.key] = [v for s in found for v in _variants(prop, s, setting.law)]
    made: list[QuestionDraft] = []
    if len(usable) < 5:
        return made
    law = setting.law
    used: Counter[str] = Counter()  # each false statement is offered at most MAX_REUSE times in the bank
    spent: Counter[str] = Counter()  # and each proposition's false versions at most MAX_PER_POINT times in all
    appear: Counter[str] = Counter()  # and each proposition, true or false, in at most MAX_APPEAR of these items

    def pick_falses(candidates: list[tuple[Proposition, Slot]], count: int,
                    trues: Sequence[str]) -> list[tuple[Proposition, Slot, str]]:
        """Wrong options of mixed kinds: at most one 应当→可以 change, and, when no true option reads 可以, not
        every wrong one reading it (a modal giveaway otherwise); no false statement offered more than MAX_REUSE
        times in the bank (each proposition's versions in turn)."""
        chosen: list[tuple[Proposition, Slot, str]] = []
        may_left = count - 1 if count >= 2 and not any("可以" in t for t in trues) else count
        for prop_, _ in candidates:
            if len(chosen) == count:
                break
            if spent[prop_.key] >= MAX_PER_POINT:
                continue
            for slot_, text in sorted(versions[prop_.key], key=lambda v: used[v[1]]):
                if used[text] >= MAX_REUSE:
                    continue
                if slot_.kind == "force" and any(s.kind == "force" for _, s, _ in chosen):
                    continue
                if "可以" in text and sum("可以" in t for _, _, t in chosen) >= may_left:
                    continue
                chosen.append((prop_, slot_, text))
                break
        return chosen if len(chosen) == count else []

    for index, (prop, slot) in enumerate(usable):
        rng = _rng(setting, f"statement-{prop.key}")
        reach = (1, 2, 3, 4, 5, 6, -1, -2, -3, -4, -5, -6) if setting.regulation else range(1, len(usable))
        window = [usable[(index + k) % len(usable)] for k in reach]  # an interview's few rules: all of them
        rng.shuffle(window)  # neighbours in a new order for each item, so no two items show the same options
        others: list[tuple[Proposition, Slot]] = []
        width = len(_option_text(prop, law))
        for pair in window:  # one option per source sentence: two clauses of one sentence cue each other
            if pair[0].start != prop.start and all(pair[0].start != o.start for o, _ in others) \
                    and _comparable(len(_option_text(pair[0], law)), width) \
                    and appear[pair[0].key] < (MAX_APPEAR if setting.regulation else MAX_APPEAR_INTERVIEW):  # the same statement in item after item leaks answers
                others.append(pair)
        negative = _negative_statement(prop, others, index=index, used=used, versions=versions, setting=setting) \
            if prop.key not in taken_single and not prop.member and spent[prop.key] < MAX_PER_POINT else None
        if negative is not None:  # 下列说法错误的一项是: the point's own false version among three true ones
            made.append(negative)
            appear.update([prop.key, *(p.key for p, _ in others[:3])])
            used[negative.answer_text] += 1
            spent[prop.key] += 1
        elif prop.key not in taken_single and not prop.member:  # 下列说法 led by 原则包括A: a member item again
            width = len(_option_text(prop, law))  # the key is never the one long sentence among short ones
            falses = pick_falses(sorted(others, key=lambda o: abs(len(_option_text(o[0], law)) - width)), 3,
                                 [_option_text(prop, law)])
            options = [_option_text(prop, law), *(t for _, _, t in falses)]
            if falses and len(set(options)) == 4:
                used.update(options[1:])
                appear.update([prop.key, *(p.key for p, _, _ in falses)])
                spent.update(p.key for p, _, _ in falses)
                shuffled = options[:]
                rng.shuffle(shuffled)
                made.append(_draft(prop, f"{prop.key}-statement", QuestionType.SINGLE,
                                   stem=setting.statements_stem("正确的一项是"), options=tuple(shuffled),
                                   answer=shuffled.index(options[0]), answer_text=options[0],
                                   explanation=(f"依据{prop.provision}{quoted(deciding_clause(prop, slot), setting.document)}。"
                                                + "".join(_wrong_reason(p, s, setting) for p, s, _ in falses)),
                                   difficulty=2, point=prop.key))
        keys = (2, 3, 2, 4)[index % 4]  # two, three or four of five: never a count a test-wise reader relies on
        trues = [prop, *(p for p, _ in others[:keys - 1])]
        falses = pick_falses(others[keys - 1:], 5 - keys, [_option_text(p, law) for p in trues])
        texts = [_option_text(p, law) for p in trues] + [t for _, _, t in falses]
        if not falses or len(set(texts)) != len(texts) or len(texts) < 4:
            continue
        used.update(texts[len(trues):])
        spent.update(p.key for p, _, _ in falses)
        appear.update([*(p.key for p in trues), *(p.key for p, _, _ in falses)])
        order = list(range(len(texts)))
        rng.shuffle(order)
        options = [texts[i] for i in order]
        answer = sorted(n for n, i in enumerate(order) if i < len(trues))
        reasons = "".join(dict.fromkeys(_wrong_reason(p, s, setting) for p, s, _ in falses))
        # every key is justified by its own clause, not only the first one
        grounds = "".join(dict.fromkeys(f"依据{p.provision}{quoted(deciding_clause(p, s), setting.document)}。"
                                        for p, s in [(prop, slot), *others[:keys - 1]]))
        made.append(_draft(prop, f"{prop.key}-statements", QuestionType.MULTIPLE,
                           stem=setting.statements_stem("正确的有"), options=tuple(options), answer=answer,
                           answer_text="；".join(options[i] for i in answer),
                           explanation=f"{grounds}{reasons}",
                           difficulty=3 if len(answer) >= 3 else 2, point=prop.key))
    return made


def _comparable(length: int, width: int) -> bool:
    """Whether two options read alike in length: a 9-character clause beside a 60-character sentence is a cue."""
    return max(length, width) <= 1.6 * min(length, width) + 6


def _negative_statement(prop: Proposition, others: Sequence[tuple[Proposition, Slot]], *, index: int,
                        used: Counter[str], versions: dict[str, list[tuple[Slot, str]]],
                        setting: Setting) -> QuestionDraft | None:
    """Every third statement item asks for the wrong one: the point's false version (its least used) among
    three true statements of other sentences; never when only the wrong one reads 可以 (a modal giveaway)."""
    if index % 3 != 2:
        return None
    law = setting.law
    trues = [_option_text(p, law) for p, _ in others[:3]]
    choices = [(s, t) for s, t in sorted(versions[prop.key], key=lambda v: used[v[1]]) if used[t] < MAX_REUSE
               and not ("可以" in t and not any("可以" in x for x in trues))]
    if len(trues) < 3 or not choices:
        return None
    slot, wrong = choices[0]
    options = [wrong, *trues]
    if len(set(options)) != 4:
        return None
    rng = _rng(setting, f"negative-{prop.key}")
    rng.shuffle(options)
    return _draft(prop, f"{prop.key}-statement", QuestionType.SINGLE, stem=setting.statements_stem("错误的一项是"),
                  options=tuple(options), answer=options.index(wrong), answer_text=wrong,
                  explanation=(f"依据{prop.provision}{quoted(deciding_clause(prop, slot), setting.document)}。"
                               f"{_wrong_reason(prop, slot, setting)}其余三项均与规定一致。"),
                  difficulty=3, point=prop.key)


_PERSON = re.compile(r"公务员|公职人员|人员|被调查人|信访人|干部|党员|负责人|代表|委员|成员|当事人|检举人|证人|被处分人")
# 党政同责、一岗双责，属地管理、分级负责，谁主管、谁负责: a formula with no one who holds it, no statement
_BARE_FORMULA = re.compile(r"[\u4e00-\u9fff]{2,6}([、，；][\u4e00-\u9fff]{2,6})+")
# a reference the lifted clause cannot resolve: 依照前款规定, 前条所列 (which is it?); 第三十一条第六项 names its
# article and is kept where it is the only way to ask a time limit
CROSS_REFERENCE = re.compile(r"前款|前两款|前三款|前条|本条第|上述")
_VAGUE_HEAD = re.compile(r"^(承办部门|考核结果|有关情况|相关情况|有关材料|有关事项|上述情况|(在)?特殊情况下，(可以|应当)|(依法)?予以|.{2,10}(应当|可以)(依法)?予以(协助|配合|支持)$)")


_PRAISE = re.compile(r"具有[^，。]{0,16}(优势|意义|作用|基础)")  # 具有贯通协调的实践基础和组织优势: an appraisal
_EXHORT = re.compile(r"(?<![需主重必只将就也纲概还总旨扼摘紧首纪])要(?![求素点件义害])")


def _commentary(prop: Proposition) -> bool:
    """Whether an interview's sentence is its own voice, not the regulation's rule: an exhortation (巡视机构要强化
    法治思维) or history (习近平总书记50次听取巡视汇报) — no false version of it tests the regulation."""
    if prop.lead_len or re.match(r"^党中央[^，。]{0,12}(强调|要求)", prop.statement):
        return False  # 修订后的《条例》……, 党中央印发《条例》时明确强调……: the regulation, or the centre's own call
    return bool(_EXHORT.search(prop.statement)) or any(q.unit == "次" for q in prop.quantities) \
        or bool(_PRAISE.search(prop.statement))


def dangling(text: str) -> bool:
    """Whether an option leans on something it does not name: 罢免或者免职前，……暂停其履行职务 (whose?), 有关情况
    可以登记备案 (which?)."""
    if _VAGUE_HEAD.match(text) or _BARE_FORMULA.fullmatch(text) or CROSS_REFERENCE.search(text):
        return True
    at = re.search(r"(?<![及与尤极])其(?![他中余次实])", text)
    return at is not None and not _PERSON.search(text[:at.start()])


def _wrong_reason(prop: Proposition, slot: Slot, setting: Setting) -> str:
    """Why one rejected option is wrong, naming the option by its changed words and the provision by its clause."""
    wrong = slot.old or slot.wrong[0]
    if slot.kind == "member" and prop.derived:
        return f"应为“{prop.statement.rstrip('。')}”，不是“{wrong}”。"
    if slot.kind == "member":
        return member_home(wrong, prop, setting).replace("不在其列", f"不属于{prop.list_lead}")
    if slot.old:
        return f"“{wrong}”是原《条例》的规定，现为“{slot.text}”。"
    body = prop.statement[:len(prop.statement)]
    tail = re.split(r"[，。；：]", body[slot.end:], maxsplit=1)[0]
    head = re.split(r"[，。；：]", body[max(prop.lead_len, 0):slot.at])[-1]
    # the whole clause where it is short; a long one from a word boundary (的, 、, 对) within reach, never
    # inside a word: “……对所管理的党” names nothing
    if len(tail) > 24:
        cut = min((k for k in (tail.find("的"), tail.find("、")) if 0 <= k <= 16), default=-1)
        tail = tail[:cut] if cut > 0 else ""
    if len(head) > 24:
        cut = max(head.rfind("的", 0, len(head) - 1), head.rfind("、", 0, len(head) - 1))
        head = head[cut + 1:] if cut >= len(head) - 16 else ""
    if len(head) + len(tail) < 4:  # “可以”错误 names no option: the words before it, from a phrase's start
        before = re.split(r"[，。；：]", body[max(prop.lead_len, 0):slot.at])[-1]
        starts = [k for k, ch in enumerate(before) if ch in "对把将在向由从" and len(before) - k <= 14]
        head = before[starts[0]:] if starts else before[-14:] if len(before) <= 14 else head
        if len(head) + len(tail) < 4:
            after = re.split(r"[，。；：]", body[slot.end:], maxsplit=1)[0]
            tail = after if len(after) <= 32 else after[:12] + "……"
    right, said = (head + slot.text + tail).lstrip("、"), (head + wrong + tail).lstrip("、")
    quoted = right in prop.quote or right.replace(slot.text, slot.text) in prop.quote
    where = f"{prop.provision}规定的是“{right}”" if quoted else f"应为“{right}”（{prop.provision}）"
    return f"“{said}”错误，{where}。"
