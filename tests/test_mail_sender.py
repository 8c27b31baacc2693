"""The e-mail channel against a real SMTP server on loopback (aiosmtpd): what arrives,
and what happens on 4xx, 5xx, a server that is down, a wrong password and a restart."""

from __future__ import annotations

import logging
import re
import socket
import ssl
from datetime import timedelta
from email.utils import parsedate_to_datetime

import pytest
import trustme

from bot.cli import main
from bot.mail import MailSender
from dialogs import DocumentReply
from knowledge.criteria import Verdict
from storage import DeliveryStatus, MemoryStore, TinyStore
from tests.conftest import example_answers
from tests.support.applicant import ScriptedApplicant
from tests.support.client import DialogClient
from tests.support.clock import Clock
from tests.support.core import make_core
from tests.support.smtp import PASSWORD, USER, MailServer, attachments, bodies

COORDINATORS = ["samordnare@example.se", "beredning@example.se"]
APPLICANT = "console:anna"
FUND_NAME = "Region Gävleborgs regionala sociala investeringsmedel"


@pytest.fixture
def server():
    with MailServer() as running:
        yield running


def core_for(tmp_path, server, *, store=None, clock=None, **settings):
    clock = clock or Clock(step=1)
    values = {"coordinator_emails": COORDINATORS, **server.settings(), **settings}
    store = store if store is not None else MemoryStore(clock=clock)
    return make_core(tmp_path, store=store, clock=clock, **values)


def submit(core, example="gavleborg-short-cofinancing", user=APPLICANT, answers=None):
    """Answers the whole dialog as a person types and submits; returns the application."""
    person = DialogClient(core, user)
    person.run(ScriptedApplicant(answers or example_answers(example)).reply)
    replies = person.send("ja")
    document = next(r for r in replies if isinstance(r, DocumentReply))
    return core.application(document.application_id)


def test_a_submitted_application_arrives_with_its_document_headers_and_both_bodies(
    tmp_path, server
):
    core = core_for(tmp_path, server)
    app = submit(core)
    done = MailSender(core).run_once()
    assert len(done.sent) == 2 and not done.failed and not done.retried

    received = {r.recipients[0]: r for r in server.received}
    assert sorted(received) == sorted(COORDINATORS)
    mail = received["samordnare@example.se"]
    message = mail.message
    assert mail.sender == "idebot@example.se"  # the envelope's MAIL FROM
    assert message["From"] == "Idébot <idebot@example.se>"
    assert message["To"] == "samordnare@example.se"
    title = app["answers"]["title"]
    assert message["Subject"] == f"Ny idé: {title} – {FUND_NAME}"
    raw_subject = re.search(rb"^Subject: (.*(?:\r?\n[ \t].*)*)", mail.raw, re.M)[1]
    assert b"=?utf-8?" in raw_subject and "é".encode() not in raw_subject  # RFC 2047
    assert re.fullmatch(r"<idebot\.[0-9a-f]{32}@example\.se>", message["Message-ID"])
    sent_at = parsedate_to_datetime(message["Date"])
    assert abs(sent_at - core.clock()) < timedelta(minutes=1)
    assert message["Reply-To"] == app["answers"]["contact"]["email"]

    plain, html = bodies(message)
    shortfalls = [f["message"] for f in app["findings"] if f["status"] in ("fail", "unknown")]
    assert len(shortfalls) == 2  # partners and the co-financing (200 000 kr missing)
    facts = [
        title,
        "Sandvikens kommun, Individ- och familjeomsorgen",
        "Anna Lind, anna.lind@example.se, 070-123 45 67",
        Verdict.NOT_ELIGIBLE.label,
        app["id"],
    ]
    for text in facts:
        assert text in plain and text in html
    for text in shortfalls:
        assert f"• {text}" in plain.splitlines()  # one line each
        assert f"<li>{text}</li>" in html

    [(filename, content_type, data)] = attachments(message)
    assert filename == app["filename"] == "idéansökan-tidigt-stöd-i-förskolan.docx"
    assert content_type.endswith("wordprocessingml.document")
    assert data == core.document(app["id"])  # byte-identical to the stored document

    # Each address got its own message, and a second pass sends nothing more.
    assert received["beredning@example.se"].message["To"] == "beredning@example.se"
    assert MailSender(core).run_once().sent == []
    assert len(server.received) == 2
    assert {d["status"] for d in core.store.list_deliveries()} == {DeliveryStatus.DELIVERED}


