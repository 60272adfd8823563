"""Reading and writing the app's files: a size limit and Chinese errors on reading, write-then-rename on writing.

Every file the app writes (JSON, Excel) goes through `write_file_atomically`: a temporary file in the same
folder, flushed to disk, then renamed over the target, so a full disk or a crash never leaves a truncated file
(nor a stray temporary one). Readers refuse what Python's own parser cannot hold (nesting deeper than the
interpreter's stack, integers of more than 4,300 digits) with the same one line as any other broken file, and
the field readers below bound every number and date so nothing read can overflow a database column.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from foundation.errors import UserError, os_error_text

# Whole numbers read from files fit a signed 64-bit database column with room to spare (2**53: also exact as
# a JSON float); every field passes a tighter bound where it has one.
MAX_WHOLE = 2**53
# Dates read from files: anything outside these years is a forged or broken file, and dates near
# datetime's own limits overflow on the first time-zone conversion or subtraction.
EARLIEST_YEAR = 1990
LATEST_YEAR = 2200
PARTIAL_SUFFIX = ".partial"


def write_file_atomically(path: Path, write: Callable[[IO[bytes]], None], *, what: str) -> None:
    """Write a file through a temporary file in the same folder, flushed to disk and renamed into place.

    On any failure the target keeps its old content (or stays absent) and the temporary file is removed.

    Args:
        path: where the file goes.
        write: writes the whole content to the binary stream it is given.
        what: the kind of file in Chinese (`试卷文件`), for the error message.

    Raises:
        UserError: the file cannot be written (`无法写入试卷文件：路径（磁盘已满）`).
    """
    partial = path.with_name(path.name + PARTIAL_SUFFIX)
    try:
        with partial.open("wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        partial.replace(path)
    except OSError as error:
        _remove(partial)
        raise UserError(f"无法写入{what}：{path}（{os_error_text(error)}）") from error
    except BaseException:
        _remove(partial)
        raise


def _remove(partial: Path) -> None:
    try:
        partial.unlink(missing_ok=True)
    except OSError:  # e.g. the "file" is a folder the user named; nothing of ours to clean up
        pass


def write_json_file(data: Any, path: Path, *, what: str) -> None:
    """Write `data` as UTF-8 JSON through a temporary file renamed into place, so no half-written file is left.

    Args:
        data: JSON-ready data.
        path: where the file goes.
        what: the kind of file in Chinese (`试卷文件`), for the error message.

    Raises:
        UserError: the file cannot be written (`无法写入试卷文件：路径（磁盘已满）`).
    """
    def dump(stream: IO[bytes]) -> None:
        stream.write(json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))

    write_file_atomically(path, dump, what=what)


def read_json_file(path: Path, *, what: str, max_bytes: int) -> Any:
    """The JSON content of a file (a byte-order mark is allowed).

    Raises:
        UserError: missing (`找不到试卷文件：路径`), not a regular file, too large, unreadable or not JSON
            (including nesting too deep for the parser and integers of more than 4,300 digits).
    """
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):  # a folder, or a FIFO that would block the read forever
            raise UserError(f"不是{what}（这是一个文件夹或特殊文件）：{path}")
        if status.st_size > max_bytes:
            raise UserError(f"文件过大，不是{what}：{path.name}")
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError as error:
        raise UserError(f"找不到{what}：{path}") from error
    except (OSError, ValueError, RecursionError) as error:  # ValueError: JSONDecodeError, UnicodeDecodeError, int digits
        raise UserError(f"无法读取{what}（不是有效的JSON）：{path.name}") from error


class FieldError(ValueError):
    """A field of a file that has the wrong type or is out of range; `what` names it in Chinese."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


def is_number(value: Any) -> bool:
    """A finite JSON number (booleans are not numbers here)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def whole(value: Any, what: str, *, low: int = 0, high: int | None = None) -> int:
    """A whole JSON number within [low, high] (no text, no booleans, no fractions); `high` is at most MAX_WHOLE."""
    if not is_number(value) or value != int(value):
        raise FieldError(what)
    number = int(value)
    if number < low or number > (MAX_WHOLE if high is None else min(high, MAX_WHOLE)):
        raise FieldError(what)
    return number


def real(value: Any, what: str, *, low: float = 0.0, high: float = math.inf) -> float:
    """A finite JSON number within [low, high]."""
    if not is_number(value) or not low <= value <= high:
        raise FieldError(what)
    return float(value)


def flag(value: Any, what: str) -> bool:
    """A JSON boolean."""
    if not isinstance(value, bool):
        raise FieldError(what)
    return value


def text(value: Any, what: str, *, limit: int, required: bool = False) -> str:
    """A JSON string of at most `limit` characters (None reads as ""; `required` refuses blank text)."""
    if value is None:
        value = ""
    if not isinstance(value, str) or len(value) > limit or (required and not value.strip()):
        raise FieldError(what)
    return value


def moment(value: Any, what: str) -> dt.datetime:
    """An ISO time with a time zone between EARLIEST_YEAR and LATEST_YEAR, as an aware UTC datetime."""
    if not isinstance(value, str) or len(value) > 64:
        raise FieldError(what)
    try:
        parsed = dt.datetime.fromisoformat(value)
        if parsed.tzinfo is None:
            raise FieldError(what)
        utc = parsed.astimezone(dt.timezone.utc)
    except (ValueError, OverflowError) as error:  # 9999-12-31T23:59:59-01:00 overflows on conversion
        raise FieldError(what) from error
    if not EARLIEST_YEAR <= utc.year < LATEST_YEAR:
        raise FieldError(what)
    return utc
