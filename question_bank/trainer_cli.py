"""Command-line sub-commands for trainers (import-bank, make-paper, print-paper, collect-results)."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any) -> None:
    """Add this area's sub-commands; each sets `handler(args, context) -> exit code`."""
    del subparsers