def test_answers_are_text_in_the_html_body_never_markup(tmp_path, server):
    answers = example_answers("gavleborg-ready")
    answers["title"] = "Barn & unga <script>alert(1)</script>"
    core = core_for(tmp_path, server, coordinator_emails=["samordnare@example.se"])
    submit(core, answers=answers)
    MailSender(core).run_once()
    [mail] = server.received
    plain, html = bodies(mail.message)
    assert "Barn & unga <script>alert(1)</script>" in plain
    assert "<script>" not in html and "Barn &amp; unga &lt;script&gt;" in html
    assert mail.message["Subject"].startswith("Ny idé: Barn & unga <script>")


def test_a_451_is_tried_again_after_the_backoff_and_the_message_arrives_once(tmp_path, server):
    clock = Clock()
    core = core_for(tmp_path, server, clock=clock, coordinator_emails=["samordnare@example.se"])
    app = submit(core)
    server.refuse_next("451 4.7.1 Greylisted, please try again later")
    sender = MailSender(core)

    first = sender.run_once()
    assert len(first.retried) == 1 and server.received == []
    [delivery] = core.store.list_deliveries()
    assert delivery["status"] == DeliveryStatus.PENDING and "451" in delivery["last_error"]
    assert sender.run_once().sent == []  # not due yet: the backoff is 10 s
    clock.advance(seconds=11)
    assert len(sender.run_once().sent) == 1
    clock.advance(hours=2)
    assert sender.run_once().sent == []
    [mail] = server.received
    assert attachments(mail.message)[0][2] == core.document(app["id"])
    assert core.store.list_deliveries()[0]["status"] == DeliveryStatus.DELIVERED


def test_a_550_is_given_up_logged_and_shown_in_the_inbox(tmp_path, server, capsys, caplog):
    clock = Clock(step=1)
    store = TinyStore(tmp_path / "data", clock=clock)
    core = core_for(tmp_path, server, store=store, clock=clock)
    app = submit(core)
    server.refuse_next("550 5.1.1 <samordnare@example.se>: Recipient address rejected")
    with caplog.at_level(logging.ERROR):
        done = MailSender(core).run_once()
    assert len(done.failed) == 1 and len(done.sent) == 1
    assert [r.recipients for r in server.received] == [["beredning@example.se"]]
    failed = store.get_delivery(done.failed[0]["id"])
    assert failed["status"] == DeliveryStatus.FAILED and "550 5.1.1" in failed["last_error"]
    assert any("550" in r.getMessage() for r in caplog.records if r.levelno == logging.ERROR)
    # Given up: later passes leave it alone.
    core.clock.advance(days=1)
    assert MailSender(core).run_once().sent == []
    store.close()

    assert main(["inkorg"]) == 0
    inbox = capsys.readouterr().out
    assert "⚠ Ansökan, e-post till samordnare@example.se, omgång 1: gick inte att skicka" in inbox
    assert "550 5.1.1" in inbox
    assert main(["ansokan", app["id"]]) == 0
    details = capsys.readouterr().out
    assert "Leveranser:" in details
    assert "e-post till beredning@example.se, omgång 1: skickad" in details
    assert "e-post till samordnare@example.se, omgång 1: gick inte att skicka" in details


