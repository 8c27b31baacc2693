"""The connection to the SMTP server, and what a failure means for a delivery.

``smtplib`` (the standard library) rather than ``aiosmtplib``: the outbox, the store and
the document are blocking calls anyway, the command line sends without an event loop,
and the Telegram bot runs the same code on its thread pool, so one synchronous client
serves both and adds no dependency.

A failure is one of three kinds:

* ``TEMPORARY`` – this message, later (a 4xx reply: greylisting, a full mailbox);
* ``PERMANENT`` – this message, never (a 5xx reply: no such address, too large);
* ``SERVER`` – no message can go now (unreachable, TLS, a wrong password, 421): every
  claimed delivery waits, and the cause is reported once, not per message.
"""

from __future__ import annotations

import base64
import smtplib
import socket
import ssl
from dataclasses import dataclass
from enum import StrEnum

from bot.settings import Settings, SmtpTls

TIMEOUT = 30.0  # seconds for connecting and for each reply


class Failure(StrEnum):
    """What a failure means for the delivery."""

    TEMPORARY = "temporary"
    PERMANENT = "permanent"
    SERVER = "server"


@dataclass(frozen=True)
class Outcome:
    """A classified failure.

    Attributes:
        failure: Its kind.
        text: One Swedish line (the log, the delivery's last error, the coordinator).
        key: What the failure is about, without details that change from try to try
            (a server problem is reported again only when its key changes).
    """

    failure: Failure
    text: str
    key: str = ""


def connect(
    settings: Settings, *, context: ssl.SSLContext | None = None, timeout: float = TIMEOUT
) -> smtplib.SMTP:
    """An open, greeted, encrypted (unless ``none``) and logged-in SMTP connection.

    Args:
        settings: ``IDEBOT_SMTP_*``.
        context: The TLS context (default: the system's trusted CAs, hostname checked).
        timeout: Seconds for the connection and each reply.

    Raises:
        OSError, smtplib.SMTPException: as :func:`connect_outcome` classifies.
    """
    host, port = settings.smtp_host or "", settings.smtp_port
    context = context or ssl.create_default_context()
    # The local host name as it is: smtplib's default (getfqdn) may wait for DNS.
    local = socket.gethostname() or "localhost"
    if settings.smtp_tls is SmtpTls.SSL:
        client: smtplib.SMTP = smtplib.SMTP_SSL(
            host, port, local_hostname=local, timeout=timeout, context=context
        )
    else:
        client = smtplib.SMTP(host, port, local_hostname=local, timeout=timeout)
    try:
        client.ehlo()
        if settings.smtp_tls is SmtpTls.STARTTLS:
            client.starttls(context=context)
            client.ehlo()
        if settings.smtp_user:
            password = settings.smtp_password.get_secret_value() if settings.smtp_password else ""
            login(client, settings.smtp_user, password)
    except BaseException:
        close(client)
        raise
    return client


def login(client: smtplib.SMTP, user: str, password: str) -> None:
    """Logs in; a password with å, ä, ö too.

    ``smtplib.login`` encodes the credentials as ASCII and fails on anything else, so
    those go as AUTH PLAIN, whose credentials are UTF-8 (RFC 4616).

    Raises:
        smtplib.SMTPAuthenticationError: when the server refuses them.
        smtplib.SMTPNotSupportedError: when it offers no login that can carry them.
    """
    if (user + password).isascii():
        client.login(user, password)
        return
    client.ehlo_or_helo_if_needed()
    offered = (client.esmtp_features.get("auth") or "").upper().split()
    if "PLAIN" not in offered:
        raise smtplib.SMTPNotSupportedError(
            "inloggning med andra tecken än ASCII (å, ä, ö) kräver AUTH PLAIN"
        )
    secret = b"\0" + user.encode("utf-8") + b"\0" + password.encode("utf-8")
    code, reply = client.docmd("AUTH", "PLAIN " + base64.b64encode(secret).decode("ascii"))
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, reply)


def close(client: smtplib.SMTP | None) -> None:
    """Says goodbye (QUIT) when the server still listens, and closes the socket."""
    if client is None:
        return
    try:
        client.quit()
    except (OSError, smtplib.SMTPException):
        client.close()


