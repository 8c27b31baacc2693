"""Swedish texts of the dialog and the formatting of answers for people."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from dialogs.flow import OPTION_ENUMS, Flow, Step, enum_options
from dialogs.replies import InputKind
from knowledge.answers import CofinancingForm, OrgType
from knowledge.formatting import format_date, format_money, format_number

WELCOME = (
    "Hej! Jag är Idébot. Jag hjälper dig att pröva en idé för sociala investeringsmedel "
    "innan du ansöker: jag ställer frågor, berättar direkt om något inte stämmer med "
    "kriterierna och gör till sist ett utkast till ansökan i Word som du kan skicka "
    "till samordnaren. Dina svar sparas medan du svarar, så du kan fortsätta senare. "
    "Skriv /hjalp när som helst för hjälp."
)
FUND_LINE = "Kriterierna som gäller: {fund_name}."
RESUMED = "Välkommen tillbaka! Vi fortsätter där du slutade."
RESUME_QUESTION = (
    "Du har ett påbörjat utkast där {answered} av {total} frågor är besvarade. Vill du "
    "fortsätta där du slutade? Svara ja för att fortsätta eller nej för att börja om."
)
RESTART_QUESTION = "Vill du börja om från början? Dina svar i utkastet raderas. (ja/nej)"
RESTARTED = "Vi börjar om från början."
NOT_RESTARTED = "Vi fortsätter där du var."
CANCELLED = (
    "Dina svar är sparade. Starta igen (/start) när du vill fortsätta – då kan du välja "
    "att fortsätta där du slutade."
)
SUMMARY_SECTION = "Sammanfattning"
CONFIRM_QUESTION = (
    "Vill du skicka idén till samordnaren? Svara ja eller nej. "
    "Vill du ändra något svar först, skriv dess nummer i sammanfattningen."
)
NOT_SENT = (
    "Idén är inte skickad, utkastet är sparat. Skriv numret på ett svar för att ändra det, "
    "ja för att skicka, eller /avbryt för att sluta här."
)
SENT = "Tack! Idén är skickad till samordnaren. Här är ansökan i Word."
ALREADY_SENT = (
    "Idén är redan skickad (ansökans id {application_id}). Skriv /start om du vill pröva en ny idé."
)
SUBMIT_FAILED = (
    "Ansökan kunde inte skapas just nu (felkod {error}). Dina svar är sparade – "
    "svara ja för att försöka igen."
)
STALE_BUTTON = "Den knappen hör till en tidigare fråga – svara på den senaste frågan."
NOTHING_TO_SKIP = "Här finns inget att hoppa över; svara ja eller nej."
NOTHING_BEFORE = "Det här är den första frågan."
BAD_ANSWER = "Det svaret kunde jag inte tolka: {reason}."
UNKNOWN_COMMAND = "Okänt kommando {command}. Skriv /hjalp för att se vad du kan skriva."
BAD_EDIT_NUMBER = "Skriv numret på ett svar i sammanfattningen, mellan 1 och {total}."
FAQ_UNKNOWN = (
    "Det vet jag inte säkert. Fråga gärna samordnaren{contact}. "
    "Jag har sparat frågan så att den kan besvaras framöver."
)
REOPENED = "Samordnaren ber dig komplettera ansökan{comment}"


def reopened(comment: str | None) -> str:
    """The komplettering notice; the coordinator's comment keeps its own closing mark."""
    comment = (comment or "").strip()
    text = REOPENED.format(comment=f": {comment}" if comment else "")
    return text if text.endswith((".", "!", "?")) else text + "."


CURRENT_ANSWER = "Nuvarande svar: {value}"
EDIT_HINT = "Vill du ändra ett svar: skriv /andra och numret, t.ex. /andra 3."
VERDICT_LINE = "Bedömning: {verdict}."
LIST_EMPTY_PROMPT = (
    "Svara ja för att lägga till {item}, eller nej om det inte finns {none}. "
    "Hela listan kan också skickas som JSON."
)
# "någon" agrees with an en-word (en samverkanspart), "något" with an ett-word (ett budgetår).
NONE_PRONOUNS = {"en": "någon", "ett": "något"}
LIST_MORE_PROMPT = "Vill du lägga till {item} till? Svara ja eller nej (klar)."
LIST_ADDED = "Tillagd: {item}."
LIST_SO_FAR = "Hittills:"
LIST_ITEM_ABANDONED = "Jag tog bort den halvfärdiga raden."

