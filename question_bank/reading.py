"""Reading an input file: size limit, file-type checks, text decoding (UTF-8, UTF-8 BOM, GB18030, UTF-16 BOM) and .docx."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from foundation.errors import UserError, os_error_text

if TYPE_CHECKING:
    from docx.table import Table

# 20 MB (decimal) is about seven million Chinese characters: far beyond any interview, regulation or
# speech, yet it refuses by size, before reading a byte, what could only be a mistake (a video, an archive).
MAX_FILE_BYTES = 20_000_000
TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text", ""})
WORD_SUFFIX = ".docx"
# A .docx is a ZIP: every part and all parts together are refused past these uncompressed sizes (a small
# file can unpack to gigabytes: a 3.9 MB file's styles part took 7.9 GB to parse), and its body past a number
# of paragraphs (95 KB of 550,000 empty paragraphs ran for over ten minutes). Real material is far below each.
MAX_DOCX_PART_BYTES = 40_000_000
MAX_DOCX_TOTAL_BYTES = 80_000_000
MAX_PARAGRAPHS = 10_000
_MAX_CONTROL_SHARE = 0.01  # more control characters than this and it is not text
_MIN_COMMON_SHARE = 0.9  # GB18030 text must be made mostly of common characters

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc, .xls
_MAGIC_NAMES = (
    (b"%PDF-", "PDF 文件"),
    (b"\x89PNG\r\n\x1a\n", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"GIF8", "GIF 图片"),
    (b"Rar!", "RAR 压缩包"),
    (b"7z\xbc\xaf\x27\x1c", "7z 压缩包"),
    (b"\x1f\x8b", "gzip 压缩包"),
    (b"{\\rtf", "RTF 文档"),
    (_OLE_MAGIC, "旧版 Office 文档（.doc/.xls），请另存为 .docx 或 .txt"),
)
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")


class DocumentError(UserError):
    """An input file that cannot be read as study material; the message is one line of Chinese."""


def read_document_bytes(path: Path) -> bytes:
    """Read a file's bytes, refusing a missing, empty or oversized file before reading it."""
    name = path.name
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise DocumentError(f"找不到文件：{path}") from None
    except OSError as error:
        raise DocumentError(f"无法读取文件（{os_error_text(error)}）：{name}") from None
    if path.is_dir():
        raise DocumentError(f"这是一个文件夹，不是文件：{name}")
    if not path.is_file():  # a pipe, socket or device: reading it could block or never end
        raise DocumentError(f"这不是普通文件（可能是管道或设备），无法导入：{name}")
    if size > MAX_FILE_BYTES:
        raise DocumentError(f"文件过大（{_megabytes(size)}），上限为 {MAX_FILE_BYTES // 1_000_000} MB：{name}")
    if size == 0:
        raise DocumentError(f"文件为空：{name}")
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise DocumentError(f"无法读取文件（{os_error_text(error)}）：{name}") from None
    if len(data) > MAX_FILE_BYTES:  # the file grew after stat
        raise DocumentError(f"文件过大，上限为 {MAX_FILE_BYTES // 1_000_000} MB：{name}")
    return data


def _megabytes(size: int) -> str:
    """A size as people read it: `52.4 MB`."""
    return f"{size / 1_000_000:.1f} MB"


def decode_document(data: bytes, *, filename: str) -> str:
    """Turn a file's bytes into text by its suffix (.txt/.md or .docx).

    Raises:
        DocumentError: unsupported type, binary content, unknown encoding, damaged .docx, or no text at all.
    """
    name = Path(filename).name
    suffix = Path(filename).suffix.lower()
    if len(data) > MAX_FILE_BYTES:
        raise DocumentError(f"文件过大（{_megabytes(len(data))}），上限为 {MAX_FILE_BYTES // 1_000_000} MB：{name}")
    if not data:
        raise DocumentError(f"文件为空：{name}")
    if suffix == WORD_SUFFIX:
        text = _decode_docx(data, name=name)
    elif suffix in TEXT_SUFFIXES:
        text = _decode_text(data, name=name, suffix=suffix)
    elif suffix == ".doc":
        raise DocumentError(f"不支持旧版 Word 文档 .doc，请另存为 .docx 或 .txt：{name}")
    else:
        raise DocumentError(f"不支持的文件类型 {suffix}（支持 .txt、.md、.docx）：{name}")
    if not text.strip():
        raise DocumentError(f"文件没有文字内容（只有空白）：{name}")
    paragraphs = sum(1 for line in text.splitlines() if line.strip())
    if paragraphs > MAX_PARAGRAPHS:
        raise DocumentError(f"文件段落过多（{paragraphs}段），上限为{MAX_PARAGRAPHS}段：{name}")
    return text


def _decode_text(data: bytes, *, name: str, suffix: str) -> str:
    if data.startswith(_ZIP_MAGIC):
        if _is_docx(data):
            raise DocumentError(f"这是一个 Word 文档（.docx），但扩展名是 {suffix or '（无）'}：{name}")
        raise DocumentError(f"这是一个压缩文件（ZIP），不是文本文件：{name}")
    for magic, kind in _MAGIC_NAMES:
        if data.startswith(magic):
            raise DocumentError(f"这是一个{kind}，不是文本文件：{name}")
    text = _decode_bytes(data, name=name)
    controls = len(_CONTROL.findall(text))
    if "\x00" in text or controls > _MAX_CONTROL_SHARE * len(text):
        raise DocumentError(f"不是文本文件（可能是二进制文件）：{name}")
    return text


