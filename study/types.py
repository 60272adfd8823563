"""Value types the study engine hands to the UI and the CLI: ids, vocabularies and frozen results."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from typing import Any, NewType

from question_bank.drafts import FlashcardId, QuestionId, QuestionType, TopicId

LearnerId = NewType("LearnerId", int)
AttemptId = NewType("AttemptId", int)


class Rating(enum.IntEnum):
    """The four FSRS ratings of a flashcard review (values equal fsrs.Rating)."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4

    @property
    def label(self) -> str:
        """The Chinese button label."""
        return _RATING_LABELS[self]


_RATING_LABELS = {Rating.AGAIN: "重来", Rating.HARD: "困难", Rating.GOOD: "良好", Rating.EASY: "简单"}


class QuizMode(enum.StrEnum):
    """How a quiz runs: practice shows feedback after each answer; timed and exam only at the end."""

    PRACTICE = "practice"
    TIMED = "timed"
    EXAM = "exam"

    @property
    def label(self) -> str:
        """The Chinese name shown to users."""
        return _MODE_LABELS[self]


_MODE_LABELS = {QuizMode.PRACTICE: "练习", QuizMode.TIMED: "限时测验", QuizMode.EXAM: "模拟考试"}


@dataclass(frozen=True)
class Learner:
    """A learner profile."""

    id: LearnerId
    name: str
    unit: str
    uid: str
    created_at: dt.datetime
    daily_new_limit: int
    desired_retention: float


# --- flashcards -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CardView:
    """A flashcard as the review screen shows it, with this learner's state (None for a new card)."""

    flashcard_id: FlashcardId
    topic_id: TopicId
    topic_title: str
    front: str
    back: str
    quote: str
    start: int
    end: int
    is_new: bool
    due: dt.datetime | None
    lapses: int = 0
    leech: bool = False


@dataclass(frozen=True)
class IntervalPreview:
    """What one rating would give: the next due time and a short Chinese label (“10分钟”, “3天”)."""

    rating: Rating
    due: dt.datetime
    interval: dt.timedelta
    label: str


@dataclass(frozen=True)
class ReviewResult:
    """The outcome of one review: the card's new due time (unchanged for cram reviews)."""

    flashcard_id: FlashcardId
    rating: Rating
    due: dt.datetime
    interval: dt.timedelta
    state: int  # fsrs.State value
    lapses: int
    became_leech: bool
    leech: bool
    cram: bool


@dataclass(frozen=True)
class DailyQueue:
    """Today's cards: due reviews first, then new cards (weak topics' first)."""

    due: tuple[CardView, ...]
    new: tuple[CardView, ...]
    new_introduced_today: int
    daily_new_limit: int

    @property
    def cards(self) -> tuple[CardView, ...]:
        """Every card in study order."""
        return self.due + self.new


