"""Answers a client could not save to the shared server, kept in a local file until the connection returns."""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from study.shared_exam import PendingAnswer, save_answer

QUEUE_FILENAME = "unsent-answers.jsonl"
REFUSED_LOGIN = ("authentication failed", "pg_hba.conf", "does not exist", "permission denied")


class AnswerQueue:
    """A JSON-lines file of unsent answers in the data directory; each line is written and synced whole."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def append(self, answer: PendingAnswer) -> None:
        """Keep one answer (fsynced: it survives a crash of the PC, too)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as stream:
            stream.write(json.dumps(answer.as_json(), ensure_ascii=False) + "\n")
            stream.flush()
            os.fsync(stream.fileno())

    def pending(self) -> list[PendingAnswer]:
        """The unsent answers, oldest first (a torn last line from a crash is skipped)."""
        if not self.path.exists():
            return []
        answers = []
        for line in self.path.read_text(encoding="utf-8").splitlines():
            try:
                answers.append(PendingAnswer.from_json(json.loads(line)))
            except (ValueError, KeyError, TypeError):
                continue
        return answers

    def replace(self, answers: list[PendingAnswer]) -> None:
        """Keep only these answers (atomically: written aside, then renamed over the queue)."""
        if not answers:
            self.path.unlink(missing_ok=True)
            return
        aside = self.path.with_suffix(".tmp")
        aside.write_text("".join(json.dumps(a.as_json(), ensure_ascii=False) + "\n" for a in answers), encoding="utf-8")
        os.replace(aside, self.path)


def is_connection_lost(error: DBAPIError) -> bool:
    """Whether a database error means the server is out of reach (rather than a refused answer)."""
    from sqlalchemy.exc import InterfaceError, OperationalError

    # A refused login is no outage (psycopg gives no SQLSTATE for it, only the server's message).
    message = str(error.orig)
    if any(part in message for part in REFUSED_LOGIN):
        return False
    return bool(error.connection_invalidated) or isinstance(error, (OperationalError, InterfaceError))


Transact = Callable[[Callable[[Session], str]], str]  # runs work in one session and transaction, raising its errors


def in_transactions(factory: sessionmaker[Session]) -> Transact:
    """Run each piece of work in a session and transaction of its own from `factory` (BEGIN ... COMMIT)."""
    def run(work: Callable[[Session], str]) -> str:
        with factory() as session, session.begin():
            return work(session)

    return run


def single_statements(factory: sessionmaker[Session]) -> Transact:
    """Run each piece of work, one statement, in a session of its own in autocommit: the statement is its own
    transaction, so the server hears one round trip instead of three (no BEGIN, no COMMIT).

    For `save_answer`, whose one function call does all its work atomically on the server.
    """
    def run(work: Callable[[Session], str]) -> str:
        with factory() as session:
            session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
            return work(session)

    return run


class SharedExamClient:
    """Saves each answer at once, or queues it when the server is out of reach and sends it later.

    Resending is harmless: each answer's idempotency key makes the server store it once. `transact` runs one
    save as its own transaction and lets errors out: a sessionmaker is run as `single_statements` (one round
    trip an answer); the UI passes its operation layer's `send`.

    While the server is out of reach, an answer goes straight to the queue for `retry_after_s` (read on the
    caller's `monotonic` clock) instead of trying the network on every answer: the screen never waits on a
    dead connection more than once in that time. `flush` (the caller's retry timer) always tries.
    """

    def __init__(self, transact: Transact | sessionmaker[Session], queue: AnswerQueue,
                 save: Callable[[Session, PendingAnswer], str] = save_answer, *,
                 monotonic: Callable[[], float] | None = None, retry_after_s: float = 5.0) -> None:
        self._transact = single_statements(transact) if isinstance(transact, sessionmaker) else transact
        self._queue = queue
        self._save = save
        self._monotonic = monotonic
        self._retry_after_s = retry_after_s
        self._offline_until: float | None = None

    @property
    def offline(self) -> bool:
        """Whether the server was out of reach lately (answers go to the queue until `retry_after_s` passes)."""
        return (self._offline_until is not None and self._monotonic is not None
                and self._monotonic() < self._offline_until)

    def _lost(self) -> None:
        if self._monotonic is not None:
            self._offline_until = self._monotonic() + self._retry_after_s

    @property
    def queue(self) -> AnswerQueue:
        """The offline queue this client keeps."""
        return self._queue

    @property
    def unsent(self) -> int:
        """How many answers wait in the queue."""
        return len(self._queue.pending())

    def answer(self, answer: PendingAnswer) -> str:
        """Save one answer: the server's verdict, or 'queued' when the server could not be reached.

        Queued answers go first, so that the server sees the answers in the order they were given.
        """
        if self._queue.pending():
            if not self.offline:
                self.flush()
            if self._queue.pending():
                self._queue.append(answer)
                return "queued"
        try:
            outcome = self._transact(functools.partial(self._save_as, answer))
        except DBAPIError as error:
            if not is_connection_lost(error):
                raise
            self._lost()
            self._queue.append(answer)
            return "queued"
        self._offline_until = None
        return outcome

    def _save_as(self, answer: PendingAnswer, session: Session) -> str:
        return self._save(session, answer)

    def flush(self) -> int:
        """Send the queued answers; returns how many were sent (the rest stay queued)."""
        waiting = self._queue.pending()
        sent = 0
        try:
            for answer in waiting:
                self._transact(functools.partial(self._save_as, answer))
                sent += 1
        except DBAPIError as error:
            if not is_connection_lost(error):
                raise
            self._lost()
        else:
            self._offline_until = None
        if waiting:
            self._queue.replace(waiting[sent:])
        return sent
