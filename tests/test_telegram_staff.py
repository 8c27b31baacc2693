"""Staff editing the FAQ from Telegram: validated, saved, live at once, audited."""

from __future__ import annotations

import yaml

from knowledge.faq import validate_faq_data
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

    saved = yaml.safe_load(bot.store.get_staff_faq().text)
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
    faq = bot.core.knowledge.faq
    assert faq.get("workshop").answer == new_answer
    assert faq.get("workshop").question == QUESTION  # "-" kept it
    edit = bot.store.list_audit()[-1]
    assert edit["before"]["answer"] == WORKSHOP_ANSWER and edit["after"]["answer"] == new_answer

    await bot.send(STAFF, "/faq_ta_bort workshop")
    assert "Inget togs bort" in texts(await bot.press(STAFF, "Nej"))[-1]
    assert bot.core.knowledge.faq.get("workshop") is not None
    await bot.send(STAFF, "/faq_ta_bort workshop")
    assert "borttagen" in texts(await bot.press(STAFF, "Ja, ta bort"))[-1]
    faq = bot.core.knowledge.faq
    assert faq.get("workshop") is None
    assert [a["action"] for a in bot.store.list_audit()] == ["create", "update", "delete"]
    assert not faq.search(QUESTION) or faq.search(QUESTION)[0].id != "workshop"


async def test_a_bad_id_or_an_existing_id_is_asked_again(bot):
    await bot.send(STAFF, "/faq_ny")
    assert "Ogiltigt id" in texts(await bot.send(STAFF, "Ny Post!"))[0]
    existing = bot.core.knowledge.faq.entries[0].id
    assert "finns redan" in texts(await bot.send(STAFF, existing))[0]
    assert "Avbrutet" in texts(await bot.send(STAFF, "/avbryt"))[0]
    # After cancelling, staff text goes to the ordinary dialog again.
    assert bot.store.list_audit() == []


async def test_an_invalid_answer_template_is_rejected_and_nothing_changes(bot):
    count = len(bot.core.knowledge.faq.entries)
    for line in ("/faq_ny", "trasig-mall", "Vad är trasigt?", "-", "Svar med {{ okand }}", "k"):
        replies = texts(await bot.send(STAFF, line))
    assert "sparades inte" in replies[-1]
    assert len(bot.core.knowledge.faq.entries) == count
    assert bot.store.get_staff_faq() is None
    assert bot.store.list_audit() == []


async def test_faq_lista_shows_every_entry(bot):
    listing = "\n".join(texts(await bot.send(STAFF, "/faq_lista")))
    for entry in bot.core.knowledge.faq.entries:
        assert entry.id in listing


async def test_an_older_delete_confirmation_does_not_delete_the_entry_asked_about_later(bot):
    first, second = "parkering", "lokaler"
    for entry_id in (first, second):
        data = {"question": f"Om {entry_id}?", "answer": "Fråga samordnaren.", "source": "x"}
        bot.core.faq_edit("create", entry_id, data, by="test")
    audited = len(bot.store.list_audit())
    await bot.send(STAFF, f"/faq_ta_bort {first}")
    asked_first = bot.fake.last_keyboard_message(STAFF)["message_id"]
    await bot.send(STAFF, f"/faq_ta_bort {second}")
    # The staff member scrolls up and confirms the first question.
    replies = texts(await bot.press(STAFF, "Ja, ta bort", message_id=asked_first))
    assert bot.core.knowledge.faq.get(second) is not None
    assert not any("borttagen" in text for text in replies)
    assert len(bot.store.list_audit()) == audited
    # The newest confirmation still works.
    assert "borttagen" in texts(await bot.press(STAFF, "Ja, ta bort"))[-1]
    faq = bot.core.knowledge.faq
    assert faq.get(second) is None and faq.get(first) is not None


async def test_a_rejected_edit_asks_the_part_again_and_a_dash_keeps_the_entrys_own(bot):
    entry = bot.core.knowledge.faq.entries[0]
    for line in (f"/faq_andra {entry.id}", "-", "-", "Svar med {{ okand }}", "-"):
        replies = texts(await bot.send(STAFF, line))
    assert "sparades inte" in replies[-1] and "okand" in replies[-1]
    assert f"Nu: {entry.answer}" in replies[-1]  # the entry's answer, not the rejected one
    assert bot.core.knowledge.faq.get(entry.id).answer == entry.answer
    [done] = texts(await bot.send(STAFF, "-"))
    assert f"{entry.id} är ändrad" in done
    assert bot.core.knowledge.faq.get(entry.id) == entry


