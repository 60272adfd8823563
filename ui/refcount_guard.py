"""Work around PySide6 6.12 dropping references to None, True and False on Python 3.11.

The 6.12 wheels are built for the stable ABI against Python 3.12+ headers, where None, True and False
are immortal, so their void and some bool-returning bindings (`setText`, `processEvents`,
`Signal.emit`, ...) return these singletons without taking a reference. On Python 3.11 each call
then lowers the singleton's reference count by one, and after some thousands of calls the
interpreter aborts with "Fatal Python error: none_dealloc" (measured here: 100 `QLabel.setText`
calls lower `sys.getrefcount(None)` by 100). Raising the three counts far out of reach does what
Python 3.12 does for them (it makes them immortal); the singletons are never freed anyway.
"""

from __future__ import annotations

import ctypes
import sys

_HEADROOM = 1 << 40  # about 10^12 calls


def guard_singleton_refcounts() -> None:
    """On Python < 3.12, give None, True and False a reference count no binding can exhaust."""
    if sys.version_info >= (3, 12):
        return
    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += _HEADROOM
