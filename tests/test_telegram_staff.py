"""Staff editing the FAQ from Telegram: validated, saved, live at once, audited."""

from __future__ import annotations

import yaml

from knowledge.faq import staff_faq_path
from tests.telegram_fakes import STAFF, texts

ANNA = 1001
QUESTION = "Finns det en workshop för nya sökande?"
WORKSHOP_ANSWER = "Ja, varje vår håller samordnaren en workshop om hur man söker."


async def _add_workshop_entry(bot) -> list[str]:
    replies = []
    for line in (
        "/faq_ny",
        "workshop",
        QUESTION,
        "Har ni någon workshop?\nKan man gå på en kurs om ansökan?",
        WORKSHOP_ANSWER,
        "Samordnarens information",
    ):
        replies += texts(await bot.send(STAFF, line))
    return replies


async def test_staff_adds_an_entry_that_the_next_applicant_question_finds(bot):
    await bot.send(ANNA, "/start")
    before = "\n".join(texts(await bot.send(ANNA, "Har ni någon workshop för sökande?")))
    assert WORKSHOP_ANSWER not in before
    # The unanswered question reaches the staff's list.
    [listing] = texts(await bot.send(STAFF, "/obesvarade"))
    assert "Har ni någon workshop för sökande?" in listing

    replies = await _add_workshop_entry(bot)
    assert "workshop är sparad" in replies[-1]

    after = "\n".join(texts(await bot.send(ANNA, "Har ni någon workshop för sökande?")))
    assert WORKSHOP_ANSWER in after
    assert "Fråga 1 av" in after  # and the dialog goes on

    saved = yaml.safe_load(staff_faq_path(bot.runtime.settings.data_dir).read_text("utf-8"))
    assert "workshop" in [e["id"] for e in saved["entries"]]
    [audit] = bot.store.list_audit()
    assert audit["who"] == f"telegram:{STAFF}"
    assert audit["action"] == "create" and audit["entry_id"] == "workshop"
    assert audit["before"] is None and audit["after"]["answer"] == WORKSHOP_ANSWER
    assert audit["when"]


async def test_staff_edits_and_deletes_an_entry_with_before_and_after_in_the_audit(bot):
    await _add_workshop_entry(bot)
    new_answer = "Nej, men samordnaren svarar gärna på frågor per telefon."
    for line in ("/faq_andra workshop", "-", "-", new_answer, "-"):
        replies = texts(await bot.send(STAFF, line))
    assert "workshop är ändrad" in replies[-1]
    faq = bot.runtime.knowledge.faq
    assert faq.get("workshop").answer == new_answer
    assert faq.get("workshop").question == QUESTION  # "-" kept it
    edit = bot.store.list_audit()[-1]
    assert edit["before"]["answer"] == WORKSHOP_ANSWER and edit["after"]["answer"] == new_answer

    await bot.send(STAFF, "/faq_ta_bort workshop")
    assert "Inget togs bort" in texts(await bot.press(STAFF, "Nej"))[-1]
    assert faq.get("workshop") is not None
    await bot.send(STAFF, "/faq_ta_bort workshop")
    assert "borttagen" in texts(await bot.press(STAFF, "Ja, ta bort"))[-1]
    assert faq.get("workshop") is None
    assert [a["action"] for a in bot.store.list_audit()] == ["create", "update", "delete"]
    assert not faq.search(QUESTION) or faq.search(QUESTION)[0].id != "workshop"


async def test_a_bad_id_or_an_existing_id_is_asked_again(bot):
    await bot.send(STAFF, "/faq_ny")
    assert "Ogiltigt id" in texts(await bot.send(STAFF, "Ny Post!"))[0]
    existing = bot.runtime.knowledge.faq.entries[0].id
    assert "finns redan" in texts(await bot.send(STAFF, existing))[0]
    assert "Avbrutet" in texts(await bot.send(STAFF, "/avbryt"))[0]
    # After cancelling, staff text goes to the ordinary dialog again.
    assert bot.store.list_audit() == []


