"""False versions of a proposition, as a 命题人 makes them: another number on the scale, a sibling body, the old rule."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from question_bank import lexicon
from question_bank.textindex import index_of
from question_bank.numbers import Quantity, near_values, variants, write
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
            found.append(Slot(kind="term", text=term, at=at, wrong=wrong, accepted=(term,)))
    swap = _SWAP.search(prop.statement)
    if swap and swap.group(1) != swap.group(2):
        reversed_ = f"{swap.group(2)}对{swap.group(1)}"
        if is_false(prop.statement, swap.start(), reversed_, swap.end(), document=document):
            found.append(Slot(kind="swap", text=swap.group(0), at=swap.start(), wrong=(reversed_,), accepted=()))
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


def force_slot(prop: Proposition, *, document: str) -> Slot | None:
    """The force (应当/可以/不得) as a slot for statements only: 应当 stated as 可以 is false, never absurd."""
    if not prop.force or prop.statement.count(prop.force) != 1 or prop.force not in FORCE_SWAPS:
        return None
    at = prop.statement.index(prop.force)
    if prop.force == "可以" and prop.statement[at - 3:at] == "必要时":
        return None  # 必要时可以 stated as 必要时应当 reads oddly
    if not _ACTION.match(prop.statement[at + len(prop.force):]):
        return None  # 应当事实清楚、证据确凿: 应当 as "must be", which 可以 cannot replace
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


def _number_slot(prop: Proposition, quantity: Quantity, *, document: str) -> list[Slot]:
    wrong = []
    old = ""
    if prop.old and prop.new.endswith(quantity.written):
        old = prop.old.removeprefix("规定的")
        wrong.append(old)
    for value in near_values(quantity, count=6):
        filler = write(value, quantity.unit, chinese=quantity.chinese)
        if is_false(prop.statement, quantity.start, filler, quantity.end, document=document):
            wrong.append(filler)
    wrong = list(dict.fromkeys(w for w in wrong if w != quantity.written))
    if len(wrong) < 3:
        return []
    return [Slot(kind="change" if old else "number", text=quantity.written, at=quantity.start, wrong=tuple(wrong[:3]),
                 accepted=tuple(variants(quantity.value, quantity.unit)), old=old)]


_SUBJECT_BEFORE = re.compile(r"(^|[，；：]|各级|地方各级|由|经|报|向|通过)$")
_ACTING_AFTER = re.compile(r"^(应当|可以|不得|必须|负责|要|对|在|是|承担|协助|支持|配合|领导|统筹|依照|按照|根据|收到|和|、|或者|批准)")


def acts_in(document: str, body: str) -> bool:
    """Whether `body` acts somewhere in the document (巡视机构应当…, 由纪检监察机关…): a wrong actor must be one
    the reader meets as an actor, never a name glued into a longer one (党委和政府信访部门)."""
    return _acts_in(document, body)


@lru_cache(maxsize=256)
def _acts_in(document: str, body: str) -> bool:
    return any(_ACTING_AFTER.match(document[m.end():m.end() + 4]) for m in re.finditer(re.escape(body), document))


def _actor_slot(prop: Proposition, *, document: str) -> list[Slot]:
    at = prop.statement.find(prop.actor, prop.lead_len)
    if at < 0 or prop.statement.count(prop.actor) > 1:
        return []
    before = prop.statement[prop.lead_len:at]
    after = prop.statement[at + len(prop.actor):]
    if not _SUBJECT_BEFORE.search(before) or not _ACTING_AFTER.match(after):
        return []  # the body is part of a longer name or not the one who acts: swapping it reads as nonsense
    wrong = [s for s in lexicon.siblings(prop.actor)
             if s not in prop.statement and acts_in(document, s)
             and is_false(prop.statement, at, s, at + len(prop.actor), document=document)]
    if len(wrong) < 3:
        return []
    return [Slot(kind="actor", text=prop.actor, at=at, wrong=tuple(wrong[:3]), accepted=(prop.actor,))]


def mutated(prop: Proposition, slot: Slot, filler: str) -> str:
    """The statement with `filler` in the slot."""
    return prop.statement[:slot.at] + filler + prop.statement[slot.end:]
