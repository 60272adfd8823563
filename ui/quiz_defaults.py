"""The quiz defaults a learner sets on the settings page (QSettings), read by the pages that use them."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSettings

QUIZ_COUNT_KEY = "quiz/default_count"
QUIZ_TIME_LIMIT_KEY = "quiz/default_time_limit_min"
QUIZ_PASS_MARK_KEY = "quiz/default_pass_mark"


@dataclass(frozen=True)
class QuizDefaults:
    """What the quiz set-up page starts with: question count, time limit in minutes, pass mark in percent."""

    count: int = 20
    time_limit_min: int = 30
    pass_mark: int = 60


def quiz_defaults(settings: QSettings) -> QuizDefaults:
    """The stored quiz defaults (missing or bad values fall back to QuizDefaults())."""
    fallback = QuizDefaults()

    def read(key: str, default: int, low: int, high: int) -> int:
        try:
            value = int(str(settings.value(key, default)))
        except ValueError:
            return default
        return max(low, min(high, value))

    return QuizDefaults(
        count=read(QUIZ_COUNT_KEY, fallback.count, *COUNT_RANGE),
        time_limit_min=read(QUIZ_TIME_LIMIT_KEY, fallback.time_limit_min, *TIME_LIMIT_RANGE),
        pass_mark=read(QUIZ_PASS_MARK_KEY, fallback.pass_mark, *PASS_MARK_RANGE),
    )


COUNT_RANGE = (1, 200)
TIME_LIMIT_RANGE = (1, 240)
PASS_MARK_RANGE = (1, 100)
