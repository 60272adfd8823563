"""Study engine: learners, spaced repetition, quizzes and exams, progress and weak topics.

The front door for the UI and the trainer toolkit. Every action takes `session` first and never
commits (the caller wraps it: `with factory() as s, s.begin(): ...`); time (`now`, aware UTC) and
randomness (`rng`) are passed in. Functions (keyword-only past `session`), by module:

- learners:   create_learner, list_learners, get_learner, find_learner, rename_learner, delete_learner,
              active_learner, set_active_learner, update_learner_settings
- scheduling: review_flashcard, next_intervals
- queue:      daily_queue, cram_queue, leeches, card_view
- quiz:       start_quiz, load_quiz_session (-> QuizSession)
- attempts:   answer_question, answer_feedback, set_flag, set_current, submit_attempt, attempt_result, resume_or_expire,
              unfinished_attempt
- scoring:    score_answer (pure)
- wrong_answers: wrong_book, wrong_book_count (the module is not named `wrong_book`, so it never shadows the function)
- mastery:    topic_mastery, weak_topics, drill_spec
- stats:      dashboard, progress_stats, daily_activity, exam_history
- backup:     make_daily_backup(data_dir, *, now), list_backups, check_database(path), check_data_dir,
              newest_good_backup(data_dir),
              restore_backup(data_dir, backup, *, now)
- transfer:   export_progress, import_progress (the file itself: progress_file.read_progress_file, write_progress_file)

Names are loaded lazily on first use, so importing `study` (the launcher does) stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from study.attempts import answer_feedback, answer_question, attempt_result, resume_or_expire, set_current, set_flag, submit_attempt, unfinished_attempt
    from study.backup import check_data_dir, check_database, list_backups, make_daily_backup, newest_good_backup, restore_backup
    from study.learners import active_learner, create_learner, delete_learner, find_learner, get_learner, list_learners, rename_learner, set_active_learner, update_learner_settings
    from study.mastery import drill_spec, topic_mastery, weak_topics
    from study.queue import card_view, cram_queue, daily_queue, leeches
    from study.quiz import QuizSession, load_quiz_session, start_quiz
    from study.scheduling import next_intervals, review_flashcard
    from study.scoring import score_answer
    from study.stats import daily_activity, dashboard, exam_history, progress_stats
    from study.transfer import export_progress, import_progress
    from study.wrong_answers import wrong_book, wrong_book_count
    from study.types import (
        AnswerResult,
        AttemptId,
        AttemptResult,
        BackupInfo,
        CardView,
        DailyQueue,
        Dashboard,
        DatabaseHealth,
        DayActivity,
        ExamRecord,
        HealthStatus,
        IntervalPreview,
        ItemResult,
        Learner,
        LearnerId,
        ProgressStats,
        QuizMode,
        QuizQuestionView,
        QuizSpec,
        Rating,
        ReviewResult,
        TopicMastery,
        TopicScore,
        TransferReport,
        UnfinishedAttempt,
        WeakTopic,
        WrongBookEntry,
    )

_MODULE_OF = {
    "AnswerResult": "study.types",
    "AttemptId": "study.types",
    "AttemptResult": "study.types",
    "BackupInfo": "study.types",
    "CardView": "study.types",
    "DailyQueue": "study.types",
    "Dashboard": "study.types",
    "DatabaseHealth": "study.types",
    "DayActivity": "study.types",
    "ExamRecord": "study.types",
    "HealthStatus": "study.types",
    "IntervalPreview": "study.types",
    "ItemResult": "study.types",
    "Learner": "study.types",
    "LearnerId": "study.types",
    "ProgressStats": "study.types",
    "QuizMode": "study.types",
    "QuizQuestionView": "study.types",
    "QuizSession": "study.quiz",
    "QuizSpec": "study.types",
    "Rating": "study.types",
    "ReviewResult": "study.types",
    "TopicMastery": "study.types",
    "TopicScore": "study.types",
    "TransferReport": "study.types",
    "UnfinishedAttempt": "study.types",
    "WeakTopic": "study.types",
    "WrongBookEntry": "study.types",
    "active_learner": "study.learners",
    "answer_feedback": "study.attempts",
    "answer_question": "study.attempts",
    "attempt_result": "study.attempts",
    "card_view": "study.queue",
    "check_data_dir": "study.backup",
    "check_database": "study.backup",
    "cram_queue": "study.queue",
    "create_learner": "study.learners",
    "daily_activity": "study.stats",
    "daily_queue": "study.queue",
    "dashboard": "study.stats",
    "delete_learner": "study.learners",
    "drill_spec": "study.mastery",
    "exam_history": "study.stats",
    "export_progress": "study.transfer",
    "find_learner": "study.learners",
    "get_learner": "study.learners",
    "import_progress": "study.transfer",
    "leeches": "study.queue",
    "list_backups": "study.backup",
    "list_learners": "study.learners",
    "load_quiz_session": "study.quiz",
    "make_daily_backup": "study.backup",
    "newest_good_backup": "study.backup",
    "next_intervals": "study.scheduling",
    "progress_stats": "study.stats",
    "rename_learner": "study.learners",
    "restore_backup": "study.backup",
    "resume_or_expire": "study.attempts",
    "review_flashcard": "study.scheduling",
    "score_answer": "study.scoring",
    "set_active_learner": "study.learners",
    "set_current": "study.attempts",
    "set_flag": "study.attempts",
    "start_quiz": "study.quiz",
    "submit_attempt": "study.attempts",
    "topic_mastery": "study.mastery",
    "unfinished_attempt": "study.attempts",
    "update_learner_settings": "study.learners",
    "weak_topics": "study.mastery",
    "wrong_book": "study.wrong_answers",
    "wrong_book_count": "study.wrong_answers",
}

__all__ = [
    "AnswerResult",
    "AttemptId",
    "AttemptResult",
    "BackupInfo",
    "CardView",
    "DailyQueue",
    "Dashboard",
    "DatabaseHealth",
    "DayActivity",
    "ExamRecord",
    "HealthStatus",
    "IntervalPreview",
    "ItemResult",
    "Learner",
    "LearnerId",
    "ProgressStats",
    "QuizMode",
    "QuizQuestionView",
    "QuizSession",
    "QuizSpec",
    "Rating",
    "ReviewResult",
    "TopicMastery",
    "TopicScore",
    "TransferReport",
    "UnfinishedAttempt",
    "WeakTopic",
    "WrongBookEntry",
    "active_learner",
    "answer_feedback",
    "answer_question",
    "attempt_result",
    "card_view",
    "check_data_dir",
    "check_database",
    "cram_queue",
    "create_learner",
    "daily_activity",
    "daily_queue",
    "dashboard",
    "delete_learner",
    "drill_spec",
    "exam_history",
    "export_progress",
    "find_learner",
    "get_learner",
    "import_progress",
    "leeches",
    "list_backups",
    "list_learners",
    "load_quiz_session",
    "make_daily_backup",
    "newest_good_backup",
    "next_intervals",
    "progress_stats",
    "rename_learner",
    "restore_backup",
    "resume_or_expire",
    "review_flashcard",
    "score_answer",
    "set_active_learner",
    "set_current",
    "set_flag",
    "start_quiz",
    "submit_attempt",
    "topic_mastery",
    "unfinished_attempt",
    "update_learner_settings",
    "weak_topics",
    "wrong_book",
    "wrong_book_count",
]


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first use."""
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'study' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
