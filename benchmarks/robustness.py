"""Hostile files: seconds and peak memory until each is refused (targets: under 5 s and 500 MB each).

Every file is small on disk but was built to exhaust memory or time within the size limit: a .docx whose
styles part unpacks to gigabytes, a .docx or text of half a million paragraphs, workbooks of millions of rows,
workbooks of millions of tiny cells or texts within the unpacked size limit, a paper of 100,000 questions, a
result file nested 100,000 deep. Each is given to the command a user would run, in a fresh process, on a
scratch data directory.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

from figures import ROOT, Figure

TIMEOUT_S = 60
# Run the command in-process and report the process's own peak memory: VmHWM from /proc, in KiB (ru_maxrss
# would carry the forking benchmark's own peak across exec).
_RUNNER = (
    "import sys\n"
    "sys.path.insert(0, sys.argv[1])\n"
    "from main import main\n"
    "try:\n"
    "    code = main(sys.argv[2:])\n"
    "finally:\n"
    "    peak = next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM:'))\n"
    "    print('exit', 'x', peak, file=sys.stderr)\n"
)


def _docx(body: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    import docx

    template = io.BytesIO()
    docx.Document().save(template)
    source = zipfile.ZipFile(io.BytesIO(template.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                head, tail = data.split(b"<w:body>", 1)
                data = head + b"<w:body>" + body + b"<w:sectPr" + tail.split(b"<w:sectPr", 1)[1]
            if extra and item.filename in extra:
                data = extra[item.filename]
            target.writestr(item, data)
    return out.getvalue()


def _xlsx(rows: int, *, bad_row_at: int | None = None) -> bytes:
    """A workbook of `rows` bank rows written as raw sheet XML (openpyxl would take minutes to write it)."""
    from openpyxl import Workbook

    template = io.BytesIO()
    Workbook().save(template)
    source = zipfile.ZipFile(io.BytesIO(template.getvalue()))
    out = io.BytesIO()
    header = ["题型", "题干", "选项A", "选项B", "选项C", "选项D", "答案", "解析", "专题", "难度"]

    def cells(values: list[str]) -> str:
        return "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in values)

    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                target.writestr(item, source.read(item.filename))
                continue
            with target.open(item.filename, "w") as sheet:
                sheet.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
                sheet.write(f"<row>{cells(header)}</row>".encode())
                good = f"<row>{cells(['单选', '巡视组应当在几日内报告？', '七日', '十五日', '三十日', '六十日', 'C', '', '巡视', '2'])}</row>".encode()
                bad = f"<row>{cells(['单选', '无答案', '甲', '乙', '', '', 'Z', '', '巡视', '9'])}</row>".encode()
                chunk = good * 1000
                written = 0
                while written < rows:
                    if bad_row_at is not None and written <= bad_row_at < written + 1000:
                        sheet.write(good * (bad_row_at - written) + bad + good * (999 - (bad_row_at - written)))
                    else:
                        sheet.write(chunk)
                    written += 1000
                sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def _xlsx_tiny(cells: int = 0, shared_strings: int = 0) -> bytes:
    """A workbook within the file and part size limits whose sheet holds `cells` one-digit cells, or whose shared
    string table holds `shared_strings` one-letter texts (openpyxl parses each at about 20 µs)."""
    from openpyxl import Workbook

    template = io.BytesIO()
    Workbook().save(template)
    source = zipfile.ZipFile(io.BytesIO(template.getvalue()))
    out = io.BytesIO()
    header = "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in ("题型", "题干", "答案")).encode()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml" and shared_strings:
                data = data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
            if item.filename != "xl/worksheets/sheet1.xml":
                target.writestr(item, data)
                continue
            with target.open(item.filename, "w") as sheet:
                sheet.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
                sheet.write(b"<row>" + header + b"</row>")
                row = b"<row>" + b"<c><v>1</v></c>" * 1000 + b"</row>"
                for _ in range(cells // 1000):
                    sheet.write(row)
                sheet.write(b"</sheetData></worksheet>")
        if shared_strings:
            with target.open("xl/sharedStrings.xml", "w") as table:
                table.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
                for _ in range(shared_strings // 1000):
                    table.write(b"<si><t>a</t></si>" * 1000)
                table.write(b"</sst>")
    return out.getvalue()


def _xlsx_styles(formats: int) -> bytes:
    """A workbook whose styles part holds `formats` cell formats (openpyxl builds each, about 70 µs, on opening)."""
    from openpyxl import Workbook

    template = io.BytesIO()
    Workbook().save(template)
    source = zipfile.ZipFile(io.BytesIO(template.getvalue()))
    out = io.BytesIO()
    xf = b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != "xl/styles.xml":
                target.writestr(item, source.read(item.filename))
                continue
            with target.open(item.filename, "w") as styles:
                styles.write(b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs>')
                for _ in range(formats // 1000):
                    styles.write(xf * 1000)
                styles.write(b"</cellXfs></styleSheet>")
    return out.getvalue()


def _paper(folder: Path, questions: int) -> Path:
    """A paper file of `questions` questions within the paper size limit, so that it tests the question bound.

    The header (format, uid, title, times) is a real paper's made by the app; every question is a minimal
    judge question (`{"key":7,"type":"judge","stem":"对","answer":true}`, about 50 bytes), so 100,000 of them
    stay well under the 10 MB paper file limit instead of being refused for their size.
    """
    from trainer.paper_file import MAX_PAPER_FILE_BYTES

    data_dir = folder / "paper-data"
    small = folder / "small.xxpaper.json"
    subprocess.run([sys.executable, "main.py", "--data-dir", str(data_dir), "make-paper", str(small), "--title", "测试",
                    "--single", "5", "--seed", "1"], cwd=ROOT, check=True, capture_output=True)
    paper = json.loads(small.read_text(encoding="utf-8"))
    paper["questions"] = [{"key": i + 1, "type": "judge", "stem": "对", "answer": True} for i in range(questions)]
    big = folder / "huge.xxpaper.json"
    big.write_text(json.dumps(paper, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    assert big.stat().st_size < MAX_PAPER_FILE_BYTES, "the paper must stay under the size limit to test the count"
    return big


def _hostile_files(folder: Path) -> Iterator[tuple[str, list[str]]]:
    """(figure name, command line) for each hostile file, built in `folder`."""
    styles = folder / "styles-bomb.docx"
    styles.write_bytes(_docx(b"<w:p><w:r><w:t>x</w:t></w:r></w:p>",
                             extra={"word/styles.xml": b"<w:styles>" + b" " * 400_000_000 + b"</w:styles>"}))
    yield "docx_styles_bomb", ["import-doc", str(styles)]
    paragraphs = folder / "paragraphs.docx"
    paragraphs.write_bytes(_docx(b"<w:p/>" * 550_000))
    yield "docx_550k_paragraphs", ["import-doc", str(paragraphs)]
    lines = folder / "lines.txt"
    lines.write_text("巡视\n" * 550_000, encoding="utf-8")
    yield "text_550k_lines", ["import-doc", str(lines)]
    rows = folder / "rows-4m.xlsx"
    rows.write_bytes(_xlsx(4_000_000))
    yield "xlsx_4m_rows", ["import-bank", str(rows)]
    bad = folder / "rows-2m-bad.xlsx"
    bad.write_bytes(_xlsx(2_000_000, bad_row_at=1_999_000))
    yield "xlsx_2m_rows_one_bad", ["import-bank", str(bad)]
    cells = folder / "tiny-cells.xlsx"
    cells.write_bytes(_xlsx_tiny(cells=1_900_000))  # 30 MB unpacked: under the 32 MB part limit
    yield "xlsx_1900k_tiny_cells", ["import-bank", str(cells)]
    strings = folder / "tiny-strings.xlsx"
    strings.write_bytes(_xlsx_tiny(shared_strings=1_800_000))  # 31 MB unpacked
    yield "xlsx_1800k_shared_strings", ["import-bank", str(strings)]
    formats = folder / "styles-500k.xlsx"
    formats.write_bytes(_xlsx_styles(500_000))  # 31 MB unpacked
    yield "xlsx_500k_cell_formats", ["import-bank", str(formats)]
    paper = _paper(folder, 100_000)
    yield "paper_100k_questions", ["print-paper", str(paper), str(folder / "out.pdf")]
    results = folder / "results"
    results.mkdir()
    (results / "nested.xxresult.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (results / "huge-int.xxresult.json").write_text('{"format": "xunxue-result", "version": ' + "9" * 5000 + "}")
    yield "results_nested_and_huge_int", ["collect-results", str(results)]


def _run(args: list[str], data_dir: Path) -> tuple[float, float, str]:
    """Seconds, peak MB and the last line of stderr of one command in a fresh process."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    start = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-c", _RUNNER, str(ROOT), "--data-dir", str(data_dir), *args],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return float(TIMEOUT_S), float("nan"), "timed out"
    seconds = time.perf_counter() - start
    lines = done.stderr.strip().splitlines()
    peak = next((float(line.split()[2]) / 1024 for line in reversed(lines) if line.startswith("exit ")), float("nan"))
    said = next((line for line in lines if line.startswith("错误") or "无法" in line), lines[0] if lines else "")
    return seconds, peak, said


def measure() -> Iterator[Figure]:
    """Seconds and peak memory until refusal, for each hostile file."""
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        data_dir = folder / "data"
        for name, args in _hostile_files(folder):
            seconds, peak, said = _run(args, data_dir)
            print(f"# {name}: {said}", file=sys.stderr)
            yield Figure(f"refuse_{name}_s", seconds, "s", "< 5")
            yield Figure(f"refuse_{name}_peak_mb", peak, "MB", "< 500")
