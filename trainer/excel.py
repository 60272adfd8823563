"""Excel (.xlsx) import and export of question banks in the columns of Chinese exam systems, and the template."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from foundation.errors import UserError, os_error_text
from question_bank.drafts import DocumentKind, QuestionType
from question_bank.models import DocumentRow, QuestionRow, TopicRow
from question_bank.vocabulary import ItemStatus, Origin
from trainer.excel_format import (
    HEADERS,
    OPTION_HEADERS,
    REQUIRED_HEADERS,
    SHORT_TYPE_NAMES,
    ParsedQuestion,
    RowProblem,
    answer_cell_for,
    option_cells_for,
    parse_row,
)

IMPORTED_DOCUMENT_TITLE = "导入题库"
IMPORTED_DOCUMENT_SOURCE = "excel-import"
UNSORTED_TOPIC = "未分专题"
BANK_SHEET = "题库"
HELP_SHEET = "说明"
MAX_FILE_BYTES = 20 * 1024 * 1024


class BankFileRejected(UserError):
    """An Excel bank with bad rows: nothing was imported; `problems` lists every row (`第3行：…`)."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(f"题库文件有{len(problems)}处问题，未导入任何题目：" + "；".join(problems[:3]) + ("……" if len(problems) > 3 else ""))


@dataclass(frozen=True)
class ParsedBank:
    """A bank file read and checked row by row: the good questions, every problem, and notes."""

    questions: tuple[ParsedQuestion, ...]
    problems: tuple[str, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class BankImportReport:
    """What an import stored."""

    added: int
    already_present: int
    new_topics: tuple[str, ...]
    notes: tuple[str, ...] = field(default=())


def read_bank_xlsx(path: Path) -> ParsedBank:
    """Read and check a bank file without touching the database.

    Raises:
        UserError: the file is missing, too large, not an .xlsx workbook, or lacks the required columns.
    """
    from openpyxl import load_workbook

    if not path.is_file():
        raise UserError(f"找不到文件：{path}")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise UserError(f"文件超过{MAX_FILE_BYTES // (1024 * 1024)}MB，不像是题库文件：{path.name}")
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a non-workbook
        raise UserError(f"无法读取Excel文件（应为.xlsx格式）：{path.name}") from error
    try:
        sheet_name = _bank_sheet_name(workbook)
        rows = [tuple(row) for row in workbook[sheet_name].iter_rows(values_only=True)]
    finally:
        workbook.close()
    parsed = parse_bank_rows(rows)
    if parsed.problems:
        parsed = _explain_problems(path, sheet_name, rows, parsed)
    return parsed


def _bank_sheet_name(workbook: Any) -> str:
    """The sheet named 题库, else the first whose first row holds the required columns, else the first sheet."""
    if BANK_SHEET in workbook.sheetnames:
        return str(BANK_SHEET)
    for sheet in workbook.worksheets:
        first = next(sheet.iter_rows(max_row=1, values_only=True), ())
        names = {str(value).strip() for value in first if value is not None}
        if all(header in names for header in REQUIRED_HEADERS):
            return str(sheet.title)
    return str(workbook.worksheets[0].title)


def _explain_problems(path: Path, sheet_name: str, rows: list[tuple[Any, ...]], parsed: ParsedBank) -> ParsedBank:
    """Name the cause of problems in rows with a merged cell, or a formula without a saved result (files written
    by programs, not Excel); only a file with problems pays for this second, full read."""
    from openpyxl import load_workbook

    workbook = load_workbook(path, data_only=False)
    try:
        sheet = workbook[sheet_name]
        formulas = [tuple(row) for row in sheet.iter_rows(values_only=True)]
        merged = [(r.min_row, r.max_row, r.min_col, r.max_col) for r in sheet.merged_cells.ranges]
    finally:
        workbook.close()
    headers = [str(name).strip() if name is not None else "" for name in rows[0]]

    def header(column: int) -> str:
        return headers[column - 1] if 0 < column <= len(headers) and headers[column - 1] else "某一格"

    causes: dict[int, str] = {}
    for low, high, first_column, _ in merged:
        for row_number in range(max(low + 1, 2), high + 1):  # the cells under the top-left one read as empty
            causes.setdefault(row_number, f"{header(first_column)}是合并单元格（请取消合并，在每一行分别填写）")
    for index, (values, raw) in enumerate(zip(rows, formulas)):
        for column, formula in enumerate(raw):
            value = values[column] if column < len(values) else None
            if value is None and isinstance(formula, str) and formula.startswith("="):
                causes.setdefault(index + 1, f"{header(column + 1)}是公式，但文件中没有保存计算结果"
                                             "（请用Excel打开并保存后再导入，或把公式换成文字）")
                break
    problems = []
    for problem in parsed.problems:
        match = re.match(r"第(\d+)行：", problem)
        row_number = int(match.group(1)) if match else 0
        problems.append(f"第{row_number}行：{causes[row_number]}" if row_number in causes else problem)
    return ParsedBank(questions=parsed.questions, problems=tuple(problems), notes=parsed.notes)


def parse_bank_rows(rows: list[tuple[Any, ...]]) -> ParsedBank:
    """Check the rows of a bank sheet (row 1 the headers); row numbers as Excel shows them."""
    if not rows:
        raise UserError("题库文件是空的")
    header_index = {str(name).strip(): i for i, name in enumerate(rows[0]) if name is not None}
    missing = [name for name in REQUIRED_HEADERS if name not in header_index]
    if missing:
        raise UserError("题库文件缺少列：" + "、".join(missing) + "（请使用“保存模板”生成的格式）")
    questions: list[ParsedQuestion] = []
    problems: list[str] = []
    notes: list[str] = []
    first_row_of: dict[tuple[QuestionType, str, str], int] = {}
    for offset, values in enumerate(rows[1:]):
        row_number = offset + 2
        if all(value is None or str(value).strip() == "" for value in values):
            continue
        cells = {name: values[i] if i < len(values) else None for name, i in header_index.items()}
        try:
            question = parse_row(row_number, cells)
        except RowProblem as problem:
            problems.append(f"第{row_number}行：{problem}")
            continue
        identity = (question.type, _normal_stem(question.stem), question.answer_text)
        if identity in first_row_of:
            notes.append(f"第{row_number}行：与第{first_row_of[identity]}行是同一道题，已跳过")
            continue
        first_row_of[identity] = row_number
        problem_text, note = validator_findings(question)
        if problem_text:
            problems.append(f"第{row_number}行：{problem_text}")
            continue
        if note:
            notes.append(f"第{row_number}行：{note}")
        questions.append(question)
    return ParsedBank(questions=tuple(questions), problems=tuple(problems), notes=tuple(notes))


def import_bank_xlsx(session: Session, path: Path, *, now: dt.datetime) -> BankImportReport:
    """Import every question of a clean bank file; a file with any bad row imports nothing.

    Raises:
        BankFileRejected: listing every bad row.
        UserError: the file cannot be read at all.
    """
    parsed = read_bank_xlsx(path)
    if parsed.problems:
        raise BankFileRejected(list(parsed.problems))
    if not parsed.questions:
        raise UserError("题库文件中没有题目")
    return store_questions(session, parsed.questions, now=now, notes=parsed.notes)


def store_questions(
    session: Session, questions: Iterable[ParsedQuestion], *, now: dt.datetime, notes: tuple[str, ...] = ()
) -> BankImportReport:
    """Add checked questions to the bank: known 专题 join their topic, new ones become topics of the imported bank."""
    topics_by_title: dict[str, TopicRow] = {}
    for topic in session.scalars(select(TopicRow).order_by(TopicRow.id)):
        topics_by_title.setdefault(topic.title, topic)
    document: DocumentRow | None = None
    new_topics: list[str] = []
    added = already = 0
    for question in questions:
        title = question.topic or UNSORTED_TOPIC
        found = topics_by_title.get(title)
        if found is not None:
            topic = found
        else:
            document = document or imported_bank_document(session, now=now)
            topic = TopicRow(
                document_id=document.id,
                position=_next_topic_position(session, document.id),
                title=title,
                question="",
                body="",
                start=0,
                end=0,
            )
            session.add(topic)
            session.flush()
            topics_by_title[title] = topic
            new_topics.append(title)
        key = question_key(question)
        exists = session.scalar(select(QuestionRow.id).where(QuestionRow.topic_id == topic.id, QuestionRow.key == key))
        if exists is not None:
            already += 1
            continue
        session.add(
            QuestionRow(
                topic_id=topic.id,
                key=key,
                type=question.type.value,
                stem=question.stem,
                options=list(question.options) if question.options is not None else None,
                answer=question.answer,
                answer_text=question.answer_text,
                explanation=question.explanation,
                quote="",
                start=0,
                end=0,
                difficulty=question.difficulty,
                status=ItemStatus.ACTIVE,
                origin=Origin.IMPORTED,
                edited=False,
                updated_at=now,
            )
        )
        added += 1
    session.flush()
    return BankImportReport(added=added, already_present=already, new_topics=tuple(new_topics), notes=notes)


def imported_bank_document(session: Session, *, now: dt.datetime) -> DocumentRow:
    """The document that holds the 专题 of imported question banks (created on first use)."""
    document = session.scalar(
        select(DocumentRow).where(DocumentRow.source_name == IMPORTED_DOCUMENT_SOURCE).order_by(DocumentRow.id)
    )
    if document is None:
        document = DocumentRow(
            title=IMPORTED_DOCUMENT_TITLE,
            kind=DocumentKind.BANK.value,
            source_name=IMPORTED_DOCUMENT_SOURCE,
            text="",
            builtin=False,
            created_at=now,
        )
        session.add(document)
        session.flush()
    return document


def question_key(question: ParsedQuestion) -> str:
    """A stable key for an imported question, so importing the same file twice adds nothing."""
    payload = json.dumps(
        [question.type.value, question.stem, question.options, question.answer], ensure_ascii=False, sort_keys=True
    )
    return "xlsx-" + hashlib.sha1(payload.encode("utf-8")).hexdigest()[:20]


def export_bank_xlsx(session: Session, path: Path) -> int:
    """Write every question that is not disabled in the exam-system columns; returns how many."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = BANK_SHEET
    sheet.append(list(HEADERS))
    query = (
        select(QuestionRow, TopicRow.title)
        .join(TopicRow, TopicRow.id == QuestionRow.topic_id)
        .where(QuestionRow.status != "disabled")
        .order_by(TopicRow.document_id, TopicRow.position, QuestionRow.id)
    )
    count = 0
    for question, topic_title in session.execute(query):
        kind = QuestionType(question.type)
        options = tuple(question.options) if question.options is not None else None
        sheet.append(
            [
                SHORT_TYPE_NAMES[kind],
                question.stem,
                *option_cells_for(kind, options, question.answer),
                answer_cell_for(kind, options, question.answer),
                question.explanation,
                topic_title,
                question.difficulty,
            ]
        )
        count += 1
    _style_bank_sheet(sheet)
    _add_help_sheet(workbook)
    _save(workbook, path)
    return count


def save_template_xlsx(path: Path) -> None:
    """Save an empty bank with one example row per type and an instructions sheet."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = BANK_SHEET
    sheet.append(list(HEADERS))
    for example in TEMPLATE_EXAMPLES:
        options = list(example["options"]) + [""] * (len(OPTION_HEADERS) - len(example["options"]))
        sheet.append([example["type"], example["stem"], *options, example["answer"], example["explanation"], "示例专题", 2])
    _style_bank_sheet(sheet)
    _add_help_sheet(workbook)
    _save(workbook, path)


TEMPLATE_EXAMPLES: tuple[dict[str, Any], ...] = (
    {"type": "单选", "stem": "巡视是党内监督的战略性制度安排，其定位是（  ）。", "options": ["政治监督", "业务检查", "审计监督", "财务核查"], "answer": "A", "explanation": "巡视是政治监督。"},
    {"type": "多选", "stem": "下列属于示例多选题正确选项的是（  ）。", "options": ["选项一", "选项二", "选项三", "选项四"], "answer": "A,C", "explanation": "多个答案用逗号分隔，也可写作AC或A、C。"},
    {"type": "判断", "stem": "巡视组不履行执纪审查职责。", "options": [], "answer": "正确", "explanation": "判断题答案写正确或错误（也可写对/错、√/×）。"},
    {"type": "填空", "stem": "集中整改期限调整为____。", "options": [], "answer": "6个月;六个月;半年", "explanation": "同一空的多种写法用分号分隔，多个空用竖线|分隔。"},
    {"type": "排序", "stem": "请将下列步骤按先后顺序排列。", "options": ["第二步", "第三步", "第一步"], "answer": "CAB", "explanation": "按正确顺序写出选项字母。"},
    {"type": "连线", "stem": "请将左右两列正确连线。", "options": ["巡视=中央和省区市党委", "巡察=市县党委"], "answer": "", "explanation": "每个选项写成“左项=右项”，答案列留空。"},
)

HELP_LINES: tuple[str, ...] = (
    "题库导入模板说明",
    "",
    "一、第一行为列名，请勿修改：题型、题干、选项A至选项H、答案、解析、专题、难度。从第二行起每行一道题。",
    "二、题型：单选、多选、判断、填空、排序、连线（也可写单选题、单项选择题等）。",
    "三、选项：按A、B、C……依次填写，中间不得空缺，同一题的选项不得重复。判断题和填空题不填选项。",
    "四、答案：",
    "    单选：一个字母，如 A；",
    "    多选：两个以上字母，如 A,C 或 AC 或 A、C；",
    "    判断：正确 或 错误（也可写 对/错、√/×）；",
    "    填空：同一空的多种答法用英文分号分隔，如 6个月;六个月;半年；多个空用竖线分隔，如 党委|党组；",
    "    排序：按正确顺序写出选项字母，如 CAB；",
    "    连线：每个选项写成“左项=右项”（左右两项用等号连接），答案列留空。",
    "五、解析：可选，答题后显示。",
    "六、专题：可选。题库中已有的专题，题目归入该专题；新的专题，在“导入题库”资料下新建。",
    "七、难度：可选，1（易）、2（中）、3（难），也可写易、中、难，默认2。",
    "八、导入前会逐行检查；任何一行有问题，都会列出行号和原因（如“第3行：答案“E”不在选项中”），",
    "    整个文件不导入，请改正后重新导入。与已导入题目完全相同的题目会自动跳过。",
)


def _style_bank_sheet(sheet: Any) -> None:
    from openpyxl.styles import Alignment, Font

    widths = {"A": 8, "B": 60, "M": 40, "N": 18, "O": 6}
    for column in "CDEFGHIJ":
        widths[column] = 22
    widths["K"] = 16
    widths["L"] = 30
    for column, width in widths.items():
        sheet.column_dimensions[column].width = width
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    sheet.freeze_panes = "A2"


def _add_help_sheet(workbook: Any) -> None:
    help_sheet = workbook.create_sheet(HELP_SHEET)
    for line in HELP_LINES:
        help_sheet.append([line])
    help_sheet.column_dimensions["A"].width = 110


def _save(workbook: Any, path: Path) -> None:
    try:
        workbook.save(path)
    except OSError as error:
        raise UserError(f"无法写入文件：{path}（{os_error_text(error)}）") from error


def _next_topic_position(session: Session, document_id: int) -> int:
    positions = session.scalars(select(TopicRow.position).where(TopicRow.document_id == document_id)).all()
    return max(positions, default=-1) + 1


_STEM_NOISE = re.compile(r"[\s（）()_＿。？?，,、：:；;“”\"'‘’.]+")


def _normal_stem(stem: str) -> str:
    return _STEM_NOISE.sub("", stem)


def validator_findings(question: ParsedQuestion) -> tuple[str | None, str | None]:
    """The bank validator's verdict on an imported question, as (problem, note).

    Imported items have no source text, so the stem stands in for the quote and the rules that
    compare with the source cannot fire. Human-written choice stems often repeat a word of the key
    (“加强党内法规制度建设……是全面从严治党的（ ）利器”), and exam systems use 2 to 8 options, so for
    imports the choice-leak and option-count rules only note; every other rule refuses the row.
    """
    from question_bank.validation import RULE_LABELS, Candidate, check

    candidate = Candidate(
        type=question.type, stem=question.stem, options=question.options, answer=question.answer,
        answer_text=question.answer_text, quote=question.stem, start=0, end=len(question.stem), group=question.topic,
    )
    problem = check(candidate, document_text=question.stem, topic_text=" ")
    if problem is None:
        return None, None
    rule, reason = problem
    text = f"{RULE_LABELS.get(rule, rule)}（{reason}）"
    if rule == "answer_format" or (rule == "leak" and question.type is not QuestionType.BLANK):
        return None, f"{text}，已导入，请核对"
    return text, None
