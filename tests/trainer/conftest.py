"""The trainer's tests use the study tests' small hand-built bank and learner."""

from __future__ import annotations

from tests.study.conftest import bank, factory, learner_id

__all__ = ["bank", "factory", "learner_id"]