def _decode_bytes(data: bytes, *, name: str) -> str:
    """UTF-8 (with or without BOM) strictly, UTF-16 with a BOM, else GB18030 if it reads as real text."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8", name=name)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16", name=name)
    if b"\x00" in data:
        raise DocumentError(f"不是文本文件（可能是二进制文件）：{name}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise DocumentError(f"无法识别文件编码（既不是 UTF-8 也不是 GB18030）：{name}") from None
    if not _reads_as_chinese(text):
        raise DocumentError(f"无法识别文件编码（既不是 UTF-8 也不是 GB18030），或不是文本文件：{name}")
    return text


def _reads_as_chinese(text: str) -> bool:
    """Whether nearly all non-ASCII characters are common ones (in GB2312), as in real Chinese text.

    Bytes of another encoding (Big5, Shift-JIS, Latin-1) often decode as GB18030 too, but into rare characters.
    """
    ascii_count = len(text.encode("ascii", errors="ignore"))
    others = len(text) - ascii_count
    common = (len(text.encode("gb2312", errors="ignore")) - ascii_count) // 2
    return others == 0 or common >= _MIN_COMMON_SHARE * others


def _strict(data: bytes, encoding: str, *, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise DocumentError(f"文件编码损坏（标记为 {encoding.upper()}，但内容无法解码）：{name}") from None


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _decode_docx(data: bytes, *, name: str) -> str:
    """Paragraphs and table rows in document order, one paragraph per block; headings become `#`/`##` lines."""
    if not data.startswith(_ZIP_MAGIC):
        if data.startswith(_OLE_MAGIC):
            raise DocumentError(f"这是旧版 Word 文档（.doc）或加密文档，请另存为 .docx：{name}")
        raise DocumentError(f"不是有效的 Word 文档（.docx）：{name}")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            archive.getinfo("word/document.xml")
            _check_docx_bounds(archive, name=name)
    except KeyError:
        raise DocumentError(f"不是 Word 文档（压缩包里没有正文部分）：{name}") from None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise DocumentError(f"Word 文档已损坏，无法读取：{name}") from None
    import docx  # python-docx is only needed for Word files
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
        blocks: list[str] = []
        for item in document.iter_inner_content():
            if isinstance(item, Table):
                blocks.extend(_table_rows(item))
                continue
            text = item.text.strip()
            heading = _is_heading_style(item.style.name if item.style is not None else "")
            if not text:
                continue
            if heading and not blocks:
                blocks.append(f"# {text}")  # the document's title
            elif heading and not _STRUCTURAL_HEADING.match(text):
                blocks.append(f"## {text}")  # a section; 第X章 headings stay plain for the regulation parser
            else:
                blocks.append(text)
    except Exception:  # python-docx raises many kinds (KeyError, ValueError, lxml errors) on damaged files
        raise DocumentError(f"Word 文档已损坏，无法读取：{name}") from None
    return "\n\n".join(blocks)


def _check_docx_bounds(archive: zipfile.ZipFile, *, name: str) -> None:
    """Refuse a .docx whose parts unpack too large, or whose body holds too many paragraphs, before parsing it."""
    parts = archive.infolist()
    largest = max(parts, key=lambda part: part.file_size)
    if largest.file_size > MAX_DOCX_PART_BYTES:
        raise DocumentError(f"Word 文档的“{largest.filename}”部分解压后过大（{_megabytes(largest.file_size)}），"
                            f"上限为 {MAX_DOCX_PART_BYTES // 1_000_000} MB：{name}")
    total = sum(part.file_size for part in parts)
    if total > MAX_DOCX_TOTAL_BYTES:
        raise DocumentError(f"Word 文档解压后过大（{_megabytes(total)}），上限为 {MAX_DOCX_TOTAL_BYTES // 1_000_000} MB：{name}")
    body = archive.read("word/document.xml")  # bounded above; a lying size header fails its CRC check instead
    paragraphs = body.count(b"<w:p>") + body.count(b"<w:p ") + body.count(b"<w:p/>")
    if paragraphs > MAX_PARAGRAPHS:
        raise DocumentError(f"Word 文档段落过多（{paragraphs}段），上限为{MAX_PARAGRAPHS}段：{name}")


_STRUCTURAL_HEADING = re.compile(r"第[一二三四五六七八九十百千零〇两\d]+[章节条编]")


def _is_heading_style(style_name: str) -> bool:
    """Whether a paragraph style is Title or Heading N (or the Chinese 标题, 标题 N)."""
    return re.fullmatch(r"(?:title|heading\s*\d|标题(?:\s*\d)?)", style_name.lower()) is not None


def _table_rows(table: Table) -> list[str]:
    """Each table row as one line, its cells separated by a full-width space."""
    rows: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(cell.text.split())
            if text and (not cells or cells[-1] != text):  # merged cells repeat their text
                cells.append(text)
        if cells:
            rows.append("　".join(cells))
    return rows
