"""False versions of a proposition, as a 命题人 makes them: another number on the scale, a sibling body, the old rule."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from question_bank import lexicon
from question_bank.textindex import index_of
from question_bank.numbers import Quantity, find_quantities, near_values, variants, write
from question_bank.propositions import Proposition


@dataclass(frozen=True)
class Slot:
    """A part of a proposition's statement that carries its knowledge, with same-kind wrong fillers.

    `wrong` holds fillers that make the statement false: each one was checked against the whole document.
    """

    kind: str  # number / actor / change
    text: str
    at: int  # offset in the statement
    wrong: tuple[str, ...]
    accepted: tuple[str, ...]  # accepted answers when blanked, the canonical first
    old: str = ""  # the old rule, when the slot is a changed rule's new value
    weaker: tuple[str, ...] = ()  # wrong fillers that only state a weaker bound (3人以上 for 2人以上): still true

    @property
    def false_fillers(self) -> tuple[str, ...]:
        """The fillers that make the statement false, the old rule first."""
        return tuple(dict.fromkeys(w for w in (self.old, *self.wrong) if w and w not in self.weaker))

    @property
    def statable(self) -> bool:
        """Whether the slot's first filler for a false statement makes one (not a weaker bound that stays true)."""
        return bool(self.false_fillers) and (self.old or self.wrong[0]) not in self.weaker

    @property
    def end(self) -> int:
        """Offset just after the slot in the statement."""
        return self.at + len(self.text)


def slots(prop: Proposition, *, document: str) -> list[Slot]:
    """The testable slots of a proposition: its numbers, then its actor, each with checked wrong fillers."""
    found: list[Slot] = []
    if prop.member:
        at = prop.statement.rfind(prop.member)
        return [Slot(kind="member", text=prop.member, at=at, wrong=prop.member_wrong[:3], accepted=())]
    for quantity in prop.quantities:
        found += _number_slot(prop, quantity, document=document)
    if prop.actor and prop.actor != "党中央":  # 党中央 stands in fixed formulas, never swapped for a body
        found += _actor_slot(prop, document=document)
    for term, wrong in lexicon.term_swaps(prop.statement[prop.lead_len:], document=document):
        at = prop.statement.find(term, prop.lead_len)
        if prop.statement.count(term) == 1 and wrong:
            frame = re.fullmatch(r"以(.+)为根本依据", term)
            if frame and all(re.fullmatch(r"以(.+)为根本依据", w) for w in wrong):
                # 修订后的《条例》以（  ）为根本依据: the blank is the instrument, the frame stays as a prompt
                inner = tuple(w[1:-5] for w in wrong)
                found.append(Slot(kind="term", text=frame.group(1), at=at + 1, wrong=inner, accepted=(frame.group(1),)))
                continue
            found.append(Slot(kind="term", text=term, at=at, wrong=wrong, accepted=(term,)))
    # no party reversal (监察对象对监察机关的问题线索): the false version reads as nonsense, not as a wrong rule
    return found


_ANY_BODY = "|".join(re.escape(b) for b in sorted(lexicon.BODIES, key=len, reverse=True))
_SWAP = re.compile(f"({_ANY_BODY})对({_ANY_BODY})")
# 不得 is never swapped: "任何组织和个人可以打击报复信访人" is false on its face, an absurd option
_ACTION = re.compile(
    r"^(予以|依法|依规|及时|根据|按照|依照|向|将|对|在|给予|作出|提出|报|采取|进行|书面|当场|自|于|由|建立|加强|组织|听取|"
    r"推选|告知|移送|送达|撤销|变更|维持|决定|责令|要求|通知|协助|支持|配合|办理|处理|受理|转送|交办|登记|答复|举行|"
    r"认真|严格|定期|做好|落实|督促|接受|遵守|保障|通报|公开|回避|申请|收集|调取|查封|冻结|留置|延长|听取|制定|编制|"
    r"设立|明确|完善|健全|推动|统筹|研究|开展|实行|结合|加大|坚持|严守|选优|重视|通过|以)")
FORCE_SWAPS = {"应当": "可以", "必须": "可以", "可以": "应当"}
# A duty whose manner or object rules out 可以: "可以严格执行", "可以依法保护", "可以接受监督", "可以遵守纪律",
# "可以定期听取" read as absurd, never as a plausible wrong rule.
NO_MAY = re.compile(
    r"^(严格|认真|依法|依规|依纪|依照|按照|接受|遵守|严守|坚持|如实|保守|配合|忠诚|自觉|廉洁|文明|规范|坚决|确保|妥善|"
    r"秉公|公正|客观|全面|切实|主动|定期|及时|履行|承担|负责|对.{1,12}负责|保障|尊重|维护|服从|执行|做好|以|落实)")


