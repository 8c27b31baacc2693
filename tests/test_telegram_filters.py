"""The one-call text filters give exactly what PTB's combined filters give."""

from __future__ import annotations

import pytest
from telegram.ext import filters

from bot.telegram.app import NewText
from tests.telegram_fakes import STAFF, FakeTelegram

ANNA = 1001
GROUP = -100123


@pytest.fixture
def updates():
    fake = FakeTelegram()
    from telegram import Bot

    bot = Bot("1:x")
    made = {
        "private text": fake.text_update(bot, ANNA, "Tidigt stöd"),
        "private command": fake.text_update(bot, ANNA, "/hoppa"),
        "command with bot name": fake.text_update(bot, ANNA, "/start@idebot_test_bot"),
        "text then command": fake.text_update(bot, ANNA, "vad gör /hoppa?"),
        "group text": fake.text_update(bot, ANNA, "hej alla", chat_id=GROUP),
        "staff private text": fake.text_update(bot, STAFF, "Ny fråga"),
        "staff group text": fake.text_update(bot, STAFF, "Ny fråga", chat_id=GROUP),
        "staff command": fake.text_update(bot, STAFF, "/avbryt"),
        "edited": fake.edited_update(bot, ANNA, "Tidigt"),
        "sticker": fake.sticker_update(bot, ANNA),
    }
    return made


def test_new_private_text_matches_the_combined_filter(updates):
    combined = filters.TEXT & ~filters.COMMAND & filters.UpdateType.MESSAGE
    combined &= filters.ChatType.PRIVATE
    mine = NewText("private text", private=True)
    for name, update in updates.items():
        assert bool(mine.check_update(update)) == bool(combined.check_update(update)), name
    assert mine.check_update(updates["private text"])
    assert not mine.check_update(updates["group text"])


def test_staff_text_matches_the_combined_filter(updates):
    combined = filters.User(user_id=[STAFF]) & filters.TEXT & ~filters.COMMAND
    combined &= filters.UpdateType.MESSAGE
    mine = NewText("staff text", users=[STAFF])
    for name, update in updates.items():
        assert bool(mine.check_update(update)) == bool(combined.check_update(update)), name
    assert mine.check_update(updates["staff group text"])
    assert not mine.check_update(updates["private text"])


def test_staff_messages_with_commands_match_the_combined_filter(updates):
    combined = filters.User(user_id=[STAFF]) & filters.TEXT & filters.UpdateType.MESSAGE
    mine = NewText("staff text", users=[STAFF], commands=True)
    for name, update in updates.items():
        assert bool(mine.check_update(update)) == bool(combined.check_update(update)), name
    assert mine.check_update(updates["staff command"])
