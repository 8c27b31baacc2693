"""AsyncStore: the store's methods as coroutines on one worker thread."""

from __future__ import annotations

import asyncio
import threading

import pytest

from storage import AsyncStore, MemoryStore, StorageError, TinyStore
from tests.test_storage_support import make_application


class ThreadRecordingStore(MemoryStore):
    """A real MemoryStore that notes which thread ran each draft save."""

    def __init__(self) -> None:
        super().__init__()
        self.threads: set[str] = set()

    def save_draft(self, user: str, draft: dict) -> None:
        self.threads.add(threading.current_thread().name)
        super().save_draft(user, draft)


async def test_calls_run_off_the_event_loop_on_one_thread():
    store = ThreadRecordingStore()
    async with AsyncStore(store) as astore:
        await asyncio.gather(*(astore.save_draft(f"telegram:{n}", {"n": n}) for n in range(50)))
        assert await astore.count_drafts() == 50
        assert (await astore.get_draft("telegram:7"))["n"] == 7
    assert len(store.threads) == 1
    assert threading.current_thread().name not in store.threads


async def test_the_whole_api_works_on_disk(tmp_path):
    async with AsyncStore(TinyStore(tmp_path / "data")) as astore:
        await astore.add_application(make_application("app-1"))
        delivery = await astore.enqueue_delivery("app-1", -100, {"text": "Ny idé"})
        assert delivery == await astore.enqueue_delivery("app-1", -100, {"text": "Ny idé"})
        listed = await astore.list_applications(user="console:anna")
        assert [app["id"] for app in listed] == ["app-1"]
        assert await astore.run(lambda: astore.store.count_drafts()) == 0
    # aclose closed the store and released the lock.
    with TinyStore(tmp_path / "data") as again:
        assert len(again.list_deliveries()) == 1


async def test_errors_arrive_as_storage_errors():
    async with AsyncStore(MemoryStore()) as astore:
        with pytest.raises(StorageError, match="finns inte"):
            await astore.update_application("nope", {})


def test_only_store_methods_are_offered():
    astore = AsyncStore(MemoryStore())
    with pytest.raises(AttributeError):
        astore.no_such_method  # noqa: B018
    asyncio.run(astore.aclose())
    asyncio.run(astore.aclose())  # twice is harmless
