"""Staff: the FAQ edited from Telegram in short dialogs, and the unanswered questions.

``/faq_ny`` and ``/faq_andra ID`` ask for each part of an entry in turn (``-`` keeps the
current text when editing); ``/faq_ta_bort ID`` asks for confirmation. The small state of
such a dialog is kept in the store as the draft of ``telegram-staff:<user id>``, so any bot
process on a shared database (or the same one after a restart) continues it; the
staff member's applicant draft (``telegram:<user id>``) is another. The change itself is
the application's (``Idebot.faq_edit``): validated as a whole, saved with its audit entry
(who, when, before and after) and live at once, exactly like ``idebot faq import``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ApplicationHandlerStop, CommandHandler, ContextTypes, filters

from bot.core import Action
from bot.errors import BotError
from bot.telegram.access import Role, has_role, restricted
from bot.telegram.render import Tag, counted, decode, field_tag
from bot.telegram.runtime import Runtime, runtime_of, staff_key, user_key
from bot.telegram.sending import send_text
from knowledge.errors import KnowledgeError, KnowledgeFileError
from knowledge.faq import FaqEntry

log = logging.getLogger(__name__)

STATE_KEY = "faq_edit"
DELETE_KEY = "faq_delete"
KEEP = "-"
YES = "yes"
NO = "no"
STALE_CONFIRMATION = "Den frågan gäller inte längre – svara på den senaste."


async def _kept(context: ContextTypes.DEFAULT_TYPE, user_id: int, part: str) -> Any:
    """A part of the staff member's kept dialog state (``STATE_KEY`` or ``DELETE_KEY``)."""
    runtime = runtime_of(context)
    stored = await runtime.call(runtime.core.store.get_draft, staff_key(user_id))
    return (stored or {}).get(part)


async def _keep(context: ContextTypes.DEFAULT_TYPE, user_id: int, part: str, value: Any) -> None:
    """Stores (or, with None, drops) a part of the staff member's dialog state."""
    runtime = runtime_of(context)
    store, key = runtime.core.store, staff_key(user_id)

    def change() -> None:
        with store.draft_session(key) as session:
            kept = {k: v for k, v in (session.draft or {}).items() if k in (STATE_KEY, DELETE_KEY)}
            kept[part] = value
            kept = {k: v for k, v in kept.items() if v is not None}
            if kept:
                session.save(kept)
            else:
                session.delete()

    await runtime.call(change)


@dataclass(frozen=True)
class Step:
    """One question of the FAQ dialog: which part of the entry it fills."""

    part: str
    prompt: str
    optional: bool = False


NEW_STEPS = (
    Step(
        "id",
        "Vilket id ska posten ha? Små bokstäver, siffror och bindestreck, t.ex. "
        "parkering-vid-mote.",
    ),
    Step("question", "Skriv frågan så som en sökande skulle ställa den."),
    Step(
        "alternatives",
        "Skriv andra sätt att ställa samma fråga, en per rad. Skriv - om du inte har några.",
        optional=True,
    ),
    Step("answer", "Skriv svaret, på enkel svenska (1–6 meningar)."),
    Step("source", "Var kommer svaret ifrån? T.ex. ”001 Riktlinjer: Medfinansiering”."),
)
EDIT_STEPS = tuple(s for s in NEW_STEPS if s.part != "id")


def _steps(state: dict[str, Any]) -> tuple[Step, ...]:
    return NEW_STEPS if state["action"] == Action.CREATE else EDIT_STEPS


def _prompt(state: dict[str, Any]) -> str:
    step = _steps(state)[state["step"]]
    if state["action"] == Action.UPDATE:
        current = state["data"].get(step.part)
        shown = "\n".join(current) if isinstance(current, list) else current
        return f"{step.prompt}\nNu: {shown or '(inget)'}\nSkriv - för att behålla."
    return step.prompt


# -- commands ---------------------------------------------------------------------------


