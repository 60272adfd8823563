"""Reading and writing the app's JSON files: a size limit and Chinese errors on reading, write-then-rename on writing."""

from __future__ import annotations

import datetime as dt
import json
import math
import os
from pathlib import Path
from typing import Any

from foundation.errors import UserError, os_error_text


def write_json_file(data: Any, path: Path, *, what: str) -> None:
    """Write `data` as UTF-8 JSON through a temporary file renamed into place, so no half-written file is left.

    Args:
        data: JSON-ready data.
        path: where the file goes.
        what: the kind of file in Chinese (`试卷文件`), for the error message.

    Raises:
        UserError: the file cannot be written (`无法写入试卷文件：路径（磁盘已满）`).
    """
    partial = path.with_name(path.name + ".partial")
    try:
        with partial.open("w", encoding="utf-8") as stream:
            json.dump(data, stream, ensure_ascii=False, indent=1)
            stream.flush()
            os.fsync(stream.fileno())
        partial.replace(path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise UserError(f"无法写入{what}：{path}（{os_error_text(error)}）") from error


def read_json_file(path: Path, *, what: str, max_bytes: int) -> Any:
    """The JSON content of a file (a byte-order mark is allowed).

    Raises:
        UserError: missing (`找不到试卷文件：路径`), too large, unreadable or not JSON.
    """
    try:
        if path.stat().st_size > max_bytes:
            raise UserError(f"文件过大，不是{what}：{path.name}")
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError as error:
        raise UserError(f"找不到{what}：{path}") from error
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
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
    """A whole JSON number within [low, high] (no text, no booleans, no fractions)."""
    if not is_number(value) or value != int(value):
        raise FieldError(what)
    number = int(value)
    if number < low or (high is not None and number > high):
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
    """An ISO time with a time zone, as an aware UTC datetime."""
    if not isinstance(value, str):
        raise FieldError(what)
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError as error:
        raise FieldError(what) from error
    if parsed.tzinfo is None:
        raise FieldError(what)
    return parsed.astimezone(dt.timezone.utc)
