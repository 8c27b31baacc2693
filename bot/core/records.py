"""How a stored application reads for people, whatever the channel: one-line facts and
the coordinator's summary (Telegram message, e-mail body and the command line alike)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from bot.core.status import ApplicationStatus, status_label
from knowledge.criteria import Status, Verdict
from knowledge.formatting import format_date

SHORTFALL_STATUSES = (Status.FAIL.value, Status.UNKNOWN.value)
NO_TITLE = "(utan titel)"


def title_of(app: dict[str, Any]) -> str:
    """The idea's title, or a placeholder for an untitled one."""
    title = (app.get("answers") or {}).get("title")
    return str(title).strip() if title and str(title).strip() else NO_TITLE


def short_title(app: dict[str, Any], limit: int = 80) -> str:
    """The title cut to ``limit`` characters (for captions and subjects)."""
    title = title_of(app)
    return title if len(title) <= limit else title[: limit - 1] + "…"


def applicant_of(app: dict[str, Any]) -> str:
    """The applicant organisation as one line: name, unit."""
    applicant = (app.get("answers") or {}).get("applicant") or {}
    parts = [str(applicant[k]).strip() for k in ("name", "unit") if applicant.get(k)]
    return ", ".join(parts) or "(sökande saknas)"


def contact_of(app: dict[str, Any]) -> str | None:
    """The contact person as one line, or None when not given."""
    contact = (app.get("answers") or {}).get("contact") or {}
    parts = [str(contact[k]).strip() for k in ("name", "email", "phone") if contact.get(k)]
    return ", ".join(parts) or None


# An address as people type it in a sentence: "anna@kommun.se.", "Anna <anna@kommun.se>",
# "mailto:anna@kommun.se", "anna@kommun.se (jobb)". The first one found is the address.
_ADDRESS = re.compile(r"[^\s<>()\[\],;:\"']+@[^\s<>()\[\],;:\"'@]+\.[^\s<>()\[\],;:\"'@]+")


def contact_email(app: dict[str, Any]) -> str | None:
    """The applicant's contact e-mail address as a mail server takes it, when one was
    given (the sentence's full stop and a name or note around it left out)."""
    email = ((app.get("answers") or {}).get("contact") or {}).get("email")
    found = _ADDRESS.search(str(email or ""))
    return found.group(0).rstrip(".") if found else None


def verdict_of(app: dict[str, Any]) -> str:
    """The Swedish verdict label of a stored application."""
    try:
        return Verdict(app.get("verdict")).label
    except ValueError:
        return str(app.get("verdict") or "okänd")


def shortfalls_of(app: dict[str, Any]) -> list[str]:
    """The messages of the findings that fail or are unknown."""
    return [
        str(f.get("message") or f.get("text") or f.get("rule"))
        for f in app.get("findings") or []
        if isinstance(f, dict) and f.get("status") in SHORTFALL_STATUSES
    ]


def submitted_on(app: dict[str, Any]) -> str:
    """The submission date in Swedish ("23 november 2026")."""
    try:
        return format_date(datetime.fromisoformat(str(app["submitted_at"])).date())
    except (KeyError, ValueError):
        return "okänt datum"


def status_line(app: dict[str, Any]) -> str:
    """Status and dates for an inbox row: ``inskickad 23 november 2026``, or
    ``mottagen av samordnaren, inskickad 23 november 2026`` (not the status twice), and
    ``kompletterad 2 december 2026`` after a resubmission."""
    line = f"inskickad {submitted_on(app)}"
    if app.get("status") != ApplicationStatus.SUBMITTED:
        line = f"{status_label(app.get('status'))}, {line}"
    if app.get("resubmitted_at"):
        line += f", kompletterad {submitted_on({'submitted_at': app['resubmitted_at']})}"
    return line


def history_of(app: dict[str, Any]) -> list[dict[str, Any]]:
    """The status history as ``{"status", "at", "comment"}`` (``interfaces.md``)."""
    return [
        {"status": event.get("status"), "at": event.get("at"), "comment": event.get("comment")}
        for event in app.get("status_history") or []
        if isinstance(event, dict)
    ]


def fields_asked(event: dict[str, Any]) -> list[str]:
    """What a komplettering asked for, by the Swedish names the applicant read (the
    field names for an event stored without them)."""
    names = event.get("labels") or event.get("fields") or []
    return [str(name) for name in names] if isinstance(names, list) else []


def history_lines(app: dict[str, Any]) -> list[str]:
    """The status history, one Swedish line per change: ``• 2026-11-23 mottagen: …``;
    a komplettering names its fields."""
    lines = []
    for event in app.get("status_history") or []:
        if not isinstance(event, dict):
            continue
        line = f"• {str(event.get('at') or '')[:10]} {status_label(event.get('status'))}"
        asked = fields_asked(event)
        if asked:
            line += f" ({', '.join(asked)})"
        if event.get("comment"):
            line += f": {event['comment']}"
        lines.append(line)
    return lines


