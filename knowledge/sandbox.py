"""The Jinja sandbox for text staff edit (fund messages, FAQ answers), with a budget.

Jinja's own sandbox keeps a template from reaching Python's internals, but not from
running for hours: nested loops over ``range(100000)``, ``{{ 2 ** (10 ** 10) }}`` or
``{{ 'x' * 10 ** 9 }}`` hung a start-up, ``idebot kb validate`` and a staff edit, and
``{{ 100 // (x - 151) }}`` passed the load and failed when a person answered 151.

So a staff template is checked when it is loaded (:func:`check_budget`): loops nest at
most :data:`MAX_LOOP_DEPTH` deep, a power's exponent is a small constant, and a division
or remainder divides by a non-zero constant (a message that divides by an answer could
divide by zero). When it renders, ``range`` stops at :data:`MAX_RANGE`, a repeated
string or list stays under :data:`MAX_OUTPUT`, and a power stays small. Every check
names what it found, in Swedish, for the staff member who wrote it.
"""

from __future__ import annotations

import operator
import re
from typing import Any

from jinja2 import nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

MAX_LOOP_DEPTH = 2
MAX_RANGE = 1_000
MAX_EXPONENT = 64
MAX_OUTPUT = 20_000


class BudgetError(ValueError):
    """A template that could run too long or fail for some answers; the text says why."""


class BudgetSandbox(SandboxedEnvironment):
    """A :class:`SandboxedEnvironment` that keeps every render small and quick."""

    intercepted_binops = frozenset({"**", "*"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals["range"] = _small_range

    def call_binop(self, context: Any, operator_name: str, left: Any, right: Any) -> Any:
        """``**`` with a small exponent only; ``*`` never builds a huge text or list."""
        if operator_name == "**":
            if not isinstance(right, int | float) or abs(right) > MAX_EXPONENT:
                raise SecurityError(f"potensen är för stor (högst {MAX_EXPONENT})")
            return operator.pow(left, right)
        if isinstance(left, str | list | tuple) or isinstance(right, str | list | tuple):
            count = right if isinstance(left, str | list | tuple) else left
            size = len(left) if isinstance(left, str | list | tuple) else len(right)
            if isinstance(count, int) and count * size > MAX_OUTPUT:
                raise SecurityError(f"texten blir för lång (högst {MAX_OUTPUT} tecken)")
        return operator.mul(left, right)


def _small_range(*args: int) -> range:
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise SecurityError(f"range ger för många steg (högst {MAX_RANGE})")
    return numbers


def check_budget(env: SandboxedEnvironment, source: str) -> None:
    """Refuses a template that could run too long or fail for some answers.

    Raises:
        BudgetError: naming what was found (nested loops, a large or variable power, a
            division by something that is not a non-zero constant).
        jinja2.TemplateSyntaxError: for a template that does not parse.
    """
    tree = env.parse(source)
    _check_loops(tree, 0)
    for node in tree.find_all(nodes.Pow):
        exponent = node.right
        if not isinstance(exponent, nodes.Const) or not _small(exponent.value):
            raise BudgetError(
                f"en potens (**) får bara ha en liten konstant exponent (högst {MAX_EXPONENT})"
            )
    for kind in (nodes.Div, nodes.FloorDiv, nodes.Mod):
        for node in tree.find_all(kind):
            divisor = node.right
            if not isinstance(divisor, nodes.Const) or divisor.value in (0, 0.0):
                raise BudgetError(
                    "division (/, //, %) bara med en konstant som inte är noll: "
                    "ett svar kan vara noll"
                )


def _check_loops(node: nodes.Node, depth: int) -> None:
    for child in node.iter_child_nodes():
        inner = depth + 1 if isinstance(child, nodes.For) else depth
        if inner > MAX_LOOP_DEPTH:
            raise BudgetError(f"slingor (for) får vara högst {MAX_LOOP_DEPTH} i varandra")
        _check_loops(child, inner)


def _small(value: Any) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and abs(value) <= MAX_EXPONENT
    )


def bounded(text: str) -> str:
    """A rendered text, refused when a loop made it longer than :data:`MAX_OUTPUT`.

    Raises:
        SecurityError: for a text that is too long.
    """
    if len(text) > MAX_OUTPUT:
        raise SecurityError(f"texten blir för lång (högst {MAX_OUTPUT} tecken)")
    return text


# Jinja's English messages a staff member meets most, in Swedish (the name kept).
_JINJA_MESSAGES = (
    (re.compile(r"No filter named '([^']+)'"), "okänt filter ”{}”"),
    (re.compile(r"No test named '([^']+)'"), "okänt test ”{}”"),
    (re.compile(r"'([^']+)' is undefined"), "okänd platshållare ”{}”"),
    (re.compile(r"has no attribute '([^']+)'"), "okänt fält ”{}”"),
    (
        re.compile(r"end of template.*block that needs to be closed is '([^']+)'", re.I | re.S),
        "mallen tar slut innan {{% {0} %}} har stängts med {{% end{0} %}}",
    ),
    (re.compile(r"unexpected end of template", re.I), "mallen tar slut mitt i en {{% … %}}-sats"),
    (re.compile(r"expected name or number"), "ett namn eller ett tal väntades i platshållaren"),
    (
        re.compile(r"expected token 'end of print statement', got '([^']+)'"),
        "”}}}}” väntades före ”{}”",
    ),
    (re.compile(r"unexpected '([^']+)'"), "oväntat ”{}”"),
    (re.compile(r"Encountered unknown tag '([^']+)'"), "okänd sats ”{}”"),
)


def jinja_reason(problem: Exception) -> str:
    """A Jinja error in Swedish for the staff member who wrote the template: the common
    messages translated with the name they quote, anything else as Jinja said it."""
    detail = str(getattr(problem, "message", None) or problem)
    for pattern, swedish in _JINJA_MESSAGES:
        found = pattern.search(detail)
        if found:
            return swedish.format(*found.groups())
    return detail
