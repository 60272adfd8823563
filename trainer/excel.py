"""Excel (.xlsx) import and export of question banks in the columns of Chinese exam systems, and the template."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from foundation.errors import UserError
from foundation.json_files import write_file_atomically
from question_bank.documents import review_settings
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
# Bounds on what a bank file may hold, checked before and while it is read (a 13.5 MB file of 4 million rows
# took 537 s and 3.45 GB when read whole). A .xlsx is a ZIP: every part and all parts together are refused past
# these unpacked sizes before openpyxl opens it; rows are then streamed and refused at once past the row and
# question bounds, so nothing beyond them is ever parsed. A real bank of 5,000 questions unpacks to a few MB.
MAX_XLSX_PART_BYTES = 32_000_000
MAX_XLSX_TOTAL_BYTES = 64_000_000
MAX_XLSX_PARTS = 1_000  # files inside the ZIP (a workbook has a dozen or two; images add some)
MAX_BANK_QUESTIONS = 5_000  # rows with any value below the header, per file
MAX_SHEET_ROWS = 20_000  # rows read at all, blank ones included
MAX_SHEET_COLUMNS = 64  # columns read per row (the format has 15)
MAX_MERGES_EXPLAINED = 1_000  # merged ranges looked at when explaining problems
# openpyxl spends about 20 µs on each cell and each shared string (5,000 questions of 15 cells read in 1.7 s):
# counted from the bytes before it opens the file (120,000 cells: 5,000 rows of 24; a bank of 5,000 questions
# has some 30,000 different texts).
MAX_XLSX_CELLS = 120_000
MAX_XLSX_SHARED_STRINGS = 60_000  # shared strings and their rich-text runs together
# Every element (counted as `<`) costs iterparse about 1 µs even where openpyxl skips it; a 5,000-question
# bank has some 500,000. Parts turned into objects on opening (styles, workbook, manifest) take far fewer.
MAX_XLSX_ELEMENTS = 1_500_000
MAX_XLSX_LOADED_PART_ELEMENTS = 20_000
# Text that a spreadsheet program would take for a formula (or that CSV tools would): always written as text.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


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
    held: int = 0  # of the added, how many wait for a trainer's review (the bank's setting for imports)


def read_bank_xlsx(path: Path) -> ParsedBank:
    """Read and check a bank file without touching the database, streaming its rows within the bounds above.

    Raises:
        UserError: the file is missing, too large (on disk, unpacked, or in rows or questions), not an .xlsx
            workbook, has cells that cannot be read, or lacks the required columns.
    """
    if not path.is_file():
        raise UserError(f"找不到文件：{path}" if not path.exists() else f"这不是文件：{path}")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise UserError(f"文件超过{MAX_FILE_BYTES // (1024 * 1024)}MB，不像是题库文件：{path.name}")
    scan = check_xlsx_parts(path)
    workbook = open_workbook(path, data_only=True, checked=True)
    try:
        sheet = workbook[_bank_sheet_name(workbook, path)]
        rows = sheet_rows(sheet, path, max_questions=MAX_BANK_QUESTIONS)
        part = str(getattr(sheet, "_worksheet_path", "")).lstrip("/")  # its XML inside the ZIP
    finally:
        workbook.close()
    parsed = parse_bank_rows(rows)
    if parsed.problems and scan.formulas_or_merges and part:
        parsed = _explain_problems(path, part, rows, parsed)
    return parsed


@dataclass(frozen=True)
class XlsxScan:
    """What a workbook's bytes hold, counted before openpyxl opens it."""

    cells: int
    shared_strings: int
    formulas_or_merges: bool  # any `<f>` or `<mergeCell>` element: only then can a problem need explaining
    elements: int  # `<` in all parts: every element iterparse walks through, known or not


