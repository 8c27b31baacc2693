"""Sending to a chat: rendered dialog replies, and plain texts of any length."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, Protocol

from bot.telegram.render import OutDocument, OutText, field_tag, render, split_text
from dialogs.replies import Ask, DocumentReply, End

ASKED_KEY = "asked_field_tag"  # chat_data: hash of the field the newest question asks


class Sendable(Protocol):
    """What is needed of a ``telegram.Chat`` to send to it."""

    async def send_message(self, text: str, **kwargs: Any) -> Any: ...

    async def send_document(self, document: Any, **kwargs: Any) -> Any: ...


async def send_text(chat: Sendable, text: str) -> None:
    """Sends a text, split at line breaks when it is longer than Telegram allows."""
    for chunk in split_text(text):
        await chat.send_message(chunk)


async def send_replies(chat: Sendable, chat_data: dict, replies: list[Any]) -> None:
    """Renders dialog replies and sends them to a chat, in order.

    Also remembers which field the newest question asks (``ASKED_KEY``), so that a
    button of an earlier question can be refused.
    """
    for item in render(replies):
        if isinstance(item, OutText):
            await chat.send_message(item.text, reply_markup=item.markup)
        elif isinstance(item, OutDocument):
            data = await asyncio.to_thread(Path(item.path).read_bytes)
            await chat.send_document(data, filename=item.filename, caption=item.caption)
    _remember_question(chat_data, replies)


def _remember_question(chat_data: dict, replies: list[Any]) -> None:
    for reply in reversed(replies):
        if isinstance(reply, Ask):
            chat_data[ASKED_KEY] = field_tag(reply.field)
            return
        if isinstance(reply, End | DocumentReply):
            chat_data.pop(ASKED_KEY, None)
            return