def test_a_restart_in_between_sends_nothing_twice(tmp_path, server):
    clock = Clock(step=1)
    store = TinyStore(tmp_path / "data", clock=clock)
    core = core_for(tmp_path, server, store=store, clock=clock)
    app = submit(core)
    server.refuse_next("451 4.3.0 Mailbox temporarily unavailable")
    done = MailSender(core).run_once()
    assert len(done.sent) == 1 and len(done.retried) == 1
    store.close()

    for _ in range(2):  # restart: a new store on the same folder, a new sender (owner)
        clock.advance(minutes=1)
        store = TinyStore(tmp_path / "data", clock=clock)
        core = core_for(tmp_path, server, store=store, clock=clock)
        MailSender(core).run_once()
        store.close()
    recipients = sorted(r.recipients[0] for r in server.received)
    assert recipients == sorted(COORDINATORS)  # each exactly once
    with TinyStore(tmp_path / "data") as store:
        assert {d["status"] for d in store.list_deliveries()} == {DeliveryStatus.DELIVERED}
        for mail in server.received:
            assert attachments(mail.message)[0][2] == store.get_document(app["id"])


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_unreachable_server_is_reported_once_and_every_message_waits(tmp_path, caplog):
    clock = Clock()
    port = _closed_port()
    settings = {
        "smtp_host": "127.0.0.1",
        "smtp_port": port,
        "smtp_tls": "none",
        "mail_from": "idebot@example.se",
        "coordinator_emails": COORDINATORS,
    }
    core = make_core(tmp_path, store=MemoryStore(clock=clock), clock=clock, **settings)
    submit(core)
    submit(core, user="console:bertil")
    sender = MailSender(core)
    with caplog.at_level(logging.WARNING):
        for _ in range(3):
            done = sender.run_once()
            assert done.problem and "svarar inte" in done.problem
            clock.advance(hours=2)
    reports = [r for r in caplog.records if r.name == "bot.mail.sender"]
    assert len(reports) == 1 and reports[0].levelno == logging.ERROR  # once, not per message
    assert "127.0.0.1" in reports[0].getMessage()
    deliveries = core.store.list_deliveries()
    assert len(deliveries) == 4
    assert all(d["status"] == DeliveryStatus.PENDING and d["attempts"] == 3 for d in deliveries)

    # The server comes up: everything that waited arrives, once.
    with MailServer(port=port) as server:
        clock.advance(hours=2)
        assert len(sender.run_once().sent) == 4
        assert sender.problem is None
        assert len(server.received) == 4


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_a_wrong_password_is_reported_once_naming_the_variables(tmp_path, caplog):
    clock = Clock()
    with MailServer(login=True) as server:
        core = core_for(tmp_path, server, clock=clock, smtp_user=USER, smtp_password="fel")
        submit(core)
        sender = MailSender(core)
        with caplog.at_level(logging.WARNING):
            for _ in range(3):
                done = sender.run_once()
                clock.advance(hours=2)
        reports = [r for r in caplog.records if r.name == "bot.mail.sender"]
        assert len(reports) == 1 and reports[0].levelno == logging.ERROR
        assert "IDEBOT_SMTP_PASSWORD" in done.problem and "535" in done.problem
        assert server.received == []
        assert all(d["status"] == DeliveryStatus.PENDING for d in core.store.list_deliveries())

        right = core_for(
            tmp_path, server, store=core.store, clock=clock, smtp_user=USER, smtp_password=PASSWORD
        )
        assert len(MailSender(right).run_once().sent) == 2
        assert len(server.received) == 2


def test_starttls_with_a_login_as_an_organisations_relay_on_587(tmp_path):
    authority = trustme.CA()
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(server_tls)
    client_tls = ssl.create_default_context()
    authority.configure_trust(client_tls)
    with MailServer(tls=server_tls) as server:
        core = core_for(
            tmp_path,
            server,
            smtp_tls="starttls",
            smtp_user=USER,
            smtp_password=PASSWORD,
            coordinator_emails=["samordnare@example.se"],
        )
        submit(core)
        assert len(MailSender(core, context=client_tls).run_once().sent) == 1
        # Without the test CA the certificate is not trusted: reported, nothing lost.
        submit(core, user="console:bertil")
        done = MailSender(core).run_once()
        assert done.problem and "IDEBOT_SMTP_TLS" in done.problem
        assert len(server.received) == 1


def test_the_attachment_is_named_in_the_titles_own_letters_and_safe_as_a_file_name(
    tmp_path, server
):
    core = core_for(tmp_path, server)
    answers = example_answers("gavleborg-short-cofinancing")
    answers["title"] = 'Äldres hälsa: "Å & Ö" <på gång>/../tmp'
    submit(core, answers=answers)
    MailSender(core).run_once()
    mail = server.received[0]
    [(filename, _, _)] = attachments(mail.message)
    assert filename == "idéansökan-äldres-hälsa-å-ö-på-gång-tmp.docx"
    assert b"*=utf-8''id%C3%A9ans%C3%B6kan-%C3%A4ldres" in mail.raw  # RFC 2231
