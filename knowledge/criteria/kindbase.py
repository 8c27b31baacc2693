"""What every rule kind shares: the outcome it decides, what it may look at, the base
class and the helpers that read its parameters (see :mod:`knowledge.criteria.kinds`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from knowledge.criteria.conditions import Facts, Path, SchemaError, parse_path
from knowledge.criteria.findings import Status


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a kind decided: the status, the message key and values for the message."""

    status: Status
    key: str
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class EvalContext:
    """What a kind may look at besides the answers."""

    facts: Facts
    today: dt.date
    next_deadline: Callable[[dt.date], dt.date | None]


class Kind:
    """Base of the rule kinds.

    Subclasses set ``name``, ``messages`` (keys that must exist), ``sample`` (the
    extra template values used to test-render every message at load), implement
    ``parse`` (params → compiled params, registering read fields) and ``check``.
    """

    name: ClassVar[str]
    messages: ClassVar[tuple[str, ...]]
    sample: ClassVar[dict[str, Any]] = {}
    params: ClassVar[dict[str, bool]] = {}  # parameter name → required

    def parse(self, params: dict[str, Any], reads: set[str]) -> Any:
        """Checks the parameters; returns the compiled form."""
        raise NotImplementedError

    def check(self, compiled: Any, ctx: EvalContext) -> Outcome:
        """Evaluates the rule."""
        raise NotImplementedError

    def screens(self, compiled: Any) -> frozenset[str]:
        """The top-level answer fields whose values can make the rule fail (for a kind
        that checks sums, disagree): the questions that can rule an idea out. The dialog
        asks them first (the quick check). None for kinds that never fail."""
        return frozenset()

    def validate_names(self, params: dict[str, Any]) -> None:
        """Rejects unknown and missing parameter names."""
        for name in params:
            if name not in self.params:
                known = ", ".join(self.params) or "inga"
                raise SchemaError(f"params.{name}", f"okänd parameter (tillåtna: {known})")
        for name, required in self.params.items():
            if required and name not in params:
                raise SchemaError(f"params.{name}", "parametern saknas")


def path_param(params: dict[str, Any], name: str, reads: set[str]) -> Path:
    """The answer path of parameter ``name``; its fields are added to ``reads``."""
    path = parse_path(params[name], f"params.{name}")
    reads.update(path.reads())
    return path


def paths_param(params: dict[str, Any], name: str, reads: set[str]) -> list[Path]:
    """The list of answer paths of parameter ``name`` (empty when absent)."""
    value = params.get(name, [])
    if not isinstance(value, list):
        raise SchemaError(f"params.{name}", "en lista av fältsökvägar väntades")
    paths = [parse_path(item, f"params.{name}[{i}]") for i, item in enumerate(value)]
    for path in paths:
        reads.update(path.reads())
    return paths


def values_param(params: dict[str, Any], name: str) -> set[Any] | None:
    """The set of values of parameter ``name`` (None when absent)."""
    if name not in params:
        return None
    value = params[name]
    if not isinstance(value, list) or not value:
        raise SchemaError(f"params.{name}", "en icke-tom lista av värden väntades")
    return {v if isinstance(v, bool) else str(v) for v in value}


def number_param(params: dict[str, Any], name: str) -> float | None:
    """The number of parameter ``name`` (None when absent)."""
    value = params.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise SchemaError(f"params.{name}", "ett tal väntades")
    return value


def reads_of(*paths: Path) -> frozenset[str]:
    """The top-level answer fields some paths read (derived values as their sources)."""
    return frozenset(field for path in paths for field in path.reads())
