"""The Figure record every benchmark prints, and timing helpers (medians of repeated runs)."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Figure:
    """One measured figure and its target (e.g. '< 2')."""

    name: str
    value: float
    unit: str
    target: str

    def as_dict(self) -> dict[str, object]:
        return {"name": self.name, "value": round(self.value, 4), "unit": self.unit, "target": self.target}


def median_seconds(action: Callable[[], object], repeats: int) -> float:
    """Median wall time of `action` over `repeats` runs."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run_python(args: list[str], env: dict[str, str] | None = None) -> float:
    """Wall time of one `python ARGS` process started in the repository root."""
    start = time.perf_counter()
    subprocess.run([sys.executable, *args], cwd=ROOT, env=env, check=True, capture_output=True)
    return time.perf_counter() - start
