"""The trainer password: first use, verification, change, and what is stored."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from foundation.errors import UserError
from question_bank.models import SettingRow
from trainer.auth import (
    SETTING_KEY,
    has_trainer_password,
    set_trainer_password,
    verify_trainer_password,
)


def test_password_set_verified_changed_and_never_stored_in_clear(
    session_factory: sessionmaker[Session], db_url: str
) -> None:
    with session_factory() as s, s.begin():
        assert not has_trainer_password(s)
        assert not verify_trainer_password(s, "anything")
        with pytest.raises(UserError):
            set_trainer_password(s, "短")
        set_trainer_password(s, "巡视培训2026")
    with session_factory() as s, s.begin():
        assert has_trainer_password(s)
        assert verify_trainer_password(s, "巡视培训2026")
        assert not verify_trainer_password(s, "巡视培训2025")
        assert not verify_trainer_password(s, "")
        stored = s.get(SettingRow, SETTING_KEY)
        assert stored is not None
        value = dict(stored.value)
        assert value["scheme"] == "scrypt" and len(bytes.fromhex(value["salt"])) == 16
        # A second set without the current password is refused; with it, the password changes.
        with pytest.raises(UserError, match="原密码不正确"):
            set_trainer_password(s, "另一个密码abc")
        with pytest.raises(UserError, match="原密码不正确"):
            set_trainer_password(s, "另一个密码abc", current="猜一猜的密码")
        set_trainer_password(s, "另一个密码abc", current="巡视培训2026")
    with session_factory() as s:
        assert verify_trainer_password(s, "另一个密码abc")
        assert not verify_trainer_password(s, "巡视培训2026")
        new_value = s.get(SettingRow, SETTING_KEY).value  # type: ignore[union-attr]
        assert new_value["salt"] != value["salt"]
        dump = "\n".join(str(row) for row in s.execute(text("SELECT key, value FROM settings")))
    raw = db_url.removeprefix("sqlite:///")
    for password in ("巡视培训2026", "另一个密码abc"):
        assert password not in dump
        for path in (Path(raw), Path(raw + "-wal")):
            if path.exists():
                assert password.encode("utf-8") not in path.read_bytes()


def test_same_password_gets_different_salts(session_factory: sessionmaker[Session]) -> None:
    with session_factory() as s, s.begin():
        set_trainer_password(s, "same-password")
        first = dict(s.get(SettingRow, SETTING_KEY).value)  # type: ignore[union-attr]
        set_trainer_password(s, "same-password", current="same-password")
        second = dict(s.get(SettingRow, SETTING_KEY).value)  # type: ignore[union-attr]
    assert first["salt"] != second["salt"] and first["hash"] != second["hash"]


def test_a_failed_password_write_keeps_the_salt_and_hash_out_of_the_error(db_url: str) -> None:
    """error.log records the exception's text: it must not carry the statement's values."""
    from sqlalchemy.exc import DBAPIError

    from foundation.database import make_engine, make_session_factory, upgrade_to_head

    engine = make_engine(db_url)
    upgrade_to_head(engine)
    with engine.begin() as connection:  # the write will fail: a trigger refuses it
        if engine.dialect.name == "sqlite":
            connection.execute(text("CREATE TRIGGER refuse BEFORE INSERT ON settings BEGIN SELECT RAISE(FAIL, 'disk'); END"))
        else:
            connection.execute(text("CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS "
                                    "$$ BEGIN RAISE EXCEPTION 'disk'; END $$"))
            connection.execute(text("CREATE TRIGGER refuse BEFORE INSERT ON settings FOR EACH ROW EXECUTE FUNCTION refuse()"))
    factory = make_session_factory(engine)
    with pytest.raises(DBAPIError) as caught:
        with factory() as session, session.begin():
            set_trainer_password(session, "correct horse")
    assert "salt" not in str(caught.value) and "scrypt" not in str(caught.value)
    engine.dispose()
