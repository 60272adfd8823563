"""The layout of a data directory: the database file, its backups, the error log and the instance lock."""

from __future__ import annotations

from pathlib import Path

DB_FILENAME = "xunxue.sqlite3"
BACKUP_DIRNAME = "backups"
ERROR_LOG_NAME = "error.log"


def database_path(data_dir: Path) -> Path:
    """The SQLite database file of a data directory."""
    return Path(data_dir) / DB_FILENAME


def backups_dir(data_dir: Path) -> Path:
    """The folder of daily database backups inside a data directory."""
    return Path(data_dir) / BACKUP_DIRNAME


def error_log_path(data_dir: Path) -> Path:
    """The log of unexpected errors inside a data directory."""
    return Path(data_dir) / ERROR_LOG_NAME


def sqlite_url(data_dir: Path) -> str:
    """The URL of the app's SQLite database inside a data directory."""
    return f"sqlite:///{database_path(data_dir).as_posix()}"
