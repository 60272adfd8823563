"""One running copy per data directory: an operating-system file lock that dies with its process."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO

LOCK_NAME = "xunxue.instance.lock"


class DataDirLock:
    """An exclusive, non-blocking lock on a data directory, released when the holder exits or crashes.

    The window holds it for as long as it runs; `check-db --restore` takes it before moving the database,
    so it never pulls the file out from under a running window.
    """

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / LOCK_NAME
        self._handle: IO[bytes] | None = None

    @property
    def held(self) -> bool:
        """Whether this object holds the lock."""
        return self._handle is not None

    def acquire(self) -> bool:
        """Take the lock; False when another process (or another holder in this one) has it."""
        if self._handle is not None:
            return True
        handle = self.path.open("a+b")
        try:
            _lock(handle)
        except OSError:
            handle.close()
            return False
        self._handle = handle
        return True

    def release(self) -> None:
        """Give the lock back (closing the file releases it)."""
        if self._handle is not None:
            self._handle.close()
            self._handle = None


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(handle: IO[bytes]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

else:
    import fcntl

    def _lock(handle: IO[bytes]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
