"""One client process of the shared-server benchmark (a module of its own, so that spawned processes can import it)."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESEND_EVERY = 10  # every tenth answer is sent twice, as a client does after a timeout


def answer_paper(url: str, paper_uid: str, answers: list[tuple[str, int]], ready: Any, go: Any, results: Any,
                 think_s: float = 0.0, per_answer: str = "statement") -> None:
    """One learner's PC: start the sitting, wait for the exam to open, answer every question as the app does.

    Each answer goes through `SharedExamClient` (its offline queue in a temp folder stays empty). `per_answer`
    says how each is sent: "statement" (the app: one autocommit statement, one round trip) or "transaction"
    (BEGIN, the call, COMMIT: three round trips, as before 2026-12-01). `think_s` is the mean pause before
    each answer (uniform between 0 and twice it); 0 answers flat out.
    """
    import random
    import tempfile
    sys.path[:0] = [str(ROOT)]
    from foundation.database import make_engine, make_session_factory
    from study.answer_queue import AnswerQueue, SharedExamClient, in_transactions, single_statements
    from study.shared_exam import ExamClock, new_answer, start_shared_sitting

    engine = make_engine(url)
    factory = make_session_factory(engine)
    with factory() as session, session.begin():
        sitting = start_shared_sitting(session, paper_uid)
    clock = ExamClock(sitting.server_now, time.monotonic())
    send = single_statements(factory) if per_answer == "statement" else in_transactions(factory)
    with tempfile.TemporaryDirectory() as folder:
        client = SharedExamClient(send, AnswerQueue(Path(folder) / "unsent-answers.jsonl"))
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
                client.answer(answer)
                latencies.append(time.perf_counter() - start)
    engine.dispose()
    results.put(latencies)
