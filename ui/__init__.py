"""PySide6 user interface: renders what study/ and question_bank/ return."""
