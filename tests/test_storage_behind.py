"""Drafts written behind the dialog: kept at once, written in order, failures reported."""

from __future__ import annotations

import asyncio
import threading

import pytest

from bot.telegram.worker import IoWorker
from storage import MemoryStore, StorageError, TinyStore
from storage.behind import DraftNotSaved, WriteBehind
from tests.test_storage_support import FakeClock

ANNA = "telegram:1"
BO = "telegram:2"


class CountingStore(MemoryStore):
    """A memory store that records which thread wrote each draft, and can fail writes."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.writes: list[tuple[str, object, str]] = []
        self.failing: set[str] = set()

    def save_draft(self, user: str, draft: dict) -> None:
        if user in self.failing:
            raise StorageError("disken är full")
        self.writes.append((user, draft.get("step"), threading.current_thread().name))
        super().save_draft(user, draft)


@pytest.fixture
def rig():
    """A counting memory store, the worker, WriteBehind around them, and its reports."""
    store, worker = CountingStore(), IoWorker()
    reported: list[DraftNotSaved] = []
    yield store, worker, _behind(store, worker, reported.append), reported
    worker.close()


def _behind(store, worker, failed=None):
    return WriteBehind(store, post=worker.post, on_failed=failed, clock=FakeClock())


async def test_a_save_on_the_loop_is_read_back_at_once_and_written_by_the_worker(rig):
    store, worker, drafts, _ = rig
    drafts.save_draft(ANNA, {"step": 1})
    assert drafts.get_draft(ANNA)["step"] == 1  # the next step sees it at once
    assert store.get_draft(ANNA) is None  # not on "disk" yet: written behind
    assert drafts.pending() == 1
    await worker.call(int)  # everything queued before this has run
    assert store.get_draft(ANNA)["step"] == 1
    assert store.writes == [(ANNA, 1, "idebot-io")]
    assert drafts.pending() == 0


async def test_saves_are_written_in_order_and_a_newer_one_replaces_a_queued_one(rig):
    store, worker, drafts, _ = rig
    for step in range(1, 6):
        drafts.save_draft(ANNA, {"step": step})
        drafts.save_draft(BO, {"step": step * 10})
    await worker.call(int)
    assert store.get_draft(ANNA)["step"] == 5
    assert store.get_draft(BO)["step"] == 50
    # Never an older state after a newer one; superseded queued writes are skipped.
    for user in (ANNA, BO):
        steps = [step for who, step, _ in store.writes if who == user]
        assert steps == sorted(steps) and 1 <= len(steps) <= 5


def test_off_the_event_loop_a_save_is_written_before_it_returns(rig):
    store, _, drafts, _ = rig
    drafts.save_draft(ANNA, {"step": 1})  # no running loop: nothing to write behind
    assert store.writes == [(ANNA, 1, threading.current_thread().name)]
    assert drafts.pending() == 0
    assert drafts.delete_draft(ANNA) is True
    assert store.get_draft(ANNA) is None and drafts.get_draft(ANNA) is None


async def test_on_the_worker_thread_a_save_is_written_through(rig):
    store, worker, drafts, _ = rig
    await worker.call(drafts.save_draft, ANNA, {"step": 7})
    assert store.writes == [(ANNA, 7, "idebot-io")]
    assert drafts.pending() == 0


async def test_a_failed_write_is_tried_again_and_the_draft_in_memory_stays_the_truth():
    store, worker = CountingStore(), IoWorker()
    reported: list[tuple[DraftNotSaved, str]] = []
    drafts = _behind(store, worker, lambda e: reported.append((e, threading.current_thread().name)))
    drafts.retry_delays = (0.001, 0.001)
    try:
        drafts.save_draft(ANNA, {"step": 1})
        await worker.call(int)
        store.failing.add(ANNA)
        drafts.save_draft(ANNA, {"step": 2})
        await _until(lambda: any(e.final for e, _ in reported))
        # Three tries (the first and two retries), then the final report, on the loop.
        assert [(e.latest, e.final, e.first) for e, _ in reported] == [
            (True, False, False),
            (True, False, False),
            (True, True, True),
        ]
        assert {thread for _, thread in reported} == {threading.current_thread().name}
        assert "disken är full" in str(reported[-1][0])
        # The person saw step 2; it stays what the dialog reads, and waits to be written.
        assert drafts.get_draft(ANNA)["step"] == 2
        assert store.get_draft(ANNA)["step"] == 1
        assert drafts.pending() == 1
        # Still failing at the next answer: reported, but not as the first failure again.
        reported.clear()
        drafts.save_draft(ANNA, {"step": 3})
        await _until(lambda: any(e.final for e, _ in reported))
        assert [e.first for e, _ in reported if e.final] == [False]
        # The disk is back: the next answer writes everything, and a later failure is
        # news again.
        store.failing.discard(ANNA)
        drafts.save_draft(ANNA, {"step": 4})
        await worker.call(int)
        assert store.get_draft(ANNA)["step"] == 4 and drafts.pending() == 0
        store.failing.add(ANNA)
        reported.clear()
        drafts.save_draft(ANNA, {"step": 5})
        await _until(lambda: any(e.final for e, _ in reported))
        assert [e.first for e, _ in reported if e.final] == [True]
    finally:
        worker.close()


async def test_a_write_that_fails_once_is_written_by_its_retry(rig):
    store, worker, drafts, reported = rig
    drafts.retry_delays = (0.001,)
    store.failing.add(ANNA)
    drafts.save_draft(ANNA, {"step": 1})
    await worker.call(int)
    store.failing.discard(ANNA)
    await _until(lambda: drafts.pending() == 0)
    assert store.get_draft(ANNA)["step"] == 1
    assert [e.final for e in reported] == [False]  # one failure, then the retry wrote it
    assert drafts.retrying() == 0


async def _until(condition, timeout: float = 5.0) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not condition():
        assert loop.time() < end, "timed out"
        await asyncio.sleep(0.002)


async def test_a_failed_write_with_a_newer_save_queued_loses_nothing():
    writing, release = threading.Event(), threading.Event()

    class FailsFirstWrite(MemoryStore):
        def save_draft(self, user: str, draft: dict) -> None:
            if draft["step"] == 1:
                writing.set()
                release.wait(5)
                raise StorageError("disken är full")
            super().save_draft(user, draft)

    store, worker = FailsFirstWrite(), IoWorker()
    reported: list[DraftNotSaved] = []
    drafts = _behind(store, worker, reported.append)
    try:
        drafts.save_draft(ANNA, {"step": 1})
        assert await asyncio.to_thread(writing.wait, 5)  # step 1 is being written ...
        drafts.save_draft(ANNA, {"step": 2})  # ... when step 2 (which carries it) is saved
        release.set()
        await worker.call(int)
        assert store.get_draft(ANNA)["step"] == 2
        [error] = reported
        assert not error.latest and error.final and not error.first  # nothing was lost
        assert drafts.get_draft(ANNA)["step"] == 2
    finally:
        release.set()
        worker.close()


async def test_erasing_a_person_drops_a_write_still_queued():
    store, worker = CountingStore(), IoWorker()
    drafts = _behind(store, worker)
    gate = threading.Event()
    try:
        worker.post(gate.wait)
        drafts.save_draft(ANNA, {"step": 3})
        erased = worker.call(drafts.delete_user_data, ANNA)  # /radera, queued after it
        gate.set()
        await erased
        await worker.call(int)
        assert store.get_draft(ANNA) is None
        assert drafts.get_draft(ANNA) is None  # the queued write did not bring it back
    finally:
        gate.set()
        worker.close()


async def test_closing_the_worker_writes_every_queued_draft_to_disk(tmp_path):
    clock = FakeClock()
    store, worker = TinyStore(tmp_path / "data", clock=clock), IoWorker()
    drafts = _behind(store, worker)
    for number in range(50):
        drafts.save_draft(f"telegram:{number}", {"step": number})
    worker.close()  # the bot's shutdown: queued calls finish first
    store.close()
    reopened = TinyStore(tmp_path / "data", clock=clock)
    try:
        assert reopened.count_drafts() == 50
        assert reopened.get_draft("telegram:49")["step"] == 49
    finally:
        reopened.close()


async def test_only_written_drafts_are_forgotten_when_the_memory_is_full():
    store, worker = CountingStore(), IoWorker()
    drafts = WriteBehind(store, post=worker.post, clock=FakeClock(), cache_size=2)
    gate = threading.Event()
    try:
        for number in range(3):
            drafts.save_draft(f"telegram:{number}", {"step": number})
        await worker.call(int)
        worker.post(gate.wait)
        for number in range(3, 8):  # queued behind the gate: none may be forgotten
            drafts.save_draft(f"telegram:{number}", {"step": number})
        assert drafts.pending() == 5
        for number in range(8):
            assert drafts.get_draft(f"telegram:{number}")["step"] == number
        gate.set()
        await worker.call(int)
        assert store.count_drafts() == 8
    finally:
        gate.set()
        worker.close()


async def test_other_store_calls_pass_through_in_order_with_the_writes(rig):
    store, worker, drafts, _ = rig
    drafts.save_draft(ANNA, {"step": 1})
    # A call queued after the save sees it on disk (one worker, in order).
    assert await worker.call(store.count_drafts) == 1
    assert await worker.call(drafts.count_drafts) == 1
    assert drafts.list_applications() == []


async def test_the_loop_is_not_blocked_while_the_worker_writes():
    class SlowStore(MemoryStore):
        def save_draft(self, user: str, draft: dict) -> None:
            threading.Event().wait(0.05)  # a slow disk
            super().save_draft(user, draft)

    store, worker = SlowStore(), IoWorker()
    drafts = _behind(store, worker)
    try:
        loop = asyncio.get_running_loop()
        start = loop.time()
        drafts.save_draft(ANNA, {"step": 1})
        assert loop.time() - start < 0.05  # the save returned before the slow write
        await worker.call(int)
        assert store.get_draft(ANNA)["step"] == 1
    finally:
        worker.close()


async def test_a_failed_direct_write_keeps_an_earlier_draft_waiting_for_its_retry(rig):
    store, worker, drafts, reported = rig
    drafts.retry_delays = (0.05, 0.05)
    store.failing.add(ANNA)
    drafts.save_draft(ANNA, {"step": 1})  # written behind; fails; a retry waits
    await worker.call(int)
    assert drafts.retrying() == 1
    # A submission on the worker writes directly, and fails too: its caller is told
    # (an exception), and step 1 must not be forgotten with it.
    try:
        await worker.call(drafts.save_draft, ANNA, {"step": 2})
    except StorageError:
        pass
    else:
        raise AssertionError("the direct write should have failed")
    assert drafts.get_draft(ANNA)["step"] == 1
    store.failing.discard(ANNA)  # the disk is back before the retry
    await _until(lambda: drafts.retrying() == 0 and drafts.pending() == 0)
    assert store.get_draft(ANNA)["step"] == 1
    assert not any(e.final for e in reported)


async def test_at_shutdown_a_waiting_retry_is_tried_at_once_as_the_last(rig):
    store, worker, drafts, reported = rig
    drafts.retry_delays = (60.0, 60.0)  # a long wait the stop must not sit out
    store.failing.add(ANNA)
    drafts.save_draft(ANNA, {"step": 1})
    await worker.call(int)
    assert drafts.retrying() == 1
    store.failing.discard(ANNA)
    drafts.retry_now()
    await worker.call(int)
    assert drafts.retrying() == 0 and drafts.pending() == 0
    assert store.get_draft(ANNA)["step"] == 1
    # Still failing at the stop: that last try is final, and the person is told.
    store.failing.add(BO)
    drafts.save_draft(BO, {"step": 7})
    await worker.call(int)
    drafts.retry_now()
    await worker.call(int)
    assert [(e.user, e.final) for e in reported][-1] == (BO, True)
    assert drafts.pending() == 1  # counted, so the bot can say it at shutdown
