"""Applicants in Telegram, end to end through the real Application and the real dialog."""

from __future__ import annotations

import copy
import io
import zipfile

from storage import MemoryStore, StorageError
from storage.tiny import TinyStore
from tests.conftest import example_answers, example_expected
from tests.telegram_fakes import (
    COORDINATOR_CHAT,
    ApplicantScript,
    FakeTelegram,
    make_settings,
    seed_application,
    start_harness,
    texts,
)

ANNA = 1001
BERTIL = 1002


def _last_text(calls) -> str:
    return texts(calls)[-1]


async def test_start_welcomes_says_what_is_stored_and_asks_the_first_question(bot):
    calls = await bot.send(ANNA, "/start")
    text = "\n".join(texts(calls))
    assert "Idébot" in text
    assert "Om dina uppgifter" in text and "/radera" in text and "180 dagar" in text
    assert "Fråga 1 av" in text
    assert all("parse_mode" not in c.params for c in calls)


async def test_a_first_message_without_start_also_says_what_is_stored(bot):
    # E.g. after /radera, or a client that does not send /start: the dialog starts anyway.
    text = "\n".join(texts(await bot.send(BERTIL, "Hej, hur funkar det här?")))
    assert "Idébot" in text and "Om dina uppgifter" in text and "/radera" in text
    assert "Fråga 1 av" in text
    # Only once: the next answer is not preceded by it again.
    assert "Om dina uppgifter" not in "\n".join(texts(await bot.send(BERTIL, "Min idé")))


async def test_a_complete_dialog_by_buttons_and_text_ends_in_the_document(bot):
    await bot.send(ANNA, "/start")
    script = ApplicantScript(bot, ANNA, example_answers("gavleborg-ready"))
    calls = await script.run_to_document()

    # Every button keeps within Telegram's 64-byte callback_data.
    markups = [c.params["reply_markup"] for c in bot.fake.calls if "reply_markup" in c.params]
    datas = [b["callback_data"] for m in markups for row in m["inline_keyboard"] for b in row]
    assert datas and max(len(d.encode()) for d in datas) <= 64
    # Every question carried its progress line.
    questions = [
        c.params["text"] for c in bot.fake.of("sendMessage", ANNA) if "Fråga " in c.params["text"]
    ]
    assert len(questions) >= 30
    # Buttons were used: choices, multi-choice toggles, yes/no, list rows.
    assert bot.fake.of("editMessageReplyMarkup", ANNA), "no multi-choice toggle"
    chosen = [c.params["text"] for c in bot.fake.of("editMessageText", ANNA)]
    assert any(t.endswith("→ Kommun/kommunal förvaltning") for t in chosen)
    assert any(t.endswith("→ Ja") for t in chosen)

    [document] = [c for c in calls if c.method == "sendDocument"]
    filename, data = document.files["document"]
    assert filename.endswith(".docx")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml").decode()
    assert "Tidigt stöd i förskolan" in xml

    [app] = bot.store.list_applications(user="telegram:1001")
    assert app["status"] == "inskickad"
    assert app["verdict"] == "ready"

    # ... and the coordinator chat receives it through the outbox.
    assert await bot.runtime.outbox.run_once() == 1
    [delivery] = bot.fake.of("sendDocument", COORDINATOR_CHAT)
    assert "Tidigt stöd i förskolan" in delivery.params["caption"]
    assert "Sandvikens kommun" in delivery.params["caption"]
    assert delivery.files["document"][1] == data


async def test_a_shortfall_is_reported_as_soon_as_the_answer_causes_it(bot):
    await bot.send(ANNA, "/start")
    script = ApplicantScript(bot, ANNA, example_answers("gavleborg-short-cofinancing"))
    while True:
        field = script.current_ask().field
        calls = await script.step()
        if field == "cofinancing_principles" or "200 000 kr" in "\n".join(texts(calls)):
            break
    live = "\n".join(texts(calls))
    assert "❌" in live and "200 000 kr" in live and "30 %" in live
    assert "Fråga " in _last_text(calls)  # the dialog goes on


async def test_a_question_mid_dialog_is_answered_then_the_same_question_again(bot):
    await bot.send(ANNA, "/start")
    await bot.send(ANNA, "barn och unga")
    calls = await bot.send(ANNA, "Hur mycket måste vi medfinansiera?")
    text = "\n".join(texts(calls))
    assert "50 %" in text
    assert text.index("50 %") < text.index("Fråga 2 av")
    assert "Fråga 2 av" in _last_text(calls)


