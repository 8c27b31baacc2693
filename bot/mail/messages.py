"""The e-mail messages: a submitted application to a coordinator, a status notice to
the applicant. Built with the standard library's ``email`` package (``EmailMessage``
encodes a Swedish subject and names as RFC 2047 words and the bodies as UTF-8).

Every message has a plain-text and an HTML body with the same facts (the HTML is a
Jinja2 template with autoescaping, so an answer like ``<b>`` is shown, never markup),
a ``Date`` and a ``Message-ID`` derived from the delivery: every attempt of one delivery
carries the same id, so a message sent again after a lost server reply is recognisable
as the same message, and a komplettering's round 2 refers to round 1 (``In-Reply-To``)
so a mail program shows the rounds as one thread.
"""

from __future__ import annotations

import hashlib
import shlex
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any

import jinja2

from bot.core.coordination import console_user, telegram_chat
from bot.core.records import (
    contact_email,
    document_filename,
    short_title,
    shortfalls_of,
    summary_facts,
    summary_lines,
    title_of,
)
from bot.core.status import ApplicationStatus, status_label
from storage import delivery_id_for

DOCX_TYPE = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")
HEADING = "Ny idé inskickad"
RESUBMITTED_HEADING = "Kompletterad idé inskickad igen"
SUBJECT = "Ny idé: {title} – {fund}"
RESUBMITTED_SUBJECT = "Kompletterad idé: {title} – {fund}"
NOTICE_SUBJECT = "Besked om din idé ”{title}”: {status}"

_HTML = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)

APPLICATION_HTML = _HTML.from_string(
    """<!DOCTYPE html>
<html lang="sv"><head><meta charset="utf-8"><title>{{ subject }}</title></head>
<body style="font-family: sans-serif">
<h2>{{ heading }}: ”{{ title }}”</h2>
<table>
{% for label, value in facts %}<tr><th align="left">{{ label }}</th><td>{{ value }}</td></tr>
{% endfor %}</table>
{% if shortfalls %}<p><b>Brister:</b></p>
<ul>
{% for text in shortfalls %}<li>{{ text }}</li>
{% endfor %}</ul>{% else %}<p><b>Brister:</b> inga</p>{% endif %}
<p>Id: <code>{{ id }}</code></p>
<p>Ansökan i Word är bifogad ({{ filename }}).</p>
<p>På kommandoraden:<br>
<code>idebot ansokan {{ id }}</code> – uppgifter, historik och dokumentet<br>
<code>idebot status {{ id }} mottagen</code> – ändra status</p>
</body></html>
"""
)

NOTICE_HTML = _HTML.from_string(
    """<!DOCTYPE html>
<html lang="sv"><head><meta charset="utf-8"><title>{{ subject }}</title></head>
<body style="font-family: sans-serif">
{% for paragraph in paragraphs %}<p>{% for line in paragraph %}{% if line.startswith("  ")
%}<code>{{ line.strip() }}</code>{% else %}{{ line }}{% endif %}{% if not loop.last %}<br>
{% endif %}{% endfor %}</p>
{% endfor %}</body></html>
"""
)


@dataclass(frozen=True)
class Sender:
    """Who a message is from and where answers go.

    Attributes:
        from_: The ``From`` header (``IDEBOT_MAIL_FROM``, a name may come with it).
        domain: The domain of ``Message-ID`` (the sender's own).
    """

    from_: str
    domain: str

    @classmethod
    def of(cls, mail_from: str, address: str) -> Sender:
        """The sender of ``IDEBOT_MAIL_FROM`` (whole) and its bare address."""
        return cls(mail_from, address.rpartition("@")[2] or "idebot.invalid")


def message_id(delivery_id: str, domain: str) -> str:
    """The ``Message-ID`` of every attempt of one delivery (no personal data in it)."""
    digest = hashlib.sha256(delivery_id.encode("utf-8")).hexdigest()[:32]
    return f"<idebot.{digest}@{domain}>"


def _headers(
    message: EmailMessage, sender: Sender, delivery: dict[str, Any], subject: str, now: datetime
) -> None:
    message["From"] = sender.from_
    message["To"] = str(delivery["target"])
    message["Subject"] = subject
    message["Date"] = format_datetime(now)
    message["Message-ID"] = message_id(str(delivery["id"]), sender.domain)


