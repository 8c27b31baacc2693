"""Status changes as coordinators make them on a bad day: a second komplettering before
the first is answered, a field the application's answers never ask, a typo, the same
command run twice, comments pasted from anywhere (the application layer, any channel)."""

from __future__ import annotations

import pytest

from bot.core.records import contact_email, history_lines, summary_lines
from bot.errors import Refused
from dialogs import DocumentReply
from dialogs.state import Special
from storage import StorageError
from tests.conftest import example_answers
from tests.support.applicant import ScriptedApplicant
from tests.support.client import DialogClient
from tests.support.core import make_core

USER = "console:anna"
# An SMTP server is configured (never reached here), so status notices are queued.
MAIL = {"smtp_host": "127.0.0.1", "smtp_tls": "none", "mail_from": "idebot@example.se"}


def submit(core, answers=None, *, fund=None) -> tuple[DialogClient, str]:
    person = DialogClient(core, USER)
    person.start(fund=fund)
    person.run(ScriptedApplicant(answers or example_answers("gavleborg-ready")).reply)
    document = next(r for r in person.send("ja") if isinstance(r, DocumentReply))
    return person, document.application_id


def answer_until_confirmation(person: DialogClient, replies: dict[str, str]) -> list[str]:
    """Answers each reopened question from ``replies``; returns the fields asked."""
    asked = []
    while person.ask.field != Special.CONFIRM_SUBMIT:
        asked.append(person.ask.field)
        person.send(replies[person.ask.field])
    return asked


# --- a second komplettering before the first one is answered ----------------------------


def test_a_second_komplettering_keeps_what_the_applicant_answered_and_asks_the_rest(tmp_path):
    core = make_core(tmp_path, chats=[7])
    person, app_id = submit(core)
    person.start()
    person.send("unga vuxna")  # another idea begun meanwhile: it must come back afterwards
    core.change_status(
        app_id, "komplettering", by="cli:emma", fields=["budget", "contact"], comment="Dela upp."
    )
    person.start(ask_resume=False)
    assert person.ask.field == "budget"
    person.send('[{"year": 2027, "cost": 111111}, {"year": 2028, "cost": 222222}]')
    assert person.ask.field == "contact.name"  # the applicant stops here for the day

    core.change_status(
        app_id, "komplettering", by="cli:emma", fields=["comparison_group"], comment="Och jämför."
    )
    person.start(ask_resume=False)
    assert "Dela upp." in person.texts() and "Och jämför." in person.texts()
    asked = answer_until_confirmation(
        person,
        {
            "comparison_group": "Två jämförbara skolor utan insatsen.",
            "contact.name": "Bo Ek",
            "contact.email": "bo@example.se",
            "contact.phone": "070-1",
        },
    )
    # Budget was answered already; the contact was still to do; the new field is asked.
    assert sorted(asked) == ["comparison_group", "contact.email", "contact.name", "contact.phone"]
    person.send("ja")
    answers = core.store.get_application(app_id)["answers"]
    assert answers["budget"] == [{"year": 2027, "cost": 111111}, {"year": 2028, "cost": 222222}]
    assert answers["contact"]["name"] == "Bo Ek"
    assert answers["comparison_group"].startswith("Två jämförbara")
    restored = core.store.get_draft(USER)["state"]
    assert restored["answers"]["target_groups"] == ["unga_vuxna"]  # the other idea is back


def test_a_komplettering_after_the_resubmission_starts_from_the_stored_application(tmp_path):
    core = make_core(tmp_path, chats=[7])
    person, app_id = submit(core)
    core.change_status(app_id, "komplettering", by="cli:emma", fields=["title"], comment="")
    person.start(ask_resume=False)
    person.send("Ett nytt namn")
    person.send("ja")
    core.change_status(app_id, "komplettering", by="cli:emma", fields=["problem"], comment="")
    person.start(ask_resume=False)
    assert answer_until_confirmation(person, {"problem": "Ett skarpare problem."}) == ["problem"]
    person.send("ja")
    app = core.store.get_application(app_id)
    assert app["answers"]["title"] == "Ett nytt namn" and app["round"] == 3


@pytest.mark.parametrize("decision", ["avslag", "bifall_ideprovning"])
def test_a_komplettering_answered_after_a_decision_does_not_overwrite_it(tmp_path, decision):
    core = make_core(tmp_path, chats=[7])
    person, app_id = submit(core)
    core.change_status(app_id, "komplettering", by="cli:emma", fields=["title"], comment="")
    core.change_status(app_id, decision, by="cli:emma", comment="Beslut i nämnden.")
    person.start(ask_resume=False)
    person.send("Ett nytt namn")
    person.send("ja")
    assert "redan fattat beslut" in person.texts() and person.ask is None
    app = core.store.get_application(app_id)
    assert app["status"] == decision and app["round"] == 1
    assert [e["status"] for e in app["status_history"]][-1] == decision
    assert app["answers"]["title"] != "Ett nytt namn"


