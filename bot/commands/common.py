"""What the sub-commands share: the store and the application, and who is acting."""

from __future__ import annotations

import getpass
import logging
import logging.handlers
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.core import Idebot
from bot.settings import Settings
from storage import Store, open_store


def os_user() -> str:
    """The operating system's user name (``anonym`` when there is none, in containers)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "anonym"


def cli_actor() -> str:
    """Who a command-line change is audited as: ``cli:<user>``."""
    return f"cli:{os_user()}"


@contextmanager
def opened_store(settings: Settings, *, purge: bool = False) -> Iterator[Store]:
    """The deployment's store, closed afterwards (``purge``: apply the draft retention)."""
    store = open_store(settings, purge=purge)
    try:
        yield store
    finally:
        store.close()


LOG_NAME = "idebot.log"
LOG_BYTES = 1_000_000  # a file this large is rotated; two old ones are kept


class _PrivateLog(logging.handlers.RotatingFileHandler):
    """A rotating log whose files are 0600, like every file in the data folder."""

    def _open(self):  # type: ignore[override]
        descriptor = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        return os.fdopen(descriptor, "a", encoding=self.encoding or "utf-8")


@contextmanager
def logged_to_file(settings: Settings) -> Iterator[Path | None]:
    """Sends this process's log to ``IDEBOT_DATA_DIR/idebot.log`` while a command runs.

    Without a handler, Python prints warnings bare on stderr: a coordinator's terminal
    would show English log lines beside the command's Swedish ones, and an applicant's
    console a traceback with the server's paths when a submission fails. The person is
    told in Swedish (with the reference code); the log keeps the details.

    Yields:
        The log file, or None when the data folder cannot be written (nothing is logged).
    """
    root = logging.getLogger()
    path: Path | None = Path(settings.data_dir) / LOG_NAME
    handler: logging.Handler
    try:
        Path(settings.data_dir).mkdir(mode=0o700, parents=True, exist_ok=True)
        handler = _PrivateLog(path, maxBytes=LOG_BYTES, backupCount=2, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    except OSError:
        path, handler = None, logging.NullHandler()
    root.addHandler(handler)
    try:
        yield path
    finally:
        root.removeHandler(handler)
        handler.close()


@contextmanager
def opened_core(settings: Settings, *, purge: bool = False) -> Iterator[Idebot]:
    """The application on the deployment's store, its log in the data folder."""
    with logged_to_file(settings), opened_store(settings, purge=purge) as store:
        yield Idebot(settings=settings, store=store)