def _where(settings: Settings) -> str:
    return f"{settings.smtp_host}:{settings.smtp_port}"


def _reply(code: int, message: bytes | str) -> str:
    text = message.decode("utf-8", "replace") if isinstance(message, bytes) else str(message)
    return f"{code} {' '.join(text.split())}".strip()


def connect_outcome(error: BaseException, settings: Settings) -> Outcome:
    """What a failure while connecting, encrypting or logging in means: always SERVER."""
    where = _where(settings)
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return Outcome(
            Failure.SERVER,
            f"SMTP-servern {where} godtar inte inloggningen "
            f"({_reply(error.smtp_code, error.smtp_error)}); kontrollera IDEBOT_SMTP_USER "
            "och IDEBOT_SMTP_PASSWORD",
            "auth",
        )
    if isinstance(error, smtplib.SMTPNotSupportedError):
        return Outcome(
            Failure.SERVER,
            f"SMTP-servern {where} stöder inte det som krävs ({error}); kontrollera "
            "IDEBOT_SMTP_TLS (starttls, ssl eller none) och IDEBOT_SMTP_USER",
            "unsupported",
        )
    if isinstance(error, ssl.SSLError):
        hint = " (ssl brukar vara port 465, starttls port 587)"
        return Outcome(
            Failure.SERVER,
            f"TLS mot SMTP-servern {where} misslyckades ({error.reason or error}); "
            f"kontrollera IDEBOT_SMTP_TLS och IDEBOT_SMTP_PORT{hint}",
            "tls",
        )
    if isinstance(error, socket.gaierror):
        return Outcome(
            Failure.SERVER,
            f"SMTP-servern {settings.smtp_host} finns inte (namnet kan inte slås upp); "
            "kontrollera IDEBOT_SMTP_HOST",
            "host",
        )
    if isinstance(error, smtplib.SMTPResponseException):
        return Outcome(
            Failure.SERVER,
            f"SMTP-servern {where} tar inte emot e-post "
            f"({_reply(error.smtp_code, error.smtp_error)})",
            f"reply {error.smtp_code}",
        )
    reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
    return Outcome(
        Failure.SERVER,
        f"SMTP-servern {where} svarar inte ({reason}); e-posten skickas när den svarar igen",
        "unreachable",
    )


def send_outcome(error: BaseException, settings: Settings, target: str) -> Outcome:
    """What a failure while sending one message means (by the server's reply code)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code, message = next(iter(error.recipients.values()), (550, b""))
        return _by_code(code, f"mottagaren {target} nekades", message, settings)
    if isinstance(error, smtplib.SMTPResponseException):
        return _by_code(error.smtp_code, "servern svarade", error.smtp_error, settings)
    if isinstance(error, smtplib.SMTPNotSupportedError):
        # The message needs SMTPUTF8 (an address with å ä ö) and the server lacks it.
        return Outcome(Failure.PERMANENT, f"servern kan inte ta emot meddelandet ({error})")
    if isinstance(error, ValueError | UnicodeError):
        return Outcome(Failure.PERMANENT, f"adressen {target!r} går inte att använda ({error})")
    # The connection was lost (smtplib.SMTPServerDisconnected, a timeout): the server may
    # have taken the message or not; it is sent again (with the same Message-ID).
    return connect_outcome(error, settings)


def _by_code(code: int, what: str, message: bytes | str, settings: Settings) -> Outcome:
    reply = _reply(code, message)
    if code == 421:
        # "Service not available": the server closes the connection; nothing goes now.
        return Outcome(
            Failure.SERVER, f"SMTP-servern {_where(settings)} är upptagen ({reply})", "421"
        )
    if code == 530:
        return Outcome(
            Failure.SERVER,
            f"SMTP-servern {_where(settings)} kräver inloggning ({reply}); ange "
            "IDEBOT_SMTP_USER och IDEBOT_SMTP_PASSWORD",
            "auth required",
        )
    if 400 <= code < 500:
        return Outcome(Failure.TEMPORARY, f"{what} {reply} (tillfälligt, försöker igen)")
    return Outcome(Failure.PERMANENT, f"{what} {reply}")
