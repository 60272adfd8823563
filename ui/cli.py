"""Command-line sub-commands that render the UI: `screenshots DIR` for a demonstration learner."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from foundation.context import AppContext
from foundation.errors import UserError, os_error_text

SCREEN_SIZE = (1366, 768)


def register(subparsers: Any) -> None:
    """Add this area's sub-commands; each sets `handler(args, context) -> exit code`."""
    parser = subparsers.add_parser(
        "screenshots",
        help="为示例学员渲染每个界面的截图（PNG，1366x768，另含200%%字号的首页与测验页）",
        description="在临时数据目录中生成示例学员（约三周的学习记录），离屏渲染每个界面并保存为 PNG；不会读写您的数据目录。",
        epilog="示例：python main.py screenshots 截图\n      python main.py screenshots 截图 --beside 旧版截图",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("directory", type=Path, metavar="DIR", help="保存截图的目录")
    parser.add_argument("--beside", type=Path, metavar="OLD_DIR",
                        help="另把OLD_DIR中同名的旧截图（左）和新截图（右）并排合成一张，保存到 DIR/before-after/")
    parser.set_defaults(handler=_screenshots)


def _screenshots(args: argparse.Namespace, context: AppContext) -> int:
    del context  # never the user's data: everything happens in a temporary data directory
    directory: Path = args.directory
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(f"无法创建截图目录：{directory}（{os_error_text(error)}）") from error
    old: Path | None = args.beside
    if old is not None and not old.is_dir():
        raise UserError(f"找不到旧版截图目录：{old}")
    from ui.screenshots import render_screenshots, side_by_side

    written = render_screenshots(directory)
    for path in written:
        print(f"已保存：{path}")
    print(f"共 {len(written)} 张截图。")
    if old is not None:
        pairs = [path for path in written if (old / path.name).is_file()]
        (directory / "before-after").mkdir(exist_ok=True)
        for path in pairs:
            side_by_side(old / path.name, path, directory / "before-after" / path.name)
        print(f"并排对照 {len(pairs)} 张：{directory / 'before-after'}")
    return 0
