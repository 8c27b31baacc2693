"""Answers at a list question: rows in one line, then only what each row misses.

At the list question (``Vilka parter samverkar ni med?``) a line is read by
:func:`dialogs.understanding.read_list`: rows typed in one line ("vi samarbetar med
Röda korset och skolan"), ja (add rows one at a time), nej / det är alla / klart (the
list is done; at the first ask: there is none), ``ta bort 2``, ``ändra 1 [till …]``,
``töm listan``, or a JSON array (the whole list) or object (one row) from a script.

Rows are completed in a :class:`~dialogs.state.RowFill`: what a row misses is asked
row by row; values guessed from a name (a partner's organisation type) are confirmed
in one question first. A sub-field marked ``later`` in the flow (a partner's role) is
left for after the quick check's verdict when the list is part of the quick check.
Complete rows join the list together. Rows typed at the first ask answer the list;
at "en till?" (rows already there) the list is asked again after them.
"""

from __future__ import annotations

from typing import Any

from dialogs.answering import checked, keeps, noted, raw_of, understand
from dialogs.asking import current_ask, pending_parts, row_position
from dialogs.errors import ParseError
from dialogs.events import TextInput
from dialogs.feedback import live_findings
from dialogs.flow import ITEM_MODELS, Step
from dialogs.lists import (
    NAME_FIELDS,
    SUGGESTED_WHAT,
    as_json_object,
    item_field,
    item_fields,
    item_options,
    item_spec,
)
from dialogs.navigation import go_next, next_pending, note_answered, note_changed
from dialogs.plan import plan_of
from dialogs.replies import Message
from dialogs.showing import format_item
from dialogs.state import CONFIRM_ROW, DialogContext, DialogState, RowFill
from dialogs.texts import (
    LIST_ADDED,
    LIST_CHANGED,
    LIST_CHOICES,
    LIST_CLEARED,
    LIST_ITEM_ABANDONED,
    LIST_REMOVED,
    LIST_ROWS_DROPPED,
    ROW_BAD,
    SKIPPED,
)
from dialogs.understanding import (
    ListVerb,
    Row,
    Unclear,
    read_list,
    suggest_org_type,
    understand_bool,
)
from dialogs.understanding.lists import as_array, show_row
from knowledge.criteria import same_name

# What a line typed at a row just begun can do to the list instead.
LIST_VERBS = frozenset({ListVerb.DONE, ListVerb.CLEAR, ListVerb.REMOVE, ListVerb.EDIT})


def _applicant(state: DialogState) -> str | None:
    applicant = state.answers.get("applicant")
    return applicant.get("name") if isinstance(applicant, dict) else None


def _set_list(state: DialogState, step: Step, value: Any, ctx: DialogContext) -> list[Any]:
    value = checked(step.top, value)
    if state.answers.get(step.top, ...) != value:
        note_changed(state, step.top)
    state.answers[step.top] = value
    return live_findings(state, ctx, [step.top])


def _done(state: DialogState, step: Step, ctx: DialogContext, replies: list[Any]) -> list[Any]:
    note_answered(state, step)
    return [*replies, *go_next(state, ctx)]