async def test_back_skip_summary_help_and_cancel(bot):
    await bot.send(ANNA, "/start")
    await bot.send(ANNA, "barn och unga")
    assert _last_text(await bot.send(ANNA, "/tillbaka")).startswith("Fråga 1 av")
    await bot.send(ANNA, "barn och unga")
    assert _last_text(await bot.send(ANNA, "/hoppa")).startswith("Fråga 3 av")
    summary = "\n".join(texts(await bot.send(ANNA, "/sammanfattning")))
    assert "1. Målgrupp: Barn och unga" in summary
    help_text = "\n".join(texts(await bot.send(ANNA, "/hjalp")))
    assert "/tillbaka" in help_text and "/mina" in help_text and "/radera" in help_text
    assert help_text.rindex("Fråga 3 av") > help_text.index("/radera")  # then the question
    cancelled = "\n".join(texts(await bot.send(ANNA, "/avbryt")))
    assert "sparade" in cancelled
    assert bot.store.get_draft("telegram:1001") is not None


async def test_a_button_of_an_earlier_question_does_not_answer_the_current_one(bot):
    await bot.send(ANNA, "/start")
    script = ApplicantScript(bot, ANNA, example_answers("gavleborg-ready"))
    while script.current_ask().field != "intervention_type":
        await script.step()
    old_keyboard = copy.deepcopy(bot.fake.last_keyboard_message(ANNA))
    await script.step()  # answered by a button; the keyboard is replaced by the choice
    asked_now = script.current_ask().field
    # The person scrolls up and presses a button of the answered question anyway.
    bot.fake.messages[(ANNA, old_keyboard["message_id"])] = old_keyboard
    calls = await bot.press(ANNA, "Tidig", message_id=old_keyboard["message_id"])
    assert "Den knappen hör till en tidigare fråga" in texts(calls)[0]
    assert script.current_ask().field == asked_now  # asked again, nothing answered
    answers = bot.store.get_draft("telegram:1001")["state"]["answers"]
    assert answers["intervention_type"] == "forebyggande"


async def test_mina_lists_only_my_own_applications_with_status(bot):
    mine = seed_application(
        bot.store, bot.runtime.settings, "gavleborg-ready", user="telegram:1001", enqueue=False
    )
    theirs = seed_application(
        bot.store,
        bot.runtime.settings,
        "sundsvall-no-comparison",
        user="telegram:1002",
        enqueue=False,
    )
    bot.store.update_application(
        theirs["id"], {"answers": {**theirs["answers"], "title": "Bertils idé"}}
    )
    theirs = bot.store.get_application(theirs["id"])
    text = _last_text(await bot.send(ANNA, "/mina"))
    assert mine["answers"]["title"] in text
    assert "inskickad" in text
    assert theirs["answers"]["title"] not in text
    assert theirs["id"] not in text
    assert "inte skickat in" in _last_text(await bot.send(3003, "/mina"))


async def test_radera_after_confirmation_deletes_draft_and_questions_keeps_the_application(bot):
    app = seed_application(
        bot.store, bot.runtime.settings, "gavleborg-ready", user="telegram:1001", enqueue=False
    )
    await bot.send(ANNA, "/start")
    await bot.send(ANNA, "Vad kostar en parkering vid stationen?")  # logged as unanswered
    assert bot.store.list_unanswered()
    # "Nej" keeps everything.
    await bot.send(ANNA, "/radera")
    assert "Inget raderades" in _last_text(await bot.press(ANNA, "Nej"))
    assert bot.store.get_draft("telegram:1001") is not None

    ask = _last_text(await bot.send(ANNA, "/radera"))
    assert "finns kvar hos samordnaren" in ask
    reply = _last_text(await bot.press(ANNA, "Ja, radera"))
    assert "raderat" in reply and "finns kvar hos samordnaren" in reply
    assert bot.store.get_draft("telegram:1001") is None
    assert not [q for q in bot.store.list_unanswered() if q["user"] == "telegram:1001"]
    assert bot.store.get_application(app["id"]) is not None


async def _first_answer_on_disk(tmp_path, clock):
    """A bot on a TinyStore where Anna has started and answered the first question."""
    settings = make_settings(tmp_path / "data")
    fake = FakeTelegram()
    store = TinyStore(settings.data_dir, clock=clock)
    first = await start_harness(settings, store=store, fake=fake, clock=clock)
    await first.send(ANNA, "/start")
    await first.send(ANNA, "barn och unga")
    return settings, fake, store, first


async def _assert_resumed_after_restart(settings, fake, clock) -> None:
    """A new bot on the same data dir offers Anna her draft, which goes on at question 2."""
    store = TinyStore(settings.data_dir, clock=clock)
    second = await start_harness(settings, store=store, fake=fake, clock=clock)
    try:
        text = "\n".join(texts(await second.send(ANNA, "/start")))
        assert "fortsätta" in text and "Fråga 1 av" not in text  # a draft, not a new start
        # The first answer is still there: the dialog goes on after it.
        assert "Fråga 2 av" in _last_text(await second.press(ANNA, "Ja"))
        second.assert_no_errors()
    finally:
        await second.app.shutdown()
        second.runtime.close()
        store.close()


async def test_a_restart_resumes_the_draft_where_it_stopped(tmp_path, clock):
    settings, fake, store, first = await _first_answer_on_disk(tmp_path, clock)
    await first.app.shutdown()
    first.runtime.close()
    store.close()
    first.assert_no_errors()
    await _assert_resumed_after_restart(settings, fake, clock)


