"""The gate every question passes before storage: leaks, duplicates, wrong keys, broken text, bad sources."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from question_bank.answer_shapes import BLANK_MARK, MAX_OPTIONS, key_problem
from question_bank.drafts import QuestionType

NEAR_DUPLICATE_JACCARD = 0.85
STATEMENT_OPTION = 8  # an option this long states something rather than names it
_ASKS_WHO = re.compile(r"“[^”]+”的是：$")
_NEGATED = ("不属于", "不在", "不是", "不包括", "不正确", "错误的是")
# How many options a question of the bank may have (wider shapes pass `answer_shapes` but not the bank):
BANK_OPTION_COUNTS = {QuestionType.SINGLE: (3, 6), QuestionType.MULTIPLE: (4, 6), QuestionType.MATCH: (2, 6)}
_BROKEN = re.compile(r"[\u4e00-\u9fff]\s*\n\s*[\u4e00-\u9fff]")

RULE_LABELS = {
    "leak": "题干泄露答案",
    "duplicate_options": "选项重复",
    "correct_distractor": "干扰项也正确",
    "broken_text": "文字有断页损伤",
    "source": "引文与原文不符",
    "answer_format": "答案格式不合题型",
    "near_duplicate": "与同专题题目近似重复",
}


@dataclass(frozen=True)
class Candidate:
    """What the validator reads of a question (a generated draft, a stored row or an imported item)."""

    type: QuestionType
    stem: str
    options: tuple[str, ...] | None
    answer: Any
    answer_text: str
    quote: str
    start: int
    end: int
    group: str = ""  # near-duplicates are looked for within a group (a topic)


@dataclass(frozen=True)
class Rejection:
    """One rejected item and why."""

    index: int
    stem: str
    rule: str
    reason: str


@dataclass(frozen=True)
class ValidationReport:
    """Counts by rule and the rejected items; `accepted` holds the indices that passed."""

    checked: int
    accepted: tuple[int, ...]
    rejections: tuple[Rejection, ...]
    by_rule: dict[str, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        """The report as Chinese lines for the command line."""
        lines = [f"校验：共{self.checked}题，通过{len(self.accepted)}题，剔除{len(self.rejections)}题。"]
        for rule, count in sorted(self.by_rule.items()):
            lines.append(f"  {RULE_LABELS.get(rule, rule)}：{count}题")
        return lines


def validate(candidates: Sequence[Candidate], *, document_text: str, topic_text: str = "") -> ValidationReport:
    """Check every candidate against the document; near-duplicates of an earlier accepted item are rejected."""
    accepted: list[int] = []
    rejections: list[Rejection] = []
    kept_bigrams: dict[tuple[str, QuestionType], list[set[str]]] = {}
    for index, item in enumerate(candidates):
        problem = check(item, document_text=document_text, topic_text=topic_text)
        if problem is None:
            grams = _bigrams(item.stem + "".join(item.options or ()))  # 下列说法 stems differ by their options
            kept = kept_bigrams.setdefault((item.group, item.type), [])
            if any(_jaccard(grams, other) > NEAR_DUPLICATE_JACCARD for other in kept):
                problem = ("near_duplicate", "与同专题同题型的另一题几乎相同")
            else:
                kept.append(grams)
        if problem is None:
            accepted.append(index)
        else:
            rejections.append(Rejection(index=index, stem=item.stem, rule=problem[0], reason=problem[1]))
    return ValidationReport(
        checked=len(candidates), accepted=tuple(accepted), rejections=tuple(rejections),
        by_rule=dict(Counter(r.rule for r in rejections)),
    )


def check(item: Candidate, *, document_text: str, topic_text: str = "") -> tuple[str, str] | None:
    """The first rule `item` breaks, as (rule, reason), or None."""
    if not _answer_format_ok(item):
        return "answer_format", "答案格式不符合题型要求"
    if item.quote and document_text[item.start:item.end] != item.quote:
        return "source", "引文不在原文的对应位置"
    if not item.quote.strip():
        return "source", "缺少原文引文"
    texts = [item.stem, item.answer_text, *(item.options or ())]
    if any(_BROKEN.search(t) for t in texts) or _BROKEN.search(item.quote) or _ends_mid_word(item, document_text):
        return "broken_text", "文字被断页或换行截断"
    if item.options is not None and len(set(item.options)) != len(item.options):
        return "duplicate_options", "选项有重复"
    leak = _leak(item)
    if leak:
        return "leak", leak
    wrong = _correct_distractor(item, topic_text or item.quote)
    if wrong:
        return "correct_distractor", wrong
    return None


def _answer_format_ok(item: Candidate) -> bool:
    """The shape every entry point checks (`answer_shapes`), then the bank's limits on option counts."""
    if key_problem(item.type, item.options, item.answer, stem=item.stem) is not None:
        return False
    low, high = BANK_OPTION_COUNTS.get(item.type, (0, MAX_OPTIONS))
    count = len(item.options or ())
    if item.options is not None and not low <= count <= high:
        return False
    if item.type is QuestionType.MULTIPLE:
        return len(item.answer) >= 2
    if item.type is QuestionType.MATCH:
        return len(set(item.answer)) == count
    return True


