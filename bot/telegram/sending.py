"""Sending to a chat: rendered dialog replies, and plain texts of any length."""

from __future__ import annotations

from typing import Any, Protocol

from bot.telegram.render import OutDocument, OutText, render, split_text
from bot.telegram.runtime import Runtime


class Sendable(Protocol):
    """What is needed of a ``telegram.Chat`` to send to it."""

    async def send_message(self, text: str, **kwargs: Any) -> Any: ...

    async def send_document(self, document: Any, **kwargs: Any) -> Any: ...


class ChatById:
    """The part of ``telegram.Chat`` that sending uses, for a chat known only by its id."""

    def __init__(self, bot: Any, chat_id: int) -> None:
        self._bot = bot
        self.id = chat_id

    async def send_message(self, text: str, **kwargs: Any) -> Any:
        return await self._bot.send_message(self.id, text, **kwargs)

    async def send_document(self, document: Any, **kwargs: Any) -> Any:
        return await self._bot.send_document(self.id, document, **kwargs)


async def send_text(chat: Sendable, text: str) -> None:
    """Sends a text, split at line breaks when it is longer than Telegram allows."""
    for chunk in split_text(text):
        await chat.send_message(chunk)


async def send_replies(runtime: Runtime, chat: Sendable, replies: list[Any]) -> None:
    """Renders dialog replies and sends them to a chat, in order (a document's bytes are
    read from the store, off the event loop)."""
    for item in render(replies):
        if isinstance(item, OutText):
            await chat.send_message(item.text, reply_markup=item.markup)
        elif isinstance(item, OutDocument):
            data = await runtime.call(runtime.core.document, item.application_id)
            await chat.send_document(data, filename=item.filename, caption=item.caption)
