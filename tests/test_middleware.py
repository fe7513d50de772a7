"""Request size limit and API-key auth, on a real ASGI app over Starlette's test client."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from text_recognizer.serving.middleware import ApiKeyAuth, RequestLimits


async def echo(request):
    body = await request.body()
    return PlainTextResponse(f"{len(body)}")


def _app(**limits) -> Starlette:
    app = Starlette(routes=[Route("/{path:path}", echo, methods=["GET", "POST", "OPTIONS"])])
    app.add_middleware(RequestLimits, **limits)
    app.add_middleware(ApiKeyAuth, api_key="s3cret")
    return app


@pytest.fixture
def client():
    return TestClient(_app(max_bytes=1000))


def test_api_key_required_for_apis_when_set(client):
    r = client.post("/classify", content=b"x")
    assert r.status_code == 401 and "API key" in r.json()["error"]
    assert client.post("/classify", content=b"x", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.post("/classify", content=b"x", headers={"Authorization": "Bearer s3cret"}).status_code == 200
    assert client.post("/classify", content=b"x", headers={"X-API-Key": "s3cret"}).status_code == 200


@pytest.mark.parametrize("path", ["/livez", "/readyz", "/metrics", "/docs.json", "/"])
def test_probes_metrics_and_docs_stay_open(client, path):
    assert client.get(path).status_code == 200


def test_cors_preflight_is_not_blocked(client):
    assert client.options("/classify").status_code == 200


def test_body_over_limit_gets_413_by_content_length(client):
    r = client.post("/classify", content=b"x" * 1001, headers={"X-API-Key": "s3cret"})
    assert r.status_code == 413 and "larger than 1,000 bytes" in r.json()["error"]
    assert client.post("/classify", content=b"x" * 1000, headers={"X-API-Key": "s3cret"}).text == "1000"


def test_streamed_body_over_limit_gets_413(client):
    def chunks():
        for _ in range(5):
            yield b"y" * 400

    r = client.post("/classify", content=chunks(), headers={"X-API-Key": "s3cret"})
    assert r.status_code == 413


def test_no_key_configured_means_open():
    app = Starlette(routes=[Route("/x", echo, methods=["POST"])])
    app.add_middleware(ApiKeyAuth, api_key="")
    assert TestClient(app).post("/x", content=b"ab").text == "2"
