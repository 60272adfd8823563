"""Command-line sub-commands of the question bank (import-doc, export-bank, bank-stats)."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any) -> None:
    """Add this area's sub-commands; each sets `handler(args, context) -> exit code`."""
    del subparsers
