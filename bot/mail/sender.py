"""The e-mail sender of the outbox: applications to coordinators, notices to applicants.

One pass claims the due deliveries of the ``email`` channel through ``bot.core``'s
``Outbox`` (a claim is a lease: a bot process and a command line on the same store
never send the same delivery at the same time), opens one SMTP connection for them,
sends each message to its one address and records the outcome: delivered; tried again
later with backoff (a 4xx reply); given up for good and kept with its error, which
``idebot inkorg`` and ``idebot ansokan`` show (a 5xx reply); or, when the server cannot
be used at all (unreachable, TLS, a wrong password), every claimed delivery waits and
the cause is logged once, not once per message.

Delivery is at least once: a connection lost after the server took a message but before
it said so sends it again, with the same ``Message-ID``.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bot.core import Idebot
from bot.errors import BotError
from bot.mail import smtp
from bot.mail.messages import Sender, application_message, notice_message
from bot.mail.smtp import Failure, Outcome
from dialogs.texts import coordinator_contact
from storage import parse_iso

log = logging.getLogger(__name__)

CHANNEL = frozenset({"email"})
DRAIN_WAIT = 30.0  # seconds a command waits for retries of what it queued


@dataclass
class Pass:
    """What one pass did (deliveries as claimed, before their outcome was recorded)."""

    sent: list[dict[str, Any]] = field(default_factory=list)
    failed: list[dict[str, Any]] = field(default_factory=list)
    retried: list[dict[str, Any]] = field(default_factory=list)
    problem: str | None = None  # the server problem that stopped the pass

    def add(self, other: Pass) -> None:
        """Adds another pass's deliveries; its problem (or none) is the latest."""
        self.sent += other.sent
        self.failed += other.failed
        self.retried += other.retried
        self.problem = other.problem


