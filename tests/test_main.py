"""The launcher: help for every command, and no QApplication for command-line work."""

from __future__ import annotations

import pytest

import main


def _command_names() -> list[str]:
    parser = main.build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    assert subparsers.choices is not None
    return sorted(subparsers.choices)


def test_every_command_is_registered() -> None:
    assert set(_command_names()) >= {
        "import-doc", "export-bank", "bank-stats", "export-progress", "import-progress",
        "import-bank", "make-paper", "print-paper", "collect-results", "screenshots",
    }


@pytest.mark.parametrize("argv", [["--help"], *[[name, "--help"] for name in _command_names()]])
def test_help_prints_and_exits_cleanly(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main.main(argv)
    assert exit_info.value.code == 0
    assert "usage:" in capsys.readouterr().out
