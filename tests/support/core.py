"""The real application on a test store: the engine context, an ``Idebot``, helpers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.core import Idebot
from bot.core.dialog import FAQ_STRONG_SCORE
from bot.settings import load_settings
from dialogs.flow import load_flow
from dialogs.plan import plan_of
from dialogs.replies import Ask
from dialogs.state import DialogContext, DialogState
from knowledge.base import load_knowledge
from storage import MemoryStore, TinyStore
from tests.support.clock import NOW, TODAY, Clock, Ids


def context(today=TODAY, *, new_id: Any = None) -> DialogContext:
    """The engine context with the real knowledge base, flow and FAQ."""
    kb = load_knowledge()
    return DialogContext(
        flow=load_flow(),
        funds=kb.funds,
        faq=kb.faq,
        today=today,
        new_id=new_id or Ids(),
        faq_strong_score=FAQ_STRONG_SCORE,
    )


def make_core(
    tmp_path: Path,
    *,
    store: Any = None,
    chats: list[int] | None = None,
    clock: Any = None,
    **settings: Any,
) -> Idebot:
    """An ``Idebot`` on a MemoryStore (or the given store), data under ``tmp_path/data``."""
    config = load_settings(data_dir=tmp_path / "data", coordinator_chat_ids=chats or [], **settings)
    return Idebot(
        settings=config,
        store=store if store is not None else MemoryStore(),
        clock=clock or Clock(NOW),
        new_id=Ids(),
    )


def tiny(tmp_path: Path) -> TinyStore:
    """A TinyStore in ``tmp_path/data``."""
    return TinyStore(tmp_path / "data")


def last_ask(replies: list[Any]) -> Ask | None:
    """The final question among replies (None if there is none)."""
    asks = [r for r in replies if isinstance(r, Ask)]
    return asks[-1] if asks else None


def question_number(fund: str, field: str) -> int:
    """The question number ``field`` has in a new dialog for ``fund`` (for ``/andra N``)."""
    ctx = context()
    return plan_of(DialogState.new(fund), ctx).numbers[field]
