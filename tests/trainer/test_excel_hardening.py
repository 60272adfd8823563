"""Hostile and failing Excel files: formulas written as text, bounded streaming reads, malformed cells, whole writes."""

from __future__ import annotations

import datetime as dt
import io
import random
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from foundation.context import AppContext
from foundation.errors import UserError
from question_bank.drafts import QuestionType
from question_bank.models import QuestionRow
from tests.trainer.fixtures import fill_sample_bank
from tests.trainer.sitting_helpers import learner_machine, sit_paper
from trainer import excel
from trainer.excel import (
    MAX_BANK_QUESTIONS,
    MAX_SHEET_ROWS,
    MAX_XLSX_CELLS,
    MAX_XLSX_PART_BYTES,
    MAX_XLSX_SHARED_STRINGS,
    read_bank_xlsx,
    store_questions,
)
from trainer.excel_format import ParsedQuestion
from trainer.paper_file import write_paper_file
from trainer.paper_sitting import export_result_file
from trainer.papers import assemble_random_paper

HOSTILE = ('=cmd|" /C calc"!A0', '=HYPERLINK("http://example.com/x","点此查看答案")', "+1+2", "-3+4", "@SUM(A1:A2)",
           "\t=1+1")


def _formula_cells(path: Path) -> list[str]:
    """Every cell of every sheet that reopens as a formula."""
    workbook = load_workbook(path)
    found = [f"{sheet.title}!{cell.coordinate}" for sheet in workbook.worksheets for row in sheet.iter_rows()
             for cell in row if cell.data_type == "f"]
    workbook.close()
    return found


def _all_text(path: Path) -> set[str]:
    workbook = load_workbook(path)
    texts = {cell.value for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row
             if isinstance(cell.value, str)}
    workbook.close()
    return texts


def _hostile_questions() -> list[ParsedQuestion]:
    return [
        ParsedQuestion(row=2, type=QuestionType.SINGLE, stem=HOSTILE[0], options=(HOSTILE[1], HOSTILE[2], "丙"),
                       answer=0, answer_text=HOSTILE[1], explanation=HOSTILE[3], topic=HOSTILE[4], difficulty=2),
        ParsedQuestion(row=3, type=QuestionType.JUDGE, stem=HOSTILE[5] + "巡视是政治监督。", options=None, answer=True,
                       answer_text="正确", explanation="@解析", topic="-专题", difficulty=1),
    ]


def test_export_bank_writes_formula_like_text_as_text_and_it_reads_back(
    app_context: AppContext, tmp_path: Path, now: dt.datetime, capsys: pytest.CaptureFixture[str]
) -> None:
    from main import main

    with app_context.session_factory()() as s, s.begin():
        store_questions(s, _hostile_questions(), now=now)
    app_context.dispose()
    out = tmp_path / "题库.xlsx"
    assert main(["--data-dir", str(app_context.data_dir), "export-bank", str(out)]) == 0
    assert _formula_cells(out) == []
    texts = _all_text(out)
    for hostile in HOSTILE[:5]:
        assert hostile in texts
    assert HOSTILE[5] + "巡视是政治监督。" in texts
    workbook = load_workbook(out)
    quoted = [cell.value for row in workbook["题库"].iter_rows() for cell in row if cell.quotePrefix]
    workbook.close()
    assert HOSTILE[0] in quoted and "+1+2" in quoted and "@SUM(A1:A2)" in quoted
    parsed = read_bank_xlsx(out)  # the exported bank imports again with the text intact
    stems = {q.stem for q in parsed.questions}
    assert HOSTILE[0] in stems
    assert capsys.readouterr().err == ""


def test_the_template_has_no_formula(tmp_path: Path) -> None:
    excel.save_template_xlsx(tmp_path / "模板.xlsx")
    assert _formula_cells(tmp_path / "模板.xlsx") == []
    assert "巡视=中央和省区市党委" in _all_text(tmp_path / "模板.xlsx")


