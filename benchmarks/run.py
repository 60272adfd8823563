"""Run benchmark groups and print one JSON object per figure: name, value, unit, target.

Usage: python benchmarks/run.py [GROUP ...]   (groups: bank, study, startup, robustness, forecast, server; default: all)
Each group is a module in `benchmarks/` (named in GROUPS) with `measure() -> Iterator[Figure]`.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Group name -> module file. The study group's module is not `study.py`, which would shadow the
# `study` package for the type checker and for imports with benchmarks/ on sys.path.
GROUPS = {"bank": "bank.py", "study": "study_engine.py", "startup": "startup.py", "robustness": "robustness.py",
          "forecast": "forecast.py", "server": "shared_server.py"}


def main(argv: list[str]) -> int:
    """Run the named groups (all by default), printing figures as they come."""
    sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]
    groups = argv or list(GROUPS)
    unknown = [g for g in groups if g not in GROUPS]
    if unknown:
        print(f"unknown group(s): {', '.join(unknown)}; choose from {', '.join(GROUPS)}", file=sys.stderr)
        return 2
    for group in groups:
        spec = importlib.util.spec_from_file_location(f"benchmark_{group}", ROOT / "benchmarks" / GROUPS[group])
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up while the group loads
        spec.loader.exec_module(module)
        for figure in module.measure():
            print(json.dumps(figure.as_dict(), ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
