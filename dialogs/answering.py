"""One answer to a single-value question: understood, validated, stored, said back.

The understanding stage (:mod:`dialogs.understanding`) reads typed text; JSON values
(buttons, automation) pass through. ``knowledge.validate_field`` is always the last
check, so a value the dialog accepts is one a whole answers file would accept. A line
that sets more than its own field (a period typed at the start date) sets the other
field too; where the interpretation is not the literal text, one line says what was
understood ("Noterat: 1 januari 2027 – 31 december 2029."). An empty line or "samma"
keeps an answer that is already there.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dialogs.asking import step_options
from dialogs.errors import ParseError
from dialogs.events import TextInput, ValueInput
from dialogs.feedback import live_findings
from dialogs.navigation import applicable, ask_opened, go_next, note_answered, note_changed
from dialogs.replies import InputKind, Message, Option
from dialogs.showing import step_value
from dialogs.state import DialogContext, DialogState
from dialogs.texts import noted_text
from dialogs.understanding import TEXT_EXPECTED, Understood, normalise, understand_input
from dialogs.understanding.choices import understand_choice
from knowledge.answers import validate_field
from knowledge.errors import AnswersError

__all__ = [
    "TEXT_EXPECTED",
    "answer_step",
    "checked",
    "is_keep",
    "keeps",
    "parse_input",
    "raw_of",
]

# Words that keep the current answer (besides an empty line).
KEEP_WORDS = frozenset({"samma", "samma som förut", "som förut", "oförändrat", "behåll", "="})
NOTHING_TO_KEEP = "det finns inget svar att behålla här än – skriv ditt svar, eller /hoppa"


def raw_of(event: TextInput | ValueInput) -> Any:
    """What was sent: the typed text or the JSON value."""
    return event.text if isinstance(event, TextInput) else event.value


def is_keep(event: Any) -> bool:
    """Whether a typed line asks to keep the current answer (empty, or "samma")."""
    if not isinstance(event, TextInput):
        return False
    text = event.text.strip()
    return not text or (len(text) <= 40 and normalise(text).strip(" .!") in KEEP_WORDS)


def keeps(event: Any, current: Any) -> bool:
    """Whether an input keeps the answer already given (an empty line, "samma").

    Raises:
        ParseError: for "samma" where there is nothing to keep (never stored as text).
    """
    if not is_keep(event):
        return False
    if current is not None:
        return True
    if event.text.strip():
        raise ParseError(NOTHING_TO_KEEP)
    return False


def understand(
    kind: InputKind,
    raw: Any,
    *,
    options: Sequence[Option] = (),
    nullable: bool = False,
    fmt: str | None = None,
    typed: bool = True,
    field: str | None = None,
    today: Any = None,
    start: str | None = None,
) -> Understood:
    """What an input means for a question (see :func:`dialogs.understanding.understand_input`).

    Raises:
        ParseError: with what was expected and an example.
    """
    if not typed and any(o.value == raw for o in options):
        return Understood(raw)  # a button's own value: nothing to say back
    return understand_input(
        kind,
        raw,
        field=field,
        options=options,
        nullable=nullable,
        fmt=fmt,
        typed=typed,
        today=today,
        start=start,
    )


def parse_input(kind: InputKind, raw: Any, **kwargs: Any) -> Any:
    """The JSON value an input gives for a field of ``kind`` (see :func:`understand`).

    Raises:
        ParseError: with what was expected and an example.
    """
    return understand(kind, raw, **kwargs).value


def checked(top: str, value: Any) -> Any:
    """Validates a top-level field's value exactly as an answers file would.

    Raises:
        ParseError: with the answer model's Swedish reason (and sub-path).
    """
    try:
        return validate_field(top, value)
    except AnswersError as error:
        path = error.path
        where = f"{path}: " if path and path != top else ""
        raise ParseError(f"{where}{error.reason}") from None


def noted(echo: str | None) -> list[Any]:
    """``Noterat: …`` when the interpretation was not the literal text."""
    return [Message(noted_text(echo))] if echo else []


def _offered(state: DialogState, offer: list[dict] | None, raw: Any) -> Understood | None:
    """A typed number or name of a value offered after an ambiguous answer."""
    if not offer or not isinstance(raw, str):
        return None
    options = tuple(Option(o["value"], str(o["label"])) for o in offer)
    text = raw.strip()
    if not (text.isdigit() or any(normalise(text) == normalise(o.label) for o in options)):
        return None
    try:
        found = understand_choice(text, options)
    except ParseError:
        return None
    label = next(o.label for o in options if o.value == found.value)
    return Understood(found.value, label)


def answer_step(
    state: DialogState, event: Any, ctx: DialogContext, *, offer: list[dict] | None = None
) -> list[Any]:
    """Applies an answer to the single-value question asked now.

    Args:
        state: The working state (changed).
        event: What was sent.
        ctx: The context.
        offer: Values offered as choices after the previous, ambiguous answer.

    Raises:
        ParseError: when the answer cannot be read (nothing is changed then).
    """
    step = ctx.flow.step(state.step)
    answers = state.answers
    current = step_value(step, answers)
    has_current = current is not None or (step.spec.nullable and step.top in answers)
    if keeps(event, True if has_current else None):
        note_answered(state, step)
        return go_next(state, ctx)
    raw = raw_of(event)
    before = applicable(state, ctx)
    if step.sub is not None and isinstance(raw, dict):
        # A whole object at once (automation): its other questions are not asked.
        answers[step.top] = checked(step.top, raw)
        note_answered(state, step)
        note_changed(state, step.top)
        ask_opened(state, ctx, before)
        return [*live_findings(state, ctx, [step.top]), *go_next(state, ctx, filled={step.top})]
    understood = _offered(state, offer, raw) or understand(
        step.input,
        raw,
        options=step_options(step, ctx),
        nullable=step.spec.nullable,
        fmt=step.spec.format,
        typed=isinstance(event, TextInput),
        field=step.field,
        today=ctx.today,
        start=answers.get("start_date"),
    )
    value = understood.value
    if step.sub is not None:
        value = {**(answers.get(step.top) or {}), step.sub: value}
    values = {step.top: checked(step.top, value)}
    for other, also in understood.also.items():
        values[other] = checked(other, also)
    changed = [f for f, v in values.items() if answers.get(f, ...) != v]
    answers.update(values)
    if step.top == "fund":
        state.fund = values["fund"]
    note_answered(state, step)
    note_changed(state, *(step.field if f == step.top else f for f in changed))
    also = set(understood.also)
    replies = [*noted(understood.echo), *live_findings(state, ctx, list(values))]
    ask_opened(state, ctx, before)
    return replies + go_next(state, ctx, filled=also)