async def test_an_invalid_answer_template_is_rejected_and_nothing_changes(bot):
    count = len(bot.runtime.knowledge.faq.entries)
    for line in ("/faq_ny", "trasig-mall", "Vad är trasigt?", "-", "Svar med {{ okand }}", "k"):
        replies = texts(await bot.send(STAFF, line))
    assert "sparades inte" in replies[-1]
    assert len(bot.runtime.knowledge.faq.entries) == count
    assert not staff_faq_path(bot.runtime.settings.data_dir).exists()
    assert bot.store.list_audit() == []


async def test_faq_lista_shows_every_entry(bot):
    listing = "\n".join(texts(await bot.send(STAFF, "/faq_lista")))
    for entry in bot.runtime.knowledge.faq.entries:
        assert entry.id in listing


async def test_an_older_delete_confirmation_does_not_delete_the_entry_asked_about_later(bot):
    faq = bot.runtime.knowledge.faq
    first, second = faq.entries[0].id, faq.entries[1].id
    await bot.send(STAFF, f"/faq_ta_bort {first}")
    asked_first = bot.fake.last_keyboard_message(STAFF)["message_id"]
    await bot.send(STAFF, f"/faq_ta_bort {second}")
    # The staff member scrolls up and confirms the first question.
    replies = texts(await bot.press(STAFF, "Ja, ta bort", message_id=asked_first))
    assert faq.get(second) is not None
    assert not any("borttagen" in text for text in replies)
    assert bot.store.list_audit() == []
    # The newest confirmation still works.
    assert "borttagen" in texts(await bot.press(STAFF, "Ja, ta bort"))[-1]
    assert faq.get(second) is None and faq.get(first) is not None


async def test_a_rejected_edit_says_how_to_start_the_same_edit_again(bot):
    entry = bot.runtime.knowledge.faq.entries[0]
    for line in (f"/faq_andra {entry.id}", "-", "-", "Svar med {{ okand }}", "-"):
        replies = texts(await bot.send(STAFF, line))
    assert "sparades inte" in replies[-1]
    assert f"/faq_andra {entry.id}" in replies[-1] and "/faq_ny" not in replies[-1]
    assert bot.runtime.knowledge.faq.get(entry.id).answer == entry.answer


async def test_one_unanswered_question_is_counted_in_the_singular(bot):
    await bot.send(ANNA, "/start")
    await bot.send(ANNA, "Har ni någon workshop för sökande?")
    [listing] = texts(await bot.send(STAFF, "/obesvarade"))
    assert listing.startswith("1 fråga som jag inte kunde svara på:")


async def test_deleting_the_last_entry_leaves_an_empty_faq_that_works_and_restarts(bot):
    from knowledge.base import load_knowledge

    faq = bot.runtime.knowledge.faq
    faq.replace_entries([faq.get("medfinansiering")])  # a deployment down to one entry
    await bot.send(STAFF, "/faq_ta_bort medfinansiering")
    assert "borttagen" in texts(await bot.press(STAFF, "Ja, ta bort"))[-1]
    assert faq.entries == ()
    saved = yaml.safe_load(staff_faq_path(bot.runtime.settings.data_dir).read_text("utf-8"))
    assert saved["entries"] == []  # the file says what is live
    assert bot.store.list_audit()[-1]["action"] == "delete"
    # An applicant's question is logged for staff like any question the FAQ cannot answer.
    await bot.send(ANNA, "/start")
    reply = "\n".join(texts(await bot.send(ANNA, "Vad är medfinansiering egentligen?")))
    assert "Fråga 1 av" in reply
    assert "Vad är medfinansiering egentligen?" in texts(await bot.send(STAFF, "/obesvarade"))[0]
    # After a restart the empty FAQ loads and its (empty) index builds.
    reloaded = load_knowledge(data_dir=bot.runtime.settings.data_dir).faq
    reloaded.warm_up()
    assert reloaded.search("Vad är medfinansiering?") == []
    bot.assert_no_errors()
