"""Answer paths and conditions: the small data language the rule kinds share.

A *path* names a value in the answers or a derived value:
``target_groups``, ``applicant.org_type``, ``partners[].name``,
``partners[org_type!=region].name``, ``cofinancing_share``. Lists are walked
automatically; ``[key=value]`` / ``[key!=value]`` filter list items.

A *condition* is a mapping (written in YAML by staff), one of::

    {always: true}
    {field: PATH, in: [v, ...]}          # some value of PATH is in the set
    {field: PATH, empty: true|false}     # PATH is empty (criteria.md's meaning)
    {field: PATH, gt|ge|lt|le: NUMBER}   # a number compared (false when missing)
    {field: PATH, within: PATH2}         # every value of PATH is among PATH2's values
    {field: PATH, matches_any: PATH2}    # some name of PATH is a name of PATH2 (same_name)
    {all: [COND, ...]} / {any: [COND, ...]} / {not: COND}

Names are compared loosely (:func:`same_name`): case, accents, spacing and
punctuation aside, "kommun"/"kommuns"/"kommunen" alike, and a unit written
after its organisation ("Sundsvalls kommun, Arbetslivsförvaltningen") is that
unit: it matches "Arbetslivsförvaltningen", but not "Sundsvalls kommun" and
not another kommun's unit of the same name.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from knowledge.answers import Answers

# Derived values and the answer fields each is computed from (for rules_reading).
DERIVED_SOURCES: dict[str, tuple[str, ...]] = {
    "total_cost": ("budget",),
    "cofinancing_total": ("cofinancing",),
    "cofinancing_share": ("budget", "cofinancing"),
    "organisation_count": ("applicant", "partners"),
    "period_months": ("start_date", "end_date"),
}

_SEGMENT = re.compile(r"^([a-z_][a-z0-9_]*)(?:\[(?:([a-z_][a-z0-9_]*)(!=|=)([^\]]+))?\])?$")


class SchemaError(ValueError):
    """A problem in rule data; ``where`` is the field path inside the rule."""

    def __init__(self, where: str, reason: str) -> None:
        self.where = where
        self.reason = reason
        super().__init__(f"{where}: {reason}")


# Inflected forms of the words that head an organisation's name, and definite forms of
# the words that end a unit's name, compared in their base form.
_NAME_FORMS = {
    "kommuns": "kommun",
    "kommunen": "kommun",
    "kommunens": "kommun",
    "regionens": "region",
    "regionen": "region",
    "landstingets": "landsting",
    "landstinget": "landsting",
}
_DEFINITE = (
    ("forvaltningen", "forvaltning"),
    ("namnden", "namnd"),
    ("enheten", "enhet"),
    ("avdelningen", "avdelning"),
    ("kontoret", "kontor"),
    ("verksamheten", "verksamhet"),
)
_HEADS = frozenset({"kommun", "region", "landsting", "stad"})
_GENITIVE_HEADS = frozenset({"kommuns", "kommunens", "regionens", "landstingets"})


def _name_words(text: str) -> list[str]:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    result = []
    for word in re.findall(r"[^\W_]+", plain):
        for definite, base in _DEFINITE:
            if word.endswith(definite):
                word = word[: -len(definite)] + base
        result.append(word)
    return result


def _base(words: list[str]) -> str:
    return " ".join(_NAME_FORMS.get(w, w) for w in words)


def fold_name(name: str) -> str:
    """A name for comparison: case, accents, punctuation and inflection of "kommun" aside."""
    return _base(_name_words(name))


def name_parts(name: str) -> tuple[str | None, str]:
    """(organisation, unit) of a name: ``Sundsvalls kommun, Arbetslivsförvaltningen`` →
    (``sundsvalls kommun``, ``arbetslivsforvaltning``); a plain name has no organisation.

    The organisation is the part with "kommun", "region", "landsting" or "stad"
    (else the first); the unit is the last other part. ``Sundsvalls kommuns
    arbetslivsförvaltning`` is read the same way.
    """
    parts = [_name_words(p) for p in name.split(",")]
    parts = [p for p in parts if p]
    if len(parts) >= 2:
        heads = [i for i, p in enumerate(parts) if _HEADS & {_NAME_FORMS.get(w, w) for w in p}]
        head = heads[0] if heads else 0
        unit = next(p for i, p in reversed(list(enumerate(parts))) if i != head)
        return _base(parts[head]), _base(unit)
    words = parts[0] if parts else []
    for at, word in enumerate(words[:-1]):
        if word in _GENITIVE_HEADS:
            return _base(words[: at + 1]), _base(words[at + 1 :])
    return None, _base(words)


def same_name(first: str, second: str) -> bool:
    """Whether two names name the same organisation or unit (see the module docstring)."""
    if fold_name(first) == fold_name(second):
        return True
    (org_a, unit_a), (org_b, unit_b) = name_parts(first), name_parts(second)
    return bool(unit_a) and unit_a == unit_b and (org_a is None or org_b is None or org_a == org_b)


def is_empty(value: Any, *, list_ok: bool = False) -> bool:
    """criteria.md's "empty": absent, blank text, or an empty list unless that is an answer."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple):
        return not value and not list_ok
    return False


