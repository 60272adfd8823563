"""The shared server's load figures, two ways of sending an answer in one go: `python benchmarks/shared_server_ab.py [ROUNDS]`.

Alternates one autocommit statement an answer (the app) with BEGIN, the call, COMMIT (before 2026-12-01), each
run on a fresh durable cluster, and prints one JSON line per run, then the medians of each way. Other work on
the machine moves single runs a lot; alternating runs and taking medians keeps the comparison fair.
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "benchmarks"), str(ROOT)]

import shared_server  # noqa: E402
from tests.pg_cluster import find_pg_bin, start_cluster  # noqa: E402

WAYS = ("transaction", "statement")
FIGURES = ("pg_answers_per_s", "pg_answer_p50_ms", "pg_answer_p99_ms", "pg_answers_lost", "pg_answers_duplicated")


def main(rounds: int) -> None:
    bin_dir, reason = find_pg_bin()
    if bin_dir is None:
        print(f"skipped: {reason}", file=sys.stderr)
        return
    runs: dict[str, list[dict[str, float]]] = {way: [] for way in WAYS}
    for round_ in range(rounds):
        for way in WAYS if round_ % 2 == 0 else tuple(reversed(WAYS)):
            shared_server.PER_ANSWER = way
            cluster = start_cluster(bin_dir, durable=True, max_connections=shared_server.CLIENTS + 20)
            try:
                figures = {f.name: f.value for f in shared_server._load(cluster)}  # noqa: SLF001
            finally:
                cluster.stop()
            runs[way].append(figures)
            print(json.dumps({"round": round_, "per_answer": way, **{k: round(v, 1) for k, v in figures.items()}}),
                  flush=True)
    for way, figures_of_runs in runs.items():
        print(json.dumps({"per_answer": way, "runs": len(figures_of_runs), **{
            f"median_{name}": round(statistics.median(f[name] for f in figures_of_runs), 1) for name in FIGURES}}))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
