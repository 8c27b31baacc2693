"""Measuring the FAQ search on a labelled set of questions (tests and ``bench/``).

A labelled file (``tests/data/faq_tuning.yaml``, ``faq_heldout.yaml``) has
``questions`` – each ``{q, id, also?, fund?, lead?, ctx?, yn?}`` – and
``out_of_scope`` – each ``{q}`` or a plain string. :func:`evaluate` asks the FAQ every
question and counts:

* top-1 / top-3: the expected id (or one in ``also``) is the first / among the first
  three hits;
* "vet inte": an answerable question got no hit at all (the bot says "Det vet jag inte
  säkert");
* wrong polarity: the answer opens with "Ja"/"Nej" but the label says the other word,
  or ``lead: "-"`` (no plain yes or no is right there);
* rejected: an out-of-scope question got no hit.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

_LEAD = re.compile(r"^(Ja|Nej)\b")


@dataclass
class Report:
    """The figures of one labelled set (fractions 0–1) and the questions behind them."""

    answerable: int = 0
    top1: int = 0
    top3: int = 0
    unknown: int = 0
    out_of_scope: int = 0
    rejected: int = 0
    polar: int = 0
    right_lead: int = 0
    wrong_lead: int = 0
    labelled_leads: int = 0
    leads_given: int = 0
    misses: list[tuple[str, str, str | None]] = field(default_factory=list)
    leaks: list[tuple[str, str]] = field(default_factory=list)
    polarity_errors: list[tuple[str, str]] = field(default_factory=list)

    @property
    def top1_rate(self) -> float:
        """Share of answerable questions whose first hit is right."""
        return self.top1 / self.answerable if self.answerable else 0.0

    @property
    def top3_rate(self) -> float:
        """Share of answerable questions with the right entry among the first three."""
        return self.top3 / self.answerable if self.answerable else 0.0

    @property
    def unknown_rate(self) -> float:
        """Share of answerable questions answered "Det vet jag inte säkert"."""
        return self.unknown / self.answerable if self.answerable else 0.0

    @property
    def rejected_rate(self) -> float:
        """Share of out-of-scope questions rejected."""
        return self.rejected / self.out_of_scope if self.out_of_scope else 1.0

    def summary(self) -> str:
        """One line of figures."""
        return (
            f"top-1 {self.top1_rate:.3f} ({self.top1}/{self.answerable}), "
            f"top-3 {self.top3_rate:.3f}, vet inte {self.unknown_rate:.1%}, "
            f"out of scope rejected {self.rejected_rate:.1%} "
            f"({self.rejected}/{self.out_of_scope}), "
            f"yes/no with a lead {self.right_lead}/{self.polar}, wrong lead {self.wrong_lead}"
        )


def _question(item: Any) -> str:
    return item if isinstance(item, str) else str(item["q"])


def evaluate(faq: Any, data: Mapping[str, Any], funds: Mapping[str, Any] | None = None) -> Report:
    """Asks the FAQ every labelled question.

    Args:
        faq: A :class:`knowledge.faq.Faq`.
        data: The decoded labelled file.
        funds: Fund profiles by id, for items with a ``fund``.
    """
    report = Report()
    funds = funds or {}
    for item in data.get("questions", ()):
        wanted = {item["id"], *item.get("also", ())}
        fund = funds.get(item["fund"]) if item.get("fund") else None
        hits = faq.search(item["q"], fund=fund, top=3)
        report.answerable += 1
        if not hits:
            report.unknown += 1
        got = hits[0].id if hits else None
        if got in wanted:
            report.top1 += 1
        else:
            report.misses.append((item["q"], item["id"], got))
        if any(h.id in wanted for h in hits):
            report.top3 += 1
        if got in wanted:
            _check_lead(report, item, hits[0].answer)
    for item in data.get("out_of_scope", ()):
        question = _question(item)
        hits = faq.search(question, top=1)
        report.out_of_scope += 1
        if hits:
            report.leaks.append((question, hits[0].id))
        else:
            report.rejected += 1
    return report


def _check_lead(report: Report, item: Mapping[str, Any], answer: str) -> None:
    expected = item.get("lead")
    found = _LEAD.match(answer)
    lead = found.group(1) if found else None
    report.labelled_leads += expected is not None
    report.leads_given += lead is not None
    if expected in ("Ja", "Nej"):
        report.polar += 1
        if lead == expected:
            report.right_lead += 1
    if lead is not None and expected is not None and lead != expected:
        report.wrong_lead += 1
        report.polarity_errors.append((item["q"], answer[:60]))


def relabel(data: Mapping[str, Any], ids: Mapping[str, Sequence[str]]) -> dict[str, Any]:
    """A labelled set in the evaluation format, its topic ids mapped to FAQ entry ids.

    Besides the format above, reads a set whose items are all under ``questions`` as
    ``{q, topic, fund?}`` with ``topic: null`` for an out-of-scope question (the blind
    set's format).

    Args:
        data: The decoded labelled file (its ids may be the writer's own).
        ids: Writer's id → the FAQ entries that answer it (the first is the expected
            one, the rest go to ``also``); ids not listed stay as they are.
    """
    questions: list[dict[str, Any]] = []
    outside = list(data.get("out_of_scope", ()))
    for item in data.get("questions", ()):
        topic = item["id"] if "id" in item else item["topic"]
        if topic is None:
            outside.append({"q": item["q"]})
            continue
        mapped = [t for i in (topic, *item.get("also", ())) for t in ids.get(i, [i])]
        unique = list(dict.fromkeys(mapped))
        questions.append({**item, "id": unique[0], "also": unique[1:]})
    return {**data, "questions": questions, "out_of_scope": outside}


def labelled_questions(data: Mapping[str, Any]) -> Sequence[str]:
    """Every question of a labelled file, answerable and out of scope."""
    return [i["q"] for i in data.get("questions", ())] + [
        _question(i) for i in data.get("out_of_scope", ())
    ]