def answer_list(state: DialogState, step: Step, event: Any, ctx: DialogContext) -> list[Any]:
    """An input at a list question (the first ask or "en till?").

    Raises:
        ParseError: when the line cannot be read (``Unclear`` for rows that could not
            be read safely); nothing is changed then.
    """
    if state.fill is not None and state.fill.asks:
        return _answer_fill(state, step, event, ctx)
    raw = raw_of(event)
    items = list(state.answers.get(step.top) or [])
    row = as_json_object(raw)
    if row is not None:  # one whole row (automation)
        replies = _set_list(state, step, [*items, row], ctx)
        added = format_item(step.top, state.answers[step.top][-1])
        return [Message(LIST_ADDED.format(item=added)), *replies, current_ask(state, ctx)]
    if keeps(event, state.answers.get(step.top)):
        return _done(state, step, ctx, [])
    try:
        reading = read_list(step.top, raw, rows=items, applicant=_applicant(state))
    except Unclear:
        raise
    except ParseError as error:
        reason = str(error).rstrip(".")
        if " ja " not in f" {reason} ":
            reason = f"{reason} – eller {LIST_CHOICES}"
        raise ParseError(reason) from None
    match reading.verb:
        case ListVerb.REPLACE:
            state.later = [f for f in state.later if not f.startswith(f"{step.top}[")]
            return _done(state, step, ctx, _set_list(state, step, reading.array, ctx))
        case ListVerb.DONE:
            replies = [] if step.top in state.answers else _set_list(state, step, [], ctx)
            return _done(state, step, ctx, replies)
        case ListVerb.CLEAR:
            state.answers.pop(step.top, None)
            state.later = [f for f in state.later if not f.startswith(f"{step.top}[")]
            return [Message(LIST_CLEARED), current_ask(state, ctx)]
        case ListVerb.REMOVE:
            removed = items.pop(reading.index)
            _forget_row(state, step.top, reading.index)
            replies = _set_list(state, step, items, ctx)
            shown = format_item(step.top, removed)
            return [Message(LIST_REMOVED.format(item=shown)), *replies, current_ask(state, ctx)]
        case ListVerb.EDIT:
            old = dict(items[reading.index])
            if not reading.rows:  # "ändra 1": every sub-field again, the current ones kept
                fields = item_fields(step)
                asks = [[0, f] for f in fields]
                state.fill = RowFill([old], [reading.index], asks, more=True)
                return [current_ask(state, ctx)]
            new = reading.rows[0]
            typed = {k: v for k, v in new.values.items() if v is not None}
            merged = Row({**_renamed(step, old, typed), **typed}, (), new.suggested)
            return _start(state, step, [merged], ctx, at=reading.index, more=True)
        case ListVerb.ADD:
            return _start(state, step, [Row({})], ctx, more=True, announce=True)
    echo = noted(reading.echo)
    return [*echo, *_start(state, step, list(reading.rows), ctx, more=bool(items))]


def _renamed(step: Step, old: dict[str, Any], typed: dict[str, Any]) -> dict[str, Any]:
    """The old row's values an edit keeps: a new name (another organisation) drops what
    was told from the old name (its type), which is then suggested or asked again."""
    name = NAME_FIELDS.get(step.top)
    new_name, old_name = typed.get(name), old.get(name)
    if not isinstance(new_name, str) or not isinstance(old_name, str):
        return old
    if same_name(new_name, old_name):
        return old
    return {k: v for k, v in old.items() if k not in SUGGESTED_WHAT}


def _forget_row(state: DialogState, top: str, index: int) -> None:
    """Later sub-field questions follow the rows when one is removed."""
    kept = []
    for field in state.later:
        parts = pending_parts(field)
        if parts is None or parts[0] != top or parts[1] < index:
            kept.append(field)
        elif parts[1] > index:
            kept.append(item_field(top, parts[1] - 1, parts[2]))
    state.later = kept


def _start(
    state: DialogState,
    step: Step,
    rows: list[Row],
    ctx: DialogContext,
    *,
    at: int | None = None,
    more: bool,
    announce: bool = False,
) -> list[Any]:
    """Starts completing ``rows``: asks what they miss, or adds them at once."""
    plan = plan_of(state, ctx)
    defer = not state.quick_done and plan.is_quick(step)
    fill = RowFill(more=more)
    for number, row in enumerate(rows):
        values = {k: v for k, v in row.values.items() if v is not None}
        fill.rows.append(values)
        fill.at.append(at)
        for field in item_fields(step):
            if values.get(field) is not None:
                continue
            spec = item_spec(step, field)
            (fill.later if defer and spec.later else fill.asks).append([number, field])
            suggestion = row.suggested.get(field)
            if suggestion is not None:
                fill.suggested[f"{number}.{field}"] = suggestion
    guessed = sorted({f for key, f in (k.split(".", 1) for k in fill.suggested)})
    fill.asks = [[CONFIRM_ROW, f] for f in guessed] + fill.asks
    state.fill = fill
    if fill.asks:
        return [current_ask(state, ctx)]
    return _commit(state, step, ctx, announce=announce)