@restricted(Role.STAFF)
async def on_faq_lista(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``/faq_lista``: every entry's id and question."""
    runtime = runtime_of(context)
    entries = await runtime.call(runtime.core.faq_entries)
    lines = [f"FAQ:n har {counted(len(entries), 'post', 'poster')}:"]
    lines += [f"• {entry.id}: {entry.question}" for entry in entries]
    lines.append("\nÄndra med /faq_andra ID, ta bort med /faq_ta_bort ID, ny med /faq_ny.")
    await send_text(update.effective_chat, "\n".join(lines))


@restricted(Role.STAFF)
async def on_faq_ny(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``/faq_ny``: starts the dialog for a new entry."""
    state = {"action": Action.CREATE.value, "step": 0, "data": {}, "id": None}
    await _keep(context, update.effective_user.id, STATE_KEY, state)
    await update.effective_chat.send_message(
        "Ny post i FAQ:n. Avbryt när som helst med /avbryt.\n\n" + _prompt(state)
    )


@restricted(Role.STAFF)
async def on_faq_andra(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``/faq_andra ID``: starts the dialog that edits an entry."""
    entry = await _entry_from_args(update, context, "/faq_andra ID")
    if entry is None:
        return
    state = {
        "action": Action.UPDATE.value,
        "step": 0,
        "data": entry.to_data(),
        "id": entry.id,
        "changed": [],  # the parts typed anew (the rest is kept as it is when saved)
    }
    await _keep(context, update.effective_user.id, STATE_KEY, state)
    await update.effective_chat.send_message(
        f"Ändra posten {entry.id}. Avbryt med /avbryt.\n\n" + _prompt(state)
    )


@restricted(Role.STAFF)
async def on_faq_ta_bort(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``/faq_ta_bort ID``: asks for confirmation, then deletes the entry."""
    entry = await _entry_from_args(update, context, "/faq_ta_bort ID")
    if entry is None:
        return
    await _keep(context, update.effective_user.id, DELETE_KEY, entry.id)
    # The buttons name the entry (by a short hash: ids have no length limit), so that an
    # older confirmation pressed later never deletes the entry asked about since.
    tag = field_tag(entry.id)
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("Ja, ta bort", callback_data=f"{Tag.FAQ}|{YES}|{tag}"),
                InlineKeyboardButton("Nej", callback_data=f"{Tag.FAQ}|{NO}|{tag}"),
            ]
        ]
    )
    await update.effective_chat.send_message(
        f"Ta bort posten {entry.id} (”{entry.question}”)?", reply_markup=markup
    )


@restricted(Role.STAFF)
async def on_faq_delete_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The answer to the ``/faq_ta_bort`` confirmation."""
    query = update.callback_query
    press = decode(query.data or "")
    answer, tag = (press.key, press.rest[0]) if press and press.rest else (None, None)
    entry_id = await _kept(context, update.effective_user.id, DELETE_KEY)
    if entry_id is not None and tag != field_tag(entry_id):
        # A confirmation asked before the newest one: it no longer decides anything.
        await query.answer(STALE_CONFIRMATION, show_alert=True)
        await query.edit_message_reply_markup(None)
        return
    await query.answer()
    await _keep(context, update.effective_user.id, DELETE_KEY, None)
    await query.edit_message_reply_markup(None)
    if answer != YES or entry_id is None:
        await update.effective_chat.send_message("Inget togs bort.")
        return
    runtime = runtime_of(context)
    try:
        await runtime.call(
            _apply, runtime, update.effective_user.id, Action.DELETE, entry_id, {"data": {}}
        )
    except (KnowledgeError, BotError) as error:
        await update.effective_chat.send_message(f"Posten togs inte bort: {error}")
        return
    await update.effective_chat.send_message(f"Posten {entry_id} är borttagen.")


@restricted(Role.STAFF)
async def on_obesvarade(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``/obesvarade``: the questions the bot could not answer, oldest first."""
    runtime = runtime_of(context)
    questions = await runtime.call(runtime.core.unanswered)
    if not questions:
        await update.effective_chat.send_message("Inga obesvarade frågor just nu.")
        return
    lines = [f"{counted(len(questions), 'fråga', 'frågor')} som jag inte kunde svara på:"]
    for number, item in enumerate(questions, start=1):
        when = str(item.get("at", ""))[:10]
        lines.append(f"{number}. ”{item.get('question')}” ({item.get('fund')}, {when})")
    lines.append("\nGör en ny post av en fråga med /faq_ny.")
    await send_text(update.effective_chat, "\n".join(lines))


async def _entry_from_args(
    update: Update, context: ContextTypes.DEFAULT_TYPE, usage: str
) -> FaqEntry | None:
    runtime = runtime_of(context)
    if not context.args:
        await update.effective_chat.send_message(f"Ange postens id: {usage} (se /faq_lista).")
        return None
    entries = await runtime.call(runtime.core.faq_entries)
    entry = next((e for e in entries if e.id == context.args[0]), None)
    if entry is None:
        await update.effective_chat.send_message(
            f"Det finns ingen post med id ”{context.args[0]}”. Se /faq_lista."
        )
    return entry


# -- the dialog (runs before the applicant handlers, see app.py) -------------------------


async def on_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A staff member's new text message: ``/avbryt`` or an answer in an open FAQ dialog.

    Without an open dialog, or for any other command, nothing happens here and the
    update goes on to the other handlers (the staff member may be an applicant too).
    """
    if await _kept(context, update.effective_user.id, STATE_KEY) is None:
        return
    if _CANCEL.check_update(update):
        await on_cancel(update, context)
    elif not filters.COMMAND.check_update(update):
        await on_text(update, context)


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A staff member's answer in an FAQ dialog; anything else falls through."""
    who = update.effective_user.id
    state = await _kept(context, who, STATE_KEY)
    if state is None:
        return
    runtime = runtime_of(context)
    if not has_role(runtime.settings, who, Role.STAFF):
        await _keep(context, who, STATE_KEY, None)
        return
    chat = update.effective_chat
    text = (update.effective_message.text or "").strip()
    step = _steps(state)[state["step"]]
    problem = await runtime.call(_accept, runtime, state, step, text)
    if problem:
        await chat.send_message(f"{problem}\n\n{_prompt(state)}")
        raise ApplicationHandlerStop
    state["step"] = len(_steps(state)) if state.get("retry") else state["step"] + 1
    if state["step"] < len(_steps(state)):
        await _keep(context, who, STATE_KEY, state)
        await chat.send_message(_prompt(state))
        raise ApplicationHandlerStop
    action = Action(state["action"])
    entry_id = state["id"] or state["data"]["id"]
    try:
        await runtime.call(_apply, runtime, update.effective_user.id, action, entry_id, state)
    except KnowledgeFileError as error:
        again = _step_of(state, error.field)
        if again is not None:
            # Only the part that is wrong is asked again; the rest is kept. In an edit,
            # "-" then keeps that part as the entry has it.
            if action is Action.UPDATE:
                await runtime.call(_undo_part, runtime, state, _steps(state)[again].part)
            state["step"], state["retry"] = again, True
            await _keep(context, who, STATE_KEY, state)
            await chat.send_message(f"Posten sparades inte: {error}\n\n{_prompt(state)}")
            raise ApplicationHandlerStop from None
        await _not_saved(update, context, action, entry_id, error)
    except (KnowledgeError, BotError) as error:
        await _not_saved(update, context, action, entry_id, error)
    await _keep(context, who, STATE_KEY, None)
    verb = "sparad" if action is Action.CREATE else "ändrad"
    await chat.send_message(
        f"Posten {entry_id} är {verb} och gäller direkt när sökande ställer frågor."
    )
    raise ApplicationHandlerStop


async def _not_saved(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    action: Action,
    entry_id: str,
    error: Exception,
) -> None:
    """Ends the dialog: the change cannot be made as it stands (nothing was saved)."""
    await _keep(context, update.effective_user.id, STATE_KEY, None)
    again = "/faq_ny" if action is Action.CREATE else f"/faq_andra {entry_id}"
    await update.effective_chat.send_message(
        f"Posten sparades inte: {error}\nBörja om med {again}."
    )
    raise ApplicationHandlerStop from None


def _undo_part(runtime: Runtime, state: dict[str, Any], part: str) -> None:
    """Sets an edited part back to the entry's own (blocking: reads the live FAQ)."""
    current = runtime.core.staff.entry(state["id"]).to_data()
    state["data"][part] = current.get(part)
    state["changed"] = [p for p in state.get("changed", []) if p != part]


def _step_of(state: dict[str, Any], field: str) -> int | None:
    """The dialog step of an entry's field named in a validation error (``answer``,
    ``alternatives[2]``, ``funds.gavleborg`` has none), or None."""
    part = field.split(".")[0].split("[")[0]
    for index, step in enumerate(_steps(state)):
        if step.part == part:
            return index
    return None


async def on_cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``/avbryt`` during an FAQ dialog stops it; otherwise the applicant's /avbryt runs."""
    if await _kept(context, update.effective_user.id, STATE_KEY) is None:
        return
    await _keep(context, update.effective_user.id, STATE_KEY, None)
    await update.effective_chat.send_message("Avbrutet. FAQ:n är oförändrad.")
    raise ApplicationHandlerStop


# /avbryt as PTB reads commands (``/avbryt@botname``, arguments); checked for staff only.
_CANCEL = CommandHandler("avbryt", on_cancel)


def _accept(runtime: Runtime, state: dict[str, Any], step: Step, text: str) -> str | None:
    """Stores one answer in the state; returns a Swedish problem or None (blocking: it
    asks the store whether an id is taken, so it runs on the runtime's threads)."""
    editing = state["action"] == Action.UPDATE
    if editing and text == KEEP:
        return None
    if editing and step.part not in state.setdefault("changed", []):
        # Only what the staff member changed is written over the entry as it is then.
        state["changed"].append(step.part)
    if step.part == "alternatives":
        lines = [] if text == KEEP else [line.strip() for line in text.splitlines()]
        state["data"]["alternatives"] = [line for line in lines if line]
        return None
    if not text or text == KEEP:
        return "Det här får inte vara tomt."
    if step.part == "id":
        if any(entry.id == text for entry in runtime.core.faq_entries()):
            return f"Det finns redan en post med id ”{text}”. Välj ett annat id."
        try:
            FaqEntry.model_validate({"id": text, "question": "x", "answer": "x", "source": "x"})
        except ValueError:
            return "Ogiltigt id: använd små bokstäver, siffror och bindestreck."
        state["id"] = text
    state["data"][step.part] = text
    return None


def _apply(
    runtime: Runtime,
    who: int,
    action: Action,
    entry_id: str,
    state: dict[str, Any],
) -> None:
    """The application's FAQ edit (blocking: runs on the runtime's threads).

    An edit writes the parts the staff member changed over the entry as it is now, so a
    change made meanwhile (``idebot faq import``, another staff member) to the parts
    they kept is not undone by the copy shown when the dialog began.

    Raises:
        KnowledgeError: when the new FAQ fails validation; nothing is changed then.
        BotError: when the change is refused (e.g. a required topic deleted).
    """
    data = dict(state["data"])
    if action is Action.UPDATE and "changed" in state:
        current = runtime.core.staff.entry(entry_id).to_data()
        data = {**current, **{part: data[part] for part in state["changed"] if part in data}}
    runtime.core.faq_edit(action, entry_id, data, by=user_key(who))
