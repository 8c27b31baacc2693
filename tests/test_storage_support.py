"""Support for the storage tests (no tests here): a controllable clock, sample records,
and a submission recorded the way the application records one."""

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


def submit(
    store,
    app_id: str,
    *,
    user: str = "console:anna",
    document: bytes = b"PK-word",
    deliveries: list | None = None,
    next_draft: dict | None = None,
    **extra,
) -> dict:
    """Records a submission through the person's draft session; returns the record."""
    record = make_application(app_id, user=user, **extra)
    with store.draft_session(user) as session:
        session.submit(record, document, deliveries or [], next_draft=next_draft)
    return record


def delivery(app_id: str, target: int | str = -100123, **extra) -> dict:
    """A queued delivery of an application to a Telegram chat."""
    return {
        "application_id": app_id,
        "channel": "telegram",
        "target": target,
        "kind": "application",
        **extra,
    }
