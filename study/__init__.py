"""Study engine: learners, spaced repetition, quizzes and exams, progress and weak topics."""
