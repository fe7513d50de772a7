"""The adaptive batcher alone: batches form from concurrent items, answers go to their own
callers, a failing batch fails only its own items, and an overloaded queue answers 503."""

from __future__ import annotations

import asyncio
import time

import pytest
from bentoml.exceptions import ServiceUnavailable

from text_recognizer.serving.batching import AdaptiveBatcher


def _run(coro):
    return asyncio.run(coro)


@pytest.mark.parametrize("policy", ["greedy", "cork"])
def test_concurrent_items_share_batches_and_keep_their_answers(policy):
    calls: list[int] = []

    def double(items):
        calls.append(len(items))
        time.sleep(0.01)  # a forward pass: items arriving meanwhile form the next batch
        return [2 * i for i in items]

    async def main():
        batcher = AdaptiveBatcher(double, "test", max_batch_size=64, max_latency_ms=10_000, policy=policy)
        out = await asyncio.gather(*(batcher.submit(i) for i in range(200)))
        batcher.shutdown()
        return out

    assert _run(main()) == [2 * i for i in range(200)]
    assert sum(calls) == 200 and max(calls) > 1 and max(calls) <= 64


def test_greedy_runs_a_lone_item_at_once():
    def ident(items):
        return list(items)

    async def main():
        batcher = AdaptiveBatcher(ident, "test", max_batch_size=64, max_latency_ms=10_000)
        await batcher.submit(0)  # first call starts the dispatcher
        t0 = time.perf_counter()
        for i in range(20):
            assert await batcher.submit(i) == i
        batcher.shutdown()
        return (time.perf_counter() - t0) / 20

    assert _run(main()) < 0.05  # no waiting for a batch to fill (a loose bound: CI machines vary)


def test_a_failing_batch_fails_its_items_and_the_next_batch_still_runs():
    def flaky(items):
        if -1 in items:
            raise RuntimeError("boom")
        return list(items)

    async def main():
        batcher = AdaptiveBatcher(flaky, "test", max_batch_size=1, max_latency_ms=10_000)
        results = await asyncio.gather(batcher.submit(-1), batcher.submit(5), return_exceptions=True)
        batcher.shutdown()
        return results

    bad, good = _run(main())
    assert isinstance(bad, RuntimeError) and good == 5


def test_items_older_than_the_latency_budget_get_503():
    def slow(items):
        time.sleep(0.2)
        return list(items)

    async def main():
        batcher = AdaptiveBatcher(slow, "test", max_batch_size=1, max_latency_ms=50)
        results = await asyncio.gather(*(batcher.submit(i) for i in range(4)), return_exceptions=True)
        batcher.shutdown()
        return results

    results = _run(main())
    assert results[0] == 0  # the first ran at once
    assert all(isinstance(r, ServiceUnavailable) for r in results[1:])  # the rest waited > 50 ms


def test_ocr_second_look_that_fails_to_prepare_keeps_the_upright_reading():
    """A turned copy that preprocessing cannot handle must not cost the image its answer."""
    import json

    import numpy as np
    from PIL import Image

    from text_recognizer.ctc import Reading
    from text_recognizer.ocr_predictor import PreparedLine
    from text_recognizer.serving.endpoints import OcrEndpoint
    from text_recognizer.serving.uploads import Upload

    class Predictor:
        def prepare(self, img):
            if img.size != (200, 40):  # only the upload as sent can be prepared
                raise ValueError("turned")
            return [PreparedLine(np.zeros((32, 64), np.float32), (0, 0, 200, 40))]

        def recognize(self, arrays):
            return [Reading("hello", 0.3, 0.5) for _ in arrays]  # doubtful: triggers the second look

    async def main():
        batcher = AdaptiveBatcher(Predictor().recognize, "ocr", max_batch_size=8, max_latency_ms=10_000)
        endpoint = OcrEndpoint(Predictor(), "text-lines:test", batcher)
        resp = await endpoint(lambda: [Upload("a.png", image=Image.new("L", (200, 40), 255))], 1, "no images")
        batcher.shutdown()
        return resp

    resp = _run(main())
    assert resp.status_code == 200
    [result] = json.loads(resp.body)
    assert result["text"] == "hello" and result["rotation"] == 0
