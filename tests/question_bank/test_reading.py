"""Tests for question_bank/reading.py: size limit, file-type checks, decoding and Word documents."""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import docx
import pytest

from foundation.errors import UserError
from question_bank.builtin import RAW_SOURCE
from question_bank.reading import (
    MAX_FILE_BYTES,
    DocumentError,
    decode_document,
    read_document_bytes,
)

RAW_BYTES = RAW_SOURCE.read_bytes()
RAW_TEXT = RAW_BYTES.decode("utf-8")
PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"


def make_docx(*, title: str = "巡视工作条例学习", heading: str = "第一部分", body: list[str] | None = None) -> bytes:
    document = docx.Document()
    document.add_heading(title, level=1)
    document.add_paragraph("近日，中共中央印发新修订的《中国共产党巡视工作条例》。")
    document.add_heading(heading, level=2)
    for text in body or ["巡视工作应当遵循5项原则。", "问：巡视整改期限是多久？", "答：6个月。"]:
        document.add_paragraph(text)
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "原期限"
    table.cell(0, 1).text = "2个月"
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def message(error: pytest.ExceptionInfo[DocumentError]) -> str:
    text = str(error.value)
    assert "\n" not in text
    return text


@pytest.mark.parametrize(
    "data",
    [RAW_BYTES, b"\xef\xbb\xbf" + RAW_BYTES, RAW_TEXT.encode("gb18030"), RAW_TEXT.encode("utf-16")],
    ids=["utf-8", "utf-8-bom", "gb18030", "utf-16"],
)
def test_every_supported_encoding_gives_the_same_text(data: bytes) -> None:
    assert decode_document(data, filename="source_raw.txt") == RAW_TEXT
    assert decode_document(data, filename="source_raw.md") == RAW_TEXT


def test_document_error_is_a_user_error() -> None:
    assert issubclass(DocumentError, UserError)


@pytest.mark.parametrize(
    ("data", "filename", "expected"),
    [
        (b"", "x.txt", "文件为空：x.txt"),
        (b" \n\r\n\t  \xc2\xa0\n", "blank.txt", "文件没有文字内容（只有空白）：blank.txt"),
        (PNG_HEADER + bytes(200), "x.txt", "这是一个PNG 图片，不是文本文件：x.txt"),
        (b"%PDF-1.7\n%\xe2\xe3", "x.txt", "这是一个PDF 文件，不是文本文件：x.txt"),
        (b"abc\x00def", "x.txt", "不是文本文件（可能是二进制文件）：x.txt"),
        (b"\xff\xfe\x00\xd8", "x.txt", "文件编码损坏（标记为 UTF-16，但内容无法解码）：x.txt"),
        (b"\x80\x80\x80\xff\xff", "x.txt", "无法识别文件编码（既不是 UTF-8 也不是 GB18030）：x.txt"),
        (b"%PDF-1.7", "x.pdf", "不支持的文件类型 .pdf（支持 .txt、.md、.docx）：x.pdf"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "x.doc", "不支持旧版 Word 文档 .doc，请另存为 .docx 或 .txt：x.doc"),
        ("巡視工作條例臺灣繁體中文測試，這是一段較長的文字。".encode("big5"), "big5.txt",
         "无法识别文件编码（既不是 UTF-8 也不是 GB18030），或不是文本文件：big5.txt"),
    ],
)
def test_bad_input_is_refused_with_one_line_naming_the_problem(data: bytes, filename: str, expected: str) -> None:
    with pytest.raises(DocumentError) as error:
        decode_document(data, filename=filename)
    assert message(error) == expected


def test_random_bytes_are_refused() -> None:
    rng = random.Random(7)
    for _ in range(50):
        data = bytes(rng.randrange(256) for _ in range(rng.randrange(16, 400)))
        with pytest.raises(DocumentError):
            decode_document(data, filename="noise.txt")


def test_control_characters_mean_binary() -> None:
    with pytest.raises(DocumentError) as error:
        decode_document(("巡视" * 10 + "\x01\x02\x03\x04").encode(), filename="x.txt")
    assert message(error) == "不是文本文件（可能是二进制文件）：x.txt"


def test_a_real_docx_is_read_in_order_with_headings_as_lines() -> None:
    text = decode_document(make_docx(), filename="学习材料.docx")
    assert text.split("\n\n") == [
        "# 巡视工作条例学习",
        "近日，中共中央印发新修订的《中国共产党巡视工作条例》。",
        "## 第一部分",
        "巡视工作应当遵循5项原则。",
        "问：巡视整改期限是多久？",
        "答：6个月。",
        "原期限　2个月",
    ]


def test_docx_chapter_headings_stay_plain_lines() -> None:
    text = decode_document(make_docx(heading="第一章 总则", body=["第一条 为了规范巡视工作，制定本条例。"]), filename="r.docx")
    assert "\n\n第一章 总则\n\n第一条 为了规范巡视工作，制定本条例。" in text