class MailSender:
    """Sends due ``email`` deliveries.

    Args:
        core: The application (outbox, applications, documents, settings).
        context: TLS context for ``starttls`` and ``ssl`` (default: the system's CAs).
        timeout: Seconds for connecting and for each server reply.
    """

    def __init__(
        self,
        core: Idebot,
        *,
        context: ssl.SSLContext | None = None,
        timeout: float = smtp.TIMEOUT,
    ) -> None:
        settings = core.settings
        if not settings.mail_enabled:
            raise BotError("IDEBOT_SMTP_HOST saknas: ingen e-post kan skickas")
        self.core = core
        self.settings = settings
        self.context = context
        self.timeout = timeout
        self.sender = Sender.of(settings.mail_from or "", settings.mail_from_address)
        self.problem: str | None = None  # the server problem last reported, if unresolved
        self._problem_key: str | None = None
        self._lock = threading.Lock()

    # -- one pass ----------------------------------------------------------------------

    def run_once(self) -> Pass:
        """Attempts every due ``email`` delivery once (on one connection)."""
        with self._lock:
            outbox = self.core.outbox
            due = outbox.claim(CHANNEL)
            done = Pass()
            client: smtplib.SMTP | None = None
            try:
                for index, delivery in enumerate(due):
                    message = self._build(delivery, done)
                    if message is None:
                        continue
                    if client is None:
                        try:
                            client = smtp.connect(
                                self.settings, context=self.context, timeout=self.timeout
                            )
                        except (OSError, smtplib.SMTPException) as error:
                            self._server_down(smtp.connect_outcome(error, self.settings))
                            self._wait_all(due[index:], done)
                            return done
                    outcome = self._send(client, delivery, message)
                    if outcome is None:
                        outbox.delivered(delivery)
                        done.sent.append(delivery)
                        self._server_up()
                    elif outcome.failure is Failure.SERVER:
                        self._server_down(outcome)
                        smtp.close(client)
                        client = None
                        self._wait_all(due[index:], done)
                        return done
                    elif outcome.failure is Failure.PERMANENT:
                        outbox.failed(delivery, outcome.text)
                        done.failed.append(delivery)
                    else:
                        outbox.retry(delivery, outcome.text)
                        done.retried.append(delivery)
            finally:
                smtp.close(client)
            return done

    def _build(self, delivery: dict[str, Any], done: Pass) -> Any:
        """The message of a delivery, or None when it cannot be built (recorded)."""
        core, now = self.core, self.core.clock()
        try:
            app = core.application(delivery["application_id"])
            fund_name = core.coordination.fund_name(app.get("fund"))
            if delivery["kind"] == "application":
                document = core.document(delivery["application_id"])
                return application_message(
                    app, delivery, document, fund_name=fund_name, sender=self.sender, now=now
                )
            profile = core.knowledge.funds.get(app.get("fund") or "")
            return notice_message(
                app,
                delivery,
                fund_name=fund_name,
                contact=coordinator_contact(profile),
                reply_to=list(self.settings.coordinator_emails),
                sender=self.sender,
                now=now,
            )
        except ValueError as error:
            # An address no message can carry (a line break in a typed contact address).
            core.outbox.failed(delivery, f"meddelandet kan inte byggas: {error}")
            done.failed.append(delivery)
        except Exception as error:
            # The application or its document is missing now: it must not stop the
            # deliveries after it; the log keeps the cause and it is tried again later.
            log.exception("e-mail delivery %s could not be built", delivery["id"])
            core.outbox.retry(delivery, f"{type(error).__name__}: {error}")
            done.retried.append(delivery)
        return None

    def _send(self, client: smtplib.SMTP, delivery: dict[str, Any], message: Any) -> Outcome | None:
        target = str(delivery["target"])
        try:
            client.send_message(
                message, from_addr=self.settings.mail_from_address, to_addrs=[target]
            )
        except (OSError, ValueError, UnicodeError, smtplib.SMTPException) as error:
            return smtp.send_outcome(error, self.settings, target)
        return None

    def _wait_all(self, deliveries: list[dict[str, Any]], done: Pass) -> None:
        # The cause was reported once; each delivery only waits its turn of backoff.
        for delivery in deliveries:
            self.core.outbox.retry(delivery, self.problem or "SMTP-servern svarar inte", quiet=True)
            done.retried.append(delivery)
        done.problem = self.problem

    def _server_down(self, outcome: Outcome) -> None:
        if outcome.key != self._problem_key:
            log.error("e-post kan inte skickas: %s", outcome.text)
        self.problem, self._problem_key = outcome.text, outcome.key

    def _server_up(self) -> None:
        if self.problem is not None:
            log.warning("e-post skickas igen (%s är löst)", self.problem)
        self.problem = self._problem_key = None

    # -- a command line's drain ----------------------------------------------------------

    def drain(
        self,
        *,
        wait: float = DRAIN_WAIT,
        sleep: Callable[[float], None] = time.sleep,
        on_wait: Callable[[float, dict[str, Any]], None] | None = None,
    ) -> Drained:
        """Sends what is due, then waits for retries that come due within ``wait`` s.

        For a process that queued deliveries and exits (the console after a submission,
        ``idebot status``): when no bot process runs, nobody else would send them. A
        server problem ends the drain at once (waiting would not help).

        Args:
            wait: The longest this waits for a retry's turn, in seconds.
            sleep: Waits (tests pass one that moves their clock).
            on_wait: Told the seconds and the delivery before each wait.
        """
        clock = self.core.clock
        deadline = clock() + timedelta(seconds=wait)
        total = Pass()
        while True:
            total.add(self.run_once())
            if total.problem is not None:
                break
            waiting = self.pending()
            if not waiting:
                break
            first = min(waiting, key=_turn)
            turn = _turn(first)
            if turn > deadline:
                break
            seconds = max((turn - clock()).total_seconds(), 0.0)
            if on_wait is not None:
                on_wait(seconds, first)
            sleep(seconds + 0.01)
        return Drained(total, self.pending())

    def pending(self) -> list[dict[str, Any]]:
        """The ``email`` deliveries not delivered nor given up yet."""
        return [
            d
            for d in self.core.coordination.deliveries()
            if d.get("channel") in CHANNEL and d.get("status") == "pending"
        ]


def _turn(delivery: dict[str, Any]) -> datetime:
    """When a pending delivery can next be claimed (its retry time, or another
    process's claim running out)."""
    moments = [parse_iso(delivery["next_attempt"])]
    if delivery.get("claimed_until"):
        moments.append(parse_iso(delivery["claimed_until"]))
    return max(moments)


@dataclass(frozen=True)
class Drained:
    """What a drain did, and what is left in the outbox."""

    done: Pass
    waiting: list[dict[str, Any]]
