"""The ``/status`` line of a coordinator, and which fields a komplettering may reopen.

``/status ID STATUS [kommentar]``; for ``komplettering`` the word after the status names
the fields to complete, comma-separated without spaces, and the rest is the comment::

    /status AbC123 komplettering comparison_group,budget Beskriv jämförelsegruppen.

A field may be one a question of the dialog flow asks (``applicant.org_type``) or the
top-level field of such questions (``applicant``); nothing else could be reopened.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from bot.telegram.status import SETTABLE, ApplicationStatus
from knowledge.answers import AnswerField

FIELD_SEPARATOR = ","

STATUS_USAGE = (
    "Så här ändrar du status: /status ID STATUS [kommentar]\n"
    "Statusar: " + ", ".join(s.value for s in SETTABLE) + ".\n"
    "Vid komplettering anger du fälten före kommentaren, utan mellanslag:\n"
    "/status ID komplettering comparison_group,budget Beskriv jämförelsegruppen."
)


class StatusCommandError(ValueError):
    """A /status line that cannot be understood; the text says why, in Swedish."""


def parse_status_command(
    args: list[str], known_fields: Collection[str] | None = None
) -> tuple[str, ApplicationStatus, list[str], str]:
    """Reads ``ID STATUS [fält,fält] [kommentar]``.

    Args:
        args: The words after ``/status``.
        known_fields: The fields a komplettering may name (default: those of the
            packaged dialog flow, see :func:`reopenable_fields`).

    Returns:
        The application id, the new status, the fields to complete (only for
        ``komplettering``) and the comment ("" when none).

    Raises:
        StatusCommandError: naming what is wrong.
    """
    if len(args) < 2:
        raise StatusCommandError("Ange id och status.")
    application_id, raw_status, rest = args[0], args[1], args[2:]
    try:
        status = ApplicationStatus(raw_status.lower().replace("-", "_"))
    except ValueError:
        raise StatusCommandError(f"Okänd status ”{raw_status}”.") from None
    if status not in SETTABLE:
        raise StatusCommandError(f"Statusen ”{status.value}” sätts av boten, inte för hand.")
    fields: list[str] = []
    if status is ApplicationStatus.SUPPLEMENT:
        if not rest:
            raise StatusCommandError("Ange vilka fält som ska kompletteras.")
        known = reopenable_fields() if known_fields is None else known_fields
        fields = [f.strip() for f in rest[0].split(FIELD_SEPARATOR) if f.strip()]
        unknown = [f for f in fields if f not in known]
        if unknown or not fields:
            raise StatusCommandError(
                f"Okänt fält ”{', '.join(unknown) or rest[0]}”. Fälten heter som i "
                "svarsfilen: " + ", ".join(known)
            )
        rest = rest[1:]
    return application_id, status, fields, " ".join(rest).strip()


def _flow(flow: Any) -> Any:
    """The given dialog flow, or the packaged one."""
    if flow is not None:
        return flow
    from dialogs import load_flow

    return load_flow()


def field_labels(flow: Any, fields: list[str]) -> list[str]:
    """The Swedish names of fields, as the applicant's summary shows them.

    A top-level field (``applicant``) stands for each of its questions.
    """
    labels: list[str] = []
    for name in fields:
        for step in _flow(flow).steps:
            asked = step.field == name or step.field.startswith(f"{name}.")
            if asked and step.spec.label not in labels:
                labels.append(step.spec.label)
    return labels


def reopenable_fields(flow: Any = None, fund: str | None = None) -> list[str]:
    """The fields a komplettering may name, in the order the dialog asks them.

    Every field a question of the flow asks (``applicant.org_type``), and the top-level
    field of dotted ones (``applicant`` reopens all its questions). Not ``fund``: it
    is the deployment's. A name no question asks would reopen nothing, so the
    applicant would only be asked to submit again; such names are refused.

    Args:
        flow: The dialog flow (default: the packaged one).
        fund: Only the questions asked for this fund (default: any fund's).
    """
    names: list[str] = []
    for step in _flow(flow).steps:
        if fund is not None and step.spec.funds is not None and fund not in step.spec.funds:
            continue
        for name in (step.top, step.field):
            if name != AnswerField.FUND.value and name not in names:
                names.append(name)
    return names
