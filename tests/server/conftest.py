"""A shared server per test: a fresh database on the session's PostgreSQL, prepared by init-server's steps."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from foundation.database import make_engine, make_session_factory
from foundation.server import LEARNER_GROUP, TRAINER_GROUP, apply_server_objects, create_login_role
from study.learners import create_learner
from tests.conftest import FIXED_NOW, fresh_pg_database
from tests.pg_cluster import ADMIN, Cluster


_logins = itertools.count(1)


@dataclass
class Login:
    """A login role on the server and, for a learner, the learner row it is linked to."""

    name: str
    password: str
    learner_id: int | None


@dataclass
class SharedServer:
    """A prepared server database and a way to connect as anyone on it."""

    cluster: Cluster
    database: str
    admin: Engine

    def url(self, login: Login | None = None) -> str:
        """The database's URL for the administrator, or for a login."""
        if login is None:
            return self.cluster.url(self.database).render_as_string(hide_password=False)
        return self.cluster.url(self.database, user=login.name, password=login.password).render_as_string(
            hide_password=False)

    def factory(self, login: Login | None = None) -> sessionmaker[Session]:
        """A session factory connected as the administrator or a login (disposed with the server)."""
        engine = make_engine(self.url(login))
        self._engines.append(engine)
        return make_session_factory(engine)

    def add_login(self, name: str, *, trainer: bool = False, unit: str = "第一巡视组") -> Login:
        """A learner (row and role) or a trainer (role) with a password."""
        login = Login(f"{'trainer' if trainer else 'learner'}_t{next(_logins)}", "pw-" + name, None)
        with make_session_factory(self.admin)() as session, session.begin():
            if not trainer:
                login.learner_id = int(create_learner(session, name, now=FIXED_NOW, unit=unit).id)
            create_login_role(session.connection(), login.name, login.password,
                              group=TRAINER_GROUP if trainer else LEARNER_GROUP)
            if login.learner_id is not None:
                session.execute(text("INSERT INTO server_learners VALUES (:role, :id)"),
                                {"role": login.name, "id": login.learner_id})
        return login

    def __post_init__(self) -> None:
        self._engines: list[Engine] = []

    def close(self) -> None:
        """Dispose of every engine made for this server."""
        for engine in self._engines:
            engine.dispose()
        self.admin.dispose()


@pytest.fixture
def server(pg_cluster: Cluster) -> Iterator[SharedServer]:
    """A migrated database with the server objects applied (no built-in bank: tests add what they need)."""
    url = fresh_pg_database(pg_cluster)
    database = url.rsplit("/", 1)[1]
    admin = make_engine(url)
    apply_server_objects(admin)
    shared = SharedServer(pg_cluster, database, admin)
    yield shared
    shared.close()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A local data directory for a client."""
    return tmp_path / "data"


__all__ = ["ADMIN", "Login", "SharedServer"]
