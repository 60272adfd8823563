"""Text clean-up before structuring: whitespace, full-width punctuation in Chinese text, page-break repair."""

from __future__ import annotations

import re

# Han ideographs (BMP blocks and the supplementary planes) and the punctuation used in Chinese text.
CJK_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
CJK_PUNCT = "\u3001-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2014\u2018\u2019\u201c\u201d\u2026\u00b7"
_CHINESE = f"[{CJK_CHARS}{CJK_PUNCT}]"
_HAN = re.compile(f"[{CJK_CHARS}]")

_NEWLINES = re.compile("\r\n|[\r\u2028\u2029\x0b\x0c\x85]")
# Every space-like character becomes a plain space; zero-width characters and stray controls go.
_SPACE_TABLE = {code: " " for code in (0x09, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000)}
_DROP_TABLE = {code: None for code in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0xAD)}
_CONTROL_TABLE = {code: None for code in (*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F)}
# Full-width Latin letters and digits (ＡＢＣ１２３) are written half-width in Chinese typesetting.
_WIDE_ALNUM_TABLE = {
    code: code - 0xFEE0 for code in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))
}
_LINE_TABLE = str.maketrans({**_SPACE_TABLE, **_DROP_TABLE, **_CONTROL_TABLE, **_WIDE_ALNUM_TABLE})

_SPACES = re.compile(" {2,}")
_URL = re.compile(r"((?:https?|ftp)://[!-~]+|www\.[A-Za-z0-9][!-~]*)")
_FULL_WIDTH = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}
# An ASCII mark with Chinese on at least one side (spaces around it are dropped with it).
_MARK_IN_CHINESE = re.compile(f" *([,:;?!]) *(?={_CHINESE})|(?<={_CHINESE}) *([,:;?!]) *")
_PAREN_PAIR = re.compile(r"( *)\(([^()\n]*)\)( *)")
_DOUBLE_QUOTED = re.compile(r'"([^"\n]*)"')
_SINGLE_QUOTED = re.compile(r"(?<![A-Za-z])'([^'\n]*)'(?![A-Za-z])")
_IS_CHINESE = re.compile(_CHINESE)

# Page-break repair.
SENTENCE_END = frozenset("。！？；：…—”’」』）】》〉!?;:.)]")
_HEADING = re.compile(
    r"(?:#|第[一二三四五六七八九十百千零〇两\d]+[章节编条]|[一二三四五六七八九十]+、"
    r"|（[一二三四五六七八九十\d]+）|\d+[.．、](?!\d)|[-*+>|] |——|(?:\*\*)?\s*[问答]\s*[：:])"
)
_AGENCY = "新华社|中新社|人民日报|人民网|新华网|央视|光明日报|经济日报|来源|记者|编辑"
# `（新华社）`, `（据新华社）`, `（新华社记者 张三）`; a photo credit `（新华社记者 张三 摄）` is not a sign-off.
_SIGN_OFF = rf"[（(](?![^（）()\n]*摄)[^（）()\n]{{0,30}}(?:{_AGENCY})[^（）()\n]{{0,30}}[）)]"
_SIGN_OFF_LINE = re.compile(_SIGN_OFF)
TRAILING_SIGN_OFF = re.compile(rf"(?<=[。！？”])\s*{_SIGN_OFF}$")
"""A sign-off closing the last paragraph of an article: `……信任度。（据新华社）`."""
_INNER_PUNCT = re.compile("[，。；！？：、,;!?]")
TITLE_MAX_CHARS = 40


def normalize_text(text: str) -> str:
    """Unify newlines and spaces, blank out whitespace-only lines, and use full-width marks inside Chinese text."""
    lines = _NEWLINES.sub("\n", text).split("\n")
    return "\n".join(_normalize_line(line) for line in lines)


def _normalize_line(line: str) -> str:
    line = _SPACES.sub(" ", line.translate(_LINE_TABLE).strip())
    if not line:
        return ""
    parts = _URL.split(line)
    # Odd indices hold URLs, which stay exactly as written.
    parts[::2] = [_full_width_marks(part) for part in parts[::2]]
    return "".join(parts)


