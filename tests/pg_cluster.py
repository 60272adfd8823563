"""A throwaway PostgreSQL cluster on loopback for tests and benchmarks: initdb and pg_ctl in a temp dir."""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL

PG_BIN_ENV = "XUNXUE_PG_BIN"  # a folder with initdb and pg_ctl; set it to an empty folder to hide PostgreSQL
SEARCH_DIRS = tuple(sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True))
ADMIN = "xunxue_admin"
RUN_AS = "postgres"  # PostgreSQL refuses to run as root: as root, the cluster runs as this system user


def find_pg_bin() -> tuple[Path | None, str]:
    """The folder holding initdb and pg_ctl, or None with the reason it was not found."""
    env = os.environ.get(PG_BIN_ENV)
    candidates = [Path(env)] if env is not None else [*SEARCH_DIRS]
    if env is None:
        initdb = shutil.which("initdb")
        if initdb:
            candidates.insert(0, Path(initdb).parent)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder, ""
    where = env if env is not None else "PATH and /usr/lib/postgresql/*/bin"
    return None, f"no PostgreSQL server binaries (initdb, pg_ctl) in {where}; install Debian's postgresql package"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Cluster:
    """A running cluster: its folder, port and the superuser's password."""

    bin_dir: Path
    root: Path
    port: int
    password: str

    def url(self, database: str = "postgres", *, user: str = ADMIN, password: str | None = None) -> URL:
        """The SQLAlchemy URL of a database on this cluster (psycopg 3)."""
        return URL.create(
            "postgresql+psycopg",
            username=user,
            password=self.password if password is None else password,
            host="127.0.0.1",
            port=self.port,
            database=database,
        )

    def stop(self) -> None:
        """Stop the server at once and remove its folder."""
        _run([str(self.bin_dir / "pg_ctl"), "stop", "-D", str(self.root / "data"), "-m", "immediate", "-w"])
        shutil.rmtree(self.root, ignore_errors=True)


def _as_owner() -> list[str]:
    return ["runuser", "-u", RUN_AS, "--"] if os.geteuid() == 0 else []


def _run(command: list[str]) -> None:
    subprocess.run([*_as_owner(), *command], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def start_cluster(bin_dir: Path, *, durable: bool = False, max_connections: int = 200) -> Cluster:
    """initdb a cluster in a new temp folder and start it on a free loopback port.

    Args:
        bin_dir: the folder with initdb and pg_ctl.
        durable: keep fsync on (benchmarks); tests turn it off, the cluster is thrown away.
        max_connections: the server's connection limit.
    """
    root = Path(tempfile.mkdtemp(prefix="xunxue-pg-"))
    password = secrets.token_urlsafe(16)
    (root / "pw").write_text(password, encoding="utf-8")
    if os.geteuid() == 0:
        shutil.chown(root, RUN_AS)
        shutil.chown(root / "pw", RUN_AS)
    data = root / "data"
    _run([str(bin_dir / "initdb"), "-D", str(data), "-U", ADMIN, f"--pwfile={root / 'pw'}", "-E", "UTF8", "--no-sync",
          "--locale=C.UTF-8", "--auth-local=scram-sha-256", "--auth-host=scram-sha-256"])
    (root / "pw").unlink()
    port = free_port()
    options = f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={root} -c max_connections={max_connections}"
    if not durable:
        options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    _run([str(bin_dir / "pg_ctl"), "start", "-D", str(data), "-w", "-l", str(root / "server.log"), "-o", options])
    return Cluster(bin_dir=bin_dir, root=root, port=port, password=password)
