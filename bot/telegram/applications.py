"""How a stored application is shown in Telegram: summaries, lists and its document."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.telegram.runtime import Runtime
from bot.telegram.status import status_label
from knowledge.criteria.findings import Status, Verdict
from knowledge.formatting import format_date

log = logging.getLogger(__name__)

MAX_CAPTION = 1024
SHORTFALL_STATUSES = (Status.FAIL.value, Status.UNKNOWN.value)
DOCUMENT_KEYS = ("document_path", "document", "path")


def title_of(app: dict[str, Any]) -> str:
    """The idea's title, or a placeholder for an untitled one."""
    title = (app.get("answers") or {}).get("title")
    return str(title).strip() if title else "(utan titel)"


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


def fund_name(runtime: Runtime, fund_id: str | None) -> str:
    """The fund's display name, or its id when the fund is not configured."""
    try:
        return runtime.knowledge.fund(fund_id or runtime.settings.fund).fund_name
    except Exception:  # an unknown fund is shown by its id rather than failing
        return str(fund_id)


def coordinator_text(runtime: Runtime, app: dict[str, Any], *, heading: str) -> str:
    """The message the coordinator reads: title, applicant, fund, verdict, shortfalls."""
    lines = [
        f"{heading}: ”{title_of(app)}”",
        f"Sökande: {applicant_of(app)}",
    ]
    contact = contact_of(app)
    if contact:
        lines.append(f"Kontakt: {contact}")
    lines += [
        f"Fond: {fund_name(runtime, app.get('fund'))}",
        f"Inskickad: {submitted_on(app)}",
        f"Status: {status_label(app.get('status'))}",
        f"Bedömning: {verdict_of(app)}",
    ]
    shortfalls = shortfalls_of(app)
    if shortfalls:
        lines.append("Brister:")
        lines += [f"• {text}" for text in shortfalls]
    else:
        lines.append("Brister: inga")
    lines.append(f"Id: {app['id']}  (visa: /ansokan {app['id']})")
    return "\n".join(lines)


def document_filename(app: dict[str, Any]) -> str:
    """The file name the document is sent under."""
    name = app.get("filename") or f"ansokan-{app['id']}.docx"
    return str(name)


def _document_path(runtime: Runtime, app: dict[str, Any], payload: dict | None) -> Path | None:
    candidates = [Path(str(v)) for v in [*(payload or {}).values()] if _is_docx(v)]
    candidates += [Path(str(app[k])) for k in DOCUMENT_KEYS if _is_docx(app.get(k))]
    candidates.append(Path(runtime.settings.data_dir) / "applications" / f"{app['id']}.docx")
    for path in candidates:
        if path.is_file():
            return path
    return None


def _is_docx(value: Any) -> bool:
    return isinstance(value, str) and value.lower().endswith(".docx")


def document_bytes(runtime: Runtime, app: dict[str, Any], payload: dict | None = None) -> bytes:
    """The application's Word document (blocking: call through ``Runtime.call``).

    The file the dialog wrote is used when it is there; otherwise the document is rendered
    again from the stored answers, so a lost file never blocks a delivery.
    """
    path = _document_path(runtime, app, payload)
    if path is not None:
        return path.read_bytes()
    log.warning("document of application %s missing on disk; rendering again", app["id"])
    from knowledge.answers import parse_answers
    from knowledge.criteria import evaluate
    from templates import render_application

    answers = parse_answers(app.get("answers") or {}, source=f"ansökan {app['id']}")
    fund = runtime.knowledge.fund(app.get("fund") or runtime.settings.fund)
    return render_application(answers, fund, evaluate(answers, fund))
