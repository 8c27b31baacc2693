"""FAQ answer templates: placeholders filled from the active fund's configuration.

Answers may use Jinja placeholders (``{{ fund.name }}``, ``{{ contact }}``,
``{{ deadline }}``, ``{{ days_left }}``, ``{{ retention_days }}``), rendered in a
sandbox with strict undefined. Every template is test-rendered when its file is
loaded, with a complete and a sparse fund (and, for general answers, without a
fund), so a placeholder that could fail at run time is a load error naming the
entry and field.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from knowledge.errors import KnowledgeFileError
from knowledge.formatting import format_date
from knowledge.sandbox import BudgetSandbox, bounded, check_budget

# Default of IDEBOT_DRAFT_RETENTION_DAYS; the answer about personal data quotes it.
DEFAULT_RETENTION_DAYS = 180
UNKNOWN_ANSWER = "Det vet jag inte säkert."

_TEMPLATE_ENV: Any = None


def _env() -> Any:
    global _TEMPLATE_ENV
    if _TEMPLATE_ENV is None:
        from jinja2 import StrictUndefined

        _TEMPLATE_ENV = BudgetSandbox(
            undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False
        )
    return _TEMPLATE_ENV


def _is_template(text: str) -> bool:
    return "{{" in text or "{%" in text or "{#" in text


_COMPILED: dict[str, Any] = {}


def _compile(text: str) -> Any:
    template = _COMPILED.get(text)
    if template is None:
        template = _env().from_string(text)
        if len(_COMPILED) < 5_000:
            _COMPILED[text] = template
    return template


@dataclass(frozen=True)
class _SampleCoordinator:
    name: str | None
    title: str | None
    phone: str | None
    email: str | None
    organisation: str | None
    ask: str | None = None


@dataclass(frozen=True)
class _SampleDeadline:
    day: dt.date | None

    def next_deadline(self, today: dt.date) -> dt.date | None:
        return self.day


@dataclass(frozen=True)
class _SampleFund:
    id: str
    name: str
    fund_name: str
    coordinator: _SampleCoordinator | None
    deadline: _SampleDeadline | None


# Templates are test-rendered with a complete and a sparse fund profile (and general
# answers also without a fund), so a placeholder that could fail at run time fails at load.
_FULL_FUND = _SampleFund(
    "prov",
    "Provregionen",
    "Provregionens sociala investeringsmedel",
    _SampleCoordinator("Namn Namnsson", "samordnare", "070-000 00 00", "n@example.se", "Region"),
    _SampleDeadline(dt.date(2026, 11, 30)),
)
_SPARSE_FUND = _SampleFund("prov", "Provregionen", "Provregionens medel", None, None)
_UNNAMED_FUND = _SampleFund(
    "prov",
    "Provregionen",
    "Provregionens medel",
    _SampleCoordinator(None, None, None, None, "Provregionen", "Fråga Provregionens växel."),
    None,
)


def check_templates(entry: Any, file: str) -> None:
    """Test-renders an entry's answer templates; raises KnowledgeFileError naming the field."""
    variants: list[tuple[str, str, tuple[Any, ...]]] = [
        ("answer", entry.answer, (_FULL_FUND, _SPARSE_FUND, _UNNAMED_FUND, None))
    ]
    variants += [
        (f"funds.{fund}.answer", fa.answer, (_FULL_FUND, _SPARSE_FUND, _UNNAMED_FUND))
        for fund, fa in entry.funds.items()
    ]
    today = dt.date(2026, 11, 1)
    for field_name, text, funds in variants:
        if not _is_template(text):
            continue
        fund = _FULL_FUND
        try:
            check_budget(_env(), text)
            template = _compile(text)
            for fund in funds:
                bounded(template.render(**template_context(fund, today)))
        except Exception as error:  # jinja raises many kinds; all mean a broken answer
            raise KnowledgeFileError(
                file, _template_reason(error, fund), entry=entry.id, field=field_name
            ) from None


