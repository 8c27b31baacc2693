"""Swedish texts of the dialog (answers as people read them: :mod:`dialogs.showing`)."""

from __future__ import annotations

from typing import Any

from dialogs.replies import InputKind
from knowledge.answers import clean_text

WELCOME = (
    "Hej! Jag är Idébot. Jag hjälper dig att pröva en idé för sociala investeringsmedel "
    "innan du ansöker. Först ställer jag de frågor som avgör om idén kan få medel och ger "
    "dig ett preliminärt besked; sedan tar vi resten av ansökan, och till sist gör jag ett "
    "utkast till ansökan i Word som du kan skicka till samordnaren. Svara med egna ord – "
    "jag säger vad jag har uppfattat. Dina svar sparas medan du svarar, så du kan fortsätta "
    "senare. Skriv /hjalp när som helst för hjälp."
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
    "Dina svar är sparade. När du startar Idébot igen kan du välja att fortsätta där du slutade."
)
SUMMARY_SECTION = "Sammanfattning"
SUMMARY_HEAD = "Sammanfattning av dina svar:"
CHANGED_HEAD = "Ändrat i sammanfattningen:"
CONFIRM_QUESTION = (
    "Vill du skicka idén till samordnaren? Svara ja eller nej. "
    "Vill du ändra något svar först, skriv dess nummer i sammanfattningen."
)
SAVE_QUESTION = (
    "Vill du spara ansökan och få den i Word? Den här boten skickar den inte vidare, så du "
    "skickar den själv till samordnaren. Svara ja eller nej. "
    "Vill du ändra något svar först, skriv dess nummer i sammanfattningen."
)
NOT_SAVED = (
    "Ansökan är inte gjord än, utkastet är sparat. Skriv numret på ett svar för att ändra "
    "det, ja för att spara ansökan, eller /avbryt för att sluta här."
)
NOT_SENT = (
    "Idén är inte skickad, utkastet är sparat. Skriv numret på ett svar för att ändra det, "
    "ja för att skicka, eller /avbryt för att sluta här."
)
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
BAD_ANSWER = "Det svaret kunde jag inte tolka: {reason}"
PICK_ONE = "Välj ett av alternativen, eller skriv svaret på nytt."
UNKNOWN_COMMAND = "Okänt kommando {command}. Skriv /hjalp för att se vad du kan skriva."
BAD_EDIT_NUMBER = "Skriv numret på ett svar i sammanfattningen, mellan 1 och {total}."
# After the FAQ's own fallback (which says how to reach the fund's coordinator).
QUESTION_KEPT = "Jag har sparat frågan så att den kan besvaras framöver."
REOPENED = "Samordnaren ber dig komplettera ansökan{comment}"
NOTED = "Noterat: {echo}."


def noted_text(echo: str) -> str:
    """``Noterat: …`` (an echo may quote what was typed: cleaned like an answer)."""
    return NOTED.format(echo=clean_text(echo).rstrip("."))


# What skipping does, said the same way by /hoppa and /hjalp.
SKIP_RULE = (
    "frågan lämnas obesvarad (ett svar du redan har gett står kvar), och du kan svara "
    "senare med /andra och frågans nummer"
)
SKIPPED = f"Jag hoppar över frågan: {SKIP_RULE}."
KEPT = "Svaret står kvar: {value}."

# The quick check.
CONTINUE_QUESTION = (
    "Vill du fortsätta med hela ansökan? Svara ja eller nej. Vill du ändra ett svar först, "
    "skriv /andra och frågans nummer."
)
CONTINUING = "Bra, då tar vi resten av ansökan."
PAUSED = (
    "Utkastet är sparat. När du startar Idébot igen kommer du tillbaka hit och kan "
    "fortsätta med resten av ansökan, eller ändra ett svar med /andra och numret."
)
PRELIMINARY_HEADINGS = {
    "ready": "Preliminärt besked: inget av det du har svarat hindrar idén",
    "incomplete": "Preliminärt besked: inget hindrar idén hittills, men allt kunde inte prövas",
    "not_eligible": "Preliminärt besked: idén kan inte få medel i sin nuvarande form",
}
FINAL_HEADING = "Bedömning: {label}."
CHECK_MUST_CHANGE = "Det här måste ändras först:"
CHECK_OPEN = "Det här kunde inte prövas än:"
CHECK_HOLDS = "Det här håller:"
CHECK_ADVICE = "Att tänka på:"
CHECK_READY = (
    "Snabbkollen är klar: idén kan gå vidare. Nu återstår resten av ansökan ({rest} frågor)."
)
CHECK_INCOMPLETE = (
    "Snabbkollen är klar: inget hindrar idén hittills, men det som står under ”kunde inte "
    "prövas” behöver besvaras. Du kan svara nu (/andra och numret) eller senare."
)
CHECK_NOT_ELIGIBLE = (
    "Som idén ser ut nu kan den inte få medel. Ändra det som står under ”måste ändras” – "
    "nu med /andra och numret, eller senare. Resten av ansökan kan du fylla i ändå."
)
MARKS = {"pass": "✓", "fail": "✗", "unknown": "?", "advice": "•"}


