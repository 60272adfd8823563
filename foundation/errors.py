"""Errors reported to the user as one line of Chinese, and the Chinese wording of file and database failures."""

from __future__ import annotations


# Causes the context raises before SQLite would open a lost database as a new one (see database_failure).
MISSING_BESIDE_BACKUPS = "database file missing beside backups"
EMPTY_DATABASE_FILE = "database file is empty"


class UserError(Exception):
    """A problem to report to the user as one line of Chinese (exit code 2 on the command line)."""


_OS_ERROR_TEXT = {
    "ENOENT": "找不到该文件或文件夹",
    "EACCES": "没有访问权限",
    "EPERM": "没有访问权限",
    "EISDIR": "这是一个文件夹，不是文件",
    "ENOTDIR": "路径中有一项不是文件夹",
    "EEXIST": "已有同名文件",
    "ENOSPC": "磁盘已满",
    "EROFS": "磁盘是只读的",
    "ENAMETOOLONG": "文件名过长",
    "EBUSY": "文件正被占用",
}


def os_error_text(error: OSError) -> str:
    """What went wrong with a file, in Chinese (the system's own words are often English)."""
    import errno

    name = errno.errorcode.get(error.errno or 0, "")
    return _OS_ERROR_TEXT.get(name) or error.strerror or str(error)


def database_failure(error: BaseException) -> UserError | None:
    """A database that cannot be read or written, as one line of Chinese; None for any other error."""
    from sqlalchemy.exc import DatabaseError

    if not isinstance(error, DatabaseError):
        return None
    detail = str(error.orig).lower()
    if MISSING_BESIDE_BACKUPS in detail:
        return UserError("找不到数据库文件，但数据目录中有备份（数据库可能被误删或移走），为免从头开始，本次操作未执行。"
                         "请运行“python main.py check-db --restore”从最近的完好备份恢复。")
    if EMPTY_DATABASE_FILE in detail:
        return UserError("数据库文件是空的（可能已被截断），为免在其上重新建库，本次操作未执行。"
                         "请运行“python main.py check-db”查看详情。")
    if "malformed" in detail or "not a database" in detail:
        return UserError("数据库文件已损坏，无法读取，本次操作未执行。"
                         "请运行“python main.py check-db --restore”从最近的完好备份恢复。")
    if "locked" in detail or "busy" in detail:
        return UserError("数据库正被占用（可能另一个巡学窗口正在运行），请关闭后再试。")
    if "full" in detail:
        return UserError("磁盘已满，无法写入数据库，本次操作未执行。")
    if "readonly" in detail or "unable to open" in detail:
        return UserError("无法打开或写入数据库文件，请检查数据目录的权限。")
    return UserError(f"数据库出错，本次操作未执行（{error.orig}）。")
