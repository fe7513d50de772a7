"""Adaptive batching of single items (images, text lines) across concurrent requests.

This is BentoML's own adaptive batcher, the `CorkDispatcher` behind `@bentoml.api(batchable=True)`,
used one level lower. A batchable API batches whole HTTP requests: it cannot give one request a
4xx while its batch-mates succeed, its `ctx` is shared by the batch, and calling it from another
API of the same service goes through an in-process HTTP hop that serialises the tensors to JSON.
Batching items instead keeps per-request error handling, lets a 64-image request and sixty-four
1-image requests share forward passes alike, and lets OCR pool text lines from many pages.
"""

from __future__ import annotations

import asyncio
from typing import Callable, Generic, Sequence, TypeVar

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


def _overloaded() -> None:
    raise ServiceUnavailable("the server is overloaded: a request waited longer than its batching latency budget")


class AdaptiveBatcher(Generic[In, Out]):
    """Submit one item, await its result; items submitted meanwhile share one call of `fn`.

    `fn` takes a list of items and returns one result per item, in order. It runs in a worker
    thread so the event loop keeps accepting requests (and answering probes) during a forward
    pass; BentoML's dispatcher runs one batch at a time per batcher.
    """

    def __init__(self, fn: Callable[[list[In]], Sequence[Out]], name: str, max_batch_size: int, max_latency_ms: int,
                 enabled: bool = True):
        self.fn, self.name, self.enabled = fn, name, enabled
        self._dispatcher = CorkDispatcher(
            max_latency_in_ms=max_latency_ms, max_batch_size=max_batch_size,
            fallback=_overloaded, get_batch_size=lambda _item: 1,
        )
        self._submit = self._dispatcher(self._run_batch)
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
