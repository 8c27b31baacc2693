"""Scripted dialogues through the DialogService (real knowledge, store, Word)."""

from __future__ import annotations

from pathlib import Path

from dialogs import CommandInput, DocumentReply, End, FindingReply, Message, TextInput
from dialogs.engine import Special
from knowledge.formatting import format_money
from tests.conftest import example_answers, example_expected
from tests.test_dialog_helpers import (
    Applicant,
    last_ask,
    run_until_confirm,
    service,
    tiny,
)

USER = "console:test"


def _texts(replies):
    return "\n".join(r.text for r in replies if isinstance(r, Message))


def test_a_complete_gavleborg_dialog_ends_ready_and_submits(tmp_path):
    svc = service(tmp_path, chats=[1001, 1002])
    answers = example_answers("gavleborg-ready")
    _, batch = run_until_confirm(svc, USER, Applicant(answers))

    assert "Idén uppfyller kriterierna och är redo att skickas" in _texts(batch)
    statuses = {r.status for r in batch if isinstance(r, FindingReply)}
    assert "fail" not in statuses and "unknown" not in statuses
    # Typed answers went through the parsers and landed as the example's values.
    draft = svc.store.get_draft(USER)["state"]["answers"]
    for field in ("budget", "cofinancing", "partners", "start_date", "target_groups"):
        assert draft[field] == answers[field]

    final = svc.handle(USER, TextInput("ja"))
    document = next(r for r in final if isinstance(r, DocumentReply))
    assert isinstance(final[-1], End)
    assert Path(document.path).is_file() and Path(document.path).stat().st_size > 1000
    assert Path(document.path).parent == tmp_path / "data" / "applications"
    app = svc.store.get_application(document.application_id)
    assert app["verdict"] == "ready" and app["status"] == "inskickad"
    assert app["user"] == USER and app["fund"] == "gavleborg"
    assert app["answers"]["title"] == answers["title"]
    chats = sorted(d["chat_id"] for d in svc.store.list_deliveries())
    assert chats == [1001, 1002]
    assert svc.store.get_draft(USER) is None  # submitted: no draft left


def test_the_short_cofinancing_run_reports_the_gap_at_once(tmp_path):
    svc = service(tmp_path)
    answers = example_answers("gavleborg-short-cofinancing")
    applicant = Applicant(answers)
    batch = svc.start(USER)
    live = []
    while (ask := last_ask(batch)).field != Special.CONFIRM_SUBMIT:
        batch = svc.handle(USER, TextInput(applicant.reply(ask)))
        if last_ask(batch).field != Special.CONFIRM_SUBMIT:  # the end lists every finding
            live += [(ask.field, r) for r in batch if isinstance(r, FindingReply)]
    cofinancing = [r for field, r in live if r.rule == "gavleborg.medfinansiering"]
    assert len(cofinancing) == 1 and cofinancing[0].status == "fail"
    for phrase in example_expected("gavleborg-short-cofinancing")["must_mention"]:
        assert phrase in cofinancing[0].text
    # Reported right when the co-financing row was complete, not only at the end.
    assert [f for f, r in live if r.rule == "gavleborg.medfinansiering"] == ["cofinancing[0].form"]
    assert any(r.rule == "gavleborg.samverkan" for _, r in live)
    end_fails = {r.rule for r in batch if isinstance(r, FindingReply) and r.status == "fail"}
    assert end_fails == set(example_expected("gavleborg-short-cofinancing")["fail"])


def test_a_fail_that_becomes_a_pass_is_reported(tmp_path):
    svc = service(tmp_path)
    answers = example_answers("gavleborg-short-cofinancing")
    run_until_confirm(svc, USER, Applicant(answers))
    number = _summary_number(svc, "Medfinansiering")
    svc.handle(USER, TextInput(str(number)))
    batch = svc.handle(
        USER, TextInput('[{"party": "Sandvikens kommun", "amount": 500000, "form": "kontant"}]')
    )
    live = batch[: next(i for i, r in enumerate(batch) if _is_summary(r))]
    assert [(r.rule, r.status) for r in live if isinstance(r, FindingReply)] == [
        ("gavleborg.medfinansiering", "pass")
    ]


def _is_summary(reply):
    return isinstance(reply, Message) and reply.text.startswith("Sammanfattning")


def _summary_number(svc, label):
    batch = svc.handle(USER, CommandInput("sammanfattning"))
    summary = next(r.text for r in batch if _is_summary(r))
    line = next(line for line in summary.splitlines() if f". {label}:" in line)
    return int(line.split(".")[0])