def check_xlsx_parts(path: Path) -> XlsxScan:
    """Refuse a workbook whose parts unpack too large, or that holds too many cells, shared strings or elements,
    before openpyxl opens it (a .xlsx is a ZIP).

    Raises:
        UserError: not a ZIP at all, too many parts, a part (or all parts) past MAX_XLSX_PART_BYTES
            (MAX_XLSX_TOTAL_BYTES), or a count past its bound (see `_scan_parts`).
    """
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (OSError, zipfile.BadZipFile, ValueError) as error:
        raise UserError(f"无法读取Excel文件（应为.xlsx格式）：{path.name}") from error
    if not parts:
        raise UserError(f"无法读取Excel文件（应为.xlsx格式）：{path.name}")
    if len(parts) > MAX_XLSX_PARTS:
        raise UserError(f"Excel文件的组成部分过多（{len(parts)}个），上限为{MAX_XLSX_PARTS}个：{path.name}")
    largest = max(parts, key=lambda part: part.file_size)
    if largest.file_size > MAX_XLSX_PART_BYTES:
        raise UserError(f"Excel文件的“{largest.filename}”部分解压后过大（{largest.file_size / 1_000_000:.0f} MB），"
                        f"上限为{MAX_XLSX_PART_BYTES // 1_000_000} MB：{path.name}")
    total = sum(part.file_size for part in parts)
    if total > MAX_XLSX_TOTAL_BYTES:
        raise UserError(f"Excel文件解压后过大（{total / 1_000_000:.0f} MB），上限为{MAX_XLSX_TOTAL_BYTES // 1_000_000} MB：{path.name}")
    return _scan_parts(path)


# The opening of a cell or shared-string element, with or without a namespace prefix (`<c r=`, `<x:si>`).
_CELL_TAGS = (b"<c ", b"<c>", b"<c/", b":c ", b":c>", b":c/")
_SHARED_STRING_TAGS = (b"<si>", b"<si ", b"<si/", b":si>", b":si ", b":si/")
_FORMULA_OR_MERGE_TAGS = (b"<f>", b"<f ", b":f>", b":f ", b"mergeCell ", b"mergeCell>")
# Rich-text runs of a shared string (`<r>`): openpyxl builds an object for each, like for a shared string.
_RUN_TAGS = (b"<r>", b"<r ", b":r>", b":r ")
# Parts that openpyxl reads at fixed names and turns into objects when it opens a workbook (styles: about
# 70 µs for each cell format); the shared strings are bounded by their count above, the sheets are streamed.
_LOADED_PARTS = frozenset({"[Content_Types].xml", "xl/workbook.xml", "xl/styles.xml", "docProps/core.xml",
                           "docProps/app.xml", "docProps/custom.xml", "_rels/.rels", "xl/_rels/workbook.xml.rels"})


