"""Applicants hear of a status change by e-mail; a komplettering's resubmission reaches
the coordinators as round 2. Against a real SMTP server on loopback."""

from __future__ import annotations

import pytest

from bot.mail import MailSender
from dialogs import DocumentReply
from storage import MemoryStore
from tests.conftest import example_answers
from tests.support.client import DialogClient
from tests.support.clock import Clock
from tests.support.core import make_core
from tests.support.smtp import MailServer, attachments, bodies
from tests.test_mail_sender import APPLICANT, COORDINATORS, core_for, submit

CONTACT = "anna.lind@example.se"


@pytest.fixture
def server():
    with MailServer() as running:
        yield running


def mail_to(server, address):
    return [r.message for r in server.received if r.recipients == [address]]


def test_a_komplettering_reaches_the_applicant_and_the_resubmission_is_round_two(tmp_path, server):
    core = core_for(tmp_path, server)
    app = submit(core)
    sender = MailSender(core)
    sender.run_once()
    [first] = mail_to(server, COORDINATORS[0])

    changed = core.change_status(
        app["id"],
        "komplettering",
        by="cli:emma",
        fields=["budget"],
        comment="Dela upp kostnaden på fler år.",
    )
    assert changed.notified == ["email"]
    assert len(sender.run_once().sent) == 1
    [notice] = mail_to(server, CONTACT)
    assert notice["Subject"] == (
        "Besked om din idé ”Tidigt stöd i förskolan”: komplettering begärd"
    )
    assert notice["Reply-To"] == ", ".join(COORDINATORS)
    plain, html = bodies(notice)
    for text in (
        "Status: komplettering begärd",
        "Dela upp kostnaden på fler år.",
        "• Kostnad per år",  # the field by its Swedish name, not "budget"
        "idebot chat --user anna",
        app["id"],
    ):
        assert text in plain
    assert "<code>idebot chat --user anna</code>" in html
    assert notice.get_content_type() == "multipart/alternative"  # no attachment

    # The field is open again in the applicant's draft; resubmitting is round 2.
    person = DialogClient(core, APPLICANT)
    person.start()
    assert person.ask.field == "budget"
    person.value([{"year": 2027, "cost": 400000}, {"year": 2028, "cost": 400000}])
    while person.ask.field != "confirm_submit":
        person.send("/hoppa")
    replies = person.send("ja")
    assert any(isinstance(r, DocumentReply) for r in replies)
    assert core.application(app["id"])["round"] == 2

    assert len(sender.run_once().sent) == len(COORDINATORS)
    first_again, second = mail_to(server, COORDINATORS[0])
    assert first_again is first
    assert second["Subject"].startswith("Kompletterad idé: Tidigt stöd i förskolan – ")
    assert second["In-Reply-To"] == first["Message-ID"] != second["Message-ID"]
    document = attachments(second)[0][2]
    assert document == core.document(app["id"]) != attachments(first)[0][2]
    assert "Kompletterad idé inskickad igen" in bodies(second)[0]


def test_other_statuses_tell_the_status_and_comment_without_a_resume_part(tmp_path, server):
    core = core_for(tmp_path, server)
    app = submit(core)
    core.change_status(app["id"], "mottagen", by="cli:emma", comment="Tack, vi läser den.")
    MailSender(core).run_once()
    [notice] = mail_to(server, CONTACT)
    assert notice["Subject"].endswith(": mottagen av samordnaren")
    plain, _ = bodies(notice)
    assert "Tack, vi läser den." in plain
    assert "idebot chat" not in plain and "kompletterar" not in plain


@pytest.mark.parametrize(
    ("user", "always", "mail", "expected"),
    [
        ("console:anna", False, True, ["email"]),
        ("telegram:1001", False, True, ["telegram"]),
        ("telegram:1001", True, True, ["telegram", "email"]),
        ("console:anna", False, False, []),
    ],
)
def test_the_applicant_is_told_by_email_when_not_in_telegram_or_when_asked_always(
    tmp_path, user, always, mail, expected
):
    clock = Clock(step=1)
    settings = {"notify_applicant_email": always}
    if mail:
        settings.update(smtp_host="127.0.0.1", mail_from="idebot@example.se", smtp_tls="none")
    core = make_core(tmp_path, store=MemoryStore(clock=clock), clock=clock, **settings)
    app = submit(core, user=user)
    changed = core.change_status(app["id"], "under_beredning", by="cli:emma")
    assert changed.notified == expected
    queued = [d for d in core.store.list_deliveries() if d["kind"] == "status"]
    assert [d["channel"] for d in queued] == expected
    assert [d["id"] for d in queued] == changed.deliveries
    if "email" in expected:
        assert queued[-1]["target"] == CONTACT


def test_a_telegram_applicant_told_by_email_too_is_shown_the_telegram_way_back(tmp_path, server):
    core = core_for(tmp_path, server, notify_applicant_email=True)
    app = submit(core, user="telegram:1001")
    core.change_status(app["id"], "komplettering", by="cli:emma", fields=["title"])
    MailSender(core).run_once()
    [notice] = mail_to(server, CONTACT)
    plain, _ = bodies(notice)
    assert "Telegram" in plain and "/start" in plain and "idebot chat" not in plain
    assert "• Namn på investeringen" in plain.splitlines()


def test_a_long_title_is_cut_in_the_notice_subject_and_kept_whole_in_the_text(tmp_path, server):
    core = core_for(tmp_path, server)
    answers = example_answers("gavleborg-short-cofinancing")
    answers["title"] = "Tidigt stöd i förskolan " + "och i skolan " * 200  # ~2 600 characters
    app = submit(core, answers=answers)
    core.change_status(app["id"], "mottagen", by="cli:emma")
    MailSender(core).run_once()
    [notice] = mail_to(server, CONTACT)
    subject = notice["Subject"]
    assert len(subject) < 140 and subject.endswith("…”: mottagen av samordnaren")
    assert answers["title"].strip() in bodies(notice)[0]


def test_an_address_typed_with_a_full_stop_after_it_still_gets_the_notice(tmp_path, server):
    core = core_for(tmp_path, server)
    answers = example_answers("gavleborg-short-cofinancing")
    answers["contact"]["email"] = "Anna Lind <anna.lind@example.se>."
    app = submit(core, answers=answers)
    MailSender(core).run_once()
    coordinator_mail = mail_to(server, COORDINATORS[0])[0]
    assert coordinator_mail["Reply-To"] == CONTACT
    core.change_status(app["id"], "mottagen", by="cli:emma")
    done = MailSender(core).run_once()
    assert len(done.sent) == 1 and not done.failed
    [notice] = mail_to(server, CONTACT)
    assert notice["To"] == CONTACT


def test_the_resubmitted_application_tells_the_coordinators_what_was_completed(tmp_path, server):
    core = core_for(tmp_path, server)
    app = submit(core)
    core.change_status(
        app["id"], "komplettering", by="cli:emma", fields=["budget", "comparison_group"]
    )
    person = DialogClient(core, APPLICANT)
    person.start()
    person.value([{"year": 2027, "cost": 400000}, {"year": 2028, "cost": 400000}])
    person.send("Två jämförbara skolor utan insatsen.")
    person.send("ja")
    MailSender(core).run_once()
    second = mail_to(server, COORDINATORS[0])[-1]
    plain, html = bodies(second)
    assert "Kompletterat: Kostnad per år, Jämförelsealternativ" in plain.splitlines()
    row = '<th align="left">Kompletterat</th><td>Kostnad per år, Jämförelsealternativ</td>'
    assert row in html