HELP = (
    "Svara på frågan med egna ord. Du kan också skriva:\n"
    "/tillbaka – föregående fråga\n"
    "/hoppa – hoppa över frågan (lämna den tom)\n"
    "/sammanfattning – dina svar och bedömningen hittills\n"
    "/andra N – ändra svar nummer N i sammanfattningen\n"
    "/avbryt – sluta nu, utkastet sparas\n"
    "/start – börja om från början\n"
    "En fråga som slutar med ? besvarar jag ur vanliga frågor."
)
INPUT_HINTS: dict[InputKind, str] = {
    InputKind.TEXT: "Svara med egna ord.",
    InputKind.INTEGER: "Svara med ett heltal, t.ex. 150.",
    InputKind.MONEY: "Svara med ett belopp, t.ex. 1 200 000 kr, 850 tkr eller 1,2 mkr.",
    InputKind.PERCENT: "Svara med en procentsats, t.ex. 50 %.",
    InputKind.DATE: "Svara med ett datum, t.ex. 2027-01-01, 1 januari 2027 eller jan 2027.",
    InputKind.CHOICE: "Svara med alternativets nummer eller namn.",
    InputKind.MULTICHOICE: "Svara med ett eller flera nummer eller namn, t.ex. 1, 3.",
    InputKind.BOOL: "Svara ja eller nej.",
    InputKind.LIST: "Svara ja för att lägga till en rad, nej när listan är klar.",
    InputKind.CONFIRM: "Svara ja eller nej.",
}
YES_LABEL = "Ja"
NO_LABEL = "Nej"
NOT_YET_LABEL = "Inte ännu"
UNANSWERED = "–"
NONE_GIVEN = "inga"


def progress_line(step: int, total: int, section: str) -> str:
    """``Fråga 7 av 31 · Tid och budget``."""
    return f"Fråga {step} av {total} · {section}"


def coordinator_contact(fund: Any) -> str:
    """The coordinator's contact as one phrase (``, Emma Mårtensson, 072-… , e-post``)."""
    person = getattr(fund, "coordinator", None) if fund is not None else None
    if person is None:
        return ""
    parts = [
        getattr(person, key, None) for key in ("name", "title", "organisation", "phone", "email")
    ]
    shown = ", ".join(str(p) for p in parts if p)
    return f" ({shown})" if shown else ""


def _option_label(enum_name: str | None, value: Any) -> str:
    if enum_name in OPTION_ENUMS:
        for option in enum_options(enum_name):
            if option.value == value:
                return option.label
    return str(value)


def _org(value: Any) -> str:
    return _option_label(OrgType.__name__, value)


def format_item(top: str, item: Mapping[str, Any]) -> str:
    """One list row the way people read it."""
    match top:
        case "partners":
            text = str(item.get("name") or "namnlös part")
            if item.get("org_type"):
                text += f" ({_org(item['org_type'])})"
            return text + (f" – {item['role']}" if item.get("role") else "")
        case "budget":
            return f"{item.get('year')}: {format_money(item.get('cost') or 0)}"
        case "cofinancing":
            text = f"{item.get('party') or 'okänd part'}: {format_money(item.get('amount') or 0)}"
            if item.get("form"):
                text += f" ({_option_label(CofinancingForm.__name__, item['form'])})"
            return text
        case "cost_reductions":
            text = f"{item.get('organisation') or 'okänd organisation'}: "
            text += f"{format_money(item.get('amount_per_year') or 0)} per år"
            return text + (f" från {item['from_year']}" if item.get("from_year") else "")
        case "signatories":
            text = str(item.get("name") or "namn saknas")
            text += f", {item['title']}" if item.get("title") else ""
            return text + (f" ({item['party']})" if item.get("party") else "")
    return ", ".join(f"{k}: {v}" for k, v in item.items())


def format_value(step: Step, value: Any) -> str:
    """A stored answer formatted in Swedish (``1 200 000 kr``, ``1 januari 2027``)."""
    if value is None:
        if step.spec.nullable and step.input == InputKind.BOOL:
            return NOT_YET_LABEL
        return UNANSWERED
    match step.input:
        case InputKind.MONEY:
            return format_money(value)
        case InputKind.INTEGER:
            return str(value) if step.spec.format else format_number(value)
        case InputKind.DATE:
            return format_date(dt.date.fromisoformat(value))
        case InputKind.BOOL | InputKind.CONFIRM:
            return YES_LABEL if value else NO_LABEL
        case InputKind.CHOICE:
            return _option_label(step.spec.options, value)
        case InputKind.MULTICHOICE:
            return ", ".join(_option_label(step.spec.options, v) for v in value)
        case InputKind.LIST:
            if not value:
                return NONE_GIVEN
            return "; ".join(format_item(step.top, item) for item in value)
    return str(value)


def step_value(step: Step, answers: Mapping[str, Any]) -> Any:
    """The stored value of a step (a sub-field for dotted steps)."""
    value = answers.get(step.top)
    if step.sub is not None:
        return value.get(step.sub) if isinstance(value, dict) else None
    return value


def summary_text(flow: Flow, steps: list[Step], answers: Mapping[str, Any]) -> str:
    """The numbered summary of every question for this fund, grouped by section."""
    lines = ["Sammanfattning av dina svar:"]
    section = None
    for number, step in enumerate(steps, 1):
        if step.section != section:
            section = step.section
            lines.append(f"\n{section}")
        lines.append(
            f"{number}. {step.spec.label}: {format_value(step, step_value(step, answers))}"
        )
    return "\n".join(lines)
