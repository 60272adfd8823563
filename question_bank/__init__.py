"""Question bank: source documents into topics, knowledge points, flashcards and questions; their storage.

The front door is light to import: the names below load their modules on first use (the generator stays off start-up).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the real types for the type checker; at run time `__getattr__` loads them on first use
    from question_bank.bank import (
        bank_stats,
        document_text,
        export_bank_json,
        flashcards_for_topics,
        get_flashcards,
        get_questions,
        get_topic,
        items_for_paragraph,
        list_documents,
        list_topics,
        question_ids_for,
        validation_report,
    )
    from question_bank.builtin import ensure_builtin_bank
    from question_bank.drafts import (
        Document,
        DocumentId,
        DocumentKind,
        Flashcard,
        FlashcardId,
        Question,
        QuestionId,
        QuestionType,
        SourceRef,
        Topic,
        TopicId,
    )
    from question_bank.importing import (
        ArticlePreview,
        ImportSummary,
        import_document,
        import_file,
        preview_document,
        regenerate_document,
    )
    from question_bank.validation import Candidate, ValidationReport, validate
    from question_bank.vocabulary import ItemStatus, Origin

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
    "ItemStatus": "question_bank.vocabulary",
    "Origin": "question_bank.vocabulary",
}

__all__ = [
    "ArticlePreview",
    "Candidate",
    "Document",
    "DocumentId",
    "DocumentKind",
    "Flashcard",
    "FlashcardId",
    "ImportSummary",
    "ItemStatus",
    "Origin",
    "Question",
    "QuestionId",
    "QuestionType",
    "SourceRef",
    "Topic",
    "TopicId",
    "ValidationReport",
    "bank_stats",
    "document_text",
    "ensure_builtin_bank",
    "export_bank_json",
    "flashcards_for_topics",
    "get_flashcards",
    "get_questions",
    "get_topic",
    "import_document",
    "import_file",
    "items_for_paragraph",
    "list_documents",
    "list_topics",
    "preview_document",
    "question_ids_for",
    "regenerate_document",
    "validate",
    "validation_report",
]


def __getattr__(name: str) -> Any:
    """Import the module that holds `name` on first use (the type checker reads the imports above instead)."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'question_bank' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