def _scan_parts(path: Path) -> XlsxScan:
    """Cells, shared strings (and their rich-text runs) and elements in all parts of a workbook, counted from the
    bytes (parts already size-bounded); refused as soon as a count passes its bound.

    openpyxl parses every shared string when it opens a workbook and every cell of a row it reads, even those
    past the columns asked for, at about 20 µs each: small parts of tiny cells would take minutes.

    Raises:
        UserError: more than MAX_XLSX_CELLS cells, MAX_XLSX_SHARED_STRINGS shared strings, MAX_XLSX_ELEMENTS
            elements, or MAX_XLSX_LOADED_PART_ELEMENTS in a part openpyxl builds on opening; or a damaged part.
    """
    cells = strings = elements = 0
    special = False

    def over(count: int, bound: int, what: str) -> None:
        if count > bound:
            raise UserError(f"Excel文件的{what}超过{bound}个的上限：{path.name}")

    try:
        with zipfile.ZipFile(path) as archive:
            for part in archive.infolist():
                tail = b""
                part_elements = 0
                loaded = part.filename in _LOADED_PARTS
                with archive.open(part) as stream:
                    while True:
                        chunk = stream.read(1 << 20)
                        data = tail + chunk
                        cut = data.rfind(b"<") if chunk else len(data)  # a tag never straddles two chunks
                        cut = len(data) if cut < 0 else cut
                        counted, tail = data[:cut], data[cut:]
                        cells += sum(counted.count(tag) for tag in _CELL_TAGS)
                        strings += sum(counted.count(tag) for tag in _SHARED_STRING_TAGS + _RUN_TAGS)
                        special = special or any(tag in counted for tag in _FORMULA_OR_MERGE_TAGS)
                        part_elements += counted.count(b"<")
                        over(cells, MAX_XLSX_CELLS, "单元格")
                        over(strings, MAX_XLSX_SHARED_STRINGS, "文字条目")
                        over(elements + part_elements, MAX_XLSX_ELEMENTS, "内容条目")
                        if loaded:
                            over(part_elements, MAX_XLSX_LOADED_PART_ELEMENTS, f"“{part.filename}”部分的条目")
                        if not chunk:
                            break
                elements += part_elements
    except (OSError, zipfile.BadZipFile, ValueError, EOFError) as error:  # e.g. a part whose CRC does not match
        raise UserError(f"无法读取Excel文件（文件已损坏）：{path.name}") from error
    return XlsxScan(cells=cells, shared_strings=strings, formulas_or_merges=special, elements=elements)


def open_workbook(path: Path, *, data_only: bool, checked: bool = False) -> Any:
    """A workbook opened in streaming (read-only) mode once its parts passed `check_xlsx_parts` (unless `checked`
    says the caller just did); close it after use.

    Raises:
        UserError: too large unpacked, too many cells, or not an .xlsx workbook.
    """
    from openpyxl import load_workbook

    if not checked:
        check_xlsx_parts(path)
    try:
        return load_workbook(path, read_only=True, data_only=data_only)
    except Exception as error:  # openpyxl raises many kinds for a non-workbook
        raise UserError(f"无法读取Excel文件（应为.xlsx格式）：{path.name}") from error


def sheet_rows(
    sheet: Any, path: Path, *, max_questions: int, file_noun: str = "题库文件", entry_noun: str = "道题"
) -> list[tuple[Any, ...]]:
    """The rows of a read-only sheet (row 1 first), streamed and refused at once past the bounds.

    At most MAX_SHEET_COLUMNS columns are read; blank rows count towards MAX_SHEET_ROWS, rows with any value
    below the header towards `max_questions`. The sheet's declared size is ignored (a forged dimension would
    otherwise pad the rows out to it). Any sheet the app reads can use this (a roster: `file_noun="名单"`,
    `entry_noun="人"`), opened with `open_workbook`.

    Raises:
        UserError: too many rows or entries (naming the bound), or a cell that cannot be read.
    """
    rows: list[tuple[Any, ...]] = []
    filled = 0
    try:
        sheet.reset_dimensions()
        for values in sheet.iter_rows(max_col=MAX_SHEET_COLUMNS, values_only=True):
            row = tuple(values)
            end = len(row)
            while end and (row[end - 1] is None or row[end - 1] == ""):
                end -= 1
            row = row[:end]
            if len(rows) >= MAX_SHEET_ROWS:
                raise UserError(f"Excel文件超过{MAX_SHEET_ROWS}行（含空行），上限为{MAX_SHEET_ROWS}行，请删去多余的行"
                                f"或分成几个文件：{path.name}")
            if rows and any(value is not None and str(value).strip() for value in row):
                filled += 1
                if filled > max_questions:
                    raise UserError(f"{file_noun}超过{max_questions}{entry_noun}（上限为每个文件{max_questions}"
                                    f"{entry_noun[0]}），请分成几个文件导入：{path.name}")
            rows.append(row)
    except UserError:
        raise
    except Exception as error:  # a malformed cell: a number that is not one, a date past the calendar, …
        raise UserError(f"Excel文件第{len(rows) + 1}行有无法读取的单元格（文件可能已损坏，请用Excel打开并另存后再导入）："
                        f"{path.name}") from error
    return rows