# --- quizzes ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuizSpec:
    """What a quiz is made of. Empty `topic_ids`/`types` mean all; `question_ids` fixes the list and its order."""

    topic_ids: tuple[int, ...] = ()
    types: tuple[QuestionType, ...] = ()
    count: int = 10
    mode: QuizMode = QuizMode.PRACTICE
    time_limit_s: int | None = None
    pass_mark: float = 0.6
    partial_credit: bool = False
    question_ids: tuple[int, ...] | None = None
    paper_uid: str | None = None
    from_wrong_book: bool = False

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (stored with the attempt)."""
        return {
            "topic_ids": list(self.topic_ids),
            "types": [t.value for t in self.types],
            "count": self.count,
            "mode": self.mode.value,
            "time_limit_s": self.time_limit_s,
            "pass_mark": self.pass_mark,
            "partial_credit": self.partial_credit,
            "question_ids": None if self.question_ids is None else list(self.question_ids),
            "paper_uid": self.paper_uid,
            "from_wrong_book": self.from_wrong_book,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> QuizSpec:
        """The inverse of `to_json` (see `quiz_spec_from_json`)."""
        return quiz_spec_from_json(data)


def quiz_spec_from_json(data: Any) -> QuizSpec:
    """Read a stored quiz spec, checking every field's type and range.

    Raises:
        ValueError: a field is missing its type or out of range (the message names the field).
    """

    def whole(value: Any, name: str, low: int) -> int:
        if type(value) is not int or value < low:
            raise ValueError(name)
        return value

    def ids(value: Any, name: str) -> tuple[int, ...]:
        if not isinstance(value, list | tuple):
            raise ValueError(name)
        return tuple(whole(v, name, 0) for v in value)

    def flag(value: Any, name: str) -> bool:
        if not isinstance(value, bool):
            raise ValueError(name)
        return value

    if not isinstance(data, dict):
        raise ValueError("spec")
    types = data.get("types", ())
    if not isinstance(types, list | tuple) or not all(isinstance(t, str) for t in types):
        raise ValueError("types")
    pass_mark = data.get("pass_mark", 0.6)
    if isinstance(pass_mark, bool) or not isinstance(pass_mark, int | float) or not 0.0 <= pass_mark <= 1.0:
        raise ValueError("pass_mark")
    time_limit = data.get("time_limit_s")
    paper_uid = data.get("paper_uid")
    if paper_uid is not None and not isinstance(paper_uid, str):
        raise ValueError("paper_uid")
    question_ids = data.get("question_ids")
    return QuizSpec(
        topic_ids=ids(data.get("topic_ids", ()), "topic_ids"),
        types=tuple(QuestionType(t) for t in types),
        count=whole(data.get("count", 10), "count", 0),
        mode=QuizMode(data.get("mode", QuizMode.PRACTICE.value)),
        time_limit_s=None if time_limit is None else whole(time_limit, "time_limit_s", 1),
        pass_mark=float(pass_mark),
        partial_credit=flag(data.get("partial_credit", False), "partial_credit"),
        question_ids=None if question_ids is None else ids(question_ids, "question_ids"),
        paper_uid=paper_uid,
        from_wrong_book=flag(data.get("from_wrong_book", False), "from_wrong_book"),
    )


@dataclass(frozen=True)
class QuizQuestionView:
    """One question of an attempt as shown: options in DISPLAY order.

    The learner's `answer` is in display terms too (what the UI passes to `answer_question`):
    SINGLE int display index; MULTIPLE list[int] display indices; JUDGE bool; BLANK list[str];
    ORDER list[int] display indices in the chosen sequence; MATCH list[str], one right item per
    left item of `options` in display order. `right_items` are the match choices, shuffled.
    """

    position: int
    question_id: QuestionId
    topic_id: TopicId
    type: QuestionType
    stem: str
    options: tuple[str, ...]
    right_items: tuple[str, ...]
    blank_count: int
    answer: Any
    answered: bool
    flagged: bool


@dataclass(frozen=True)
class AnswerResult:
    """What recording one answer gave. Feedback fields are None unless the mode shows feedback."""

    position: int
    recorded: bool  # False if the attempt was already submitted or expired
    correct: bool | None = None
    score: float | None = None
    correct_answer_text: str | None = None
    explanation: str | None = None
    quote: str | None = None
    correct_display: Any = None  # the right answer in display terms (marks the right options in place)
    parts_right: tuple[bool, ...] = ()  # blanks and match pairs: which of the learner's were right
    given_display: Any = None  # the learner's answer in display terms, as scored


@dataclass(frozen=True)
class ItemResult:
    """One question of a submitted attempt, for the review screen."""

    position: int
    question_id: QuestionId
    topic_id: TopicId
    topic_title: str
    type: QuestionType
    stem: str
    options: tuple[str, ...]
    learner_answer: Any  # in display terms, as given
    learner_answer_text: str
    correct_answer_text: str
    explanation: str
    quote: str
    start: int
    end: int
    document_id: int
    answered: bool
    correct: bool
    score: float
    flagged: bool


@dataclass(frozen=True)
class TopicScore:
    """Per-topic breakdown of an attempt."""

    topic_id: TopicId
    topic_title: str
    questions: int
    score: float  # points earned (0..questions)
    correct: int

    @property
    def accuracy(self) -> float:
        """Score as a fraction of the topic's questions."""
        return self.score / self.questions if self.questions else 0.0


@dataclass(frozen=True)
class AttemptResult:
    """A submitted attempt: score, pass/fail, time used, per-topic breakdown and every item."""

    attempt_id: AttemptId
    mode: QuizMode
    score: float  # points earned
    max_score: float
    percent: float  # 0..100
    passed: bool
    pass_mark: float
    started_at: dt.datetime
    submitted_at: dt.datetime
    time_used: dt.timedelta
    expired: bool  # submitted because its time ran out
    answered: int
    topics: tuple[TopicScore, ...]
    items: tuple[ItemResult, ...]
    paper_uid: str | None = None


@dataclass(frozen=True)
class UnfinishedAttempt:
    """An attempt left open (crash, closed window) that can be resumed."""

    attempt_id: AttemptId
    mode: QuizMode
    started_at: dt.datetime
    deadline_at: dt.datetime | None
    remaining: dt.timedelta | None  # None without a time limit
    answered: int
    total: int
    paper_uid: str | None = None
    on_server: bool = False  # a sitting of a paper published on the shared server (attempt_id: the sitting's id)


