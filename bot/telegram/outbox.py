"""The outbox worker: delivers queued applications to the coordinator chats.

The dialog service puts one delivery per (application, chat) into the persistent outbox
when an application is submitted. This worker sends each due delivery: one document with
the summary as caption, or — when the summary is longer than a caption may be — a text
message followed by the document. When Telegram fails (network error, 5xx, 429) the
delivery is rescheduled with exponential backoff (at least ``retry_after`` for a 429) and
stays in the store, so a restart of the bot picks it up again.

Nothing is sent twice: a delivery is marked delivered right after Telegram accepted it,
and when it takes several calls (a summary longer than a caption, split into messages
of at most 4096 characters, then the document), each sent message is recorded on the
application (``outbox_progress``) before the next call, so a retry skips it. The one gap
left is a crash between Telegram accepting a call and the store recording it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import warnings
from datetime import datetime, timedelta
from typing import Any

from telegram import Bot
from telegram.error import RetryAfter, TelegramError

from bot.telegram.applications import (
    MAX_CAPTION,
    coordinator_text,
    document_bytes,
    document_filename,
)
from bot.telegram.render import split_text
from bot.telegram.runtime import Runtime
from storage import DeliveryStatus

log = logging.getLogger(__name__)

HEADING = "Ny idé inskickad"
RESUBMITTED_HEADING = "Kompletterad idé inskickad igen"
RESUBMISSION_KEY = "komplettering-{n}"
SUBMITTED_STATUS = "inskickad"
PROGRESS_KEY = "outbox_progress"


class OutboxWorker:
    """Sends due outbox deliveries, retrying with backoff; one instance per Application.

    Args:
        runtime: The bot's runtime (store access goes through its worker thread).
        bot: The bot that sends.
        interval: Seconds between polls of the outbox when running as a task.
        base_delay: Seconds before the first retry; doubled per failed attempt.
        max_delay: The longest wait between two attempts.
    """

    def __init__(
        self,
        runtime: Runtime,
        bot: Bot,
        *,
        interval: float = 5.0,
        base_delay: float = 10.0,
        max_delay: float = 3600.0,
    ) -> None:
        self.runtime = runtime
        self.bot = bot
        self.interval = interval
        self.base_delay = base_delay
        self.max_delay = max_delay
        self._wake = asyncio.Event()
        self._task: asyncio.Task | None = None
        self._lock = asyncio.Lock()

    # -- running as a background task --------------------------------------------------

    def start(self) -> None:
        """Starts polling the outbox in the background (from ``post_init``)."""
        if self._task is None:
            self._task = asyncio.create_task(self._loop(), name="idebot-outbox")

    async def stop(self) -> None:
        """Stops the background task; a send in progress is cancelled and retried later."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def wake(self) -> None:
        """Asks the background task to look at the outbox now (after a submission)."""
        self._wake.set()

    async def _loop(self) -> None:
        while True:
            try:
                await self.run_once()
            except Exception:
                # The store failing must not kill the worker; the log keeps the cause.
                log.exception("outbox pass failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self.interval)
            self._wake.clear()

    # -- one pass ----------------------------------------------------------------------

    async def run_once(self) -> int:
        """Attempts every due delivery once; returns how many were delivered."""
        async with self._lock:  # a wake-up and the timer never send the same delivery twice
            store = self.runtime.store
            due = await self.runtime.call(store.due_deliveries, self.runtime.clock())
            delivered = 0
            for delivery in due:
                if await self._attempt(delivery):
                    delivered += 1
            return delivered

    async def _attempt(self, delivery: dict[str, Any]) -> bool:
        runtime, store = self.runtime, self.runtime.store
        app = await runtime.call(store.get_application, delivery["application_id"])
        if app is None:
            await self._retry(delivery, "ansökan finns inte (ännu) i lagret", None)
            return False
        try:
            await self._send(delivery, app)
        except RetryAfter as error:
            await self._retry(delivery, f"429: {error}", retry_after_seconds(error))
            return False
        except Exception as error:
            if not isinstance(error, TelegramError):
                # The delivery could not even be built (e.g. its document is lost and
                # cannot be rendered again). It must not stop the deliveries after it:
                # it is retried with backoff like a failed send, the log has the cause.
                log.exception("delivery %s could not be built", delivery["id"])
            await self._retry(delivery, f"{type(error).__name__}: {error}", None)
            return False
        await runtime.call(store.mark_delivered, delivery["id"], runtime.clock())
        log.info("delivered application %s to chat %s", app["id"], delivery["chat_id"])
        return True

    async def _send(self, delivery: dict[str, Any], app: dict[str, Any]) -> None:
        runtime = self.runtime
        chat_id = int(delivery["chat_id"])
        payload = delivery.get("payload") or {}
        resubmitted = str(delivery.get("key") or "").startswith("komplettering")
        heading = RESUBMITTED_HEADING if resubmitted else HEADING
        text = coordinator_text(runtime, app, heading=heading)
        document = await runtime.call(document_bytes, runtime, app, payload)
        filename = document_filename(app)
        if len(text) <= MAX_CAPTION:
            await self.bot.send_document(chat_id, document, filename=filename, caption=text)
            return
        chunks = split_text(text)
        done = _as_count((app.get(PROGRESS_KEY) or {}).get(delivery["id"]))
        for number in range(done, len(chunks)):
            await self.bot.send_message(chat_id, chunks[number])
            await runtime.call(self._record_progress, app["id"], delivery["id"], number + 1)
        caption = f"Ansökan ”{_short_title(app)}” som Word-dokument."
        await self.bot.send_document(chat_id, document, filename=filename, caption=caption)

    def _record_progress(self, application_id: str, delivery_id: str, sent: int) -> None:
        # Runs on the worker thread: read-modify-write of one application is not interleaved.
        store = self.runtime.store
        app = store.get_application(application_id) or {}
        progress = dict(app.get(PROGRESS_KEY) or {})
        progress[delivery_id] = sent
        store.update_application(application_id, {PROGRESS_KEY: progress})

    async def _retry(self, delivery: dict[str, Any], error: str, at_least: float | None) -> None:
        delay = self.delay_for(int(delivery.get("attempts") or 0))
        if at_least is not None:
            delay = max(at_least, min(delay, self.max_delay))
        next_attempt = self.runtime.clock() + timedelta(seconds=delay)
        log.warning(
            "delivery %s to chat %s failed (%s); next attempt in %.0f s",
            delivery["id"],
            delivery["chat_id"],
            error,
            delay,
        )
        await self.runtime.call(
            self.runtime.store.mark_retry, delivery["id"], next_attempt=next_attempt, error=error
        )

    def delay_for(self, attempts: int) -> float:
        """Seconds to wait after the ``attempts``-th failure (0-based): exponential, capped."""
        return min(self.base_delay * (2 ** min(attempts, 30)), self.max_delay)


def retry_after_seconds(error: RetryAfter) -> float:
    """The seconds Telegram asked us to wait, as int or timedelta (PTB 22 changes the type)."""
    with warnings.catch_warnings():
        # PTB 22.2+ warns that the attribute will become a timedelta; both are handled.
        warnings.simplefilter("ignore")
        value = error.retry_after
    if isinstance(value, timedelta):
        return value.total_seconds()
    return float(value)


def _as_count(value: Any) -> int:
    return value if isinstance(value, int) and value > 0 else 0


def _short_title(app: dict[str, Any]) -> str:
    title = str((app.get("answers") or {}).get("title") or "utan titel")
    return title if len(title) <= 80 else title[:79] + "…"


def next_due(deliveries: list[dict[str, Any]]) -> datetime | None:
    """The earliest ``next_attempt`` among pending deliveries (for diagnostics and tests)."""
    times = [
        datetime.fromisoformat(d["next_attempt"])
        for d in deliveries
        if d.get("status") != DeliveryStatus.DELIVERED and d.get("next_attempt")
    ]
    return min(times) if times else None


def enqueue_resubmission(runtime: Runtime, application_id: str) -> list[str]:
    """Queues the coordinator's copy of an application submitted again after komplettering.

    The outbox holds one delivery per (application, chat, key). The first submission has
    no key; the n-th resubmission uses ``komplettering-<n>``, n counted from the
    ``inskickad`` events in the status history, so enqueueing it again (or by another
    part of the bot using the same convention) never makes a second delivery.
    Blocking: call through ``Runtime.call``.

    Returns:
        The delivery ids (none for a first submission).
    """
    store = runtime.store
    app = store.get_application(application_id)
    if app is None or not app.get("resubmitted_at"):
        return []
    rounds = sum(
        1
        for event in app.get("status_history") or []
        if isinstance(event, dict) and event.get("status") == SUBMITTED_STATUS
    )
    key = RESUBMISSION_KEY.format(n=max(rounds, 1))
    payload = {"document_path": app.get("document_path"), "filename": app.get("filename")}
    return [
        store.enqueue_delivery(application_id, chat_id, payload, key=key)
        for chat_id in runtime.settings.coordinator_chat_ids
    ]
