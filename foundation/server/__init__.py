"""A unit's shared PostgreSQL server: roles, row-level security, the key-keeping grading functions, login roles."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from pathlib import Path

from sqlalchemy import Connection, Engine, text
from sqlalchemy.engine import make_url

from foundation.errors import UserError

SERVER_SQL = Path(__file__).resolve().parent / "server.sql"
LEARNER_GROUP = "xunxue_learner"
TRAINER_GROUP = "xunxue_trainer"
SCRAM_ITERATIONS = 4096  # PostgreSQL's own default for scram-sha-256
LOGIN_NAME = re.compile(r"[a-z][a-z0-9_]{1,40}")

__all__ = [
    "LEARNER_GROUP",
    "TRAINER_GROUP",
    "apply_server_objects",
    "create_login_role",
    "describe_changes",
    "describe_database",
    "group_changes",
    "is_postgresql",
    "new_password",
    "safe_url",
    "save_server_url",
    "saved_server_url",
    "scram_verifier",
    "unreachable_reason",
]

# What the server objects look like in the catalog, one row per object: roles, relations with their grants and
# RLS flag, the columns of the app's tables with their types and column grants, policies, functions with their
# bodies, settings and grants. Equal before and after means nothing changed; the rows that differ say what did.
_CATALOG = """
SELECT 'role' AS kind, rolname::text AS name, '' AS detail FROM pg_roles
    WHERE rolname IN ('xunxue_learner', 'xunxue_trainer')
UNION ALL SELECT CASE relkind WHEN 'r' THEN 'table' WHEN 'S' THEN 'sequence' WHEN 'i' THEN 'index'
                              WHEN 'v' THEN 'view' ELSE 'relation' END,
                 relname::text, relrowsecurity::text || ':' || coalesce(relacl::text, '')
    FROM pg_class WHERE relnamespace = 'public'::regnamespace
UNION ALL SELECT 'column', attrelid::regclass::text || '.' || attname,
                 format_type(atttypid, atttypmod) || ':' || coalesce(attacl::text, '')
    FROM pg_attribute JOIN pg_class c ON c.oid = attrelid
    WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND attnum > 0 AND NOT attisdropped
UNION ALL SELECT 'policy', tablename || '.' || policyname,
                 cmd || ':' || array_to_string(roles, ',') || ':' || coalesce(qual, '') || ':' || coalesce(with_check, '')
    FROM pg_policies WHERE schemaname = 'public'
UNION ALL SELECT 'function', proname || '(' || pg_get_function_identity_arguments(oid) || ')',
                 md5(prosrc) || ':' || prosecdef::text || ':' || coalesce(proconfig::text, '') || ':'
                 || coalesce(proacl::text, '')
    FROM pg_proc WHERE pronamespace = 'public'::regnamespace
"""
_KIND_NAMES = {"role": "角色", "table": "表", "sequence": "序列", "index": "索引", "view": "视图", "relation": "对象",
               "column": "列", "policy": "行级安全策略", "function": "函数"}


def _catalog(connection: Connection) -> dict[tuple[str, str], str]:
    return {(row.kind, row.name): row.detail for row in connection.execute(text(_CATALOG))}


def describe_changes(before: dict[tuple[str, str], str], after: dict[tuple[str, str], str]) -> list[str]:
    """Pure: what differs between two catalog snapshots, one line in Chinese per object, in a stable order.

    A changed table is a change of its grants or row-level security; a changed column, of its type or grants;
    a changed function, of its body, settings or grants.
    """
    lines = []
    new_tables = {name for kind, name in after.keys() - before.keys() if kind == "table"}
    for key in sorted(before.keys() | after.keys()):
        kind, name = key
        what = _KIND_NAMES.get(kind, kind)
        if kind == "column" and name.split(".", 1)[0] in new_tables:
            continue  # a new table's columns come with it
        if key not in before:
            lines.append(f"新建{what}：{name}")
        elif key not in after:
            lines.append(f"删除{what}：{name}")
        elif before[key] != after[key]:
            lines.append(f"更新{what}：{name}" + ("（权限或行级安全）" if kind in ("table", "sequence", "view") else ""))
    return lines


def group_changes(lines: list[str]) -> list[str]:
    """Pure: `describe_changes` lines with one head grouped on one line (“新建表：a、b”), in first-seen order."""
    groups: dict[str, list[str]] = {}
    for line in lines:
        head, _, name = line.partition("：")
        groups.setdefault(head, []).append(name)
    return [f"{head}：{'、'.join(names)}" for head, names in groups.items()]


def is_postgresql(url: str) -> bool:
    """Whether a database URL names a PostgreSQL server."""
    return url.startswith("postgresql")


def safe_url(url: str) -> str:
    """A database URL fit for messages and logs: the password masked."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # not a URL at all: say nothing of it
        return "（无法解析的数据库地址）"


