"""Tests for question_bank/cli.py through main.main: import-doc, export-bank, bank-stats and bad input."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from main import main
from tests.conftest import SHARED_DIR


def run(capsys: pytest.CaptureFixture[str], data_dir: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data_dir), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_stats_import_and_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    code, out, _ = run(capsys, data, "bank-stats")
    assert code == 0 and "（内置）：15个专题" in out and "校验报告" in out
    assert "巡视工作原则：题目" in out and "连线题" in out and ("剔除：" in out) == ("剔除0道" not in out)
    code, out, _ = run(capsys, data, "import-doc", str(SHARED_DIR / "corpus" / "source_raw.txt"), "--title", "导入")
    assert code == 0 and "共2篇文档" in out and "单选题" in out
    code, out, _ = run(capsys, data, "export-bank", str(tmp_path / "bank.json"))
    exported = json.loads((tmp_path / "bank.json").read_text(encoding="utf-8"))
    assert code == 0 and len(exported["documents"]) == 3 and exported["format"] == "xunxue-bank"


def test_bad_input_exits_2_with_one_chinese_line_and_changes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    assert run(capsys, data, "export-bank", str(tmp_path / "before.json"))[0] == 0
    bad = {
        "empty.txt": b"",
        "binary.txt": bytes(range(256)) * 40,
        "undecodable.txt": "巡视工作".encode("utf-8") + b"\xff\xfe\x80\x81" * 50,
    }
    docx = tmp_path / "fake.txt"
    import docx as python_docx

    document = python_docx.Document()
    document.add_paragraph("巡视工作条例")
    document.save(str(tmp_path / "real.docx"))
    docx.write_bytes((tmp_path / "real.docx").read_bytes())
    for name, content in bad.items():
        (tmp_path / name).write_bytes(content)
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    for path in [*(tmp_path / n for n in bad), docx, huge, tmp_path / "missing.txt"]:
        code, out, err = run(capsys, data, "import-doc", str(path))
        assert code == 2, path
        assert err.startswith("错误：") and err.count("\n") == 1 and out == ""
    os.remove(huge)
    assert run(capsys, data, "export-bank", str(tmp_path / "after.json"))[0] == 0
    assert (tmp_path / "before.json").read_bytes() == (tmp_path / "after.json").read_bytes()