# 应当 that names a case or the due sanction, not a duty: 应当回避的情形, 应当给予警告处分, 应当从重处分
NOT_A_DUTY = re.compile(r"^([^，；。]{0,10}的(情形|人员|事项|情况)|给予[^，；。]{0,12}处分|(从重|从轻|减轻|加重|免予)|"
                        r"予以[^，；。]{0,4}(开除|撤职|降级|记过|警告|处分))")
NEED = re.compile(r"根据(工作)?需要|必要时|认为需要|认为有必要")


def force_slot(prop: Proposition, *, document: str) -> Slot | None:
    """The force (应当/可以/不得) as a slot for statements only: 应当 stated as 可以 is false, never absurd."""
    if not prop.force or prop.statement.count(prop.force) != 1 or prop.force not in FORCE_SWAPS:
        return None
    at = prop.statement.index(prop.force)
    if any(0 <= prop.statement.find(f) < at for f in lexicon.FORCES if f != prop.force):
        return None  # 可以补充规定……应当给予处分的行为: the rule's force is the first one, not an attribute's
    clause_start = max(prop.statement.rfind(m, 0, at) for m in "，；：。") + 1
    stops = [i for i in (prop.statement.find(m, at) for m in "，；。") if i >= 0]
    clause = prop.statement[clause_start:min(stops, default=len(prop.statement))]
    if clause.startswith("除") or clause.endswith("的"):
        return None  # 除依法可以由其他机关没收的 / ……应当回避的情形的: an exception or a condition, not the rule
    if prop.force == "可以" and prop.statement[at - 3:at] == "必要时":
        return None  # 必要时可以 stated as 必要时应当 reads oddly
    after = prop.statement[at + len(prop.force):]
    if re.match(r"[^，；。]{0,8}的", after) or prop.statement[max(0, at - 2):at] == "一般":
        return None  # 依法应当留置的被调查人 (a qualifier, not the duty); 一般应当 (a hedge either force fits)
    if any(q.unit in ("日", "个月", "年", "个工作日", "小时") for q in find_quantities(clause)):
        return None  # 可以在30日内提出 still says "has 30 days": a time limit is asked by its number, not its force
    if NEED.search(prop.statement):
        return None  # 根据工作需要，应当/可以……: at need, either force reads as true
    if NOT_A_DUTY.match(prop.statement[at + len(prop.force):]):
        return None  # 应当回避的情形 (a name) / 应当给予警告处分 (the due sanction): 应当 is no duty to swap
    if not _ACTION.match(prop.statement[at + len(prop.force):]):
        return None  # 应当事实清楚、证据确凿: 应当 as "must be", which 可以 cannot replace
    if prop.force != "可以" and NO_MAY.match(prop.statement[at + len(prop.force):]):
        return None  # 应当严格执行 stated as 可以严格执行 is absurd, not false
    filler = FORCE_SWAPS[prop.force]
    if not is_false(prop.statement, at, filler, at + len(prop.force), document=document):
        return None
    return Slot(kind="force", text=prop.force, at=at, wrong=(filler,), accepted=(prop.force,))


def is_false(statement: str, at: int, filler: str, end: int, *, document: str) -> bool:
    """Whether putting `filler` at statement[at:end] gives words found nowhere in the document (so it is false)."""
    before = re.split(r"[，。；：！？“”、]", statement[:at])[-1][-8:]
    after = re.split(r"[，。；：！？“”、]", statement[end:])[0][:8]
    if len(before + after) < 3:
        return False  # too little context to tell a false statement from another true one
    return before + filler + after not in index_of(document)


# A bound read as a claim: "3人以上共同违法的，分别处分" is a subset of "2人以上……" and still true, as is
# "不得超过48个月" beside "不得超过36个月". Only a number that narrows the rule makes a false statement.
_LOWER_AFTER = re.compile(r"^(以上|及以上|或者以上)")
_UPPER_AFTER = re.compile(r"^(以下|以内|之内|内)")
_LOWER_BEFORE = re.compile(r"(不少于|至少|最少|不低于)$")
_UPPER_BEFORE = re.compile(r"(不得超过|不超过|最长|最多)$")


