"""What the criteria engine returns: statuses, findings, verdicts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


class Status(StrEnum):
    """The status of one finding (``criteria.md``)."""

    PASS = "pass"
    FAIL = "fail"
    UNKNOWN = "unknown"
    ADVICE = "advice"

    @property
    def label(self) -> str:
        """The Swedish word shown to people."""
        return STATUS_LABELS[self]


STATUS_LABELS: dict[Status, str] = {
    Status.PASS: "uppfyllt",
    Status.FAIL: "ej uppfyllt",
    Status.UNKNOWN: "oklart",
    Status.ADVICE: "råd",
}


class Verdict(StrEnum):
    """The overall verdict of an evaluation."""

    READY = "ready"
    INCOMPLETE = "incomplete"
    NOT_ELIGIBLE = "not_eligible"

    @property
    def label(self) -> str:
        """The Swedish phrase shown to people."""
        return VERDICT_LABELS[self]


VERDICT_LABELS: dict[Verdict, str] = {
    Verdict.READY: "Idén uppfyller kriterierna och är redo att skickas",
    Verdict.INCOMPLETE: "Idén är ofullständig – några uppgifter saknas",
    Verdict.NOT_ELIGIBLE: "Idén uppfyller inte alla krav i sin nuvarande form",
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule's result for one answer object.

    Attributes:
        rule: The rule id, e.g. ``gavleborg.medfinansiering``.
        status: pass, fail, unknown or advice.
        message: Concrete Swedish explanation (what was answered, what is required, the gap).
        source: Citation, ``<seed file>: <section>``.
        fields: The answer fields the rule reads.
    """

    rule: str
    status: Status
    message: str
    source: str
    fields: tuple[str, ...] = ()

    def to_json(self) -> dict:
        """The JSON shape of ``criteria.md``."""
        return {
            "rule": self.rule,
            "status": str(self.status),
            "message": self.message,
            "source": self.source,
            "fields": list(self.fields),
        }


def verdict_of(findings: Iterable[Finding]) -> Verdict:
    """The verdict: any fail → not_eligible, else any unknown → incomplete, else ready."""
    statuses = {f.status for f in findings}
    if Status.FAIL in statuses:
        return Verdict.NOT_ELIGIBLE
    if Status.UNKNOWN in statuses:
        return Verdict.INCOMPLETE
    return Verdict.READY


@dataclass(frozen=True, slots=True)
class Evaluation:
    """All findings of one fund's rules for one answer object."""

    fund: str
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    @property
    def verdict(self) -> Verdict:
        """The overall verdict."""
        return verdict_of(self.findings)

    def by_status(self, status: Status) -> list[Finding]:
        """The findings with the given status, in rule order."""
        return [f for f in self.findings if f.status == status]

    def to_json(self) -> dict:
        """``{"fund", "verdict", "findings": [...]}`` as in ``interfaces.md``."""
        return {
            "fund": self.fund,
            "verdict": str(self.verdict),
            "findings": [f.to_json() for f in self.findings],
        }