def test_collect_results_report_writes_learners_names_as_text_and_whole(
    app_context: AppContext, session_factory: sessionmaker[Session], tmp_path: Path, now: dt.datetime,
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    from main import main

    with session_factory() as s, s.begin():
        fill_sample_bank(s, now)
        paper = assemble_random_paper(s, title="=HYPERLINK(\"http://x\",\"卷\")", type_counts={QuestionType.SINGLE: 2},
                                      time_limit_s=1800, pass_mark=0.6, shuffle=False, now=now,
                                      rng=random.Random(1), immediate_scoring=True)  # made elsewhere: the key travels
    paper_path = tmp_path / "卷.xxpaper.json"
    write_paper_file(paper, paper_path)
    machine = learner_machine(tmp_path / "learner")
    attempt_id = sit_paper(machine, paper_path, name=HOSTILE[1], unit=HOSTILE[0], wrong_keys=(), now=now,
                           rng=random.Random(2))
    results = tmp_path / "results"
    results.mkdir()
    with machine() as s:
        export_result_file(s, attempt_id, results / "r.xxresult.json")
    report = tmp_path / "报告.xlsx"
    code = main(["--data-dir", str(app_context.data_dir), "collect-results", str(results), "--paper-file",
                 str(paper_path), "--xlsx", str(report)])
    assert code == 0, capsys.readouterr().err
    assert _formula_cells(report) == []
    assert {HOSTILE[0], HOSTILE[1]} <= _all_text(report)
    # On a full disk the report is not written at all, and the old one stays whole.
    before = report.read_bytes()
    _fail_midway(monkeypatch)
    capsys.readouterr()
    code = main(["--data-dir", str(app_context.data_dir), "collect-results", str(results), "--xlsx", str(report)])
    assert code == 2
    assert "磁盘已满" in _one_line(capsys.readouterr().err)
    assert report.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".xlsx", ".partial")) == ["报告.xlsx"]