def apply_server_objects(engine: Engine) -> list[str]:
    """Create or update the server's roles, tables, functions, grants and policies (one transaction).

    The portable schema must be at head first. Returns what changed, one line per object (see
    `describe_changes`); empty when the server was already up to date.
    """
    with engine.begin() as connection:
        before = _catalog(connection)
        # One call of the driver runs the whole script: psycopg sends it as a simple query.
        connection.exec_driver_sql(SERVER_SQL.read_text(encoding="utf-8").replace("%", "%%"))
        after = _catalog(connection)
    return describe_changes(before, after)


def new_password() -> str:
    """A fresh password for a login role: 16 characters from the OS's secure source."""
    return secrets.token_urlsafe(12)


def scram_verifier(password: str, *, salt: bytes | None = None, iterations: int = SCRAM_ITERATIONS) -> str:
    """The SCRAM-SHA-256 verifier PostgreSQL stores for a password (RFC 5802/7677).

    Sending the verifier instead of the password keeps the password itself out of the server's statement
    log and out of any error text.
    """
    salt = salt or secrets.token_bytes(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()

    def b64(data: bytes) -> str:
        return base64.b64encode(data).decode("ascii")

    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"


def create_login_role(connection: Connection, login: str, password: str, *, group: str) -> None:
    """Create a login role in `group` (learners' or trainers') with this password.

    Raises:
        UserError: the login name is not lower-case letters, digits and underscores, or is taken.
    """
    if not LOGIN_NAME.fullmatch(login) or login.startswith(("pg_", "xunxue_")):
        raise UserError("登录名只能由小写字母、数字和下划线组成（以字母开头，2到41个字符）。")
    if group not in (LEARNER_GROUP, TRAINER_GROUP):
        raise ValueError(f"unknown group {group!r}")
    if connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :name"), {"name": login}).first():
        raise UserError(f"数据库中已有登录名“{login}”。")
    verifier = scram_verifier(password)
    # Utility statements take no bind parameters; the name is checked above and the verifier is base64.
    connection.exec_driver_sql(f"CREATE ROLE {login} LOGIN PASSWORD '{verifier}' IN ROLE {group}")


SAVED_URL_FILENAME = "server-url.txt"  # in the data directory: the shared server this PC uses, without password


def unreachable_reason(url: str, *, timeout_s: int = 5) -> str | None:
    """Why the server at `url` cannot be reached now (in Chinese, no password), or None if it answers."""
    from sqlalchemy import create_engine
    from sqlalchemy.exc import DBAPIError

    engine = create_engine(url, connect_args={"connect_timeout": timeout_s}, hide_parameters=True)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return None
    except DBAPIError as error:
        message = str(error.orig).strip().splitlines()[-1] if str(error.orig).strip() else ""
        if "password authentication failed" in message:
            return "用户名或密码不正确"
        return f"服务器没有响应（{message[:200]}）" if message else "服务器没有响应"
    finally:
        engine.dispose()


def describe_database(url: str) -> str:
    """Which database a URL is, for the window's status bar: the local file, or the server and database."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"本机数据库（{parsed.database}）"
    where = f"{parsed.host or 'localhost'}{':' + str(parsed.port) if parsed.port else ''}/{parsed.database or ''}"
    who = f"，登录名 {parsed.username}" if parsed.username else ""
    return f"共享服务器 {where}{who}"


def saved_server_url(data_dir: Path) -> str | None:
    """The shared server this PC was pointed at with `use-server`, if any."""
    path = Path(data_dir) / SAVED_URL_FILENAME
    try:
        saved = path.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return saved or None


def save_server_url(data_dir: Path, url: str | None) -> None:
    """Point this PC at a shared server (None: back to the local database).

    Raises:
        UserError: the URL is not PostgreSQL's, or carries a password (that belongs in the pgpass file).
    """
    path = Path(data_dir) / SAVED_URL_FILENAME
    if url is None:
        path.unlink(missing_ok=True)
        return
    if not is_postgresql(url):
        raise UserError("共享服务器的地址应形如 postgresql+psycopg://登录名@服务器:5432/数据库名。")
    if make_url(url).password is not None:
        raise UserError("地址中不要写密码：密码请保存在本机的 pgpass 文件中（见 README），或每次启动时由管理员设置环境变量 PGPASSWORD。")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(url + "\n", encoding="utf-8")