def _bank_sheet_name(workbook: Any, path: Path) -> str:
    """The sheet named 题库, else the first whose first row holds the required columns, else the first sheet."""
    if BANK_SHEET in workbook.sheetnames:
        return str(BANK_SHEET)
    for sheet in workbook.worksheets:
        try:
            sheet.reset_dimensions()
            first = next(sheet.iter_rows(max_row=1, max_col=MAX_SHEET_COLUMNS, values_only=True), ())
        except Exception as error:  # a malformed cell in a header row
            raise UserError(f"Excel文件的工作表“{sheet.title}”第1行有无法读取的单元格（文件可能已损坏）：{path.name}") from error
        names = {str(value).strip() for value in first if value is not None}
        if all(header in names for header in REQUIRED_HEADERS):
            return str(sheet.title)
    return str(workbook.worksheets[0].title)


def _merges_and_formulas_without_results(
    path: Path, part: str
) -> tuple[list[tuple[int, int, int, int]], dict[int, int]]:
    """The merged ranges of a sheet, as (min_row, max_row, min_col, max_col), and, per row, the first column
    holding a formula without a saved result; streamed from the sheet's XML part element by element.

    Read-only sheets expose neither, and a second openpyxl pass would parse every cell and shared string again;
    the part is bounded by `check_xlsx_parts`.
    """
    from xml.etree.ElementTree import iterparse

    from openpyxl.utils.cell import coordinate_from_string, column_index_from_string, range_boundaries

    merged: list[tuple[int, int, int, int]] = []
    formulas: dict[int, int] = {}
    row_number = column = 0
    with zipfile.ZipFile(path) as archive, archive.open(part) as stream:
        for event, element in iterparse(stream, events=("start", "end")):
            tag = element.tag.rsplit("}", 1)[-1]
            if event == "start":
                if tag == "row":
                    row_number = int(element.get("r") or row_number + 1)
                    column = 0
                continue
            if tag == "c":
                reference = element.get("r")
                column = column_index_from_string(coordinate_from_string(reference)[0]) if reference else column + 1
                children = {child.tag.rsplit("}", 1)[-1]: child for child in element}
                saved = children.get("v")
                if "f" in children and (saved is None or not (saved.text or "").strip()):
                    formulas.setdefault(row_number, column)
            elif tag == "mergeCell":
                min_col, min_row, max_col, max_row = range_boundaries(element.get("ref", ""))
                if None not in (min_col, min_row, max_col, max_row):
                    merged.append((int(min_row or 0), int(max_row or 0), int(min_col or 0), int(max_col or 0)))
            if tag in ("row", "mergeCell"):
                element.clear()
    return merged, formulas


