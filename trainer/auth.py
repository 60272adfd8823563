"""The trainer password: set on first use, kept only as a salted scrypt hash in the settings table."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

from sqlalchemy.orm import Session

from foundation.errors import UserError
from question_bank.models import SettingRow

SETTING_KEY = "trainer/password"
MIN_LENGTH = 6
# scrypt cost: about 50 ms here, slow enough to make guessing expensive, quick enough for a dialog.
_SCRYPT_N = 2**14
_SCRYPT_R = 8
_SCRYPT_P = 1
_DKLEN = 32


def _derive(password: str, *, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=_DKLEN, maxmem=64 * 1024 * 1024)


def has_trainer_password(session: Session) -> bool:
    """Whether a trainer password has been set on this data."""
    return session.get(SettingRow, SETTING_KEY) is not None


def set_trainer_password(session: Session, password: str, *, current: str | None = None) -> None:
    """Set the password on first use, or change it when the current one is given.

    Raises:
        UserError: the password is too short, or one is set already and `current` is missing or wrong.
    """
    if len(password) < MIN_LENGTH:
        raise UserError(f"培训管理密码至少需要{MIN_LENGTH}个字符。")
    row = session.get(SettingRow, SETTING_KEY)
    if row is not None and (current is None or not verify_trainer_password(session, current)):
        raise UserError("原密码不正确。")
    # The salt comes from the OS's secure source, not the app's seeded rng: it must be unpredictable.
    salt = secrets.token_bytes(16)
    digest = _derive(password, salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P)
    value: dict[str, Any] = {
        "scheme": "scrypt",
        "n": _SCRYPT_N,
        "r": _SCRYPT_R,
        "p": _SCRYPT_P,
        "salt": salt.hex(),
        "hash": digest.hex(),
    }
    if row is None:
        session.add(SettingRow(key=SETTING_KEY, value=value))
    else:
        row.value = value
    session.flush()


def verify_trainer_password(session: Session, password: str) -> bool:
    """Whether `password` is the trainer password (False when none is set); compared in constant time."""
    row = session.get(SettingRow, SETTING_KEY)
    if row is None:
        return False
    stored = row.value
    try:
        salt = bytes.fromhex(stored["salt"])
        expected = bytes.fromhex(stored["hash"])
        candidate = _derive(password, salt=salt, n=int(stored["n"]), r=int(stored["r"]), p=int(stored["p"]))
    except (KeyError, TypeError, ValueError):
        return False
    return hmac.compare_digest(candidate, expected)


def clear_trainer_password(session: Session) -> bool:
    """Forget the trainer password (whoever can reach the data directory may); True if one was set."""
    row = session.get(SettingRow, SETTING_KEY)
    if row is None:
        return False
    session.delete(row)
    return True


PASSWORD_ENV = "XUNXUE_TRAINER_PASSWORD"


def require_trainer_password(session: Session, supplied: str | None) -> None:
    """The command-line gate: once a password is set, a trainer's command needs it.

    Args:
        supplied: the password given (from the environment or a prompt), or None if there was none to ask.

    Raises:
        UserError: a password is set and `supplied` is missing or wrong.
    """
    if not has_trainer_password(session):
        return
    if supplied is None:
        raise UserError(f"此命令仅供培训管理员使用：请在提示时输入培训管理密码，或在环境变量 {PASSWORD_ENV} 中提供。")
    if not verify_trainer_password(session, supplied):
        raise UserError("培训管理密码不正确。")
