"""The rule kinds: a small set of parameterised checks that every fund's rules use.

A rule in a fund file names one kind and gives its parameters; the kind
decides the status and which message applies, and hands the message template
the values it computed (the share and the missing kronor, the latest allowed
end date, the organisations that must take part, the missing items …).

| kind | checks |
| --- | --- |
| ``required`` | fields (or named items of fields) are not empty |
| ``choice`` | a value (or any value of a list) is in a set |
| ``threshold`` | a number (answer or derived) lies within ``min``..``max`` |
| ``period`` | the period from start to end is at most ``max_years`` |
| ``share`` | a part is at least ``min`` of a whole (e.g. co-financing) |
| ``sum`` | parts add up to a total (requested amount + co-financing = total cost) |
| ``membership`` | every name of one list is one of the member names (``same_name``) |
| ``condition`` | free conditions for fail and unknown |
| ``advice`` | gives advice when a condition holds, else pass |
| ``deadline`` | advice with the fund's next application deadline |

Any rule may also have ``exempt_when`` (a condition): then it passes with its
``exempt`` message, e.g. Sundsvall's exemption from repayment.

Each kind also says which fields can make it fail (:meth:`Kind.screens`): the
dialog's quick check asks those first. ``share`` and ``sum`` live in
:mod:`knowledge.criteria.sums`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from knowledge.answers import FIELD_LABELS
from knowledge.criteria.conditions import Condition, Path, SchemaError, parse_condition, same_name
from knowledge.criteria.derived import latest_end, months_between
from knowledge.criteria.findings import Status
from knowledge.criteria.kindbase import (
    EvalContext,
    Kind,
    Outcome,
    number_param,
    path_param,
    paths_param,
    reads_of,
    values_param,
)
from knowledge.criteria.messages import join_sv, value_label
from knowledge.criteria.sums import Share, Sum

__all__ = ["KINDS", "EvalContext", "Kind", "Outcome"]


class Required(Kind):
    """Unknown while any item is empty. Items default to one per ``fields`` entry."""

    name = "required"
    messages = ("pass", "unknown")
    params: ClassVar = {"items": False, "fields": False, "empty_list_ok": False}
    sample: ClassVar = {
        "missing": ["Namn på investeringen"],
        "missing_text": "Namn på investeringen",
    }

    def parse(self, params: dict[str, Any], reads: set[str]) -> Any:
        list_ok = {p.text for p in paths_param(params, "empty_list_ok", reads)}
        items: list[tuple[str, list[Path], bool]] = []
        raw_items = params.get("items") or []
        if not isinstance(raw_items, list):
            raise SchemaError("params.items", "en lista av punkter väntades")
        for i, item in enumerate(raw_items):
            where = f"params.items[{i}]"
            if not isinstance(item, dict) or not isinstance(item.get("name"), str):
                raise SchemaError(where, "{name: …, all_of: […]} eller {name: …, any_of: […]}")
            mode = "any_of" if "any_of" in item else "all_of"
            extra = set(item) - {"name", mode}
            if extra or mode not in item:
                raise SchemaError(where, "{name: …, all_of: […]} eller {name: …, any_of: […]}")
            paths = paths_param({f"items[{i}].{mode}": item[mode]}, f"items[{i}].{mode}", reads)
            if not paths:
                raise SchemaError(f"{where}.{mode}", "minst ett fält väntades")
            items.append((item["name"], paths, mode == "any_of"))
        for path in paths_param(params, "fields", reads):
            items.append((FIELD_LABELS.get(path.text, path.text), [path], False))
        if not items:
            raise SchemaError("params", "ange items eller fields")
        return items, list_ok

    def check(self, compiled: Any, ctx: EvalContext) -> Outcome:
        items, list_ok = compiled
        missing = []
        for name, paths, any_of in items:
            empties = [ctx.facts.empty(p, list_ok=p.text in list_ok) for p in paths]
            if all(empties) if any_of else any(empties):
                missing.append(name)
        values = {"missing": missing, "missing_text": join_sv(missing)}
        return Outcome(
            Status.UNKNOWN if missing else Status.PASS, "unknown" if missing else "pass", values
        )


class Choice(Kind):
    """A value (or any value of a list) in a set: ``pass_in``, ``fail_in``, ``unknown_in``."""

    name = "choice"
    messages = ("pass", "fail", "unknown")
    params: ClassVar = {"field": True, "pass_in": False, "fail_in": False, "unknown_in": False}
    sample: ClassVar = {"value": "kommun", "value_label": "Kommun/kommunal förvaltning"}

    def parse(self, params: dict[str, Any], reads: set[str]) -> Any:
        sets = {name: values_param(params, name) for name in ("pass_in", "fail_in", "unknown_in")}
        if not any(sets.values()):
            raise SchemaError("params", "ange minst en av pass_in, fail_in, unknown_in")
        return path_param(params, "field", reads), sets

    def screens(self, compiled: Any) -> frozenset[str]:
        return reads_of(compiled[0])

    def check(self, compiled: Any, ctx: EvalContext) -> Outcome:
        path, sets = compiled
        found = ctx.facts.values(path)
        keys = {v if isinstance(v, bool) else str(v) for v in found}
        values = {
            "value": found[0] if len(found) == 1 else found,
            "value_label": value_label(found),
        }
        if not found or (sets["unknown_in"] and keys & sets["unknown_in"]):
            return Outcome(Status.UNKNOWN, "unknown", values)
        if sets["fail_in"] and keys & sets["fail_in"]:
            return Outcome(Status.FAIL, "fail", values)
        if sets["pass_in"] is not None and not keys & sets["pass_in"]:
            return Outcome(Status.FAIL, "fail", values)
        return Outcome(Status.PASS, "pass", values)


class Threshold(Kind):
    """A number within ``min``..``max`` (inclusive); unknown when it or ``requires`` is empty."""

    name = "threshold"
    messages = ("pass", "fail", "unknown")
    params: ClassVar = {"value": True, "min": False, "max": False, "requires": False}
    sample: ClassVar = {"value": 2, "min": 1, "max": 10}

    def parse(self, params: dict[str, Any], reads: set[str]) -> Any:
        low, high = number_param(params, "min"), number_param(params, "max")
        if low is None and high is None:
            raise SchemaError("params", "ange min eller max")
        return path_param(params, "value", reads), low, high, paths_param(params, "requires", reads)

    def screens(self, compiled: Any) -> frozenset[str]:
        return reads_of(compiled[0])

    def check(self, compiled: Any, ctx: EvalContext) -> Outcome:
        path, low, high, requires = compiled
        value = ctx.facts.first(path)
        values = {"value": value, "min": low, "max": high}
        numeric = isinstance(value, int | float) and not isinstance(value, bool)
        if numeric and ((low is not None and value < low) or (high is not None and value > high)):
            return Outcome(Status.FAIL, "fail", values)
        if value is None or any(ctx.facts.empty(p) for p in requires):
            return Outcome(Status.UNKNOWN, "unknown", values)
        return Outcome(Status.PASS, "pass", values)


class Period(Kind):
    """The period from ``start`` to ``end`` ends at the latest the day before the anniversary."""

    name = "period"
    messages = ("pass", "fail", "unknown", "unknown_order")
    params: ClassVar = {"start": True, "end": True, "max_years": True}
    sample: ClassVar = {
        "start": dt.date(2027, 1, 1),
        "end": dt.date(2030, 6, 30),
        "latest_end": dt.date(2029, 12, 31),
        "max_years": 3,
        "months": 42,
    }

    def parse(self, params: dict[str, Any], reads: set[str]) -> Any:
        years = params["max_years"]
        if isinstance(years, bool) or not isinstance(years, int) or years < 1:
            raise SchemaError("params.max_years", "ett positivt heltal väntades")
        return path_param(params, "start", reads), path_param(params, "end", reads), years

    def screens(self, compiled: Any) -> frozenset[str]:
        return reads_of(compiled[0], compiled[1])

    def check(self, compiled: Any, ctx: EvalContext) -> Outcome:
        start_path, end_path, years = compiled
        start, end = ctx.facts.first(start_path), ctx.facts.first(end_path)
        values: dict[str, Any] = {"start": start, "end": end, "max_years": years}
        if not isinstance(start, dt.date) or not isinstance(end, dt.date):
            return Outcome(Status.UNKNOWN, "unknown", values)
        values["latest_end"] = latest_end(start, years)
        values["months"] = months_between(start, end)
        if end < start:
            return Outcome(Status.UNKNOWN, "unknown_order", values)
        if end > values["latest_end"]:
            return Outcome(Status.FAIL, "fail", values)
        return Outcome(Status.PASS, "pass", values)


class Membership(Kind):
    """Every name of ``names`` is one of ``members`` (compared by ``same_name``)."""

    name = "membership"
    messages = ("pass", "fail")
    params: ClassVar = {"names": True, "members": True}
    sample: ClassVar = {
        "outsiders": ["Barn- och utbildningsförvaltningen"],
        "outsiders_text": "Barn- och utbildningsförvaltningen",
        "members": ["Socialförvaltningen"],
        "members_text": "Socialförvaltningen",
    }

    def parse(self, params: dict[str, Any], reads: set[str]) -> Any:
        members = paths_param(params, "members", reads)
        if not members:
            raise SchemaError("params.members", "minst en fältsökväg väntades")
        return path_param(params, "names", reads), members

    def screens(self, compiled: Any) -> frozenset[str]:
        return reads_of(compiled[0], *compiled[1])

    def check(self, compiled: Any, ctx: EvalContext) -> Outcome:
        names_path, member_paths = compiled
        members: list[str] = []
        for path in member_paths:
            members.extend(str(v) for v in ctx.facts.values(path))
        outsiders: list[str] = []
        for name in ctx.facts.values(names_path):
            text = " ".join(str(name).split())
            if not any(same_name(text, m) for m in members) and text not in outsiders:
                outsiders.append(text)
        values = {
            "outsiders": outsiders,
            "outsiders_text": join_sv(outsiders),
            "members": members,
            "members_text": join_sv(members),
        }
        return Outcome(
            Status.FAIL if outsiders else Status.PASS, "fail" if outsiders else "pass", values
        )


class ConditionKind(Kind):
    """Unknown while ``requires`` is empty; then ``fail_when``, then ``unknown_when``."""

    name = "condition"
    messages = ("pass", "fail", "unknown")
    params: ClassVar = {"requires": False, "fail_when": False, "unknown_when": False}

    def parse(self, params: dict[str, Any], reads: set[str]) -> Any:
        if "fail_when" not in params and "unknown_when" not in params:
            raise SchemaError("params", "ange fail_when eller unknown_when")
        fail = unknown = None
        fail_reads: set[str] = set()
        if "fail_when" in params:
            fail = parse_condition(params["fail_when"], "params.fail_when", fail_reads)
            reads.update(fail_reads)
        if "unknown_when" in params:
            unknown = parse_condition(params["unknown_when"], "params.unknown_when", reads)
        return paths_param(params, "requires", reads), fail, unknown, frozenset(fail_reads)

    def screens(self, compiled: Any) -> frozenset[str]:
        return compiled[3]

    def check(self, compiled: Any, ctx: EvalContext) -> Outcome:
        requires, fail, unknown, _ = compiled
        if fail is not None and fail(ctx.facts):
            return Outcome(Status.FAIL, "fail")
        if any(ctx.facts.empty(p) for p in requires) or (
            unknown is not None and unknown(ctx.facts)
        ):
            return Outcome(Status.UNKNOWN, "unknown")
        return Outcome(Status.PASS, "pass")


class Advice(Kind):
    """Advice when ``when`` holds, else pass."""

    name = "advice"
    messages = ("pass", "advice")
    params: ClassVar = {"when": True}

    def parse(self, params: dict[str, Any], reads: set[str]) -> Condition:
        return parse_condition(params["when"], "params.when", reads)

    def check(self, compiled: Condition, ctx: EvalContext) -> Outcome:
        if compiled(ctx.facts):
            return Outcome(Status.ADVICE, "advice")
        return Outcome(Status.PASS, "pass")


class Deadline(Kind):
    """Advice naming the next deadline and the days left, or (none configured) whom to ask."""

    name = "deadline"
    messages = ("advice", "no_deadline")
    sample: ClassVar = {"deadline": dt.date(2026, 11, 30), "days_left": 7}

    def parse(self, params: dict[str, Any], reads: set[str]) -> Any:
        return None

    def check(self, compiled: Any, ctx: EvalContext) -> Outcome:
        deadline = ctx.next_deadline(ctx.today)
        if deadline is None:
            return Outcome(Status.ADVICE, "no_deadline", {"deadline": None, "days_left": None})
        days = (deadline - ctx.today).days
        return Outcome(Status.ADVICE, "advice", {"deadline": deadline, "days_left": days})


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Required(),
        Choice(),
        Threshold(),
        Period(),
        Share(),
        Sum(),
        Membership(),
        ConditionKind(),
        Advice(),
        Deadline(),
    )
}
