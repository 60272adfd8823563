"""Scoring one answer per question type (pure): exact, all-or-nothing or per part, blanks normalised."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from question_bank.drafts import QuestionType

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
_NUMERAL_RUN = re.compile(f"[{''.join(_DIGITS)}{''.join(_UNITS)}]+")
# A numeral longer than this is not a number anyone means (and a run of digits past Python's 4,300-digit
# int conversion limit would raise): it is compared as written.
MAX_NUMERAL_CHARS = 40


@dataclass(frozen=True)
class Score:
    """The score of one answer: 0..1, and whether it counts as correct (score == 1)."""

    score: float
    correct: bool


def chinese_numeral_value(text: str) -> int | None:
    """The value of a Chinese numeral (“六”→6, “十四”→14, “一百零五”→105); None if malformed or over-long."""
    if not text or len(text) > MAX_NUMERAL_CHARS:
        return None
    if all(ch in _DIGITS for ch in text):
        if len(text) == 1:
            return _DIGITS[text]
        return int("".join(str(_DIGITS[ch]) for ch in text))  # 二〇二四 style
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in "零〇":
            continue
        if ch in _DIGITS:
            if digit is not None:
                return None
            digit = _DIGITS[ch]
        else:
            unit = _UNITS[ch]
            if unit == 10000:
                section = (section + (digit or 0)) * unit
                total, section = total + section, 0
            else:
                section += (1 if digit is None else digit) * unit
            digit = None
    return total + section + (digit or 0)


def normalise_text(text: str) -> str:
    """Fold width and case, drop spaces and punctuation, spell Chinese numerals in Arabic digits."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    kept = "".join(
        ch for ch in folded if not ch.isspace() and not unicodedata.category(ch).startswith(("P", "S"))
    )

    def arabic(match: re.Match[str]) -> str:
        value = chinese_numeral_value(match.group(0))
        return match.group(0) if value is None else str(value)

    return _NUMERAL_RUN.sub(arabic, kept)


# Sound variants accepted at grading time, kept small and general (generation adds its own variants):
# a half year is six months, and a core phrase may be given without the verb that introduces it.
_SAME_DURATION = (("半年", "6个月"), ("一年半", "18个月"), ("半个月", "15日"))
_LEADING_VERBS = ("坚持", "发扬", "始终坚持", "坚决", "认真")


def sound_forms(text: str) -> set[str]:
    """Pure: the normalised forms a blank's text may take and still say the same thing.

    “半年” = “6个月” = “六个月”; “坚持民主集中制” may be given as “民主集中制” (and the other way
    round, since both sides are expanded); Chinese and Arabic numerals are one (see `normalise_text`).
    """
    normal = normalise_text(text)
    forms = {normal}
    for words, same in _SAME_DURATION:
        if words in text:
            forms.add(normalise_text(text.replace(words, same)))
    for form in list(forms):
        for verb in sorted(_LEADING_VERBS, key=len, reverse=True):
            if form.startswith(verb) and len(form) - len(verb) >= 2:
                forms.add(form[len(verb):])
                break
    forms.discard("")
    return forms


def accepted_forms(key: Any) -> list[list[str]]:
    """Pure: per blank of a key, every normalised form it accepts (the shared server's key table keeps these)."""
    return [sorted(set().union(*(sound_forms(v) for v in variants if isinstance(v, str)))) for variants in key]


def given_forms(answer: Any) -> list[list[str]]:
    """Pure: per blank of a learner's answer, its normalised forms (sent beside the answer to the shared server).

    A blank is right on the server when one of these is among the key's `accepted_forms`: the same test as
    `blank_matches`, with the Python normalising done on both sides of the wire and none of it in SQL.
    """
    if not isinstance(answer, (list, tuple)):
        return []
    return [sorted(sound_forms(text)) if isinstance(text, str) else [] for text in answer]


def blank_matches(given: str, variants: list[str]) -> bool:
    """Whether a filled-in blank says the same as any accepted variant (see `sound_forms`)."""
    given_forms = sound_forms(given)
    return bool(given_forms) and any(given_forms & sound_forms(v) for v in variants)


