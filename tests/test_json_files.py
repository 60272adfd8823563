"""The app's JSON files: read with Chinese errors and a size limit, written whole or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from foundation.errors import UserError
from foundation.json_files import read_json_file, write_json_file


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
