"""The order of the questions for one dialog: the quick check first, then the rest.

The quick check asks the questions that can rule an idea out, derived from the fund's
rules rather than written per fund: every step whose field can make one of the fund's
rules fail, or that a ``sum`` rule compares (``knowledge.criteria.screening_fields``:
who applies, partners, target group, kind of intervention, evidence, existing activity,
period, budget, requested amount and co-financing, and whatever else a fund's fail
rules read, e.g. Blekinge's endorsement or Sundsvall's cost reductions). They come in
the flow's order; after them the preliminary verdict, then every other step in the
flow's order. The fund question, when asked, is first.

Question numbers are fixed for the whole dialog: every step the fund may ask is
numbered, conditions aside, so the total never jumps when an answer makes a follow-up
question apply (a step whose condition does not hold leaves its number unused).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from dialogs.flow import FUNDS_OPTIONS, Flow, Step
from dialogs.replies import Progress
from dialogs.state import DialogContext, DialogState
from knowledge.criteria import screening_fields

QUICK_SECTION = "Snabbkollen"
_FUND, _QUICK, _REST = 0, 1, 2


@dataclass(frozen=True)
class Plan:
    """The questions of one dialog in the order they are asked.

    Attributes:
        steps: The steps asked now (their conditions hold), in dialog order.
        quick: The fields of the quick check's steps.
        numbers: The question number of each step the fund may ask.
        total: How many numbers there are.
    """

    steps: tuple[Step, ...]
    quick: frozenset[str]
    numbers: Mapping[str, int]
    total: int

    def __iter__(self) -> Iterator[Step]:
        return iter(self.steps)

    def __len__(self) -> int:
        return len(self.steps)

    def key(self, step: Step) -> tuple[int, int]:
        """Where a step sorts in the dialog (also a step that does not apply now)."""
        if step.spec.options == FUNDS_OPTIONS:
            return _FUND, step.index
        return (_QUICK if step.field in self.quick else _REST), step.index

    def is_quick(self, step: Step) -> bool:
        """Whether the step belongs to the quick check."""
        return step.field in self.quick

    def quick_steps(self) -> list[Step]:
        """The quick check's steps asked now, in order."""
        return [s for s in self.steps if s.field in self.quick]

    def after(self, step: Step | None) -> list[Step]:
        """The steps that come after ``step`` (all of them for None)."""
        if step is None:
            return list(self.steps)
        key = self.key(step)
        return [s for s in self.steps if self.key(s) > key]

    def before(self, step: Step) -> list[Step]:
        """The steps that come before ``step``, nearest last."""
        key = self.key(step)
        return [s for s in self.steps if self.key(s) < key]

    def number(self, step: Step) -> int:
        """The question number of a step (1 for one outside the plan)."""
        return self.numbers.get(step.field, 1)

    def section(self, step: Step) -> str:
        """The section a step is shown in: the quick check, or its section in the flow."""
        return QUICK_SECTION if step.field in self.quick else step.section

    def progress(self, step: Step) -> Progress:
        """Where ``step`` is: its number, the total and its section."""
        return Progress(self.number(step), self.total, self.section(step))

    def by_number(self, number: int) -> Step | None:
        """The step asked now with this question number."""
        return next((s for s in self.steps if self.numbers.get(s.field) == number), None)


def _screened(state: DialogState, ctx: DialogContext) -> frozenset[str]:
    profile = ctx.profile(state.fund)
    return screening_fields(profile) if profile is not None else frozenset()


def plan_of(state: DialogState, ctx: DialogContext) -> Plan:
    """The plan of questions for the state's fund and answers.

    The fund question is part of it only when this dialog asked it; its own condition
    ("asked while no fund is chosen") is what keeps it out of a dialog that starts
    with a configured fund.
    """
    fund, answers = state.fund, state.answers
    fund_step = any(
        s.spec.options == FUNDS_OPTIONS and (state.fund_asked or s.applies(fund, answers))
        for s in ctx.flow.steps
    )
    ordered, quick, numbers = _order(ctx.flow, fund, fund_step, _screened(state, ctx))
    active = tuple(
        s
        for s in ordered
        if s.spec.options == FUNDS_OPTIONS or s.condition is None or s.applies(fund, answers)
    )
    return Plan(active, quick, numbers, len(ordered))


def _asked_for(step: Step, fund: str | None, fund_step: bool) -> bool:
    """Whether the fund may ask a step (its condition aside)."""
    if step.spec.options == FUNDS_OPTIONS:
        return fund_step
    return step.spec.funds is None or fund in step.spec.funds


@lru_cache(maxsize=64)
def _order(
    flow: Flow, fund: str | None, fund_step: bool, screened: frozenset[str]
) -> tuple[tuple[Step, ...], frozenset[str], Mapping[str, int]]:
    """The fund's steps in dialog order, the quick check's fields and the numbers.

    It depends only on the flow, the fund and the fund's rules, so it is worked out
    once: a dialog step asks for the plan several times.
    """
    candidates = [s for s in flow.steps if _asked_for(s, fund, fund_step)]
    quick = frozenset(
        s.field for s in candidates if s.top in screened and s.spec.options != FUNDS_OPTIONS
    )
    ordered = tuple(sorted(candidates, key=Plan((), quick, {}, 0).key))
    return ordered, quick, MappingProxyType({s.field: n for n, s in enumerate(ordered, 1)})
