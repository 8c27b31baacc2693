"""The outbox as the application sees it: claim what is due, record how it went.

Deliveries are queued by the use cases (a submission: one per coordinator chat and
address and round; a status change: one per way the applicant can be told). A channel's
sender claims the deliveries of its channel, tries each once and reports the outcome
here: delivered, try again later (exponential backoff, at least what the server asked
for), or given up for good. A claim is a lease, so several processes can drain one
outbox and a crashed sender's claims simply run out.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from storage import Store, parse_iso

log = logging.getLogger(__name__)

BASE_DELAY = 10.0
MAX_DELAY = 3600.0
LEASE = timedelta(minutes=5)
# A delivery still failing this long after it was queued is given up: a week covers a
# mail server or network down over a long weekend, and a delivery that cannot even be
# built (its application gone) must not be tried every hour for ever. It stays listed
# with its last error (``idebot inkorg``).
GIVE_UP_AFTER = timedelta(days=7)


def process_owner() -> str:
    """A name for this process in claims (host and pid), shown when a claim is stuck."""
    return f"{socket.gethostname()}:{os.getpid()}"


class Outbox:
    """Claims and outcomes of deliveries.

    Args:
        store: The store holding the outbox.
        clock: Returns the current time.
        owner: Who claims (default: this host and process).
        base_delay: Seconds before the first retry; doubled per failed attempt.
        max_delay: The longest wait between two attempts.
        give_up_after: How long after queueing a failing delivery is given up.
    """

    def __init__(
        self,
        *,
        store: Store,
        clock: Callable[[], datetime],
        owner: str | None = None,
        base_delay: float = BASE_DELAY,
        max_delay: float = MAX_DELAY,
        give_up_after: timedelta = GIVE_UP_AFTER,
    ) -> None:
        self.store = store
        self.clock = clock
        self.owner = owner or process_owner()
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.give_up_after = give_up_after

    def claim(self, channels: frozenset[str], *, limit: int = 20) -> list[dict[str, Any]]:
        """The due deliveries of these channels, now this process's to try."""
        return self.store.claim_due(
            self.clock(), owner=self.owner, lease=LEASE, channels=channels, limit=limit
        )

    def delivered(self, delivery: dict[str, Any]) -> None:
        """Records that the delivery arrived."""
        self.store.mark_delivered(delivery["id"], self.clock())
        log.info("delivered %s", delivery["id"])

    def retry(
        self,
        delivery: dict[str, Any],
        error: str,
        *,
        at_least: float | None = None,
        quiet: bool = False,
    ) -> float | None:
        """Records a failed attempt; returns the seconds until the next one, or None
        when the delivery has failed for longer than ``give_up_after`` and is given up.

        Args:
            delivery: The claimed delivery.
            error: What went wrong (kept with the delivery, shown to coordinators).
            at_least: Seconds the server asked us to wait.
            quiet: Log at debug level: the sender reported the cause once already (a
                mail server that is down fails every message the same way).
        """
        queued = delivery.get("created_at")
        if queued and self.clock() - parse_iso(str(queued)) >= self.give_up_after:
            days = self.give_up_after.days
            self.failed(delivery, f"gav upp efter {days} dagars försök; senast: {error}")
            return None
        delay = self.delay_for(int(delivery.get("attempts") or 0))
        if at_least is not None:
            delay = max(at_least, min(delay, self.max_delay))
        log.log(
            logging.DEBUG if quiet else logging.WARNING,
            "delivery %s failed (%s); next attempt in %.0f s",
            delivery["id"],
            error,
            delay,
        )
        self.store.mark_retry(
            delivery["id"], next_attempt=self.clock() + timedelta(seconds=delay), error=error
        )
        return delay

    def failed(self, delivery: dict[str, Any], error: str) -> None:
        """Gives the delivery up for good (it stays listed, with the error)."""
        log.error("delivery %s given up: %s", delivery["id"], error)
        self.store.mark_failed(delivery["id"], at=self.clock(), error=error)

    def delay_for(self, attempts: int) -> float:
        """Seconds to wait after the ``attempts``-th failure (0-based): exponential, capped."""
        return min(self.base_delay * (2 ** min(attempts, 30)), self.max_delay)