@dataclass(frozen=True, slots=True)
class Segment:
    """One step of a path."""

    name: str
    filter_key: str | None = None
    negate: bool = False
    filter_value: str | None = None


@dataclass(frozen=True, slots=True)
class Path:
    """A parsed answer path."""

    text: str
    segments: tuple[Segment, ...]

    @property
    def root(self) -> str:
        """The top-level name (an answer field or a derived value)."""
        return self.segments[0].name

    def reads(self) -> tuple[str, ...]:
        """The top-level answer fields this path reads."""
        return DERIVED_SOURCES.get(self.root, (self.root,))


def parse_path(text: Any, where: str) -> Path:
    """Parses and checks a path against the answer model.

    Raises:
        SchemaError: for a malformed path or an unknown field.
    """
    if not isinstance(text, str) or not text.strip():
        raise SchemaError(where, "en fältsökväg (text) väntades")
    segments = []
    model: Any = Answers
    for index, part in enumerate(text.strip().split(".")):
        match = _SEGMENT.match(part)
        if not match:
            raise SchemaError(where, f'ogiltig fältsökväg "{text}"')
        name, key, op, value = match.groups()
        if index == 0 and name in DERIVED_SOURCES:
            model = None
        elif model is None or name not in model.model_fields:
            raise SchemaError(where, f'okänt fält "{name}" i "{text}" (se answers.md)')
        else:
            model = _inner_model(model.model_fields[name].annotation)
        segments.append(Segment(name, key, op == "!=", value))
    return Path(text.strip(), tuple(segments))


def _inner_model(annotation: Any) -> Any:
    """The pydantic model inside ``Optional[list[Annotated[Model, ...]]]`` or None."""
    stack = [annotation]
    while stack:
        current = stack.pop()
        if isinstance(current, type) and issubclass(current, BaseModel):
            return current
        stack.extend(getattr(current, "__args__", ()) or ())
        origin = getattr(current, "__origin__", None)
        if origin is not None and origin is not current:
            stack.append(origin)
    return None


