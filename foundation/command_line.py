"""The command line's parser: argparse with its own words (usage, options, errors) in Chinese."""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from typing import Any, NoReturn

# argparse's own error messages (Python 3.11), as patterns with their Chinese wording.
_ERRORS = (
    (re.compile(r"the following arguments are required: (.+)"), r"缺少参数：\1"),
    (re.compile(r"unrecognized arguments: (.+)"), r"无法识别的参数：\1"),
    (re.compile(r"argument (\S+): invalid choice: (.+) \(choose from (.+)\)"), r"参数 \1 的取值 \2 无效（可选：\3）"),
    (re.compile(r"argument (\S+): invalid (\w+) value: (.+)"), r"参数 \1 的值 \3 无效（应为\2）"),
    (re.compile(r"argument (\S+): expected one argument"), r"参数 \1 需要一个值"),
    (re.compile(r"argument (\S+): expected at least one argument"), r"参数 \1 至少需要一个值"),
    (re.compile(r"argument (\S+): not allowed with argument (\S+)"), r"参数 \1 不能与 \2 同时使用"),
    (re.compile(r"argument (\S+): ignored explicit argument (.+)"), r"参数 \1 不接受值 \2"),
    (re.compile(r"ambiguous option: (\S+) could match (.+)"), r"选项 \1 不明确，可能是：\2"),
)
_TYPE_NAMES = {"int": "整数", "float": "数字"}


def chinese_error(message: str) -> str:
    """argparse's English error message in Chinese (unchanged if it is not one of argparse's own)."""
    for pattern, replacement in _ERRORS:
        if pattern.fullmatch(message):
            text = pattern.sub(replacement, message)
            for english, chinese in _TYPE_NAMES.items():
                text = text.replace(f"（应为{english}）", f"（应为{chinese}）")
            return text
    return message


def display_width(text: str) -> int:
    """Columns a text takes in a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


class ChineseHelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Help with descriptions kept as written, and option columns aligned for Chinese placeholders."""

    def _format_action(self, action: argparse.Action) -> str:
        text = super()._format_action(action)
        header = self._format_action_invocation(action)
        extra = display_width(header) - len(header)
        if extra <= 0:
            return text
        first, _, rest = text.partition("\n")
        start = first.find(header) + len(header)
        padding = len(first[start:]) - len(first[start:].lstrip(" "))
        if padding >= extra + 2:  # header and help share the line: give back the columns the wide text took
            first = first[:start] + first[start + extra:]
        return first + "\n" + rest


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose usage line, section titles, help option and errors read in Chinese.

    Sub-command parsers made with `add_subparsers().add_parser` are of the same class.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["add_help"] = False
        kwargs["formatter_class"] = ChineseHelpFormatter
        super().__init__(*args, **kwargs)
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出")

    def format_usage(self) -> str:
        return _chinese_usage(super().format_usage())

    def format_help(self) -> str:
        return _chinese_usage(super().format_help())

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"错误：{chinese_error(message)}\n")


_SECTION_HEADING = re.compile(r"^(\S[^\n]*):$", re.MULTILINE)


def _chinese_usage(text: str) -> str:
    """`usage:` as 用法：, and section headings with a full-width colon."""
    return _SECTION_HEADING.sub(r"\1：", text.replace("usage: ", "用法：", 1))