def _template_reason(error: Exception, fund: Any) -> str:
    """A Swedish explanation of why an answer template does not render."""
    from jinja2 import TemplateSyntaxError, UndefinedError

    detail = getattr(error, "message", None) or str(error)
    if isinstance(error, TemplateSyntaxError):
        return f"fel i platshållare: felaktig mall på rad {error.lineno} ({detail})"
    if isinstance(error, UndefinedError) and fund is None:
        return (
            "fel i platshållare: svaret används även utan aktiv fond; omge fondens uppgifter "
            "med {% if fund %} … {% endif %}"
        )
    if isinstance(error, UndefinedError) and fund is _SPARSE_FUND:
        return (
            "fel i platshållare: en fond kan sakna samordnare eller sista dag; använd "
            "{{ contact }} och {{ deadline }} eller omge med {% if … %} … {% endif %}"
        )
    if isinstance(error, UndefinedError):
        name = re.fullmatch(r"'([^']+)' is undefined", detail)
        attribute = re.search(r"has no attribute '([^']+)'", detail)
        if name:
            what = f'okänd platshållare "{name.group(1)}"'
        elif attribute:
            what = f'okänt fält "{attribute.group(1)}"'
        else:
            what = f"okänd platshållare ({detail})"
        return (
            f"fel i platshållare: {what}; tillåtna är fund (id, name, fund_name, "
            "coordinator), contact, how_to_ask, coordinator, deadline, deadline_date, "
            "days_left och retention_days"
        )
    return f"fel i platshållare: {detail}"


def format_contact(coordinator: Any) -> str | None:
    """One line with the coordinator's name, title, organisation, phone and e-mail."""
    if coordinator is None:
        return None
    values = {
        key: str(getattr(coordinator, key, None) or "").strip()
        for key in ("name", "title", "organisation", "phone", "email")
    }
    title = values["title"]
    # After a name a Swedish title is lower case: "Emma Mårtensson, samordnare för …".
    if values["name"] and title[:1].isupper() and title[1:2].islower():
        values["title"] = title[0].lower() + title[1:]
    return ", ".join(value for value in values.values() if value) or None


def template_context(
    fund: Any,
    today: dt.date | None = None,
    *,
    retention_days: int = DEFAULT_RETENTION_DAYS,
    with_deadline: bool = True,
) -> dict[str, Any]:
    """The variables an answer template sees.

    Args:
        fund: A fund profile (``knowledge.funds.FundProfile``) or None.
        today: The date the deadline is counted from (default: today).
        retention_days: Days an untouched draft is kept (``IDEBOT_DRAFT_RETENTION_DAYS``).
        with_deadline: Format ``deadline`` (off for a template that does not name it:
            formatting a Swedish date loads the locale data, tens of milliseconds in a
            new process).

    Returns:
        ``fund``, ``coordinator``, ``contact`` (one formatted line or None),
        ``how_to_ask`` (a sentence: "Kontakta …." or where to ask when the fund file
        gives no number or address; None without a fund), ``deadline`` ("30 november
        2026" or None), ``deadline_date``, ``days_left`` and ``retention_days``.
    """
    today = today or dt.date.today()
    coordinator = getattr(fund, "coordinator", None) if fund is not None else None
    spec = getattr(fund, "deadline", None) if fund is not None else None
    day = spec.next_deadline(today) if spec is not None else None
    return {
        "fund": fund,
        "coordinator": coordinator,
        "contact": format_contact(coordinator),
        "how_to_ask": how_to_ask(fund) if fund is not None else None,
        "deadline": format_date(day) if day and with_deadline else None,
        "deadline_date": day,
        "days_left": (day - today).days if day else None,
        "retention_days": retention_days,
    }


def how_to_ask(fund: Any) -> str:
    """One or two sentences on how to reach the fund's coordinator, never invented.

    The fund file's phone and e-mail when it has them ("Kontakta Emma Mårtensson, …");
    otherwise its ``ask`` text, which says that the sources name no address and where
    to ask (the organisation and function), after the organisation's name.
    """
    coordinator = getattr(fund, "coordinator", None)
    contact = format_contact(coordinator)
    ask = str(getattr(coordinator, "ask", None) or "").strip()
    reachable = bool(getattr(coordinator, "phone", None) or getattr(coordinator, "email", None))
    if contact and (reachable or not ask):
        return f"Kontakta {contact}."
    if ask:
        return ask
    return f"Kontakta samordnaren för {fund.fund_name}."


def fallback_answer(fund: Any = None) -> str:
    """What to say when the FAQ has no good answer: honest, with the coordinator's contact.

    Args:
        fund: The active fund profile, or None.
    """
    if fund is not None:
        return f"{UNKNOWN_ANSWER} {how_to_ask(fund)}"
    where = "sociala investeringar i din region eller kommun"
    return f"{UNKNOWN_ANSWER} Kontakta samordnaren för {where}."


def render_answer(
    text: str,
    fund: Any,
    today: dt.date | None = None,
    *,
    retention_days: int = DEFAULT_RETENTION_DAYS,
) -> str:
    """Renders an answer template for a fund (plain text is returned as is)."""
    if not _is_template(text):
        return text
    context = template_context(
        fund, today, retention_days=retention_days, with_deadline="deadline" in text
    )
    rendered = _compile(text).render(**context)
    return " ".join(rendered.split())
