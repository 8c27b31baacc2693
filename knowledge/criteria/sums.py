"""The money kinds: a share of a whole (co-financing) and parts that add up to a total.

| kind | checks |
| --- | --- |
| ``share`` | ``part`` / ``whole`` is at least ``min``; the message gets the gap in kronor |
| ``sum`` | the ``parts`` add up to ``total`` (requested amount + co-financing = total cost) |

``sum`` reports its own ``status`` (default ``advice``: it never changes a verdict)
when the sums differ, with the difference in kronor, whether it is too much or too
little, and the value of the first part that would make the sums agree (``balance``:
"ändra det sökta beloppet till …"). While a part or the total is not answered it is
``unknown`` with its ``missing`` message: nothing could be compared yet, so it is never
shown as holding (it was ``pass``, and people read "✓ Uppfyllt" for sums not given).
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any, ClassVar

from knowledge.criteria.conditions import SchemaError
from knowledge.criteria.findings import Status
from knowledge.criteria.kindbase import (
    EvalContext,
    Kind,
    Outcome,
    number_param,
    path_param,
    paths_param,
    reads_of,
)

# The statuses a fund may give a sum that does not add up.
SUM_STATUSES = {"advice": Status.ADVICE, "unknown": Status.UNKNOWN, "fail": Status.FAIL}


class Share(Kind):
    """``part`` / ``whole`` at least ``min``; the message gets the gap in kronor."""

    name = "share"
    messages = ("pass", "fail", "unknown")
    params: ClassVar = {"part": True, "whole": True, "min": True, "requires": False}
    sample: ClassVar = {
        "share": 0.3,
        "part": 300000,
        "whole": 1000000,
        "min_share": 0.5,
        "required_amount": 500000,
        "missing_amount": 200000,
    }

    def parse(self, params: dict[str, Any], reads: set[str]) -> Any:
        low = number_param(params, "min")
        if low is None or not 0 < low <= 1:
            raise SchemaError("params.min", "en andel mellan 0 och 1 väntades (0.5 = 50 %)")
        part, whole = path_param(params, "part", reads), path_param(params, "whole", reads)
        return part, whole, low, paths_param(params, "requires", reads)

    def screens(self, compiled: Any) -> frozenset[str]:
        return reads_of(compiled[0], compiled[1])

    def check(self, compiled: Any, ctx: EvalContext) -> Outcome:
        part_path, whole_path, low, requires = compiled
        part, whole = ctx.facts.first(part_path), ctx.facts.first(whole_path)
        values: dict[str, Any] = {"part": part, "whole": whole, "min_share": low}
        if part is None or not whole or any(ctx.facts.empty(p, list_ok=True) for p in requires):
            return Outcome(Status.UNKNOWN, "unknown", values)
        required = math.ceil(whole * low - 1e-9)
        # Whole kronor give an exact share, so a message never rounds a shortfall up.
        exact = isinstance(part, int) and isinstance(whole, int)
        share = Fraction(part, whole) if exact else part / whole
        values.update(share=share, required_amount=required, missing_amount=max(0, required - part))
        if part < required:
            return Outcome(Status.FAIL, "fail", values)
        return Outcome(Status.PASS, "pass", values)


class Sum(Kind):
    """The ``parts`` add up to ``total``; otherwise ``status`` (default advice)."""

    name = "sum"
    messages = ("pass", "mismatch", "missing")
    params: ClassVar = {"parts": True, "total": True, "status": False}
    sample: ClassVar = {
        "parts": [600000, 300000],
        "parts_sum": 900000,
        "total": 1200000,
        "difference": 300000,
        "excess": False,
        "balance": 900000,
    }

    def parse(self, params: dict[str, Any], reads: set[str]) -> Any:
        parts = paths_param(params, "parts", reads)
        if len(parts) < 2:
            raise SchemaError("params.parts", "minst två fältsökvägar väntades")
        status = params.get("status", "advice")
        if status not in SUM_STATUSES:
            raise SchemaError("params.status", "advice, unknown eller fail väntades")
        return parts, path_param(params, "total", reads), SUM_STATUSES[status]

    def screens(self, compiled: Any) -> frozenset[str]:
        return reads_of(*compiled[0], compiled[1])

    def check(self, compiled: Any, ctx: EvalContext) -> Outcome:
        part_paths, total_path, status = compiled
        parts = [ctx.facts.first(p) for p in part_paths]
        total = ctx.facts.first(total_path)
        values: dict[str, Any] = {"parts": parts, "total": total}
        numbers = [*parts, total]
        if any(not isinstance(v, int | float) or isinstance(v, bool) for v in numbers):
            return Outcome(Status.UNKNOWN, "missing", values)
        parts_sum = sum(parts)
        values.update(
            parts_sum=parts_sum,
            difference=abs(parts_sum - total),
            excess=parts_sum > total,
            balance=max(0, total - (parts_sum - parts[0])),
        )
        if parts_sum == total:
            return Outcome(Status.PASS, "pass", values)
        return Outcome(status, "mismatch", values)