async def test_a_refused_edit_says_how_to_start_the_same_edit_again(bot):
    await _add_workshop_entry(bot)
    for line in ("/faq_andra workshop", "-", "-", "Nytt svar om workshoppen."):
        await bot.send(STAFF, line)
    bot.core.faq_edit("delete", "workshop", None, by="cli:emma")  # deleted meanwhile
    [reply] = texts(await bot.send(STAFF, "-"))
    assert "sparades inte" in reply and "ingen post med id ”workshop”" in reply
    assert "/faq_andra workshop" in reply and "/faq_ny" not in reply
    assert bot.core.knowledge.faq.get("workshop") is None
    assert bot.store.get_draft(f"telegram-staff:{STAFF}") is None


async def test_one_unanswered_question_is_counted_in_the_singular(bot):
    await bot.send(ANNA, "/start")
    await bot.send(ANNA, "Har ni någon workshop för sökande?")
    [listing] = texts(await bot.send(STAFF, "/obesvarade"))
    assert listing.startswith("1 fråga som jag inte kunde svara på:")


async def test_deleting_a_required_topic_is_refused_and_changes_nothing(bot):
    # faq.md's topics must stay: without "kontakt" applicants could not reach anybody.
    before = bot.core.knowledge.faq.entries
    await bot.send(STAFF, "/faq_ta_bort kontakt")
    reply = texts(await bot.press(STAFF, "Ja, ta bort"))[-1]
    assert "Posten togs inte bort" in reply and "obligatoriska frågor saknas: kontakt" in reply
    assert bot.core.knowledge.faq.entries == before
    assert bot.store.list_audit() == [] and bot.store.get_staff_faq() is None
    bot.assert_no_errors()


async def test_an_edit_keeps_what_was_changed_meanwhile_in_the_parts_it_kept(bot):
    # A staff member opens an entry in Telegram; meanwhile a bulk import adds a phrasing.
    await bot.send(STAFF, "/faq_andra kontakt")
    data = [e.to_data() for e in bot.core.faq_entries()]
    for entry in data:
        if entry["id"] == "kontakt":
            entry["alternatives"].append("Vem ringer jag om min ansökan?")
    bot.core.faq_import(validate_faq_data(data, file="faq.yaml"), by="cli:emma", source="faq.yaml")
    # The staff member keeps everything but the answer.
    for line in ("-", "-", "Ring samordnaren på 026-15 50 00.", "-"):
        replies = texts(await bot.send(STAFF, line))
    assert "kontakt är ändrad" in replies[-1]
    entry = bot.core.knowledge.faq.get("kontakt")
    assert entry.answer == "Ring samordnaren på 026-15 50 00."
    assert "Vem ringer jag om min ansökan?" in entry.alternatives  # the import's phrasing stays


async def test_an_answer_that_does_not_validate_is_asked_again_and_the_rest_kept(bot):
    await bot.send(STAFF, "/faq_ny")
    for line in ("parkering", "Finns det parkering vid kommunhuset?", "-"):
        await bot.send(STAFF, line)
    await bot.send(STAFF, "Ja, ring {{ fund.nme }}.")  # a typo in a placeholder
    [reply] = texts(await bot.send(STAFF, "Samordnarens information"))
    assert "Posten sparades inte" in reply and "answer" in reply and "nme" in reply
    assert reply.endswith("Skriv svaret, på enkel svenska (1–6 meningar).")  # only the answer
    [saved] = texts(await bot.send(STAFF, "Ja, fråga samordnaren om parkering."))
    assert "parkering är sparad" in saved
    entry = bot.core.knowledge.faq.get("parkering")
    assert entry.question == "Finns det parkering vid kommunhuset?"
    assert entry.source == "Samordnarens information"
    assert bot.store.get_draft(f"telegram-staff:{STAFF}") is None  # the dialog is over


async def test_radera_also_deletes_a_staff_members_unfinished_faq_edit(bot):
    # The edit dialog is kept under the staff member's own key: it is their data too.
    await bot.send(STAFF, "/faq_ny")
    await bot.send(STAFF, "workshop")
    assert bot.store.get_draft(f"telegram-staff:{STAFF}") is not None
    await bot.send(STAFF, "/radera")
    reply = texts(await bot.press(STAFF, "Ja, radera"))[-1]
    assert "raderat" in reply
    assert bot.store.get_draft(f"telegram-staff:{STAFF}") is None
    assert bot.store.list_audit() == []  # nothing was saved to the FAQ
