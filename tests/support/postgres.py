"""A throwaway PostgreSQL server for the tests and benchmarks: initdb + pg_ctl in a temp dir.

The server binaries come from the machine (Debian's ``postgresql`` package, which
``make test`` installs when they are missing): ``initdb`` on the PATH, else the newest
``/usr/lib/postgresql/<version>/bin``. The cluster lives in a fresh temporary folder,
listens on 127.0.0.1 on a free port (and a socket in that folder, never the system's),
trusts local connections and runs without fsync: it is thrown away at the end, so
durability would only cost time. PostgreSQL refuses to run as root; as root the server
runs as the ``postgres`` account the package creates (``nobody`` without one).
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import threading
from pathlib import Path

SUPERUSER = "postgres"
START_TIMEOUT = 60  # seconds pg_ctl waits for the server
SERVER_OPTIONS = (
    "-c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
    "-c full_page_writes=off -c max_connections=300 -c shared_buffers=64MB"
)


class ServerUnavailable(Exception):
    """The server binaries are missing or the server did not start (the reason is the text)."""


def server_bindir() -> Path | None:
    """The folder with ``initdb``, ``pg_ctl`` and ``postgres``, or None when not installed."""
    found = shutil.which("initdb")
    if found:
        # Debian links /usr/local/bin/initdb to the versioned folder, where pg_ctl finds
        # the postgres binary beside itself.
        return Path(found).resolve().parent
    versions = glob.glob("/usr/lib/postgresql/*/bin/initdb")
    if not versions:
        return None
    newest = max(versions, key=lambda path: int(Path(path).parent.parent.name))
    return Path(newest).parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _run_as() -> tuple[int, int] | None:
    """The (uid, gid) the server runs as when we are root, else None (ourselves)."""
    if os.geteuid() != 0:
        return None
    for name in (SUPERUSER, "nobody"):
        with contextlib.suppress(KeyError):
            entry = pwd.getpwnam(name)
            return entry.pw_uid, entry.pw_gid
    raise ServerUnavailable("kör som root och det finns varken användaren postgres eller nobody")


class PostgresServer:
    """One throwaway cluster; :meth:`start` it, :meth:`database` per test, :meth:`stop`.

    Args:
        bindir: The server binaries (default: :func:`server_bindir`).
    """

    def __init__(self, bindir: Path | None = None) -> None:
        self.bindir = bindir or server_bindir()
        if self.bindir is None:
            raise ServerUnavailable(
                "PostgreSQL-servern är inte installerad (initdb saknas): "
                "kör `make test`, som installerar Debians paket postgresql"
            )
        self.root = Path(tempfile.mkdtemp(prefix="idebot-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.port = 0
        self._owner = _run_as()
        self._names = iter(range(1, 1_000_000))
        self._lock = threading.Lock()
        if self._owner is not None:
            os.chown(self.root, *self._owner)
        os.chmod(self.root, 0o700)

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        user = group = None
        if self._owner is not None:
            user, group = self._owner
        return subprocess.run(
            [str(self.bindir / args[0]), *args[1:]],
            cwd=self.root,
            user=user,
            group=group,
            capture_output=True,
            text=True,
            timeout=START_TIMEOUT + 30,
        )

    def start(self) -> PostgresServer:
        """Creates the cluster and starts it (a taken port is tried again with another).

        Raises:
            ServerUnavailable: with initdb's or the server log's last lines.
        """
        done = self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            SUPERUSER,
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-locale",
            "--no-sync",
        )
        if done.returncode != 0:
            raise ServerUnavailable(f"initdb misslyckades: {done.stderr.strip()[-800:]}")
        for _ in range(3):
            self.port = _free_port()
            options = f"-p {self.port} -k {self.root} {SERVER_OPTIONS}"
            done = self._run(
                "pg_ctl",
                "-D",
                str(self.data),
                "-l",
                str(self.log),
                "-o",
                options,
                "-w",
                "-t",
                str(START_TIMEOUT),
                "start",
            )
            if done.returncode == 0:
                return self
        tail = self.log.read_text(errors="replace")[-800:] if self.log.exists() else ""
        raise ServerUnavailable(f"PostgreSQL startade inte: {done.stderr.strip()} {tail}")

    def url(self, database: str = "postgres") -> str:
        """The connection URL of a database on this server."""
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def database(self) -> str:
        """A URL whose connections see a new, empty schema of their own (one per test).

        A schema is made in a few milliseconds where a database takes a few hundred; the
        store's unqualified table names land in the first schema of the ``search_path``,
        which the URL sets (libpq's ``options``), exactly as an operator could.
        """
        import psycopg  # the driver is imported only by tests that use the server

        with self._lock:
            name = f"t{next(self._names)}"
        with psycopg.connect(self.url(), autocommit=True) as admin:
            admin.execute(f'CREATE SCHEMA "{name}"')
        return f"{self.url()}?options=-c%20search_path%3D{name}"

    def restart(self) -> None:
        """Stops the server (cutting every connection) and starts it again on its port."""
        done = self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-m", "fast", "-w", "restart"
        )
        if done.returncode != 0:
            raise ServerUnavailable(f"PostgreSQL startade inte om: {done.stderr.strip()}")

    def stop(self) -> None:
        """Stops the server at once and deletes its folder."""
        if self.data.exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)