# --- fields the coordinator names -----------------------------------------------------


def sundsvall_without_evidence() -> dict:
    answers = example_answers("sundsvall-no-comparison")
    answers["evidence_basis"] = "beprovad_erfarenhet"
    answers.pop("controlled_studies", None)
    return answers


def test_a_field_whose_question_these_answers_never_ask_is_refused_with_what_it_depends_on(
    tmp_path,
):
    core = make_core(tmp_path, chats=[7])
    person, app_id = submit(core, sundsvall_without_evidence(), fund="sundsvall")
    with pytest.raises(Refused) as refused:
        core.change_status(app_id, "komplettering", by="cli:emma", fields=["controlled_studies"])
    text = str(refused.value)
    assert "controlled_studies" in text and "evidence_basis" in text
    assert core.store.get_application(app_id)["status"] == "inskickad"  # nothing changed

    # Named together with the answer it depends on, it is asked when that answer allows.
    changed = core.change_status(
        app_id, "komplettering", by="cli:emma", fields=["evidence_basis", "controlled_studies"]
    )
    assert changed.fields == ["evidence_basis", "controlled_studies"]
    person.start(ask_resume=False)
    assert person.ask.field == "evidence_basis"
    person.send("vetenskaplig evidens")
    assert person.ask.field == "controlled_studies"


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("budgett", ["okänt fält", "”budgett”", "menade du budget (kostnad per år)"]),
        ("kontakt", ["okänt fält", "”kontakt”", "menade du contact"]),
    ],
)
def test_a_misspelt_field_is_called_unknown_and_the_nearest_field_suggested(tmp_path, typed, words):
    core = make_core(tmp_path, chats=[7])
    _, app_id = submit(core)
    with pytest.raises(Refused) as refused:
        core.change_status(app_id, "komplettering", by="cli:emma", fields=[typed])
    text = str(refused.value)
    for word in words:
        assert word in text.lower()
    assert "frågas inte i dialogen" not in text  # it is no question of any fund


def test_a_field_name_typed_in_capitals_is_the_field(tmp_path):
    core = make_core(tmp_path, chats=[7])
    _, app_id = submit(core)
    changed = core.change_status(app_id, "komplettering", by="cli:emma", fields=["Budget"])
    assert changed.fields == ["budget"] and changed.labels == ["Kostnad per år"]


# --- the same change twice --------------------------------------------------------------


def test_the_same_change_made_twice_is_refused_and_tells_the_applicant_once(tmp_path):
    core = make_core(tmp_path, chats=[7], **MAIL)
    _, app_id = submit(core)
    core.change_status(app_id, "mottagen", by="cli:emma", comment="Tack!")
    with pytest.raises(Refused) as refused:
        core.change_status(app_id, "Mottagen", by="cli:emma", comment=" Tack! ")
    assert "redan" in str(refused.value) and "mottagen" in str(refused.value)
    notices = [d for d in core.store.list_deliveries() if d["kind"] == "status"]
    assert len(notices) == 1
    assert [e["status"] for e in core.store.get_application(app_id)["status_history"]] == [
        "inskickad",
        "mottagen",
    ]
    # A new comment is a new message to the applicant, and goes.
    core.change_status(app_id, "mottagen", by="cli:emma", comment="Vi hör av oss i maj.")
    assert len([d for d in core.store.list_deliveries() if d["kind"] == "status"]) == 2


def _fails_once(monkeypatch, store, method: str) -> None:
    """The store's ``method`` fails the first time (a full disk, a lost connection)."""
    real = getattr(store, method)
    calls = []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise StorageError("disken är full")
        return real(*args, **kwargs)

    monkeypatch.setattr(store, method, failing)


