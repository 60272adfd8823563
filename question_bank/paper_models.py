"""ORM rows of the trainer's papers and collected results."""

from __future__ import annotations