def completed_fields(app: dict[str, Any]) -> list[str]:
    """What the latest resubmission completed: the fields of the komplettering requests
    since the round before it (empty for a first submission)."""
    history = [e for e in app.get("status_history") or [] if isinstance(e, dict)]
    sent = [i for i, e in enumerate(history) if e.get("status") == ApplicationStatus.SUBMITTED]
    if len(sent) < 2:
        return []
    names: list[str] = []
    for event in history[sent[-2] + 1 : sent[-1]]:
        if event.get("status") == ApplicationStatus.SUPPLEMENT:
            names += [name for name in fields_asked(event) if name not in names]
    return names


def last_comment(app: dict[str, Any]) -> str | None:
    """The coordinator's latest comment on the application, if any."""
    for event in reversed(history_of(app)):
        if event.get("comment"):
            return str(event["comment"])
    return None


def summary_facts(app: dict[str, Any], *, fund_name: str) -> list[tuple[str, str]]:
    """The summary's facts as (label, value): applicant, contact, fund, submitted,
    status, verdict, what a resubmission completed (a table in an HTML e-mail,
    ``Label: value`` lines elsewhere)."""
    facts = [("Sökande", applicant_of(app))]
    contact = contact_of(app)
    if contact:
        facts.append(("Kontakt", contact))
    facts += [
        ("Fond", fund_name),
        ("Inskickad", submitted_on(app)),
        ("Status", status_label(app.get("status"))),
        ("Bedömning", verdict_of(app)),
    ]
    completed = completed_fields(app)
    if completed:
        facts.append(("Kompletterat", ", ".join(completed)))
    return facts


def summary_lines(app: dict[str, Any], *, heading: str, fund_name: str) -> list[str]:
    """What the coordinator reads first: title, applicant, contact, fund, verdict, each
    shortfall on its own line, and the id."""
    lines = [f"{heading}: ”{title_of(app)}”"]
    lines += [f"{label}: {value}" for label, value in summary_facts(app, fund_name=fund_name)]
    shortfalls = shortfalls_of(app)
    if shortfalls:
        lines.append("Brister:")
        lines += [f"• {text}" for text in shortfalls]
    else:
        lines.append("Brister: inga")
    lines.append(f"Id: {app['id']}")
    return lines


def document_filename(app: dict[str, Any]) -> str:
    """The file name the document is sent and saved under (from the title)."""
    return str(app.get("filename") or f"ansokan-{app['id']}.docx")


CHANNEL_TARGETS = {"email": "e-post till {target}", "telegram": "Telegram-chatt {target}"}
DELIVERY_KINDS = {"application": "ansökan", "status": "besked till sökanden"}


def _moment(stamp: Any) -> str:
    # "2026-11-23T09:00:00.000000+00:00" → "2026-11-23 09:00 UTC" (the store keeps UTC).
    text = str(stamp or "")
    return f"{text[:10]} {text[11:16]} UTC" if len(text) >= 16 else text or "okänd tid"


def delivery_problem(delivery: dict[str, Any]) -> str | None:
    """Why a delivery has not arrived, when something went wrong; None otherwise."""
    if delivery.get("status") == "failed":
        return f"gick inte att skicka: {delivery.get('last_error') or 'okänt fel'}"
    if delivery.get("status") == "pending" and delivery.get("last_error"):
        return (
            f"väntar efter {delivery.get('attempts') or 0} misslyckade försök "
            f"({delivery['last_error']}); nästa försök {_moment(delivery.get('next_attempt'))}"
        )
    return None


def delivery_line(delivery: dict[str, Any]) -> str:
    """One delivery as a Swedish line: what, to whom, round, and how it went."""
    channel = CHANNEL_TARGETS.get(str(delivery.get("channel")), "{target}")
    what = DELIVERY_KINDS.get(str(delivery.get("kind")), str(delivery.get("kind")))
    head = f"• {what.capitalize()}, {channel.format(target=delivery.get('target'))}"
    if delivery.get("kind") == "application":
        head += f", omgång {delivery.get('round') or 1}"
    problem = delivery_problem(delivery)
    if problem is not None:
        return f"{head}: {problem}"
    if delivery.get("status") == "delivered":
        return f"{head}: skickad {_moment(delivery.get('delivered_at'))}"
    return f"{head}: väntar på att skickas"


def delivery_warnings(deliveries: list[dict[str, Any]]) -> list[str]:
    """The lines of the deliveries that failed or wait after a failure (for an inbox)."""
    return [delivery_line(d) for d in deliveries if delivery_problem(d) is not None]
