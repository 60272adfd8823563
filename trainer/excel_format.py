"""The Excel question-bank format of Chinese exam systems: reading and writing one row (pure, no storage).

Columns: 题型, 题干, 选项A … 选项H, 答案, 解析, 专题, 难度. Answers per type:
- 单选: one letter (`A`); 多选: letters (`A,C`, `AC`, `A、C`); 判断: 正确/错误 (also 对/错、√/×、是/否);
- 填空: the accepted variants of a blank separated by `;`, several blanks separated by `|`
  (`6个月;六个月;6|党委`);
- 排序: the option letters in the correct order (`CAB`);
- 连线: each option holds one pair as `左项=右项`; the 答案 cell stays empty (or repeats the pairs).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from question_bank.answer_shapes import (
    BLANK_MARK,
    format_answer,
    key_problem,
    normalise_blanks,
)
from question_bank.answer_shapes import OPTION_LETTERS as ALL_LETTERS
from question_bank.drafts import QuestionType

OPTION_LETTERS = ALL_LETTERS[:8]  # the format has eight option columns
OPTION_HEADERS = tuple(f"选项{letter}" for letter in OPTION_LETTERS)
HEADERS = ("题型", "题干", *OPTION_HEADERS, "答案", "解析", "专题", "难度")
REQUIRED_HEADERS = ("题型", "题干", "答案")

TYPE_NAMES: dict[str, QuestionType] = {
    "单选": QuestionType.SINGLE,
    "单选题": QuestionType.SINGLE,
    "单项选择": QuestionType.SINGLE,
    "单项选择题": QuestionType.SINGLE,
    "多选": QuestionType.MULTIPLE,
    "多选题": QuestionType.MULTIPLE,
    "多项选择": QuestionType.MULTIPLE,
    "多项选择题": QuestionType.MULTIPLE,
    "判断": QuestionType.JUDGE,
    "判断题": QuestionType.JUDGE,
    "填空": QuestionType.BLANK,
    "填空题": QuestionType.BLANK,
    "排序": QuestionType.ORDER,
    "排序题": QuestionType.ORDER,
    "连线": QuestionType.MATCH,
    "连线题": QuestionType.MATCH,
    "匹配": QuestionType.MATCH,
    "匹配题": QuestionType.MATCH,
}
SHORT_TYPE_NAMES = {
    QuestionType.SINGLE: "单选",
    QuestionType.MULTIPLE: "多选",
    QuestionType.JUDGE: "判断",
    QuestionType.BLANK: "填空",
    QuestionType.ORDER: "排序",
    QuestionType.MATCH: "连线",
}
_TRUE_WORDS = {"正确", "对", "√", "✓", "是", "T", "TRUE", "Y"}
_FALSE_WORDS = {"错误", "错", "×", "✗", "X", "否", "F", "FALSE", "N"}
_DIFFICULTY_WORDS = {"易": 1, "简单": 1, "容易": 1, "中": 2, "中等": 2, "一般": 2, "难": 3, "困难": 3, "较难": 3}
_LETTER_ANSWER = re.compile(r"^[A-Ha-h](?:\s*[,，、;；\s]?\s*[A-Ha-h])*$")
_LETTER_WITH_TEXT = re.compile(r"^([A-Ha-h])\s*[（(](.*)[）)]$")
_BLANK_SEPARATOR = re.compile(r"[|｜]")
# What a cell shows when its formula failed; imported as text it would become a question.
EXCEL_ERRORS = frozenset({"#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"})
MAX_TOPIC_CHARS = 100
MAX_STEM_CHARS = 2000
_VARIANT_SEPARATOR = re.compile(r"[;；]")


@dataclass(frozen=True)
class ParsedQuestion:
    """One valid row of a bank file, already in the bank's answer format (see QuestionType)."""

    row: int  # as Excel shows it
    type: QuestionType
    stem: str
    options: tuple[str, ...] | None
    answer: Any
    answer_text: str
    explanation: str
    topic: str
    difficulty: int


class RowProblem(ValueError):
    """Why one row cannot be imported (a Chinese reason without the row number)."""


