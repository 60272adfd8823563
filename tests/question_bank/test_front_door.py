"""The package's front door: every lazy export loads, and the type checker's list is the loader's list."""

from __future__ import annotations

import question_bank


def test_every_lazy_export_loads_and_is_listed_once() -> None:
    assert sorted(question_bank._EXPORTS) == question_bank.__all__
    for name in question_bank.__all__:
        assert getattr(question_bank, name) is not None
