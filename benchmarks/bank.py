"""Bank benchmarks: building the bank from the raw file as a whole process, and how building scales with size."""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from figures import ROOT, Figure, run_python

from question_bank.drafts import ArticleDraft

RAW = ROOT / "question_bank" / "builtin" / "source_raw.txt"
REGULATIONS = sorted((ROOT / "tests" / "question_bank" / "data" / "regulations").glob("*.md"))
_BUILD_REGULATIONS = """
import datetime as dt, sys
from pathlib import Path
from foundation.database import make_engine, make_session_factory, upgrade_to_head
from question_bank.importing import import_file
engine = make_engine("sqlite://")
upgrade_to_head(engine)
factory = make_session_factory(engine)
now = dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc)
for name in sys.argv[1:]:
    with factory() as session, session.begin():
        import_file(session, Path(name), now=now)
"""


def _build_once() -> float:
    """One `python main.py --data-dir TMP import-doc RAW` on a fresh data directory (built-in bank included)."""
    with tempfile.TemporaryDirectory() as tmp:
        return run_python(["main.py", "--data-dir", tmp, "import-doc", str(RAW)])


def _build_regulations_once() -> float:
    """One process that imports the four regulations (parse, generate, validate, store) into one database."""
    return run_python(["-c", _BUILD_REGULATIONS, *(str(p) for p in REGULATIONS)])


def _scaled_article(factor: int) -> ArticleDraft:
    """The interview with its topics repeated `factor` times (each copy's offsets shifted)."""
    from dataclasses import replace

    from question_bank.structure import parse_document

    article = parse_document(RAW.read_bytes(), filename=RAW.name)[0]
    topics = []
    for copy in range(factor):
        shift = copy * (len(article.text) + 1)
        topics += [replace(t, start=t.start + shift, end=t.end + shift) for t in article.topics]
    text = "\n".join([article.text] * factor)
    return replace(article, text=text, topics=tuple(topics))


def _seconds_per_char(factor: int, repeats: int) -> float:
    """Median CPU time to build and store the scaled interview into a fresh in-memory database, per character."""
    import datetime as dt

    from foundation.database import make_engine, make_session_factory, upgrade_to_head
    from question_bank.importing import build_article, store_article

    article = _scaled_article(factor)
    now = dt.datetime(2026, 11, 27, tzinfo=dt.timezone.utc)
    times = []
    for _ in range(repeats):
        engine = make_engine("sqlite://")
        upgrade_to_head(engine)
        factory = make_session_factory(engine)
        start = time.process_time()  # CPU time: the ratio should not move with what else the machine runs
        built = build_article.__wrapped__(article)  # bypass the per-process cache
        with factory() as session, session.begin():
            store_article(session, built, now=now, source_name=RAW.name)
        times.append(time.process_time() - start)
        engine.dispose()
    return float(statistics.median(times) / len(article.text))


def measure() -> Iterator[Figure]:
    """bank_build_s (median of 5 processes), bank_build_regulations_s (the four regulations in one process, median
    of 3), then bank_build_scaling at 10x and 50x (median of 3, in-process).

    Scaling times building and storing (knowledge, generation, validation, storage) of the interview repeated
    10 and 50 times; reading and structuring the file is the reading part's and is not included.
    """
    yield Figure("bank_build_s", statistics.median(_build_once() for _ in range(5)), "s", "< 2")
    yield Figure("bank_build_regulations_s", statistics.median(_build_regulations_once() for _ in range(3)), "s",
                 "< 5")
    base = _seconds_per_char(1, 7)  # the 1x run is short, so more repeats steady the base
    yield Figure("bank_build_scaling_10x", _seconds_per_char(10, 3) / base, "ratio", "< 1.3")
    yield Figure("bank_build_scaling", _seconds_per_char(50, 3) / base, "ratio", "< 1.3")