def test_a_docx_renamed_txt_is_refused_with_the_right_message() -> None:
    with pytest.raises(DocumentError) as error:
        decode_document(make_docx(), filename="学习材料.txt")
    assert message(error) == "这是一个 Word 文档（.docx），但扩展名是 .txt：学习材料.txt"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"just some text", "不是有效的 Word 文档（.docx）：bad.docx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "这是旧版 Word 文档（.doc）或加密文档，请另存为 .docx：bad.docx"),
        (make_docx()[:600], "Word 文档已损坏，无法读取：bad.docx"),
    ],
    ids=["text", "ole", "truncated"],
)
def test_a_damaged_docx_is_refused(data: bytes, expected: str) -> None:
    with pytest.raises(DocumentError) as error:
        decode_document(data, filename="bad.docx")
    assert message(error) == expected


def test_a_zip_without_a_word_document_is_refused() -> None:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        archive.writestr("hello.txt", "你好")
    with pytest.raises(DocumentError) as error:
        decode_document(stream.getvalue(), filename="a.docx")
    assert message(error) == "不是 Word 文档（压缩包里没有正文部分）：a.docx"
    with pytest.raises(DocumentError) as error:
        decode_document(stream.getvalue(), filename="a.txt")
    assert message(error) == "这是一个压缩文件（ZIP），不是文本文件：a.txt"


def test_a_docx_with_damaged_xml_is_refused() -> None:
    source = zipfile.ZipFile(io.BytesIO(make_docx()))
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        for item in source.infolist():
            data = source.read(item)
            archive.writestr(item, data[:50] if item.filename == "word/document.xml" else data)
    with pytest.raises(DocumentError) as error:
        decode_document(stream.getvalue(), filename="bad.docx")
    assert message(error) == "Word 文档已损坏，无法读取：bad.docx"


def test_a_50_mb_file_is_refused_by_its_size(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as stream:
        stream.truncate(50 * 1024 * 1024)  # sparse: nothing is written
    with pytest.raises(DocumentError) as error:
        read_document_bytes(big)
    assert message(error) == "文件过大（52.4 MB），上限为 20 MB：big.txt"
    assert MAX_FILE_BYTES == 20_000_000


def test_reading_files(tmp_path: Path) -> None:
    good = tmp_path / "a.txt"
    good.write_bytes(RAW_BYTES)
    assert read_document_bytes(good) == RAW_BYTES
    (tmp_path / "empty.txt").write_bytes(b"")
    cases = {
        tmp_path / "empty.txt": "文件为空：empty.txt",
        tmp_path / "missing.txt": f"找不到文件：{tmp_path / 'missing.txt'}",
        tmp_path: f"这是一个文件夹，不是文件：{tmp_path.name}",
    }
    for path, expected in cases.items():
        with pytest.raises(DocumentError) as error:
            read_document_bytes(path)
        assert message(error) == expected


def _docx_with_body(paragraphs: bytes, *, extra: dict[str, bytes] | None = None) -> bytes:
    """A valid .docx (python-docx's own template) whose body is replaced, plus extra parts."""
    import io
    import zipfile

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
                data = head + b"<w:body>" + paragraphs + b"<w:sectPr" + tail.split(b"<w:sectPr", 1)[1]
            target.writestr(item, data)
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return out.getvalue()


def test_a_docx_of_too_many_paragraphs_is_refused_before_parsing() -> None:
    from question_bank.reading import MAX_PARAGRAPHS

    data = _docx_with_body(b"<w:p/>" * (MAX_PARAGRAPHS + 1))
    assert len(data) < 200_000  # small on disk
    with pytest.raises(DocumentError, match=f"段落过多.*上限为{MAX_PARAGRAPHS}段"):
        decode_document(data, filename="many.docx")


def test_a_docx_whose_other_part_unpacks_huge_is_refused_naming_the_part() -> None:
    from question_bank.reading import MAX_DOCX_PART_BYTES

    styles = b"<w:styles>" + b" " * (MAX_DOCX_PART_BYTES + 1) + b"</w:styles>"
    data = _docx_with_body(b"<w:p><w:r><w:t>\xe5\xb7\xa1\xe8\xa7\x86</w:t></w:r></w:p>", extra={"word/huge.xml": styles})
    assert len(data) < 1_000_000
    with pytest.raises(DocumentError, match="word/huge.xml.*解压后过大"):
        decode_document(data, filename="bomb.docx")


def test_a_text_of_too_many_paragraphs_is_refused() -> None:
    from question_bank.reading import MAX_PARAGRAPHS

    with pytest.raises(DocumentError, match="段落过多"):
        decode_document("巡视\n".encode() * (MAX_PARAGRAPHS + 1), filename="lines.txt")


def test_a_pipe_or_a_folder_is_named_for_what_it_is(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(DocumentError, match="不是普通文件"):
        read_document_bytes(fifo)
    with pytest.raises(DocumentError, match="文件夹"):
        read_document_bytes(tmp_path)