def _explain_problems(path: Path, part: str, rows: list[tuple[Any, ...]], parsed: ParsedBank) -> ParsedBank:
    """Name the cause of problems in rows with a merged cell, or a formula without a saved result (files written
    by programs, not Excel); only a file with problems and formulas or merged cells pays for this second read
    of its sheet part (`part`, the path inside the ZIP), streamed element by element."""
    try:
        merged, formulas = _merges_and_formulas_without_results(path, part)
    except Exception:  # the first read succeeded: without the explanation the plain problems still stand
        return parsed
    headers = [str(name).strip() if name is not None else "" for name in rows[0]]

    def header(column: int) -> str:
        return headers[column - 1] if 0 < column <= len(headers) and headers[column - 1] else "某一格"

    causes: dict[int, str] = {}
    problem_rows = sorted({int(m.group(1)) for p in parsed.problems if (m := re.match(r"第(\d+)行：", p))})
    for low, high, first_column, _ in merged[:MAX_MERGES_EXPLAINED]:
        for row_number in problem_rows:
            if max(low + 1, 2) <= row_number <= high:  # the cells under the top-left one read as empty
                causes.setdefault(row_number, f"{header(first_column)}是合并单元格（请取消合并，在每一行分别填写）")
    for row_number, column in formulas.items():
        causes.setdefault(row_number, f"{header(column)}是公式，但文件中没有保存计算结果"
                                      "（请用Excel打开并保存后再导入，或把公式换成文字）")
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

    The new questions wait for a trainer's review before learners see them when the bank's setting for
    imports says so (`question_bank.documents.review_settings`, on by default), like an imported document's.

    Raises:
        BankFileRejected: listing every bad row.
        UserError: the file cannot be read at all.
    """
    parsed = read_bank_xlsx(path)
    if parsed.problems:
        raise BankFileRejected(list(parsed.problems))
    if not parsed.questions:
        raise UserError("题库文件中没有题目")
    hold = review_settings(session)[0]
    return store_questions(session, parsed.questions, now=now, notes=parsed.notes, hold_for_review=hold)


def store_questions(
    session: Session, questions: Iterable[ParsedQuestion], *, now: dt.datetime, notes: tuple[str, ...] = (),
    hold_for_review: bool = False,
) -> BankImportReport:
    """Add checked questions to the bank: known 专题 join their topic, new ones become topics of the imported bank.

    With `hold_for_review` the added questions wait for review (status "review"): no quiz, paper or study
    queue draws them until a trainer approves them (`question_bank.documents.release_for_review`).
    """
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
                status=ItemStatus.REVIEW if hold_for_review else ItemStatus.ACTIVE,
                origin=Origin.IMPORTED,
                edited=False,
                updated_at=now,
            )
        )
        added += 1
    session.flush()
    return BankImportReport(added=added, already_present=already, new_topics=tuple(new_topics), notes=notes,
                            held=added if hold_for_review else 0)


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
    sheet.append(text_row(HEADERS))
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
            text_row([
                SHORT_TYPE_NAMES[kind],
                question.stem,
                *option_cells_for(kind, options, question.answer),
                answer_cell_for(kind, options, question.answer),
                question.explanation,
                topic_title,
                question.difficulty,
            ])
        )
        count += 1
    _style_bank_sheet(sheet)
    _add_help_sheet(workbook)
    save_workbook(workbook, path)
    return count


def save_template_xlsx(path: Path) -> None:
    """Save an empty bank with one example row per type and an instructions sheet."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = BANK_SHEET
    sheet.append(text_row(HEADERS))
    for example in TEMPLATE_EXAMPLES:
        options = list(example["options"]) + [""] * (len(OPTION_HEADERS) - len(example["options"]))
        sheet.append(text_row([example["type"], example["stem"], *options, example["answer"], example["explanation"],
                               "示例专题", 2]))
    _style_bank_sheet(sheet)
    _add_help_sheet(workbook)
    save_workbook(workbook, path)


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
        help_sheet.append(text_row([line]))
    help_sheet.column_dimensions["A"].width = 110


def text_row(values: Sequence[Any]) -> list[Any]:
    """A row to append: text without the control characters a workbook cannot hold (openpyxl refuses them)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return [ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value for value in values]


def cells_as_text(workbook: Any) -> None:
    """Make every text cell of a workbook plain text, never a formula: `=HYPERLINK(…)` or `=cmd|…` from a stem or
    a learner's name is shown as typed. Text starting like a formula also gets Excel's quote prefix (the
    apostrophe), so that editing the cell in Excel keeps it text."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
                    if cell.value.startswith(FORMULA_TRIGGERS):
                        cell.quotePrefix = True


def save_workbook(workbook: Any, path: Path, *, what: str = "文件") -> None:
    """Save a workbook the app built: every text cell as text, written whole through a renamed temporary file.

    Raises:
        UserError: the file cannot be written (`无法写入文件：路径（磁盘已满）`); no partial file is left.
    """
    cells_as_text(workbook)
    write_file_atomically(path, workbook.save, what=what)


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
