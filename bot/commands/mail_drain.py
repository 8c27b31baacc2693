"""Sending the e-mail a command queued before it exits (the console after a submission,
``idebot status``), so a deployment without a bot process still delivers every e-mail.

A bot process on the same store may be sending too: the outbox's claims make sure each
delivery goes out once, whoever sends it. What cannot be sent now stays in the outbox
with its error (``idebot ansokan ID`` shows it) and is tried again by the bot, or by the
next command that sends.
"""

from __future__ import annotations

import sys
from typing import Any, TextIO

from bot.core import Idebot
from bot.mail import Drained, MailSender

LATER = (
    "{count} väntar i utkorgen och skickas av boten om den körs, annars nästa gång "
    "idebot chat eller idebot status körs."
)


def send_queued_mail(core: Idebot, *, out: TextIO | None = None) -> Drained | None:
    """Sends the due e-mail deliveries, waiting briefly for retries; reports on ``out``.

    Returns:
        What was done and what waits, or None when no SMTP server is configured.
    """
    if not core.settings.mail_enabled:
        return None
    out = out or sys.stderr

    def waiting(seconds: float, delivery: dict[str, Any]) -> None:
        print(
            f"E-post till {delivery['target']}: {delivery.get('last_error')}; "
            f"försöker igen om {seconds:.0f} s.",
            file=out,
            flush=True,
        )

    drained = MailSender(core).drain(on_wait=waiting)
    for line in report_lines(core, drained):
        print(line, file=out, flush=True)
    return drained


def report_lines(core: Idebot, drained: Drained) -> list[str]:
    """What happened to the e-mail, one Swedish line each (sent, given up, waiting)."""
    final = {d["id"]: d for d in core.coordination.deliveries()}
    lines: list[str] = []
    seen: set[str] = set()
    for delivery in drained.done.sent:
        if delivery["id"] not in seen:
            seen.add(delivery["id"])
            lines.append(f"E-post skickad: {_what(delivery)} till {delivery['target']}.")
    for delivery in drained.done.failed:
        now = final.get(delivery["id"], delivery)
        lines.append(
            f"E-post till {delivery['target']} gick inte att skicka ({_what(delivery)}): "
            f"{now.get('last_error')}. Se idebot ansokan {delivery['application_id']}."
        )
    if drained.done.problem:
        lines.append(f"E-post kan inte skickas just nu: {drained.done.problem}.")
    if drained.waiting:
        count = len(drained.waiting)
        lines.append(
            LATER.format(count="1 e-postmeddelande" if count == 1 else f"{count} e-postmeddelanden")
        )
    return lines


def _what(delivery: dict[str, Any]) -> str:
    if delivery.get("kind") == "application":
        return f"ansökan {delivery['application_id']}"
    return f"beskedet om ansökan {delivery['application_id']}"