def _commit(state: DialogState, step: Step, ctx: DialogContext, *, announce: bool) -> list[Any]:
    """Adds the completed rows to the list (or puts edited rows in their place)."""
    fill = state.fill
    items = list(state.answers.get(step.top) or [])
    existing = len(items)
    positions = [row_position(fill, n, existing) for n in range(len(fill.rows))]
    for row, at in zip(fill.rows, fill.at, strict=True):
        if at is None or at >= len(items):
            items.append(row)
        else:
            items[at] = row
    state.fill = None
    try:
        replies = _set_list(state, step, items, ctx)
    except ParseError as error:
        return [Message(ROW_BAD.format(reason=str(error).rstrip("."))), current_ask(state, ctx)]
    state.later += [item_field(step.top, positions[n], f) for n, f in fill.later]
    if announce or any(a is not None for a in fill.at):
        rows = state.answers[step.top]
        shown = "; ".join(format_item(step.top, rows[p]) for p in positions)
        text = LIST_CHANGED if any(a is not None for a in fill.at) else LIST_ADDED
        replies = [Message(text.format(item=shown)), *replies]
    if fill.more:
        return [*replies, current_ask(state, ctx)]
    return _done(state, step, ctx, replies)


def _answer_fill(state: DialogState, step: Step, event: Any, ctx: DialogContext) -> list[Any]:
    fill = state.fill
    raw = raw_of(event)
    array = as_array(raw)
    if array is not None:  # the whole list after all (automation)
        state.fill = None
        return _done(state, step, ctx, _set_list(state, step, array, ctx))
    number, field = fill.asks[0]
    typed = isinstance(event, TextInput)
    if typed and _list_verb(state, step, fill, raw):
        state.fill = None  # the row just begun is dropped; the line is for the list
        return answer_list(state, step, event, ctx)
    if number == CONFIRM_ROW:
        yes = raw if isinstance(raw, bool) else understand_bool(str(raw)).value
        fill.asks.pop(0)
        if yes:
            for n in range(len(fill.rows)):
                guess = fill.suggested.get(f"{n}.{field}")
                if guess is not None and [n, field] in fill.asks:
                    fill.rows[n][field] = guess
                    fill.asks.remove([n, field])
        return [current_ask(state, ctx)] if fill.asks else _commit(state, step, ctx, announce=True)
    spec = item_spec(step, field)
    row = fill.rows[number]
    guess = fill.suggested.get(f"{number}.{field}")
    echo = None
    if keeps(event, row.get(field)):
        value = row[field]
    elif typed and guess is not None and _is_yes(raw):
        value = guess
    else:
        index = row_position(fill, number, len(state.answers.get(step.top) or []))
        understood = understand(
            spec.input,
            raw,
            options=item_options(step, field),
            fmt=spec.format,
            typed=typed,
            field=item_field(step.top, index, field),
            today=ctx.today,
        )
        value, echo = understood.value, understood.echo
    row[field] = value
    fill.asks.pop(0)
    _suggest_from_name(step, fill, number, field)
    replies = noted(echo)
    if fill.asks:
        return [*replies, current_ask(state, ctx)]
    return [*replies, *_commit(state, step, ctx, announce=True)]


def _list_verb(state: DialogState, step: Step, fill: RowFill, raw: Any) -> bool:
    """Whether a line typed at the first question of a row begun with "ja" is meant
    for the list: "nej" or "det är alla" (no more rows after all), ``töm listan``,
    ``ta bort 2`` or ``ändra 1`` – never a partner called "nej"."""
    if len(fill.rows) != 1 or fill.rows[0] or fill.at != [None]:
        return False
    if not isinstance(raw, str) or not raw.strip():
        return False
    items = state.answers.get(step.top) or []
    try:
        reading = read_list(step.top, raw, rows=items, applicant=_applicant(state))
    except ParseError:
        return False
    return reading.verb in LIST_VERBS


