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
        "import-bank", "make-paper", "print-paper", "collect-results", "screenshots", "reset-trainer-password",
    }


@pytest.mark.parametrize("argv", [["--help"], *[[name, "--help"] for name in _command_names()]])
def test_help_prints_and_exits_cleanly(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main.main(argv)
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：main.py")
    for english in ("usage", "positional arguments", "options:", "show this help", "optional arguments"):
        assert english not in out, english
    assert "显示本帮助并退出" in out and "示例：" in out


def test_every_command_has_a_description(capsys: pytest.CaptureFixture[str]) -> None:
    for name in _command_names():
        with pytest.raises(SystemExit):
            main.main([name, "--help"])
        out = capsys.readouterr().out
        description = out.split("\n\n")[1]
        assert not description.startswith(("位置参数", "选项")), name


def test_top_level_help_says_no_command_opens_the_window(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main.main(["--help"])
    assert "不会打开窗口" in capsys.readouterr().out


def test_argparse_errors_are_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main.main(["export-bank"])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == "错误：缺少参数：文件"
    with pytest.raises(SystemExit):
        main.main(["make-paper", "x.json", "--title", "t", "--single", "abc"])
    assert capsys.readouterr().err.splitlines()[-1] == "错误：参数 --single 的值 'abc' 无效（应为整数）"
    with pytest.raises(SystemExit):
        main.main(["no-such-command"])
    assert "错误：参数 命令 的取值 'no-such-command' 无效" in capsys.readouterr().err
