"""Answers a stored draft holds that the answer model no longer takes.

A draft saved by an earlier version (or edited by hand) may hold a value the current
model refuses: 10^30 kronor, a date in 9999, a field that no longer exists. Such a draft
must never crash a resume. Each answer is checked on its own, the ones that fail are
dropped, and the person is told which questions to answer again; everything else is
kept exactly as it was.
"""

from __future__ import annotations

from dialogs.flow import Flow
from dialogs.state import DialogState, Mode
from knowledge.answers import ANSWER_FIELDS, FIELD_LABELS, validate_field
from knowledge.errors import AnswersError

ANSWER_AGAIN = "Ditt svar på {fields} kunde inte läsas längre och behöver ges igen."


def drop_invalid(state: DialogState, flow: Flow) -> list[str]:
    """Removes the answers the model refuses; returns their Swedish names (in flow order).

    The state is changed in place (call it on the engine's copy or a freshly loaded one).
    """
    dropped: list[str] = []
    for name in list(state.answers):
        if name == "fund":
            continue
        try:
            if name not in ANSWER_FIELDS:
                raise AnswersError("utkastet", name, "okänt fält")
            validate_field(name, state.answers[name], source="utkastet")
        except (AnswersError, RecursionError):
            del state.answers[name]
            dropped.append(name)
    if state.fill is not None and state.step and flow.has(state.step):
        top = flow.step(state.step).top
        if top in dropped:
            state.fill = None
    order = {step.top: step.index for step in reversed(flow.steps)}
    dropped.sort(key=lambda name: order.get(name, len(flow.steps)))
    _ask_again(state, flow, set(dropped))
    return [_label(name, flow) for name in dropped]


def _ask_again(state: DialogState, flow: Flow, dropped: set[str]) -> None:
    """Makes the dropped answers' questions the next ones, then back where the person was
    (as ``/andra`` does)."""
    steps = [s.field for s in flow.steps if s.top in dropped]
    if not steps or state.mode not in (Mode.ASKING, Mode.CONFIRM):
        return
    if state.mode == Mode.CONFIRM:
        state.queue, state.return_to = steps[1:], None
    elif state.step in steps:
        return  # the question asked now is the one to answer again
    elif state.queue is None:
        state.queue, state.return_to = steps[1:], state.step
    else:
        state.queue = [*steps[1:], state.step, *state.queue]
    state.mode, state.step, state.fill = Mode.ASKING, steps[0], None


def _label(name: str, flow: Flow) -> str:
    """The Swedish name of a field as the summary shows it."""
    for step in flow.steps:
        if step.top == name:
            return FIELD_LABELS.get(name) or step.spec.label
    return FIELD_LABELS.get(name, name)


def answer_again(labels: list[str]) -> str:
    """The notice naming the answers to give again: ``”a”, ”b” och ”c”``."""
    quoted = [f"”{label}”" for label in labels]
    joined = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " och " + quoted[-1]
    return ANSWER_AGAIN.format(fields=joined)