def _suggest_from_name(step: Step, fill: RowFill, number: int, field: str) -> None:
    """A partner's name asked on its own suggests its type too, as one typed in a line
    does (the guess offered first, "ja" takes it)."""
    row = fill.rows[number]
    if field != NAME_FIELDS.get(step.top) or "org_type" not in item_fields(step):
        return
    if row.get("org_type") is None and isinstance(row.get(field), str):
        guess = suggest_org_type(row[field])
        if guess is not None:
            fill.suggested[f"{number}.org_type"] = guess


def _is_yes(raw: Any) -> bool:
    try:
        return understand_bool(str(raw)).value is True
    except ParseError:
        return False


def keep_complete_rows(state: DialogState, step: Step, ctx: DialogContext) -> list[Any]:
    """Leaves the rows being completed (``/tillbaka``, ``/hoppa`` at a required
    sub-field): the rows that are complete join the list, only the others are dropped;
    then the list question again.

    "Sandvikens kommun 300 000 kr arbetstid, Röda korset 50 000 kr" and ``/tillbaka``
    at Röda korset's form keep Sandvikens kommun's row.
    """
    fill = state.fill
    open_rows = {number for number, _ in fill.asks if number != CONFIRM_ROW}
    done = [n for n in range(len(fill.rows)) if n not in open_rows]
    if not done:
        state.fill = None
        return [Message(LIST_ITEM_ABANDONED), current_ask(state, ctx)]
    renumber = {old: new for new, old in enumerate(done)}
    state.fill = RowFill(
        rows=[fill.rows[n] for n in done],
        at=[fill.at[n] for n in done],
        more=True,  # back at the list question, whatever the rows were typed at
        later=[[renumber[n], f] for n, f in fill.later if n in renumber],
    )
    left = "; ".join(show_row(step.top, fill.rows[n]) for n in sorted(open_rows))
    dropped = [Message(LIST_ROWS_DROPPED.format(items=left))] if open_rows else []
    return [*dropped, *_commit(state, step, ctx, announce=True)]


def skip_in_fill(state: DialogState, step: Step, ctx: DialogContext) -> list[Any]:
    """``/hoppa`` at a row's sub-field: an optional one stays empty; a required one (a
    year, an amount) drops the rows that are not complete."""
    fill = state.fill
    number, field = fill.asks[0]
    if number == CONFIRM_ROW:  # the guesses are skipped, and so are their questions
        guessed = {f"{n}.{f}" for n, f in fill.asks[1:]} & set(fill.suggested)
        fill.asks = [a for a in fill.asks[1:] if f"{a[0]}.{a[1]}" not in guessed]
    elif not ITEM_MODELS[step.top].model_fields[field].is_required():
        fill.asks.pop(0)
    else:
        return keep_complete_rows(state, step, ctx)
    if fill.asks:
        return [Message(SKIPPED), current_ask(state, ctx)]
    return [Message(SKIPPED), *_commit(state, step, ctx, announce=True)]


def answer_pending(state: DialogState, event: Any, ctx: DialogContext) -> list[Any]:
    """An answer to a sub-field left for after the quick check (``partners[0].role``)."""
    top, index, field = pending_parts(state.pending[0])
    step = ctx.flow.step(top)
    items = [dict(r) for r in state.answers.get(top) or []]
    spec = item_spec(step, field)
    echo = None
    if not keeps(event, items[index].get(field)):
        understood = understand(
            spec.input,
            raw_of(event),
            options=item_options(step, field),
            fmt=spec.format,
            typed=isinstance(event, TextInput),
            field=state.pending[0],
            today=ctx.today,
        )
        items[index][field] = understood.value
        echo = understood.echo
        note_changed(state, top)
    state.answers[top] = checked(top, items)
    state.pending.pop(0)
    return [*noted(echo), *next_pending(state, ctx)]
