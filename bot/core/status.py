"""The life of a submitted application as the coordinator moves it along."""

from __future__ import annotations

from enum import StrEnum


class ApplicationStatus(StrEnum):
    """Status of a submitted application; every value is ASCII so it can be typed."""

    SUBMITTED = "inskickad"  # set by the dialog when the applicant submits
    RECEIVED = "mottagen"
    IN_PREPARATION = "under_beredning"
    SUPPLEMENT = "komplettering"
    APPROVED = "bifall_ideprovning"
    REJECTED = "avslag"

    @property
    def label(self) -> str:
        """The Swedish phrase shown to people."""
        return STATUS_LABELS[self]


STATUS_LABELS: dict[ApplicationStatus, str] = {
    ApplicationStatus.SUBMITTED: "inskickad",
    ApplicationStatus.RECEIVED: "mottagen av samordnaren",
    ApplicationStatus.IN_PREPARATION: "under beredning",
    ApplicationStatus.SUPPLEMENT: "komplettering begärd",
    ApplicationStatus.APPROVED: "bifall i idéprövningen",
    ApplicationStatus.REJECTED: "avslag",
}

# The statuses a coordinator may set (``inskickad`` is the dialog's).
SETTABLE = tuple(s for s in ApplicationStatus if s is not ApplicationStatus.SUBMITTED)


def status_label(value: str | None) -> str:
    """The Swedish label of a stored status, or the raw value when it is unknown."""
    try:
        return ApplicationStatus(value).label
    except ValueError:
        return str(value or "okänd")


def parse_status(text: str) -> ApplicationStatus | None:
    """The status a coordinator typed (``Mottagen``, ``under-beredning``), or None."""
    try:
        return ApplicationStatus(text.strip().lower().replace("-", "_"))
    except ValueError:
        return None
