"""Study engine: learners, spaced repetition, quizzes and exams, progress and weak topics.

The front door for the UI and the trainer toolkit. Every action takes `session` first and never
commits (the caller wraps it: `with factory() as s, s.begin(): ...`); time (`now`, aware UTC) and
randomness (`rng`) are passed in. Functions (keyword-only past `session`), by module:

- learners:   create_learner, list_learners, get_learner, rename_learner, delete_learner,
              active_learner, set_active_learner, update_learner_settings
- scheduling: review_flashcard, next_intervals, daily_queue, cram_queue, leeches, card_view
- quiz:       start_quiz, load_quiz_session (-> QuizSession), answer_question, set_flag, set_current,
              submit_attempt, attempt_result, resume_or_expire, unfinished_attempt
- scoring:    score_answer (pure)
- wrong_book: wrong_book, wrong_book_count
- mastery:    topic_mastery, weak_topics, drill_spec
- stats:      dashboard, progress_stats, daily_activity, exam_history
- backup:     make_daily_backup, list_backups, check_database, newest_good_backup, restore_backup
- transfer:   export_progress, import_progress
"""

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
    "QuizSpec",
    "Rating",
    "ReviewResult",
    "TopicMastery",
    "TopicScore",
    "TransferReport",
    "UnfinishedAttempt",
    "WeakTopic",
    "WrongBookEntry",
]
