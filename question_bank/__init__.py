"""Question bank: source documents into topics, knowledge points, flashcards and questions; their storage."""