@dataclass(frozen=True)
class WrongBookEntry:
    """A question in the learner's wrong-answer book."""

    question_id: QuestionId
    topic_id: TopicId
    topic_title: str
    type: QuestionType
    stem: str
    correct_answer_text: str
    wrong_count: int
    correct_streak: int
    last_wrong_at: dt.datetime
    options: tuple[str, ...] = ()  # as the learner last saw them (lettered A, B, ... in this order)
    learner_answer_text: str = ""  # the learner's last wrong answer, in the same letters


# --- progress ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TopicMastery:
    """How well a learner knows a topic (0..1), and what it is made of."""

    topic_id: TopicId
    topic_title: str
    mastery: float
    quiz_accuracy: float | None  # recency-weighted, None if never answered
    answers_30d: int
    accuracy_30d: float | None
    retrievability: float | None  # mean over reviewed cards, None if none reviewed
    cards_due: int
    cards_total: int
    cards_reviewed: int


@dataclass(frozen=True)
class WeakTopic:
    """A topic to drill, with a Chinese reason (“近30天正确率45%”, “8张卡片已到期”, “尚未练习”)."""

    topic_id: TopicId
    topic_title: str
    mastery: float
    reason: str


@dataclass(frozen=True)
class ExamRecord:
    """One submitted timed quiz or mock exam."""

    attempt_id: AttemptId
    mode: QuizMode
    submitted_at: dt.datetime
    percent: float
    passed: bool
    paper_uid: str | None = None
    score: float | None = None  # points (None: only the percentage is known)
    max_score: float = 0.0
    graded: bool = True  # False: a keyless paper waiting for the trainer's receipt (已交卷)

    @property
    def score_text(self) -> str:
        """`得分/满分（百分比）`, or 已交卷 while a keyless paper waits for the trainer's receipt."""
        if not self.graded:
            return "已交卷"
        if self.score is None or not self.max_score:
            return f"{self.percent:.0f}%"
        return f"{self.score:g}/{self.max_score:g}分（{self.percent:.0f}%）"


@dataclass(frozen=True)
class DayActivity:
    """One local calendar day of study."""

    day: dt.date
    reviews: int
    answers: int
    correct: int
    minutes: float

    @property
    def accuracy(self) -> float | None:
        """Share of correct answers that day, None without answers."""
        return self.correct / self.answers if self.answers else None


@dataclass(frozen=True)
class Dashboard:
    """The home screen of one learner, in one call."""

    learner_id: LearnerId
    due_count: int
    new_available: int
    new_today: int
    daily_new_limit: int
    streak_days: int
    studied_today: bool
    weak_topics: tuple[WeakTopic, ...]
    accuracy_30d: float | None
    answers_30d: int
    recent_exams: tuple[ExamRecord, ...]
    unfinished: UnfinishedAttempt | None
    leech_count: int
    planned: bool = False  # an exam plan decides today's cards (`due_count`, `new_available` are the plan's)


@dataclass(frozen=True)
class ProgressStats:
    """The progress screen: activity per day, accuracy trend, mastery per topic, exam history."""

    days: tuple[DayActivity, ...]
    mastery: tuple[TopicMastery, ...]
    exams: tuple[ExamRecord, ...]
    streak_days: int
    total_reviews: int
    total_answers: int


# --- storage health ---------------------------------------------------------------------------


class HealthStatus(enum.StrEnum):
    """What `check_database` found."""

    OK = "ok"
    MISSING = "missing"  # no database and no backups: a fresh data directory
    LOST = "lost"  # no database, but backups: it was deleted or moved
    NOT_A_DATABASE = "not_a_database"
    CORRUPT = "corrupt"


@dataclass(frozen=True)
class DatabaseHealth:
    """The state of a database file, with a Chinese message for the user."""

    status: HealthStatus
    message: str
    path: str
    details: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        """Whether the file is a sound database."""
        return self.status is HealthStatus.OK


@dataclass(frozen=True)
class BackupInfo:
    """One backup file."""

    path: str
    day: dt.date
    size: int


@dataclass(frozen=True)
class TransferReport:
    """What an import added (already present rows are skipped)."""

    learner_name: str
    learner_created: bool
    card_states: int
    review_logs: int
    attempts: int
    wrong_answers: int
    skipped_unknown_items: int
    exam_goal: bool = False  # the file's exam goal was taken (this machine had none, or an older one)
