"""The data directory and database opening: Chinese messages for file errors."""

from __future__ import annotations

import errno

from foundation.errors import os_error_text


def test_file_errors_are_told_in_chinese() -> None:
    assert os_error_text(FileNotFoundError(errno.ENOENT, "No such file or directory")) == "找不到该文件或文件夹"
    assert os_error_text(PermissionError(errno.EACCES, "Permission denied")) == "没有访问权限"
    assert os_error_text(IsADirectoryError(errno.EISDIR, "Is a directory")) == "这是一个文件夹，不是文件"
    assert os_error_text(OSError(errno.EIO, "Input/output error")) == "Input/output error"  # rare ones as the system says
