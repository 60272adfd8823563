"""Trainer commands on the command line need the trainer password once one is set."""

from __future__ import annotations

from pathlib import Path

import pytest

from foundation.data_dir import sqlite_url
from main import TRAINER_COMMANDS, main
from question_bank.builtin import builtin_context
from tests.conftest import FIXED_NOW
from trainer.auth import PASSWORD_ENV, set_trainer_password

PASSWORD = "巡视工作123"


def _data_dir_with_password(tmp_path: Path) -> Path:
    data_dir = tmp_path / "data"
    context = builtin_context(data_dir=data_dir, db_url=sqlite_url(data_dir), clock=lambda: FIXED_NOW)
    with context.session_factory()() as session, session.begin():
        set_trainer_password(session, PASSWORD)
    context.dispose()
    return data_dir


def test_every_command_that_changes_or_reveals_the_bank_is_gated() -> None:
    assert {"import-doc", "export-bank", "bank-stats", "import-bank", "make-paper", "print-paper",
            "collect-results"} <= TRAINER_COMMANDS
    assert not {"export-progress", "import-progress", "check-db", "screenshots"} & TRAINER_COMMANDS


@pytest.mark.parametrize("supplied", [None, "wrong-password"])
def test_export_bank_without_the_right_password_is_refused_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, supplied: str | None
) -> None:
    data_dir = _data_dir_with_password(tmp_path)
    if supplied is None:
        monkeypatch.delenv(PASSWORD_ENV, raising=False)
    else:
        monkeypatch.setenv(PASSWORD_ENV, supplied)
    target = tmp_path / "bank.json"
    assert main(["--data-dir", str(data_dir), "export-bank", str(target)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and ("培训管理密码" in err) and not target.exists()


def test_export_bank_with_the_password_in_the_environment_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = _data_dir_with_password(tmp_path)
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    target = tmp_path / "bank.json"
    assert main(["--data-dir", str(data_dir), "export-bank", str(target)]) == 0
    assert target.stat().st_size > 0 and "已导出题库" in capsys.readouterr().out


def test_a_learner_command_needs_no_password(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data_dir = _data_dir_with_password(tmp_path)
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    assert main(["--data-dir", str(data_dir), "check-db"]) == 0


def test_export_bank_to_an_unknown_format_names_the_formats_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = _data_dir_with_password(tmp_path)
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    target = tmp_path / "bank.csv"
    assert main(["--data-dir", str(data_dir), "export-bank", str(target)]) == 2
    err = capsys.readouterr().err
    assert ".json" in err and ".xlsx" in err and "“.csv”" in err and not target.exists()


def test_reset_trainer_password_lets_the_next_trainer_set_a_new_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = _data_dir_with_password(tmp_path)
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    assert main(["--data-dir", str(data_dir), "export-bank", str(tmp_path / "a.json")]) == 2
    assert main(["--data-dir", str(data_dir), "reset-trainer-password"]) == 0
    assert "已清除培训管理密码" in capsys.readouterr().out
    assert main(["--data-dir", str(data_dir), "export-bank", str(tmp_path / "a.json")]) == 0
    assert main(["--data-dir", str(data_dir), "reset-trainer-password"]) == 0
    assert "尚未设置培训管理密码" in capsys.readouterr().out
