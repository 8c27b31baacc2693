"""The ``/status`` line a coordinator types in Telegram.

``/status ID STATUS [kommentar]``; for ``komplettering`` the word after the status names
the fields to complete, comma-separated without spaces, and the rest is the comment::

    /status AbC123 komplettering comparison_group,budget Beskriv jämförelsegruppen.

Only the words are read here; which statuses and fields are allowed is the application
layer's decision (``Idebot.change_status``), the same for the command line.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core import SETTABLE, ApplicationStatus, parse_status
from bot.errors import Refused

FIELD_SEPARATOR = ","

STATUS_USAGE = (
    "Så här ändrar du status: /status ID STATUS [kommentar]\n"
    "Statusar: " + ", ".join(s.value for s in SETTABLE) + ".\n"
    "Vid komplettering anger du fälten före kommentaren, utan mellanslag:\n"
    "/status ID komplettering comparison_group,budget Beskriv jämförelsegruppen."
)


@dataclass(frozen=True)
class StatusRequest:
    """What a ``/status`` line asks for."""

    application_id: str
    status: str
    fields: list[str]
    comment: str


def parse_status_command(args: list[str]) -> StatusRequest:
    """Reads ``ID STATUS [fält,fält] [kommentar]`` (the words after ``/status``).

    Raises:
        Refused: when the id or status is missing, or a komplettering names no fields.
    """
    if len(args) < 2:
        raise Refused("Ange id och status.")
    application_id, raw_status, rest = args[0], args[1], args[2:]
    fields: list[str] = []
    if parse_status(raw_status) is ApplicationStatus.SUPPLEMENT:
        if not rest:
            raise Refused("Ange vilka fält som ska kompletteras.")
        fields = [f.strip() for f in rest[0].split(FIELD_SEPARATOR) if f.strip()]
        rest = rest[1:]
    return StatusRequest(application_id, raw_status, fields, " ".join(rest).strip())