def bound(statement: str, start: int, end: int) -> str:
    """How a number binds in its statement: "lower" (N人以上 as a condition, 不少于N), "upper" (N日内, 不得超过N)
    or "" (an exact value: 警告，六个月)."""
    before, after = statement[max(0, start - 8):start], statement[end:end + 3]
    if _LOWER_BEFORE.search(before) or re.match(r"^(以内|之内|内)[，,]?(不得|禁止)", statement[end:end + 6]):
        return "at-least"  # 辞职、退休三年内，不得从事……: a ban for two years is part of a ban for three, still true
    if _LOWER_AFTER.match(after):
        return "lower"
    if _UPPER_AFTER.match(after) or _UPPER_BEFORE.search(before) or after.startswith(("后", "以后")):
        return "upper"  # 在通缉一年后不能到案的: two years after is after one year too, still true
    return ""


def narrows(kind: str, value: int, wrong: int) -> bool:
    """Whether stating `wrong` for `value` makes a false claim of a rule with this bound.

    N以上 in a condition (N人以上共同违法的): a higher N names a subset, still true; a lower one is false.
    不少于N (a requirement): a lower N is weaker, still true; a higher one is false. N日内 / 不得超过N: a higher
    N is weaker, still true; a lower one is false."""
    if kind == "at-least":
        return wrong > value
    if kind in ("lower", "upper"):
        return wrong < value
    return True


def range_ends(statement: str, quantity: Quantity) -> tuple[float, float]:
    """The open bounds a wrong value must keep between when the quantity is one end of a range (一日至三日)."""
    after = re.match(r"(?:以上)?至", statement[quantity.end:])
    if after:
        upper = next(find_quantities(statement[quantity.end + after.end():]), None)
        if upper is not None and upper.start == 0:
            return 0, upper.value
    before = re.search(r"至$", statement[:quantity.start])
    if before:
        lower = [q for q in find_quantities(statement[:quantity.start - 1]) if q.end == quantity.start - 1]
        if lower:
            return lower[-1].value, float("inf")
    return 0, float("inf")


def _number_slot(prop: Proposition, quantity: Quantity, *, document: str) -> list[Slot]:
    wrong = []
    old = ""
    kind = bound(prop.statement, quantity.start, quantity.end)
    if prop.old and prop.new.endswith(quantity.written):
        old = prop.old.removeprefix("规定的")
        wrong.append(old)
    if quantity.value == 2 and prop.statement[quantity.end:quantity.end + 4] == "以上共同":
        return []  # （  ）以上共同违法: two is what 共同 means, no knowledge
    if prop.statement[quantity.end:quantity.end + 2] == "折抵":
        return []  # 一日折抵管制二日: the first term of a ratio is the unit, 五日折抵 is absurd
    low, high = range_ends(prop.statement, quantity)
    earlier = [q for q in prop.quantities if q.unit == quantity.unit and q.start < quantity.start]
    if re.search(r"(最长|最多|累计|总计)[^，；。]{0,4}$", prop.statement[:quantity.start]) \
            or (kind == "upper" and earlier):  # ……不得超过十二小时；需要……的，不得超过（  ）: a longer limit
        # 6个月内作出决定……最长不得超过（  ）: a total cap below the base limit refutes itself
        low = max([low, *(q.value for q in prop.quantities if q.unit == quantity.unit and q.start < quantity.start)])
    narrowing: list[str] = []
    other: list[str] = []
    stated = {q.value for q in prop.quantities if q.unit == quantity.unit and q.start != quantity.start}
    for value in near_values(quantity, count=6):
        if value in stated:
            continue  # ……（  ）内作出决定……最长不得超过12个月: an option the stem itself states is no option
        if not low < value < high:
            continue  # 延长一日至三日 never read as 三日至三日 or 五日至三日: a range keeps its low end below its high
        filler = write(value, quantity.unit, chinese=quantity.chinese)
        if filler.startswith("两") and re.search(rf"(?<![零一二两三四五六七八九十百千])二{re.escape(quantity.unit)}", document):
            filler = "二" + quantity.unit  # the law writes 二个月: an option in another hand stands out
        if is_false(prop.statement, quantity.start, filler, quantity.end, document=document):
            (narrowing if narrows(kind, quantity.value, value) else other).append(filler)
    # a 判断 takes a narrowing value first (a weaker bound stays true); a 单选 takes values from both sides, so that
    # the key is not always the largest option (three of them below a 30日内 limit give it away)
    side = 1 + (quantity.start + quantity.value) % 3 if narrowing and other else 3
    wrong += narrowing[:side] + other[:3 - side]
    wrong += [w for w in narrowing + other if w not in wrong]
    wrong = list(dict.fromkeys(w for w in wrong if w != quantity.written))
    if len(wrong) < 3:
        return []
    weaker = tuple(w for w in wrong[:3] if w != old and not any(
        narrows(kind, quantity.value, q.value) for q in find_quantities(w)))
    return [Slot(kind="change" if old else "number", text=quantity.written, at=quantity.start, wrong=tuple(wrong[:3]),
                 accepted=tuple(variants(quantity.value, quantity.unit)), old=old, weaker=weaker)]