def test_a_status_change_cut_short_is_completed_when_the_command_is_run_again(
    tmp_path, monkeypatch
):
    core = make_core(tmp_path, chats=[7], **MAIL)
    _, app_id = submit(core)
    _fails_once(monkeypatch, core.store, "enqueue_delivery")
    with pytest.raises(StorageError):
        core.change_status(app_id, "mottagen", by="cli:emma", comment="Tack!")
    # The status was set, the applicant was not told.
    assert core.store.get_application(app_id)["status"] == "mottagen"
    assert not [d for d in core.store.list_deliveries() if d["kind"] == "status"]

    again = core.change_status(app_id, "mottagen", by="cli:emma", comment="Tack!")
    assert again.completed and "var redan mottagen" in again.summary()
    assert "Sökanden får besked med e-post" in again.summary()
    [notice] = [d for d in core.store.list_deliveries() if d["kind"] == "status"]
    assert notice["payload"]["comment"] == "Tack!"
    # One event in the history, and a third run changes nothing.
    history = core.store.get_application(app_id)["status_history"]
    assert [e["status"] for e in history] == ["inskickad", "mottagen"]
    with pytest.raises(Refused):
        core.change_status(app_id, "mottagen", by="cli:emma", comment="Tack!")


def test_a_komplettering_whose_reopening_failed_is_reopened_on_the_second_run(
    tmp_path, monkeypatch
):
    core = make_core(tmp_path, chats=[7], **MAIL)
    person, app_id = submit(core)
    _fails_once(monkeypatch, core.store, "draft_session")
    with pytest.raises(StorageError):
        core.change_status(app_id, "komplettering", by="cli:emma", fields=["budget"])
    assert core.store.get_application(app_id)["status"] == "komplettering"
    person.start(ask_resume=False)
    assert person.ask is None or person.ask.field != "budget"  # nothing was reopened

    again = core.change_status(app_id, "komplettering", by="cli:emma", fields=["budget"])
    assert again.completed and "Kostnad per år" in again.summary()
    person.start(ask_resume=False)
    assert person.ask.field == "budget"
    assert len([d for d in core.store.list_deliveries() if d["kind"] == "status"]) == 1
    # The applicant answering meanwhile is kept: a third run changes nothing.
    with pytest.raises(Refused):
        core.change_status(app_id, "komplettering", by="cli:emma", fields=["budget"])
    assert person.ask.field == "budget"


# --- comments as they are pasted ----------------------------------------------------------


def test_control_characters_and_lone_surrogates_never_reach_the_applicant(tmp_path):
    core = make_core(tmp_path, chats=[7], **MAIL)
    _, app_id = submit(core)
    pasted = "Tack\x1b[31m för\x07 idén\ud800 & <b>{{ x }}</b>"
    changed = core.change_status(app_id, "mottagen", by="cli:emma", comment=pasted)
    comment = changed.application["status_history"][-1]["comment"]
    assert comment == "Tack för idén & <b>{{ x }}</b>"
    [notice] = [d for d in core.store.list_deliveries() if d["kind"] == "status"]
    assert notice["payload"]["comment"] == comment


def test_a_comment_longer_than_an_answer_may_be_is_refused_naming_the_comment(tmp_path):
    core = make_core(tmp_path, chats=[7])
    _, app_id = submit(core)
    with pytest.raises(Refused) as refused:
        core.change_status(app_id, "mottagen", by="cli:emma", comment="a" * 100_000)
    assert "kommentaren" in str(refused.value).lower() and "4 000" in str(refused.value)
    assert core.store.get_application(app_id)["status"] == "inskickad"


# --- what coordinators read afterwards ----------------------------------------------------


def test_the_history_names_the_fields_a_komplettering_asked_for(tmp_path):
    core = make_core(tmp_path, chats=[7])
    _, app_id = submit(core)
    core.change_status(
        app_id, "komplettering", by="cli:emma", fields=["budget", "comparison_group"],
        comment="Dela upp budgeten.",
    )  # fmt: skip
    [_, line] = history_lines(core.store.get_application(app_id))
    assert "komplettering begärd (Kostnad per år, Jämförelsealternativ): Dela upp budgeten." in line


def test_the_resubmitted_application_says_what_was_completed(tmp_path):
    core = make_core(tmp_path, chats=[7])
    person, app_id = submit(core)
    core.change_status(app_id, "komplettering", by="cli:emma", fields=["comparison_group"])
    person.start(ask_resume=False)
    person.send("Två skolor utan insatsen.")
    person.send("ja")
    app = core.store.get_application(app_id)
    lines = summary_lines(app, heading="Kompletterad idé inskickad igen", fund_name="Fonden")
    assert "Kompletterat: Jämförelsealternativ" in lines


@pytest.mark.parametrize(
    ("typed", "address"),
    [
        ("anna@example.se.", "anna@example.se"),
        ("Anna Lind <anna@example.se>", "anna@example.se"),
        ("mailto:anna@example.se", "anna@example.se"),
        ("anna@example.se (jobb)", "anna@example.se"),
        ("anna.lind at example.se", None),
    ],
)
def test_the_contact_address_is_read_as_people_type_it(typed, address):
    assert contact_email({"answers": {"contact": {"email": typed}}}) == address
