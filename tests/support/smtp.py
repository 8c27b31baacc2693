"""A real SMTP server on loopback for the tests (``aiosmtpd``): it keeps every message it
accepts, can refuse the next ones with a given reply, and can require STARTTLS and a
login (with a test CA from ``trustme``)."""

from __future__ import annotations

import socket
import ssl
import threading
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

HOST = "127.0.0.1"
USER, PASSWORD = "idebot", "hemlig-åäö"  # not ASCII: smtplib cannot send it as is


@dataclass
class Received:
    """One accepted message: the envelope and the parsed message."""

    sender: str
    recipients: list[str]
    raw: bytes
    message: EmailMessage


@dataclass
class _Handler:
    received: list[Received] = field(default_factory=list)
    refusals: list[tuple[str, str]] = field(default_factory=list)  # (stage, reply)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def _refusal(self, stage: str) -> str | None:
        with self.lock:
            for index, (when, reply) in enumerate(self.refusals):
                if when == stage:
                    del self.refusals[index]
                    return reply
        return None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        refusal = self._refusal("RCPT")
        if refusal:
            return refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        refusal = self._refusal("DATA")
        if refusal:
            return refusal
        raw = bytes(envelope.original_content or envelope.content)
        parsed = message_from_bytes(raw, policy=policy.default)
        with self.lock:
            self.received.append(
                Received(envelope.mail_from, list(envelope.rcpt_tos), raw, parsed)  # type: ignore[arg-type]
            )
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _authenticate(server, session, envelope, mechanism, data: Any) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    return AuthResult(success=ok, handled=False)


class MailServer:
    """``aiosmtpd`` on 127.0.0.1 in a thread of its own.

    Args:
        tls: A server-side TLS context: the server offers STARTTLS and requires it and
            a login (``USER``/``PASSWORD``) before mail.
        login: Require the login without TLS (a local relay with a password).
        port: The port (default: a free one).
    """

    def __init__(
        self, *, tls: ssl.SSLContext | None = None, login: bool = False, port: int | None = None
    ) -> None:
        self.handler = _Handler()
        self.port = port or _free_port()
        options: dict[str, Any] = {}
        if tls is not None:
            options.update(tls_context=tls, require_starttls=True)
        if tls is not None or login:
            options.update(
                authenticator=_authenticate, auth_required=True, auth_require_tls=tls is not None
            )
        self.controller = Controller(self.handler, hostname=HOST, port=self.port, **options)

    def __enter__(self) -> MailServer:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()

    @property
    def received(self) -> list[Received]:
        """The messages accepted so far, in order."""
        with self.handler.lock:
            return list(self.handler.received)

    def refuse_next(self, reply: str, *, stage: str = "RCPT", times: int = 1) -> None:
        """Answers the next ``times`` RCPT (or DATA) commands with ``reply``."""
        with self.handler.lock:
            self.handler.refusals += [(stage, reply)] * times

    def env(self, **extra: str) -> dict[str, str]:
        """``IDEBOT_SMTP_*`` for a process sending through this server without TLS."""
        return {
            "IDEBOT_SMTP_HOST": HOST,
            "IDEBOT_SMTP_PORT": str(self.port),
            "IDEBOT_SMTP_TLS": "none",
            "IDEBOT_MAIL_FROM": "Idébot <idebot@example.se>",
            **extra,
        }

    def settings(self, **extra: Any) -> dict[str, Any]:
        """The same as settings field values (for ``load_settings``/``make_core``)."""
        return {
            "smtp_host": HOST,
            "smtp_port": self.port,
            "smtp_tls": "none",
            "mail_from": "Idébot <idebot@example.se>",
            **extra,
        }


def attachments(message: EmailMessage) -> list[tuple[str, str, bytes]]:
    """(file name, content type, decoded bytes) of each attachment."""
    return [
        (part.get_filename() or "", part.get_content_type(), part.get_payload(decode=True))
        for part in message.iter_attachments()
    ]


def bodies(message: EmailMessage) -> tuple[str, str]:
    """The plain-text and HTML bodies."""
    plain = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert plain is not None and html is not None, "both bodies expected"
    return plain.get_content(), html.get_content()