def application_message(
    app: dict[str, Any],
    delivery: dict[str, Any],
    document: bytes,
    *,
    fund_name: str,
    sender: Sender,
    now: datetime,
) -> EmailMessage:
    """A submitted application for one coordinator address, the .docx attached.

    Args:
        app: The stored application.
        delivery: Its outbox delivery (target address, round, id).
        document: The stored Word document, attached as it is.
        fund_name: The fund's name.
        sender: ``From`` and the ``Message-ID`` domain.
        now: The ``Date``.
    """
    round_ = int(delivery.get("round") or 1)
    heading = RESUBMITTED_HEADING if round_ > 1 else HEADING
    pattern = RESUBMITTED_SUBJECT if round_ > 1 else SUBJECT
    subject = pattern.format(title=short_title(app), fund=fund_name)
    filename = document_filename(app)
    message = EmailMessage()
    _headers(message, sender, delivery, subject, now)
    contact = contact_email(app)
    if contact:
        # "Svara" in the coordinator's mail program reaches the applicant's contact.
        message["Reply-To"] = contact
    if round_ > 1:
        first = delivery_id_for({**delivery, "round": 1})
        message["In-Reply-To"] = message["References"] = message_id(first, sender.domain)
    lines = summary_lines(app, heading=heading, fund_name=fund_name)
    lines += [
        "",
        f"Ansökan i Word är bifogad ({filename}).",
        "På kommandoraden:",
        f"  idebot ansokan {app['id']}          uppgifter, historik och dokumentet",
        f"  idebot status {app['id']} mottagen  ändra status",
    ]
    message.set_content("\n".join(lines) + "\n")
    html = APPLICATION_HTML.render(
        subject=subject,
        heading=heading,
        title=title_of(app),
        facts=summary_facts(app, fund_name=fund_name),
        shortfalls=shortfalls_of(app),
        id=app["id"],
        filename=filename,
    )
    message.add_alternative(html, subtype="html")
    maintype, subtype = DOCX_TYPE
    message.add_attachment(document, maintype=maintype, subtype=subtype, filename=filename)
    return message


def resume_lines(user: str) -> list[str]:
    """How the applicant gets back to their reopened questions, for their channel."""
    name = console_user(user)
    if name is not None:
        return [
            "Så fortsätter du: kör",
            f"  idebot chat --user {shlex.quote(name)}",
            "så kommer du direkt till frågorna som ska kompletteras. När du har svarat "
            "skickar du in idén igen, och samordnaren får den kompletterade ansökan.",
        ]
    if telegram_chat(user) is not None:
        return [
            "Så fortsätter du: öppna Idébot i Telegram och skriv /start, så kommer du "
            "direkt till frågorna som ska kompletteras. Skicka sedan in idén igen."
        ]
    return [
        "Så fortsätter du: öppna Idébot på samma sätt som när du skickade in idén, så kommer "
        "du till frågorna som ska kompletteras. Skicka sedan in idén igen."
    ]


def notice_message(
    app: dict[str, Any],
    delivery: dict[str, Any],
    *,
    fund_name: str,
    contact: str,
    reply_to: list[str],
    sender: Sender,
    now: datetime,
) -> EmailMessage:
    """The applicant's notice of a status change (the delivery's payload says which).

    Args:
        app: The stored application (whose user key says how to resume).
        delivery: The ``status`` delivery: target address and payload (status, comment,
            the Swedish names of the fields to complete).
        fund_name: The fund's name.
        contact: The coordinator's contact as a phrase (may be empty).
        reply_to: Where the applicant's answer should go (the coordinators).
        sender: ``From`` and the ``Message-ID`` domain.
        now: The ``Date``.
    """
    payload = delivery.get("payload") or {}
    status = str(payload.get("status") or app.get("status"))
    title = str(payload.get("title") or title_of(app))
    # The whole title in the text; a subject line is kept as short as the coordinators'.
    subject = NOTICE_SUBJECT.format(
        title=short_title({"answers": {"title": title}}), status=status_label(status)
    )
    paragraphs: list[list[str]] = [
        ["Hej!"],
        [
            f"Samordnaren för {fund_name} har ett nytt besked om din idé ”{title}”.",
            f"Status: {status_label(status)}",
        ],
    ]
    if payload.get("comment"):
        paragraphs.append(["Kommentar från samordnaren:", str(payload["comment"])])
    if status == ApplicationStatus.SUPPLEMENT.value:
        fields = [str(label) for label in payload.get("fields") or []]
        if fields:
            paragraphs.append(
                ["Samordnaren vill att du kompletterar:", *(f"• {f}" for f in fields)]
            )
        paragraphs.append(resume_lines(str(app.get("user") or "")))
    ending = [f"Ansökans id: {app['id']}"]
    if reply_to:
        ending.append("Har du frågor kan du svara på det här mejlet; svaret går till samordnaren.")
    elif contact:
        ending.append(f"Har du frågor, kontakta samordnaren{contact}.")
    paragraphs += [ending, ["Hälsningar", "Idébot"]]
    message = EmailMessage()
    _headers(message, sender, delivery, subject, now)
    if reply_to:
        message["Reply-To"] = ", ".join(reply_to)
    message.set_content("\n\n".join("\n".join(p) for p in paragraphs) + "\n")
    message.add_alternative(
        NOTICE_HTML.render(subject=subject, paragraphs=paragraphs), subtype="html"
    )
    return message