async def test_two_applicants_do_not_see_each_others_dialog(bot):
    await bot.send(ANNA, "/start")
    await bot.send(ANNA, "Annas idé")
    await bot.send(BERTIL, "/start")
    calls = await bot.send(BERTIL, "/sammanfattning")
    assert "Annas idé" not in "\n".join(texts(calls))
    assert all(c.chat_id == BERTIL for c in calls)


async def test_an_error_is_logged_with_traceback_and_the_person_told_answers_kept(
    tmp_path, clock, caplog
):
    settings, fake, store, first = await _first_answer_on_disk(tmp_path, clock)
    store.close()  # the disk goes away under the running bot
    # A command reads the store on the worker: it fails into the error handler.
    calls = await first.send(ANNA, "/mina")
    assert "Något gick fel" in _last_text(calls)
    assert "Dina tidigare svar finns kvar" in _last_text(calls)
    [error] = first.errors
    first.errors.clear()
    records = [r for r in caplog.records if r.name == "bot.telegram.errors"]
    assert records and records[0].exc_info and records[0].exc_info[1] is error
    await first.app.shutdown()
    first.runtime.close()
    await _assert_resumed_after_restart(settings, fake, clock)


class _FlakyDisk(MemoryStore):
    """A store whose next draft writes fail, like a disk that is full for a while."""

    failures = 0

    def draft_session(self, user):
        session_cm = super().draft_session(user)
        store = self

        class Failing:
            def __enter__(self):
                session = session_cm.__enter__()
                save = session.save

                def failing_save(draft):
                    if store.failures:
                        store.failures -= 1
                        raise StorageError("/srv/data/drafts/ab/ab12.json: kan inte skriva")
                    save(draft)

                session.save = failing_save
                return session

            def __exit__(self, *exc):
                return session_cm.__exit__(*exc)

        return Failing()


async def test_an_answer_that_cannot_be_saved_is_not_taken_and_can_be_sent_again(
    tmp_path, clock, caplog
):
    store = _FlakyDisk(clock=clock)
    harness = await start_harness(make_settings(tmp_path / "data"), store=store, clock=clock)
    await harness.send(ANNA, "/start")
    store.failures = 1
    calls = await harness.send(ANNA, "barn och unga")
    shown = _last_text(calls)
    assert "Något gick fel hos mig" in shown and "felkod" in shown
    assert "/srv" not in shown  # no server path in what a person reads
    [error] = harness.errors
    harness.errors.clear()
    records = [r for r in caplog.records if r.name == "bot.telegram.errors"]
    assert records and records[-1].exc_info[1] is error
    reference = shown.split("felkod ")[1].split(")")[0]
    assert reference in records[-1].getMessage()  # the log shows the code the person saw
    # The reply only ever follows a saved draft: the answer was not taken.
    assert "target_groups" not in store.get_draft("telegram:1001")["state"]["answers"]
    calls = await harness.send(ANNA, "barn och unga")
    assert "Fråga 2 av" in _last_text(calls)
    answers = store.get_draft("telegram:1001")["state"]["answers"]
    assert answers["target_groups"] == ["barn_unga"]
    await harness.app.shutdown()
    harness.runtime.close()
    harness.assert_no_errors()


async def test_a_sundsvall_deployment_runs_its_own_flow_to_the_expected_verdict(tmp_path, clock):
    settings = make_settings(tmp_path / "data", fund="sundsvall")
    harness = await start_harness(settings, store=MemoryStore(clock=clock), clock=clock)
    try:
        await harness.send(ANNA, "/start")
        script = ApplicantScript(harness, ANNA, example_answers("sundsvall-no-comparison"))
        await script.run_to_document()
        [app] = harness.store.list_applications(user="telegram:1001")
        assert app["fund"] == "sundsvall"
        assert app["verdict"] == example_expected("sundsvall-no-comparison")["verdict"]
        failed = {f["rule"] for f in app["findings"] if f["status"] == "fail"}
        assert failed == set(example_expected("sundsvall-no-comparison")["fail"])
        harness.assert_no_errors()
    finally:
        await harness.app.shutdown()
        harness.runtime.close()


async def test_an_edited_message_or_a_sticker_is_not_taken_as_an_answer(bot):
    await bot.send(ANNA, "/start")
    await bot.send(ANNA, "barn och unga")
    draft = bot.store.get_draft("telegram:1001")
    mark = bot.fake.mark()
    await bot.app.process_update(bot.fake.edited_update(bot.app.bot, ANNA, "unga vuxna"))
    await bot.app.process_update(bot.fake.sticker_update(bot.app.bot, ANNA))
    edited, sticker = texts(bot.fake.since(mark, ANNA))
    assert "ändringar kan jag inte läsa" in edited
    assert "bara läsa text" in sticker
    assert bot.store.get_draft("telegram:1001")["state"] == draft["state"]
