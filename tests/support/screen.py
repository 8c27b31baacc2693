"""Reading a question off the screen, as a person does: the console's printed text or a
Telegram message. The field is found by the question's own words in the flow, so a
scripted applicant never looks into the stored draft."""

from __future__ import annotations

import re
from typing import Any

from dialogs.asking import YES_NO
from dialogs.flow import Flow, enum_options
from dialogs.replies import Ask, InputKind, Option
from dialogs.state import Special
from dialogs.texts import CONFIRM_QUESTION, CONTINUE_QUESTION, RESTART_QUESTION, SAVE_QUESTION
from knowledge.criteria import load_funds

RESUME_START = "Du har ett påbörjat utkast"
# "Samverkanspart 2: Vad heter …?" or, once the row has a name, "Samverkanspart 2 – Röda korset: …".
ITEM = re.compile(r"^(?P<name>[^\n]+?) (?P<number>\d+)(?: – [^\n]+?)?: (?P<question>[^\n]+)$", re.M)


class ScreenReader:
    """Finds the last question in a text and what kind of answer it wants.

    Args:
        flow: The dialog flow whose questions are looked for.
    """

    def __init__(self, flow: Flow) -> None:
        self.flow = flow
        funds = load_funds()
        self.fund_options = tuple(Option(fid, p.name) for fid, p in funds.items())

    def last_ask(self, text: str) -> Ask | None:
        """The last question in ``text`` (None when there is none)."""
        found: list[tuple[int, Ask]] = []
        for special, words in (
            (Special.CONFIRM_SUBMIT, CONFIRM_QUESTION[:40]),
            (Special.CONFIRM_SUBMIT, SAVE_QUESTION[:40]),
            (Special.CONFIRM_CONTINUE, CONTINUE_QUESTION[:40]),
            (Special.CONFIRM_RESUME, RESUME_START),
            (Special.CONFIRM_RESTART, RESTART_QUESTION[:40]),
        ):
            at = text.rfind(words)
            if at >= 0:
                found.append((at, Ask(special, words, InputKind.CONFIRM, YES_NO)))
        for step in self.flow.steps:
            at = text.rfind("\n" + step.spec.question)
            if at >= 0:
                found.append(
                    (at, Ask(step.field, step.spec.question, step.input, self._options(step)))
                )
            for item in step.spec.item or []:
                for match in ITEM.finditer(text):
                    if match["question"] == item.question:
                        index = int(match["number"]) - 1
                        field = f"{step.top}[{index}].{item.field}"
                        options = enum_options(item.options) if item.options else ()
                        found.append(
                            (match.start(), Ask(field, item.question, item.input, options))
                        )
        if not found:
            return None
        return max(found, key=lambda pair: pair[0])[1]

    def _options(self, step: Any) -> tuple[Option, ...]:
        if step.spec.options == "funds":
            return self.fund_options
        if step.spec.options:
            return enum_options(step.spec.options)
        if step.input == InputKind.BOOL:
            return YES_NO + ((Option(None, "Inte ännu"),) if step.spec.nullable else ())
        return ()
