"""One client process of the shared-server benchmark (a module of its own, so that spawned processes can import it)."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESEND_EVERY = 10  # every tenth answer is sent twice, as a client does after a timeout


def answer_paper(url: str, paper_uid: str, answers: list[tuple[str, int]], ready: Any, go: Any, results: Any,
                 think_s: float = 0.0) -> None:
    """One learner's PC: start the sitting, wait for the exam to open, answer every question.

    `think_s` is the mean pause before each answer (uniform between 0 and twice it); 0 answers flat out.
    """
    import random
    sys.path[:0] = [str(ROOT)]
    from foundation.database import make_engine, make_session_factory
    from study.shared_exam import ExamClock, new_answer, save_answer, start_shared_sitting

    engine = make_engine(url)
    factory = make_session_factory(engine)
    with factory() as session, session.begin():
        sitting = start_shared_sitting(session, paper_uid)
    clock = ExamClock(sitting.server_now, time.monotonic())
    ready.put(1)
    go.wait()
    latencies: list[float] = []
    pauses = random.Random(paper_uid + url)
    for index, (key, given) in enumerate(answers):
        if think_s:
            time.sleep(pauses.uniform(0.0, 2 * think_s))
        answer = new_answer(sitting.sitting_id, key, given, answered_at=clock.now(time.monotonic()))
        for _ in range(2 if index % RESEND_EVERY == 0 else 1):
            start = time.perf_counter()
            with factory() as session, session.begin():
                save_answer(session, answer)
            latencies.append(time.perf_counter() - start)
    engine.dispose()
    results.put(latencies)