_SUBJECT_BEFORE = re.compile(r"(^|[，；：]|各级|地方各级|由|经|报|向|通过)$")
_ACTING_AFTER = re.compile(r"^(应当|可以|不得|必须|负责|要|对|在|是|承担|协助|支持|配合|领导|统筹|依照|按照|根据|收到|和|、|或者|批准)")
# The subject of a compound (地方党委和政府) is never blanked or swapped alone: one part of it gives itself away
_COMPOUND_AFTER = re.compile(r"^(和|、|或者|及其|以及)")


def acts_in(document: str, body: str) -> bool:
    """Whether `body` acts somewhere in the document (巡视机构应当…, 由纪检监察机关…): a wrong actor must be one
    the reader meets as an actor, never a name glued into a longer one (党委和政府信访部门)."""
    return _acts_in(document, body)


@lru_cache(maxsize=256)
def _acts_in(document: str, body: str) -> bool:
    return any(_ACTING_AFTER.match(document[m.end():m.end() + 4]) for m in re.finditer(re.escape(body), document))


# The courts, procuratorates and police offered for a supervisory or party body read as absurd (人民检察院领导
#地方各级监察委员会的工作); they stand only for one another.
_JUSTICE = frozenset({"人民检察院", "人民法院", "公安机关"})


def default_subject(document: str) -> str:
    """The body a law speaks of throughout (监察机关 in 《监察法》): named far more often than any other."""
    return _default_subject(document)


@lru_cache(maxsize=16)
def _default_subject(document: str) -> str:
    counts = sorted(((document.count(b), b) for b in lexicon.BODIES if b not in ("党中央",)), reverse=True)
    (first, body), (second, _) = counts[0], counts[1]
    return body if first >= 30 and first >= 2 * second else ""


def _actor_slot(prop: Proposition, *, document: str) -> list[Slot]:
    at = prop.statement.find(prop.actor, prop.lead_len)
    if at < 0 or prop.statement.count(prop.actor) > 1:
        return []
    before = prop.statement[prop.lead_len:at]
    after = prop.statement[at + len(prop.actor):]
    named = before.endswith("主体是") and after[:1] in ("。", "，")  # 开展巡视工作的主体是党委（党组）
    if not named and (not _SUBJECT_BEFORE.search(before) or not _ACTING_AFTER.match(after)) \
            or _COMPOUND_AFTER.match(after) or before.endswith(("和", "、")):
        return []  # the body is part of a longer name or not the one who acts: swapping it reads as nonsense
    if prop.actor == default_subject(document):
        return []  # 监察机关 in 《监察法》: the law's own subject, which every reader guesses
    if re.match(r"^(应当|可以|要|负责)?(根据工作需要)?，?(召开|加强|做好|开展|建立|健全|完善|落实|推动|支持|指导|研究|"
                r"统筹|协调|督促|组织|部署|贯彻|执行)", after.lstrip("，")):
        return []  # 地方党委根据工作需要召开全体会议: what many bodies may do, so a swapped body is no false statement
    wrong = [s for s in lexicon.siblings(prop.actor)
             if (prop.actor in _JUSTICE or s not in _JUSTICE) and s not in prop.statement and not any(lexicon.related(s, b) for _, b in lexicon.bodies_in(prop.statement)) and acts_in(document, s)
             and is_false(prop.statement, at, s, at + len(prop.actor), document=document)]
    if len(wrong) < 3:
        return []
    return [Slot(kind="actor", text=prop.actor, at=at, wrong=tuple(wrong[:3]), accepted=(prop.actor,))]


def mutated(prop: Proposition, slot: Slot, filler: str) -> str:
    """The statement with `filler` in the slot."""
    return prop.statement[:slot.at] + filler + prop.statement[slot.end:]