def _full_width_marks(segment: str) -> str:
    if not _IS_CHINESE.search(segment):
        return segment
    segment = _PAREN_PAIR.sub(_paren_pair, segment)
    segment = _DOUBLE_QUOTED.sub(lambda m: f"“{m[1]}”" if _HAN.search(m[1]) else m[0], segment)
    segment = _SINGLE_QUOTED.sub(lambda m: f"‘{m[1]}’" if _HAN.search(m[1]) else m[0], segment)
    return _MARK_IN_CHINESE.sub(lambda m: _FULL_WIDTH[m[1] or m[2]], segment)


def _paren_pair(match: re.Match[str]) -> str:
    text = match.string
    before = text[match.start() - 1] if match.start() > 0 else ""
    after = text[match.end()] if match.end() < len(text) else ""
    chinese_before = bool(before) and _IS_CHINESE.match(before) is not None
    chinese_after = bool(after) and _IS_CHINESE.match(after) is not None
    if not (_HAN.search(match[2]) or chinese_before or chinese_after):
        return match[0]
    lead = "" if chinese_before or not before else match[1]
    trail = "" if chinese_after or not after else match[3]
    return f"{lead}（{match[2].strip()}）{trail}"


def is_heading(paragraph: str) -> bool:
    """Whether a paragraph starts like a heading, a question/answer marker, a list item or a subtitle."""
    return _HEADING.match(paragraph) is not None or is_sign_off(paragraph)


def is_sign_off(paragraph: str) -> bool:
    """Whether a paragraph is an agency sign-off such as `（新华社）` or `（据新华社）`."""
    return len(paragraph) <= 60 and _SIGN_OFF_LINE.fullmatch(paragraph) is not None


def is_title_like(paragraph: str) -> bool:
    """Whether a paragraph looks like a title: short, one line, no punctuation inside."""
    return len(paragraph) <= TITLE_MAX_CHARS and "\n" not in paragraph and not _INNER_PUNCT.search(paragraph)


def _continues(parts: list[str], following: str) -> bool:
    """Whether `following` is the rest of the paragraph made of `parts`, cut off by a page break."""
    first, last = parts[0], parts[-1]
    if last[-1] in SENTENCE_END or is_heading(following):
        return False
    if is_heading(first) and not _ANSWER_OR_ARTICLE.match(first):
        return False
    return not (len(parts) == 1 and (is_title_like(first) or is_sign_off(first)))


# A paragraph opening with 问：/答：/第X条/一、 carries text of its own and may be continued.
_ANSWER_OR_ARTICLE = re.compile(
    r"(?:(?:\*\*)?\s*[问答]\s*[：:]|第[一二三四五六七八九十百千零〇两\d]+条|[一二三四五六七八九十]+、"
    r"|（[一二三四五六七八九十\d]+）|\d+[.．、](?!\d))"
)


def repair_page_breaks(text: str) -> str:
    """Join paragraphs that a page break split mid-sentence; headings, titles and sign-offs are never joined."""
    merged: list[list[str]] = []  # each paragraph as the pieces it is joined from
    gaps: list[int] = []  # newlines before each paragraph
    newlines = 0
    for line in text.split("\n"):
        if not line:
            newlines += 1
        elif merged and newlines == 0:
            merged[-1].append("\n" + line)  # another line of the same paragraph
        elif merged and _continues(merged[-1], line):
            merged[-1].append(_joiner(merged[-1][-1], line) + line)
        else:
            merged.append([line])
            gaps.append(newlines + 1 if len(merged) > 1 else newlines)
        if line:
            newlines = 0
    pieces: list[str] = []
    for parts, gap in zip(merged, gaps):
        pieces.append("\n" * gap)
        pieces.extend(parts)
    pieces.append("\n" * (newlines if merged else max(newlines - 1, 0)))
    return "".join(pieces)


def _joiner(previous: str, following: str) -> str:
    """No space between Chinese characters; one space between two Latin words."""
    if previous[-1].isascii() and previous[-1].isalnum() and following[0].isascii() and following[0].isalnum():
        return " "
    return ""


def clean_text(text: str) -> str:
    """Normalise, then repair page breaks."""
    return repair_page_breaks(normalize_text(text))