def reopened(comment: str | None) -> str:
    """The komplettering notice; the coordinator's comment keeps its own closing mark."""
    comment = (comment or "").strip()
    text = REOPENED.format(comment=f": {comment}" if comment else "")
    return text if text.endswith((".", "!", "?")) else text + "."


def bad_answer(reason: str) -> str:
    """``Det svaret kunde jag inte tolka: …``, with one closing mark (a reason may quote
    what was typed: control characters and lone surrogates are removed)."""
    text = BAD_ANSWER.format(reason=clean_text(reason).strip())
    return text if text.endswith((".", "!", "?")) else text + "."


CURRENT_ANSWER = "Nuvarande svar: {value}"
KEEP_HINT = "(Tom rad eller ”samma” behåller svaret.)"
EDIT_HINT = "Vill du ändra ett svar: skriv /andra och numret, t.ex. /andra 3."
LIST_EMPTY_PROMPT = (
    "Skriv dem på en rad som i exemplet, svara ja för att lägga till {item}, "
    "eller nej om det inte finns {none}."
)
# "någon" agrees with an en-word (en samverkanspart), "något" with an ett-word (ett budgetår).
NONE_PRONOUNS = {"en": "någon", "ett": "något"}
LIST_MORE_PROMPT = (
    "Vill du lägga till {item} till? Skriv den (t.ex. ”ja, {example} också”), svara ja, "
    "eller nej om listan är klar. Ändra eller ta bort en rad: ”ändra 1”, ”ta bort 2”."
)
LIST_ADDED = "Tillagd: {item}."
LIST_REMOVED = "Borttagen: {item}."
LIST_CHANGED = "Ändrad: {item}."
LIST_CLEARED = "Listan är tömd."
LIST_SO_FAR = "Hittills:"
LIST_CHOICES = "svara ja för att lägga till en rad i taget, eller nej om listan är klar"
LIST_ITEM_ABANDONED = "Jag tog bort raderna som inte var klara."
LIST_ROWS_DROPPED = "Det som inte var klart är inte sparat: {items}."
SUGGESTION_HEAD = "Jag gissar {what} utifrån namnet:"
SUGGESTION_QUESTION = "Stämmer det? Svara ja, eller nej så får du välja själv."
SUGGESTED = "Förslag: {label} – svara ja för att ta det, eller välj ett annat."
ROW_BAD = "Raderna kunde inte sparas: {reason}. Skriv dem igen."

HELP = (
    "Svara på frågan med egna ord – jag säger vad jag har uppfattat. Du kan också skriva:\n"
    "/tillbaka – föregående fråga\n"
    f"/hoppa – hoppa över frågan: {SKIP_RULE}\n"
    "/sammanfattning – dina svar och bedömningen hittills\n"
    "/andra N – ändra svar nummer N i sammanfattningen\n"
    "/avbryt – sluta nu, utkastet sparas\n"
    "/start – börja om från början\n"
    "En tom rad (eller ”samma”) behåller ett svar du redan har gett. "
    "En fråga som slutar med ? besvarar jag ur vanliga frågor."
)
INPUT_HINTS: dict[InputKind, str] = {
    InputKind.TEXT: "Svara med egna ord.",
    InputKind.INTEGER: "Svara med ett heltal, t.ex. 150 eller ”ca 120 per år”.",
    InputKind.MONEY: "Svara med ett belopp, t.ex. 1 200 000 kr, 850 tkr eller 1,2 mkr.",
    InputKind.PERCENT: "Svara med en procentsats, t.ex. 50 %.",
    InputKind.DATE: (
        "Svara med ett datum, t.ex. 2027-01-01, 1 januari 2027 eller ”mars 2027”; vid "
        "startdatum går hela perioden också: ”januari 2027 till december 2029”."
    ),
    InputKind.CHOICE: "Svara med alternativets nummer eller namn, eller med egna ord.",
    InputKind.MULTICHOICE: (
        "Svara med ett eller flera nummer eller namn, t.ex. 1, 3 eller ”barn och unga och "
        "deras föräldrar”."
    ),
    InputKind.BOOL: "Svara ja eller nej (gärna med egna ord, t.ex. ”nej, det är helt nytt”).",
    InputKind.LIST: (
        "Skriv alla på en rad, t.ex. ”Röda korset, Sandvikens kommun och IFK Gävle”, svara "
        "ja för att lägga till en i taget, eller nej när listan är klar."
    ),
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