def test_editing_from_the_summary_returns_to_the_confirmation(tmp_path):
    svc = service(tmp_path)
    run_until_confirm(svc, USER, Applicant(example_answers("gavleborg-ready")))
    number = _summary_number(svc, "Sökt belopp")
    batch = svc.handle(USER, TextInput(str(number)))
    assert last_ask(batch).field == "requested_amount"
    asked = format_money(example_answers("gavleborg-ready")["requested_amount"])
    assert f"Nuvarande svar: {asked}" in last_ask(batch).text
    batch = svc.handle(USER, TextInput("0,45 mkr"))
    assert last_ask(batch).field == Special.CONFIRM_SUBMIT
    assert "Sökt belopp: 450 000 kr" in _texts(batch)


def test_editing_mid_dialog_returns_to_where_the_person_was(tmp_path):
    svc = service(tmp_path)
    answers = example_answers("gavleborg-ready")
    applicant = Applicant(answers)
    batch = svc.start(USER)
    while last_ask(batch).field != "start_date":
        batch = svc.handle(USER, TextInput(applicant.reply(last_ask(batch))))
    batch = svc.handle(USER, TextInput("/andra 1"))
    assert last_ask(batch).field == "title"
    batch = svc.handle(USER, TextInput("Ett bättre namn"))
    assert last_ask(batch).field == "start_date"
    assert svc.store.get_draft(USER)["state"]["answers"]["title"] == "Ett bättre namn"


def test_resume_after_a_restart_on_the_same_store_folder(tmp_path):
    answers = example_answers("gavleborg-ready")
    store = tiny(tmp_path)
    svc = service(tmp_path, store=store)
    applicant = Applicant(answers)
    batch = svc.start(USER)
    for _ in range(6):
        batch = svc.handle(USER, TextInput(applicant.reply(last_ask(batch))))
    waiting = last_ask(batch).field
    store.close()

    store2 = tiny(tmp_path)
    again = service(tmp_path, store=store2)
    batch = again.start(USER)
    assert last_ask(batch).field == Special.CONFIRM_RESUME
    batch = again.handle(USER, TextInput("ja"))
    assert last_ask(batch).field == waiting
    assert again.store.get_draft(USER)["state"]["answers"]["title"] == answers["title"]
    store2.close()


def test_starting_over_from_the_resume_question_clears_the_answers(tmp_path):
    svc = service(tmp_path)
    svc.start(USER)
    svc.handle(USER, TextInput("Min idé"))
    svc.start(USER)
    batch = svc.handle(USER, TextInput("nej"))
    assert last_ask(batch).field == "title"
    assert "title" not in svc.store.get_draft(USER)["state"]["answers"]


def test_start_mid_dialog_asks_before_restarting(tmp_path):
    svc = service(tmp_path)
    svc.start(USER)
    svc.handle(USER, TextInput("Min idé"))
    batch = svc.handle(USER, TextInput("/start"))
    assert last_ask(batch).field == Special.CONFIRM_RESTART
    batch = svc.handle(USER, TextInput("nej"))
    assert last_ask(batch).field == "problem"
    svc.handle(USER, TextInput("/start"))
    batch = svc.handle(USER, TextInput("ja"))
    assert last_ask(batch).field == "title"
    assert svc.store.get_draft(USER)["state"]["answers"] == {"fund": "gavleborg"}


def test_an_faq_question_mid_dialog_is_answered_then_the_same_question(tmp_path):
    svc = service(tmp_path)
    svc.start(USER)
    batch = svc.handle(USER, TextInput("Tidigt stöd"))
    asked = last_ask(batch).field
    batch = svc.handle(USER, TextInput("Hur mycket måste vi medfinansiera?"))
    assert "50 %" in _texts(batch)
    assert last_ask(batch).field == asked
    assert svc.store.list_unanswered() == []


def test_an_unanswerable_question_is_logged_and_the_coordinator_named(tmp_path):
    svc = service(tmp_path)
    svc.start(USER)
    batch = svc.handle(USER, TextInput("Får man ta med sig en hund till mötet?"))
    assert "Det vet jag inte säkert" in _texts(batch)
    assert "Emma Mårtensson" in _texts(batch)
    assert last_ask(batch).field == "title"
    logged = svc.store.list_unanswered()
    assert [q["question"] for q in logged] == ["Får man ta med sig en hund till mötet?"]
    assert logged[0]["user"] == USER and logged[0]["fund"] == "gavleborg"


def test_avbryt_stops_and_keeps_the_draft(tmp_path):
    svc = service(tmp_path)
    svc.start(USER)
    svc.handle(USER, TextInput("Min idé"))
    batch = svc.handle(USER, CommandInput("avbryt"))
    assert isinstance(batch[-1], End)
    assert svc.store.get_draft(USER)["state"]["answers"]["title"] == "Min idé"


