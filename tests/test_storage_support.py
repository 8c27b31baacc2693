"""Support for the storage tests (no tests here): a controllable clock, sample records."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


class FakeClock:
    """A clock the test moves by hand; stores call it for "now"."""

    def __init__(self, start: datetime = START) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        """Moves time forward by ``timedelta(**delta)`` and returns the new now."""
        self.now += timedelta(**delta)
        return self.now


def make_application(app_id: str, *, user: str = "console:anna", submitted_at=START, **extra):
    """A complete application record as the dialog stores it."""
    record = {
        "id": app_id,
        "user": user,
        "fund": "gavleborg",
        "answers": {"title": "Läxhjälp i Sandviken", "total_cost": 1_200_000},
        "findings": [{"rule": "gavleborg.medfinansiering", "status": "fail"}],
        "verdict": "incomplete",
        "submitted_at": submitted_at,
        "status": "inskickad",
    }
    record.update(extra)
    return record
