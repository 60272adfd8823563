"""The app's JSON files: read with Chinese errors and a size limit, written whole or not at all."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import IO

import pytest

from foundation.errors import UserError
from foundation.json_files import FieldError, moment, read_json_file, whole, write_file_atomically, write_json_file


def test_a_file_is_written_then_renamed_and_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "卷.json"
    write_json_file({"题": [1, "二"]}, path, what="试卷文件")
    assert read_json_file(path, what="试卷文件", max_bytes=100) == {"题": [1, "二"]}
    assert [p.name for p in tmp_path.iterdir()] == ["卷.json"]


def test_a_failed_write_leaves_the_old_file_and_no_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "卷.json"
    write_json_file({"old": True}, path, what="试卷文件")

    def full_disk(self: Path, target: Path) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "replace", full_disk)
    with pytest.raises(UserError, match=r"^无法写入试卷文件：.*卷\.json（磁盘已满）$"):
        write_json_file({"new": True}, path, what="试卷文件")
    monkeypatch.undo()
    assert read_json_file(path, what="试卷文件", max_bytes=100) == {"old": True}
    assert [p.name for p in tmp_path.iterdir()] == ["卷.json"]


@pytest.mark.parametrize(("content", "message"), [
    (None, "^找不到成绩文件："),
    (b"{not json", r"^无法读取成绩文件（不是有效的JSON）：x\.json$"),
    (b"\xff\xfe\x00", r"^无法读取成绩文件（不是有效的JSON）：x\.json$"),
    (b"[" + b"1," * 100 + b"1]", r"^文件过大，不是成绩文件：x\.json$"),
])
def test_unreadable_files_are_refused_in_one_line(tmp_path: Path, content: bytes | None, message: str) -> None:
    path = tmp_path / "x.json"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(UserError, match=message):
        read_json_file(path, what="成绩文件", max_bytes=100)


def test_a_byte_order_mark_is_allowed(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_bytes(b"\xef\xbb\xbf[1]")
    assert read_json_file(path, what="成绩文件", max_bytes=100) == [1]


@pytest.mark.parametrize("content", [
    b"[" * 100_000 + b"]" * 100_000,  # deeper than the parser's stack (RecursionError)
    b'{"version": ' + b"9" * 5000 + b"}",  # more digits than int() converts (ValueError)
], ids=["nested", "huge-int"])
def test_what_the_parser_cannot_hold_is_refused_in_one_line(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.json"
    path.write_bytes(content)
    with pytest.raises(UserError, match=r"^无法读取成绩文件（不是有效的JSON）：x\.json$"):
        read_json_file(path, what="成绩文件", max_bytes=1_000_000)


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="^不是成绩文件（这是一个文件夹或特殊文件）"):
        read_json_file(tmp_path, what="成绩文件", max_bytes=100)


@pytest.mark.parametrize("value", [2**63, 2**53 + 1, -1, 1e300])
def test_whole_numbers_stay_within_a_database_column(value: object) -> None:
    with pytest.raises(FieldError):
        whole(value, "用时")
    assert whole(2**53, "用时") == 2**53


@pytest.mark.parametrize("value", [
    "9999-12-31T23:59:59-05:00",  # overflows on conversion to UTC
    "0001-01-01T00:00:00+05:00",  # underflows on conversion to UTC
    "1900-01-01T00:00:00+00:00",  # before any learner used the app
    "2999-01-01T00:00:00+00:00",
    "2026-01-01T00:00:00",  # no time zone
    "2026-01-01T00:00:00+00:00" + " " * 100,
])
def test_dates_outside_a_sane_range_are_field_errors(value: str) -> None:
    with pytest.raises(FieldError, match="导出时间"):
        moment(value, "导出时间")
    assert moment("2026-01-01T08:00:00+08:00", "导出时间") == dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)


def test_a_writer_that_fails_midway_leaves_neither_target_nor_temporary_file(tmp_path: Path) -> None:
    def half_then_full(stream: IO[bytes]) -> None:
        stream.write(b"half")
        raise OSError(28, "No space left on device")

    with pytest.raises(UserError, match=r"^无法写入文件：.*out\.bin（磁盘已满）$"):
        write_file_atomically(tmp_path / "out.bin", half_then_full, what="文件")
    assert list(tmp_path.iterdir()) == []

    def broken(stream: IO[bytes]) -> None:
        stream.write(b"half")
        raise RuntimeError("writer bug")

    with pytest.raises(RuntimeError):
        write_file_atomically(tmp_path / "out.bin", broken, what="文件")
    assert list(tmp_path.iterdir()) == []
