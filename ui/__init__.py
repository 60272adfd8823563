"""PySide6 user interface: renders what study/ and question_bank/ return."""

from ui.refcount_guard import guard_singleton_refcounts

guard_singleton_refcounts()  # PySide6 6.12 on Python 3.11 leaks None/True/False references: see the module
