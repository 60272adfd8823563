"""Tests for question_bank/cli.py through main.main: import-doc, export-bank, bank-stats and bad input."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from sqlalchemy import select

from main import main
from question_bank.builtin import RAW_SOURCE


def run(capsys: pytest.CaptureFixture[str], data_dir: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data_dir), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_stats_import_and_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    code, out, _ = run(capsys, data, "bank-stats")
    assert code == 0 and "（内置）：15个专题" in out and "校验报告" in out
    assert "巡视工作原则：题目" in out and "连线题" in out and ("剔除：" in out) == ("剔除0道" not in out)
    code, out, err = run(capsys, data, "import-doc", str(RAW_SOURCE), "--title", "导入")
    assert code == 2 and "已在题库中" in err and "--new-version" in err and out == ""  # the built-in text already
    code, out, _ = run(capsys, data, "import-doc", str(RAW_SOURCE), "--title", "导入", "--new-version")
    assert code == 0 and "共2篇文档" in out and "单选题" in out and "待审核" in out
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


def _snapshot(capsys: pytest.CaptureFixture[str], data: Path, tmp_path: Path) -> tuple[bytes, dict[str, object]]:
    assert run(capsys, data, "export-bank", str(tmp_path / "snap-bank.json"))[0] == 0
    assert run(capsys, data, "export-progress", str(tmp_path / "snap-progress.json"))[0] == 0
    progress = json.loads((tmp_path / "snap-progress.json").read_text(encoding="utf-8"))
    del progress["exported_at"]
    return (tmp_path / "snap-bank.json").read_bytes(), progress


def _power_cut(*args: object, **kwargs: object) -> None:
    raise RuntimeError("断电")


@pytest.mark.parametrize("command", ["import-doc", "import-bank", "import-progress"])
def test_an_import_that_fails_at_its_last_step_leaves_nothing_behind(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt

    from openpyxl import Workbook

    from foundation.data_dir import sqlite_url
    from question_bank import bank
    from question_bank.builtin import builtin_context
    from question_bank.models import FlashcardRow
    from study import transfer
    from study.learners import create_learner
    from study.scheduling import review_flashcard
    from study.types import Rating
    from trainer import excel
    from trainer.excel_format import HEADERS

    data = tmp_path / "data"
    now = dt.datetime(2026, 11, 27, 8, 0, tzinfo=dt.timezone.utc)
    context = builtin_context(data_dir=data, db_url=sqlite_url(data), clock=lambda: now)
    factory = context.session_factory()
    with factory() as s, s.begin():
        learner = create_learner(s, "张三", now=now)
        for card_id in s.scalars(select(FlashcardRow.id).order_by(FlashcardRow.id).limit(3)):
            review_flashcard(s, learner_id=learner.id, flashcard_id=card_id, rating=Rating.GOOD, now=now)
    context.dispose()
    before = _snapshot(capsys, data, tmp_path)

    if command == "import-doc":
        source = RAW_SOURCE
        monkeypatch.setattr(bank, "save_validation_report", _power_cut)  # after every topic and item is added
    elif command == "import-bank":
        source = tmp_path / "题库.xlsx"
        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        sheet.append(list(HEADERS))
        for i in range(5):
            sheet.append([{"题型": "判断", "题干": f"第{i + 1}道新题的说法正确。", "答案": "正确", "专题": f"新专题{i}"}.get(h)
                          for h in HEADERS])
        workbook.save(source)
        monkeypatch.setattr(excel, "BankImportReport", _power_cut)  # after every row is added and flushed
    else:
        source = tmp_path / "李四.json"
        progress = json.loads((tmp_path / "snap-progress.json").read_text(encoding="utf-8"))
        progress["learner"].update(uid="another-machine-learner", name="李四")
        source.write_text(json.dumps(progress, ensure_ascii=False), encoding="utf-8")
        monkeypatch.setattr(transfer, "mark_study_days", _power_cut)  # after the learner, states and logs are added
    again = ["--new-version"] if command == "import-doc" else []  # the raw file's interview is the built-in text
    with pytest.raises(RuntimeError, match="断电"):
        main(["--data-dir", str(data), command, str(source), *again])
    monkeypatch.undo()
    assert _snapshot(capsys, data, tmp_path) == before
    assert run(capsys, data, "export-progress", str(tmp_path / "out.json"), "--learner", "李四")[0] == 2
    assert run(capsys, data, command, str(source), *again)[0] == 0  # without the fault the same file imports
    if command == "import-progress":
        assert run(capsys, data, "export-progress", str(tmp_path / "out.json"), "--learner", "李四")[0] == 0
    else:
        assert _snapshot(capsys, data, tmp_path) != before


def test_a_data_dir_that_is_a_file_is_refused_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "data").write_text("不是文件夹", encoding="utf-8")
    code, _, err = run(capsys, tmp_path / "data", "bank-stats")
    assert code == 2 and err.startswith("错误：无法使用数据目录：") and err.count("\n") == 1
    assert (tmp_path / "data").read_text(encoding="utf-8") == "不是文件夹"