def _ends_mid_word(item: Candidate, text: str) -> bool:
    """A quote that stops between two ideographs of one run of text was cut mid-word."""
    if not item.quote or item.end >= len(text) or item.start <= 0:
        return False
    inner = re.match(r"[\u4e00-\u9fff]", text[item.end - 1]) and re.match(r"[\u4e00-\u9fff]", text[item.end])
    return bool(inner)


def _leak(item: Candidate) -> str:
    stem = item.stem
    if item.type is QuestionType.BLANK:
        canon = [v[0] for v in item.answer]
        return "题干中已出现填空答案" if any(len(c) >= 2 and c in stem for c in canon) else ""
    if item.type is QuestionType.SINGLE and item.options and not _negated(stem):
        correct = item.options[item.answer]
        wrong = [o for i, o in enumerate(item.options) if i != item.answer]
        if len(correct) >= 2 and correct in stem and not any(w in stem for w in wrong):
            return "题干中已出现正确选项"
    if item.type is QuestionType.MULTIPLE and item.options:
        shown = [item.options[i] for i in item.answer if len(item.options[i]) >= 2 and item.options[i] in stem]
        if shown:
            return "题干中已出现正确选项"
    return ""


def _negated(stem: str) -> bool:
    return any(word in stem for word in _NEGATED)


def _correct_distractor(item: Candidate, topic_text: str) -> str:
    """Choice questions: a wrong option must not be found in the topic (or the right one, if negated)."""
    if item.type not in (QuestionType.SINGLE, QuestionType.MULTIPLE) or not item.options:
        return ""
    correct = {item.answer} if item.type is QuestionType.SINGLE else set(item.answer)
    if BLANK_MARK in item.stem:
        before, _, after = item.stem.removesuffix("括号处应填入：").partition(BLANK_MARK)
        for index, option in enumerate(item.options):
            if index not in correct and completes_text(before, option, after, topic_text):
                return f"干扰项“{option}”填入后与原文一致"
        return ""
    if _negated(item.stem):
        for index in correct:
            if item.options[index] in topic_text:
                return f"“{item.options[index]}”在原文中出现，不能作为“不属于”的答案"
        return ""
    pairing = bool(_ASKS_WHO.search(item.stem))
    for index, option in enumerate(item.options):
        # an option found in the text may be true; but when the stem asks who bears a quoted duty (负责“组织实施”
        # 的是), the bodies are all named in the text and only their pairing with the duty is right or wrong
        if index not in correct and option in topic_text and not re.fullmatch(r"\d+\D{0,3}", option) \
                and not (pairing and len(option) < STATEMENT_OPTION):
            return f"干扰项“{option}”在原文中出现，可能也是正确答案"
    return ""


def completes_text(before: str, option: str, after: str, text: str) -> bool:
    """Whether `option` in the blank between `before` and `after` gives words of `text`.

    Only the clause around the blank counts: a stem may carry a subject or an ellipsis (这次修订《条例》，……)
    that the text does not have right there.
    """
    head = re.split(r"[，。；：！？…“”]", before)[-1]
    tail = re.split(r"[，。；：！？…“”]", after)[0]
    return len(head + tail) >= 4 and head + option + tail in text


def _bigrams(text: str) -> set[str]:
    clean = re.sub(r"[\s，。：；？！、“”（）《》…]", "", text)
    return {clean[i:i + 2] for i in range(len(clean) - 1)} or {clean}


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 1.0