def cell_text(value: Any) -> str:
    """A cell as text: numbers without a trailing `.0`, dates as `2015年8月3日`, booleans as 正确/错误."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "正确" if value else "错误"
    if isinstance(value, dt.datetime | dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def answer_cell_for(question_type: QuestionType, options: tuple[str, ...] | None, answer: Any) -> str:
    """The 答案 cell of a question (the inverse of the parsing below)."""
    if question_type is QuestionType.SINGLE:
        return OPTION_LETTERS[answer]
    if question_type is QuestionType.MULTIPLE:
        return ",".join(OPTION_LETTERS[i] for i in answer)
    if question_type is QuestionType.JUDGE:
        return "正确" if answer else "错误"
    if question_type is QuestionType.BLANK:
        return "|".join(";".join(variants) for variants in answer)
    if question_type is QuestionType.ORDER:
        return "".join(OPTION_LETTERS[i] for i in answer)
    return ""


def option_cells_for(question_type: QuestionType, options: tuple[str, ...] | None, answer: Any) -> list[str]:
    """The 选项A…选项H cells of a question (连线 pairs written as `左项=右项`)."""
    opts = list(options or ())
    if question_type is QuestionType.MATCH:
        opts = [f"{left}={right}" for left, right in zip(opts, answer)]
    return opts + [""] * (len(OPTION_LETTERS) - len(opts))


def parse_row(row: int, cells: dict[str, Any]) -> ParsedQuestion:
    """Turn one row's cells (by header) into a question.

    Raises:
        RowProblem: with the first reason the row is unusable.
    """
    for header, value in cells.items():
        if isinstance(value, str) and value.strip().upper() in EXCEL_ERRORS:
            raise RowProblem(f"{header}是Excel的错误值“{value.strip()}”（公式出错），请改正后再导入")
    type_name = cell_text(cells.get("题型")).replace(" ", "")
    question_type = TYPE_NAMES.get(type_name)
    if question_type is None:
        raise RowProblem(f"题型“{type_name}”无法识别（应为单选、多选、判断、填空、排序或连线）" if type_name else "题型为空")
    stem = cell_text(cells.get("题干"))
    if not stem:
        raise RowProblem("题干为空")
    if len(stem) > MAX_STEM_CHARS:
        raise RowProblem(f"题干过长（{len(stem)}字，最多{MAX_STEM_CHARS}字）")
    topic = cell_text(cells.get("专题"))
    if len(topic) > MAX_TOPIC_CHARS:
        raise RowProblem(f"专题名称过长（{len(topic)}字，最多{MAX_TOPIC_CHARS}字）")
    answer_cell = cell_text(cells.get("答案"))
    options, answer = _ANSWER_PARSERS[question_type](_options(cells), answer_cell)
    if question_type is QuestionType.BLANK:
        stem = normalise_blanks(stem)
        marks = stem.count(BLANK_MARK)
        if marks == 0:
            raise RowProblem(f"填空题题干中没有填空处（请用“{BLANK_MARK}”或“____”标出）")
        if marks != len(answer):
            raise RowProblem(f"题干有{marks}处填空，答案有{len(answer)}处")
    problem = key_problem(question_type, options, answer, stem=stem)
    if problem is not None:
        raise RowProblem(problem)
    return ParsedQuestion(
        row=row,
        type=question_type,
        stem=stem,
        options=options,
        answer=answer,
        answer_text=format_answer(question_type, options, answer, spelled=True),
        explanation=cell_text(cells.get("解析")),
        topic=topic,
        difficulty=_difficulty(cell_text(cells.get("难度"))),
    )


def _options(cells: dict[str, Any]) -> list[str]:
    texts = [cell_text(cells.get(header)) for header in OPTION_HEADERS]
    while texts and not texts[-1]:
        texts.pop()
    for index, text in enumerate(texts):
        if not text:
            raise RowProblem(f"选项{OPTION_LETTERS[index]}为空，但其后还有选项")
    seen: dict[str, int] = {}
    for index, text in enumerate(texts):
        key = re.sub(r"\s+", "", text)
        if key in seen:
            first = OPTION_LETTERS[seen[key]]
            raise RowProblem(f"选项{first}与选项{OPTION_LETTERS[index]}重复（“{text}”）")
        seen[key] = index
    return texts


def _difficulty(text: str) -> int:
    if not text:
        return 2
    if text in _DIFFICULTY_WORDS:
        return _DIFFICULTY_WORDS[text]
    if text in {"1", "2", "3"}:
        return int(text)
    raise RowProblem(f"难度“{text}”无法识别（应为1、2、3或易、中、难）")


def _letters(options: list[str], answer_cell: str) -> list[int]:
    """Letters of an answer cell as option indices; `C（党员）` is accepted when the text matches option C."""
    text = answer_cell.strip()
    if not text:
        raise RowProblem("答案为空")
    with_text = _LETTER_WITH_TEXT.match(text)
    if with_text:
        index = OPTION_LETTERS.index(with_text.group(1).upper())
        if index < len(options) and with_text.group(2).strip() != options[index].strip():
            raise RowProblem(f"答案“{text}”与选项{with_text.group(1).upper()}的内容不一致")
        text = with_text.group(1)
    if not _LETTER_ANSWER.match(text):
        matching = [i for i, option in enumerate(options) if option.strip() == text]
        if len(matching) == 1:  # the answer cell repeats an option's text
            return matching
        raise RowProblem(f"答案“{answer_cell}”不在选项中")
    indices = [OPTION_LETTERS.index(ch.upper()) for ch in text if ch.upper() in OPTION_LETTERS]
    for index in indices:
        if index >= len(options):
            raise RowProblem(f"答案“{answer_cell}”不在选项中")
    if len(set(indices)) != len(indices):
        raise RowProblem(f"答案“{answer_cell}”中有重复的字母")
    return indices


def _choice_options(options: list[str]) -> tuple[str, ...]:
    if len(options) < 2:
        raise RowProblem("选择题至少需要两个选项")
    return tuple(options)


def _parse_single(options: list[str], answer_cell: str) -> tuple[tuple[str, ...] | None, Any]:
    opts = _choice_options(options)
    indices = _letters(options, answer_cell)
    if len(indices) != 1:
        raise RowProblem(f"单选题只能有一个答案，而答案为“{answer_cell}”")
    return opts, indices[0]


def _parse_multiple(options: list[str], answer_cell: str) -> tuple[tuple[str, ...] | None, Any]:
    opts = _choice_options(options)
    indices = _letters(options, answer_cell)
    if len(indices) < 2:
        raise RowProblem(f"多选题至少应有两个正确选项，而答案为“{answer_cell}”")
    return opts, sorted(indices)


def _parse_judge(options: list[str], answer_cell: str) -> tuple[tuple[str, ...] | None, Any]:
    word = answer_cell.strip().upper()
    if word in {"A", "B"} and len(options) == 2 and {options[0], options[1]} <= _TRUE_WORDS | _FALSE_WORDS:
        word = options[OPTION_LETTERS.index(word)].upper()  # 选项A=正确, 选项B=错误, 答案=A
    if word in _TRUE_WORDS:
        return None, True
    if word in _FALSE_WORDS:
        return None, False
    raise RowProblem(f"判断题答案“{answer_cell}”无法识别（应为正确或错误）" if answer_cell else "答案为空")


def _parse_blank(options: list[str], answer_cell: str) -> tuple[tuple[str, ...] | None, Any]:
    if options:
        raise RowProblem("填空题不应有选项")
    blanks: list[list[str]] = []
    for part in _BLANK_SEPARATOR.split(answer_cell):
        variants = [v.strip() for v in _VARIANT_SEPARATOR.split(part) if v.strip()]
        if not variants:
            raise RowProblem("答案为空" if not answer_cell.strip() else f"答案“{answer_cell}”中有空的填空")
        blanks.append(variants)
    return None, blanks


def _parse_order(options: list[str], answer_cell: str) -> tuple[tuple[str, ...] | None, Any]:
    if len(options) < 2:
        raise RowProblem("排序题至少需要两个选项")
    indices = _letters(options, answer_cell)
    if sorted(indices) != list(range(len(options))):
        raise RowProblem(f"排序题答案“{answer_cell}”应把每个选项各排一次")
    return tuple(options), indices


def _parse_match(options: list[str], answer_cell: str) -> tuple[tuple[str, ...] | None, Any]:
    del answer_cell  # the pairs are in the options
    if len(options) < 2:
        raise RowProblem("连线题至少需要两组“左项=右项”")
    lefts: list[str] = []
    rights: list[str] = []
    for index, option in enumerate(options):
        left, sep, right = option.partition("=") if "=" in option else option.partition("＝")
        if not sep or not left.strip() or not right.strip():
            raise RowProblem(f"连线题选项{OPTION_LETTERS[index]}应写成“左项=右项”")
        lefts.append(left.strip())
        rights.append(right.strip())
    if len(set(rights)) != len(rights):
        raise RowProblem("连线题的右项有重复")
    return tuple(lefts), rights


_ANSWER_PARSERS = {
    QuestionType.SINGLE: _parse_single,
    QuestionType.MULTIPLE: _parse_multiple,
    QuestionType.JUDGE: _parse_judge,
    QuestionType.BLANK: _parse_blank,
    QuestionType.ORDER: _parse_order,
    QuestionType.MATCH: _parse_match,
}
