"""Wrong options for a list question: members of the document's other lists, never a member of this one."""

from __future__ import annotations

import re
from collections.abc import Sequence

from question_bank.propositions import Proposition


NEIGHBOURS = 12  # lists this far before or after in the document are searched for members of the same kind


def outsiders_for(prop: Proposition, lists: Sequence[Proposition], *, document: str) -> list[str]:
    """Members of the document's other lists, of a like length, that are neither in this list nor its sentence.

    A member of another list is true of that list, not of this one; one that also occurs in this list's own
    sentence could be read as a member, so it is never offered.
    """
    from question_bank.lexicon import pool_for
    from question_bank.writers import swapped_pairs

    swapped = swapped_pairs(prop, document=document)
    if swapped:
        return swapped  # a body with its neighbour's duty is the wrong option a writer offers first
    shipped = same_form(pool_for(prop.items, document=document), prop.items)
    if shipped:
        return shipped  # a shipped pool of the list's own kind comes alone
    mine = set(prop.items)
    width = max(len(i) for i in prop.items)
    pool = []
    here = next((k for k, other in enumerate(lists) if other.key == prop.key), 0)
    for other in lists[max(0, here - NEIGHBOURS):here + NEIGHBOURS + 1]:  # the lists of nearby articles
        if other.key == prop.key or other.pairs or prop.pairs or list_kind(other.list_lead) != list_kind(prop.list_lead):
            continue  # 从重 conduct offered in a list of faulty decisions (撤销, 变更) is absurd, not tempting
        for item in other.items:
            if item in mine or any(item in m or m in item for m in mine) or len(item) > width + 4:
                continue
            if item in prop.quote or abs(len(item) - width) > 6 or not _same_kind(item, prop.items) or catch_all(item):
                continue
            pool.append(item)
    return same_form(list(dict.fromkeys(pool)), prop.items)


def same_form(pool: Sequence[str], members: Sequence[str]) -> list[str]:
    """The outsiders made like the members: a two-part "X、Y" (or "X和Y") invention beside single-phrase members
    (or a single phrase beside two-part ones) is spotted by its form, not known."""
    def two_part(item: str) -> bool:
        return bool(re.search(r"[、]|[\u4e00-\u9fff]{2}和[\u4e00-\u9fff]{2}", item))
    parts = {two_part(m) for m in members}
    if len(parts) != 1:
        return list(pool)
    return [item for item in pool if two_part(item) in parts]


def _same_kind(item: str, members: Sequence[str]) -> bool:
    """Whether `item` is made like the members: it shares their opening or closing two characters (坚持……,
    ……情况, ……的), so that no option gives itself away by its shape."""
    return any(item[:2] == m[:2] or item[-2:] == m[-2:] or (item[-1] == m[-1] == "的") for m in members)


_KINDS = (
    # aggravating and mitigating conduct are kinds apart: repeat offending offered as mitigation is no trap
    ("aggravating", ("从重", "加重")),
    ("mitigating", ("从轻", "减轻", "免予")),
    ("decision", ("撤销", "变更", "维持")),  # what is wrong with a decision
    ("recusal", ("回避",)),
    ("contents", ("载明", "包括的内容", "应当包括", "事项")),
    ("sanctions", ("种类",)),
    ("periods", ("期间",)),
)


def list_kind(lead: str) -> str:
    """What a list is a list of, by its lead (应当从重处分的情形 -> conduct): distractors come from lists of the
    same kind only (a lead of no known kind goes with the others of no known kind)."""
    return next((kind for kind, marks in _KINDS if any(m in lead for m in marks)), "")


def catch_all(item: str) -> bool:
    """Whether a member is the list's catch-all (其他从重情节, 法律、法规规定的其他情形): never an option."""
    return item.startswith(("其他", "法律、法规规定的其他", "法律法规规定的其他")) or "规定的其他" in item \
        or bool(re.search(r"的其他(事项|情形|情节|职责|工作)$", item))