class Facts:
    """The answers plus derived values, as the rules see them."""

    __slots__ = ("answers", "derived")

    def __init__(self, answers: Answers, derived: Mapping[str, Any]) -> None:
        self.answers = answers
        self.derived = derived

    def raw(self, name: str) -> Any:
        """A top-level value (derived or answered) as it is."""
        if name in self.derived:
            return self.derived[name]
        return getattr(self.answers, name)

    def values(self, path: Path) -> list[Any]:
        """Every non-blank value the path reaches, lists flattened."""
        items: list[Any] = [None]
        for index, seg in enumerate(path.segments):
            found: list[Any] = []
            for item in items:
                value = self.raw(seg.name) if index == 0 else getattr(item, seg.name, None)
                for element in value if isinstance(value, list) else [value]:
                    if is_empty(element, list_ok=True):
                        continue
                    if seg.filter_key is not None:
                        field_value = getattr(element, seg.filter_key, None)
                        same = field_value is not None and str(field_value) == seg.filter_value
                        if same == seg.negate:
                            continue
                    found.append(element)
            items = found
        return items

    def first(self, path: Path) -> Any:
        """The first value of a path, or None."""
        found = self.values(path)
        return found[0] if found else None

    def empty(self, path: Path, *, list_ok: bool = False) -> bool:
        """Whether the path is empty in criteria.md's sense."""
        if len(path.segments) == 1 and path.segments[0].filter_key is None:
            return is_empty(self.raw(path.root), list_ok=list_ok)
        return not self.values(path)


Condition = Callable[[Facts], bool]

_COMPARE = {"gt": operator.gt, "ge": operator.ge, "lt": operator.lt, "le": operator.le}
_TESTS = ("in", "empty", "within", "matches_any", *_COMPARE)


def parse_condition(data: Any, where: str, reads: set[str]) -> Condition:
    """Compiles a condition mapping; adds the fields it reads to ``reads``.

    Raises:
        SchemaError: naming the place inside the rule.
    """
    if not isinstance(data, Mapping):
        raise SchemaError(where, "ett villkor (mappning) väntades")
    keys = set(data)
    if keys == {"always"}:
        if data["always"] is not True:
            raise SchemaError(f"{where}.always", "endast true är tillåtet")
        return lambda facts: True
    for combinator in ("all", "any"):
        if keys == {combinator}:
            items = data[combinator]
            if not isinstance(items, list) or not items:
                raise SchemaError(f"{where}.{combinator}", "en icke-tom lista av villkor väntades")
            parts = [
                parse_condition(item, f"{where}.{combinator}[{i}]", reads)
                for i, item in enumerate(items)
            ]
            if combinator == "all":
                return lambda facts: all(part(facts) for part in parts)
            return lambda facts: any(part(facts) for part in parts)
    if keys == {"not"}:
        inner = parse_condition(data["not"], f"{where}.not", reads)
        return lambda facts: not inner(facts)
    tests = keys - {"field"}
    if "field" not in keys or len(tests) != 1 or not tests <= set(_TESTS):
        raise SchemaError(
            where,
            "villkoret ska ha formen {field: …, <test>: …} med ett test av "
            + ", ".join(_TESTS)
            + ", eller all/any/not/always",
        )
    test = tests.pop()
    path = parse_path(data["field"], f"{where}.field")
    reads.update(path.reads())
    arg = data[test]
    at = f"{where}.{test}"
    if test == "in":
        if not isinstance(arg, list) or not arg:
            raise SchemaError(at, "en icke-tom lista av värden väntades")
        allowed = {str(v) if not isinstance(v, bool) else v for v in arg}
        return lambda facts: any(_key(v) in allowed for v in facts.values(path))
    if test == "empty":
        if not isinstance(arg, bool):
            raise SchemaError(at, "true eller false väntades")
        return lambda facts: facts.empty(path) == arg
    if test in _COMPARE:
        if isinstance(arg, bool) or not isinstance(arg, int | float):
            raise SchemaError(at, "ett tal väntades")
        compare = _COMPARE[test]
        return lambda facts: (
            _number(facts.first(path)) is not None and compare(_number(facts.first(path)), arg)
        )
    other = parse_path(arg, at)
    reads.update(other.reads())
    if test == "within":
        return lambda facts: (
            {_key(v) for v in facts.values(path)} <= {_key(v) for v in facts.values(other)}
        )
    return lambda facts: any(
        same_name(str(a), str(b)) for a in facts.values(path) for b in facts.values(other)
    )


def _key(value: Any) -> Any:
    return value if isinstance(value, bool) else str(value)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value