def _as_int_list(value: Any) -> list[int] | None:
    if not isinstance(value, (list, tuple)):
        return None
    try:
        return [int(v) for v in value if not isinstance(v, bool)]
    except (TypeError, ValueError):
        return None


def score_answer(
    question_type: QuestionType, correct: Any, given: Any, *, partial_credit: bool = False
) -> Score:
    """Score `given` against the stored `correct` answer, both in bank terms (see QuestionType).

    Args:
        question_type: the question's type.
        correct: the stored answer.
        given: the learner's answer in bank terms, or None if unanswered.
        partial_credit: multiple choice and blanks earn a fraction instead of all-or-nothing
            (multiple: a share of the right options, nothing if any wrong option is chosen).
    """
    if given is None:
        return Score(0.0, False)
    fraction = _fraction(QuestionType(question_type), correct, given, partial_credit=partial_credit)
    fraction = max(0.0, min(1.0, fraction))
    return Score(fraction, fraction >= 1.0 - 1e-9)


def _fraction(question_type: QuestionType, correct: Any, given: Any, *, partial_credit: bool) -> float:
    if question_type is QuestionType.SINGLE:
        return 1.0 if isinstance(given, int) and not isinstance(given, bool) and given == correct else 0.0
    if question_type is QuestionType.JUDGE:
        return 1.0 if isinstance(given, bool) and given == bool(correct) else 0.0
    if question_type is QuestionType.MULTIPLE:
        chosen = _as_int_list(given)
        if chosen is None:
            return 0.0
        right, picked = set(correct), set(chosen)
        if picked == right:
            return 1.0
        if not partial_credit or not picked or not picked <= right:
            return 0.0
        return len(picked) / len(right)
    if question_type is QuestionType.ORDER:
        sequence = _as_int_list(given)
        return 1.0 if sequence is not None and sequence == list(correct) else 0.0
    if question_type is QuestionType.BLANK:
        if not isinstance(given, (list, tuple)) or not correct:
            return 0.0
        hits = sum(
            1
            for i, variants in enumerate(correct)
            if i < len(given) and isinstance(given[i], str) and blank_matches(given[i], list(variants))
        )
        if partial_credit:
            return hits / len(correct)
        return 1.0 if hits == len(correct) else 0.0
    if question_type is QuestionType.MATCH:
        if not isinstance(given, (list, tuple)) or not correct:
            return 0.0
        pairs = sum(1 for i, right in enumerate(correct) if i < len(given) and given[i] == right)
        return pairs / len(correct)
    raise ValueError(f"unknown question type {question_type!r}")


def parts_right(question_type: QuestionType, correct: Any, given: Any) -> tuple[bool, ...]:
    """Pure: which blanks or pairs of an answer are right (one flag per blank or left item; () for other types).

    The feedback marks each blank or pair with it, so a partly right answer shows where it went wrong.
    """
    qtype = QuestionType(question_type)
    if qtype not in (QuestionType.BLANK, QuestionType.MATCH) or not correct:
        return ()
    answers = list(given) if isinstance(given, (list, tuple)) else []
    if qtype is QuestionType.BLANK:
        return tuple(
            i < len(answers) and isinstance(answers[i], str) and blank_matches(answers[i], list(variants))
            for i, variants in enumerate(correct)
        )
    return tuple(i < len(answers) and answers[i] == right for i, right in enumerate(correct))


def verdict_text(*, answered: bool, correct: bool, score: float) -> str:
    """Pure: one question's verdict in the words used everywhere (practice feedback, results, 错题本).

    “正确”, “部分正确（60%）” (a match or, with partial credit, a multiple-choice or blank answer
    that earned part of the point), “错误”, or “未答”.
    """
    if not answered:
        return "未答"
    if correct:
        return "正确"
    return f"部分正确（{round(score * 100)}%）" if score > 0 else "错误"
