"""Connections to the database: one pool per process, one transaction per change.

psycopg 3 with ``psycopg_pool``: connections are opened once and reused (a dialog step
costs a few round trips, not a TCP and authentication handshake), each is checked
before it is handed out (a server restart costs nobody an error), and every change runs
in a transaction. A dialog step holds one connection for its whole draft session (see
``PostgresStore.draft_session``); a store call made on the same thread while that session
is open (the FAQ version, a logged question, the earlier round of an application) uses
the session's connection and transaction instead of a second pooled one, so a full pool
can never wait for itself, and the step's writes commit together.

Every driver error becomes one Swedish :class:`StorageError` naming
``IDEBOT_DATABASE_URL``, never with the password.

The driver is imported inside the functions that use it: ``storage`` is imported by every
command of the CLI, and psycopg takes about 0.1 s to import, which only a process with a
database should pay.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from storage.errors import StorageError
from storage.postgres.schema import migrate

if TYPE_CHECKING:
    import psycopg

log = logging.getLogger(__name__)

SETTING = "IDEBOT_DATABASE_URL"
CONNECT_TIMEOUT = 10  # seconds to reach the server at start-up
POOL_SIZE = 20  # connections per process: the bot's worker threads plus a few
POOL_TIMEOUT = 30.0  # seconds a call waits for a free connection before it fails

_REASONS = (
    (
        re.compile(r"password authentication failed|no password supplied", re.I),
        "fel användarnamn eller lösenord",
    ),
    (re.compile(r'database "([^"]+)" does not exist', re.I), "databasen {0} finns inte"),
    (re.compile(r'role "([^"]+)" does not exist', re.I), "användaren {0} finns inte"),
    (re.compile(r"connection refused", re.I), "servern tar inte emot anslutningar"),
    (
        re.compile(r"could not translate host name|name or service not known", re.I),
        "värddatorn hittas inte",
    ),
    (re.compile(r"timeout expired|timed out", re.I), "servern svarade inte i tid"),
    (
        re.compile(
            r"terminating connection|server closed the connection|connection is lost"
            r"|consuming input failed|the connection is closed",
            re.I,
        ),
        "anslutningen till servern bröts",
    ),
)


def server_reason(error: BaseException) -> str:
    """What went wrong, in Swedish where the reason is a common one, else the server's own
    words (first line; libpq never puts the password in a message)."""
    text = str(error).strip()
    for pattern, swedish in _REASONS:
        match = pattern.search(text)
        if match:
            return swedish.format(*match.groups())
    return text.splitlines()[0] if text else type(error).__name__


def where(url: str) -> str:
    """``host:port/database`` of a URL, for messages (no user, no password)."""
    from psycopg.conninfo import conninfo_to_dict  # the driver: see the module docstring

    params = conninfo_to_dict(url)
    host = params.get("host") or "localhost"
    return f"{host}:{params.get('port') or 5432}/{params.get('dbname') or params.get('user', '')}"


def check_url(url: str) -> None:
    """Raises a Swedish StorageError when ``url`` is not a PostgreSQL address."""
    import psycopg  # the driver: see the module docstring
    from psycopg.conninfo import conninfo_to_dict

    if not re.match(r"^postgres(ql)?://", url.strip()):
        raise StorageError(
            f"{SETTING}: en adress som postgresql://användare:lösenord@värd:port/databas väntades"
        )
    try:
        params = conninfo_to_dict(url)
    except psycopg.ProgrammingError as error:
        raise StorageError(f"{SETTING}: ogiltig adress ({server_reason(error)})") from None
    ports = str(params.get("port") or "5432").split(",")
    if not all(port.isdigit() and 0 < int(port) < 65536 for port in ports):
        raise StorageError(
            f"{SETTING}: ogiltig adress (ett portnummer väntades, fick {params['port']!r})"
        )


class Database:
    """The pool of one process, with the schema brought up to date on open.

    Args:
        url: ``postgresql://user:password@host:port/database``.
        pool_size: Connections at most.

    Raises:
        StorageError: for a bad URL, a server that cannot be reached or refuses, or a
            database newer than this code.
    """

    def __init__(self, url: str, *, pool_size: int = POOL_SIZE) -> None:
        import psycopg  # the driver: see the module docstring
        from psycopg_pool import ConnectionPool, PoolTimeout

        check_url(url)
        self.where = where(url)
        try:
            with psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT) as conn:
                self.version = migrate(conn)
        except psycopg.Error as error:
            raise StorageError(
                f"{SETTING}: kan inte ansluta till databasen {self.where} ({server_reason(error)})"
            ) from None
        self._local = threading.local()
        self.pool = ConnectionPool(
            url,
            min_size=1,
            max_size=pool_size,
            kwargs={"autocommit": True, "connect_timeout": CONNECT_TIMEOUT},
            check=ConnectionPool.check_connection,
            timeout=POOL_TIMEOUT,
            name="idebot",
            open=False,
        )
        try:
            self.pool.open(wait=True, timeout=CONNECT_TIMEOUT)
        except PoolTimeout:
            self.pool.close()
            raise StorageError(
                f"{SETTING}: databasen {self.where} svarar inte (ingen anslutning inom "
                f"{CONNECT_TIMEOUT} s)"
            ) from None

    @contextmanager
    def errors(self) -> Iterator[None]:
        """Turns a driver error inside the block into one Swedish StorageError."""
        import psycopg  # already loaded by __init__: a dictionary lookup
        from psycopg_pool import PoolTimeout

        try:
            yield
        except PoolTimeout:
            raise StorageError(
                f"databasen {self.where} ({SETTING}): ingen ledig anslutning inom "
                f"{POOL_TIMEOUT:.0f} s; försök igen"
            ) from None
        except psycopg.Error as error:
            log.warning("database error: %s", error)
            raise StorageError(
                f"databasen {self.where} ({SETTING}): {server_reason(error)}"
            ) from None

    @property
    def session_connection(self) -> psycopg.Connection | None:
        """The connection of the draft session open on this thread, if any."""
        return getattr(self._local, "conn", None)

    @contextmanager
    def reading(self) -> Iterator[psycopg.Connection]:
        """A connection for reads (no transaction of its own: one statement is atomic)."""
        outer = self.session_connection
        with self.errors():
            if outer is not None:
                yield outer
                return
            with self.pool.connection() as conn:
                yield conn

    @contextmanager
    def writing(self) -> Iterator[psycopg.Connection]:
        """A connection inside a transaction (a savepoint within an open session)."""
        outer = self.session_connection
        with self.errors():
            if outer is not None:
                with outer.transaction():
                    yield outer
                return
            with self.pool.connection() as conn, conn.transaction():
                yield conn

    @contextmanager
    def session(self) -> Iterator[psycopg.Connection]:
        """One transaction on one connection, which this thread's other calls share."""
        if self.session_connection is not None:
            with self.writing() as conn:  # a session within a session: a savepoint
                yield conn
            return
        with self.errors(), self.pool.connection() as conn, conn.transaction():
            self._local.conn = conn
            try:
                yield conn
            finally:
                self._local.conn = None

    def close(self) -> None:
        """Closes every connection (waiting calls fail)."""
        self.pool.close()
