"""The I/O worker: blocking calls run off the event loop, one at a time, in order."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from bot.telegram.worker import IoWorker


async def test_calls_run_in_order_on_one_thread_that_is_not_the_loops() -> None:
    worker = IoWorker()
    seen: list[tuple[int, str]] = []

    def work(n: int) -> int:
        time.sleep(0.002 * (5 - n))  # earlier calls are slower: order must still hold
        seen.append((n, threading.current_thread().name))
        return n * n

    try:
        results = await asyncio.gather(*(worker.call(work, n) for n in range(5)))
    finally:
        worker.close()
    assert results == [0, 1, 4, 9, 16]
    assert [n for n, _ in seen] == [0, 1, 2, 3, 4]
    assert {name for _, name in seen} == {"idebot-io"}
    assert threading.current_thread().name != "idebot-io"


async def test_the_loop_keeps_running_while_a_call_blocks() -> None:
    worker = IoWorker()
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.001)

    ticker = asyncio.create_task(tick())
    try:
        await worker.call(time.sleep, 0.05)
    finally:
        ticker.cancel()
        worker.close()
    assert ticks >= 5


async def test_an_error_reaches_the_caller_and_the_worker_goes_on() -> None:
    worker = IoWorker()

    def fail() -> None:
        raise KeyError("utkast")

    try:
        with pytest.raises(KeyError, match="utkast"):
            await worker.call(fail)
        assert await worker.call(len, "abc") == 3
    finally:
        worker.close()


async def test_close_lets_queued_calls_finish_and_refuses_new_ones() -> None:
    worker = IoWorker()
    done: list[int] = []
    first = asyncio.ensure_future(worker.call(time.sleep, 0.02))
    second = asyncio.ensure_future(worker.call(done.append, 1))
    await asyncio.sleep(0)  # both are queued now
    await asyncio.to_thread(worker.close)
    await asyncio.gather(first, second)
    assert done == [1]
    with pytest.raises(RuntimeError):
        await worker.call(int)


async def test_posted_calls_run_in_order_with_awaited_ones_and_nobody_waits() -> None:
    worker = IoWorker()
    seen: list[str] = []
    try:
        assert worker.post(seen.append, "posted 1") is True
        awaited = asyncio.create_task(worker.call(seen.append, "awaited"))
        await asyncio.sleep(0)  # the task queues its call
        worker.post(seen.append, "posted 2")
        await awaited
        await worker.call(int)
    finally:
        worker.close()
    assert seen == ["posted 1", "awaited", "posted 2"]


async def test_a_posted_calls_error_is_handed_to_on_error_on_the_loop() -> None:
    worker = IoWorker()
    errors: list[tuple[BaseException, str]] = []

    def fail() -> None:
        raise OSError("disken är full")

    try:
        worker.post(fail, on_error=lambda e: errors.append((e, threading.current_thread().name)))
        await worker.call(int)  # the error callback is scheduled before this returns
        assert worker.post(int) is True  # the worker goes on
    finally:
        worker.close()
    [(error, thread)] = errors
    assert isinstance(error, OSError)
    assert thread == threading.current_thread().name


async def test_posting_off_the_loop_or_on_the_worker_is_refused() -> None:
    worker = IoWorker()
    try:
        await worker.call(int)
        assert await worker.call(worker.post, int) is False  # on the worker itself
        assert await asyncio.to_thread(worker.post, int) is False  # no event loop there
    finally:
        worker.close()
    assert worker.post(int) is False  # closed