def _raw_xlsx(sheet_xml: Callable[[IO[bytes]], None], *, extra: dict[str, bytes] | None = None) -> bytes:
    """A workbook whose first sheet's XML is written by `sheet_xml` (raw, as a hostile file would be)."""
    template = io.BytesIO()
    Workbook().save(template)
    source = zipfile.ZipFile(io.BytesIO(template.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename == "xl/worksheets/sheet1.xml":
                with target.open(item.filename, "w") as stream:
                    sheet_xml(stream)
            else:
                target.writestr(item, (extra or {}).get(item.filename, source.read(item.filename)))
    return out.getvalue()


def _cells(values: list[str]) -> bytes:
    return "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in values).encode()


_HEADER = b"<row>" + _cells(["题型", "题干", "选项A", "选项B", "答案"]) + b"</row>"
_GOOD = b"<row>" + _cells(["单选", "巡视组应当在几日内报告？", "七日", "十五日", "A"]) + b"</row>"


def _sheet(*chunks: bytes, dimension: str = "") -> Callable[[IO[bytes]], None]:
    def write(stream: IO[bytes]) -> None:
        stream.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
        if dimension:
            stream.write(f'<dimension ref="{dimension}"/>'.encode())
        stream.write(b"<sheetData>")
        for chunk in chunks:
            stream.write(chunk)
        stream.write(b"</sheetData></worksheet>")
    return write


def _import(app_context: AppContext, path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, int]:
    """Exit code, stderr and the number of questions in the bank after `import-bank`."""
    from main import main

    with app_context.session_factory()() as s:
        before = int(s.scalar(select(func.count()).select_from(QuestionRow)) or 0)
    app_context.dispose()
    capsys.readouterr()
    code = main(["--data-dir", str(app_context.data_dir), "import-bank", str(path)])
    err = capsys.readouterr().err
    with app_context.session_factory()() as s:
        after = int(s.scalar(select(func.count()).select_from(QuestionRow)) or 0)
    app_context.dispose()
    assert after == before  # nothing stored
    return code, err, after


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误："), err
    assert "Traceback" not in err
    return lines[0]


def test_a_bank_of_more_questions_than_the_bound_is_refused_at_once_naming_it(
    app_context: AppContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "多.xlsx"
    path.write_bytes(_raw_xlsx(_sheet(_HEADER, _GOOD * (MAX_BANK_QUESTIONS + 1))))
    code, err, _ = _import(app_context, path, capsys)
    assert code == 2
    assert f"超过{MAX_BANK_QUESTIONS}道题" in _one_line(err)


def test_blank_rows_and_a_forged_dimension_are_bounded_too(
    app_context: AppContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blank_rows = b"".join(f'<row r="{i}"/>'.encode() for i in range(3, MAX_SHEET_ROWS + 10))
    path = tmp_path / "空行.xlsx"
    path.write_bytes(_raw_xlsx(_sheet(_HEADER, _GOOD, blank_rows)))
    code, err, _ = _import(app_context, path, capsys)
    assert code == 2 and f"超过{MAX_SHEET_ROWS}行" in _one_line(err)
    # A sheet that declares a million rows and sixteen thousand columns but holds two is read as two rows.
    small = tmp_path / "声明.xlsx"
    small.write_bytes(_raw_xlsx(_sheet(_HEADER, _GOOD, dimension="A1:XFD1048576")))
    parsed = read_bank_xlsx(small)
    assert [q.stem for q in parsed.questions] == ["巡视组应当在几日内报告？"] and not parsed.problems


def test_a_part_that_unpacks_too_large_is_refused_before_it_is_parsed(
    app_context: AppContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bomb = b'<?xml version="1.0"?><styleSheet xmlns="x">' + b" " * (MAX_XLSX_PART_BYTES + 1) + b"</styleSheet>"
    path = tmp_path / "炸弹.xlsx"
    path.write_bytes(_raw_xlsx(_sheet(_HEADER, _GOOD), extra={"xl/styles.xml": bomb}))
    assert path.stat().st_size < 1_000_000
    code, err, _ = _import(app_context, path, capsys)
    assert code == 2
    line = _one_line(err)
    assert "xl/styles.xml" in line and f"上限为{MAX_XLSX_PART_BYTES // 1_000_000} MB" in line


_SHARED_STRINGS_TYPE = (b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                        b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>')


def test_many_tiny_cells_or_texts_within_the_size_limit_are_refused_before_they_are_parsed(
    app_context: AppContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tiny = b"<row>" + b"<c><v>1</v></c>" * 1000 + b"</row>"
    path = tmp_path / "小格.xlsx"
    path.write_bytes(_raw_xlsx(_sheet(_HEADER, tiny * (MAX_XLSX_CELLS // 1000 + 1))))
    code, err, _ = _import(app_context, path, capsys)
    assert code == 2 and f"单元格超过{MAX_XLSX_CELLS}个的上限" in _one_line(err)

    template = zipfile.ZipFile(io.BytesIO(_raw_xlsx(_sheet(_HEADER, _GOOD))))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in template.infolist():
            data = template.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", _SHARED_STRINGS_TYPE)
            target.writestr(item, data)
        target.writestr("xl/sharedStrings.xml", b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                        + b"<si><t>a</t></si>" * (MAX_XLSX_SHARED_STRINGS + 1) + b"</sst>")
    path = tmp_path / "文字.xlsx"
    path.write_bytes(out.getvalue())
    code, err, _ = _import(app_context, path, capsys)
    assert code == 2 and f"文字条目超过{MAX_XLSX_SHARED_STRINGS}个的上限" in _one_line(err)


@pytest.mark.parametrize("bad_cell", [
    b'<c t="n"><v>not-a-number</v></c>',  # a number that is not one
    b'<c t="d"><v>2024-99-99T99:00:00</v></c>',  # a date that is not one
    b'<c t="s"><v>99999</v></c>',  # a shared string that does not exist
    b'<c t="b"><v>yes</v></c>',  # a boolean that is not one
], ids=["number", "date", "shared-string", "boolean"])
def test_a_malformed_cell_is_one_line_not_a_traceback(
    app_context: AppContext, tmp_path: Path, capsys: pytest.CaptureFixture[str], bad_cell: bytes
) -> None:
    path = tmp_path / "坏格.xlsx"
    path.write_bytes(_raw_xlsx(_sheet(_HEADER, _GOOD * 3, b"<row>" + _cells(["单选"]) + bad_cell + b"</row>", _GOOD)))
    code, err, _ = _import(app_context, path, capsys)
    assert code == 2
    assert "无法读取" in _one_line(err)


def test_the_problem_explainer_streams_instead_of_loading_the_sheet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from openpyxl import reader

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["题型", "题干", "选项A", "选项B", "答案", "专题"])
    sheet.append(["单选", "甲？", "甲", "乙", "A", "合并的专题"])
    sheet.append(["单选", "乙？", "甲", "乙", "Z", None])
    sheet.merge_cells("F2:F3")
    sheet.append(["单选", "丙？", "甲", "乙", "=A1", None])
    path = tmp_path / "合并.xlsx"
    workbook.save(path)
    opened: list[bool] = []
    real_load = reader.excel.load_workbook

    def spy(*args: Any, **kwargs: Any) -> Any:
        opened.append(bool(kwargs.get("read_only")))
        return real_load(*args, **kwargs)

    monkeypatch.setattr("openpyxl.load_workbook", spy)
    parsed = read_bank_xlsx(path)
    assert opened == [True]  # one streaming open; the explanation streams the sheet's XML, not openpyxl
    assert parsed.problems == (
        "第3行：专题是合并单元格（请取消合并，在每一行分别填写）",
        "第4行：答案是公式，但文件中没有保存计算结果（请用Excel打开并保存后再导入，或把公式换成文字）",
    )


def _fail_midway(monkeypatch: pytest.MonkeyPatch) -> None:
    """Saving a workbook writes part of the file, then the disk is full."""
    def full_disk(self: Any, target: Any) -> None:
        target.write(b"PK\x03\x04 half a workbook")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Workbook, "save", full_disk)


def test_a_full_disk_leaves_no_truncated_export_and_no_temporary_file(
    app_context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from main import main

    out_dir = tmp_path / "out"
    out_dir.mkdir()
    _fail_midway(monkeypatch)
    code = main(["--data-dir", str(app_context.data_dir), "export-bank", str(out_dir / "题库.xlsx")])
    assert code == 2
    assert "磁盘已满" in _one_line(capsys.readouterr().err)
    assert list(out_dir.iterdir()) == []
    (out_dir / "模板.xlsx").write_bytes(b"old template")
    with pytest.raises(UserError, match="磁盘已满"):
        excel.save_template_xlsx(out_dir / "模板.xlsx")
    assert (out_dir / "模板.xlsx").read_bytes() == b"old template"
    assert [p.name for p in out_dir.iterdir()] == ["模板.xlsx"]


def test_text_with_control_characters_is_written_without_them(tmp_path: Path, now: dt.datetime,
                                                                session_factory: sessionmaker[Session]) -> None:
    with session_factory() as s, s.begin():
        store_questions(s, [ParsedQuestion(row=2, type=QuestionType.JUDGE, stem="巡视\x01是\x1b政治监督。", options=None,
                                           answer=True, answer_text="正确", explanation="", topic="", difficulty=2)],
                        now=now)
    with session_factory() as s:
        excel.export_bank_xlsx(s, tmp_path / "x.xlsx")
    assert "巡视是政治监督。" in _all_text(tmp_path / "x.xlsx")


def test_a_workbook_of_thousands_of_parts_is_refused(tmp_path: Path) -> None:
    from trainer.excel import MAX_XLSX_PARTS

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for i in range(MAX_XLSX_PARTS + 1):
            target.writestr(f"xl/media/{i}.bin", b"")
    path = tmp_path / "碎.xlsx"
    path.write_bytes(out.getvalue())
    with pytest.raises(UserError, match=f"组成部分过多（{MAX_XLSX_PARTS + 1}个），上限为{MAX_XLSX_PARTS}个"):
        read_bank_xlsx(path)


def test_parts_of_many_small_elements_are_refused_before_openpyxl_builds_them(tmp_path: Path) -> None:
    from trainer.excel import MAX_XLSX_ELEMENTS, MAX_XLSX_LOADED_PART_ELEMENTS

    xf = b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    styles = (b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs>'
              + xf * MAX_XLSX_LOADED_PART_ELEMENTS + b"</cellXfs></styleSheet>")
    path = tmp_path / "样式.xlsx"
    path.write_bytes(_raw_xlsx(_sheet(_HEADER, _GOOD), extra={"xl/styles.xml": styles}))
    with pytest.raises(UserError, match=f"“xl/styles.xml”部分的条目超过{MAX_XLSX_LOADED_PART_ELEMENTS}个的上限"):
        read_bank_xlsx(path)
    path = tmp_path / "杂.xlsx"  # elements the sheet parser skips still cost a pass each
    path.write_bytes(_raw_xlsx(_sheet(b"<x/>" * MAX_XLSX_ELEMENTS, _HEADER, _GOOD)))
    with pytest.raises(UserError, match=f"内容条目超过{MAX_XLSX_ELEMENTS}个的上限"):
        read_bank_xlsx(path)
