"""Question bank: source documents into topics, knowledge points, flashcards and questions; their storage.

The front door is light to import: the names below load their modules on first use (jieba stays off start-up).
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "QuestionType": "question_bank.drafts",
    "DocumentKind": "question_bank.drafts",
    "Question": "question_bank.drafts",
    "Flashcard": "question_bank.drafts",
    "Topic": "question_bank.drafts",
    "Document": "question_bank.drafts",
    "SourceRef": "question_bank.drafts",
    "DocumentId": "question_bank.drafts",
    "TopicId": "question_bank.drafts",
    "QuestionId": "question_bank.drafts",
    "FlashcardId": "question_bank.drafts",
    "list_documents": "question_bank.bank",
    "list_topics": "question_bank.bank",
    "get_topic": "question_bank.bank",
    "get_questions": "question_bank.bank",
    "question_ids_for": "question_bank.bank",
    "get_flashcards": "question_bank.bank",
    "flashcards_for_topics": "question_bank.bank",
    "document_text": "question_bank.bank",
    "items_for_paragraph": "question_bank.bank",
    "export_bank_json": "question_bank.bank",
    "bank_stats": "question_bank.bank",
    "validation_report": "question_bank.bank",
    "import_document": "question_bank.importing",
    "import_file": "question_bank.importing",
    "preview_document": "question_bank.importing",
    "regenerate_document": "question_bank.importing",
    "ImportSummary": "question_bank.importing",
    "ArticlePreview": "question_bank.importing",
    "Candidate": "question_bank.validation",
    "ValidationReport": "question_bank.validation",
    "validate": "question_bank.validation",
    "ensure_builtin_bank": "question_bank.builtin",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    """Import the module that holds `name` on first use."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'question_bank' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
