"""Adaptive batching of single items (images, text lines) across concurrent requests.

Two dispatch policies: `GreedyDispatcher` (the default, below, which says why) and BentoML's own
`CorkDispatcher`, the one behind `@bentoml.api(batchable=True)`, used one level lower than BentoML
uses it. Both batch items, not requests. A batchable API batches whole HTTP requests: it cannot give one request a
4xx while its batch-mates succeed, its `ctx` is shared by the batch, and calling it from another
API of the same service goes through an in-process HTTP hop that serialises the tensors to JSON.
Batching items instead keeps per-request error handling, lets a 64-image request and sixty-four
1-image requests share forward passes alike, and lets OCR pool text lines from many pages.
"""

from __future__ import annotations

import asyncio
import collections
import time
from typing import Awaitable, Callable, Generic, Sequence, TypeVar

import anyio
from bentoml._internal.marshal.dispatcher import CorkDispatcher
from bentoml.exceptions import ServiceUnavailable
from prometheus_client import Histogram

In = TypeVar("In")
Out = TypeVar("Out")

BATCH_SIZE = Histogram(
    "text_recognizer_batch_items",
    "Items (images or text lines) per forward pass, after adaptive batching",
    ["model"],
    buckets=(1, 2, 4, 8, 16, 32, 64, 128, 256, 512),
)


#: The 503 either dispatcher gives a request that waited past the latency budget.
OVERLOADED = "the server is overloaded: a request waited longer than its batching latency budget"


def _overloaded() -> None:
    raise ServiceUnavailable(OVERLOADED)


class GreedyDispatcher(Generic[In, Out]):
    """Run a batch as soon as the previous one is done, with every item that arrived meanwhile.

    BentoML's CorkDispatcher waits before a batch for as long as its history says waiting paid,
    and that history is made of its own waits: after a burst it keeps waiting at low load. Measured
    in two full benchmark runs of the same code: c=1 p50 1.9 ms in one, 5.0 ms in the other, where
    the c=8 warm-up had taught it to wait. On a CPU, where one forward pass cannot overlap another,
    batches form without waiting: the items that arrive during one pass are the next batch. Latency
    is then at most the rest of the running pass plus one's own, in FIFO order. Items older than
    `max_latency_s` when their batch forms get a 503 instead of a late answer.
    """

    def __init__(self, fn: Callable[[Sequence[In]], Awaitable[Sequence[Out]]], max_batch_size: int,
                 max_latency_s: float) -> None:
        self.fn, self.max_batch_size, self.max_latency_s = fn, max_batch_size, max_latency_s
        self._queue: collections.deque[tuple[float, In, asyncio.Future]] = collections.deque()
        self._wake: asyncio.Event | None = None
        self._task: asyncio.Task | None = None

    async def __call__(self, item: In) -> Out:
        loop = asyncio.get_running_loop()
        if self._task is None:
            self._wake = asyncio.Event()
            self._task = loop.create_task(self._run())
        fut = loop.create_future()
        self._queue.append((time.monotonic(), item, fut))
        self._wake.set()
        return await fut

    def _take(self) -> list[tuple[In, asyncio.Future]]:
        now, batch = time.monotonic(), []
        while self._queue and len(batch) < self.max_batch_size:
            enqueued, item, fut = self._queue.popleft()
            if fut.done():  # cancelled: the client went away
                continue
            if now - enqueued > self.max_latency_s:
                fut.set_exception(ServiceUnavailable(OVERLOADED))
                continue
            batch.append((item, fut))
        return batch

    async def _run(self) -> None:
        while True:
            if not self._queue:
                self._wake.clear()
                await self._wake.wait()
                continue
            batch = self._take()
            if not batch:
                continue
            try:
                outs = await self.fn([item for item, _ in batch])
            except Exception as exc:  # the batch's failure is each of its items' failure
                for _, fut in batch:
                    if not fut.done():
                        fut.set_exception(exc)
                continue
            for (_, fut), out in zip(batch, outs):
                if not fut.done():
                    fut.set_result(out)

    def shutdown(self) -> None:
        if self._task is not None:
            self._task.cancel()
        for _, _, fut in self._queue:
            fut.cancel()


class AdaptiveBatcher(Generic[In, Out]):
    """Submit one item, await its result; items submitted meanwhile share one call of `fn`.

    `fn` takes a list of items and returns one result per item, in order. It runs in a worker
    thread so the event loop keeps accepting requests (and answering probes) during a forward
    pass; BentoML's dispatcher runs one batch at a time per batcher.
    """

    def __init__(self, fn: Callable[[list[In]], Sequence[Out]], name: str, max_batch_size: int, max_latency_ms: int,
                 enabled: bool = True, policy: str = "greedy"):
        self.fn, self.name, self.enabled = fn, name, enabled
        if policy == "cork":
            self._dispatcher = CorkDispatcher(
                max_latency_in_ms=max_latency_ms, max_batch_size=max_batch_size,
                fallback=_overloaded, get_batch_size=lambda _item: 1,
            )
            self._submit = self._dispatcher(self._run_batch)
        elif policy == "greedy":
            self._dispatcher = GreedyDispatcher(self._run_batch, max_batch_size, max_latency_ms / 1000.0)
            self._submit = self._dispatcher
        else:
            raise ValueError(f"unknown batching policy {policy!r}: 'greedy' or 'cork'")
        self._serial: anyio.CapacityLimiter | None = None
        self._batch_thread: anyio.CapacityLimiter | None = None

    async def _run_batch(self, items: Sequence[In]) -> Sequence[Out]:
        BATCH_SIZE.labels(model=self.name).observe(len(items))
        # A thread of its own: in anyio's shared pool (40 threads) the forward pass queued behind
        # requests being decoded and segmented, so under load the model idled while they ran.
        if self._batch_thread is None:
            self._batch_thread = anyio.CapacityLimiter(1)
        return await anyio.to_thread.run_sync(self.fn, list(items), limiter=self._batch_thread)

    async def _unbatched(self, item: In) -> Out:
        """Batching off (for comparison): one forward pass per item, one at a time, as in a
        plain server; concurrent passes on the same cores would only contend."""
        if self._serial is None:
            self._serial = anyio.CapacityLimiter(1)
        BATCH_SIZE.labels(model=self.name).observe(1)
        return (await anyio.to_thread.run_sync(self.fn, [item], limiter=self._serial))[0]

    async def submit(self, item: In) -> Out:
        return await (self._submit(item) if self.enabled else self._unbatched(item))

    async def submit_many(self, items: Sequence[In]) -> list[Out]:
        return list(await asyncio.gather(*(self.submit(i) for i in items)))

    def shutdown(self) -> None:
        self._dispatcher.shutdown()
