"""What the sub-commands share: the store and the application, and who is acting."""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager

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


@contextmanager
def opened_core(settings: Settings, *, purge: bool = False) -> Iterator[Idebot]:
    """The application on the deployment's store."""
    with opened_store(settings, purge=purge) as store:
        yield Idebot(settings=settings, store=store)