def test_reopen_asks_only_the_named_fields_and_updates_the_same_application(tmp_path):
    svc = service(tmp_path, chats=[7])
    run_until_confirm(
        svc, USER, Applicant(example_answers("sundsvall-no-comparison")), fund="sundsvall"
    )
    document = next(r for r in svc.handle(USER, TextInput("ja")) if isinstance(r, DocumentReply))
    app_id = document.application_id
    assert svc.store.get_application(app_id)["verdict"] == "incomplete"

    batch = svc.reopen(app_id, ["comparison_group"], "Beskriv jämförelsen")
    assert "Beskriv jämförelsen" in _texts(batch)
    assert last_ask(batch).field == "comparison_group"
    batch = svc.handle(USER, TextInput("Familjer i ett jämförbart område utan insatsen"))
    assert last_ask(batch).field == Special.CONFIRM_SUBMIT
    final = svc.handle(USER, TextInput("ja"))
    assert next(r for r in final if isinstance(r, DocumentReply)).application_id == app_id
    app = svc.store.get_application(app_id)
    assert app["answers"]["comparison_group"].startswith("Familjer")
    assert app["verdict"] == "ready"
    assert len(svc.store.list_applications(user=USER)) == 1


def test_a_document_that_cannot_be_written_keeps_the_draft_at_the_confirmation(tmp_path):
    svc = service(tmp_path, chats=[7])
    run_until_confirm(svc, USER, Applicant(example_answers("gavleborg-ready")))
    (tmp_path / "data").mkdir(exist_ok=True)
    (tmp_path / "data" / "applications").write_text("not a folder", encoding="utf-8")
    batch = svc.handle(USER, TextInput("ja"))
    assert "Ansökan kunde inte skapas just nu" in _texts(batch)
    assert last_ask(batch).field == Special.CONFIRM_SUBMIT
    assert svc.store.list_applications() == [] and svc.store.list_deliveries() == []
    (tmp_path / "data" / "applications").unlink()
    final = svc.handle(USER, TextInput("ja"))
    assert any(isinstance(r, DocumentReply) for r in final)


def test_a_draft_in_progress_is_kept_aside_during_a_komplettering(tmp_path):
    svc = service(tmp_path)
    run_until_confirm(svc, USER, Applicant(example_answers("gavleborg-ready")))
    app_id = next(
        r for r in svc.handle(USER, TextInput("ja")) if isinstance(r, DocumentReply)
    ).application_id
    svc.start(USER)
    svc.handle(USER, TextInput("En ny idé"))
    batch = svc.reopen(app_id, ["contact"], "")
    assert last_ask(batch).field == "contact.name"
    for typed in ("Bo Ek", "bo@example.se", "070-1"):
        batch = svc.handle(USER, TextInput(typed))
    svc.handle(USER, TextInput("ja"))
    assert svc.store.get_application(app_id)["answers"]["contact"]["name"] == "Bo Ek"
    restored = svc.store.get_draft(USER)["state"]
    assert restored["answers"]["title"] == "En ny idé"


def test_prepare_saves_nothing_and_commit_saves_what_handle_would(tmp_path):
    svc = service(tmp_path)
    svc.start(USER)
    before = svc.store.get_draft(USER)["state"]
    turn = svc.prepare(USER, TextInput("Tidigt stöd i förskolan"))
    assert svc.store.get_draft(USER)["state"] == before  # worked out, not saved
    assert not turn.has_effects  # a plain answer only saves the draft
    shown = svc.commit(USER, turn)
    assert "Fråga 2 av" in last_ask(shown).text
    saved = svc.store.get_draft(USER)["state"]
    assert saved["answers"]["title"] == "Tidigt stöd i förskolan"
    # The same answer through handle() on a second person gives the same state.
    svc.start("console:other")
    svc.handle("console:other", TextInput("Tidigt stöd i förskolan"))
    assert svc.store.get_draft("console:other")["state"] == saved


def test_a_turn_that_submits_or_logs_a_question_has_effects(tmp_path):
    svc = service(tmp_path)
    run_until_confirm(svc, USER, Applicant(example_answers("gavleborg-ready")))
    unanswerable = svc.prepare(USER, TextInput("Vilken färg har regionens logga?"))
    assert unanswerable.has_effects  # the question is logged for staff
    assert svc.prepare(USER, TextInput("ja")).has_effects  # renders and stores the Word file
    assert not svc.prepare(USER, TextInput("nej")).has_effects
