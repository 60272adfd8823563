"""Rolling daily backups with SQLite's online backup API, health checks, and restoring a damaged database."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from pathlib import Path

from foundation.clock import CHINA_TZ
from foundation.data_dir import BACKUP_DIRNAME, DB_FILENAME
from foundation.errors import os_error_text
from study.types import BackupInfo, DatabaseHealth, HealthStatus

KEEP_BACKUPS = 7
_PREFIX = "xunxue-"
_SUFFIX = ".sqlite3"
_SQLITE_HEADER = b"SQLite format 3\x00"


def backup_dir(data_dir: Path) -> Path:
    """Where the backups of a data directory live."""
    return Path(data_dir) / BACKUP_DIRNAME


def check_database(path: Path) -> DatabaseHealth:
    """Whether a file is a sound SQLite database (header, then `PRAGMA integrity_check`)."""
    path = Path(path)
    if not path.exists():
        return DatabaseHealth(HealthStatus.MISSING, "找不到数据库文件。", str(path))
    try:
        with path.open("rb") as handle:
            header = handle.read(len(_SQLITE_HEADER))
    except OSError as error:
        return DatabaseHealth(HealthStatus.NOT_A_DATABASE, f"无法读取数据库文件（{os_error_text(error)}）。", str(path))
    if header != _SQLITE_HEADER:
        what = "数据库文件是空的" if not header else "该文件不是巡学的数据库"
        return DatabaseHealth(HealthStatus.NOT_A_DATABASE, f"{what}，可能已被截断或覆盖。", str(path))
    try:
        rows = _integrity_rows(path, immutable=False)
    except sqlite3.OperationalError as error:
        if not _is_access_problem(error):
            return DatabaseHealth(HealthStatus.CORRUPT, "数据库文件已损坏，无法读取。", str(path), (str(error),))
        # A read-only folder: SQLite cannot create the WAL index beside the file. Read it as it stands.
        try:
            rows = _integrity_rows(path, immutable=True)
        except sqlite3.DatabaseError as second:
            return DatabaseHealth(HealthStatus.CORRUPT, "数据库文件已损坏，无法读取。", str(path), (str(second),))
    except sqlite3.DatabaseError as error:
        return DatabaseHealth(HealthStatus.CORRUPT, "数据库文件已损坏，无法读取。", str(path), (str(error),))
    if rows != ["ok"]:
        return DatabaseHealth(HealthStatus.CORRUPT, "数据库完整性检查未通过，文件已损坏。", str(path), tuple(rows))
    return DatabaseHealth(HealthStatus.OK, "数据库完好。", str(path))


def check_data_dir(data_dir: Path) -> DatabaseHealth:
    """The health of a data directory's database, counting a missing file beside backups as damage (LOST).

    Only a data directory with neither a database nor backups is a fresh start (MISSING).
    """
    health = check_database(Path(data_dir) / DB_FILENAME)
    if health.status is HealthStatus.MISSING and list_backups(data_dir):
        return DatabaseHealth(HealthStatus.LOST, "找不到数据库文件，但数据目录中有备份：数据库可能被误删或移走。", health.path)
    return health


def _integrity_rows(path: Path, *, immutable: bool) -> list[str]:
    uri = f"file:{path.as_posix()}?mode=ro" + ("&immutable=1" if immutable else "")
    connection = sqlite3.connect(uri, uri=True)
    try:
        rows = [str(row[0]) for row in connection.execute("PRAGMA integrity_check(20)")]
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        connection.close()
    return rows


def _is_access_problem(error: sqlite3.OperationalError) -> bool:
    text = str(error).lower()
    return "unable to open" in text or "readonly" in text or "read-only" in text


def holds_history(path: Path) -> bool:
    """Whether a database (or backup) file holds any learner's reviews or answers."""
    try:
        connection = sqlite3.connect(f"file:{Path(path).as_posix()}?mode=ro&immutable=1", uri=True)
        try:
            reviews = connection.execute("SELECT EXISTS (SELECT 1 FROM review_logs)").fetchone()[0]
            answers = connection.execute("SELECT EXISTS (SELECT 1 FROM attempt_items)").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        return False
    return bool(reviews or answers)


def _backup_day(path: Path) -> dt.date | None:
    name = path.name
    if not (name.startswith(_PREFIX) and name.endswith(_SUFFIX)):
        return None
    try:
        return dt.date.fromisoformat(name[len(_PREFIX): -len(_SUFFIX)])
    except ValueError:
        return None


def list_backups(data_dir: Path) -> list[BackupInfo]:
    """The backups of a data directory, newest first."""
    folder = backup_dir(data_dir)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        day = _backup_day(path)
        if day is not None and path.is_file():
            found.append(BackupInfo(path=str(path), day=day, size=path.stat().st_size))
    return sorted(found, key=lambda b: b.day, reverse=True)


def _copy_database(source: Path, target: Path) -> None:
    """Copy a live database consistently (online backup API) to `target`, atomically."""
    partial = target.with_name(target.name + ".partial")
    with contextlib.suppress(FileNotFoundError):
        partial.unlink()
    src = sqlite3.connect(f"file:{source.as_posix()}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
        finally:
            dst.close()
    finally:
        src.close()
    os.replace(partial, target)


def make_daily_backup(
    data_dir: Path, *, now: dt.datetime, keep: int = KEEP_BACKUPS, tz: dt.tzinfo = CHINA_TZ
) -> BackupInfo | None:
    """Back up the database once per local day and keep the newest `keep`; a damaged database is never backed up.

    Returns the day's backup, or None if there is no sound database to back up.
    """
    source = Path(data_dir) / DB_FILENAME
    if not check_database(source).ok:
        return None
    day = now.astimezone(tz).date()
    folder = backup_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{_PREFIX}{day.isoformat()}{_SUFFIX}"
    if not target.exists():
        _copy_database(source, target)
    backups = list_backups(data_dir)
    kept, surplus = backups[: max(1, keep)], backups[max(1, keep):]
    if surplus and not any(holds_history(Path(b.path)) for b in kept):
        # The kept backups are of a fresh or emptied database: keep the newest one that holds history too.
        newest_with_history = next((b for b in surplus if holds_history(Path(b.path))), None)
        surplus = [b for b in surplus if b != newest_with_history]
    for old in surplus:
        Path(old.path).unlink()
    return BackupInfo(path=str(target), day=day, size=target.stat().st_size)


def newest_good_backup(data_dir: Path) -> BackupInfo | None:
    """The newest backup that passes `check_database`."""
    for backup in list_backups(data_dir):
        if check_database(Path(backup.path)).ok:
            return backup
    return None


def restore_backup(data_dir: Path, backup: BackupInfo, *, now: dt.datetime) -> Path | None:
    """Put a backup in place of the database; the damaged file is kept as `*.damaged-<timestamp>`.

    Returns where the damaged file was moved (None if there was none). Nothing is deleted.
    """
    database = Path(data_dir) / DB_FILENAME
    stamp = now.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    kept: Path | None = None
    for suffix in ("", "-wal", "-shm"):
        current = database.with_name(database.name + suffix)
        if current.exists():
            aside = current.with_name(f"{current.name}.damaged-{stamp}")
            os.replace(current, aside)
            kept = kept or aside
    _copy_database(Path(backup.path), database)
    return kept
